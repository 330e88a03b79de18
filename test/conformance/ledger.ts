/**
 * A realistic ledger, built through the program itself: InitGlobalState, SetGlobalConfig
 * (which creates the resource pools), a health oracle, a second foundation member, contributors,
 * locations, exchanges and the unicast-default topology — with the program's own Rust builders
 * (oracle `build`), since dzprov builds none of these. Devices, interfaces and links are then
 * created with dzprov's builders (`addDevice`, `addInterface`, `addLink`).
 */
import { Keypair, PublicKey } from '@solana/web3.js';
import {
  DeviceDesiredStatus,
  DeviceType,
  InterfaceCYOA,
  InterfaceDIA,
  LinkDesiredStatus,
  LinkLinkType,
  LoopbackType,
  RoutingMode,
  createCreateDeviceInstruction,
  createCreateDeviceInterfaceInstruction,
  createCreateLinkInstruction,
  decodeDevice,
  decodeGlobalState,
  decodeLink,
  getExchangePda,
  getGlobalStatePda,
  getLocationPda,
  type CreateDeviceArgs,
  type CreateDeviceInterfaceArgs,
  type CreateLinkArgs,
  type Device,
  type GlobalState,
  type Link,
} from '../../src/index.js';
import { Oracle, type ExecResult } from './oracle.js';

export interface Contributor {
  code: string;
  owner: Keypair;
  pk: PublicKey;
}

export interface Ledger {
  oracle: Oracle;
  programId: PublicKey;
  /** InitGlobalState's payer: foundation allowlist (network admin in legacy mode). */
  admin: Keypair;
  /** A second foundation member, added with AddFoundationAllowlist. */
  admin2: Keypair;
  /** GlobalState.health_oracle_pk, set with SetAuthority. */
  healthOracle: Keypair;
  /** Holds no role anywhere. */
  stranger: Keypair;
  contributors: Contributor[];
  locations: PublicKey[];
  exchanges: PublicKey[];
}

export const LAMPORTS = 1_000_000_000_000n;

export async function globalState(l: Pick<Ledger, 'oracle' | 'programId'>): Promise<GlobalState> {
  const a = await l.oracle.getAccount(getGlobalStatePda(l.programId)[0]);
  return decodeGlobalState(a.data);
}

async function nextIndex(l: Pick<Ledger, 'oracle' | 'programId'>): Promise<bigint> {
  return (await globalState(l)).accountIndex + 1n;
}

export async function bootstrap(oracle: Oracle, opts: { contributors?: number; programId?: PublicKey } = {}): Promise<Ledger> {
  const programId = opts.programId ?? Keypair.generate().publicKey;
  await oracle.start(programId);
  const admin = Keypair.generate();
  const admin2 = Keypair.generate();
  const healthOracle = Keypair.generate();
  const stranger = Keypair.generate();
  for (const k of [admin, admin2, healthOracle, stranger]) await oracle.fund(k.publicKey, LAMPORTS);
  const l: Ledger = { oracle, programId, admin, admin2, healthOracle, stranger, contributors: [], locations: [], exchanges: [] };
  const up = (builder: string, args: Record<string, unknown> = {}) => oracle.build(builder, admin.publicKey, args);
  const run = async (builder: string, args: Record<string, unknown> = {}) => oracle.sendOk([await up(builder, args)], [admin]);

  await run('init_global_state');
  await run('set_global_config', {
    localAsn: 65000,
    remoteAsn: 65001,
    deviceTunnelBlock: '172.16.0.0/16',
    userTunnelBlock: '169.254.0.0/16',
    multicastgroupBlock: '233.84.178.0/24',
    multicastPublisherBlock: '148.51.120.0/21',
  });
  await run('set_authority', { healthOraclePk: healthOracle.publicKey.toBase58() });
  await run('add_foundation_allowlist', { pubkey: admin2.publicKey.toBase58() });
  await run('create_topology', { name: 'unicast-default', constraint: 0 });
  for (const [code, name, country, lat, lng] of [
    ['ams', 'Amsterdam', 'NL', 52.3, 4.9],
    ['fra', 'Frankfurt', 'DE', 50.1, 8.7],
  ] as const) {
    await run('create_location', { accountIndex: String(await nextIndex(l)), code, name, country, lat, lng, locId: 0 });
    l.locations.push(getLocationPda(programId, (await globalState(l)).accountIndex)[0]);
  }
  for (const [code, name, lat, lng] of [
    ['xams', 'Amsterdam IX', 52.3, 4.9],
    ['xfra', 'Frankfurt IX', 50.1, 8.7],
  ] as const) {
    await run('create_exchange', { accountIndex: String(await nextIndex(l)), code, name, lat, lng });
    l.exchanges.push(getExchangePda(programId, (await globalState(l)).accountIndex)[0]);
  }
  for (let i = 0; i < (opts.contributors ?? 2); i++) {
    const owner = Keypair.generate();
    await oracle.fund(owner.publicKey, LAMPORTS);
    const code = `co${String.fromCharCode(97 + i)}`;
    const index = await nextIndex(l);
    const ix = await up('create_contributor', { accountIndex: String(index), owner: owner.publicKey.toBase58(), code });
    await oracle.sendOk([ix], [admin]);
    l.contributors.push({ code, owner, pk: ix.keys[0]!.pubkey });
  }
  return l;
}

