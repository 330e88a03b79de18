/**
 * Shared plumbing for the ports of the program's own integration tests
 * (upstream: smartcontract/programs/doublezero-serviceability/tests/*.rs) to dzprov.
 *
 * The upstream tests run on a fresh solana-program-test bank whose payer is the
 * InitGlobalState payer (so it is on the foundation allowlist). `startProgram` gives the same
 * starting point on the oracle: the oracle's own genesis payer runs InitGlobalState and
 * SetGlobalConfig with the tunnel blocks the upstream setup helper of that test file uses.
 * Bootstrap-only accounts (locations, exchanges, contributors, topologies, permissions) are
 * built by the program's Rust builder crate through the oracle; every Device, Link and
 * interface instruction is built by dzprov.
 *
 * `exec` mirrors upstream's `execute_transaction`, which first sends the same instruction
 * with a payer that does not sign and requires that to fail, then sends it for real and
 * requires success. `tryExec` mirrors `try_execute_transaction` /
 * `execute_transaction_expect_failure`: one send, result returned.
 */
import { expect } from 'vitest';
import { Keypair, PublicKey, TransactionInstruction } from '@solana/web3.js';
import { Buffer } from 'buffer';
import {
  AccountType,
  DeviceDesiredStatus,
  DeviceType,
  InstructionArgumentError,
  InterfaceCYOA,
  InterfaceDIA,
  LoopbackType,
  Reader,
  RoutingMode,
  createCreateDeviceInstruction,
  decodeContributor,
  decodeDevice,
  decodeExchange,
  decodeGlobalState,
  decodeLink,
  decodeLocation,
  encodeDevice,
  encodeLink,
  getExchangePda,
  getGlobalStatePda,
  getLocationPda,
  getPermissionPda,
  getTopologyPda,
  type Contributor,
  type CreateDeviceArgs,
  type CreateDeviceInterfaceArgs,
  type Device,
  type Exchange,
  type GlobalState,
  type Interface,
  type Link,
  type Location,
} from '../../src/index.js';
import { Oracle, outcome, type ExecResult } from './oracle.js';
import { physicalInterface } from './ledger.js';

/** The instruction index of the program instruction: dzprov's 2 compute-budget instructions come first. */
export const PROGRAM_IX_INDEX = 2;

export const ZERO_KEY = PublicKey.default;

export interface Env {
  oracle: Oracle;
  programId: PublicKey;
  /** The bank's genesis payer, InitGlobalState's payer: the foundation (upstream's `payer`). */
  payer: Keypair;
}

/** SetGlobalConfig's blocks. */
export interface ConfigBlocks {
  deviceTunnelBlock: string;
  userTunnelBlock: string;
  multicastgroupBlock: string;
  multicastPublisherBlock: string;
}

/** device_test.rs (setup_program_with_location_and_exchange and test_device). */
export const DEVICE_TEST_CONFIG: ConfigBlocks = {
  deviceTunnelBlock: '10.0.0.0/24',
  userTunnelBlock: '169.254.0.0/24',
  multicastgroupBlock: '224.0.0.0/16',
  multicastPublisherBlock: '148.51.120.0/21',
};

/** test_helpers.rs (init_globalstate_and_config, setup_program_with_globalconfig). */
export const HELPERS_CONFIG: ConfigBlocks = {
  deviceTunnelBlock: '10.100.0.0/24',
  userTunnelBlock: '169.254.0.0/24',
  multicastgroupBlock: '239.0.0.0/24',
  multicastPublisherBlock: '148.51.120.0/21',
};

export const LAMPORTS = 1_000_000_000_000n;

// ---------------------------------------------------------------------------------------------
// Sending

function describeFailure(r: ExecResult): string {
  return `${JSON.stringify(r.error)}\n${r.logs.join('\n')}`;
}

/**
 * The same instruction with the signing payer replaced by a fresh key that does not sign
 * (upstream's `execute_transaction_tester` appends such a key where the payer goes).
 */
export function withUnsignedPayer(ix: TransactionInstruction, signer: PublicKey): TransactionInstruction {
  const stranger = Keypair.generate().publicKey;
  let replaced = false;
  const keys = ix.keys.map((m) => {
    if (!replaced && m.isSigner && m.pubkey.equals(signer)) {
      replaced = true;
      return { pubkey: stranger, isSigner: false, isWritable: true };
    }
    return { ...m };
  });
  if (!replaced) throw new Error('withUnsignedPayer: the instruction has no signing payer');
  return new TransactionInstruction({ programId: ix.programId, keys, data: Buffer.from(ix.data) });
}

