import type { GlobalOptions } from './args.js';
import { UsageError } from './errors.js';
import type { PublicKey } from './publicKey.js';
import type { Link, PreparedIntent } from './sdk.js';
import {
  AccountConflictError,
  LinkLinkType,
  LinkStatusSpec,
  ValidationError,
  checkLinkFieldChanges,
  parseLinkDesiredStatus,
  parseLinkStatus,
  validateAcceptLinkArgs,
  validateCreateLinkArgs,
  validateUpdateLinkArgs,
  type CreateLinkRequest,
  type LinkFieldChanges,
} from './sdk.js';
import type { Target } from './context.js';
import { interfaceNameArg } from './interfaceName.js';
import { parseBandwidth, parseMs, parseNetwork } from './units.js';

/**
 * The link writes of the `doublezero` CLI (`link create wan|dzx`, `link update`, `link accept`,
 * `link delete`), with its flags. Every flag is checked before anything is read: a missing or
 * malformed one, or a value the program refuses whatever the chain holds, is a UsageError naming
 * the flag (exit code 2). The intent is then prepared by the client (fresh read, roles, checked
 * builder) and run through the action machinery (dry run with simulation, --send).
 */

export const LINK_WRITE_COMMANDS = ['link create wan', 'link create dzx', 'link update', 'link accept', 'link delete'] as const;

export function isLinkWrite(command: string): boolean {
  return (LINK_WRITE_COMMANDS as readonly string[]).includes(command);
}

/** The flag that carries each field the SDK names in its errors. */
const FLAG_OF: Readonly<Record<string, string>> = {
  code: '--code',
  contributor: '--contributor',
  side_a: '--side-a',
  sideA: '--side-a',
  side_z: '--side-z',
  sideZ: '--side-z',
  side_a_iface_name: '--side-a-interface',
  sideAIfaceName: '--side-a-interface',
  side_z_iface_name: '--side-z-interface',
  sideZIfaceName: '--side-z-interface',
  bandwidth: '--bandwidth',
  mtu: '--mtu',
  delay_ns: '--delay-ms',
  delayNs: '--delay-ms',
  jitter_ns: '--jitter-ms',
  jitterNs: '--jitter-ms',
  delay_override_ns: '--delay-override-ms',
  delayOverrideNs: '--delay-override-ms',
  tunnel_id: '--tunnel-id',
  tunnelId: '--tunnel-id',
  tunnel_net: '--tunnel-net',
  tunnelNet: '--tunnel-net',
  status: '--status',
  desired_status: '--desired-status',
  desiredStatus: '--desired-status',
  interfaces: '--bandwidth',
};

/** The flag of an SDK error's field ("request.sideZ", "changes.delayNs", "side_a_iface_name"), if one carries it. */
function flagOf(field: string): string | undefined {
  return FLAG_OF[field.slice(field.lastIndexOf('.') + 1)];
}

/**
 * A refusal of the input as a UsageError naming its flag (exit code 2): a ValidationError of a
 * field a flag carries (an interface a side device does not have included) and a code already
 * used with other fields. Anything else (a role refusal, an unknown account) is returned as is.
 */
export function linkWriteError(e: unknown, command: string): unknown {
  if (e instanceof AccountConflictError) return new UsageError(`${command}: --${e.message}`, command);
  if (e instanceof ValidationError) {
    const flag = flagOf(e.field);
    if (flag !== undefined) return new UsageError(`${command}: ${flag}: ${e.rule}`, command);
  }
  return e;
}

export interface LinkWrite {
  command: string;
  /** Prepares the intent for `payer`; `change` is the line the output shows. */
  prepare(target: Target, payer: PublicKey): Promise<{ prepared: PreparedIntent<Link | null>; change: string; code?: string }>;
}

function required(value: string | undefined, flag: string, command: string): string {
  if (value === undefined) throw new UsageError(`${command}: ${flag} is required`, command);
  return value;
}

function whole(text: string, flag: string, command: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) > max) throw new UsageError(`${flag} "${text}": not a whole number (0..${max})`, command);
  return Number(text);
}

function enumValue<T>(parse: (s: string) => T, text: string, flag: string, command: string): T {
  try {
    return parse(text);
  } catch (e) {
    if (e instanceof ValidationError) throw new UsageError(`${flag} "${text}": ${e.rule}`, command);
    throw e;
  }
}

/** Runs an offline check of the SDK, its refusal as a UsageError naming the flag. */
function offline(command: string, check: () => void): void {
  try {
    check();
  } catch (e) {
    throw linkWriteError(e, command);
  }
}

/** The text after "<intent> link <code> (<address>): " of a prepared intent's description. */
function changeOf(prepared: PreparedIntent<Link | null>): string {
  const d = prepared.description;
  const i = d.indexOf('): ');
  return i < 0 ? d : d.slice(i + 3);
}

