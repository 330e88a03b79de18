/**
 * A small network for the client tests, encoded with the SDK's encoders and loaded into the
 * local RPC test server: GlobalState, two contributors, devices and links, Permission accounts.
 */
import { createHash } from 'node:crypto';
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import { afterEach, beforeEach } from 'vitest';
import WebSocket from 'ws';
import { DzClient, type DzClientOptions } from '../../src/index.js';
import {
  AccountType,
  ContributorStatus,
  PermissionStatus,
} from '../../src/index.js';
import { getContributorPda, getDevicePda, getGlobalStatePda, getLinkPda, getPermissionPda } from '../../src/index.js';
import { encodeContributor, type Contributor } from '../../src/index.js';
import { decodeDevice, encodeDevice, type Device } from '../../src/index.js';
import { encodeGlobalState, type GlobalState } from '../../src/index.js';
import { decodeLink, encodeLink, type Link } from '../../src/index.js';
import { encodePermission, type Permission } from '../../src/index.js';
import { decodeInstruction } from '../../src/index.js';
import { startRpcServer, type RpcTestServer, type SentTransaction } from './rpcServer.js';
import { sampleDevice, sampleLink } from './accounts.js';

export const PROGRAM_ID = new PublicKey('7CTniUa88iJKUHTrCkB4TjAoG6TD7AMivhQeuqN2LPtX');

/** A retry `sleep` that does not wait. */
export const noSleep = async (): Promise<void> => {};

/**
 * A fresh RpcTestServer for each test of the calling file (closed after the test); `ready` runs
 * once it listens, to load accounts and build clients. Returns `restart`: closes the test's
 * server and starts an empty one in its place (closed after the test in turn).
 */
export function serverPerTest(ready: (server: RpcTestServer) => void): () => Promise<RpcTestServer> {
  let server: RpcTestServer | undefined;
  beforeEach(async () => {
    server = await startRpcServer();
    ready(server);
  });
  afterEach(async () => {
    await server?.close();
  });
  return async () => {
    await server?.close();
    server = await startRpcServer();
    return server;
  };
}

/** A web3.js Connection to the test server (its own 429 retries off: dzprov's policy is under test). */
export function testConnection(server: RpcTestServer): Connection {
  return new Connection(server.url, { commitment: 'confirmed', disableRetryOnRateLimit: true, wsEndpoint: server.wsUrl });
}

/**
 * A DzClient for PROGRAM_ID over a testConnection, subscribing with the ws package's WebSocket
 * (Node 20 has no global one); `o` adds or overrides options.
 */
export function testClient(server: RpcTestServer, o: DzClientOptions = {}): DzClient {
  return new DzClient({ connection: testConnection(server), programId: PROGRAM_ID, WebSocket, ...o });
}

/** Waits (bounded: 300 × 10 ms) until `cond` holds. */
export async function waitFor(what: string, cond: () => boolean): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

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

/** sampleDevice (test/helpers/accounts.ts) at device index `index` of PROGRAM_ID, at LOCATION / EXCHANGE. */
export function makeDevice(index: number, o: Partial<Device> & { contributorPk: PublicKey; code: string }): Device {
  return sampleDevice({
    owner: kp('device owner').publicKey,
    index: BigInt(index),
    bumpSeed: getDevicePda(PROGRAM_ID, index)[1],
    locationPk: LOCATION,
    exchangePk: EXCHANGE,
    publicIp: '45.77.113.10',
    dzPrefixes: ['46.51.100.0/28'],
    metricsPublisherPk: PublicKey.default,
    mgmtVrf: '',
    maxUsers: 128,
    ...o,
  });
}

/** sampleLink (test/helpers/accounts.ts) at link index `index` of PROGRAM_ID. */
export function makeLink(index: number, o: Partial<Link> & { contributorPk: PublicKey; sideAPk: PublicKey; sideZPk: PublicKey; code: string }): Link {
  return sampleLink({
    owner: kp('link owner').publicKey,
    index: BigInt(index),
    bumpSeed: getLinkPda(PROGRAM_ID, index)[1],
    delayNs: 40_000n,
    jitterNs: 10_000n,
    tunnelId: 7,
    tunnelNet: '172.16.0.0/31',
    sideAIfaceName: 'Ethernet1',
    ...o,
  });
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
    /** Decodes the stored account at `pk`, applies `change`, stores it re-encoded. */
    const update = <T>(pk: PublicKey, decode: (b: Uint8Array) => T, encode: (v: T) => Uint8Array, change: (v: T) => void) => {
      const acc = server.getAccount(pk);
      if (!acc) throw new Error(`applyLikeProgram: ${pk.toBase58()} does not exist`);
      const v = decode(acc.data);
      change(v);
      server.setAccount(pk, { owner: PROGRAM_ID, data: encode(v) });
    };
    switch (d.name) {
      case 'UpdateDevice':
        update(d.accounts.device, decodeDevice, encodeDevice, (dev) => {
          if (d.args.status !== null) dev.status = d.args.status;
          if (d.args.desiredStatus !== null) dev.desiredStatus = d.args.desiredStatus;
        });
        break;
      case 'SetDeviceHealth':
        update(d.accounts.device, decodeDevice, encodeDevice, (dev) => (dev.deviceHealth = d.args.health));
        break;
      case 'UpdateLink':
        update(d.accounts.link, decodeLink, encodeLink, (l) => {
          if (d.args.status !== null) l.status = d.args.status;
          if (d.args.desiredStatus !== null) l.desiredStatus = d.args.desiredStatus;
        });
        break;
      case 'SetLinkHealth':
        update(d.accounts.link, decodeLink, encodeLink, (l) => (l.linkHealth = d.args.health));
        break;
      case 'DeleteLink':
        server.deleteAccount(d.accounts.link);
        break;
      default:
        break;
    }
  }
}
