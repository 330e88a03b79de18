/**
 * dzprov's own model of what the serviceability program does with the instructions dzprov
 * builds, for the sample node: each instruction is decoded with the core's instruction decoders,
 * its accounts read with the core's decoders, and the program's checks run in the program's order
 * (signer and owner assertions, authorization, the lifecycle rules the program enforces, the
 * write-time validation of every account it writes), ending in the program's custom error codes.
 *
 * What is modelled (docs/sample-node.md has the table, and the conformance suite,
 * test/conformance/sampleNode.test.ts, holds the model to the program's own execution):
 * UpdateDevice and UpdateLink without resource or topology changes, SetDeviceHealth,
 * SetLinkHealth, and DeleteDevice in both forms. Everything else — creating devices, links and
 * interfaces, AcceptLink and DeleteLink (they allocate and free tunnel ids and addresses in the
 * resource accounts), code changes, and any program but the serviceability program and the
 * compute-budget program — is refused as `unmodelled`, never applied in part.
 *
 * Pure: it reads accounts through a view and returns the accounts it would write.
 */
import {
  AccountType,
  DeviceStatus,
  LinkStatus,
  PermissionStatus,
  DeviceDesiredStatusSpec,
  DeviceHealthSpec,
  DeviceStatusSpec,
  DeviceTypeSpec,
  InterfaceCYOASpec,
  InterfaceDIASpec,
  InterfaceStatusSpec,
  InterfaceTypeSpec,
  LinkDesiredStatusSpec,
  LinkHealthSpec,
  LinkLinkTypeSpec,
  LinkStatusSpec,
  LoopbackTypeSpec,
  RoutingModeSpec,
  type EnumSpec,
} from '../../core/enums.js';
import { TEXT_KEYS, keyBytes } from '../../core/keys.js';
import { getPermissionPda } from '../../core/pda.js';
import { programErrorInfoByName } from '../../core/programErrors.js';
import { decodeInstruction, type DecodedInstruction } from '../../core/instructions/decode.js';
import { COMPUTE_BUDGET_PROGRAM_ADDRESS } from '../../core/instructions/computeBudget.js';
import { SYSTEM_PROGRAM_ADDRESS } from '../../core/instructions/common.js';
import { deviceWriteProblem, linkWriteProblem } from '../../core/instructions/accountRules.js';
import { decodeContributor, encodeContributor, type Contributor } from '../../core/state/contributor.js';
import { decodeDevice, encodeDevice, type Device } from '../../core/state/device.js';
import { decodeExchange, encodeExchange, type Exchange } from '../../core/state/exchange.js';
import { decodeGlobalState, FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS, isFeatureEnabled, type GlobalState } from '../../core/state/globalState.js';
import { decodeLink, encodeLink, withUnicastDrained, type Link } from '../../core/state/link.js';
import { decodeLocation, encodeLocation, type Location } from '../../core/state/location.js';
import { decodePermission, PERMISSION_FLAG_HEALTH_ORACLE, PERMISSION_FLAG_NETWORK_ADMIN } from '../../core/state/permission.js';
import { instructionsOf, type ParsedTransaction } from './wire.js';

/** An account as the model reads and writes it (addresses in base58). */
export interface ModelAccount {
  owner: string;
  lamports: bigint;
  data: Uint8Array;
  executable: boolean;
}

/** How an instruction failed: a program error code, a runtime error, or a request the model does not model. */
export type ModelError =
  | {
      /** A DoubleZeroError raised by the program: Custom(code). */
      kind: 'custom';
      /** The custom error code. */
      code: number;
      /** The program's variant name. */
      name: string;
    }
  | {
      /** A built-in program error (InvalidArgument, MissingRequiredSignature, ...). */
      kind: 'builtin';
      /** The built-in error's name. */
      name: string;
    }
  | {
      /** Something the model does not model: the node refuses it. */
      kind: 'unmodelled';
      /** What, in words. */
      reason: string;
    };

export interface ModelResult {
  /** null: every instruction succeeded. */
  failure: { index: number; error: ModelError } | null;
  /** The accounts the transaction changed (null: closed). Empty when it failed. */
  writes: Map<string, ModelAccount | null>;
  logs: string[];
}

/** Rent-exempt minimum of an account of `len` bytes at the default rent. */
export function rentExemptMinimum(len: number): bigint {
  return BigInt(128 + len) * 3480n * 2n;
}

