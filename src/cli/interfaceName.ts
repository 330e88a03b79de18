import { tryNormalizeInterfaceName } from './sdk.js';

/**
 * An interface name as the `doublezero` CLI takes it, wherever a command names one (`device
 * interface create|update|delete|get <device> <name>`, `--side-a-interface`,
 * `--side-z-interface`, `accept-link`): its value parser expands the shorthands (`et6`,
 * `lo255`, `po1`, `vl1`, `sw1/1/1`) and sets the case (`ethernet6`, `PORT-CHANNEL1`) before the
 * name is sent, so dzprov does too, with the program's own rule (`tryNormalizeInterfaceName`):
 * `et6` is `Ethernet6`, the name the program stores.
 *
 * A name outside today's grammar is kept as typed: the SDK refuses it where no interface can
 * have it (CreateLink, AcceptLink, CreateDeviceInterface: exit 2), and keeps it where an older
 * program may have stored it (`Management1`: update, delete and get still reach it).
 *
 * The SDK itself does not expand (its builders and intents take the name the program compares,
 * and refuse one that can never match, naming the canonical spelling): this is the CLI's part,
 * as it is upstream's.
 */
export function interfaceNameArg(name: string): string {
  return tryNormalizeInterfaceName(name) ?? name;
}
