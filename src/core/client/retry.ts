import { DzprovError } from '../errors.js';
import { expectOptionalObject } from '../validate.js';
import { DeadlineExceededError, MalformedRpcResponseError, RateLimitedError, RpcError, RpcTimeoutError } from './errors.js';
import { isTransientRpcCode } from './rpc.js';
import { MAX_RPC_RESPONSE_BYTES } from './transport.js';

/** How read calls are retried. Writes (sendTransaction) are never retried by this policy. */
export interface RetryOptions {
  /** Total attempts per call, the first included (default 5). */
  maxAttempts?: number;
  /** Delay before the first retry, in ms; doubles on every retry (default 250). */
  baseDelayMs?: number;
  /** Upper bound of one delay, in ms (default 8000). */
  maxDelayMs?: number;
  /** Per-attempt timeout in ms (default 30000). */
  timeoutMs?: number;
  /** Random source in [0, 1) for the jitter (default Math.random). */
  random?: () => number;
  /** Sleep function (default setTimeout). */
  sleep?: (ms: number) => Promise<void>;
  /**
   * The longest wait a node's `Retry-After` is honoured for, in ms (default 60000). A longer
   * one, or one past the deadline, ends the retries at once.
   */
  maxRetryAfterMs?: number;
  /**
   * The largest answer body read, in bytes (default 512 MiB): a longer one is cut off unread
   * with ResponseTooLargeError (a node answering a listing of the whole program stays far below).
   */
  maxResponseBytes?: number;
  /**
   * An overall deadline (e.g. `AbortSignal.timeout(ms)` for one command): once it fires, no new
   * attempt starts, waits end, and the call fails with DeadlineExceededError. A transaction
   * already broadcast is then reported "unknown", never "failed".
   */
  signal?: AbortSignal;
}

/** A complete retry policy: RetryOptions with every default filled in (see RetryOptions for each field). */
export interface ResolvedRetry {
  /** Total attempts per call, the first included. */
  maxAttempts: number;
  /** Delay before the first retry, in milliseconds (doubles on every retry). */
  baseDelayMs: number;
  /** Upper bound of one delay, in milliseconds. */
  maxDelayMs: number;
  /** Per-attempt timeout, in milliseconds. */
  timeoutMs: number;
  /** Random source in [0, 1) for the jitter. */
  random: () => number;
  /** The sleep function. */
  sleep: (ms: number) => Promise<void>;
  /** The longest Retry-After wait honoured, in milliseconds. */
  maxRetryAfterMs: number;
  /** The largest answer body read, in bytes. */
  maxResponseBytes: number;
  /** The caller's deadline, when given. */
  signal: AbortSignal | undefined;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The complete retry policy of `options` (defaults filled in), checked: a value of the wrong
 * type is a ValidationError (`options` itself) or RpcConfigError (a field). A ResolvedRetry
 * passed back in gives an equal policy.
 */
export function resolveRetry(options: RetryOptions = {}): ResolvedRetry {
  expectOptionalObject(options, 'options');
  const o = options;
  const r: ResolvedRetry = {
    maxAttempts: o.maxAttempts ?? 5,
    baseDelayMs: o.baseDelayMs ?? 250,
    maxDelayMs: o.maxDelayMs ?? 8000,
    timeoutMs: o.timeoutMs ?? 30_000,
    random: o.random ?? Math.random,
    sleep: o.sleep ?? defaultSleep,
    maxRetryAfterMs: o.maxRetryAfterMs ?? 60_000,
    maxResponseBytes: o.maxResponseBytes ?? MAX_RPC_RESPONSE_BYTES,
    signal: o.signal,
  };
  if (r.signal !== undefined && !isAbortSignal(r.signal)) throw new RpcConfigError('retry.signal', 'is not an AbortSignal');
  if (typeof r.random !== 'function') throw new RpcConfigError('retry.random', 'is not a function');
  if (typeof r.sleep !== 'function') throw new RpcConfigError('retry.sleep', 'is not a function');
  for (const k of ['maxAttempts', 'baseDelayMs', 'maxDelayMs', 'timeoutMs', 'maxRetryAfterMs', 'maxResponseBytes'] as const) {
    const v = r[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || ((k === 'maxAttempts' || k === 'maxResponseBytes') && (!Number.isInteger(v) || v < 1))) {
      throw new RpcConfigError(`retry.${k}`, `${String(v)} is not a valid value`);
    }
  }
  return r;
}

/** A bad retry/timeout configuration. */
export class RpcConfigError extends DzprovError {
  /** Always `'RpcConfigError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'RpcConfigError';
  readonly code = 'RPC_CONFIG';
  constructor(
    /** The option that was refused, e.g. "retry.maxAttempts". */
    readonly field: string,
    reason: string,
  ) {
    super(`invalid ${field}: ${reason}`);
  }
}

