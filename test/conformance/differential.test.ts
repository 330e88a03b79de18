/**
 * Differential property test: random ledger states × random callers × random requests, each
 * request decided by dzprov and then executed by the program.
 *
 * - dzprov built an instruction ⇒ the program succeeds (and writes what dzprov intended).
 * - dzprov refused with an argument error that predicts a program error ⇒ the program, sent the
 *   same request unchecked, fails with exactly that error.
 * - dzprov refused by lifecycle policy ⇒ the program's answer to the unchecked request is
 *   recorded: the table of where dzprov is stricter (printed, and kept in docs/conformance.md).
 *
 * DZPROV_DIFF_RUNS sets the number of cases (10,000 by default).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Keypair, PublicKey, type TransactionInstruction } from '@solana/web3.js';
import {
  AccountType,
  DeviceDesiredStatus,
  DeviceHealth,
  DeviceStatus,
  IllegalTransitionError,
  InstructionArgumentError,
  InterfaceStatus,
  LinkDesiredStatus,
  LinkHealth,
  LinkLinkType,
  LinkStatus,
  PERMISSION_FLAG_HEALTH_ORACLE,
  PERMISSION_FLAG_NETWORK_ADMIN,
  PermissionStatus,
  FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS,
  ValidationError,
  EncodeError,
  acceptLink,
  activateLink,
  changeDeviceStatus,
  changeLinkStatus,
  createAcceptLinkInstruction,
  createDeleteDeviceInstruction,
  createDeleteLinkInstruction,
  createSetDeviceHealthInstruction,
  createSetLinkHealthInstruction,
  createUpdateDeviceInstruction,
  createUpdateLinkInstruction,
  CLEAR_TUNNEL_NET,
  decodeContributor,
  decodeDevice,
  decodeGlobalState,
  decodeLink,
  deleteDevice,
  deleteLink,
  deviceDesiredStatusLabel,
  deviceHealthLabel,
  deviceStatusLabel,
  drainDevice,
  encodeDevice,
  encodeGlobalState,
  encodeLink,
  encodePermission,
  getDzPrefixBlockPda,
  getGlobalStatePda,
  getGlobalConfigPda,
  getDeviceTunnelBlockPda,
  getLinkIdsPda,
  getSegmentRoutingIdsPda,
  getTopologyPda,
  COMPUTE_BUDGET_PROGRAM_ID,
  getPermissionPda,
  getTunnelIdsPda,
  hardDrainLink,
  linkDesiredStatusLabel,
  linkHealthLabel,
  linkStatusLabel,
  linkUpdateAuthority,
  promoteDevice,
  nextDeviceStatus,
  resolveRoles,
  setDeviceDesiredStatus,
  setDeviceHealth,
  setLinkDesiredStatus,
  setLinkHealth,
  softDrainLink,
  undrainDevice,
  type Device,
  type Link,
  type Permission,
  type Role,
} from '../../src/index.js';
import { outcome, type ExecResult, type OracleAccount } from './oracle.js';
import { useOracle } from './useOracle.js';
import { addDevice, addInterface, addLink, bootstrap, physicalInterface, readDevice, type Ledger } from './ledger.js';
import { recordCounterexamples, recordDifferentialCases } from './stats.js';

const RUNS = Number(process.env.DZPROV_DIFF_RUNS ?? 10_000);
const SYSTEM = new PublicKey('11111111111111111111111111111111');

const oracle = useOracle();
let l: Ledger;
/** The ledger as the bootstrap left it: every account a case may touch is restored from here. */
const snapshot = new Map<string, OracleAccount>();
let devA: PublicKey, devZ: PublicKey, devX: PublicKey, wan: PublicKey, dzx: PublicKey;
let baseDevice: Device, baseLink: Link, baseDzx: Link;

// ---------------------------------------------------------------------------------------------
// The ledger every case starts from

