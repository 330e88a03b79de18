import { isZeroKey, keyEquals, keyText, type KeyInput, type KeyKind } from '../keys.js';
import {
  deviceStatusLabel,
  DeviceDesiredStatus,
  DeviceDesiredStatusSpec,
  DeviceStatus,
  DeviceStatusSpec,
  DeviceType,
  DeviceTypeSpec,
} from '../enums.js';
import { getDzPrefixBlockPda, getTunnelIdsPda } from '../pda.js';
import { IllegalTransitionError, ValidationError } from '../errors.js';
import type { Device } from '../state/device.js';
import { deviceUndeclaredValues, deviceWriteProblem } from './accountRules.js';
import {
  ArgsReader,
  beginData,
  checkKey,
  decodeInstructionAs,
  finishInstruction,
  globalConfigPda,
  globalStatePda,
  readEnum,
  small,
  writable,
  writeEnum,
  type BaseBuilderInput,
  type DecodedInstructionBase,
  type DecodeInstructionOptions,
  type TailAccounts,
  checkBuilderInput,
  type CoreInstruction,
} from './common.js';
import { expectDevice, expectObject, expectOptionalKey } from '../validate.js';
import { EXPECTED_PROGRAM_ERRORS } from './errors.js';
import { DoubleZeroInstructionTag } from './tags.js';
import {
  checkCode,
  checkIpv4Syntax,
  checkNetworkSyntax,
  fail,
  isGlobalIpv4,
  MAX_CODE_BYTES,
  networkAddress,
} from './validation.js';

const TYPE = 'UpdateDevice args';

/**
 * DeviceUpdateArgs (docs/wire-format.md#updatedevice). Every field except `resourceCount` is optional:
 * absent / null means "leave unchanged". Privileged-only fields (`contributorPk`,
 * `usersCount`, `referenceCount`, `unicastUsersCount`, `multicastSubscribersCount`,
 * `multicastPublishersCount`) are silently dropped by the program for a non-privileged caller.
 */
export interface UpdateDeviceArgs {
  /** The new code; unchanged when absent. */
  code?: string | null;
  /** The device's role in the network; unchanged when absent. */
  deviceType?: DeviceType | null;
  /** The Contributor account that operates it; unchanged when absent. */
  contributorPk?: KeyInput | null;
  /** The device's public IPv4 address, as "a.b.c.d"; unchanged when absent. */
  publicIp?: string | null;
  /** The DoubleZero IPv4 prefixes the device serves users from, as "a.b.c.d/n"; unchanged when absent. */
  dzPrefixes?: readonly string[] | null;
  /** The key that publishes the device's telemetry; unchanged when absent. */
  metricsPublisherPk?: KeyInput | null;
  /** The management VRF ("" = the default VRF); unchanged when absent. */
  mgmtVrf?: string | null;
  /** The most users the device accepts (all kinds); unchanged when absent. */
  maxUsers?: number | bigint | null;
  /** How many users are connected (all kinds); unchanged when absent. */
  usersCount?: number | bigint | null;
  /** The status to write; unchanged when absent. */
  status?: DeviceStatus | null;
  /** The desired status (the operators' intent); unchanged when absent. */
  desiredStatus?: DeviceDesiredStatus | null;
  /**
   * u64 on the wire. Derived: createUpdateDeviceInstruction overwrites it with 0 when
   * `dzPrefixes` is absent, else max(oldDzPrefixCount, dzPrefixes.length) + 1.
   */
  resourceCount?: number | bigint;
  /** How many accounts refer to it; unchanged when absent. */
  referenceCount?: number | bigint | null;
  /** The most unicast users the device accepts; unchanged when absent. */
  maxUnicastUsers?: number | bigint | null;
  /** The most multicast subscribers the device accepts; unchanged when absent. */
  maxMulticastSubscribers?: number | bigint | null;
  /** How many unicast users are connected; unchanged when absent. */
  unicastUsersCount?: number | bigint | null;
  /** The most multicast publishers the device accepts; unchanged when absent. */
  maxMulticastPublishers?: number | bigint | null;
  /** How many multicast subscribers are connected; unchanged when absent. */
  multicastSubscribersCount?: number | bigint | null;
  /** How many multicast publishers are connected; unchanged when absent. */
  multicastPublishersCount?: number | bigint | null;
}