class Failure extends Error {
  constructor(
    readonly error: ModelError,
    /** A line the program would have logged (a panic's message). */
    readonly log?: string,
  ) {
    super(error.kind === 'unmodelled' ? error.reason : error.name);
  }
}

function programError(name: string): never {
  const info = programErrorInfoByName(name);
  if (!info) throw new Error(`no program error named ${name}`);
  throw new Failure({ kind: 'custom', code: info.code, name });
}

/** An `assert!` of the program: a panic, which the runtime reports as ProgramFailedToComplete. */
function panic(what: string): never {
  throw new Failure({ kind: 'builtin', name: 'ProgramFailedToComplete' }, `panicked at '${what}'`);
}

function builtin(name: string): never {
  throw new Failure({ kind: 'builtin', name });
}

function unmodelled(reason: string): never {
  throw new Failure({ kind: 'unmodelled', reason });
}

const EMPTY: ModelAccount = Object.freeze({ owner: SYSTEM_PROGRAM_ADDRESS, lamports: 0n, data: new Uint8Array(0), executable: false });

/** The program's reading of an enum byte it does not declare: the enum's default. */
function declared<E extends number>(spec: EnumSpec<E>, v: number): E {
  return spec.isKnown(v) ? v : spec.defaultValue;
}

/** One instruction's view of the accounts, its writes (kept until the transaction ends) and flags. */
class Frame {
  readonly touched = new Set<string>();
  constructor(
    readonly programId: string,
    private readonly state: Map<string, ModelAccount | null>,
    private readonly base: (k: string) => ModelAccount | undefined,
    private readonly metas: Map<string, { isSigner: boolean; isWritable: boolean }>,
  ) {}

