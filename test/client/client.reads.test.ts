import { Keypair, PublicKey, SystemProgram } from '@solana/web3.js';
import bs58 from 'bs58';
import { describe, expect, it } from 'vitest';
import {
  AmbiguousCodeError,
  DzClient,
  LOCALNET_RPC_URL,
  MemoryAccountSource,
  RateLimitedError,
  type AccountRecord,
} from '../../src/index.js';
import { AccountType, DeviceStatus, LinkStatus } from '../../src/index.js';
import { AccountNotFoundError, DecodeError, ValidationError, WrongOwnerError } from '../../src/index.js';
import { getDevicePda, getPermissionPda } from '../../src/index.js';
import { encodeDevice } from '../../src/index.js';
import { encodePermission } from '../../src/index.js';
import {
  ACME,
  FOUNDATION,
  GLOBEX,
  OPS,
  ORACLE,
  PROGRAM_ID,
  VISITOR,
  kp,
  loadNetwork,
  makeDevice,
  makePermission,
  noSleep,
  serverPerTest,
  testClient,
  type TestNetwork,
} from '../helpers/rpcFixtures.js';
import type { RpcTestServer } from '../helpers/rpcServer.js';

let server: RpcTestServer;
let client: DzClient;
let net: TestNetwork;

function newClient(o: { maxAttempts?: number } = {}): DzClient {
  return testClient(server, { retry: { sleep: noSleep, maxAttempts: o.maxAttempts ?? 4 } });
}

/** Accounts of other kinds: users (7) and access passes (11) with random-looking bodies. */
function addNoise(count: number): void {
  for (let i = 0; i < count; i++) {
    const data = new Uint8Array(200).map((_, j) => (j * 31 + i) % 251);
    data[0] = i % 2 === 0 ? AccountType.User : AccountType.AccessPass;
    server.setAccount(kp(`noise ${i}`).publicKey, { owner: PROGRAM_ID, data });
  }
}

const restartServer = serverPerTest((s) => {
  server = s;
  net = loadNetwork(server, { devices: 6 });
  client = newClient();
});

