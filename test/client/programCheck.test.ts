/**
 * Issue 15 (1) in the SDK: DzClient.forEnv, the program check before an empty answer, and the
 * listing filters of the `doublezero` CLI (device type / link type on the node, health, desired
 * status, code substring and topology here).
 */
import { PublicKey, SystemProgram } from '@solana/web3.js';
import bs58 from 'bs58';
import { describe, expect, it } from 'vitest';
import {
  DeviceDesiredStatus,
  DeviceHealth,
  DeviceStatus,
  DeviceType,
  DzClient,
  ensureProgramDeployed,
  LinkHealth,
  LinkLinkType,
  MemoryAccountSource,
  ProgramNotDeployedError,
  PROGRAM_IDS,
  RpcError,
  ValidationError,
} from '../../src/index.js';
import { EXCHANGE, kp, LOCATION, loadNetwork, noSleep, PROGRAM_ID, serverPerTest, testClient, type TestNetwork } from '../helpers/rpcFixtures.js';
import type { RpcTestServer } from '../helpers/rpcServer.js';

let server: RpcTestServer;
let net: TestNetwork;

serverPerTest((s) => {
  server = s;
  net = loadNetwork(server, {
    devices: 6,
    device: (i) => ({
      locationPk: LOCATION,
      exchangePk: EXCHANGE,
      deviceType: i % 3 === 0 ? DeviceType.Transit : DeviceType.Hybrid,
      deviceHealth: i < 3 ? DeviceHealth.ReadyForUsers : DeviceHealth.Impaired,
      desiredStatus: i === 5 ? DeviceDesiredStatus.Drained : DeviceDesiredStatus.Activated,
      status: i === 5 ? DeviceStatus.Drained : DeviceStatus.Activated,
    }),
    link: (i) => ({
      linkType: i === 2 ? LinkLinkType.DZX : LinkLinkType.WAN,
      linkHealth: i === 0 ? LinkHealth.Impaired : LinkHealth.ReadyForService,
      ...(i === 1 ? { linkTopologies: [TOPOLOGY] } : {}),
    }),
  });
});

const TOPOLOGY = kp('a topology').publicKey;
const retry = { sleep: noSleep, maxAttempts: 3 };
const programCalls = (id: PublicKey) =>
  server.calls('getAccountInfo').filter((c) => (c.params as unknown[])[0] === id.toBase58()).length;
/** The memcmp filters (offset, bytes as hex) of the listings of one account type the node received. */
function listingFilters(accountType: number): { offset: number; hex: string }[][] {
  return server
    .calls('getProgramAccounts')
    .map((c) => ((c.params as unknown[])[1] as { filters: { memcmp: { offset: number; bytes: string; encoding?: string } }[] }).filters)
    .filter((fs) => fs.some((f) => f.memcmp.offset === 0 && f.memcmp.bytes === bs58.encode([accountType])))
    .map((fs) =>
      fs.map((f) => ({
        offset: f.memcmp.offset,
        hex: Buffer.from(f.memcmp.encoding === 'base64' ? Buffer.from(f.memcmp.bytes, 'base64') : bs58.decode(f.memcmp.bytes)).toString('hex'),
      })),
    );
}

describe('DzClient.forEnv', () => {
  it('takes the environment\'s program id and, from env, DZ_LEDGER_RPC_URL with the WebSocket URL derived from it', async () => {
    // Given the local environment with its ledger overridden to the test node
    const client = DzClient.forEnv('l', { env: { DZ_LEDGER_RPC_URL: server.url }, retry });
    // Then it reads the test node, with the local program id
    expect(client.programId.equals(PROGRAM_IDS.localnet)).toBe(true);
    expect(client.network).toBe('localnet');
    expect(client.connection.rpcEndpoint).toBe(server.url);
    expect((await client.listDevices()).map((d) => d.account.code)).toHaveLength(6);
    // And without env, its own endpoints (the library never reads process.env)
    process.env.DZ_LEDGER_RPC_URL = server.url;
    try {
      const t = DzClient.forEnv('testnet');
      expect(t.connection.rpcEndpoint).toBe('https://doublezerolocalnet.rpcpool.com/8a4fd3f4-0977-449f-88c7-63d4b0f10f16');
      expect(t.programId.toBase58()).toBe('DZtnuQ839pSaDMFG5q1ad2V95G82S5EC4RrB3Ndw2Heb');
    } finally {
      delete process.env.DZ_LEDGER_RPC_URL;
    }
  });

  it('explicit rpcUrl / programId win; unknown environments and a network option are refused', () => {
    const c = DzClient.forEnv('mainnet-beta', { rpcUrl: 'http://127.0.0.1:1/x', programId: PROGRAM_ID });
    expect(c.connection.rpcEndpoint).toBe('http://127.0.0.1:1/x');
    expect(c.programId.equals(PROGRAM_ID)).toBe(true);
    expect(() => DzClient.forEnv('mainnet')).toThrow(/"mainnet" is not a DoubleZero environment/);
    expect(() => DzClient.forEnv('devnet', { network: 'devnet' } as never)).toThrow(ValidationError);
  });
});

