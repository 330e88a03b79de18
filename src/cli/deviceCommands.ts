/**
 * The `doublezero` CLI's device onboarding commands, with its flags: `device create`, `device
 * update`, `device delete`, `device interface create|update|delete`. Every flag is parsed and
 * the request checked as the SDK checks it before anything is read (a UsageError naming the
 * flag: exit 2, nothing sent); then the action machinery of actions.ts prepares the intent through
 * DzClient, shows it, simulates it, and sends it with --send.
 */
import { findInterfaceIndex } from '../core/instructions/interfaceRules.js';
import type { CommandDef, GlobalOptions, OnboardFlag } from './args.js';
import { runIntent, desiredWritten, type Built } from './actions.js';
import type { CliIo, Target } from './context.js';
import { UsageError } from './errors.js';
import { lookupDevice, type Snapshot } from './ledger.js';
import type { PublicKey } from './publicKey.js';
import {
  AccountConflictError,
  AccountNotFoundError,
  CYOA_DIA_INTERFACE_MTU,
  DeviceDesiredStatusSpec,
  DeviceStatusSpec,
  DeviceTypeSpec,
  INTERFACE_MTU,
  InterfaceCYOA,
  InterfaceCYOASpec,
  InterfaceDIA,
  InterfaceDIASpec,
  InterfaceStatusSpec,
  LoopbackTypeSpec,
  RoutingModeSpec,
  ValidationError,
  checkUpdateDeviceRequest,
  createDeviceArgsOf,
  createDeviceInterfaceArgsOf,
  updateDeviceInterfaceArgsOf,
  validateDeleteDeviceInterfaceArgs,
  type CreateDeviceInterfaceRequest,
  type CreateDeviceRequest,
  type EnumSpec,
  type UpdateDeviceInterfaceRequest,
  type UpdateDeviceRequest,
} from './sdk.js';
import { interfaceNameArg } from './interfaceName.js';
import { parseBandwidth, parseNetwork, parseNetworkList } from './units.js';

/**
 * The enums the `doublezero` CLI's interface flags take as clap ValueEnums (its
 * device/interface/types.rs): besides the program's spellings, dzprov takes clap's, the kebab-case
 * of the variant names (`gre-over-dia`, `pim-rp-addr`), case-sensitive as clap is.
 */
const CLAP_ENUMS: ReadonlySet<EnumSpec> = new Set<EnumSpec>([LoopbackTypeSpec, InterfaceCYOASpec, InterfaceDIASpec, RoutingModeSpec]);

