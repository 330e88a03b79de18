/**
 * The ledger every differential case starts from, built through the program: the bootstrap of
 * ledger.ts, every authority the program knows (health oracle, activator, sentinel, feed, a QA
 * allowlist member, a second foundation member), three topologies, three devices with dzprov's
 * builders (A and Z of contributor coa, X of contributor cob) with interfaces, a WAN link A–Z
 * (activated) and a DZX link A–X (requested). A case overwrites the accounts it needs (the
 * devices, a link, GlobalState, the caller's Permission PDA) with the state it draws, and every
 * account a case touched is put back from the snapshot before the next one.
 */
import { Keypair, PublicKey } from '@solana/web3.js';
import {
  COMPUTE_BUDGET_PROGRAM_ID,
  LinkLinkType,
  LoopbackType,
  createCreateDeviceInterfaceInstruction,
  decodeDevice,
  decodeGlobalState,
  decodeLink,
  getDeviceTunnelBlockPda,
  getDevicePda,
  getDzPrefixBlockPda,
  getGlobalConfigPda,
  getGlobalStatePda,
  getLinkIdsPda,
  getLinkPda,
  getPermissionPda,
  getSegmentRoutingIdsPda,
  getTopologyPda,
  getTunnelIdsPda,
  type Device,
  type GlobalState,
  type Link,
} from '../../../src/index.js';
import type { Oracle, OracleAccount } from '../oracle.js';
import { LAMPORTS, addDevice, addInterface, addLink, bootstrap, physicalInterface, readDevice, readLink, type Ledger } from '../ledger.js';

export const SYSTEM = new PublicKey('11111111111111111111111111111111');

/** Every key a case may sign with, by the name the tables use. */
export const CALLER_NAMES = [
  'foundation',
  'foundation2',
  'contributorA',
  'contributorB',
  'healthOracle',
  'activator',
  'sentinel',
  'feed',
  'qa',
  'stranger',
] as const;
export type CallerName = (typeof CALLER_NAMES)[number];

export const TOPOLOGIES = ['unicast-default', 'flex-a', 'flex-b'] as const;

export interface World {
  oracle: Oracle;
  l: Ledger;
  programId: PublicKey;
  keys: Record<CallerName, Keypair>;
  devA: PublicKey;
  devZ: PublicKey;
  devX: PublicKey;
  wan: PublicKey;
  dzx: PublicKey;
  base: { devA: Device; devZ: Device; devX: Device; wan: Link; dzx: Link; gs: GlobalState };
  topologies: PublicKey[];
  /** The next entity's Device and Link PDAs (CreateDevice / CreateLink with index account_index + 1). */
  nextDevice: PublicKey;
  nextLink: PublicKey;
  snapshot: Map<string, OracleAccount>;
}

const programs = (w: Pick<World, 'programId'>) => new Set([SYSTEM.toBase58(), COMPUTE_BUDGET_PROGRAM_ID.toBase58(), w.programId.toBase58()]);