// ---------------------------------------------------------------------------------------------
// Devices, interfaces and links, built by dzprov

let ipCounter = 0;

/** Distinct, globally routable public IPs and dz prefixes for each new device. */
export function freshAddresses(): { publicIp: string; dzPrefixes: string[] } {
  ipCounter++;
  const a = 100 + (ipCounter >> 8);
  const b = ipCounter & 0xff;
  return { publicIp: `45.${a}.${b}.1`, dzPrefixes: [`46.${a}.${b}.0/29`] };
}

export async function readDevice(l: Ledger, pk: PublicKey): Promise<Device> {
  return decodeDevice(await l.oracle.getAccount(pk).then((a) => a.data), { programId: l.programId });
}

export async function readLink(l: Ledger, pk: PublicKey): Promise<Link> {
  return decodeLink(await l.oracle.getAccount(pk).then((a) => a.data), { programId: l.programId });
}

export async function addDevice(
  l: Ledger,
  opts: { contributor?: Contributor; signer?: Keypair; args?: Partial<CreateDeviceArgs>; location?: PublicKey; exchange?: PublicKey } = {},
): Promise<{ pk: PublicKey; result: ExecResult }> {
  const contributor = opts.contributor ?? l.contributors[0]!;
  const signer = opts.signer ?? l.admin;
  const deviceIndex = await nextIndex(l);
  const ix = createCreateDeviceInstruction({
    programId: l.programId,
    payer: signer.publicKey,
    contributor: contributor.pk,
    location: opts.location ?? l.locations[0]!,
    exchange: opts.exchange ?? l.exchanges[0]!,
    deviceIndex,
    args: {
      code: `dev${deviceIndex}`,
      deviceType: DeviceType.Hybrid,
      ...freshAddresses(),
      metricsPublisherPk: Keypair.generate().publicKey,
      mgmtVrf: 'mgmt',
      desiredStatus: DeviceDesiredStatus.Activated,
      ...opts.args,
    },
  });
  return { pk: ix.keys[0]!.pubkey, result: await l.oracle.send([ix], [signer]) };
}

export function physicalInterface(name: string, over: Partial<CreateDeviceInterfaceArgs> = {}): CreateDeviceInterfaceArgs {
  return {
    name,
    loopbackType: LoopbackType.None,
    vlanId: 0,
    ipNet: null,
    userTunnelEndpoint: false,
    interfaceCyoa: InterfaceCYOA.None,
    interfaceDia: InterfaceDIA.None,
    bandwidth: 100_000_000_000n,
    cir: 0,
    mtu: 9000,
    routingMode: RoutingMode.Static,
    ...over,
  };
}

export async function addInterface(
  l: Ledger,
  device: PublicKey,
  args: CreateDeviceInterfaceArgs,
  opts: { signer?: Keypair } = {},
): Promise<ExecResult> {
  const d = await readDevice(l, device);
  const signer = opts.signer ?? l.admin;
  const ix = createCreateDeviceInterfaceInstruction({ programId: l.programId, payer: signer.publicKey, device, contributor: d.contributorPk, args });
  return l.oracle.send([ix], [signer]);
}

export async function addLink(
  l: Ledger,
  sideA: PublicKey,
  sideZ: PublicKey,
  opts: { contributor?: Contributor; signer?: Keypair; args?: Partial<CreateLinkArgs> } = {},
): Promise<{ pk: PublicKey; result: ExecResult }> {
  const contributor = opts.contributor ?? l.contributors[0]!;
  const signer = opts.signer ?? l.admin;
  const linkIndex = await nextIndex(l);
  const ix = createCreateLinkInstruction({
    programId: l.programId,
    payer: signer.publicKey,
    contributor: contributor.pk,
    sideA,
    sideZ,
    linkIndex,
    args: {
      code: `link${linkIndex}`,
      linkType: LinkLinkType.WAN,
      bandwidth: 10_000_000_000n,
      mtu: 9000,
      delayNs: 1_000_000n,
      jitterNs: 10_000n,
      sideAIfaceName: 'Ethernet1',
      sideZIfaceName: 'Ethernet1',
      desiredStatus: LinkDesiredStatus.Activated,
      useOnchainAllocation: true,
      ...opts.args,
    },
  });
  return { pk: ix.keys[0]!.pubkey, result: await l.oracle.send([ix], [signer]) };
}