beforeAll(async () => {
  l = await bootstrap(oracle);
  const [coa, cob] = l.contributors as [Ledger['contributors'][0], Ledger['contributors'][0]];
  devA = (await addDevice(l, { contributor: coa })).pk;
  devZ = (await addDevice(l, { contributor: coa })).pk;
  devX = (await addDevice(l, { contributor: cob })).pk;
  for (const d of [devA, devZ, devX]) {
    for (const n of ['Ethernet1', 'Ethernet2']) expect((await addInterface(l, d, physicalInterface(n))).success).toBe(true);
  }
  const w = await addLink(l, devA, devZ, { contributor: coa });
  const x = await addLink(l, devA, devX, { contributor: coa, args: { linkType: LinkLinkType.DZX, sideAIfaceName: 'Ethernet2', sideZIfaceName: null } });
  expect(w.result.success && x.result.success).toBe(true);
  wan = w.pk;
  dzx = x.pk;
  baseDevice = await readDevice(l, devA);
  baseLink = decodeLink((await oracle.getAccount(wan)).data);
  baseDzx = decodeLink((await oracle.getAccount(dzx)).data);
  const keys = [
    devA, devZ, devX, wan, dzx,
    ...l.contributors.map((c) => c.pk), ...l.locations, ...l.exchanges,
    getGlobalStatePda(l.programId)[0],
    getGlobalConfigPda(l.programId)[0],
    getDeviceTunnelBlockPda(l.programId)[0],
    getLinkIdsPda(l.programId)[0],
    getSegmentRoutingIdsPda(l.programId)[0],
    getTopologyPda(l.programId, 'unicast-default')[0],
    ...[devA, devZ, devX].flatMap((d) => [getTunnelIdsPda(l.programId, d, 0)[0], getDzPrefixBlockPda(l.programId, d, 0)[0]]),
    ...callers().map((c) => c.key.publicKey),
    ...callers().map((c) => getPermissionPda(l.programId, c.key.publicKey)[0]),
  ];
  for (const a of await oracle.getAccounts(keys)) snapshot.set(a.pubkey.toBase58(), a);
}, 300_000);

function callers(): { name: string; key: Keypair }[] {
  return [
    { name: 'foundation', key: l.admin },
    { name: 'contributor', key: l.contributors[0]!.owner },
    { name: 'sideZContributor', key: l.contributors[1]!.owner },
    { name: 'healthOracle', key: l.healthOracle },
    { name: 'stranger', key: l.stranger },
  ];
}

/** Puts back every account the previous case touched. */
async function restore(touched: Iterable<string>): Promise<void> {
  const programs = new Set([SYSTEM.toBase58(), COMPUTE_BUDGET_PROGRAM_ID.toBase58(), l.programId.toBase58()]);
  for (const k of touched) {
    const a = snapshot.get(k);
    if (!a) {
      // An account outside the snapshot would carry one case's effects into the next.
      if (!programs.has(k)) throw new Error(`account ${k} was touched but is not in the snapshot`);
      continue;
    }
    await oracle.setAccount(a.pubkey, a.exists ? a : { owner: SYSTEM, lamports: 0 });
  }
}

// ---------------------------------------------------------------------------------------------
// Random states, callers and requests

const UNDECLARED = [2, 9, 200];
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const deviceStatuses = [...Object.values(DeviceStatus).filter((v): v is number => typeof v === 'number'), 2, 200];
const deviceHealths = [0, 1, 2, 3, 4, 9];
const deviceDesired = [0, 1, 6, 3];
const linkStatuses = [...Object.values(LinkStatus).filter((v): v is number => typeof v === 'number'), 2, 200];
const linkHealths = [0, 1, 2, 3, 9];
const linkDesired = [0, 1, 6, 7, 3];

const arbDeviceState = fc.record({
  status: pick(deviceStatuses),
  deviceHealth: pick(deviceHealths),
  desiredStatus: pick(deviceDesired),
  referenceCount: fc.constantFrom(0, 0, 0, 2),
  interfaces: pick(['kept', 'none', 'deleting', 'badIp'] as const),
  publicIp: pick(['kept', 'kept', 'private'] as const),
});
type DeviceState = typeof arbDeviceState extends fc.Arbitrary<infer T> ? T : never;

const arbLinkState = fc.record({
  which: pick(['wan', 'dzx'] as const),
  status: pick(linkStatuses),
  linkHealth: pick(linkHealths),
  desiredStatus: pick(linkDesired),
  tunnelNet: pick(['kept', 'kept', 'public', 'cleared', 'otherPrivate'] as const),
  tunnelId: fc.constantFrom(-1, -1, 0, 2000),
  delayOverrideNs: fc.constantFrom(0n, 0n, 500_000n, 5n),
});
type LinkState = typeof arbLinkState extends fc.Arbitrary<infer T> ? T : never;

const arbCaller = fc.record({
  who: fc.nat({ max: 4 }),
  permission: pick(['none', 'none', 'networkAdmin', 'healthOracle', 'both', 'other', 'suspended'] as const),
  strict: fc.constantFrom(false, false, false, true),
});
type Caller = typeof arbCaller extends fc.Arbitrary<infer T> ? T : never;

