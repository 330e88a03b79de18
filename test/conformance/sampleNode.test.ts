/**
 * The sample node's model of the program (src/cli/node/model.ts), judged by the program itself:
 * random sequences of dzprov-built instructions — the lifecycle-checked builders where they
 * build, the raw builders with the same request where they refuse — are signed once and the same
 * wire bytes are executed by the program (the oracle) and by the model, each step on the state
 * the previous steps left. Per instruction:
 *
 * - the program succeeds ⇔ the model succeeds, and then every program-owned account the
 *   transaction names is the same in both (existence, owner, lamports, every byte);
 * - the program fails ⇔ the model fails, with the same error at the same instruction (custom code,
 *   or the runtime's error name);
 * - where the model is narrower it refuses with `unmodelled` (never a partial effect), and only for
 *   the requests docs/sample-node.md lists: the table of those cases and what the program did with
 *   them is printed on every run. The model then takes the program's post-state and the sequence
 *   goes on.
 *
 * DZPROV_SAMPLE_NODE_RUNS sets the number of sequences (1,000 by default).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Keypair, PublicKey, type TransactionInstruction } from '@solana/web3.js';
import {
  AccountType,
  DeviceStatus,
  EncodeError,
  FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS,
  LinkDesiredStatus,
  LinkLinkType,
  LinkStatus,
  PERMISSION_FLAG_HEALTH_ORACLE,
  PERMISSION_FLAG_NETWORK_ADMIN,
  PermissionStatus,
  acceptLink,
  changeDeviceStatus,
  changeLinkStatus,
  createAcceptLinkInstruction,
  createDeleteDeviceInstruction,
  createDeleteLinkInstruction,
  createSetDeviceHealthInstruction,
  createSetLinkHealthInstruction,
  createUpdateDeviceInstruction,
  createUpdateLinkInstruction,
  decodeContributor,
  decodeDevice,
  decodeGlobalState,
  decodeLink,
  decodePermission,
  deleteDevice,
  deleteLink,
  encodeDevice,
  encodeGlobalState,
  encodeLink,
  encodePermission,
  getDeviceTunnelBlockPda,
  getDzPrefixBlockPda,
  getGlobalConfigPda,
  getGlobalStatePda,
  getLinkIdsPda,
  getPermissionPda,
  getSegmentRoutingIdsPda,
  getTopologyPda,
  getTunnelIdsPda,
  linkUpdateAuthority,
  promoteDevice,
  resolveRoles,
  setDeviceDesiredStatus,
  setDeviceHealth,
  setLinkDesiredStatus,
  setLinkHealth,
  type Device,
  type Link,
  type Permission,
  type Role,
} from '../../src/index.js';
import { rentExemptMinimum, runTransaction, type ModelAccount, type ModelError } from '../../src/cli/node/model.js';
import { parseTransaction } from '../../src/cli/node/wire.js';
import { outcome, type ExecResult, type OracleAccount } from './oracle.js';
import { useOracle } from './useOracle.js';
import { addDevice, addInterface, addLink, bootstrap, physicalInterface, type Ledger } from './ledger.js';
import { recordCounterexamples } from './stats.js';

const RUNS = Number(process.env.DZPROV_SAMPLE_NODE_RUNS ?? 1000);
const SYSTEM = '11111111111111111111111111111111';

const oracle = useOracle();
let l: Ledger;
let pid: string;
/** Every account a sequence may touch, as the bootstrap left it. */
const snapshot = new Map<string, OracleAccount>();
const targets = {} as Record<'devA' | 'devZ' | 'devX' | 'devD' | 'wan' | 'dzx', PublicKey>;

const asModel = (a: OracleAccount): ModelAccount => ({ owner: a.owner.toBase58(), lamports: a.lamports, data: a.data, executable: a.executable });