/** upstream `execute_transaction`: the unsigned-payer variant must fail, then the real one must succeed. */
export async function exec(env: Env, ix: TransactionInstruction, signer: Keypair = env.payer): Promise<ExecResult> {
  const probe = await env.oracle.send([withUnsignedPayer(ix, signer.publicKey)], [signer]);
  expect(probe.success, 'the instruction must fail when its payer does not sign').toBe(false);
  const r = await env.oracle.send([ix], [signer]);
  if (!r.success) throw new Error(`transaction failed: ${describeFailure(r)}`);
  return r;
}

/** upstream `try_execute_transaction` / `execute_transaction_expect_failure`. */
export async function tryExec(env: Env, ix: TransactionInstruction, signer: Keypair = env.payer): Promise<ExecResult> {
  return env.oracle.send([ix], [signer]);
}

/** The program instruction failed with Custom(code) (upstream: `InstructionError(0, Custom(code))`). */
export function expectCustom(r: ExecResult, code: number): void {
  expect(r.success, `expected Custom(${code}), the transaction succeeded`).toBe(false);
  expect(outcome(r), describeFailure(r)).toBe(code);
  expect(r.error!.type).toBe('instruction');
  expect(r.error!.index).toBe(PROGRAM_IX_INDEX);
}

/** The program instruction failed with the built-in error `name` (e.g. ProgramFailedToComplete). */
export function expectBuiltin(r: ExecResult, name: string): void {
  expect(r.success, `expected ${name}, the transaction succeeded`).toBe(false);
  expect(outcome(r), describeFailure(r)).toBe(name);
  expect(r.error!.index).toBe(PROGRAM_IX_INDEX);
}

export function expectOk(r: ExecResult): void {
  expect(r.success, r.success ? '' : describeFailure(r)).toBe(true);
}

/**
 * What dzprov's offline checks predict for a request: the program error code (or name) the
 * builder's InstructionArgumentError names, or 'none' when the builder builds it.
 */