describe('DzClient construction', () => {
  it('requires an RPC URL for a named network and never picks a provider', () => {
    // Given / When / Then
    const err = (() => {
      try {
        new DzClient({ network: 'mainnet-beta', env: {} });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe('rpcUrl');
    expect((err as Error).message).toMatch(/pass rpcUrl/);
  });

  it('defaults localnet to the local validator, and reads DZPROV_RPC_URL', () => {
    // Given / When
    const local = new DzClient({ network: 'localnet', env: {} });
    const fromEnv = new DzClient({ network: 'devnet', env: { DZPROV_RPC_URL: server.url } });
    // Then
    expect(local.connection.rpcEndpoint).toBe(LOCALNET_RPC_URL);
    expect(local.programId.toBase58()).toBe('7CTniUa88iJKUHTrCkB4TjAoG6TD7AMivhQeuqN2LPtX');
    expect(fromEnv.connection.rpcEndpoint).toBe(server.url);
    expect(fromEnv.programId.toBase58()).toBe('GYhQDKuESrasNZGyhMJhGYFtbzNijYhcrN9poSqCQVah');
  });

  it('refuses an unknown network and a non-http URL', () => {
    expect(() => new DzClient({ network: 'moonnet' as never, rpcUrl: server.url })).toThrow(ValidationError);
    expect(() => new DzClient({ network: 'devnet', rpcUrl: 'ftp://x' })).toThrow(ValidationError);
  });

  it('reads through a MemoryAccountSource without any connection, and says so when asked to send', async () => {
    // Given the records the server holds, in memory
    const records: AccountRecord[] = [...server.accounts].map(([k, a]) => ({ pubkey: new PublicKey(k), owner: a.owner, lamports: a.lamports, data: a.data }));
    const mem = new DzClient({ source: new MemoryAccountSource(records), programId: PROGRAM_ID, env: {} });
    // When
    const devices = await mem.listDevices();
    // Then
    expect(devices).toHaveLength(6);
    expect(() => mem.connection).toThrow(ValidationError);
    await expect(mem.simulate(await mem.prepareDrainDevice('dev-0', ACME.publicKey))).rejects.toThrow(/needs an RPC connection/);
  });
});

describe('DzClient reads', () => {
  it('fetches and decodes a device; a missing one is AccountNotFoundError or null', async () => {
    // Given
    const { pk, device } = net.devices[0]!;
    const missing = getDevicePda(PROGRAM_ID, 999)[0];
    // When / Then
    expect(await client.fetchDevice(pk)).toEqual(device);
    expect(await client.fetchMaybeDevice(missing)).toBeNull();
    const err = await client.fetchDevice(missing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccountNotFoundError);
    expect((err as AccountNotFoundError).address).toBe(missing.toBase58());
  });

  it('refuses an account owned by another program (WrongOwnerError) and a wrong type (DecodeError)', async () => {
    // Given a device-shaped account owned by the system program
    const stray = kp('stray').publicKey;
    server.setAccount(stray, { owner: SystemProgram.programId, data: encodeDevice(net.devices[0]!.device) });
    // When / Then
    await expect(client.fetchDevice(stray)).rejects.toBeInstanceOf(WrongOwnerError);
    await expect(client.fetchDevice(net.links[0]!.pk)).rejects.toBeInstanceOf(DecodeError);
  });

  it('fetches GlobalState, contributors and permissions', async () => {
    const gs = await client.fetchGlobalState();
    expect(gs.foundationAllowlist.map((k) => k.toBase58())).toEqual([FOUNDATION.publicKey.toBase58()]);
    expect((await client.fetchContributor(net.acmePk)).owner.equals(ACME.publicKey)).toBe(true);
    expect((await client.fetchPermissionOf(OPS.publicKey))?.permissions).toBe(0x808n);
    expect(await client.fetchPermissionOf(VISITOR.publicKey)).toBeNull();
    await expect(client.fetchGlobalConfig()).rejects.toBeInstanceOf(AccountNotFoundError);
  });

  it('fetchMultipleDevices batches 250 keys into 3 getMultipleAccounts calls', async () => {
    // Given 250 keys: the 6 devices, then 244 missing addresses
    const keys = [...net.devices.map((d) => d.pk), ...Array.from({ length: 244 }, (_, i) => getDevicePda(PROGRAM_ID, 5000 + i)[0])];
    server.resetRecords();
    // When
    const got = await client.fetchMultipleDevices(keys);
    // Then
    expect(server.calls('getMultipleAccounts')).toHaveLength(3);
    expect(got.slice(0, 6)).toEqual(net.devices.map((d) => d.device));
    expect(got.slice(6).every((d) => d === null)).toBe(true);
  });
});

describe('DzClient listings', () => {
  it('lists devices with the type-byte filter only: no user or access pass is downloaded', async () => {
    // Given 40 other accounts
    addNoise(40);
    server.resetRecords();
    // When
    const devices = await client.listDevices();
    // Then the filter sent is memcmp offset 0 with bs58 of byte 5
    const [call] = server.calls('getProgramAccounts');
    const cfg = (call!.params as [string, { filters: unknown[] }])[1];
    // (web3.js spells out the default encoding on the wire)
    expect(cfg.filters).toEqual([{ memcmp: { offset: 0, bytes: bs58.encode([AccountType.Device]), encoding: 'base58' } }]);
    expect(bs58.encode([AccountType.Device])).toBe('6');
    expect(devices.map((d) => d.account.code)).toEqual(net.devices.map((d) => d.device.code));
    // and the answer carried exactly the six device accounts
    const deviceBytes = net.devices.reduce((a, d) => a + encodeDevice(d.device).length, 0);
    expect(call!.responseBytes).toBeLessThan(Math.ceil((deviceBytes * 4) / 3) + 6 * 400);
  });

  it('filters devices by contributor on the client and by location/status on the node', async () => {
    // Given
    server.resetRecords();
    // When
    const acme = await client.listDevices({ contributor: net.acmePk });
    const drained = await client.listDevices({ status: DeviceStatus.Drained });
    const here = await client.listDevices({ location: net.devices[0]!.device.locationPk });
    // Then
    expect(acme.map((d) => d.account.code)).toEqual(['dev-0', 'dev-2', 'dev-4']);
    expect(drained).toEqual([]);
    expect(here).toHaveLength(6);
    const filters = server.calls('getProgramAccounts').map((c) => (c.params as [string, { filters: unknown[] }])[1].filters);
    expect(filters[0]).toHaveLength(1);
    expect(filters[1]).toEqual([
      { memcmp: { offset: 0, bytes: '6', encoding: 'base58' } },
      { memcmp: { offset: 119, bytes: Buffer.from([DeviceStatus.Drained]).toString('base64'), encoding: 'base64' } },
    ]);
    expect(filters[2]).toEqual([
      { memcmp: { offset: 0, bytes: '6', encoding: 'base58' } },
      { memcmp: { offset: 50, bytes: net.devices[0]!.device.locationPk.toBase58(), encoding: 'base58' } },
    ]);
  });

  it('lists links by side A (offset 50), side Z (offset 82) and contributor', async () => {
    // Given
    const mid = net.devices[2]!.pk;
    server.resetRecords();
    // When
    const fromMid = await client.listLinks({ sideA: mid });
    const toMid = await client.listLinks({ sideZ: mid });
    const globex = await client.listLinks({ contributor: net.globexPk });
    const active = await client.listLinks({ status: LinkStatus.Activated });
    // Then
    expect(fromMid.map((l) => l.account.code)).toEqual(['link-2']);
    expect(toMid.map((l) => l.account.code)).toEqual(['link-1']);
    expect(globex.map((l) => l.account.code)).toEqual(['link-1', 'link-3']);
    expect(active).toHaveLength(5);
    const filters = server.calls('getProgramAccounts').map((c) => (c.params as [string, { filters: unknown[] }])[1].filters);
    expect(filters[0]).toEqual([
      { memcmp: { offset: 0, bytes: bs58.encode([AccountType.Link]), encoding: 'base58' } },
      { memcmp: { offset: 50, bytes: mid.toBase58(), encoding: 'base58' } },
    ]);
    expect(filters[1]).toEqual([
      { memcmp: { offset: 0, bytes: '7', encoding: 'base58' } },
      { memcmp: { offset: 82, bytes: mid.toBase58(), encoding: 'base58' } },
    ]);
  });

  it('throws on an undecodable account, or reports and skips it with onDecodeError', async () => {
    // Given a truncated device account
    const bad = kp('bad device').publicKey;
    server.setAccount(bad, { owner: PROGRAM_ID, data: Uint8Array.of(AccountType.Device, 1, 2) });
    // When / Then
    await expect(client.listDevices()).rejects.toBeInstanceOf(DecodeError);
    const seen: string[] = [];
    const ok = await client.listDevices({ onDecodeError: (pk, e) => seen.push(`${pk.toBase58()}:${e.code}`) });
    expect(ok).toHaveLength(6);
    expect(seen).toEqual([`${bad.toBase58()}:DECODE_ERROR`]);
  });

  it('lists contributors and permissions', async () => {
    expect((await client.listContributors()).map((c) => c.account.code).sort()).toEqual(['acme', 'globex']);
    expect((await client.listPermissions()).map((p) => p.account.userPayer.toBase58())).toEqual([OPS.publicKey.toBase58()]);
  });
});

describe('DzClient by code', () => {
  it('finds a device by code with a memcmp on the code, case-insensitively', async () => {
    // Given
    server.resetRecords();
    // When
    const found = await client.findDeviceByCode('DEV-3');
    // Then
    expect(found.pubkey.equals(net.devices[3]!.pk)).toBe(true);
    const cfg = (server.calls('getProgramAccounts')[0]!.params as [string, { filters: unknown[] }])[1];
    expect(cfg.filters[1]).toEqual({ memcmp: { offset: 120, bytes: Buffer.from([5, 0, 0, 0, ...Buffer.from('dev-3')]).toString('base64'), encoding: 'base64' } });
  });

  it('resolves by code or by address; unknown → AccountNotFoundError; duplicate code → AmbiguousCodeError', async () => {
    // Given a second device with code dev-1
    const dup = getDevicePda(PROGRAM_ID, 77)[0];
    server.setAccount(dup, { owner: PROGRAM_ID, data: encodeDevice(makeDevice(77, { contributorPk: net.acmePk, code: 'dev-1' })) });
    // When / Then
    expect((await client.resolveDevice(net.devices[2]!.pk.toBase58())).account.code).toBe('dev-2');
    expect((await client.resolveDevice('dev-2')).pubkey.equals(net.devices[2]!.pk)).toBe(true);
    expect((await client.resolveLink('link-0')).account.sideAPk.equals(net.devices[0]!.pk)).toBe(true);
    await expect(client.resolveDevice('nope')).rejects.toBeInstanceOf(AccountNotFoundError);
    await expect(client.resolveDevice(getDevicePda(PROGRAM_ID, 4242)[0].toBase58())).rejects.toBeInstanceOf(AccountNotFoundError);
    const amb = await client.resolveDevice('dev-1').catch((e: unknown) => e);
    expect(amb).toBeInstanceOf(AmbiguousCodeError);
    expect((amb as AmbiguousCodeError).addresses).toHaveLength(2);
    await expect(client.resolveDevice('  ')).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('DzClient role resolution', () => {
  it('reads GlobalState, Contributor and the Permission PDA in ONE getMultipleAccounts call', async () => {
    // Given
    const device = net.devices[0]!.device;
    server.resetRecords();
    // When
    const r = await client.resolveDeviceRoles(ACME.publicKey, device);
    // Then
    expect(r.roles).toEqual(['contributor']);
    expect(r.hasPermissionAccount).toBe(false);
    const calls = server.calls('getMultipleAccounts');
    expect(calls).toHaveLength(1);
    expect((calls[0]!.params as [string[]])[0]).toEqual([net.gsPk.toBase58(), net.acmePk.toBase58(), getPermissionPda(PROGRAM_ID, ACME.publicKey)[0].toBase58()]);
  });

  it('derives every role from chain data', async () => {
    const dev = net.devices[0]!.device; // acme's
    const link = net.links[0]!.link; // acme's, side Z = globex's device
    expect((await client.resolveDeviceRoles(GLOBEX.publicKey, dev)).roles).toEqual([]);
    expect((await client.resolveDeviceRoles(FOUNDATION.publicKey, dev)).roles).toEqual(['networkAdmin']);
    expect((await client.resolveDeviceRoles(ORACLE.publicKey, dev)).roles).toEqual(['healthOracle']);
    const ops = await client.resolveDeviceRoles(OPS.publicKey, dev);
    expect(ops.roles).toEqual(['networkAdmin', 'healthOracle']);
    expect(ops.hasPermissionAccount).toBe(true);
    expect(ops.permission?.permissions).toBe(0x808n);
    expect((await client.resolveLinkRoles(GLOBEX.publicKey, link)).roles).toEqual(['sideZContributor']);
    expect((await client.resolveLinkRoles(ACME.publicKey, link)).roles).toEqual(['contributor']);
    expect((await client.resolveLinkRoles(VISITOR.publicKey, link)).roles).toEqual([]);
  });

  it('in strict mode only Permission accounts grant privileges', async () => {
    // Given RequirePermissionAccounts on
    server = await restartServer();
    net = loadNetwork(server, { strict: true });
    client = newClient();
    const dev = net.devices[0]!.device;
    // When / Then
    const f = await client.resolveDeviceRoles(FOUNDATION.publicKey, dev);
    expect(f.strictPermissions).toBe(true);
    expect(f.roles).toEqual([]);
    expect((await client.resolveDeviceRoles(ORACLE.publicKey, dev)).roles).toEqual([]);
    expect((await client.resolveDeviceRoles(OPS.publicKey, dev)).roles).toEqual(['networkAdmin', 'healthOracle']);
    expect((await client.resolveDeviceRoles(ACME.publicKey, dev)).roles).toEqual(['contributor']);
  });

  it('a suspended Permission still counts as an account but grants nothing', async () => {
    // Given FOUNDATION also has a suspended Permission with NETWORK_ADMIN (legacy mode)
    const pda = getPermissionPda(PROGRAM_ID, FOUNDATION.publicKey)[0];
    server.setAccount(pda, { owner: PROGRAM_ID, data: encodePermission(makePermission(FOUNDATION.publicKey, 0x8n, 2)) });
    // When
    const r = await client.resolveDeviceRoles(FOUNDATION.publicKey, net.devices[0]!.device);
    // Then: the allowlist fallback applies, and the account exists
    expect(r.roles).toEqual(['networkAdmin']);
    expect(r.hasPermissionAccount).toBe(true);
  });

  it('lamports sent to a Permission PDA do not make a Permission account', async () => {
    // Given a system-owned, empty account at VISITOR's Permission PDA
    const pda = getPermissionPda(PROGRAM_ID, VISITOR.publicKey)[0];
    server.setAccount(pda, { owner: SystemProgram.programId, data: new Uint8Array(0), lamports: 1_000_000 });
    // When
    const r = await client.resolveDeviceRoles(VISITOR.publicKey, net.devices[0]!.device);
    // Then
    expect(r.hasPermissionAccount).toBe(false);
    expect(r.permission).toBeNull();
  });

  it('retries a rate-limited role lookup and gives up with RateLimitedError after the bound', async () => {
    // Given
    server.injectFault({ kind: '429', count: 2, method: 'getMultipleAccounts' });
    // When
    const r = await client.resolveDeviceRoles(ACME.publicKey, net.devices[0]!.device);
    // Then
    expect(r.roles).toEqual(['contributor']);
    server.injectFault({ kind: '429', count: 10 });
    await expect(newClient({ maxAttempts: 3 }).fetchGlobalState()).rejects.toBeInstanceOf(RateLimitedError);
    server.clearFaults();
  });

  it('missing GlobalState is AccountNotFoundError', async () => {
    server.deleteAccount(net.gsPk);
    await expect(client.resolveDeviceRoles(ACME.publicKey, net.devices[0]!.device)).rejects.toBeInstanceOf(AccountNotFoundError);
    void Keypair;
  });
});