const DEVICE_REQUESTS = ['drainDevice', 'undrainDevice', 'promoteDevice', 'changeDeviceStatus', 'setDeviceDesiredStatus', 'setDeviceHealth', 'deleteDevice'] as const;
const LINK_REQUESTS = ['softDrainLink', 'hardDrainLink', 'activateLink', 'changeLinkStatus', 'acceptLink', 'setLinkDesiredStatus', 'setLinkHealth', 'deleteLink'] as const;
const RAW_REQUESTS = ['rawUpdateDevice', 'rawUpdateLink', 'rawSetDeviceHealth', 'rawSetLinkHealth'] as const;
type RequestKind = (typeof DEVICE_REQUESTS)[number] | (typeof LINK_REQUESTS)[number] | (typeof RAW_REQUESTS)[number];

const arbRequest = fc.record({
  kind: pick([...DEVICE_REQUESTS, ...LINK_REQUESTS, ...RAW_REQUESTS] as RequestKind[]),
  to: fc.nat({ max: 9 }),
  legacyDelete: fc.boolean(),
  ifaceName: pick(['Ethernet1', 'Ethernet2', 'ethernet1', 'et1', 'Ethernet7']),
  rawTunnelNet: pick([undefined, CLEAR_TUNNEL_NET, '172.16.0.64/31', '172.16.0.96/30', '45.1.2.0/31', '169.254.9.0/31', '172.16.0.64/32', '172.16.0.65/31', '172.16.0.0/0'] as const),
  rawTunnelId: pick([undefined, 5, 2000] as const),
  rawDelay: pick([undefined, 5n, 20_000n] as const),
});
type Request = typeof arbRequest extends fc.Arbitrary<infer T> ? T : never;

interface Case {
  device: DeviceState;
  link: LinkState;
  caller: Caller;
  request: Request;
  nonce: number;
}

// ---------------------------------------------------------------------------------------------
// One case

interface Prepared {
  device: Device;
  link: Link;
  linkPk: PublicKey;
  signer: Keypair;
  roles: Role[];
  appendPermission: boolean;
  sideZDevice: Device;
}

function shapeDevice(s: DeviceState): Device {
  const interfaces =
    s.interfaces === 'none'
      ? []
      : baseDevice.interfaces.map((f, i) => ({
          ...f,
          status: s.interfaces === 'deleting' && i === 1 ? InterfaceStatus.Deleting : f.status,
          ipNet: s.interfaces === 'badIp' && i === 1 ? '45.0.0.1/31' : f.ipNet,
        }));
  return {
    ...baseDevice,
    status: s.status,
    deviceHealth: s.deviceHealth,
    desiredStatus: s.desiredStatus,
    referenceCount: s.referenceCount,
    publicIp: s.publicIp === 'private' ? '10.1.2.3' : baseDevice.publicIp,
    interfaces,
  };
}

function shapeLink(s: LinkState): Link {
  const base = s.which === 'wan' ? baseLink : baseDzx;
  const tunnelNet = { kept: base.tunnelNet, public: '45.0.0.0/31', cleared: CLEAR_TUNNEL_NET, otherPrivate: '10.77.0.0/31' }[s.tunnelNet];
  return {
    ...base,
    status: s.status,
    linkHealth: s.linkHealth,
    desiredStatus: s.desiredStatus,
    tunnelNet,
    tunnelId: s.tunnelId < 0 ? base.tunnelId : s.tunnelId,
    delayOverrideNs: s.delayOverrideNs,
  };
}

/**
 * Encodes `value` with undeclared enum values in `fields` (dzprov's encoders refuse them): each is
 * encoded with two declared values, and the one byte that differs is set to the undeclared one.
 */
function encodeRaw<T extends object>(value: T, encode: (v: T) => Uint8Array, fields: Partial<Record<keyof T, [number, number]>>): Uint8Array {
  const clean = { ...value };
  const patches: [keyof T, number][] = [];
  for (const [f, [a]] of Object.entries(fields) as [keyof T, [number, number]][]) {
    patches.push([f, (value as Record<keyof T, number>)[f]]);
    (clean as Record<keyof T, number>)[f] = a;
  }
  const base = encode(clean);
  const bytes = base.slice();
  for (const [f, v] of patches) {
    const [a, b] = fields[f]!;
    if (v === a) continue;
    const other = encode({ ...clean, [f]: b });
    bytes[base.findIndex((x, i) => x !== other[i])] = v;
  }
  return bytes;
}

const DEVICE_ENUMS = { status: [1, 5], deviceHealth: [1, 2], desiredStatus: [1, 6] } as const;
const LINK_ENUMS = { status: [1, 6], linkHealth: [1, 2], desiredStatus: [1, 6] } as const;