beforeAll(async () => {
  l = await bootstrap(oracle);
  pid = l.programId.toBase58();
  const [coa, cob] = l.contributors as [Ledger['contributors'][0], Ledger['contributors'][0]];
  targets.devA = (await addDevice(l, { contributor: coa })).pk;
  targets.devZ = (await addDevice(l, { contributor: coa })).pk;
  targets.devX = (await addDevice(l, { contributor: cob })).pk;
  // A device with no interface and no link: the one DeleteDevice can delete.
  targets.devD = (await addDevice(l, { contributor: cob })).pk;
  for (const d of [targets.devA, targets.devZ, targets.devX]) {
    for (const n of ['Ethernet1', 'Ethernet2']) expect((await addInterface(l, d, physicalInterface(n))).success).toBe(true);
  }
  const w = await addLink(l, targets.devA, targets.devZ, { contributor: coa });
  const x = await addLink(l, targets.devA, targets.devX, { contributor: coa, args: { linkType: LinkLinkType.DZX, sideAIfaceName: 'Ethernet2', sideZIfaceName: null } });
  expect(w.result.success && x.result.success).toBe(true);
  targets.wan = w.pk;
  targets.dzx = x.pk;
  const devices = [targets.devA, targets.devZ, targets.devX, targets.devD];
  const keys = [
    ...Object.values(targets),
    ...l.contributors.map((c) => c.pk),
    ...l.locations,
    ...l.exchanges,
    getGlobalStatePda(l.programId)[0],
    getGlobalConfigPda(l.programId)[0],
    getDeviceTunnelBlockPda(l.programId)[0],
    getLinkIdsPda(l.programId)[0],
    getSegmentRoutingIdsPda(l.programId)[0],
    getTopologyPda(l.programId, 'unicast-default')[0],
    ...devices.flatMap((d) => [getTunnelIdsPda(l.programId, d, 0)[0], getDzPrefixBlockPda(l.programId, d, 0)[0]]),
    ...callers().map((c) => c.key.publicKey),
    ...callers().map((c) => getPermissionPda(l.programId, c.key.publicKey)[0]),
    // the devices' owners receive the lamports of a closed device
    ...(await oracle.getAccounts(devices)).map((a) => decodeDevice(a.data).owner),
  ];
  for (const a of await oracle.getAccounts(keys)) snapshot.set(a.pubkey.toBase58(), a);
}, 300_000);

function callers(): { name: string; key: Keypair }[] {
  return [
    { name: 'foundation', key: l.admin },
    { name: 'contributor coa', key: l.contributors[0]!.owner },
    { name: 'contributor cob', key: l.contributors[1]!.owner },
    { name: 'health oracle', key: l.healthOracle },
    { name: 'stranger', key: l.stranger },
  ];
}

// ---------------------------------------------------------------------------------------------
// Random sequences

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const DEVICE_STATUSES = [0, 1, 3, 4, 5, 6, 7, 8, 2, 9];
const DEVICE_HEALTHS = [0, 1, 2, 3, 4, 9];
const DEVICE_DESIRED = [0, 1, 6, 2];
const LINK_STATUSES = [0, 1, 3, 4, 5, 6, 7, 8, 2, 12];
const LINK_HEALTHS = [0, 1, 2, 3, 9];
const LINK_DESIRED = [0, 1, 6, 7, 2];

const arbStart = fc.record({
  device: fc.record({ which: pick(['devA', 'devD'] as const), status: pick(DEVICE_STATUSES), health: pick(DEVICE_HEALTHS), desired: pick(DEVICE_DESIRED) }),
  link: fc.record({ which: pick(['wan', 'dzx'] as const), status: pick(LINK_STATUSES), health: pick(LINK_HEALTHS), desired: pick(LINK_DESIRED) }),
  shaped: fc.boolean(),
  permission: fc.record({ who: fc.nat({ max: 4 }), kind: pick(['none', 'none', 'networkAdmin', 'healthOracle', 'both', 'other', 'suspended'] as const) }),
  strict: fc.constantFrom(false, false, false, true),
});
type Start = typeof arbStart extends fc.Arbitrary<infer T> ? T : never;