/** Delay before retry number `retry` (1-based): exponential, capped, with "equal jitter". */
export function backoffDelay(retry: number, cfg: ResolvedRetry): number {
  const exp = Math.min(cfg.maxDelayMs, cfg.baseDelayMs * 2 ** (retry - 1));
  return exp / 2 + cfg.random() * (exp / 2);
}

/**
 * The delay before the next attempt after `err`: the node's Retry-After when it sent one (an
 * HTTP 429 with the header; capped by `maxRetryAfterMs`), else the jittered backoff. `undefined`
 * when the node asks for a longer wait than the cap: then the call gives up at once.
 */
export function retryDelay(retry: number, err: RpcError, cfg: ResolvedRetry): number | undefined {
  const asked = err instanceof RateLimitedError ? err.retryAfterMs : undefined;
  if (asked === undefined) return backoffDelay(retry, cfg);
  if (asked > cfg.maxRetryAfterMs) return undefined;
  // At least what the node asked; a little jitter so that concurrent callers do not return together.
  return asked + cfg.random() * Math.min(250, cfg.baseDelayMs);
}

/** Whether `v` is an AbortSignal (any runtime's: checked by shape). */
export function isAbortSignal(v: unknown): v is AbortSignal {
  return !!v && typeof v === 'object' && typeof (v as AbortSignal).aborted === 'boolean' && typeof (v as AbortSignal).addEventListener === 'function';
}

/** A signal that fires when either fires, with the reason of the first (AbortSignal.any where the runtime has it). */
export function eitherSignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const c = new AbortController();
  for (const s of [a, b]) {
    if (s.aborted) {
      c.abort(s.reason);
      break;
    }
    s.addEventListener('abort', () => c.abort(s.reason), { once: true });
  }
  return c.signal;
}

class TimeoutSignal extends Error {}
class AbortedSignal extends Error {}

/** Throws DeadlineExceededError when `signal` has fired. */
export function checkDeadline(method: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DeadlineExceededError(method, { cause: signal.reason });
}

/**
 * Runs `fn` with a timeout and the deadline `signal`; a timeout rejects with RpcTimeoutError, the
 * deadline with DeadlineExceededError (the call itself is abandoned).
 */