/** clap's ValueEnum spelling of a Rust variant name, the kebab-case heck writes: GREOverDIA → gre-over-dia, PimRpAddr → pim-rp-addr, Vpnv4 → vpnv4. */
export function clapValueName(variant: string): string {
  return variant
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** The flag a request field of the SDK's checks names ("request.publicIp", "dz_prefixes[0]", "ip_net"). */
function flagOf(field: string): string {
  const f = field.replace(/^(request|changes|input\.args|args)\./, '').replace(/\[\d+\]$/, '');
  if (f === 'name') return '<name>';
  if (f === 'metricsPublisher' || f === 'metrics_publisher_pk') return '--metrics-publisher';
  return `--${f.replace(/_/g, '-').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The SDK's refusal of bad input as the CLI's (exit 2), naming the flag. */
function asUsage<T>(command: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ValidationError) throw new UsageError(`${command}: ${flagOf(e.field)}: ${e.rule}`, command);
    throw e;
  }
}

/** Reads the flags of one command. */
class Flags {
  constructor(
    readonly command: string,
    private readonly options: GlobalOptions,
  ) {}
  field(flag: OnboardFlag): string | undefined {
    return this.options.fields[flag];
  }
  required(flag: OnboardFlag | 'code' | 'contributor' | 'location' | 'exchange'): string {
    const v = this.text(flag);
    if (v === undefined) throw new UsageError(`${this.command}: missing --${flag}`, this.command);
    return v;
  }
  text(flag: OnboardFlag | 'code' | 'contributor' | 'location' | 'exchange' | 'device-type' | 'status'): string | undefined {
    const f = this.options.filters;
    switch (flag) {
      case 'code':
        return f.code;
      case 'contributor':
        return f.contributor;
      case 'location':
        return f.location;
      case 'exchange':
        return f.exchange;
      case 'device-type':
        return f.deviceType;
      case 'status':
        return f.status;
      default:
        return this.field(flag);
    }
  }
  enumOf<T extends number>(flag: 'device-type' | 'status' | OnboardFlag, spec: EnumSpec): T | undefined {
    const v = this.text(flag);
    if (v === undefined) return undefined;
    const clap = CLAP_ENUMS.has(spec) ? spec.values.filter((x) => clapValueName(spec.variants[x]!) === v) : [];
    if (clap.length > 0) return clap[0] as T;
    try {
      return spec.parse(v) as T;
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      if (!CLAP_ENUMS.has(spec)) throw new UsageError(`${this.command}: --${flag}: ${e.rule}`, this.command);
      const accepted = [...new Set([...spec.values.map((x) => clapValueName(spec.variants[x]!)), ...spec.values.map((x) => spec.labels[x]!)])];
      throw new UsageError(`${this.command}: --${flag}: "${v}" is not a valid ${spec.name} (expected one of ${accepted.map((a) => `"${a}"`).join(', ')})`, this.command);
    }
  }
  int(flag: OnboardFlag, max: number): number | undefined {
    const v = this.field(flag);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) > max) throw new UsageError(`${this.command}: --${flag} "${v}" is not a whole number in 0..${max}`, this.command);
    return Number(v);
  }
  bandwidth(flag: 'bandwidth' | 'cir'): bigint | undefined {
    const v = this.field(flag);
    return v === undefined ? undefined : parseBandwidth(v, `--${flag}`, this.command);
  }
  bool(flag: OnboardFlag): boolean | undefined {
    const v = this.field(flag);
    if (v === undefined) return undefined;
    if (v !== 'true' && v !== 'false') throw new UsageError(`${this.command}: --${flag} "${v}" is not true or false`, this.command);
    return v === 'true';
  }
  /** --dz-prefixes: networks as the doublezero CLI reads them, each as "a.b.c.d/n". */
  networks(flag: 'dz-prefixes'): string[] | undefined {
    const v = this.field(flag);
    return v === undefined ? undefined : parseNetworkList(v, `--${flag}`, this.command);
  }
  /** --ip-net: a network as the doublezero CLI reads it, as "a.b.c.d/n". */
  network(flag: 'ip-net'): string | undefined {
    const v = this.field(flag);
    return v === undefined ? undefined : parseNetwork(v, `--${flag}`, this.command);
  }
  /** --metrics-publisher: a pubkey, or "me" (the payer): undefined for the payer. */
  metricsPublisher(): { me: true } | { key: string } | undefined {
    const v = this.field('metrics-publisher');
    if (v === undefined) return undefined;
    if (v === 'me') return { me: true };
    if (!/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(v)) throw new UsageError(`${this.command}: --metrics-publisher "${v}" is not a pubkey or "me"`, this.command);
    return { key: v };
  }
}

const SOME_KEY = '11111111111111111111111111111111';

/** device create: the request, checked (the metrics publisher filled in with the payer when building). */
function createRequest(fl: Flags): { request: Omit<CreateDeviceRequest, 'metricsPublisher'>; metrics: ReturnType<Flags['metricsPublisher']> } {
  const request: Omit<CreateDeviceRequest, 'metricsPublisher'> = {
    code: fl.required('code'),
    contributor: fl.required('contributor'),
    location: fl.required('location'),
    exchange: fl.required('exchange'),
    publicIp: fl.required('public-ip'),
    dzPrefixes: parseNetworkList(fl.required('dz-prefixes'), '--dz-prefixes', fl.command),
  };
  const type = fl.enumOf<number>('device-type', DeviceTypeSpec);
  if (type !== undefined) request.deviceType = type;
  const vrf = fl.field('mgmt-vrf');
  if (vrf !== undefined) request.mgmtVrf = vrf;
  const metrics = fl.metricsPublisher();
  asUsage(fl.command, () => createDeviceArgsOf({ ...request, ...(metrics && 'key' in metrics ? { metricsPublisher: metrics.key } : {}) }, SOME_KEY));
  return { request, metrics };
}

/** device update: the changes (or a status change alone); `contributorMe`: --contributor me, the payer's Contributor, found when building. */
function updateRequest(fl: Flags): { target: string; status?: number; changes?: UpdateDeviceRequest; metrics: ReturnType<Flags['metricsPublisher']>; contributorMe: boolean } {
  const target = fl.required('pubkey');
  const changes: UpdateDeviceRequest = {};
  const set = <K extends keyof UpdateDeviceRequest>(k: K, v: UpdateDeviceRequest[K] | undefined) => {
    if (v !== undefined) changes[k] = v;
  };
  set('code', fl.text('code'));
  set('publicIp', fl.field('public-ip'));
  set('dzPrefixes', fl.networks('dz-prefixes'));
  set('mgmtVrf', fl.field('mgmt-vrf'));
  const contributorMe = fl.text('contributor') === 'me';
  if (!contributorMe) set('contributor', fl.text('contributor'));
  set('location', fl.text('location'));
  set('deviceType', fl.enumOf('device-type', DeviceTypeSpec));
  const U16 = 0xffff;
  set('maxUsers', fl.int('max-users', U16));
  set('maxUnicastUsers', fl.int('max-unicast-users', U16));
  set('maxMulticastSubscribers', fl.int('max-multicast-subscribers', U16));
  set('maxMulticastPublishers', fl.int('max-multicast-publishers', U16));
  set('usersCount', fl.int('users-count', U16));
  set('referenceCount', fl.int('reference-count', 0xffffffff));
  set('unicastUsersCount', fl.int('unicast-users-count', U16));
  set('multicastSubscribersCount', fl.int('multicast-subscribers-count', U16));
  set('multicastPublishersCount', fl.int('multicast-publishers-count', U16));
  const metrics = fl.metricsPublisher();
  if (metrics && 'key' in metrics) changes.metricsPublisher = metrics.key;
  const status = fl.enumOf<number>('status', DeviceStatusSpec);
  const fields = Object.keys(changes).length + (metrics ? 1 : 0) + (contributorMe ? 1 : 0);
  if (status !== undefined) {
    if (fields > 0) {
      throw new UsageError(`${fl.command}: give --status alone: dzprov writes a status as a lifecycle-checked change of its own (the fields in another device update)`, fl.command);
    }
    return { target, status, metrics, contributorMe };
  }
  if (fields === 0) throw new UsageError(`${fl.command}: nothing to change: give a field (--code, --public-ip, --dz-prefixes, --mgmt-vrf, --max-users...) or --status`, fl.command);
  // "me" stands for a key known when building: the request is checked with a key in its place.
  asUsage(fl.command, () =>
    checkUpdateDeviceRequest({ ...changes, ...(metrics && 'me' in metrics ? { metricsPublisher: SOME_KEY } : {}), ...(contributorMe ? { contributor: SOME_KEY } : {}) }),
  );
  return { target, changes, metrics, contributorMe };
}

/**
 * --contributor me: the Contributor the payer owns. (The doublezero CLI writes the payer's own
 * key as the device's contributor_pk, which names no Contributor account, so the device could no
 * longer be updated through its contributor: dzprov takes the one Contributor the payer owns.)
 */
function payersContributor(snapshot: Snapshot, payer: PublicKey, command: string): PublicKey {
  const mine = snapshot.contributors.filter((c) => c.account.owner.equals(payer));
  if (mine.length === 1) return mine[0]!.pubkey;
  const owns = mine.length === 0 ? 'owns no Contributor' : `owns ${mine.length} Contributors (${mine.map((c) => c.account.code).join(', ')})`;
  throw new UsageError(`${command}: --contributor me: the payer ${payer.toBase58()} ${owns}: name the contributor by code or address`, command);
}

/**
 * What the `doublezero` CLI does when `device interface update` is given no --mtu: it writes the
 * MTU the interface needs after the update (1500 when it is or becomes CYOA or DIA, else 9000)
 * when the interface holds another. The interface is looked up in `snapshot` as the program looks
 * it up; undefined when nothing is to be filled (or the device or interface is not there: the
 * client then says so).
 */
function interfaceMtuFill(snapshot: Snapshot, device: string, changes: UpdateDeviceInterfaceRequest): number | undefined {
  if (changes.mtu != null) return undefined;
  const d = lookupDevice(snapshot, device);
  const at = d ? findInterfaceIndex(d.account, changes.name) : -1;
  if (!d || at < 0) return undefined;
  const f = d.account.interfaces[at]!;
  const edge = (changes.interfaceCyoa ?? f.interfaceCyoa) !== InterfaceCYOA.None || (changes.interfaceDia ?? f.interfaceDia) !== InterfaceDIA.None;
  const need = edge ? CYOA_DIA_INTERFACE_MTU : INTERFACE_MTU;
  return f.mtu === need ? undefined : need;
}

/** The interface fields common to create and update. */
function interfaceFields(fl: Flags): Omit<CreateDeviceInterfaceRequest, 'name'> {
  const r: Omit<CreateDeviceInterfaceRequest, 'name'> = {};
  const lt = fl.enumOf<number>('loopback-type', LoopbackTypeSpec);
  if (lt !== undefined) r.loopbackType = lt;
  const cyoa = fl.enumOf<number>('interface-cyoa', InterfaceCYOASpec);
  if (cyoa !== undefined) r.interfaceCyoa = cyoa;
  const dia = fl.enumOf<number>('interface-dia', InterfaceDIASpec);
  if (dia !== undefined) r.interfaceDia = dia;
  const ip = fl.network('ip-net');
  if (ip !== undefined) r.ipNet = ip;
  const bw = fl.bandwidth('bandwidth');
  if (bw !== undefined) r.bandwidth = bw;
  const cir = fl.bandwidth('cir');
  if (cir !== undefined) r.cir = cir;
  const mtu = fl.int('mtu', 0xffff);
  if (mtu !== undefined) r.mtu = mtu;
  const rm = fl.enumOf<number>('routing-mode', RoutingModeSpec);
  if (rm !== undefined) r.routingMode = rm;
  const vlan = fl.int('vlan-id', 0xffff);
  if (vlan !== undefined) r.vlanId = vlan;
  const ute = fl.bool('user-tunnel-endpoint');
  if (ute !== undefined) r.userTunnelEndpoint = ute;
  return r;
}

/** The errors of a prepare that are the user's input (a code or IP another device has, a code naming no account): exit 2. */
function inputError(command: string, e: unknown): unknown {
  if (e instanceof AccountConflictError) return new UsageError(`${command}: ${flagOf(e.field)}: ${e.message.replace(/^\w+: /, '')}`, command);
  if (e instanceof AccountNotFoundError) {
    const m = /^(Contributor|Location|Exchange) with code$/.exec(e.expected);
    if (m) return new UsageError(`${command}: --${m[1]!.toLowerCase()}: no ${m[1]} has the code "${e.address}"`, command);
  }
  return e;
}

export async function runDeviceCommand(command: CommandDef, args: string[], options: GlobalOptions, io: CliIo): Promise<number> {
  const name = command.name;
  const fl = new Flags(name, options);
  let build: (payer: PublicKey, client: Target['client'], snapshot: Snapshot) => Promise<Built>;
  // Every flag is parsed and checked first: nothing is read for bad input.
  const precheck = (): void => {
    switch (name) {
      case 'device create': {
        const { request, metrics } = createRequest(fl);
        build = async (payer, client) => {
          const prepared = await client.prepareCreateDevice({ ...request, ...(metrics && 'key' in metrics ? { metricsPublisher: metrics.key } : {}) }, payer);
          return { change: prepared.description, prepared, code: request.code.toLowerCase() };
        };
        return;
      }
      case 'device update': {
        const u = updateRequest(fl);
        build = async (payer, client, snapshot) => {
          if (u.status !== undefined) {
            const prepared = await client.prepareChangeDeviceStatus(u.target, u.status, payer);
            return { change: `status ${DeviceStatusSpec.label((prepared.before as { status: number }).status)} → ${DeviceStatusSpec.label(u.status)}${desiredWritten(prepared, DeviceDesiredStatusSpec)}`, prepared };
          }
          const changes = {
            ...u.changes!,
            ...(u.metrics && 'me' in u.metrics ? { metricsPublisher: payer } : {}),
            ...(u.contributorMe ? { contributor: payersContributor(snapshot, payer, name) } : {}),
          };
          const prepared = await client.prepareUpdateDevice(u.target, changes, payer);
          return { change: prepared.description, prepared };
        };
        return;
      }
      case 'device delete': {
        const target = fl.required('pubkey');
        build = async (payer, client) => {
          const prepared = await client.prepareDeleteDevice(target, payer);
          return { change: prepared.description, prepared };
        };
        return;
      }
      case 'device interface create': {
        const request: CreateDeviceInterfaceRequest = { name: interfaceNameArg(args[1]!), ...interfaceFields(fl) };
        asUsage(name, () => createDeviceInterfaceArgsOf(request));
        build = async (payer, client) => {
          const prepared = await client.prepareCreateDeviceInterface(args[0]!, request, payer);
          return { change: prepared.description, prepared };
        };
        return;
      }
      case 'device interface update': {
        const changes: UpdateDeviceInterfaceRequest = { name: interfaceNameArg(args[1]!), ...interfaceFields(fl) };
        const st = fl.enumOf<number>('status', InterfaceStatusSpec);
        if (st !== undefined) changes.status = st;
        const seg = fl.int('node-segment-idx', 0xffff);
        if (seg !== undefined) changes.nodeSegmentIdx = seg;
        const checked = asUsage(name, () => updateDeviceInterfaceArgsOf(changes));
        build = async (payer, client, snapshot) => {
          // As the doublezero CLI: without --mtu, the MTU the interface will need is written when it holds another.
          const mtu = interfaceMtuFill(snapshot, args[0]!, { ...changes, name: checked.name });
          const prepared = await client.prepareUpdateDeviceInterface(args[0]!, mtu === undefined ? changes : { ...changes, mtu }, payer);
          const why = mtu === CYOA_DIA_INTERFACE_MTU ? 'a CYOA/DIA interface needs it' : 'an interface neither CYOA nor DIA needs it';
          return { change: `${prepared.description}${mtu === undefined ? '' : ` (mtu ${mtu} set without --mtu, as the doublezero CLI does: ${why})`}`, prepared };
        };
        return;
      }
      case 'device interface delete': {
        const iface = interfaceNameArg(args[1]!);
        build = async (payer, client) => {
          const prepared = await client.prepareDeleteDeviceInterface(args[0]!, iface, payer);
          return { change: prepared.description, prepared };
        };
        // The name is checked as the program would match it, before anything is read.
        asUsage(name, () => validateDeleteDeviceInterfaceArgs({ name: iface }));
        return;
      }
      default:
        throw new UsageError(`unknown device command "${name}"`);
    }
  };
  return runIntent(name, options, io, precheck, async (snapshot, payer, target) => {
    try {
      return await build(payer, target.client, snapshot);
    } catch (e) {
      throw inputError(name, e);
    }
  });
}