const OPS = ['status', 'status', 'promote', 'desired', 'health', 'health', 'delete', 'accept', 'rawDevice', 'rawLink', 'stray'] as const;
const arbStep = fc.record({
  who: fc.nat({ max: 4 }),
  target: pick(['devA', 'devA', 'devD', 'wan', 'wan', 'dzx'] as const),
  // devD (no interface, no link) is the device a delete can succeed on: it gets more of them
  op: pick(OPS),
  to: fc.nat({ max: 9 }),
  checked: fc.constantFrom(true, true, true, false),
  legacy: fc.boolean(),
  iface: pick(['Ethernet1', 'Ethernet2', 'Ethernet7']),
  raw: pick(['delayOverride', 'bandwidth', 'mtu', 'tunnelId', 'code', 'mgmtVrf', 'unicastDrained'] as const),
});
type Step = typeof arbStep extends fc.Arbitrary<infer T> ? T : never;
const arbSteps = fc.array(
  fc.oneof({ weight: 4, arbitrary: arbStep }, { weight: 1, arbitrary: arbStep.map((x) => ({ ...x, target: 'devD' as const, op: x.to % 3 === 0 ? ('status' as const) : ('delete' as const) })) }),
  { minLength: 1, maxLength: 10 },
);

// ---------------------------------------------------------------------------------------------
// The model's state, beside the oracle's

let model = new Map<string, ModelAccount>();
const touched = new Set<string>();

async function setBoth(k: PublicKey, a: { owner: PublicKey; lamports: bigint; data: Uint8Array }): Promise<void> {
  await oracle.setAccount(k, a);
  model.set(k.toBase58(), { owner: a.owner.toBase58(), lamports: a.lamports, data: a.data, executable: false });
  touched.add(k.toBase58());
}

/** Puts back every account the previous sequence touched, in the oracle and the model. */
async function restore(): Promise<void> {
  const programs = new Set([SYSTEM, 'ComputeBudget111111111111111111111111111111', pid]);
  for (const k of touched) {
    const a = snapshot.get(k);
    if (!a) {
      if (!programs.has(k)) throw new Error(`account ${k} was touched but is not in the snapshot`);
      continue;
    }
    await oracle.setAccount(a.pubkey, a.exists ? a : { owner: new PublicKey(SYSTEM), lamports: 0 });
  }
  touched.clear();
  model = new Map([...snapshot].filter(([, a]) => a.exists).map(([k, a]) => [k, asModel(a)]));
}

/**
 * `value` encoded with the given enum fields holding the given bytes, undeclared ones included
 * (dzprov's encoders refuse those): each field's byte is found by encoding two declared values.
 */
function withEnumBytes<T extends object>(value: T, encode: (v: T) => Uint8Array, fields: [keyof T, number, [number, number]][]): Uint8Array {
  const clean = { ...value };
  for (const [f, , [a]] of fields) (clean as Record<keyof T, number>)[f] = a;
  const base = encode(clean);
  const out = base.slice();
  for (const [f, v, [, b]] of fields) {
    const other = encode({ ...clean, [f]: b });
    out[base.findIndex((x, i) => x !== other[i])] = v;
  }
  return out;
}

