import { PublicKey, type GetProgramAccountsFilter } from '@solana/web3.js';
import bs58 from 'bs58';
import { describe, expect, it } from 'vitest';
import {
  DzClient,
  MalformedRpcResponseError,
  RpcAccountSource,
  RpcError,
  parseProgramAccounts,
  type AccountList,
  type AccountRecord,
  type ListingPath,
} from '../../src/index.js';
import { AccountType, DeviceStatus, StaleAnswerError } from '../../src/index.js';
import { encodeBase64 } from '../../src/core/codec/base64.js';
import { FIXTURES_DIR, fixtureBytes } from '../helpers/fixtures.js';
import { LOCATION, PROGRAM_ID, kp, loadNetwork, noSleep, serverPerTest, testConnection, type TestNetwork } from '../helpers/rpcFixtures.js';
import type { RpcTestServer } from '../helpers/rpcServer.js';
import { readdirSync } from 'node:fs';

// The fast listing path (the answer's JSON checked by dzprov) and the web3.js path
// (Connection.getProgramAccounts) must agree on every answer: the same records, the same slot,
// and the same typed error on a malformed one.

let server: RpcTestServer;
let net: TestNetwork;

serverPerTest((s) => {
  server = s;
  net = loadNetwork(server, { devices: 7, device: (i) => (i === 3 ? { status: DeviceStatus.Drained } : {}) });
});

const PATHS: ListingPath[] = ['fast', 'web3'];

function source(listing: ListingPath, o: { maxAttempts?: number } = {}): RpcAccountSource {
  return new RpcAccountSource(testConnection(server), { listing, retry: { sleep: noSleep, maxAttempts: o.maxAttempts ?? 1 } });
}

function client(listing: ListingPath): DzClient {
  const connection = testConnection(server);
  return new DzClient({ connection, programId: PROGRAM_ID, source: new RpcAccountSource(connection, { listing, retry: { sleep: noSleep, maxAttempts: 1 } }) });
}

/** Records in a form toEqual compares by value (base58 keys, plain byte arrays). */
function plain(recs: AccountRecord[]): unknown[] {
  return recs.map((r) => ({ pubkey: r.pubkey.toBase58(), owner: r.owner.toBase58(), lamports: r.lamports, data: [...r.data] }));
}

/** Every golden account fixture (test/fixtures/*.bin that is not an instruction), program-owned. */
function loadFixtures(): string[] {
  const names = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.bin') && !f.startsWith('ix_'));
  names.forEach((name, i) => server.setAccount(kp(`fixture ${name}`).publicKey, { owner: PROGRAM_ID, data: fixtureBytes(name.slice(0, -4)), lamports: 1000 + i }));
  return names;
}