export async function withTimeout<T>(method: string, timeoutMs: number, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  checkDeadline(method, signal);
  const timed = timeoutMs > 0 && Number.isFinite(timeoutMs);
  if (!timed && !signal) return fn();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    if (timed) timer = setTimeout(() => reject(new TimeoutSignal()), timeoutMs);
    if (signal) {
      onAbort = () => reject(new AbortedSignal());
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    return await Promise.race([fn(), stop]);
  } catch (e) {
    if (e instanceof TimeoutSignal) throw new RpcTimeoutError(method, timeoutMs);
    if (e instanceof AbortedSignal) throw new DeadlineExceededError(method, { cause: signal?.reason });
    throw e;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/** `cfg.sleep(ms)`, cut short by the deadline (then DeadlineExceededError). */
export async function sleepUntil(method: string, ms: number, cfg: ResolvedRetry): Promise<void> {
  await withTimeout(method, 0, () => cfg.sleep(ms), cfg.signal);
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

function errorCodes(e: unknown): string[] {
  const out: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && cur && typeof cur === 'object'; depth++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string') out.push(c);
    cur = (cur as { cause?: unknown }).cause;
  }
  return out;
}

/**
 * Turns whatever web3.js (or fetch underneath it) threw into a typed RpcError. web3.js reports
 * a non-2xx HTTP answer as `Error("<status> <text>: <body>")`, a JSON-RPC error object as
 * SolanaJSONRPCError (numeric `code`), a response that fails its schema as a superstruct
 * StructError, and a socket problem as fetch's `TypeError("fetch failed")` with a `cause`.
 */
export function classifyRpcError(method: string, e: unknown, timeoutMs: number): RpcError {
  if (e instanceof RpcError) return e;
  if (e instanceof DzprovError) {
    return new RpcError(method, e.message, { cause: e, transient: false });
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const msg = err.message ?? '';
  const name = err.name ?? '';
  // web3.js often re-wraps the underlying error into the message ("failed to get recent
  // blockhash: Error: 500 Internal Server Error: ..."), so the patterns are searched anywhere.
  if (name === 'TimeoutError' || name === 'AbortError' || /\b(TimeoutError|AbortError)\b|aborted due to timeout/.test(msg)) {
    return new RpcTimeoutError(method, timeoutMs, { cause: e });
  }
  const http = /(?:^|:\s)(\d{3}) [A-Za-z][A-Za-z '-]*:/.exec(msg);
  if (http) {
    const status = Number(http[1]);
    if (status === 429) {
      const after = /retry after (\d+) ms/.exec(msg);
      return new RateLimitedError(method, { cause: e, ...(after ? { retryAfterMs: Number(after[1]) } : {}) });
    }
    return new RpcError(method, `HTTP ${msg}`, { httpStatus: status, transient: status >= 500, cause: e });
  }
  const rpcCode = (err as { code?: unknown }).code;
  if (name === 'SolanaJSONRPCError' || (typeof rpcCode === 'number' && Number.isInteger(rpcCode))) {
    const structish = /StructError|Expected|expected/.test(msg) && typeof rpcCode !== 'number';
    if (structish) return new MalformedRpcResponseError(method, msg, { cause: e });
    const transient = isTransientRpcCode(rpcCode);
    return new RpcError(method, msg, {
      rpcCode: typeof rpcCode === 'number' ? rpcCode : undefined,
      transient,
      cause: e,
    });
  }
  if (name === 'StructError' || name === 'SyntaxError' || /StructError|Unexpected token|JSON/.test(msg)) {
    return new MalformedRpcResponseError(method, msg, { cause: e });
  }
  const codes = errorCodes(e);
  if (codes.some((c) => TRANSIENT_CODES.has(c)) || /fetch failed|socket hang up|ECONNRESET|other side closed/i.test(msg)) {
    return new RpcError(method, `connection failed: ${msg}${codes.length ? ` (${codes.join(', ')})` : ''}`, {
      transient: true,
      cause: e,
    });
  }
  return new RpcError(method, msg, { transient: false, cause: e });
}

/**
 * Calls `fn` up to `cfg.maxAttempts` times, retrying transient failures (HTTP 429, 5xx, dropped
 * connections, timeouts) with exponential backoff and jitter, or after the node's Retry-After.
 * Each call has its own budget: concurrent calls never share or exhaust each other's attempts.
 * The deadline (`cfg.signal`) stops every attempt and wait. For READ calls only.
 */
export async function withRetry<T>(method: string, cfg: ResolvedRetry, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTimeout(method, cfg.timeoutMs, fn, cfg.signal);
    } catch (e) {
      const err = classifyRpcError(method, e, cfg.timeoutMs);
      if (err instanceof DeadlineExceededError) throw err;
      const delay = err.details.transient && attempt < cfg.maxAttempts ? retryDelay(attempt, err, cfg) : undefined;
      if (delay === undefined) {
        err.details.attempts = attempt;
        if (attempt > 1) err.message += ` (gave up after ${attempt} attempts)`;
        throw err;
      }
      await sleepUntil(method, delay, cfg);
    }
  }
}
