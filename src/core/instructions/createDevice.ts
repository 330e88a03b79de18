import type { KeyInput, KeyKind } from '../keys.js';
import { DeviceDesiredStatus, DeviceDesiredStatusSpec, DeviceType, DeviceTypeSpec } from '../enums.js';
import { ValidationError } from '../errors.js';
import { getDevicePda, getDzPrefixBlockPda, getTunnelIdsPda } from '../pda.js';
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
import { expectObject } from '../validate.js';
import { EXPECTED_PROGRAM_ERRORS } from './errors.js';
import { DoubleZeroInstructionTag } from './tags.js';
import {
  checkCode,
  checkIpv4Syntax,
  checkNetworkSyntax,
  fail,
  isDefaultPubkey,
  isGlobalIpv4,
  MAX_CODE_BYTES,
  networkAddress,
  networkContains,
} from './validation.js';

const TYPE = 'CreateDevice args';

/** DeviceCreateArgs (docs/wire-format.md#createdevice). */
export interface CreateDeviceArgs {
  /** Stored ASCII-lowercased by the program; the Rust SDK lowercases it before building. */
  code: string;
  /** The device's role in the network. */
  deviceType: DeviceType;
  /** The device's public IPv4 address, as "a.b.c.d". */
  publicIp: string;
  /** The DoubleZero IPv4 prefixes the device serves users from, as "a.b.c.d/n". */
  dzPrefixes: readonly string[];
  /** The key that publishes the device's telemetry. */
  metricsPublisherPk: KeyInput;
  /** The management VRF ("" = the default VRF). */
  mgmtVrf: string;
  /** None → the program stores Activated. */
  desiredStatus?: DeviceDesiredStatus | null;
  /** Derived: createCreateDeviceInstruction overwrites it with 1 + dzPrefixes.length. */
  resourceCount?: number | bigint;
}

/** The arguments of a CreateDevice instruction as decoded from its data; a field the data lacks holds the program's fallback. */
export interface DecodedCreateDeviceArgs<K = KeyInput> {
  /** The device's code, e.g. "lax-dz01" (the chain does not keep codes unique). */
  code: string;
  /** The device's role in the network. */
  deviceType: DeviceType;
  /** The device's public IPv4 address, as "a.b.c.d". */
  publicIp: string;
  /** The DoubleZero IPv4 prefixes the device serves users from, as "a.b.c.d/n". */
  dzPrefixes: string[];
  /** The key that publishes the device's telemetry. */
  metricsPublisherPk: K;
  /** The management VRF ("" = the default VRF). */
  mgmtVrf: string;
  /** The desired status (the operators' intent). */
  desiredStatus: DeviceDesiredStatus | null;
  /** How many resource-extension accounts (allocation tables) the instruction carries. */
  resourceCount: number;
}

/** Full CreateDevice instruction data: tag 20 + the complete DeviceCreateArgs, as given. */
export function encodeCreateDeviceArgs(args: CreateDeviceArgs): Uint8Array {
  expectObject(args, 'args');
  const w = beginData(TYPE, DoubleZeroInstructionTag.CreateDevice, 96);
  w.string(args.code, 'code');
  writeEnum(w, DeviceTypeSpec, args.deviceType, 'device_type');
  w.ipv4(args.publicIp, 'public_ip');
  w.networkV4Vec(args.dzPrefixes, 'dz_prefixes');
  w.pubkey(args.metricsPublisherPk, 'metrics_publisher_pk');
  w.string(args.mgmtVrf, 'mgmt_vrf');
  w.option(args.desiredStatus, 'desired_status', (w, v) => writeEnum(w, DeviceDesiredStatusSpec, v, 'desired_status'));
  w.u8(small(args.resourceCount ?? 0), 'resource_count');
  return w.finish();
}