describe('fast listing path vs web3.js path', () => {
  it('returns identical records for every account of the program and for filtered listings', async () => {
    // Given the test network, every golden fixture, an empty account and odd-sized noise
    const names = loadFixtures();
    expect(names.length).toBeGreaterThanOrEqual(7);
    server.setAccount(kp('empty').publicKey, { owner: PROGRAM_ID, data: new Uint8Array(0) });
    for (let i = 0; i < 20; i++) {
      server.setAccount(kp(`noise ${i}`).publicKey, { owner: PROGRAM_ID, data: new Uint8Array(i * 7 + 1).map((_, j) => (j * 13 + i) & 0xff) });
    }
    const filterSets: GetProgramAccountsFilter[][] = [
      [],
      [{ memcmp: { offset: 0, bytes: bs58.encode([AccountType.Device]) } }],
      [{ memcmp: { offset: 0, bytes: bs58.encode([AccountType.Link]) } }],
      [{ memcmp: { offset: 0, bytes: encodeBase64(Uint8Array.of(AccountType.Device)), encoding: 'base64' } }, { dataSize: 0 }],
      [{ dataSize: 8 }],
    ];
    for (const filters of filterSets) {
      // When both paths list
      const [fast, web3] = (await Promise.all(PATHS.map((p) => source(p).getProgramAccounts(PROGRAM_ID, filters)))) as [AccountList, AccountList];
      // Then they agree record for record, and on the slot
      expect(plain(fast)).toEqual(plain(web3));
      expect(fast.slot).toBe(server.slot);
      expect(web3.slot).toBe(server.slot);
      fast.forEach((r) => expect(r.pubkey).toBeInstanceOf(PublicKey));
    }
    const all = await source('fast').getProgramAccounts(PROGRAM_ID, []);
    // (every account the program owns: the map also holds the program account itself)
    expect(all.length).toBe([...server.accounts.values()].filter((a) => a.owner.equals(PROGRAM_ID)).length);
  });

  it('decodes identical device and link entries through DzClient on both paths', async () => {
    // Given two clients over the same node
    const [fast, web3] = PATHS.map(client);
    // When
    const devices = await Promise.all([fast!.listDevices(), web3!.listDevices()]);
    const links = await Promise.all([fast!.listLinks(), web3!.listLinks()]);
    const filtered = await Promise.all([
      fast!.listDevices({ status: DeviceStatus.Drained, location: LOCATION, contributor: net.globexPk }),
      web3!.listDevices({ status: DeviceStatus.Drained, location: LOCATION, contributor: net.globexPk }),
    ]);
    // Then
    expect(devices[0]).toHaveLength(7);
    expect(links[0]).toHaveLength(6);
    expect(devices[0]).toEqual(devices[1]);
    expect(links[0]).toEqual(links[1]);
    expect(filtered[0]).toEqual(filtered[1]);
    expect(filtered[0].map((e) => e.account.code)).toEqual(['dev-3']);
    // the address of a fast-path entry prints like any other key
    expect(devices[0][0]!.pubkey.toBase58()).toBe(devices[1][0]!.pubkey.toBase58());
    expect(String(devices[0][0]!.pubkey)).toBe(devices[1][0]!.pubkey.toString());
    expect(devices[0][0]!.pubkey.equals(devices[1][0]!.pubkey)).toBe(true);
    expect(Object.keys(devices[0][0]!.pubkey)).toEqual(Object.keys(devices[1][0]!.pubkey));
  });

  it('is the default path, and asks the node for base64 with the context and the filters web3.js sends', async () => {
    // Given
    const src = new RpcAccountSource(testConnection(server), { commitment: 'finalized' });
    expect(src.listing).toBe('fast');
    server.resetRecords();
    // When
    await src.getProgramAccounts(PROGRAM_ID, [{ memcmp: { offset: 0, bytes: bs58.encode([AccountType.Device]) } }]);
    await source('web3').getProgramAccounts(PROGRAM_ID, [{ memcmp: { offset: 0, bytes: bs58.encode([AccountType.Device]) } }]);
    // Then
    const [fastCall, web3Call] = server.calls('getProgramAccounts').map((c) => c.params as [string, Record<string, unknown>]);
    expect(fastCall![0]).toBe(PROGRAM_ID.toBase58());
    expect(fastCall![1]).toEqual({
      encoding: 'base64',
      commitment: 'finalized',
      filters: [{ memcmp: { offset: 0, bytes: '6', encoding: 'base58' } }],
      withContext: true,
    });
    expect({ ...web3Call![1], commitment: 'finalized' }).toEqual(fastCall![1]);
  });

  it('returns the context slot of listings, and a source floor makes later reads send minContextSlot', async () => {
    // Given the node at slot 4242
    server.slot = 4242;
    for (const p of PATHS) {
      // When
      const devices = await client(p).listDevices();
      // Then
      expect(devices.slot).toBe(4242);
    }
    const src = source('fast');
    const listed = await src.getProgramAccounts(PROGRAM_ID, []);
    src.minContextSlot = listed.slot;
    server.resetRecords();
    await src.getAccounts([net.devices[0]!.pk]);
    // (a node at 4242 answering a read that asks for 5000 is refused: StaleAnswerError)
    await expect(src.getAccount(net.devices[1]!.pk, { minContextSlot: 5000 })).rejects.toBeInstanceOf(StaleAnswerError);
    const sent = server.calls('getMultipleAccounts').map((c) => (c.params as [unknown, { minContextSlot?: number }])[1].minContextSlot);
    expect(sent.slice(0, 2)).toEqual([4242, 5000]);
    expect(new Set(sent.slice(1))).toEqual(new Set([5000]));
  });
});