async function start(s: Start): Promise<void> {
  await restore();
  if (s.shaped) {
    const dk = targets[s.device.which];
    const dev = decodeDevice(snapshot.get(dk.toBase58())!.data);
    const devBytes = withEnumBytes(dev, encodeDevice, [
      ['status', s.device.status, [1, 5]],
      ['deviceHealth', s.device.health, [1, 2]],
      ['desiredStatus', s.device.desired, [1, 6]],
    ]);
    await setBoth(dk, { owner: l.programId, lamports: rentExemptMinimum(devBytes.length), data: devBytes });
    const lk = targets[s.link.which];
    const linkBytes = withEnumBytes(decodeLink(snapshot.get(lk.toBase58())!.data), encodeLink, [
      ['status', s.link.status, [1, 6]],
      ['linkHealth', s.link.health, [1, 2]],
      ['desiredStatus', s.link.desired, [1, 6]],
    ]);
    await setBoth(lk, { owner: l.programId, lamports: rentExemptMinimum(linkBytes.length), data: linkBytes });
  }
  const gsKey = getGlobalStatePda(l.programId)[0];
  if (s.strict) {
    const gs = decodeGlobalState(snapshot.get(gsKey.toBase58())!.data);
    await setBoth(gsKey, { owner: l.programId, lamports: snapshot.get(gsKey.toBase58())!.lamports, data: encodeGlobalState({ ...gs, featureFlags: gs.featureFlags | FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS }) });
  }
  if (s.permission.kind !== 'none') {
    const signer = callers()[s.permission.who]!.key.publicKey;
    const flags = { networkAdmin: PERMISSION_FLAG_NETWORK_ADMIN, healthOracle: PERMISSION_FLAG_HEALTH_ORACLE, both: PERMISSION_FLAG_NETWORK_ADMIN | PERMISSION_FLAG_HEALTH_ORACLE, other: 1n << 9n, suspended: PERMISSION_FLAG_NETWORK_ADMIN | PERMISSION_FLAG_HEALTH_ORACLE }[s.permission.kind];
    const [pda, bump] = getPermissionPda(l.programId, signer);
    const permission: Permission = {
      accountType: AccountType.Permission,
      owner: l.admin.publicKey,
      bumpSeed: bump,
      status: s.permission.kind === 'suspended' ? PermissionStatus.Suspended : PermissionStatus.Activated,
      userPayer: signer,
      permissions: flags,
    };
    const data = encodePermission(permission);
    await setBoth(pda, { owner: l.programId, lamports: rentExemptMinimum(data.length), data });
  }
}

// ---------------------------------------------------------------------------------------------
// One step: the instruction dzprov builds for it, from the state as it is now

const bytesOf = (k: PublicKey): Uint8Array | undefined => model.get(k.toBase58())?.data;

function rolesOf(signer: PublicKey, contributor: PublicKey, sideZContributor?: PublicKey): { roles: Role[]; appendPermission: boolean } {
  const gs = decodeGlobalState(bytesOf(getGlobalStatePda(l.programId)[0])!);
  const permBytes = bytesOf(getPermissionPda(l.programId, signer)[0]);
  const permission = permBytes ? decodePermission(permBytes) : null;
  const owner = (c: PublicKey) => decodeContributor(bytesOf(c)!).owner;
  return {
    roles: resolveRoles({ payer: signer, globalState: gs, permission, contributorOwner: owner(contributor), sideZContributorOwner: sideZContributor ? owner(sideZContributor) : undefined }),
    appendPermission: permission !== null,
  };
}