  account(k: string): ModelAccount {
    if (this.state.has(k)) return this.state.get(k) ?? EMPTY;
    return this.base(k) ?? EMPTY;
  }
  owner(k: string): string {
    return this.account(k).owner;
  }
  signer(k: string): boolean {
    return this.metas.get(k)?.isSigner ?? false;
  }
  writable(k: string): boolean {
    return this.metas.get(k)?.isWritable ?? false;
  }
  isEmpty(k: string): boolean {
    return this.account(k).data.length === 0;
  }
  put(k: string, acc: ModelAccount | null): void {
    this.state.set(k, acc);
    this.touched.add(k);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading accounts as the program does

function read<T>(f: Frame, k: string, what: string, decode: (data: Uint8Array) => T): T {
  try {
    return decode(f.account(k).data);
  } catch (e) {
    return unmodelled(`the ${what} account ${k} does not decode with dzprov's decoder (${(e as Error).message}); the program would read defaults`);
  }
}

function readGlobalState(f: Frame, k: string): GlobalState<string> {
  // `assert_eq!(globalstate.account_type, AccountType::GlobalState)` after a reading that never fails.
  if (f.account(k).data[0] !== AccountType.GlobalState) panic('the GlobalState account is not a GlobalState');
  return read(f, k, 'GlobalState', (b) => decodeGlobalState(TEXT_KEYS, b));
}

function readContributor(f: Frame, k: string): Contributor<string> {
  return read(f, k, 'Contributor', (b) => decodeContributor(TEXT_KEYS, b));
}

/** A Device as the program reads it: undeclared status, health, desired status or type bytes become their defaults. */
function readDevice(f: Frame, k: string): Device<string> {
  const d = read(f, k, 'Device', (b) => decodeDevice(TEXT_KEYS, b));
  d.interfaces.forEach((i, n) => {
    const specs: [EnumSpec, number][] = [
      [InterfaceStatusSpec, i.status],
      [InterfaceTypeSpec, i.interfaceType],
      [InterfaceCYOASpec, i.interfaceCyoa],
      [InterfaceDIASpec, i.interfaceDia],
      [LoopbackTypeSpec, i.loopbackType],
      [RoutingModeSpec, i.routingMode],
    ];
    const bad = specs.find(([s, v]) => !s.isKnown(v));
    if (bad) unmodelled(`interface ${n} of device ${k} holds an undeclared ${bad[0].name} ${bad[1]}`);
  });
  return {
    ...d,
    deviceType: declared(DeviceTypeSpec, d.deviceType),
    status: declared(DeviceStatusSpec, d.status),
    deviceHealth: declared(DeviceHealthSpec, d.deviceHealth),
    desiredStatus: declared(DeviceDesiredStatusSpec, d.desiredStatus),
  };
}

function readLink(f: Frame, k: string): Link<string> {
  const l = read(f, k, 'Link', (b) => decodeLink(TEXT_KEYS, b));
  return {
    ...l,
    linkType: declared(LinkLinkTypeSpec, l.linkType),
    status: declared(LinkStatusSpec, l.status),
    linkHealth: declared(LinkHealthSpec, l.linkHealth),
    desiredStatus: declared(LinkDesiredStatusSpec, l.desiredStatus),
  };
}

// ---------------------------------------------------------------------------------------------
// Writing accounts as the program does (try_acc_write: validate, resize, serialize)

function store(f: Frame, k: string, data: Uint8Array): void {
  const before = f.account(k);
  let lamports = before.lamports;
  // Growing: the payer tops the account up to the rent-exempt minimum (the sample node does not
  // charge the payer; the conformance suite compares program accounts only).
  if (data.length > before.data.length) {
    const need = rentExemptMinimum(data.length);
    if (need > lamports) lamports = need;
  }
  f.put(k, { owner: before.owner, lamports, data, executable: before.executable });
}

function writeDevice(f: Frame, k: string, d: Device<string>): void {
  const problem = deviceWriteProblem(d);
  if (problem) programError(problem.programError.name);
  store(f, k, encodeDevice(d));
}

function writeLink(f: Frame, k: string, l: Link<string>): void {
  if (l.status !== LinkStatus.Deleting) {
    const problem = linkWriteProblem(l);
    if (problem) programError(problem.programError.name);
  }
  store(f, k, encodeLink(l));
}

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

function writeContributor(f: Frame, k: string, c: Contributor<string>): void {
  if (utf8Length(c.code) > 32) programError('CodeTooLong');
  store(f, k, encodeContributor(c));
}

function checkPlace(p: { code: string; name: string; lat: number; lng: number }): void {
  if (utf8Length(p.code) > 32) programError('CodeTooLong');
  if (utf8Length(p.name) > 64) programError('NameTooLong');
}

function checkCoordinates(p: { lat: number; lng: number }): void {
  if (p.lat < -90 || p.lat > 90) programError('InvalidLatitude');
  if (p.lng < -180 || p.lng > 180) programError('InvalidLongitude');
}

function writeLocation(f: Frame, k: string, l: Location<string>): void {
  checkPlace(l);
  if (utf8Length(l.country) !== 2) programError('InvalidCountryCode');
  checkCoordinates(l);
  store(f, k, encodeLocation(l));
}

function writeExchange(f: Frame, k: string, x: Exchange<string>): void {
  checkPlace(x);
  checkCoordinates(x);
  if (x.bgpCommunity !== 0 && (x.bgpCommunity < 10000 || x.bgpCommunity > 10999)) programError('InvalidBgpCommunity');
  if (x.device1Pk !== TEXT_KEYS.zero && x.device1Pk === x.device2Pk) programError('InvalidDevicePubkey');
  store(f, k, encodeExchange(x));
}

/** try_acc_close: the lamports go to `receiver`, the account is emptied and given back to the system program. */
function close(f: Frame, k: string, receiver: string): void {
  const acc = f.account(k);
  const to = f.account(receiver);
  f.put(receiver, { ...to, lamports: to.lamports + acc.lamports });
  f.put(k, null);
}

// ---------------------------------------------------------------------------------------------
// Authorization (the program's authorize(): a Permission account, else the legacy allowlists)

function legacyGrants(payer: string, gs: GlobalState<string>, flags: bigint): boolean {
  if ((flags & PERMISSION_FLAG_NETWORK_ADMIN) !== 0n && gs.foundationAllowlist.includes(payer)) return true;
  if ((flags & PERMISSION_FLAG_HEALTH_ORACLE) !== 0n && gs.healthOraclePk === payer) return true;
  return false;
}

/** authorize(): throws the program's error when `payer` holds none of `flags`. */
function authorize(f: Frame, permission: string | undefined, payer: string, gs: GlobalState<string>, flags: bigint): void {
  const strict = isFeatureEnabled(gs, FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS);
  if (permission !== undefined) {
    if (permission !== TEXT_KEYS.from(getPermissionPda(f.programId, payer)[0])) builtin('InvalidArgument');
    if (f.owner(permission) !== f.programId) builtin('InvalidAccountData');
    let granted = false;
    if (!f.isEmpty(permission)) {
      try {
        const p = decodePermission(TEXT_KEYS, f.account(permission).data);
        granted = p.status === PermissionStatus.Activated && (p.permissions & flags) !== 0n;
      } catch {
        granted = false;
      }
    }
    if (granted) return;
    if (!strict && legacyGrants(payer, gs, flags)) return;
    programError('NotAllowed');
  }
  if (strict || !legacyGrants(payer, gs, flags)) programError('NotAllowed');
}

function authorized(f: Frame, permission: string | undefined, payer: string, gs: GlobalState<string>, flags: bigint): boolean {
  try {
    authorize(f, permission, payer, gs, flags);
    return true;
  } catch (e) {
    if (e instanceof Failure && e.error.kind !== 'unmodelled') return false;
    throw e;
  }
}

/** validate_program_account!: owned by the program, not empty, writable when asked. */
function programAccount(f: Frame, k: string, label: string, writable: boolean): void {
  if (f.owner(k) !== f.programId) panic(`Invalid ${label} Account Owner`);
  if (f.isEmpty(k)) panic(`${label} Account is empty`);
  if (writable && !f.writable(k)) panic(`${label} Account is not writable`);
}

function payerSigns(f: Frame, payer: string): void {
  if (!f.signer(payer)) panic('Payer must be a signer');
}

function systemProgram(k: string): void {
  if (k !== SYSTEM_PROGRAM_ADDRESS) panic('Invalid System Program Account Owner');
}

// ---------------------------------------------------------------------------------------------
// The instructions

type Decoded<N extends DecodedInstruction['name']> = Extract<DecodedInstruction<string>, { name: N }>;

function onlyArgs(args: object, allowed: readonly string[], name: string): void {
  const extra = Object.entries(args).filter(([k, v]) => !allowed.includes(k) && v !== null && v !== false && !(typeof v === 'bigint' && v === 0n));
  if (extra.length > 0) unmodelled(`${name} with ${extra.map(([k]) => k).join(', ')} is not modelled by the sample node`);
}

function updateDevice(f: Frame, d: Decoded<'UpdateDevice'>): void {
  const a = d.accounts;
  onlyArgs(d.args, ['status', 'desiredStatus'], 'UpdateDevice');
  // The builders pass the device's location twice (old = new): a change only when they differ.
  if (a.newLocation !== undefined && a.newLocation !== a.currentLocation) unmodelled('UpdateDevice with a location change is not modelled by the sample node');
  payerSigns(f, a.payer);
  if (f.owner(a.device) !== f.programId) panic('Invalid PDA Account Owner');
  if (f.owner(a.contributor) !== f.programId) panic('Invalid Contributor Account Owner');
  if (f.owner(a.globalState) !== f.programId) panic('Invalid GlobalState Account Owner');
  if (!f.writable(a.device)) panic('PDA Account is not writable');
  const gs = readGlobalState(f, a.globalState);
  const contributor = readContributor(f, a.contributor);
  const privileged = authorized(f, a.permission, a.payer, gs, PERMISSION_FLAG_NETWORK_ADMIN);
  if (contributor.owner !== a.payer && !privileged) programError('NotAllowed');
  const device = readDevice(f, a.device);
  if (!privileged && device.contributorPk !== a.contributor) programError('InvalidContributorPubkey');
  const { status, desiredStatus } = d.args;
  if (status !== null) {
    const toggle =
      (device.status === DeviceStatus.Activated && status === DeviceStatus.Drained) ||
      (device.status === DeviceStatus.Drained && status === DeviceStatus.Activated);
    if (!privileged && !toggle) programError('NotAllowed');
    device.status = status;
  }
  if (desiredStatus !== null) device.desiredStatus = desiredStatus;
  writeDevice(f, a.device, device);
}

function setDeviceHealth(f: Frame, d: Decoded<'SetDeviceHealth'>): void {
  const a = d.accounts;
  payerSigns(f, a.payer);
  if (f.owner(a.device) !== f.programId) panic('Invalid PDA Account Owner');
  if (f.owner(a.globalState) !== f.programId) panic('Invalid GlobalState Account Owner');
  systemProgram(a.systemProgram);
  if (!f.writable(a.device)) panic('PDA Account is not writable');
  const gs = readGlobalState(f, a.globalState);
  authorize(f, a.permission, a.payer, gs, PERMISSION_FLAG_HEALTH_ORACLE | PERMISSION_FLAG_NETWORK_ADMIN);
  const device = readDevice(f, a.device);
  device.deviceHealth = d.args.health;
  writeDevice(f, a.device, device);
}

function deleteDevice(f: Frame, d: Decoded<'DeleteDevice'>): void {
  const a = d.accounts;
  payerSigns(f, a.payer);
  programAccount(f, a.device, 'Device', true);
  programAccount(f, a.contributor, 'Contributor', true);
  programAccount(f, a.globalState, 'GlobalState', false);
  systemProgram(a.systemProgram);
  const gs = readGlobalState(f, a.globalState);
  const contributor = readContributor(f, a.contributor);
  if (contributor.owner !== a.payer && !authorized(f, a.permission, a.payer, gs, PERMISSION_FLAG_NETWORK_ADMIN)) programError('NotAllowed');
  const device = readDevice(f, a.device);
  if (device.status === DeviceStatus.Activated || device.status === DeviceStatus.Deleting) programError('InvalidStatus');
  if (device.referenceCount > 0) programError('ReferenceCountNotZero');
  if (device.interfaces.length > 0) programError('DeviceHasInterfaces');
  if (d.form === 'legacy') {
    device.status = DeviceStatus.Deleting;
    writeDevice(f, a.device, device);
    return;
  }
  const location = a.location!;
  const exchange = a.exchange!;
  if (f.owner(location) !== f.programId) panic('Invalid Location Account Owner');
  if (f.owner(exchange) !== f.programId) panic('Invalid Exchange Account Owner');
  if (device.locationPk !== location) programError('InvalidLocationPubkey');
  if (device.exchangePk !== exchange) programError('InvalidExchangePubkey');
  if (device.contributorPk !== a.contributor) programError('InvalidContributorPubkey');
  if (device.owner !== a.deviceOwner) programError('InvalidOwnerPubkey');
  for (const r of a.resources) {
    if (f.owner(r) !== f.programId) panic('Invalid Resource Account Owner');
    if (!f.writable(r)) panic('Resource Account is not writable');
  }
  const loc = read(f, location, 'Location', (b) => decodeLocation(TEXT_KEYS, b));
  const x = read(f, exchange, 'Exchange', (b) => decodeExchange(TEXT_KEYS, b));
  contributor.referenceCount = Math.max(0, contributor.referenceCount - 1);
  loc.referenceCount = Math.max(0, loc.referenceCount - 1);
  x.referenceCount = Math.max(0, x.referenceCount - 1);
  writeContributor(f, a.contributor, { ...contributor });
  writeLocation(f, location, { ...loc });
  writeExchange(f, exchange, { ...x });
  close(f, a.device, a.deviceOwner!);
  a.resources.forEach((r, i) => close(f, r, a.resourceOwners[i]!));
}

const LINK_MTU = 9000;

function updateLink(f: Frame, d: Decoded<'UpdateLink'>): void {
  const a = d.accounts;
  const args = d.args;
  onlyArgs(args, ['status', 'desiredStatus', 'delayOverrideNs', 'bandwidth', 'mtu', 'delayNs', 'jitterNs', 'tunnelType', 'contributorPk', 'unicastDrained'], 'UpdateLink');
  payerSigns(f, a.payer);
  programAccount(f, a.link, 'Link', true);
  programAccount(f, a.globalState, 'GlobalState', false);
  const gs = read(f, a.globalState, 'GlobalState', (b) => decodeGlobalState(TEXT_KEYS, b));
  const contributor = readContributor(f, a.contributor);
  const privileged = authorized(f, a.permission, a.payer, gs, PERMISSION_FLAG_NETWORK_ADMIN);
  if (contributor.owner !== a.payer && !privileged) programError('NotAllowed');
  const sideZKey = a.preambleSideZ;
  if (sideZKey !== undefined && f.owner(sideZKey) !== f.programId) programError('InvalidAccountOwner');
  const sideZ = sideZKey !== undefined ? readDevice(f, sideZKey) : undefined;
  const link = readLink(f, a.link);
  if (sideZ === undefined) {
    if (link.contributorPk !== a.contributor) programError('NotAllowed');
  } else {
    if (link.sideZPk !== sideZKey) programError('InvalidAccountOwner');
    if (sideZ.contributorPk !== a.contributor) programError('NotAllowed');
  }
  if (link.contributorPk === a.contributor) {
    if (args.tunnelType !== null) link.linkType = args.tunnelType;
    if (args.bandwidth !== null) link.bandwidth = args.bandwidth;
    if (args.mtu !== null) {
      if (args.mtu !== LINK_MTU) programError('InvalidMtu');
      link.mtu = args.mtu;
    }
    if (args.delayNs !== null) link.delayNs = args.delayNs;
    if (args.jitterNs !== null) link.jitterNs = args.jitterNs;
  }
  if (args.delayOverrideNs !== null) link.delayOverrideNs = args.delayOverrideNs;
  if (args.desiredStatus !== null) link.desiredStatus = args.desiredStatus;
  if (args.status !== null) link.status = args.status;
  if (args.unicastDrained !== null) {
    if (link.contributorPk !== a.contributor && !privileged) programError('NotAllowed');
    link.linkFlags = withUnicastDrained(link.linkFlags, args.unicastDrained);
  }
  writeLink(f, a.link, link);
}

function setLinkHealth(f: Frame, d: Decoded<'SetLinkHealth'>): void {
  const a = d.accounts;
  payerSigns(f, a.payer);
  programAccount(f, a.link, 'Link', true);
  programAccount(f, a.globalState, 'GlobalState', false);
  systemProgram(a.systemProgram);
  const gs = read(f, a.globalState, 'GlobalState', (b) => decodeGlobalState(TEXT_KEYS, b));
  authorize(f, a.permission, a.payer, gs, PERMISSION_FLAG_HEALTH_ORACLE | PERMISSION_FLAG_NETWORK_ADMIN);
  const link = readLink(f, a.link);
  link.linkHealth = d.args.health;
  writeLink(f, a.link, link);
}

function runInstruction(f: Frame, d: DecodedInstruction<string>): void {
  switch (d.name) {
    case 'UpdateDevice':
      return updateDevice(f, d);
    case 'SetDeviceHealth':
      return setDeviceHealth(f, d);
    case 'DeleteDevice':
      return deleteDevice(f, d);
    case 'UpdateLink':
      return updateLink(f, d);
    case 'SetLinkHealth':
      return setLinkHealth(f, d);
    default:
      return unmodelled(`${d.name} is not modelled by the sample node (it needs the program's resource accounts); run it against the oracle node or a ledger`);
  }
}

/**
 * Runs a (signature-checked) transaction against `read` (the accounts before it). Instructions
 * run in order; the first failure fails the whole transaction, and nothing it wrote is kept.
 */
export function runTransaction(tx: ParsedTransaction, read: (pubkey: string) => ModelAccount | undefined, programId: string): ModelResult {
  const state = new Map<string, ModelAccount | null>();
  const logs: string[] = [];
  const ixs = instructionsOf(tx);
  for (const [index, ix] of ixs.entries()) {
    const metas = new Map(ix.keys.map((k) => [k.pubkey, { isSigner: k.isSigner, isWritable: k.isWritable }]));
    logs.push(`Program ${ix.programId} invoke [1]`);
    try {
      if (ix.programId === COMPUTE_BUDGET_PROGRAM_ADDRESS) {
        logs.push(`Program ${ix.programId} success`);
        continue;
      }
      if (ix.programId !== programId) unmodelled(`program ${ix.programId} is not modelled by the sample node`);
      let decoded: DecodedInstruction<string>;
      try {
        decoded = decodeInstruction(TEXT_KEYS, ix, { programId });
      } catch (e) {
        unmodelled(`the instruction does not decode with dzprov's decoder (${(e as Error).message})`);
      }
      logs.push(`Program log: Instruction: ${decoded.name}`);
      const frame = new Frame(programId, state, read, metas);
      runInstruction(frame, decoded);
      // The runtime: an instruction may change only accounts the message makes writable.
      for (const k of frame.touched) {
        if (!metas.get(k)?.isWritable) {
          const before = read(k);
          const after = state.get(k);
          builtin(after && before && after.lamports !== before.lamports && after.data === before.data ? 'ReadonlyLamportChange' : 'ReadonlyDataModified');
        }
      }
      logs.push(`Program ${ix.programId} success`);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      if (e.log) logs.push(`Program log: ${e.log}`);
      const err = e.error;
      logs.push(
        err.kind === 'custom'
          ? `Program ${ix.programId} failed: custom program error: 0x${err.code.toString(16)}`
          : err.kind === 'builtin'
            ? `Program ${ix.programId} failed: ${err.name}`
            : `Program log: dzprov sample node: ${err.reason}`,
      );
      if (err.kind === 'unmodelled') logs.push(`Program ${ix.programId} failed: invalid instruction data`);
      return { failure: { index, error: err }, writes: new Map(), logs };
    }
  }
  return { failure: null, writes: state, logs };
}

/** The key bytes of an address (for signature checks). */
export function addressBytes(text: string): Uint8Array {
  return keyBytes(text);
}