/** DeviceUpdateArgs as decoded from instruction data (None → null). */
export interface DecodedUpdateDeviceArgs<K = KeyInput> {
  /** The device's code, e.g. "lax-dz01" (the chain does not keep codes unique). */
  code: string | null;
  /** The device's role in the network. */
  deviceType: DeviceType | null;
  /** The Contributor account that operates it. */
  contributorPk: K | null;
  /** The device's public IPv4 address, as "a.b.c.d". */
  publicIp: string | null;
  /** The DoubleZero IPv4 prefixes the device serves users from, as "a.b.c.d/n". */
  dzPrefixes: string[] | null;
  /** The key that publishes the device's telemetry. */
  metricsPublisherPk: K | null;
  /** The management VRF ("" = the default VRF). */
  mgmtVrf: string | null;
  /** The most users the device accepts (all kinds). */
  maxUsers: number | null;
  /** How many users are connected (all kinds). */
  usersCount: number | null;
  /** The status to write. */
  status: DeviceStatus | null;
  /** The desired status (the operators' intent). */
  desiredStatus: DeviceDesiredStatus | null;
  /** How many resource-extension accounts (allocation tables) the instruction carries. */
  resourceCount: bigint;
  /** How many accounts refer to it. */
  referenceCount: number | null;
  /** The most unicast users the device accepts. */
  maxUnicastUsers: number | null;
  /** The most multicast subscribers the device accepts. */
  maxMulticastSubscribers: number | null;
  /** How many unicast users are connected. */
  unicastUsersCount: number | null;
  /** The most multicast publishers the device accepts. */
  maxMulticastPublishers: number | null;
  /** How many multicast subscribers are connected. */
  multicastSubscribersCount: number | null;
  /** How many multicast publishers are connected. */
  multicastPublishersCount: number | null;
}

/** Full UpdateDevice instruction data: tag 23 + the complete DeviceUpdateArgs, as given. */
export function encodeUpdateDeviceArgs(args: UpdateDeviceArgs): Uint8Array {
  expectObject(args, 'args');
  const w = beginData(TYPE, DoubleZeroInstructionTag.UpdateDevice, 64);
  w.option(args.code, 'code', (w, v) => w.string(v, 'code'));
  w.option(args.deviceType, 'device_type', (w, v) => writeEnum(w, DeviceTypeSpec, v, 'device_type'));
  w.option(args.contributorPk, 'contributor_pk', (w, v) => w.pubkey(v, 'contributor_pk'));
  w.option(args.publicIp, 'public_ip', (w, v) => w.ipv4(v, 'public_ip'));
  w.option(args.dzPrefixes, 'dz_prefixes', (w, v) => w.networkV4Vec(v, 'dz_prefixes'));
  w.option(args.metricsPublisherPk, 'metrics_publisher_pk', (w, v) => w.pubkey(v, 'metrics_publisher_pk'));
  w.option(args.mgmtVrf, 'mgmt_vrf', (w, v) => w.string(v, 'mgmt_vrf'));
  w.option(args.maxUsers, 'max_users', (w, v) => w.u16(small(v), 'max_users'));
  w.option(args.usersCount, 'users_count', (w, v) => w.u16(small(v), 'users_count'));
  w.option(args.status, 'status', (w, v) => writeEnum(w, DeviceStatusSpec, v, 'status'));
  w.option(args.desiredStatus, 'desired_status', (w, v) => writeEnum(w, DeviceDesiredStatusSpec, v, 'desired_status'));
  w.u64(args.resourceCount ?? 0, 'resource_count');
  w.option(args.referenceCount, 'reference_count', (w, v) => w.u32(small(v), 'reference_count'));
  w.option(args.maxUnicastUsers, 'max_unicast_users', (w, v) => w.u16(small(v), 'max_unicast_users'));
  w.option(args.maxMulticastSubscribers, 'max_multicast_subscribers', (w, v) =>
    w.u16(small(v), 'max_multicast_subscribers'),
  );
  w.option(args.unicastUsersCount, 'unicast_users_count', (w, v) => w.u16(small(v), 'unicast_users_count'));
  w.option(args.maxMulticastPublishers, 'max_multicast_publishers', (w, v) =>
    w.u16(small(v), 'max_multicast_publishers'),
  );
  w.option(args.multicastSubscribersCount, 'multicast_subscribers_count', (w, v) =>
    w.u16(small(v), 'multicast_subscribers_count'),
  );
  w.option(args.multicastPublishersCount, 'multicast_publishers_count', (w, v) =>
    w.u16(small(v), 'multicast_publishers_count'),
  );
  return w.finish();
}