/** The instruction for `s`, or undefined when nothing can be built (a target gone, a value no encoder takes). */
function instructionFor(s: Step): TransactionInstruction | undefined {
  const signer = callers()[s.who]!.key.publicKey;
  const isDevice = s.target === 'devA' || s.target === 'devD';
  const key = targets[s.target];
  const bytes = bytesOf(key);
  if (!bytes || bytes.length === 0) return undefined;
  const base = { programId: l.programId, payer: signer };
  if (isDevice) {
    let device: Device;
    try {
      device = decodeDevice(bytes);
    } catch {
      return undefined;
    }
    const { roles, appendPermission } = rolesOf(signer, device.contributorPk);
    const input = { ...base, roles, appendPermission, devicePk: key, device };
    const resources =
      s.legacy ? ({ kind: 'legacy' } as const) : ({ kind: 'atomic', location: device.locationPk, exchange: device.exchangePk, owners: [device.owner, device.owner], deviceOwner: device.owner } as const);
    const raw = { ...base, appendPermission, validate: false, device: key, currentContributor: device.contributorPk, currentLocation: device.locationPk };
    const to = { status: DEVICE_STATUSES, desired: DEVICE_DESIRED, health: DEVICE_HEALTHS }[s.op as 'status'] ?? DEVICE_STATUSES;
    const value = to[s.to % to.length]!;
    const checked = (): TransactionInstruction | undefined => {
      switch (s.op) {
        case 'status': return changeDeviceStatus({ ...input, to: value });
        case 'promote': return promoteDevice(input);
        case 'desired': return setDeviceDesiredStatus({ ...input, to: value });
        case 'health': return setDeviceHealth({ ...input, to: value });
        case 'delete': return deleteDevice({ ...input, resources });
        default: return undefined;
      }
    };
    const unchecked = (): TransactionInstruction | undefined => {
      switch (s.op) {
        case 'status':
        case 'promote': return createUpdateDeviceInstruction({ ...raw, args: { status: value, ...(s.legacy ? { desiredStatus: DEVICE_DESIRED[s.to % 3]! } : {}) } });
        case 'desired': return createUpdateDeviceInstruction({ ...raw, args: { desiredStatus: value } });
        case 'health': return createSetDeviceHealthInstruction({ ...base, appendPermission, validate: false, device: key, args: { health: value } });
        case 'delete': return createDeleteDeviceInstruction({ ...base, appendPermission, device: key, contributor: device.contributorPk, resources });
        case 'rawDevice': return createUpdateDeviceInstruction({ ...raw, args: s.raw === 'mgmtVrf' ? { mgmtVrf: 'vrf2' } : { desiredStatus: value, maxUsers: 64 } });
        // a wallet where the device belongs: the program's owner assertion panics
        case 'stray':
          return s.legacy
            ? createSetDeviceHealthInstruction({ ...base, appendPermission, validate: false, device: l.stranger.publicKey, args: { health: 2 } })
            : createUpdateDeviceInstruction({ ...raw, device: l.stranger.publicKey, args: { desiredStatus: 1 } });
        default: return undefined;
      }
    };
    return build(s.checked, checked, unchecked);
  }
  let link: Link;
  try {
    link = decodeLink(bytes);
  } catch {
    return undefined;
  }
  const sideZBytes = bytesOf(link.sideZPk);
  const sideADevice = bytesOf(link.sideAPk) ? decodeDevice(bytesOf(link.sideAPk)!) : undefined;
  const sideZDevice = sideZBytes ? decodeDevice(sideZBytes) : undefined;
  const { roles, appendPermission } = rolesOf(signer, link.contributorPk, sideZDevice?.contributorPk);
  const input = { ...base, roles, appendPermission, linkPk: key, link, ...(sideZDevice ? { sideZDevice, sideZContributorPk: sideZDevice.contributorPk } : {}), ...(sideADevice ? { sideADevice } : {}) };
  let authority: ReturnType<typeof linkUpdateAuthority>;
  try {
    authority = linkUpdateAuthority(input);
  } catch {
    authority = { kind: 'contributor', contributor: link.contributorPk };
  }
  const raw = { ...base, appendPermission, validate: false, link: key, authority, sideA: link.sideAPk, sideZ: link.sideZPk, currentSideZIfaceName: link.sideZIfaceName };
  const to = { status: LINK_STATUSES, desired: LINK_DESIRED, health: LINK_HEALTHS }[s.op as 'status'] ?? LINK_STATUSES;
  const value = to[s.to % to.length]!;
  const checked = (): TransactionInstruction | undefined => {
    switch (s.op) {
      case 'status':
      case 'promote': return changeLinkStatus({ ...input, to: value });
      case 'desired': return setLinkDesiredStatus({ ...input, to: value });
      case 'health': return setLinkHealth({ ...input, to: value });
      case 'delete': return deleteLink(input);
      case 'accept': return acceptLink({ ...input, sideZIfaceName: s.iface });
      default: return undefined;
    }
  };
  const unchecked = (): TransactionInstruction | undefined => {
    switch (s.op) {
      case 'status':
      case 'promote': {
        const desired = { [LinkStatus.Activated]: LinkDesiredStatus.Activated, [LinkStatus.SoftDrained]: LinkDesiredStatus.SoftDrained, [LinkStatus.HardDrained]: LinkDesiredStatus.HardDrained }[value as 1];
        return createUpdateLinkInstruction({ ...raw, args: desired === undefined ? { status: value } : { status: value, desiredStatus: desired } });
      }
      case 'desired': return createUpdateLinkInstruction({ ...raw, args: { desiredStatus: value } });
      case 'health': return createSetLinkHealthInstruction({ ...base, appendPermission, validate: false, link: key, args: { health: value } });
      case 'delete':
        return createDeleteLinkInstruction({ ...base, appendPermission, link: key, contributor: link.contributorPk, sideA: link.sideAPk, sideZ: link.sideZPk, owner: link.owner, linkTopologies: link.linkTopologies });
      case 'stray': return createSetLinkHealthInstruction({ ...base, appendPermission, validate: false, link: l.stranger.publicKey, args: { health: 1 } });
      case 'accept':
        return createAcceptLinkInstruction({ ...base, appendPermission, link: key, contributor: sideZDevice?.contributorPk ?? link.contributorPk, sideZ: link.sideZPk, sideA: link.sideAPk, args: { sideZIfaceName: s.iface } });
      case 'rawLink': {
        const args = {
          delayOverride: { delayOverrideNs: [0n, 5n, 500_000n][s.to % 3]! },
          bandwidth: { bandwidth: [10_000_000_000n, 5n, 100_000_000_000n][s.to % 3]!, delayNs: [20_000n, 5n, 1_000_000n][s.to % 3]! },
          mtu: { mtu: [9000, 1500][s.to % 2]!, jitterNs: 50_000n },
          tunnelId: { tunnelId: 5 },
          code: { code: 'renamed' },
          mgmtVrf: { delayOverrideNs: 0n },
          unicastDrained: { unicastDrained: s.to % 2 === 0 },
        }[s.raw];
        return createUpdateLinkInstruction({ ...raw, args });
      }
      default: return undefined;
    }
  };
  return build(s.checked, checked, unchecked);
}