describe('malformed getProgramAccounts answers: the same typed error on both paths', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Answer = { jsonrpc: string; id: unknown; result: { context: { slot: number }; value: any[] } };
  const cases: [string, (a: Answer) => unknown][] = [
    ['missing value', (a) => ({ ...a, result: { context: a.result.context } })],
    ['result not an object', (a) => ({ ...a, result: 'nope' })],
    ['missing result', (a) => ({ jsonrpc: a.jsonrpc, id: a.id })],
    ['value not an array', (a) => ({ ...a, result: { ...a.result, value: {} } })],
    ['no context slot', (a) => ({ ...a, result: { value: a.result.value } })],
    ['entry not an object', (a) => ((a.result.value[0] = null), a)],
    ['data tuple of one', (a) => ((a.result.value[0]!.account.data = [a.result.value[0]!.account.data[0]]), a)],
    ['data tuple in base58', (a) => ((a.result.value[0]!.account.data[1] = 'base58'), a)],
    ['data as a string', (a) => ((a.result.value[0]!.account.data = a.result.value[0]!.account.data[0]), a)],
    ['bad base64', (a) => ((a.result.value[0]!.account.data[0] = `@@@@${a.result.value[0]!.account.data[0].slice(4)}`), a)],
    ['non-string pubkey', (a) => ((a.result.value[0]!.pubkey = 12345), a)],
    ['pubkey that is not a key', (a) => ((a.result.value[0]!.pubkey = 'not-a-key-0OIl'), a)],
    ['owner missing', (a) => (delete a.result.value[0]!.account.owner, a)],
    ['owner that is not a key', (a) => ((a.result.value[0]!.account.owner = 'xyz'), a)],
    ['lamports as a string', (a) => ((a.result.value[0]!.account.lamports = '5'), a)],
    ['executable missing', (a) => (delete a.result.value[0]!.account.executable, a)],
    ['account missing', (a) => (delete a.result.value[0]!.account, a)],
    ['HTML body', () => '<html><body><h1>502 Bad Gateway</h1></body></html>'],
    ['not JSON-RPC', () => [1, 2, 3]],
  ];

  for (const [name, rewrite] of cases) {
    it(`${name} → MalformedRpcResponseError from both paths`, async () => {
      // Given a node that answers getProgramAccounts with `name`
      server.rewriteAnswer = (method, answer) =>
        method === 'getProgramAccounts' ? rewrite(JSON.parse(JSON.stringify(answer)) as Answer) : undefined;
      for (const p of PATHS) {
        // When / Then
        const err = await source(p, { maxAttempts: 3 })
          .getProgramAccounts(PROGRAM_ID, [{ memcmp: { offset: 0, bytes: bs58.encode([AccountType.Device]) } }])
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(err, `${p} path`).toBeInstanceOf(MalformedRpcResponseError);
        expect((err as MalformedRpcResponseError).method).toBe('getProgramAccounts');
        expect((err as MalformedRpcResponseError).code).toBe('MALFORMED_RPC_RESPONSE');
        // not retried: a malformed answer is not transient
        expect((err as MalformedRpcResponseError).attempts).toBe(1);
      }
      // and the client's listing surfaces it unchanged
      for (const p of PATHS) await expect(client(p).listDevices()).rejects.toBeInstanceOf(MalformedRpcResponseError);
    });
  }

  it('a JSON-RPC error object is the same RpcError (code, transience) on both paths', async () => {
    // Given a node that is behind
    server.rewriteAnswer = (method, answer) =>
      method === 'getProgramAccounts' ? { jsonrpc: '2.0', id: (answer as { id: unknown }).id, error: { code: -32005, message: 'Node is behind by 42 slots' } } : undefined;
    const errs: RpcError[] = [];
    for (const p of PATHS) {
      const e = await source(p, { maxAttempts: 2 }).getProgramAccounts(PROGRAM_ID, []).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(RpcError);
      expect(e).not.toBeInstanceOf(MalformedRpcResponseError);
      errs.push(e as RpcError);
    }
    expect(errs.map((e) => [e.rpcCode, e.details.transient, e.attempts, e.message])).toEqual([
      [-32005, true, 2, errs[1]!.message],
      [-32005, true, 2, errs[1]!.message],
    ]);
  });

  it('parseProgramAccounts checks a raw answer without any transport', () => {
    const pk = kp('raw').publicKey;
    const good = {
      jsonrpc: '2.0',
      id: 1,
      result: {
        context: { slot: 7 },
        value: [{ pubkey: pk.toBase58(), account: { data: ['BQE=', 'base64'], owner: PROGRAM_ID.toBase58(), lamports: 3, executable: false, rentEpoch: 0, space: 2 } }],
      },
    };
    const recs = parseProgramAccounts(good, PROGRAM_ID);
    expect(recs.slot).toBe(7);
    expect(recs[0]!.owner).toBe(PROGRAM_ID);
    expect([...recs[0]!.data]).toEqual([5, 1]);
    const wrongSpace = JSON.parse(JSON.stringify(good));
    wrongSpace.result.value[0].account.space = 3;
    expect(() => parseProgramAccounts(wrongSpace, PROGRAM_ID)).toThrow(MalformedRpcResponseError);
  });
});