/** Decodes UpdateDevice instruction data (tag + Args) with the program's trailing-default rule. */
export function decodeUpdateDeviceArgs<K = Uint8Array>(keys: KeyKind<K> | undefined, data: Uint8Array): DecodedUpdateDeviceArgs<K> & {
  /** The fields (snake_case) the data lacks, which took the program's fallbacks. */
  defaultedFields: string[];
  /** Bytes after the last field (the program ignores them). */
  trailingBytes: number;
} {
  const a = new ArgsReader(data, TYPE, DoubleZeroInstructionTag.UpdateDevice, keys);
  const args: DecodedUpdateDeviceArgs<K> = {
    code: a.option('code', (r) => r.string('code')),
    deviceType: a.option('device_type', (r) => readEnum(r, DeviceTypeSpec, 'device_type')),
    contributorPk: a.option('contributor_pk', (r) => r.pubkey('contributor_pk')),
    publicIp: a.option('public_ip', (r) => r.ipv4('public_ip')),
    dzPrefixes: a.option('dz_prefixes', (r) => r.networkV4Vec('dz_prefixes')),
    metricsPublisherPk: a.option('metrics_publisher_pk', (r) => r.pubkey('metrics_publisher_pk')),
    mgmtVrf: a.option('mgmt_vrf', (r) => r.string('mgmt_vrf')),
    maxUsers: a.option('max_users', (r) => r.u16('max_users')),
    usersCount: a.option('users_count', (r) => r.u16('users_count')),
    status: a.option('status', (r) => readEnum(r, DeviceStatusSpec, 'status')),
    desiredStatus: a.option('desired_status', (r) => readEnum(r, DeviceDesiredStatusSpec, 'desired_status')),
    resourceCount: a.field('resource_count', 0n, (r) => r.u64('resource_count')),
    referenceCount: a.option('reference_count', (r) => r.u32('reference_count')),
    maxUnicastUsers: a.option('max_unicast_users', (r) => r.u16('max_unicast_users')),
    maxMulticastSubscribers: a.option('max_multicast_subscribers', (r) => r.u16('max_multicast_subscribers')),
    unicastUsersCount: a.option('unicast_users_count', (r) => r.u16('unicast_users_count')),
    maxMulticastPublishers: a.option('max_multicast_publishers', (r) => r.u16('max_multicast_publishers')),
    multicastSubscribersCount: a.option('multicast_subscribers_count', (r) => r.u16('multicast_subscribers_count')),
    multicastPublishersCount: a.option('multicast_publishers_count', (r) => r.u16('multicast_publishers_count')),
  };
  return a.done(args);
}

/** What the offline checks may know about the device being updated. */
export interface UpdateDeviceValidationContext {
  /** The device's current type; without it (and without `args.deviceType`) the public-IP rule is skipped. */
  currentDeviceType?: DeviceType;
  /**
   * The device as decoded now. With it the whole device the update leaves is checked, in the
   * program's order (a device type change on a device whose stored public IP is not globally
   * routable, a stored dz_prefix or interface the program refuses to write back...).
   */
  currentDevice?: Device;
  /** The location passed as the device's current one (with `currentDevice`: it must be the device's). */
  currentLocation?: KeyInput;
  /** The location the update moves the device to (default: no move). */
  newLocation?: KeyInput;
}

/** ASCII lower case, the program's make_ascii_lowercase (other characters unchanged). */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * The device as UpdateDevice leaves it for a privileged caller (every field given is written;
 * the code is stored ASCII-lowercased; a location move sets location_pk). A contributor's update
 * of the privileged-only fields (contributor_pk and the counters) is ignored by the program:
 * use the lifecycle-checked builders for contributors.
 */