export function predicted(build: () => unknown): number | string {
  try {
    build();
    return 'none';
  } catch (e) {
    if (e instanceof InstructionArgumentError) return e.programError.code ?? e.programError.name;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Bootstrap (the program's own builders, via the oracle)

async function run(env: Env, builder: string, args: Record<string, unknown> = {}): Promise<TransactionInstruction> {
  const ix = await env.oracle.build(builder, env.payer.publicKey, args);
  await exec(env, ix);
  return ix;
}

export async function globalState(env: Env): Promise<GlobalState> {
  return decodeGlobalState(await env.oracle.getAccount(getGlobalStatePda(env.programId)[0]).then((a) => a.data), {
    programId: env.programId,
  });
}

export async function nextIndex(env: Env): Promise<bigint> {
  return (await globalState(env)).accountIndex + 1n;
}

/** A fresh program: InitGlobalState + SetGlobalConfig (which creates the resource pools). */
export async function startProgram(oracle: Oracle, config: ConfigBlocks): Promise<Env> {
  const programId = Keypair.generate().publicKey;
  await oracle.start(programId);
  const env: Env = { oracle, programId, payer: oracle.bank };
  await run(env, 'init_global_state');
  await run(env, 'set_global_config', { localAsn: 65000, remoteAsn: 65001, ...config });
  return env;
}

export async function fundedKeypair(env: Env, lamports: bigint = LAMPORTS): Promise<Keypair> {
  const k = Keypair.generate();
  await env.oracle.fund(k.publicKey, lamports);
  return k;
}

export async function createLocation(
  env: Env,
  a: { code: string; name: string; country: string; lat: number; lng: number } = LA_LOCATION,
): Promise<PublicKey> {
  const index = await nextIndex(env);
  await run(env, 'create_location', { accountIndex: String(index), locId: 0, ...a });
  return getLocationPda(env.programId, index)[0];
}

export async function createExchange(
  env: Env,
  a: { code: string; name: string; lat: number; lng: number } = LA_EXCHANGE,
): Promise<PublicKey> {
  const index = await nextIndex(env);
  await run(env, 'create_exchange', { accountIndex: String(index), ...a });
  return getExchangePda(env.programId, index)[0];
}

export async function createContributor(env: Env, code: string, owner: PublicKey = env.payer.publicKey): Promise<PublicKey> {
  const index = await nextIndex(env);
  const ix = await run(env, 'create_contributor', { accountIndex: String(index), owner: owner.toBase58(), code });
  return ix.keys[0]!.pubkey;
}

/** upstream `create_unicast_default_topology` / `create_topology` (IncludeAny). */
export async function createTopology(env: Env, name: string): Promise<PublicKey> {
  await run(env, 'create_topology', { name, constraint: 0 });
  return getTopologyPda(env.programId, name)[0];
}

export async function createPermission(env: Env, userPayer: PublicKey, permissions: bigint): Promise<PublicKey> {
  await run(env, 'create_permission', { userPayer: userPayer.toBase58(), permissions: permissions.toString() });
  return getPermissionPda(env.programId, userPayer)[0];
}

export const LA_LOCATION = { code: 'la', name: 'Los Angeles', country: 'us', lat: 1.234, lng: 4.567 };
export const LA_EXCHANGE = { code: 'la', name: 'Los Angeles', lat: 1.234, lng: 4.567 };

/** upstream `setup_device_prerequisites`: location "la", exchange "la", contributor owned by the payer. */
export async function createPrerequisites(
  env: Env,
  contributorCode = 'cont',
): Promise<{ location: PublicKey; exchange: PublicKey; contributor: PublicKey }> {
  const location = await createLocation(env);
  const exchange = await createExchange(env);
  const contributor = await createContributor(env, contributorCode);
  return { location, exchange, contributor };
}

// ---------------------------------------------------------------------------------------------
// dzprov-built Device / interface requests

export interface DeviceSpec {
  contributor: PublicKey;
  location: PublicKey;
  exchange: PublicKey;
  code: string;
  publicIp: string;
  dzPrefixes: string[];
  deviceType?: DeviceType;
  metricsPublisherPk?: PublicKey;
  mgmtVrf?: string;
  desiredStatus?: DeviceDesiredStatus | null;
  signer?: Keypair;
  validate?: boolean;
}

/** A CreateDevice built by dzprov for the next account index (upstream's `DeviceCreateArgs`). */
export async function createDeviceIx(env: Env, s: DeviceSpec): Promise<{ pk: PublicKey; ix: TransactionInstruction }> {
  const deviceIndex = await nextIndex(env);
  const args: CreateDeviceArgs = {
    code: s.code,
    deviceType: s.deviceType ?? DeviceType.Hybrid,
    publicIp: s.publicIp,
    dzPrefixes: s.dzPrefixes,
    metricsPublisherPk: s.metricsPublisherPk ?? ZERO_KEY,
    mgmtVrf: s.mgmtVrf ?? 'mgmt',
    desiredStatus: s.desiredStatus === undefined ? DeviceDesiredStatus.Activated : s.desiredStatus,
  };
  const ix = createCreateDeviceInstruction({
    programId: env.programId,
    payer: (s.signer ?? env.payer).publicKey,
    contributor: s.contributor,
    location: s.location,
    exchange: s.exchange,
    deviceIndex,
    args,
    ...(s.validate === false ? { validate: false } : {}),
  });
  return { pk: ix.keys[0]!.pubkey, ix };
}

/** Creates the device (execute_transaction semantics) and returns its address. */
export async function createDevice(env: Env, s: DeviceSpec): Promise<PublicKey> {
  const { pk, ix } = await createDeviceIx(env, s);
  await exec(env, ix, s.signer ?? env.payer);
  return pk;
}

/** DeviceInterfaceCreateArgs in upstream's field set (use_onchain_allocation/topology_count are derived by dzprov). */
export function ifaceArgs(name: string, over: Partial<CreateDeviceInterfaceArgs> = {}): CreateDeviceInterfaceArgs {
  return physicalInterface(name, { bandwidth: 0n, cir: 0n, ...over });
}

// ---------------------------------------------------------------------------------------------
// Reading post-state with dzprov's decoders

export async function accountExists(env: Env, pk: PublicKey): Promise<boolean> {
  return (await env.oracle.getAccount(pk)).exists;
}

async function dataOf(env: Env, pk: PublicKey, what: string): Promise<Uint8Array> {
  const a = await env.oracle.getAccount(pk);
  if (!a.exists) throw new Error(`${what} ${pk.toBase58()} does not exist`);
  return a.data;
}

/** The device as dzprov decodes it, after checking dzprov re-encodes the program's bytes exactly. */
export async function readDevice(env: Env, pk: PublicKey): Promise<Device> {
  const bytes = await dataOf(env, pk, 'device');
  const d = decodeDevice(bytes, { programId: env.programId });
  expect(Buffer.from(encodeDevice(d)).equals(Buffer.from(bytes)), 'encodeDevice(decodeDevice(b)) = b').toBe(true);
  return d;
}

export async function readLink(env: Env, pk: PublicKey): Promise<Link> {
  const bytes = await dataOf(env, pk, 'link');
  const k = decodeLink(bytes, { programId: env.programId });
  expect(Buffer.from(encodeLink(k)).equals(Buffer.from(bytes)), 'encodeLink(decodeLink(b)) = b').toBe(true);
  return k;
}

export async function readContributor(env: Env, pk: PublicKey): Promise<Contributor> {
  return decodeContributor(await dataOf(env, pk, 'contributor'), { programId: env.programId });
}
export async function readLocation(env: Env, pk: PublicKey): Promise<Location> {
  return decodeLocation(await dataOf(env, pk, 'location'), { programId: env.programId });
}
export async function readExchange(env: Env, pk: PublicKey): Promise<Exchange> {
  return decodeExchange(await dataOf(env, pk, 'exchange'), { programId: env.programId });
}

/** upstream `Device::find_interface`: case-insensitive name match. */
export function findIface(d: Device, name: string): Interface | undefined {
  const n = name.toLowerCase();
  return d.interfaces.find((i) => i.name.toLowerCase() === n);
}

export function getIface(d: Device, name: string): Interface {
  const i = findIface(d, name);
  if (!i) throw new Error(`device ${d.code} has no interface ${name} (has ${d.interfaces.map((x) => x.name).join(', ')})`);
  return i;
}

export const keys = (ks: readonly PublicKey[]): string[] => ks.map((k) => k.toBase58());

// ---------------------------------------------------------------------------------------------
// ResourceExtension accounts (dzprov has no decoder for them: a minimal reader, test-only)

/**
 * The allocated entries of a ResourceExtension account (upstream `iter_allocated`): numbers
 * for an id allocator, dotted IPv4 addresses for an IP allocator. Layout (docs of the program
 * state): account_type u8, owner, bump u8, associated_with, then the allocator enum
 * (0 = Ip { base_net NetworkV4, first_free_index u64 }, 1 = Id { range (u16, u16),
 * first_free_index u64 }); the bitmap starts at byte 88, bit i of byte j = entry 8j + i.
 */
export async function allocated(env: Env, pk: PublicKey): Promise<(number | string)[]> {
  const data = await dataOf(env, pk, 'resource extension');
  expect(data[0]).toBe(AccountType.ResourceExtension);
  const BITMAP = 88;
  const kind = data[66];
  const out: (number | string)[] = [];
  if (kind === 0) {
    const base = new Reader(data, 'ResourceExtension', 67).ipv4('base_net');
    const baseN = base.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
    for (let j = BITMAP; j < data.length; j++) {
      for (let b = 0; b < 8; b++) {
        if ((data[j]! >> b) & 1) {
          const n = baseN + (j - BITMAP) * 8 + b;
          out.push([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.'));
        }
      }
    }
  } else if (kind === 1) {
    const start = data[67]! | (data[68]! << 8);
    for (let j = BITMAP; j < data.length; j++) {
      for (let b = 0; b < 8; b++) if ((data[j]! >> b) & 1) out.push(start + (j - BITMAP) * 8 + b);
    }
  } else {
    throw new Error(`unknown allocator tag ${kind}`);
  }
  return out;
}

/** An empty ResourceExtension account image (upstream delete_cyoa_interface_test's `make_empty_resource_extension`). */
export function emptyResourceExtension(
  programId: PublicKey,
  bump: number,
  allocator: { ip: string; prefix: number } | { range: [number, number] },
  bitmapSize: number,
): Uint8Array {
  const data = new Uint8Array(88 + bitmapSize);
  data[0] = AccountType.ResourceExtension;
  data.set(programId.toBytes(), 1);
  data[33] = bump;
  // associated_with: the zero key (bytes 34..66 stay 0)
  if ('ip' in allocator) {
    data[66] = 0;
    data.set(allocator.ip.split('.').map(Number), 67);
    data[71] = allocator.prefix;
    // first_free_index u64 = 0 (72..80)
  } else {
    data[66] = 1;
    data[67] = allocator.range[0] & 0xff;
    data[68] = allocator.range[0] >> 8;
    data[69] = allocator.range[1] & 0xff;
    data[70] = allocator.range[1] >> 8;
  }
  return data;
}

// ---------------------------------------------------------------------------------------------
// Topology accounts (dzprov has no decoder for them: a minimal reader, test-only)

/**
 * A TopologyInfo account's name and reference_count. Layout: account_type u8, owner, bump u8,
 * name (u32 length + UTF-8), admin_group_bit u8, flex_algo_number u8, constraint u8,
 * reference_count u32.
 */
export async function readTopology(env: Env, pk: PublicKey): Promise<{ name: string; referenceCount: number }> {
  const data = await dataOf(env, pk, 'topology');
  const r = new Reader(data, 'TopologyInfo', 1 + 32 + 1);
  const name = r.string('name');
  r.u8('admin_group_bit');
  r.u8('flex_algo_number');
  r.u8('constraint');
  return { name, referenceCount: r.u32('reference_count') };
}

/** The `owner` recorded in a ResourceExtension account's header (bytes 1..33). */
export async function resourceOwner(env: Env, pk: PublicKey): Promise<PublicKey> {
  const data = await dataOf(env, pk, 'resource extension');
  expect(data[0]).toBe(AccountType.ResourceExtension);
  return new PublicKey(data.subarray(1, 33));
}
