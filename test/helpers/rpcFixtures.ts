/**
 * A small network for the client tests, encoded with the SDK's encoders and loaded into the
 * local RPC test server: GlobalState, two contributors, devices and links, Permission accounts.
 */
import { createHash } from 'node:crypto';
import { Keypair, PublicKey } from '@solana/web3.js';
import {
  AccountType,
  ContributorStatus,
  DeviceDesiredStatus,
  DeviceHealth,
  DeviceStatus,
  DeviceType,
  LinkDesiredStatus,
  LinkHealth,
  LinkLinkType,
  LinkStatus,
  PermissionStatus,
} from '../../src/enums.js';
import { getContributorPda, getDevicePda, getGlobalStatePda, getLinkPda, getPermissionPda } from '../../src/pda.js';
import { encodeContributor, type Contributor } from '../../src/state/contributor.js';
import { decodeDevice, encodeDevice, type Device } from '../../src/state/device.js';
import { encodeGlobalState, type GlobalState } from '../../src/state/globalState.js';
import { decodeLink, encodeLink, type Link } from '../../src/state/link.js';
import { encodePermission, type Permission } from '../../src/state/permission.js';
import { decodeInstruction } from '../../src/instructions/decode.js';
import type { RpcTestServer, SentTransaction } from './rpcServer.js';

export const PROGRAM_ID = new PublicKey('7CTniUa88iJKUHTrCkB4TjAoG6TD7AMivhQeuqN2LPtX');

/** A deterministic keypair per name. */
export function kp(name: string): Keypair {
  return Keypair.fromSeed(new Uint8Array(createHash('sha256').update(`dzprov client test: ${name}`).digest()));
}

export const LOCATION = kp('location').publicKey;
export const EXCHANGE = kp('exchange').publicKey;

export function makeGlobalState(o: Partial<GlobalState> = {}): GlobalState {
  return {
    accountType: AccountType.GlobalState,
    bumpSeed: getGlobalStatePda(PROGRAM_ID)[1],
    accountIndex: 100n,
    foundationAllowlist: [],
    deviceAllowlist: [],
    userAllowlist: [],
    activatorAuthorityPk: PublicKey.default,
    sentinelAuthorityPk: PublicKey.default,
    contributorAirdropLamports: 0n,
    userAirdropLamports: 0n,
    healthOraclePk: PublicKey.default,
    qaAllowlist: [],
    featureFlags: 0x1n,
    feedAuthorityPk: PublicKey.default,
    ...o,
  };
}

export function makeContributor(owner: PublicKey, index: number, code: string): Contributor {
  return {
    accountType: AccountType.Contributor,
    owner,
    index: BigInt(index),
    bumpSeed: getContributorPda(PROGRAM_ID, index)[1],
    status: ContributorStatus.Activated,
    code,
    referenceCount: 0,
    opsManagerPk: PublicKey.default,
  } as Contributor;
}

export function makePermission(userPayer: PublicKey, permissions: bigint, status = PermissionStatus.Activated): Permission {
  return {
    accountType: AccountType.Permission,
    owner: kp('permission admin').publicKey,
    bumpSeed: getPermissionPda(PROGRAM_ID, userPayer)[1],
    status,
    userPayer,
    permissions,
  } as Permission;
}

export function makeDevice(index: number, o: Partial<Device> & { contributorPk: PublicKey; code: string }): Device {
  return {
    accountType: AccountType.Device,
    owner: kp('device owner').publicKey,
    index: BigInt(index),
    bumpSeed: getDevicePda(PROGRAM_ID, index)[1],
    locationPk: LOCATION,
    exchangePk: EXCHANGE,
    deviceType: DeviceType.Hybrid,
    publicIp: '203.0.113.10',
    status: DeviceStatus.Activated,
    dzPrefixes: ['198.51.100.0/28'],
    metricsPublisherPk: PublicKey.default,
    mgmtVrf: '',
    referenceCount: 0,
    usersCount: 0,
    maxUsers: 128,
    deviceHealth: DeviceHealth.ReadyForUsers,
    desiredStatus: DeviceDesiredStatus.Activated,
    unicastUsersCount: 0,
    multicastSubscribersCount: 0,
    maxUnicastUsers: 0,
    maxMulticastSubscribers: 0,
    reservedSeats: 0,
    multicastPublishersCount: 0,
    maxMulticastPublishers: 0,
    interfaces: [],
    ...o,
  };
}

export function makeLink(index: number, o: Partial<Link> & { contributorPk: PublicKey; sideAPk: PublicKey; sideZPk: PublicKey; code: string }): Link {
  return {
    accountType: AccountType.Link,
    owner: kp('link owner').publicKey,
    index: BigInt(index),
    bumpSeed: getLinkPda(PROGRAM_ID, index)[1],
    linkType: LinkLinkType.WAN,
    bandwidth: 10_000_000_000n,
    mtu: 9000,
    delayNs: 40_000n,
    jitterNs: 10_000n,
    tunnelId: 7,
    tunnelNet: '172.16.0.0/31',
    status: LinkStatus.Activated,
    sideAIfaceName: 'Ethernet1',
    sideZIfaceName: 'Ethernet2',
    delayOverrideNs: 0n,
    linkHealth: LinkHealth.ReadyForService,
    desiredStatus: LinkDesiredStatus.Activated,
    linkTopologies: [],
    linkFlags: 0,
    ...o,
  };
}