/** Builds the world on a new ledger, or on `chain` (a ledger bootstrapped already, e.g. the oracle node's). */
export async function buildWorld(oracle: Oracle, chain?: Ledger): Promise<World> {
  const l = chain ?? (await bootstrap(oracle));
  const admin = l.admin;
  const extra = { activator: Keypair.generate(), sentinel: Keypair.generate(), feed: Keypair.generate(), qa: Keypair.generate() };
  for (const k of Object.values(extra)) await oracle.fund(k.publicKey, LAMPORTS);
  const run = async (builder: string, args: Record<string, unknown>) => oracle.sendOk([await oracle.build(builder, admin.publicKey, args)], [admin]);
  await run('set_authority', {
    activatorAuthorityPk: extra.activator.publicKey.toBase58(),
    sentinelAuthorityPk: extra.sentinel.publicKey.toBase58(),
    feedAuthorityPk: extra.feed.publicKey.toBase58(),
  });
  await run('add_qa_allowlist', { pubkey: extra.qa.publicKey.toBase58() });
  for (const name of TOPOLOGIES.slice(1)) await run('create_topology', { name, constraint: 0 });

  const [coa, cob] = l.contributors as [Ledger['contributors'][0], Ledger['contributors'][0]];
  const mk = async (contributor: typeof coa) => {
    const r = await addDevice(l, { contributor });
    if (!r.result.success) throw new Error(`device: ${JSON.stringify(r.result.error)}`);
    return r.pk;
  };
  const devA = await mk(coa);
  const devZ = await mk(coa);
  const devX = await mk(cob);
  for (const d of [devA, devZ, devX]) {
    for (const n of ['Ethernet1', 'Ethernet2']) {
      const r = await addInterface(l, d, physicalInterface(n));
      if (!r.success) throw new Error(`interface: ${JSON.stringify(r.error)}`);
    }
  }
  // A Vpnv4 loopback with a flex-algo topology on A (allocated address, segment ids).
  const lo = await oracle.send(
    [
      createCreateDeviceInterfaceInstruction({
        programId: l.programId,
        payer: admin.publicKey,
        device: devA,
        contributor: coa.pk,
        topologyNames: ['flex-a'],
        args: physicalInterface('Loopback0', { loopbackType: LoopbackType.Vpnv4 }),
      }),
    ],
    [admin],
  );
  if (!lo.success) throw new Error(`loopback: ${JSON.stringify(lo.error)}`);
  const w = await addLink(l, devA, devZ, { contributor: coa });
  const x = await addLink(l, devA, devX, { contributor: coa, args: { linkType: LinkLinkType.DZX, sideAIfaceName: 'Ethernet2', sideZIfaceName: null } });
  if (!w.result.success || !x.result.success) throw new Error('links');

  const programId = l.programId;
  const gsPk = getGlobalStatePda(programId)[0];
  const gs = decodeGlobalState((await oracle.getAccount(gsPk)).data);
  const keys: Record<CallerName, Keypair> = {
    foundation: admin,
    foundation2: l.admin2,
    contributorA: coa.owner,
    contributorB: cob.owner,
    healthOracle: l.healthOracle,
    ...extra,
    stranger: l.stranger,
  };
  const topologies = TOPOLOGIES.map((n) => getTopologyPda(programId, n)[0]);
  const nextIndex = gs.accountIndex + 1n;
  const nextDevice = getDevicePda(programId, nextIndex)[0];
  const nextLink = getLinkPda(programId, nextIndex)[0];
  const world: World = {
    oracle,
    l,
    programId,
    keys,
    devA,
    devZ,
    devX,
    wan: w.pk,
    dzx: x.pk,
    base: {
      devA: await readDevice(l, devA),
      devZ: await readDevice(l, devZ),
      devX: await readDevice(l, devX),
      wan: await readLink(l, w.pk),
      dzx: await readLink(l, x.pk),
      gs,
    },
    topologies,
    nextDevice,
    nextLink,
    snapshot: new Map(),
  };
  const snapshotKeys = [
    devA,
    devZ,
    devX,
    w.pk,
    x.pk,
    nextDevice,
    nextLink,
    ...l.contributors.map((c) => c.pk),
    ...l.locations,
    ...l.exchanges,
    ...topologies,
    gsPk,
    getGlobalConfigPda(programId)[0],
    getDeviceTunnelBlockPda(programId)[0],
    getLinkIdsPda(programId)[0],
    getSegmentRoutingIdsPda(programId)[0],
    // every resource account a device of the world or a new device may have or get
    ...[devA, devZ, devX, nextDevice].flatMap((d) => [getTunnelIdsPda(programId, d, 0)[0], ...[0, 1, 2, 3].map((i) => getDzPrefixBlockPda(programId, d, i)[0])]),
    ...Object.values(keys).flatMap((k) => [k.publicKey, getPermissionPda(programId, k.publicKey)[0]]),
  ];
  for (const a of await oracle.getAccounts(snapshotKeys)) world.snapshot.set(a.pubkey.toBase58(), a);
  return world;
}

/** Puts back every account in `touched` as the snapshot holds it. */
export async function restore(w: World, touched: Iterable<string>): Promise<void> {
  const known = programs(w);
  for (const k of touched) {
    const a = w.snapshot.get(k);
    if (!a) {
      // An account outside the snapshot would carry one case's effects into the next.
      if (!known.has(k)) throw new Error(`account ${k} was touched but is not in the snapshot`);
      continue;
    }
    await w.oracle.setAccount(a.pubkey, a.exists ? a : { owner: SYSTEM, lamports: 0 });
  }
}

const rent = new Map<number, bigint>();
/** Rent-exempt lamports for `len` bytes (cached). */
export async function rentFor(w: World, len: number): Promise<bigint> {
  if (!rent.has(len)) rent.set(len, await w.oracle.rentExempt(len));
  return rent.get(len)!;
}

/** Writes `data` as a program-owned account, rent-exempt for its size and no more (as the program leaves accounts). */
export async function putProgramAccount(w: World, pk: PublicKey, data: Uint8Array): Promise<void> {
  await w.oracle.setAccount(pk, { owner: w.programId, lamports: await rentFor(w, data.length), data });
}

export const decodeDeviceOf = (w: World, data: Uint8Array): Device => decodeDevice(data, { programId: w.programId });
export const decodeLinkOf = (w: World, data: Uint8Array): Link => decodeLink(data, { programId: w.programId });