const rent = new Map<number, bigint>();
async function rentFor(len: number): Promise<bigint> {
  if (!rent.has(len)) rent.set(len, await oracle.rentExempt(len));
  return rent.get(len)!;
}

async function prepare(c: Case): Promise<Prepared> {
  const device = shapeDevice(c.device);
  const link = shapeLink(c.link);
  const linkPk = c.link.which === 'wan' ? wan : dzx;
  // Rent-exempt for their size and no more, as the program leaves accounts: a write that grows
  // one must pay the difference (the program's resize tops it up from the payer).
  const deviceBytes = encodeRaw(device, encodeDevice, DEVICE_ENUMS as never);
  const linkBytes = encodeRaw(link, encodeLink, LINK_ENUMS as never);
  await oracle.setAccount(devA, { owner: l.programId, lamports: await rentFor(deviceBytes.length), data: deviceBytes });
  await oracle.setAccount(linkPk, { owner: l.programId, lamports: await rentFor(linkBytes.length), data: linkBytes });

  const signer = callers()[c.caller.who]!.key;
  const gsKey = getGlobalStatePda(l.programId)[0];
  const gs = decodeGlobalState(snapshot.get(gsKey.toBase58())!.data);
  if (c.caller.strict) {
    const strict = { ...gs, featureFlags: gs.featureFlags | FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS };
    await oracle.setAccount(gsKey, { owner: l.programId, lamports: snapshot.get(gsKey.toBase58())!.lamports, data: encodeGlobalState(strict) });
  }
  const strictGs = c.caller.strict ? { ...gs, featureFlags: gs.featureFlags | FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS } : gs;

  let permission: Permission | null = null;
  if (c.caller.permission !== 'none') {
    const flags = {
      networkAdmin: PERMISSION_FLAG_NETWORK_ADMIN,
      healthOracle: PERMISSION_FLAG_HEALTH_ORACLE,
      both: PERMISSION_FLAG_NETWORK_ADMIN | PERMISSION_FLAG_HEALTH_ORACLE,
      other: 1n << 9n,
      suspended: PERMISSION_FLAG_NETWORK_ADMIN | PERMISSION_FLAG_HEALTH_ORACLE,
    }[c.caller.permission];
    const [pda, bump] = getPermissionPda(l.programId, signer.publicKey);
    permission = {
      accountType: AccountType.Permission,
      owner: l.admin.publicKey,
      bumpSeed: bump,
      status: c.caller.permission === 'suspended' ? PermissionStatus.Suspended : PermissionStatus.Activated,
      userPayer: signer.publicKey,
      permissions: flags,
    };
    await oracle.setAccount(pda, { owner: l.programId, lamports: 10_000_000n, data: encodePermission(permission) });
  }

  // Roles from chain data, as the client resolves them.
  const contributorOwner = (pk: PublicKey) => decodeContributor(snapshot.get(pk.toBase58())!.data).owner;
  const sideZDevice = decodeDevice(snapshot.get((c.link.which === 'wan' ? devZ : devX).toBase58())!.data);
  const isLink = (LINK_REQUESTS as readonly string[]).includes(c.request.kind) || c.request.kind === 'rawUpdateLink' || c.request.kind === 'rawSetLinkHealth';
  const roles = resolveRoles({
    payer: signer.publicKey,
    globalState: strictGs,
    permission,
    contributorOwner: contributorOwner(isLink ? link.contributorPk : device.contributorPk),
    sideZContributorOwner: isLink ? contributorOwner(sideZDevice.contributorPk) : undefined,
  });
  return { device, link, linkPk, signer, roles, appendPermission: permission !== null, sideZDevice };
}

/** dzprov's checked builder for the request (throws when dzprov refuses). */
function checked(r: Request, p: Prepared): TransactionInstruction {
  const base = { programId: l.programId, payer: p.signer.publicKey, roles: p.roles, appendPermission: p.appendPermission };
  const dev = { ...base, devicePk: devA, device: p.device };
  const lnk = { ...base, linkPk: p.linkPk, link: p.link, sideZDevice: p.sideZDevice, sideADevice: p.device };
  switch (r.kind) {
    case 'drainDevice': return drainDevice(dev);
    case 'undrainDevice': return undrainDevice(dev);
    case 'promoteDevice': return promoteDevice(dev);
    case 'changeDeviceStatus': return changeDeviceStatus({ ...dev, to: deviceStatuses[r.to % deviceStatuses.length]! });
    case 'setDeviceDesiredStatus': return setDeviceDesiredStatus({ ...dev, to: deviceDesired[r.to % deviceDesired.length]! });
    case 'setDeviceHealth': return setDeviceHealth({ ...dev, to: deviceHealths[r.to % deviceHealths.length]! });
    case 'deleteDevice': return deleteDevice({ ...dev, resources: deleteResources(r, p) });
    case 'softDrainLink': return softDrainLink(lnk);
    case 'hardDrainLink': return hardDrainLink(lnk);
    case 'activateLink': return activateLink(lnk);
    case 'changeLinkStatus': return changeLinkStatus({ ...lnk, to: linkStatuses[r.to % linkStatuses.length]! });
    case 'acceptLink': return acceptLink({ ...lnk, sideZIfaceName: r.ifaceName });
    case 'setLinkDesiredStatus': return setLinkDesiredStatus({ ...lnk, to: linkDesired[r.to % linkDesired.length]! });
    case 'setLinkHealth': return setLinkHealth({ ...lnk, to: linkHealths[r.to % linkHealths.length]! });
    case 'deleteLink': return deleteLink(lnk);
    default: return raw(r, p, true);
  }
}