/** The identities of the test network. */
export const ACME = kp('acme owner');
export const GLOBEX = kp('globex owner');
export const FOUNDATION = kp('foundation member');
export const ORACLE = kp('health oracle');
export const OPS = kp('ops with permission');
export const VISITOR = kp('visitor');

export interface TestNetwork {
  gsPk: PublicKey;
  globalState: GlobalState;
  acmePk: PublicKey;
  globexPk: PublicKey;
  devices: { pk: PublicKey; device: Device }[];
  links: { pk: PublicKey; link: Link }[];
}

/**
 * Loads the network into `server`: GlobalState (legacy mode unless `strict`), contributors acme
 * (index 1) and globex (2), `devices` devices alternating acme/globex (index 10+i, code
 * "dev-<i>"), links between consecutive devices (index 1000+i, code "link-<i>", contributor =
 * side A's), and a Permission for OPS with NETWORK_ADMIN | HEALTH_ORACLE.
 */
export function loadNetwork(
  server: RpcTestServer,
  o: { devices?: number; links?: number; strict?: boolean; device?: (i: number) => Partial<Device>; link?: (i: number) => Partial<Link> } = {},
): TestNetwork {
  const put = (pk: PublicKey, data: Uint8Array) => server.setAccount(pk, { owner: PROGRAM_ID, data });
  const gsPk = getGlobalStatePda(PROGRAM_ID)[0];
  const globalState = makeGlobalState({
    foundationAllowlist: [FOUNDATION.publicKey],
    healthOraclePk: ORACLE.publicKey,
    featureFlags: o.strict ? 0x3n : 0x1n,
  });
  put(gsPk, encodeGlobalState(globalState));
  const acmePk = getContributorPda(PROGRAM_ID, 1)[0];
  const globexPk = getContributorPda(PROGRAM_ID, 2)[0];
  put(acmePk, encodeContributor(makeContributor(ACME.publicKey, 1, 'acme')));
  put(globexPk, encodeContributor(makeContributor(GLOBEX.publicKey, 2, 'globex')));
  put(getPermissionPda(PROGRAM_ID, OPS.publicKey)[0], encodePermission(makePermission(OPS.publicKey, 0x8n | 0x800n)));

  const devices = Array.from({ length: o.devices ?? 4 }, (_, i) => {
    const pk = getDevicePda(PROGRAM_ID, 10 + i)[0];
    const device = makeDevice(10 + i, { contributorPk: i % 2 === 0 ? acmePk : globexPk, code: `dev-${i}`, ...o.device?.(i) });
    put(pk, encodeDevice(device));
    return { pk, device };
  });
  const nLinks = Math.min(o.links ?? Math.max(0, devices.length - 1), Math.max(0, devices.length - 1));
  const links = Array.from({ length: nLinks }, (_, i) => {
    const pk = getLinkPda(PROGRAM_ID, 1000 + i)[0];
    const a = devices[i]!;
    const z = devices[i + 1]!;
    const link = makeLink(1000 + i, {
      contributorPk: a.device.contributorPk,
      sideAPk: a.pk,
      sideZPk: z.pk,
      code: `link-${i}`,
      tunnelId: i + 1,
      ...o.link?.(i),
    });
    put(pk, encodeLink(link));
    return { pk, link };
  });
  return { gsPk, globalState, acmePk, globexPk, devices, links };
}

/**
 * A scripted "program" for sendTransaction effects: applies the status / desired status /
 * health writes of the serviceability instructions in a landed transaction to the server's
 * account map (decoding them with the SDK's decodeInstruction), and closes links on DeleteLink.
 * Only what the client tests need; anything else is left unchanged.
 */
export function applyLikeProgram(tx: SentTransaction, server: RpcTestServer): void {
  const legacy = tx.legacy;
  if (!legacy) throw new Error('applyLikeProgram: expected a legacy transaction');
  for (const ix of legacy.instructions) {
    if (!ix.programId.equals(PROGRAM_ID)) continue;
    const d = decodeInstruction(ix);
    const put = (pk: PublicKey, data: Uint8Array) => server.setAccount(pk, { owner: PROGRAM_ID, data });
    const stored = (pk: PublicKey) => {
      const acc = server.getAccount(pk);
      if (!acc) throw new Error(`applyLikeProgram: ${pk.toBase58()} does not exist`);
      return acc.data;
    };
    switch (d.name) {
      case 'UpdateDevice': {
        const dev = decodeDevice(stored(d.accounts.device));
        if (d.args.status !== null) dev.status = d.args.status;
        if (d.args.desiredStatus !== null) dev.desiredStatus = d.args.desiredStatus;
        put(d.accounts.device, encodeDevice(dev));
        break;
      }
      case 'SetDeviceHealth': {
        const dev = decodeDevice(stored(d.accounts.device));
        dev.deviceHealth = d.args.health;
        put(d.accounts.device, encodeDevice(dev));
        break;
      }
      case 'UpdateLink': {
        const l = decodeLink(stored(d.accounts.link));
        if (d.args.status !== null) l.status = d.args.status;
        if (d.args.desiredStatus !== null) l.desiredStatus = d.args.desiredStatus;
        put(d.accounts.link, encodeLink(l));
        break;
      }
      case 'SetLinkHealth': {
        const l = decodeLink(stored(d.accounts.link));
        l.linkHealth = d.args.health;
        put(d.accounts.link, encodeLink(l));
        break;
      }
      case 'DeleteLink':
        server.deleteAccount(d.accounts.link);
        break;
      default:
        break;
    }
  }
}
