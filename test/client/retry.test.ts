import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MalformedRpcResponseError,
  RateLimitedError,
  RpcConfigError,
  RpcError,
  RpcTimeoutError,
  resolveRetry,
} from '../../src/index.js';
import { backoffDelay, classifyRpcError, withRetry } from '../../src/core/client/retry.js';
import { DzprovError } from '../../src/index.js';

class SolanaJSONRPCError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'SolanaJSONRPCError';
  }
}

describe('classifyRpcError', () => {
  // Given what web3.js / fetch throw, When classified, Then the typed error and whether a retry may help.
  const cases: [string, unknown, new (...a: never[]) => RpcError, boolean, number | undefined][] = [
    ['plain HTTP 429', new Error('429 Too Many Requests: {"error":1}'), RateLimitedError, true, 429],
    ['wrapped HTTP 429', new Error('failed to get recent blockhash: Error: 429 Too Many Requests: x'), RateLimitedError, true, 429],
    ['HTTP 500', new Error('500 Internal Server Error: injected'), RpcError, true, 500],
    ['wrapped HTTP 503', new Error('failed to get block height information: Error: 503 Service Unavailable: x'), RpcError, true, 503],
    ['HTTP 404 is not transient', new Error('404 Not Found: nope'), RpcError, false, 404],
    ['fetch timeout', Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }), RpcTimeoutError, true, undefined],
    ['wrapped timeout', new Error('failed to get recent blockhash: TimeoutError: The operation was aborted due to timeout'), RpcTimeoutError, true, undefined],
    ['socket reset', Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }), RpcError, true, undefined],
    ['ECONNRESET', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), RpcError, true, undefined],
    ['StructError', Object.assign(new Error('Expected an array'), { name: 'StructError' }), MalformedRpcResponseError, false, undefined],
    ['wrapped StructError', new Error('failed to get recent blockhash: StructError: At path: result'), MalformedRpcResponseError, false, undefined],
    ['JSON-RPC invalid params', new SolanaJSONRPCError(-32602, 'Invalid params'), RpcError, false, undefined],
    ['JSON-RPC node behind', new SolanaJSONRPCError(-32005, 'Node is behind by 100 slots'), RpcError, true, undefined],
    ['anything else', new Error('boom'), RpcError, false, undefined],
  ];
  it.each(cases)('%s', (_n, input, cls, transient, status) => {
    const e = classifyRpcError('m', input, 1000);
    expect(e).toBeInstanceOf(cls);
    expect(e).toBeInstanceOf(DzprovError);
    expect(e.details.transient).toBe(transient);
    expect(e.httpStatus).toBe(status);
    expect(e.method).toBe('m');
  });

  it('keeps the JSON-RPC code', () => {
    expect(classifyRpcError('m', new SolanaJSONRPCError(-32602, 'x'), 1).rpcCode).toBe(-32602);
  });

  it('every class has its own stable code', () => {
    expect(new RpcError('m', 'x').code).toBe('RPC_ERROR');
    expect(new RpcTimeoutError('m', 1).code).toBe('RPC_TIMEOUT');
    expect(new RateLimitedError('m').code).toBe('RATE_LIMITED');
    expect(new MalformedRpcResponseError('m', 'x').code).toBe('MALFORMED_RPC_RESPONSE');
  });
});

describe('backoff', () => {
  it('stays within [exp/2, exp] for exp = min(max, base·2^(n-1)) (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 60_000 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (n, base, max, r) => {
        const cfg = resolveRetry({ baseDelayMs: base, maxDelayMs: max, random: () => r });
        const exp = Math.min(max, base * 2 ** (n - 1));
        const d = backoffDelay(n, cfg);
        expect(d).toBeGreaterThanOrEqual(exp / 2);
        expect(d).toBeLessThanOrEqual(exp);
      }),
    );
  });

  it('refuses bad settings', () => {
    expect(() => resolveRetry({ maxAttempts: 0 })).toThrow(RpcConfigError);
    expect(() => resolveRetry({ maxAttempts: 1.5 })).toThrow(RpcConfigError);
    expect(() => resolveRetry({ baseDelayMs: -1 })).toThrow(RpcConfigError);
    expect(() => resolveRetry({ timeoutMs: Number.NaN })).toThrow(RpcConfigError);
  });
});

describe('withRetry', () => {
  it('makes exactly maxAttempts attempts on a transient failure and reports the count', async () => {
    // Given a call that always answers 503
    let calls = 0;
    const cfg = resolveRetry({ maxAttempts: 4, sleep: async () => {} });
    // When
    const err = await withRetry('getSlot', cfg, async () => {
      calls++;
      throw new Error('503 Service Unavailable: x');
    }).catch((e: unknown) => e);
    // Then
    expect(calls).toBe(4);
    expect((err as RpcError).attempts).toBe(4);
    expect((err as RpcError).message).toMatch(/gave up after 4 attempts/);
  });

  it('does not retry a permanent failure', async () => {
    let calls = 0;
    const cfg = resolveRetry({ maxAttempts: 4, sleep: async () => {} });
    await expect(
      withRetry('getSlot', cfg, async () => {
        calls++;
        throw new Error('400 Bad Request: x');
      }),
    ).rejects.toBeInstanceOf(RpcError);
    expect(calls).toBe(1);
  });

  it('times out a call that never settles', async () => {
    const cfg = resolveRetry({ maxAttempts: 2, timeoutMs: 20, sleep: async () => {} });
    const err = await withRetry('getSlot', cfg, () => new Promise(() => {})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcTimeoutError);
    expect((err as RpcTimeoutError).attempts).toBe(2);
  });
});