function deleteResources(r: Request, p: Prepared) {
  return r.legacyDelete
    ? ({ kind: 'legacy' } as const)
    : ({
        kind: 'atomic',
        location: p.device.locationPk,
        exchange: p.device.exchangePk,
        owners: [p.device.owner, p.device.owner],
        deviceOwner: p.device.owner,
      } as const);
}

/**
 * The same request built with the raw builders and no checks (validate: false): what a caller
 * without dzprov's checks would send. Raw requests use their own builder, with checks when
 * `validate` is true.
 */
function raw(r: Request, p: Prepared, validate = false): TransactionInstruction {
  const b = { programId: l.programId, payer: p.signer.publicKey, appendPermission: p.appendPermission, validate };
  const dev = { ...b, device: devA, currentContributor: p.device.contributorPk, currentLocation: p.device.locationPk };
  const authority = () => {
    try {
      return linkUpdateAuthority({ ...b, roles: p.roles, linkPk: p.linkPk, link: p.link, sideZContributorPk: p.sideZDevice.contributorPk });
    } catch {
      return { kind: 'contributor' as const, contributor: p.link.contributorPk };
    }
  };
  const lnk = { ...b, link: p.linkPk, authority: authority(), sideA: p.link.sideAPk, sideZ: p.link.sideZPk, currentSideZIfaceName: p.link.sideZIfaceName };
  const ds = deviceStatuses[r.to % deviceStatuses.length]!;
  const ls = linkStatuses[r.to % linkStatuses.length]!;
  switch (r.kind) {
    case 'drainDevice': return createUpdateDeviceInstruction({ ...dev, args: { status: DeviceStatus.Drained, desiredStatus: DeviceDesiredStatus.Drained } });
    case 'undrainDevice': return createUpdateDeviceInstruction({ ...dev, args: { status: DeviceStatus.Activated, desiredStatus: DeviceDesiredStatus.Activated } });
    case 'promoteDevice':
      return createUpdateDeviceInstruction({ ...dev, args: { status: nextDeviceStatus(p.device) ?? DeviceStatus.Activated } });
    case 'changeDeviceStatus': {
      const desired = ds === DeviceStatus.Activated ? DeviceDesiredStatus.Activated : ds === DeviceStatus.Drained ? DeviceDesiredStatus.Drained : undefined;
      return createUpdateDeviceInstruction({ ...dev, args: desired === undefined ? { status: ds } : { status: ds, desiredStatus: desired } });
    }
    case 'setDeviceDesiredStatus': return createUpdateDeviceInstruction({ ...dev, args: { desiredStatus: deviceDesired[r.to % deviceDesired.length]! } });
    case 'setDeviceHealth':
    case 'rawSetDeviceHealth':
      return createSetDeviceHealthInstruction({ ...b, device: devA, args: { health: deviceHealths[r.to % deviceHealths.length]! } });
    case 'deleteDevice': return createDeleteDeviceInstruction({ ...b, device: devA, contributor: p.device.contributorPk, resources: deleteResources(r, p) });
    case 'softDrainLink': return createUpdateLinkInstruction({ ...lnk, args: { status: LinkStatus.SoftDrained, desiredStatus: LinkDesiredStatus.SoftDrained } });
    case 'hardDrainLink': return createUpdateLinkInstruction({ ...lnk, args: { status: LinkStatus.HardDrained, desiredStatus: LinkDesiredStatus.HardDrained } });
    case 'activateLink': return createUpdateLinkInstruction({ ...lnk, args: { status: LinkStatus.Activated, desiredStatus: LinkDesiredStatus.Activated } });
    case 'changeLinkStatus': {
      const desired = { [LinkStatus.Activated]: LinkDesiredStatus.Activated, [LinkStatus.SoftDrained]: LinkDesiredStatus.SoftDrained, [LinkStatus.HardDrained]: LinkDesiredStatus.HardDrained }[ls as 1 | 6 | 7];
      return createUpdateLinkInstruction({ ...lnk, args: desired === undefined ? { status: ls } : { status: ls, desiredStatus: desired } });
    }
    case 'acceptLink':
      return createAcceptLinkInstruction({ ...b, link: p.linkPk, contributor: p.sideZDevice.contributorPk, sideZ: p.link.sideZPk, sideA: p.link.sideAPk, args: { sideZIfaceName: r.ifaceName } });
    case 'setLinkDesiredStatus': return createUpdateLinkInstruction({ ...lnk, args: { desiredStatus: linkDesired[r.to % linkDesired.length]! } });
    case 'setLinkHealth':
    case 'rawSetLinkHealth':
      return createSetLinkHealthInstruction({ ...b, link: p.linkPk, args: { health: linkHealths[r.to % linkHealths.length]! } });
    case 'deleteLink':
      return createDeleteLinkInstruction({ ...b, link: p.linkPk, contributor: p.link.contributorPk, sideA: p.link.sideAPk, sideZ: p.link.sideZPk, owner: p.link.owner, linkTopologies: p.link.linkTopologies });
    case 'rawUpdateDevice': return createUpdateDeviceInstruction({ ...dev, args: { desiredStatus: deviceDesired[r.to % deviceDesired.length]!, mgmtVrf: r.to === 9 ? 'bad vrf' : undefined } });
    case 'rawUpdateLink':
      return createUpdateLinkInstruction({ ...lnk, args: { tunnelNet: r.rawTunnelNet, tunnelId: r.rawTunnelId, delayOverrideNs: r.rawDelay } });
  }
}