/** Decodes CreateDevice instruction data (tag + Args) with the program's trailing-default rule. */
export function decodeCreateDeviceArgs<K = Uint8Array>(keys: KeyKind<K> | undefined, data: Uint8Array): DecodedCreateDeviceArgs<K> & {
  /** The fields (snake_case) the data lacks, which took the program's fallbacks. */
  defaultedFields: string[];
  /** Bytes after the last field (the program ignores them). */
  trailingBytes: number;
} {
  const a = new ArgsReader(data, TYPE, DoubleZeroInstructionTag.CreateDevice, keys);
  const args: DecodedCreateDeviceArgs<K> = {
    code: a.field('code', '', (r) => r.string('code')),
    deviceType: a.field('device_type', DeviceTypeSpec.defaultValue, (r) => readEnum(r, DeviceTypeSpec, 'device_type')),
    publicIp: a.field('public_ip', '0.0.0.0', (r) => r.ipv4('public_ip')),
    dzPrefixes: a.field('dz_prefixes', [] as string[], (r) => r.networkV4Vec('dz_prefixes')),
    metricsPublisherPk: a.field('metrics_publisher_pk', a.r.keys.zero, (r) => r.pubkey('metrics_publisher_pk')),
    mgmtVrf: a.field('mgmt_vrf', '', (r) => r.string('mgmt_vrf')),
    desiredStatus: a.option('desired_status', (r) => readEnum(r, DeviceDesiredStatusSpec, 'desired_status')),
    resourceCount: a.field('resource_count', 0, (r) => r.u8('resource_count')),
  };
  return a.done(args);
}

/**
 * The program's offline-checkable rules for CreateDevice: code charset (InvalidAccountCode)
 * and ≤ 32 bytes (CodeTooLong); public_ip not inside any dz_prefix and globally routable
 * unless Transit (InvalidPublicIp); at least one dz_prefix (NoDzPrefixes), each globally
 * routable (InvalidDzPrefix); mgmt_vrf charset and ≤ 32 bytes.
 */
export function validateCreateDeviceArgs(args: CreateDeviceArgs): void {
  expectObject(args, 'args');
  // In the program's order: charset, public_ip ∉ prefixes, then the Device write checks.
  checkCode(args.code, 'code');
  checkIpv4Syntax(args.publicIp, 'public_ip', EXPECTED_PROGRAM_ERRORS.InvalidPublicIp);
  if (!Array.isArray(args.dzPrefixes)) fail('dz_prefixes', 'must be an array of networks', EXPECTED_PROGRAM_ERRORS.InvalidDzPrefix);
  args.dzPrefixes.forEach((p, i) => {
    checkNetworkSyntax(p, `dz_prefixes[${i}]`, EXPECTED_PROGRAM_ERRORS.InvalidDzPrefix);
    if (networkContains(p, args.publicIp)) {
      fail('public_ip', `${args.publicIp} lies inside dz_prefix ${p}`, EXPECTED_PROGRAM_ERRORS.InvalidPublicIp);
    }
  });
  checkCode(args.code, 'code', MAX_CODE_BYTES);
  checkCode(args.mgmtVrf, 'mgmt_vrf', MAX_CODE_BYTES);
  if (args.deviceType !== DeviceType.Transit && !isGlobalIpv4(args.publicIp)) {
    fail('public_ip', `${args.publicIp} is not globally routable (only Transit devices may use such an address)`, EXPECTED_PROGRAM_ERRORS.InvalidPublicIp);
  }
  if (args.dzPrefixes.length === 0) fail('dz_prefixes', 'must hold at least one prefix', EXPECTED_PROGRAM_ERRORS.NoDzPrefixes);
  args.dzPrefixes.forEach((p, i) => {
    if (!isGlobalIpv4(networkAddress(p))) {
      fail(`dz_prefixes[${i}]`, `${p} is not a globally routable prefix`, EXPECTED_PROGRAM_ERRORS.InvalidDzPrefix);
    }
  });
}

export interface CreateCreateDeviceInstructionInput extends BaseBuilderInput {
  /** The Contributor account that operates the device or link. */
  contributor: KeyInput;
  /** The Location account of the device. */
  location: KeyInput;
  /** The Exchange account of the device. */
  exchange: KeyInput;
  /** The NEW device's index: GlobalState.account_index + 1, as read from chain. */
  deviceIndex: number | bigint;
  /** The instruction's arguments. */
  args: CreateDeviceArgs;
}