/** Parses and checks a link write's flags (nothing read yet). */
export function parseLinkWrite(command: string, options: GlobalOptions): LinkWrite {
  const f = options.filters;
  const w = options.writes;
  const req = (v: string | undefined, flag: string) => required(v, flag, command);
  const run = async <T extends Link | null>(make: () => Promise<PreparedIntent<T>>, code?: string) => {
    try {
      const prepared = (await make()) as PreparedIntent<Link | null>;
      return { prepared, change: changeOf(prepared), ...(code !== undefined ? { code } : {}) };
    } catch (e) {
      throw linkWriteError(e, command);
    }
  };
  switch (command) {
    case 'link create wan':
    case 'link create dzx': {
      const dzx = command === 'link create dzx';
      const request: CreateLinkRequest = {
        code: req(f.code, '--code'),
        linkType: dzx ? LinkLinkType.DZX : LinkLinkType.WAN,
        contributor: req(f.contributor, '--contributor'),
        sideA: req(f.sideA, '--side-a'),
        sideAIfaceName: interfaceNameArg(req(w['side-a-interface'], '--side-a-interface')),
        sideZ: req(f.sideZ, '--side-z'),
        sideZIfaceName: dzx ? null : interfaceNameArg(req(w['side-z-interface'], '--side-z-interface')),
        bandwidth: parseBandwidth(req(w.bandwidth, '--bandwidth'), '--bandwidth', command),
        mtu: w.mtu === undefined ? 9000 : whole(w.mtu, '--mtu', command, 0xffffffff),
        delayNs: parseMs(req(w['delay-ms'], '--delay-ms'), '--delay-ms', command),
        jitterNs: parseMs(req(w['jitter-ms'], '--jitter-ms'), '--jitter-ms', command),
        ...(f.desiredStatus !== undefined ? { desiredStatus: enumValue(parseLinkDesiredStatus, f.desiredStatus, '--desired-status', command) } : {}),
      };
      if (request.sideA === request.sideZ) throw new UsageError(`${command}: --side-z: must be another device than --side-a`, command);
      offline(command, () =>
        validateCreateLinkArgs({
          code: request.code,
          linkType: request.linkType,
          bandwidth: request.bandwidth,
          mtu: request.mtu!,
          delayNs: request.delayNs,
          jitterNs: request.jitterNs,
          sideAIfaceName: request.sideAIfaceName,
          sideZIfaceName: request.sideZIfaceName ?? null,
        }),
      );
      return { command, prepare: (target, payer) => run(() => target.client.prepareCreateLink(request, payer), request.code.toLowerCase()) };
    }
    case 'link update': {
      const link = req(w.pubkey, '--pubkey');
      const changes: LinkFieldChanges = {};
      if (f.code !== undefined) changes.code = f.code;
      if (w.bandwidth !== undefined) changes.bandwidth = parseBandwidth(w.bandwidth, '--bandwidth', command);
      if (w.mtu !== undefined) changes.mtu = whole(w.mtu, '--mtu', command, 0xffffffff);
      if (w['delay-ms'] !== undefined) changes.delayNs = parseMs(w['delay-ms'], '--delay-ms', command);
      if (w['jitter-ms'] !== undefined) changes.jitterNs = parseMs(w['jitter-ms'], '--jitter-ms', command);
      if (w['delay-override-ms'] !== undefined) changes.delayOverrideNs = parseMs(w['delay-override-ms'], '--delay-override-ms', command);
      if (f.status !== undefined) changes.status = enumValue(parseLinkStatus, f.status, '--status', command);
      if (f.desiredStatus !== undefined) changes.desiredStatus = enumValue(parseLinkDesiredStatus, f.desiredStatus, '--desired-status', command);
      if (w['tunnel-id'] !== undefined) changes.tunnelId = whole(w['tunnel-id'], '--tunnel-id', command, 0xffff);
      if (w['tunnel-net'] !== undefined) changes.tunnelNet = parseNetwork(w['tunnel-net'], '--tunnel-net', command);
      if (Object.keys(changes).length === 0) {
        throw new UsageError(`${command}: nothing to change: give --code, --bandwidth, --mtu, --delay-ms, --jitter-ms, --delay-override-ms, --status, --desired-status, --tunnel-id or --tunnel-net`, command);
      }
      offline(command, () => {
        checkLinkFieldChanges(changes);
        validateUpdateLinkArgs(changes);
      });
      return { command, prepare: (target, payer) => run(() => target.client.prepareUpdateLink(link, changes, payer)) };
    }
    case 'link accept': {
      const link = req(f.code, '--code');
      const iface = interfaceNameArg(req(w['side-z-interface'], '--side-z-interface'));
      offline(command, () => validateAcceptLinkArgs({ sideZIfaceName: iface }));
      return {
        command,
        prepare: async (target, payer) => {
          const r = await run(() => target.client.prepareAcceptLink(link, iface, payer));
          const before = r.prepared.before;
          return { ...r, change: `status ${before ? LinkStatusSpec.label(before.status) : '?'} → activated (AcceptLink on side Z interface ${iface})` };
        },
      };
    }
    case 'link delete': {
      const link = req(w.pubkey, '--pubkey');
      return { command, prepare: (target, payer) => run(() => target.client.prepareDeleteLink(link, payer)) };
    }
  }
  throw new UsageError(`unknown link command "${command}"`, command);
}