type Verdict =
  | { kind: 'built'; ix: TransactionInstruction }
  | { kind: 'predicted'; error: string; code: number | undefined; message: string }
  | { kind: 'policy'; message: string }
  | { kind: 'invalid'; message: string };

function decide(r: Request, p: Prepared): Verdict {
  try {
    return { kind: 'built', ix: checked(r, p) };
  } catch (e) {
    if (e instanceof InstructionArgumentError) return { kind: 'predicted', error: e.programError.name, code: e.programError.code, message: e.message };
    if (e instanceof IllegalTransitionError) return { kind: 'policy', message: e.message };
    // Not encodable (an undeclared enum value): nothing could be sent at all.
    if (e instanceof ValidationError || e instanceof EncodeError) return { kind: 'invalid', message: e.message };
    throw e;
  }
}

function matchesPrediction(res: ExecResult, v: Extract<Verdict, { kind: 'predicted' }>): boolean {
  if (res.success) return false;
  const o = outcome(res);
  if (v.code !== undefined) return o === v.code;
  if (v.error === 'panic') return o === 'ProgramFailedToComplete';
  return o === v.error;
}

/** What the program wrote is what the checked builder intended. */
function intended(r: Request, p: Prepared, res: ExecResult): string | undefined {
  const acc = res.accounts.get((r.kind.includes('Link') || r.kind === 'acceptLink' ? p.linkPk : devA).toBase58());
  if (!acc?.exists || acc.data.length === 0) return r.kind.startsWith('delete') ? undefined : 'account gone';
  if (r.kind === 'deleteDevice') return decodeDevice(acc.data).status === DeviceStatus.Deleting ? undefined : 'not Deleting';
  if (r.kind === 'deleteLink') return 'link still there';
  if (r.kind.startsWith('raw')) return undefined;
  const want: Record<string, number> = {};
  if (r.kind.endsWith('Device') || r.kind === 'changeDeviceStatus' || r.kind.startsWith('setDevice')) {
    const d = decodeDevice(acc.data);
    const expect = {
      drainDevice: { status: DeviceStatus.Drained, desiredStatus: DeviceDesiredStatus.Drained },
      undrainDevice: { status: DeviceStatus.Activated, desiredStatus: DeviceDesiredStatus.Activated },
      setDeviceHealth: { deviceHealth: deviceHealths[r.to % deviceHealths.length]! },
      setDeviceDesiredStatus: { desiredStatus: deviceDesired[r.to % deviceDesired.length]! },
      changeDeviceStatus: withDesired(deviceStatuses[r.to % deviceStatuses.length]!, { 1: DeviceDesiredStatus.Activated, 5: DeviceDesiredStatus.Drained }),
    }[r.kind as string];
    Object.assign(want, expect ?? (r.kind === 'promoteDevice' ? { status: nextDeviceStatus(p.device)! } : {}));
    for (const [k, v] of Object.entries(want)) if ((d as unknown as Record<string, number>)[k] !== v) return `${k} is ${(d as unknown as Record<string, number>)[k]}, wanted ${v}`;
    // and nothing else changed: the whole account is the one dzprov expected, byte for byte
    return sameBytes(acc.data, encodeDevice({ ...p.device, ...want })) ? undefined : 'other device fields changed';
  }
  const k = decodeLink(acc.data);
  const expect = {
    softDrainLink: { status: LinkStatus.SoftDrained, desiredStatus: LinkDesiredStatus.SoftDrained },
    hardDrainLink: { status: LinkStatus.HardDrained, desiredStatus: LinkDesiredStatus.HardDrained },
    activateLink: { status: LinkStatus.Activated, desiredStatus: LinkDesiredStatus.Activated },
    acceptLink: { status: LinkStatus.Activated },
    setLinkHealth: { linkHealth: linkHealths[r.to % linkHealths.length]! },
    setLinkDesiredStatus: { desiredStatus: linkDesired[r.to % linkDesired.length]! },
    changeLinkStatus: withDesired(linkStatuses[r.to % linkStatuses.length]!, { 1: LinkDesiredStatus.Activated, 6: LinkDesiredStatus.HardDrained, 7: LinkDesiredStatus.SoftDrained }),
  }[r.kind as string];
  for (const [f, v] of Object.entries(expect ?? {})) if ((k as unknown as Record<string, number>)[f] !== v) return `${f} is ${(k as unknown as Record<string, number>)[f]}, wanted ${v}`;
  // AcceptLink also allocates the tunnel and names side Z's interface; every other write changes
  // exactly what it asked for
  if (r.kind === 'acceptLink') return k.sideZIfaceName === r.ifaceName && k.tunnelNet !== CLEAR_TUNNEL_NET ? undefined : 'tunnel or side-Z interface not set';
  return sameBytes(acc.data, encodeLink({ ...p.link, ...expect })) ? undefined : 'other link fields changed';
}