export function applyUpdateDeviceArgs(device: Device, args: UpdateDeviceArgs, opts: { newLocation?: KeyInput; currentLocation?: KeyInput } = {}): Device {
  expectDevice(device, 'device');
  encodeUpdateDeviceArgs(args); // every field of the right type, or a typed error naming it
  expectObject(opts, 'opts');
  expectOptionalKey(opts.newLocation, 'opts.newLocation');
  expectOptionalKey(opts.currentLocation, 'opts.currentLocation');
  const d: Device = { ...device };
  const num = (v: number | bigint) => Number(v);
  if (args.contributorPk != null) d.contributorPk = args.contributorPk;
  if (args.usersCount != null) d.usersCount = num(args.usersCount);
  if (args.multicastSubscribersCount != null) d.multicastSubscribersCount = num(args.multicastSubscribersCount);
  if (args.multicastPublishersCount != null) d.multicastPublishersCount = num(args.multicastPublishersCount);
  if (args.referenceCount != null) d.referenceCount = num(args.referenceCount);
  if (args.unicastUsersCount != null) d.unicastUsersCount = num(args.unicastUsersCount);
  if (args.code != null) d.code = asciiLower(args.code);
  if (args.deviceType != null) d.deviceType = args.deviceType;
  if (args.publicIp != null) d.publicIp = args.publicIp;
  if (args.dzPrefixes != null) d.dzPrefixes = [...args.dzPrefixes];
  if (args.metricsPublisherPk != null) d.metricsPublisherPk = args.metricsPublisherPk;
  if (args.mgmtVrf != null) d.mgmtVrf = args.mgmtVrf;
  if (args.maxUsers != null) d.maxUsers = num(args.maxUsers);
  if (args.maxUnicastUsers != null) d.maxUnicastUsers = num(args.maxUnicastUsers);
  if (args.maxMulticastSubscribers != null) d.maxMulticastSubscribers = num(args.maxMulticastSubscribers);
  if (args.maxMulticastPublishers != null) d.maxMulticastPublishers = num(args.maxMulticastPublishers);
  if (opts.newLocation !== undefined && opts.currentLocation !== undefined && !keyEquals(opts.newLocation, opts.currentLocation)) d.locationPk = opts.newLocation;
  if (args.status != null) d.status = args.status;
  if (args.desiredStatus != null) d.desiredStatus = args.desiredStatus;
  return d;
}

/**
 * The program's offline-checkable rules for UpdateDevice, in its order: the code's charset
 * (InvalidAccountCode) when it is read; then the device is written back and checked whole: code
 * ≤ 32 bytes (CodeTooLong), mgmt_vrf charset and ≤ 32 bytes, public_ip globally routable unless
 * the (new or current) device type is Transit (InvalidPublicIp), dz_prefixes non-empty and
 * globally routable (NoDzPrefixes / InvalidDzPrefix). With `ctx.currentDevice` the device the
 * update leaves is checked whole, stored fields included; without it only the fields given (a
 * device type change then needs the public IP, given or current, to be checked). The status rule
 * for contributors (Activated ⇄ Drained only) needs the caller's role: see the checked builders.
 */