/**
 * CreateDevice (tag 20). Accounts: Device PDA(deviceIndex), contributor, location, exchange,
 * GlobalState, GlobalConfig, TunnelIds(device, 0), DzPrefixBlock(device, i) per prefix,
 * payer, system (Permission PDA with `appendPermission`). resource_count = 1 + prefixes.
 */
export function createCreateDeviceInstruction(input: CreateCreateDeviceInstructionInput): CoreInstruction {
  checkBuilderInput(input, true);
  const { programId, contributor, location, exchange, deviceIndex, args } = input;
  checkKey(programId, 'program_id');
  checkKey(contributor, 'contributor');
  checkKey(location, 'location');
  checkKey(exchange, 'exchange');
  if (!Array.isArray(args?.dzPrefixes)) throw new ValidationError('dz_prefixes', 'must be an array of networks');
  if (input.validate !== false) {
    // The code's charset is checked first; then the program asserts that the location and
    // exchange accounts are its own, which the all-zero key never is: it panics.
    expectObject(args, 'args');
    checkCode(args.code, 'code');
    if (isDefaultPubkey(location)) fail('location', 'must not be the all-zero key: the program asserts the location account is its own and panics', EXPECTED_PROGRAM_ERRORS.Panic);
    if (isDefaultPubkey(exchange)) fail('exchange', 'must not be the all-zero key: the program asserts the exchange account is its own and panics', EXPECTED_PROGRAM_ERRORS.Panic);
    validateCreateDeviceArgs(args);
  }
  const device = getDevicePda(programId, deviceIndex)[0];
  const keys = [
    writable(device),
    writable(contributor),
    writable(location),
    writable(exchange),
    writable(globalStatePda(programId)),
    writable(globalConfigPda(programId)),
    writable(getTunnelIdsPda(programId, device, 0)[0]),
  ];
  const n = args.dzPrefixes.length;
  for (let i = 0; i < n; i++) keys.push(writable(getDzPrefixBlockPda(programId, device, i)[0]));
  const data = encodeCreateDeviceArgs({ ...args, resourceCount: 1 + n });
  return finishInstruction(input, keys, data);
}

/** The accounts of a CreateDevice instruction by role (in the program's order on the wire). */
export interface CreateDeviceAccounts<K = KeyInput> extends TailAccounts<K> {
  /** The Device account. */
  device: K;
  /** The Contributor account that operates the device or link. */
  contributor: K;
  /** The Location account of the device. */
  location: K;
  /** The Exchange account of the device. */
  exchange: K;
  /** The program's GlobalState account. */
  globalState: K;
  /** The program's GlobalConfig account. */
  globalConfig: K;
  /** The `resource_count` resource accounts: TunnelIds(device, 0), then DzPrefixBlock(device, i). */
  resources: K[];
}

/** A decoded CreateDevice instruction: its name, tag, arguments and accounts by role. */
export type DecodedCreateDeviceInstruction<K = KeyInput> = DecodedInstructionBase<
  'CreateDevice',
  DoubleZeroInstructionTag.CreateDevice,
  DecodedCreateDeviceArgs<K>,
  CreateDeviceAccounts<K>,
  K
>;

/** Decodes a CreateDevice instruction; the processor reads `resource_count` resource accounts. */
export function decodeCreateDeviceInstruction<K>(
  keys: KeyKind<K>,
  ix: CoreInstruction,
  opts?: DecodeInstructionOptions,
): DecodedCreateDeviceInstruction<K> {
  return decodeInstructionAs('CreateDevice', ix, opts, keys, (d) => decodeCreateDeviceArgs(keys, d), (c, args): CreateDeviceAccounts<K> => ({
    device: c.next('device'),
    contributor: c.next('contributor'),
    location: c.next('location'),
    exchange: c.next('exchange'),
    globalState: c.next('globalstate'),
    globalConfig: c.next('globalconfig'),
    resources: c.take(args.resourceCount, 'resources'),
    ...c.tail(),
  }));
}