describe('the program check', () => {
  it('a node without the program account: one typed error instead of an empty listing, checked once', async () => {
    // Given a client for devnet's program on a node that only has the local program
    const client = testClient(server, { programId: PROGRAM_IDS.devnet, retry });
    // When listing
    const err = await client.listDevices().catch((e: unknown) => e);
    // Then it is ProgramNotDeployedError, with stable name and code
    expect(err).toBeInstanceOf(ProgramNotDeployedError);
    const e = err as ProgramNotDeployedError;
    expect([e.name, e.code, e.reason, e.programId, e.rpcUrl]).toEqual([
      'ProgramNotDeployedError',
      'PROGRAM_NOT_DEPLOYED',
      'missing',
      PROGRAM_IDS.devnet.toBase58(),
      server.url,
    ]);
    expect(e.message).toMatch(/does not exist on the node .* not on Solana's clusters/);
    // And a second read does not ask again: the answer is remembered
    await expect(client.fetchMaybeDevice(PublicKey.unique())).rejects.toBeInstanceOf(ProgramNotDeployedError);
    await expect(client.findDeviceByCode('dev-0')).rejects.toBeInstanceOf(ProgramNotDeployedError);
    expect(programCalls(PROGRAM_IDS.devnet)).toBe(1);
  });

  it('an account at the program id that is not executable: reason "not-executable" with its owner', async () => {
    server.setAccount(PROGRAM_IDS.devnet, { owner: SystemProgram.programId, data: new Uint8Array(0) });
    const client = testClient(server, { programId: PROGRAM_IDS.devnet, retry });
    const e = (await client.listLinks().catch((x: unknown) => x)) as ProgramNotDeployedError;
    expect(e).toBeInstanceOf(ProgramNotDeployedError);
    expect([e.reason, e.owner]).toEqual(['not-executable', SystemProgram.programId.toBase58()]);
  });

  it('costs nothing when reads find accounts; one getAccountInfo, cached, when an answer is empty', async () => {
    const client = testClient(server, { retry });
    // When the listings find accounts
    await client.listDevices();
    await client.fetchDevice(net.devices[0]!.pk);
    // Then the program account was never asked for
    expect(programCalls(PROGRAM_ID)).toBe(0);
    // When answers are empty (no such device; nobody with that code)
    expect(await client.fetchMaybeDevice(PublicKey.unique())).toBeNull();
    expect(await client.listDevices({ codeIncludes: 'nothing' })).toEqual([]);
    expect(await client.listDevices({ status: DeviceStatus.Deleting })).toEqual([]);
    // Then the program was checked once and the empty answers came back as they are
    expect(programCalls(PROGRAM_ID)).toBe(1);
  });

  it('a node that fails the check is asked again next time (an unreachable node proves nothing)', async () => {
    const client = testClient(server, { programId: PROGRAM_IDS.devnet, retry: { ...retry, maxAttempts: 1 } });
    server.injectFault({ kind: '500', count: 1, method: 'getAccountInfo' });
    await expect(client.listDevices()).rejects.toBeInstanceOf(RpcError);
    await expect(client.listDevices()).rejects.toBeInstanceOf(ProgramNotDeployedError);
    expect(programCalls(PROGRAM_IDS.devnet)).toBe(2);
  });

  it('ensureProgramDeployed checks up front; an in-memory client has no node to check', async () => {
    await expect(ensureProgramDeployed(testClient(server, { retry }))).resolves.toBeUndefined();
    await expect(ensureProgramDeployed(testClient(server, { programId: PROGRAM_IDS.testnet, retry }))).rejects.toBeInstanceOf(ProgramNotDeployedError);
    const mem = new DzClient({ source: new MemoryAccountSource([]), programId: PROGRAM_IDS.testnet, env: {} });
    await expect(ensureProgramDeployed(mem)).resolves.toBeUndefined();
    expect(await mem.listDevices()).toEqual([]);
  });
});

describe('the doublezero CLI\'s listing filters', () => {
  const b64hex = (n: number) => Buffer.from([n]).toString('hex');

  it('device type goes to the node (memcmp at 114); health, desired status and code are kept here', async () => {
    const client = testClient(server, { retry });
    server.resetRecords();
    // When
    const transit = await client.listDevices({ deviceType: DeviceType.Transit });
    const impaired = await client.listDevices({ health: DeviceHealth.Impaired });
    const drainedIntent = await client.listDevices({ desiredStatus: DeviceDesiredStatus.Drained });
    const code = await client.listDevices({ codeIncludes: 'v-4' });
    // Then the rows are the matching ones
    expect(transit.map((d) => d.account.code)).toEqual(['dev-0', 'dev-3']);
    expect(impaired.map((d) => d.account.code)).toEqual(['dev-3', 'dev-4', 'dev-5']);
    expect(drainedIntent.map((d) => d.account.code)).toEqual(['dev-5']);
    expect(code.map((d) => d.account.code)).toEqual(['dev-4']);
    // And the node got the type byte, plus the device type for the first listing only
    expect(listingFilters(5)).toEqual([
      [{ offset: 0, hex: '05' }, { offset: 114, hex: b64hex(DeviceType.Transit) }],
      [{ offset: 0, hex: '05' }],
      [{ offset: 0, hex: '05' }],
      [{ offset: 0, hex: '05' }],
    ]);
  });

  it('five device filters fit the node\'s limit of four: location, exchange and device type are one memcmp', async () => {
    const client = testClient(server, { retry });
    server.resetRecords();
    const got = await client.listDevices({ location: LOCATION, exchange: EXCHANGE, deviceType: DeviceType.Hybrid, status: DeviceStatus.Activated });
    expect(got.map((d) => d.account.code)).toEqual(['dev-1', 'dev-2', 'dev-4']);
    const [filters] = listingFilters(5);
    // the type byte, location + exchange + device type (50..114), status
    expect(filters).toHaveLength(3);
    expect(filters![1]).toEqual({
      offset: 50,
      hex: Buffer.concat([LOCATION.toBuffer(), EXCHANGE.toBuffer(), Buffer.from([DeviceType.Hybrid])]).toString('hex'),
    });
    expect(filters![2]).toEqual({ offset: 119, hex: b64hex(DeviceStatus.Activated) });
    // The same filters on a subscription: the node takes programSubscribe with 3 filters too
    const unsub = client.subscribeDevices(() => undefined, { location: LOCATION, exchange: EXCHANGE, deviceType: DeviceType.Hybrid, status: DeviceStatus.Activated });
    await unsub();
  });

  it('link type goes to the node (memcmp at 114); health, code and topology are kept here', async () => {
    const client = testClient(server, { retry });
    server.resetRecords();
    expect((await client.listLinks({ linkType: LinkLinkType.DZX })).map((l) => l.account.code)).toEqual(['link-2']);
    expect((await client.listLinks({ health: LinkHealth.Impaired })).map((l) => l.account.code)).toEqual(['link-0']);
    expect((await client.listLinks({ codeIncludes: 'k-3' })).map((l) => l.account.code)).toEqual(['link-3']);
    expect((await client.listLinks({ topology: TOPOLOGY })).map((l) => l.account.code)).toEqual(['link-1']);
    expect((await client.listLinks({ topology: 'none' })).map((l) => l.account.code)).toEqual(['link-0', 'link-2', 'link-3', 'link-4']);
    const filters = listingFilters(6);
    expect(filters[0]).toEqual([{ offset: 0, hex: '06' }, { offset: 114, hex: b64hex(LinkLinkType.DZX) }]);
    for (const f of filters.slice(1)) expect(f).toHaveLength(1);
  });

  it('filter values of the wrong kind are ValidationErrors, before anything is sent', async () => {
    const client = testClient(server, { retry });
    server.resetRecords();
    await expect(client.listDevices({ deviceType: 300 as DeviceType })).rejects.toThrow(/invalid deviceType/);
    await expect(client.listLinks({ topology: 'all' as never })).rejects.toThrow(/invalid topology/);
    await expect(client.listLinks({ codeIncludes: 7 as never })).rejects.toThrow(ValidationError);
    expect(server.requests).toHaveLength(0);
  });
});