export function validateUpdateDeviceArgs(args: UpdateDeviceArgs, ctx: UpdateDeviceValidationContext = {}): void {
  expectObject(args, 'args');
  if (args.code != null) checkCode(args.code, 'code');
  if (args.publicIp != null) checkIpv4Syntax(args.publicIp, 'public_ip', EXPECTED_PROGRAM_ERRORS.InvalidPublicIp);
  if (args.dzPrefixes != null) {
    if (!Array.isArray(args.dzPrefixes)) fail('dz_prefixes', 'must be an array of networks', EXPECTED_PROGRAM_ERRORS.InvalidDzPrefix);
    args.dzPrefixes.forEach((p, i) => checkNetworkSyntax(p, `dz_prefixes[${i}]`, EXPECTED_PROGRAM_ERRORS.InvalidDzPrefix));
  }
  const current = ctx.currentDevice;
  // A move reads both Location accounts: the all-zero key is none (the program: InvalidAccountData).
  const moves = ctx.currentLocation !== undefined && ctx.newLocation !== undefined && !keyEquals(ctx.newLocation, ctx.currentLocation);
  const noLocation = (k: KeyInput | undefined) => k !== undefined && isZeroKey(k);
  const notALocation = (field: string) => fail(field, 'the all-zero key is no Location account, and a move reads both locations', { name: 'InvalidAccountData', code: undefined });
  if (current !== undefined) {
    if (moves && noLocation(ctx.currentLocation)) notALocation('current_location');
    if (moves && noLocation(ctx.newLocation)) notALocation('new_location');
    if (moves && !keyEquals(ctx.currentLocation!, current.locationPk)) {
      fail('current_location', `the device is at ${keyText(current.locationPk)}, not at the location given as its current one`, EXPECTED_PROGRAM_ERRORS.InvalidActualLocation);
    }
    const problem = deviceWriteProblem(applyUpdateDeviceArgs(current, args, ctx));
    if (problem) fail(problem.field, problem.rule, problem.programError);
    return;
  }
  if (moves && noLocation(ctx.currentLocation)) notALocation('current_location');
  if (moves && noLocation(ctx.newLocation)) notALocation('new_location');
  // The fields the update writes, in the order the program checks the device it writes back.
  if (args.code != null) checkCode(args.code, 'code', MAX_CODE_BYTES);
  if (args.mgmtVrf != null) checkCode(args.mgmtVrf, 'mgmt_vrf', MAX_CODE_BYTES);
  const type = args.deviceType ?? ctx.currentDeviceType;
  if (args.publicIp != null) {
    if (type !== undefined && type !== DeviceType.Transit && !isGlobalIpv4(args.publicIp)) {
      fail('public_ip', `${args.publicIp} is not globally routable (only Transit devices may use such an address)`, EXPECTED_PROGRAM_ERRORS.InvalidPublicIp);
    }
  } else if (args.deviceType != null && args.deviceType !== DeviceType.Transit && ctx.currentDeviceType === DeviceType.Transit) {
    // A Transit device may hold any public IP; leaving Transit makes the stored one checked.
    throw new ValidationError(
      'current_device',
      'required to change a Transit device\'s type: its stored public_ip must be globally routable for any other type (pass currentDevice, or the public_ip)',
    );
  }
  if (args.dzPrefixes != null) {
    if (args.dzPrefixes.length === 0) fail('dz_prefixes', 'must hold at least one prefix', EXPECTED_PROGRAM_ERRORS.NoDzPrefixes);
    args.dzPrefixes.forEach((p, i) => {
      if (!isGlobalIpv4(networkAddress(p))) fail(`dz_prefixes[${i}]`, `${p} is not a globally routable prefix`, EXPECTED_PROGRAM_ERRORS.InvalidDzPrefix);
    });
  }
}

export interface CreateUpdateDeviceInstructionInput extends BaseBuilderInput {
  /** The Device account. */
  device: KeyInput;
  /** The device's current contributor_pk. */
  currentContributor: KeyInput;
  /** The device's current location_pk. */
  currentLocation: KeyInput;
  /** The new location; defaults to `currentLocation` (no move). */
  newLocation?: KeyInput;
  /** The device's current number of dz_prefixes; required when `args.dzPrefixes` is given. */
  oldDzPrefixCount?: number;
  /** The instruction's arguments. */
  args: UpdateDeviceArgs;
  /** For the offline checks only (see validateUpdateDeviceArgs). */
  currentDeviceType?: DeviceType;
  /**
   * The device as decoded now, for the offline checks: the device the update leaves is checked
   * whole, in the program's order, and one holding a value the program does not declare is not
   * written (IllegalTransitionError: the program would replace it with its default). It also
   * supplies `currentDeviceType` and `oldDzPrefixCount`.
   */
  currentDevice?: Device;
}

/**
 * UpdateDevice (tag 23). Accounts: device, current contributor, current location, new
 * location, GlobalState, then — only when `args.dzPrefixes` is given — GlobalConfig,
 * TunnelIds(device, 0) and DzPrefixBlock(device, i) for i < max(old, new); then payer,
 * system program (and the Permission PDA with `appendPermission`).
 */
