import { Keypair, PublicKey, type Connection, type GetProgramAccountsFilter } from '@solana/web3.js';
import bs58 from 'bs58';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MalformedRpcResponseError,
  MemoryAccountSource,
  RateLimitedError,
  RpcAccountSource,
  RpcError,
  RpcTimeoutError,
  matchesFilters,
  type AccountRecord,
} from '../../src/index.js';
import { ValidationError } from '../../src/index.js';
import { PROGRAM_ID as PROGRAM, noSleep, serverPerTest, testConnection } from '../helpers/rpcFixtures.js';
import type { RpcTestServer } from '../helpers/rpcServer.js';

const OTHER = new PublicKey('ComputeBudget111111111111111111111111111111');

function key(i: number): PublicKey {
  const b = new Uint8Array(32);
  new DataView(b.buffer).setUint32(0, i + 1, true);
  b[31] = 7;
  return new PublicKey(b);
}

function typed(type: number, len: number, fill = 0): Uint8Array {
  const d = new Uint8Array(len).fill(fill);
  d[0] = type;
  return d;
}

let server: RpcTestServer;
let connection: Connection;

serverPerTest((s) => {
  server = s;
  connection = testConnection(server);
});

describe('RpcAccountSource over a real Connection', () => {
  it('splits 250 keys into 3 getMultipleAccounts calls of at most 100 keys and keeps the order', async () => {
    // Given 250 keys, every third one existing
    const keys = Array.from({ length: 250 }, (_, i) => key(i));
    keys.forEach((k, i) => {
      if (i % 3 === 0) server.setAccount(k, { owner: PROGRAM, data: typed(5, 10, i % 256) });
    });
    const source = new RpcAccountSource(connection, { retry: { sleep: noSleep } });

    // When
    const got = await source.getAccounts(keys);

    // Then
    const calls = server.calls('getMultipleAccounts');
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => ((c.params as unknown[])[0] as string[]).length).sort((a, b) => a - b)).toEqual([50, 100, 100]);
    expect(got).toHaveLength(250);
    got.forEach((r, i) => {
      if (i % 3 === 0) {
        expect(r?.pubkey.equals(keys[i]!)).toBe(true);
        expect(r?.owner.equals(PROGRAM)).toBe(true);
        expect(r?.data[1]).toBe(i % 256);
      } else {
        expect(r).toBeNull();
      }
    });
  });

  it('sends the memcmp/dataSize filters it is given and returns only what the node returns', async () => {
    // Given two devices, a link, and a device-typed account of another program
    server.setAccount(key(1), { owner: PROGRAM, data: typed(5, 40) });
    server.setAccount(key(2), { owner: PROGRAM, data: typed(5, 41) });
    server.setAccount(key(3), { owner: PROGRAM, data: typed(6, 40) });
    server.setAccount(key(4), { owner: OTHER, data: typed(5, 40) });
    const source = new RpcAccountSource(connection);
    const filters: GetProgramAccountsFilter[] = [{ memcmp: { offset: 0, bytes: bs58.encode([5]) } }, { dataSize: 40 }];

    // When
    const got = await source.getProgramAccounts(PROGRAM, filters);

    // Then
    expect(got.map((r) => r.pubkey.toBase58())).toEqual([key(1).toBase58()]);
    const [call] = server.calls('getProgramAccounts');
    expect((call!.params as unknown[])[0]).toBe(PROGRAM.toBase58());
    expect((call!.params as [string, { filters: unknown; encoding: string }])[1]).toMatchObject({
      encoding: 'base64',
      filters: [{ memcmp: { offset: 0, bytes: '6' } }, { dataSize: 40 }],
    });
  });

  it('retries 429, 500 and dropped connections with backoff and then succeeds', async () => {
    // Given one account and three injected faults
    server.setAccount(key(1), { owner: PROGRAM, data: typed(5, 8) });
    server.injectFault({ kind: '429' });
    server.injectFault({ kind: '500' });
    server.injectFault({ kind: 'drop' });
    const delays: number[] = [];
    const source = new RpcAccountSource(connection, {
      retry: { maxAttempts: 4, baseDelayMs: 100, random: () => 0.5, sleep: async (ms) => void delays.push(ms) },
    });

    // When
    const got = await source.getAccount(key(1));

    // Then: four attempts, growing delays (equal jitter: half + random half)
    expect(got?.data[0]).toBe(5);
    expect(server.calls('getMultipleAccounts').map((c) => c.fault ?? 'ok')).toEqual(['429', '500', 'drop', 'ok']);
    expect(delays).toEqual([75, 150, 300]);
  });

  it('retries a hung request after its timeout', async () => {
    // Given the first request hangs
    server.setAccount(key(1), { owner: PROGRAM, data: typed(5, 8) });
    server.injectFault({ kind: 'hang' });
    const source = new RpcAccountSource(connection, { retry: { timeoutMs: 200, sleep: noSleep } });

    // When
    const got = await source.getAccount(key(1));

    // Then
    expect(got?.data[0]).toBe(5);
    expect(server.calls('getMultipleAccounts').map((c) => c.fault ?? 'ok')).toEqual(['hang', 'ok']);
  });

  it('gives up after the bound with a typed error per failure kind', async () => {
    // Given faults on every attempt
    const make = (maxAttempts: number) =>
      new RpcAccountSource(connection, { retry: { maxAttempts, timeoutMs: 150, sleep: noSleep } });

    // When / Then: 429
    server.injectFault({ kind: '429', count: 3 });
    const e429 = await make(3).getAccount(key(1)).catch((e: unknown) => e);
    expect(e429).toBeInstanceOf(RateLimitedError);
    expect((e429 as RateLimitedError).attempts).toBe(3);
    expect((e429 as RateLimitedError).code).toBe('RATE_LIMITED');

    // 5xx
    server.injectFault({ kind: '503', count: 2 });
    const e5 = await make(2).getAccount(key(1)).catch((e: unknown) => e);
    expect(e5).toBeInstanceOf(RpcError);
    expect((e5 as RpcError).httpStatus).toBe(503);
    expect((e5 as RpcError).attempts).toBe(2);

    // hang
    server.injectFault({ kind: 'hang', count: 2 });
    const eT = await make(2).getAccount(key(1)).catch((e: unknown) => e);
    expect(eT).toBeInstanceOf(RpcTimeoutError);
    expect((eT as RpcTimeoutError).timeoutMs).toBe(150);

    // malformed answers are not retried
    server.resetRecords();
    server.injectFault({ kind: 'malformed', count: 5 });
    const eM = await make(5).getAccount(key(1)).catch((e: unknown) => e);
    expect(eM).toBeInstanceOf(MalformedRpcResponseError);
    expect(server.calls('getMultipleAccounts')).toHaveLength(1);
  });

  it('does not retry a JSON-RPC error answer', async () => {
    // Given a plain source
    const source = new RpcAccountSource(connection, { retry: { sleep: noSleep } });

    // When the node answers with a JSON-RPC error (5 filters: over the node's limit of 4)
    const f: GetProgramAccountsFilter = { dataSize: 1 };
    const err = await source.getProgramAccounts(PROGRAM, [f, f, f, f, f]).catch((e: unknown) => e);

    // Then
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).rpcCode).toBe(-32602);
    expect(server.calls('getProgramAccounts')).toHaveLength(1);
  });

  it('refuses a bad batch size or filter before any call', async () => {
    expect(() => new RpcAccountSource(connection, { batchSize: 101 })).toThrow(ValidationError);
    const source = new RpcAccountSource(connection);
    await expect(source.getProgramAccounts(PROGRAM, [{ memcmp: { offset: -1, bytes: '1' } }])).rejects.toThrow(ValidationError);
    await expect(source.getProgramAccounts(PROGRAM, [{ memcmp: { offset: 0, bytes: '0OIl' } }])).rejects.toThrow(ValidationError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('MemoryAccountSource', () => {
  it('agrees with the RPC node on every filter (property)', async () => {
    // Given random accounts and random filters, served both in memory and by the test server
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ type: fc.integer({ min: 0, max: 3 }), len: fc.integer({ min: 0, max: 6 }), other: fc.boolean() }), { maxLength: 8 }),
        fc.array(
          fc.oneof(
            fc.record({ offset: fc.integer({ min: 0, max: 6 }), bytes: fc.uint8Array({ minLength: 1, maxLength: 3, max: 3 }) }),
            fc.integer({ min: 0, max: 6 }),
          ),
          { maxLength: 3 },
        ),
        async (accs, fs) => {
          for (const k of [...server.accounts.keys()]) server.deleteAccount(new PublicKey(k));
          const records: AccountRecord[] = accs.map((a, i) => {
            const data = new Uint8Array(a.len).map((_, j) => (j === 0 ? a.type : (i + j) % 4));
            const rec = { pubkey: key(i), owner: a.other ? OTHER : PROGRAM, lamports: 1, data };
            server.setAccount(rec.pubkey, { owner: rec.owner, data, lamports: 1 });
            return rec;
          });
          const filters: GetProgramAccountsFilter[] = fs.map((f) =>
            typeof f === 'number' ? { dataSize: f } : { memcmp: { offset: f.offset, bytes: bs58.encode(f.bytes) } },
          );
          // When
          const mem = await new MemoryAccountSource(records).getProgramAccounts(PROGRAM, filters);
          const rpc = await new RpcAccountSource(connection).getProgramAccounts(PROGRAM, filters);
          // Then
          const names = (rs: AccountRecord[]) => rs.map((r) => r.pubkey.toBase58()).sort();
          expect(names(mem)).toEqual(names(rpc));
          for (const r of mem) expect(matchesFilters(r.data, filters)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('supports base64 memcmp, set, delete and getAccounts order', async () => {
    // Given
    const a = { pubkey: Keypair.generate().publicKey, owner: PROGRAM, lamports: 1, data: Uint8Array.of(5, 9, 9) };
    const b = { pubkey: Keypair.generate().publicKey, owner: PROGRAM, lamports: 1, data: Uint8Array.of(6, 9, 9) };
    const src = new MemoryAccountSource([a]);
    src.set(b);

    // When / Then
    expect(await src.getProgramAccounts(PROGRAM, [{ memcmp: { offset: 0, bytes: Buffer.from([6]).toString('base64'), encoding: 'base64' } }])).toEqual([b]);
    expect(await src.getAccounts([b.pubkey, a.pubkey, OTHER])).toEqual([b, a, null]);
    expect(src.delete(a.pubkey)).toBe(true);
    expect(await src.getAccount(a.pubkey)).toBeNull();
    expect(src.size).toBe(1);
  });
});