/** A status write and, for the statuses that carry one, the desired status written with it. */
function withDesired(status: number, desiredFor: Record<number, number>): Record<string, number> {
  const desired = desiredFor[status];
  return desired === undefined ? { status } : { status, desiredStatus: desired };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The kind of lifecycle rule behind a policy refusal, for the stricter-than-program table. */
function policyClass(message: string): string {
  const rules: [RegExp, string][] = [
    [/does not declare: any write would replace/, 'undeclared value on the account'],
    [/a value the program does not declare/, 'undeclared current status'],
    [/requires role/, 'role'],
    [/needs (desired status|health)/, 'requirement unmet'],
    [/is not a step of the/, 'not a lifecycle step'],
    [/is already/, 'no-op'],
    [/never written|no status write may set/, 'value never written'],
    [/only through AcceptLink|AcceptLink only accepts/, 'AcceptLink only'],
    [/nothing is due/, 'nothing due'],
    [/cannot delete/, 'deletion rule'],
  ];
  return rules.find(([re]) => re.test(message))?.[1] ?? 'other';
}

function describeState(c: Case, p: Prepared): string {
  const d = p.device;
  const k = p.link;
  return (
    `device ${deviceStatusLabel(d.status)}/${deviceDesiredStatusLabel(d.desiredStatus)}/${deviceHealthLabel(d.deviceHealth)} ifaces=${c.device.interfaces} ip=${c.device.publicIp} refs=${d.referenceCount}; ` +
    `${c.link.which} link ${linkStatusLabel(k.status)}/${linkDesiredStatusLabel(k.desiredStatus)}/${linkHealthLabel(k.linkHealth)} net=${k.tunnelNet} id=${k.tunnelId} override=${k.delayOverrideNs}; ` +
    `caller ${callers()[c.caller.who]!.name} permission=${c.caller.permission}${c.caller.strict ? ' strict' : ''} roles=[${p.roles.join(',')}]`
  );
}

// ---------------------------------------------------------------------------------------------

describe('dzprov against the program, differentially', () => {
  const counterexamples: string[] = [];
  /** request kind → program answer to the unchecked request when dzprov refused by policy → count */
  const stricter = new Map<string, Map<string, number>>();
  const tally = { built: 0, predicted: 0, policy: 0, invalid: 0 };
  const tallyStricter = (kind: string, answer: string) => {
    const row = stricter.get(kind) ?? new Map<string, number>();
    row.set(answer, (row.get(answer) ?? 0) + 1);
    stricter.set(kind, row);
  };

  it(`${RUNS} random cases: built ⇒ program succeeds; predicted ⇒ exactly that error`, async () => {
    let nonce = 0;
    let touched = new Set<string>();
    await fc.assert(
      fc.asyncProperty(arbDeviceState, arbLinkState, arbCaller, arbRequest, async (device, link, caller, request) => {
        // The raw builders check arguments only; they are judged where nothing else can fail:
        // the foundation as caller, accounts the program can write.
        const isRaw = (RAW_REQUESTS as readonly string[]).includes(request.kind);
        const c: Case = isRaw
          ? {
              device: { ...device, deviceHealth: 1, desiredStatus: 1, status: 1, interfaces: 'kept', publicIp: 'kept' },
              link: { ...link, status: link.which === 'dzx' ? LinkStatus.Requested : LinkStatus.Activated, linkHealth: 1, desiredStatus: 1, tunnelNet: 'kept', tunnelId: -1, delayOverrideNs: 0n },
              caller: { who: 0, permission: 'none', strict: false },
              request,
              nonce: nonce++,
            }
          : { device, link, caller, request, nonce: nonce++ };
        await restore(touched);
        const p = await prepare(c);
        const v = decide(request, p);
        tally[v.kind]++;
        let ix: TransactionInstruction;
        try {
          ix = v.kind === 'built' ? v.ix : raw(request, p);
        } catch (e) {
          // The unchecked request cannot be encoded either (an undeclared value): nothing to send.
          if (!(e instanceof EncodeError) || v.kind === 'predicted') throw e;
          touched = new Set([devA.toBase58(), p.linkPk.toBase58(), getGlobalStatePda(l.programId)[0].toBase58(), getPermissionPda(l.programId, p.signer.publicKey)[0].toBase58()]);
          if (v.kind === 'policy') tallyStricter(request.kind, 'not encodable');
          return true;
        }
        const res = await oracle.send([ix], [p.signer], { fresh: false, nonce: c.nonce });
        touched = new Set([...res.accounts.keys(), devA.toBase58(), p.linkPk.toBase58(), getGlobalStatePda(l.programId)[0].toBase58(),
          getPermissionPda(l.programId, p.signer.publicKey)[0].toBase58()]);
        const where = () => `${request.kind} (to=${request.to}, iface=${request.ifaceName}, legacy=${request.legacyDelete}, net=${request.rawTunnelNet}, id=${request.rawTunnelId}, delay=${request.rawDelay}) on ${describeState(c, p)}`;
        if (v.kind === 'built') {
          const wrong = res.success ? intended(request, p, res) : undefined;
          if (!res.success) counterexamples.push(`built but the program failed with ${JSON.stringify(outcome(res))}: ${where()}\n    ${res.logs.filter((x) => x.includes(' log: ')).slice(-3).join('\n    ')}`);
          else if (wrong) counterexamples.push(`built, succeeded, but ${wrong}: ${where()}`);

        } else if (v.kind === 'predicted') {
          if (!matchesPrediction(res, v)) counterexamples.push(`predicted ${v.error} (${v.message}) but the program answered ${JSON.stringify(outcome(res))}: ${where()}`);
        } else if (v.kind === 'invalid' && request.kind === 'rawUpdateLink') {
          // refused offline as never valid (clearing, a link-local net): the program must agree
          if (res.success) counterexamples.push(`refused (${v.message}) but the program accepted: ${where()}`);
        } else if (v.kind === 'policy') {
          tallyStricter(request.kind, res.success ? `program accepts (${policyClass(v.message)})` : `program refuses (${String(outcome(res))})`);
        }
        return true;
      }),
      { numRuns: RUNS, seed: Number(process.env.DZPROV_DIFF_SEED ?? 20261129), endOnFailure: true },
    );
    recordDifferentialCases(RUNS);
    recordCounterexamples(counterexamples.length);
    const lines = [...stricter.entries()].sort().map(([k, row]) => `  ${k.padEnd(22)} ${[...row.entries()].sort((a, b) => b[1] - a[1]).map(([a, n]) => `${a}: ${n}`).join(', ')}`);
    console.log(
      `differential: ${RUNS} cases — built ${tally.built}, refused with a predicted program error ${tally.predicted}, ` +
        `refused by policy ${tally.policy}, invalid input ${tally.invalid}; ${counterexamples.length} counterexamples\n` +
        `where dzprov's policy refused, the program on the same unchecked request:\n${lines.join('\n')}`,
    );
    expect(counterexamples.slice(0, 40)).toEqual([]);
  }, 3_600_000);
});