export function createUpdateDeviceInstruction(input: CreateUpdateDeviceInstructionInput): CoreInstruction {
  checkBuilderInput(input, true);
  const { programId, device, currentContributor, currentLocation, args } = input;
  const newLocation = input.newLocation ?? currentLocation;
  checkKey(device, 'device');
  checkKey(currentContributor, 'current_contributor');
  checkKey(currentLocation, 'current_location');
  checkKey(newLocation, 'new_location');
  const current = input.currentDevice;
  if (current !== undefined) expectDevice(current, 'input.currentDevice');
  if (input.validate !== false) {
    // The program first reads the resource accounts: with dz_prefixes it wants TunnelIds and at
    // least one DzPrefixBlock (an assertion), which a device with none left and none given lacks.
    const oldCount = input.oldDzPrefixCount ?? current?.dzPrefixes.length;
    if (args?.dzPrefixes != null && Array.isArray(args.dzPrefixes) && args.dzPrefixes.length === 0 && oldCount === 0) {
      fail('dz_prefixes', 'the device has no dz_prefixes and none are given: the program asserts at least one DzPrefixBlock account and panics', EXPECTED_PROGRAM_ERRORS.Panic);
    }
    if (current !== undefined) {
      const post = applyUpdateDeviceArgs(current, args, { currentLocation, newLocation });
      const undeclared = deviceUndeclaredValues(post);
      if (undeclared !== undefined) {
        throw new IllegalTransitionError('update device', deviceStatusLabel(current.status), '', [], `the device holds ${undeclared}, which the program does not declare: any write would replace them with the program's defaults`);
      }
    }
    validateUpdateDeviceArgs(args, { currentDeviceType: input.currentDeviceType ?? current?.deviceType, currentDevice: current, currentLocation, newLocation });
  }

  const keys = [
    writable(device),
    writable(currentContributor),
    writable(currentLocation),
    writable(newLocation),
    writable(globalStatePda(programId)),
  ];
  let resourceCount = 0;
  if (args.dzPrefixes != null) {
    const old = input.oldDzPrefixCount ?? current?.dzPrefixes.length;
    if (typeof old !== 'number' || !Number.isSafeInteger(old) || old < 0) {
      throw new ValidationError('old_dz_prefix_count', 'required (a non-negative integer) when dz_prefixes is given');
    }
    const max = Math.max(old, args.dzPrefixes.length);
    keys.push(writable(globalConfigPda(programId)));
    keys.push(writable(getTunnelIdsPda(programId, device, 0)[0]));
    for (let i = 0; i < max; i++) keys.push(writable(getDzPrefixBlockPda(programId, device, i)[0]));
    resourceCount = max + 1;
  }
  const data = encodeUpdateDeviceArgs({ ...args, resourceCount });
  return finishInstruction(input, keys, data);
}

/** The accounts of a UpdateDevice instruction by role (in the program's order on the wire). */
export interface UpdateDeviceAccounts<K = KeyInput> extends TailAccounts<K> {
  /** The Device account. */
  device: K;
  /** The Contributor account that operates the device or link. */
  contributor: K;
  /** Absent when the instruction omits the location pair (the program allows it; builders never do). */
  currentLocation?: K;
  /** The device's new Location account, when it moves. */
  newLocation?: K;
  /** The program's GlobalState account. */
  globalState: K;
  /** The program's GlobalConfig account. */
  globalConfig?: K;
  /** TunnelIds(device, 0) then DzPrefixBlock(device, i): `resource_count` accounts. */
  resources: K[];
}

/** A decoded UpdateDevice instruction: its name, tag, arguments and accounts by role. */
export type DecodedUpdateDeviceInstruction<K = KeyInput> = DecodedInstructionBase<
  'UpdateDevice',
  DoubleZeroInstructionTag.UpdateDevice,
  DecodedUpdateDeviceArgs<K>,
  UpdateDeviceAccounts<K>,
  K
>;

/** Decodes an UpdateDevice instruction (strict; see decodeInstruction). */
export function decodeUpdateDeviceInstruction<K>(
  keys: KeyKind<K>,
  ix: CoreInstruction,
  opts?: DecodeInstructionOptions,
): DecodedUpdateDeviceInstruction<K> {
  return decodeInstructionAs('UpdateDevice', ix, opts, keys, (d) => decodeUpdateDeviceArgs(keys, d), (c, args): UpdateDeviceAccounts<K> => {
    const { tail, middle } = c.splitTail();
    if (args.resourceCount > 255n) c.fail(`resource_count ${args.resourceCount} cannot match the account list`);
    const rc = Number(args.resourceCount);
    const base = 3 + (rc > 0 ? 1 : 0) + rc;
    if (middle !== base && middle !== base + 2) {
      c.fail(`expected ${base} or ${base + 2} accounts before the payer for resource_count ${rc}, got ${middle}`);
    }
    const device = c.next('device');
    const contributor = c.next('contributor');
    const pair = middle === base + 2 ? { currentLocation: c.next('location_old'), newLocation: c.next('location_new') } : {};
    const globalState = c.next('globalstate');
    const globalConfig = rc > 0 ? c.next('globalconfig') : undefined;
    const resources = rc > 0 ? c.take(rc, 'resources') : [];
    return {
      device,
      contributor,
      ...pair,
      globalState,
      ...(globalConfig ? { globalConfig } : {}),
      resources,
      ...tail,
    };
  });
}