/** The checked builder's instruction when it builds (and `preferChecked`), else the raw one. */
function build(preferChecked: boolean, checked: () => TransactionInstruction | undefined, unchecked: () => TransactionInstruction | undefined): TransactionInstruction | undefined {
  if (preferChecked) {
    try {
      const ix = checked();
      if (ix) return ix;
    } catch {
      // refused by dzprov: send what a caller without dzprov's checks would send
    }
  }
  try {
    return unchecked();
  } catch (e) {
    if (e instanceof EncodeError) return undefined;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Comparing

function modelOutcome(e: ModelError): number | string {
  if (e.kind === 'custom') return e.code;
  // The oracle fails a change to a read-only account as a panic naming it (oracle/PROTOCOL.md);
  // a validator, as the model, says ReadonlyDataModified / ReadonlyLamportChange.
  if (e.kind === 'builtin' && (e.name === 'ReadonlyDataModified' || e.name === 'ReadonlyLamportChange')) return 'ProgramFailedToComplete';
  return e.kind === 'builtin' ? e.name : 'unmodelled';
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The program-owned accounts the transaction named that differ between the oracle and the model. */
function differences(res: ExecResult): string[] {
  const out: string[] = [];
  for (const [k, o] of res.accounts) {
    const m = model.get(k);
    const oLive = o.exists && o.lamports > 0n;
    const ownedO = oLive && o.owner.toBase58() === pid;
    const ownedM = m !== undefined && m.owner === pid;
    if (!ownedO && !ownedM) continue;
    if (!oLive || !m) {
      out.push(`${k}: program ${oLive ? 'has it' : 'closed it'}, model ${m ? 'has it' : 'closed it'}`);
      continue;
    }
    if (m.owner !== o.owner.toBase58()) out.push(`${k}: owner ${o.owner.toBase58()} vs model ${m.owner}`);
    if (m.lamports !== o.lamports) out.push(`${k}: lamports ${o.lamports} vs model ${m.lamports}`);
    if (!sameBytes(m.data, o.data)) out.push(`${k}: data differs (${o.data.length} vs model ${m.data.length} bytes)`);
  }
  return out;
}

/** The requests the model does not model (docs/sample-node.md), by the reason it gives. */
const NARROWER: [RegExp, string][] = [
  [/^AcceptLink is not modelled/, 'AcceptLink (allocates a tunnel from the resource accounts)'],
  [/^DeleteLink is not modelled/, 'DeleteLink (frees the tunnel in the resource accounts)'],
  [/^UpdateDevice with mgmtVrf/, 'UpdateDevice with mgmt_vrf'],
  [/^UpdateDevice with maxUsers/, 'UpdateDevice with max_users'],
  [/^UpdateLink with tunnelId/, 'UpdateLink with tunnel_id'],
  [/^UpdateLink with code/, 'UpdateLink with code'],
];

describe("the sample node's model against the program", () => {
  it(`${RUNS} random sequences of dzprov-built instructions: the same outcome and the same account bytes`, async () => {
    // Given the rent the model charges is the program's
    for (const len of [0, 100, 395]) expect(rentExemptMinimum(len)).toBe(await oracle.rentExempt(len));

    const counterexamples: string[] = [];
    const narrower = new Map<string, Map<string, number>>();
    const tally = { steps: 0, ok: 0, failed: 0, unmodelled: 0, skipped: 0 };
    const errors = new Map<string, number>();
    /** instruction (and DeleteDevice's form) → both succeeded / both failed */
    const byInstruction = new Map<string, { ok: number; failed: number }>();
    const count = (logs: string[], ix: TransactionInstruction, ok: boolean) => {
      const name = logs.find((x) => x.startsWith('Program log: Instruction: '))?.slice('Program log: Instruction: '.length) ?? '?';
      const key = name === 'DeleteDevice' ? `DeleteDevice (${ix.keys.length > 6 ? 'atomic' : 'legacy'})` : name;
      const row = byInstruction.get(key) ?? { ok: 0, failed: 0 };
      row[ok ? 'ok' : 'failed']++;
      byInstruction.set(key, row);
    };
    let nonce = 0;
    await fc.assert(
      fc.asyncProperty(arbStart, arbSteps, async (s, steps) => {
        await start(s);
        for (const step of steps) {
          const ix = instructionFor(step);
          if (!ix) {
            tally.skipped++;
            continue;
          }
          tally.steps++;
          const signer = callers()[step.who]!.key;
          // When one transaction is signed, and its wire bytes executed by the program and by the model
          const tx = await oracle.sign([ix], [signer], { fresh: false, nonce: nonce++ });
          const wire = tx.serialize({ requireAllSignatures: true, verifySignatures: true });
          const res = await oracle.submit(wire);
          const verdict = runTransaction(parseTransaction(wire), (k) => model.get(k), pid);
          for (const k of res.accounts.keys()) touched.add(k);
          const where = () => `${step.op} (to=${step.to}, checked=${step.checked}, legacy=${step.legacy}, iface=${step.iface}, raw=${step.raw}) on ${step.target} by ${callers()[step.who]!.name}; start ${JSON.stringify(s)}`;
          const sync = () => {
            for (const [k, o] of res.accounts) {
              if (o.exists && o.lamports > 0n) model.set(k, asModel(o));
              else model.delete(k);
            }
          };
          const o = outcome(res);
          // Then the model is narrower (documented), or agrees with the program
          if (verdict.failure?.error.kind === 'unmodelled') {
            tally.unmodelled++;
            const reason = verdict.failure.error.reason;
            const known = NARROWER.find(([re]) => re.test(reason));
            if (!known) counterexamples.push(`unmodelled for an undocumented reason (${reason}): ${where()}`);
            const row = narrower.get(known?.[1] ?? reason) ?? new Map<string, number>();
            const answer = res.success ? 'program succeeded' : `program failed (${String(o)})`;
            row.set(answer, (row.get(answer) ?? 0) + 1);
            narrower.set(known?.[1] ?? reason, row);
            sync();
            continue;
          }
          if (res.success !== (verdict.failure === null)) {
            counterexamples.push(`program ${res.success ? 'succeeded' : `failed with ${JSON.stringify(o)}`}, model ${verdict.failure ? `failed with ${JSON.stringify(verdict.failure)}` : 'succeeded'}: ${where()}\n    ${res.logs.filter((x) => x.includes('log:')).slice(-2).join('\n    ')}`);
            sync();
            continue;
          }
          count(verdict.logs, ix, res.success);
          if (!res.success) {
            tally.failed++;
            errors.set(String(o), (errors.get(String(o)) ?? 0) + 1);
            const mine = modelOutcome(verdict.failure!.error);
            if (mine !== o || verdict.failure!.index !== res.error?.index) {
              counterexamples.push(`program failed with ${JSON.stringify(o)} at ${res.error?.index}, model with ${JSON.stringify(mine)} at ${verdict.failure!.index}: ${where()}\n    ${res.logs.filter((x) => x.includes('log:')).slice(-2).join('\n    ')}`);
              sync();
            }
            continue;
          }
          tally.ok++;
          for (const [k, a] of verdict.writes) {
            if (a === null) model.delete(k);
            else model.set(k, a);
            if (!res.accounts.has(k)) counterexamples.push(`the model wrote ${k}, which the transaction does not name: ${where()}`);
          }
          const diff = differences(res);
          if (diff.length > 0) {
            counterexamples.push(`both succeeded, but ${diff.join('; ')}: ${where()}`);
            sync();
          }
        }
        return true;
      }),
      { numRuns: RUNS, seed: Number(process.env.DZPROV_SAMPLE_NODE_SEED ?? 20260219), endOnFailure: true },
    );
    recordCounterexamples(counterexamples.length);
    const rows = [...narrower.entries()].sort().map(([k, row]) => `  ${k.padEnd(58)} ${[...row.entries()].sort((a, b) => b[1] - a[1]).map(([a, n]) => `${a}: ${n}`).join(', ')}`);
    console.log(
      `sample node model: ${RUNS} sequences, ${tally.steps} instructions — both succeeded ${tally.ok} (accounts byte-identical), ` +
        `both failed with the same error ${tally.failed} (${[...errors.entries()].sort((a, b) => b[1] - a[1]).map(([e, n]) => `${e}: ${n}`).join(', ')}), ` +
        `narrower ${tally.unmodelled}; ${counterexamples.length} counterexamples\n` +
        `by instruction (both succeeded / both failed): ${[...byInstruction.entries()].sort().map(([k, v]) => `${k} ${v.ok}/${v.failed}`).join(', ')}\nwhere the model refuses as not modelled, the program on the same transaction:\n${rows.join('\n')}`,
    );
    expect(counterexamples.slice(0, 30)).toEqual([]);
    // And every modelled instruction was judged both ways: succeeding and failing
    for (const name of ['UpdateDevice', 'SetDeviceHealth', 'DeleteDevice (legacy)', 'DeleteDevice (atomic)', 'UpdateLink', 'SetLinkHealth']) {
      expect(byInstruction.get(name)?.ok ?? 0, `${name} succeeded`).toBeGreaterThan(0);
      expect(byInstruction.get(name)?.failed ?? 0, `${name} failed`).toBeGreaterThan(0);
    }
  }, 3_600_000);
});
