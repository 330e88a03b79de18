/**
 * The RPC the core speaks: Solana's JSON-RPC, as raw JSON. A door plugs in how a request
 * reaches the node (`RpcPort`): dzprov's own fetch transport (`httpRpc`), a web3.js
 * `Connection`, a kit `Rpc`. Whatever the transport, every answer is checked here, by the core,
 * against the question — a node's answer is untrusted input.
 */
import { decodeBase64 } from '../codec/base64.js';
import { ValidationError } from '../errors.js';
import { MalformedRpcResponseError, RateLimitedError, RpcError } from './errors.js';
import { MAX_RPC_RESPONSE_BYTES, parseRetryAfter, readBodyText } from './transport.js';

/** How the core reaches the node: one JSON-RPC request, its `result` back (checked by the caller). */
export interface RpcPort {
  /**
   * Sends `method` with `params` and resolves with the answer's `result` member. A JSON-RPC error
   * object rejects with an RpcError carrying its code; a transport failure rejects with whatever
   * the transport throws (the retry policy classifies it).
   */
  request(method: string, params: readonly unknown[], signal?: AbortSignal): Promise<unknown>;
}

/** How settled a read or a confirmation must be: processed (seen by the node), confirmed (voted on by a supermajority) or finalized (rooted). */
export type Commitment = 'processed' | 'confirmed' | 'finalized';

/** Options of `httpRpc`. */
export interface HttpRpcOptions {
  /** Extra HTTP headers (e.g. `Authorization`). */
  headers?: Record<string, string>;
  /** The fetch to use (default: the platform's `fetch`). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Per-request timeout in ms (0: none). */
  timeoutMs?: number;
  /** Aborts every request (the caller's deadline). */
  signal?: AbortSignal;
  /** The largest answer body read, in bytes (default MAX_RPC_RESPONSE_BYTES). */
  maxResponseBytes?: number;
}

export { MAX_RPC_RESPONSE_BYTES } from './transport.js';

/**
 * dzprov's own JSON-RPC transport over the platform's `fetch` (runtime-neutral): a POST per
 * request, HTTP 429 with its Retry-After as RateLimitedError, another non-2xx status as an
 * RpcError with `httpStatus`, a body that is not JSON as MalformedRpcResponseError, a JSON-RPC
 * error object as an RpcError with `rpcCode`.
 */
export function httpRpc(url: string, opts: HttpRpcOptions = {}): RpcPort {
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new ValidationError('url', 'must be an http(s) URL');
  const doFetch = opts.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  const maxBytes = opts.maxResponseBytes ?? MAX_RPC_RESPONSE_BYTES;
  let id = 0;
  return {
    async request(method, params, signal) {
      const signals = [opts.timeoutMs ? AbortSignal.timeout(opts.timeoutMs) : undefined, opts.signal, signal].filter(
        (s): s is AbortSignal => s !== undefined,
      );
      const combined =
        signals.length === 0 ? undefined : signals.length === 1 || typeof AbortSignal.any !== 'function' ? signals[0] : AbortSignal.any(signals);
      const res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(opts.headers ?? {}) },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
        ...(combined ? { signal: combined } : {}),
      });
      if (res.status === 429) {
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), Date.now());
        await res.text().catch(() => '');
        throw new RateLimitedError(method, retryAfterMs === undefined ? {} : { retryAfterMs });
      }
      if (res.status < 200 || res.status > 299) {
        // An error page is quoted, not kept: 64 KiB of it at most.
        const text = await readBodyText(res, 64 * 1024, method).catch(() => '');
        throw new RpcError(method, `HTTP ${res.status} ${res.statusText}: ${text.slice(0, 200)}`, {
          httpStatus: res.status,
          transient: res.status >= 500,
        });
      }
      const text = await readBodyText(res, maxBytes, method);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new MalformedRpcResponseError(method, 'the answer is not JSON');
      }
      return resultOf(method, body);
    },
  };
}

/**
 * JSON-RPC error codes a later attempt may cure: -32005 node behind, -32004 block not available,
 * -32016 minimum context slot not reached (the node has not caught up with the slot asked for).
 */
export function isTransientRpcCode(code: unknown): boolean {
  return code === -32005 || code === -32004 || code === -32016;
}

/**
 * The `result` of a JSON-RPC answer object; a JSON-RPC error object is thrown as an RpcError
 * (node-is-behind and minimum-context-slot errors marked transient), anything else malformed
 * as MalformedRpcResponseError.
 */
export function resultOf(method: string, body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new MalformedRpcResponseError(method, 'the answer is not a JSON-RPC object');
  const b = body as { error?: unknown; result?: unknown };
  if (b.error !== undefined && b.error !== null) {
    const err = b.error as { code?: unknown; message?: unknown };
    if (typeof err !== 'object' || typeof err.code !== 'number' || typeof err.message !== 'string') {
      throw new MalformedRpcResponseError(method, 'the error object has no code or message');
    }
    const transient = isTransientRpcCode(err.code);
    throw new RpcError(method, `${err.message} (JSON-RPC error ${err.code})`, { rpcCode: err.code, transient });
  }
  if (!('result' in b)) throw new MalformedRpcResponseError(method, 'the answer has no result');
  return b.result;
}

// ---------------------------------------------------------------------------------------------
// Answers, checked

/** One account as read from the node: its owner as text, its lamports, its bytes. */
export interface RawAccount {
  owner: string;
  lamports: number;
  data: Uint8Array;
  executable: boolean;
}

function malformed(method: string, reason: string): MalformedRpcResponseError {
  return new MalformedRpcResponseError(method, reason);
}

/** The context slot of a `{ context: { slot }, value }` answer. */
export function contextSlot(method: string, res: unknown): number {
  const slot = (res as { context?: { slot?: unknown } } | null)?.context?.slot;
  if (typeof slot !== 'number' || !Number.isSafeInteger(slot) || slot < 0) throw malformed(method, 'the answer has no context slot');
  return slot;
}

/** An account object of an answer (base64 encoding), checked. */
export function parseRawAccount(method: string, key: string, a: unknown): RawAccount {
  if (a === null || typeof a !== 'object' || Array.isArray(a)) throw malformed(method, `account ${key} is not an object`);
  const acc = a as { owner?: unknown; lamports?: unknown; data?: unknown; executable?: unknown; space?: unknown };
  if (typeof acc.owner !== 'string') throw malformed(method, `account ${key} has no owner`);
  if (typeof acc.lamports !== 'number' || !Number.isSafeInteger(acc.lamports) || acc.lamports < 0) {
    throw malformed(method, `account ${key} has no lamports`);
  }
  if (typeof acc.executable !== 'boolean') throw malformed(method, `account ${key} has no executable flag`);
  const d = acc.data;
  if (!Array.isArray(d) || d.length !== 2 || typeof d[0] !== 'string' || d[1] !== 'base64') {
    throw malformed(method, `account ${key} data is not base64 bytes`);
  }
  let data: Uint8Array;
  try {
    data = decodeBase64(d[0]);
  } catch {
    throw malformed(method, `account ${key} data is not base64 bytes`);
  }
  if (acc.space !== undefined && acc.space !== data.length) throw malformed(method, `account ${key} data is not base64 of ${String(acc.space)} bytes`);
  return { owner: acc.owner, lamports: acc.lamports, data, executable: acc.executable };
}

/** A getAccountInfo answer for `key`: the account (or null) and the slot. */
export function parseAccountInfo(res: unknown, key: string): { slot: number; value: RawAccount | null } {
  const method = 'getAccountInfo';
  const slot = contextSlot(method, res);
  if (!('value' in (res as object))) throw malformed(method, 'the answer has no value');
  const value = (res as { value: unknown }).value;
  return { slot, value: value === null ? null : parseRawAccount(method, key, value) };
}

/** A getMultipleAccounts answer for `keys`: one account (or null) per key, in order, and the slot. */
export function parseMultipleAccounts(res: unknown, keys: readonly string[]): { slot: number; value: (RawAccount | null)[] } {
  const method = 'getMultipleAccounts';
  const slot = contextSlot(method, res);
  const value = (res as { value?: unknown }).value;
  if (!Array.isArray(value)) throw malformed(method, 'result is not an array');
  if (value.length !== keys.length) throw malformed(method, `asked for ${keys.length} accounts, got ${value.length}`);
  return { slot, value: value.map((a, i) => (a === null ? null : parseRawAccount(method, keys[i]!, a))) };
}

/** The latest blockhash and the last block height it is valid at. */
export function parseBlockhash(res: unknown): { slot: number; blockhash: string; lastValidBlockHeight: number } {
  const method = 'getLatestBlockhash';
  const slot = contextSlot(method, res);
  const v = (res as { value?: { blockhash?: unknown; lastValidBlockHeight?: unknown } }).value;
  if (
    !v ||
    typeof v.blockhash !== 'string' ||
    !/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(v.blockhash) ||
    typeof v.lastValidBlockHeight !== 'number' ||
    !Number.isSafeInteger(v.lastValidBlockHeight)
  ) {
    throw malformed(method, 'no blockhash and lastValidBlockHeight');
  }
  return { slot, blockhash: v.blockhash, lastValidBlockHeight: v.lastValidBlockHeight };
}

/** getEpochInfo: the block height and the slot it was read at. */
export function parseEpochInfo(res: unknown): { blockHeight: number; absoluteSlot: number } {
  const e = res as { blockHeight?: unknown; absoluteSlot?: unknown } | null;
  if (!e || !Number.isSafeInteger(e.blockHeight) || !Number.isSafeInteger(e.absoluteSlot)) {
    throw malformed('getEpochInfo', 'no blockHeight and absoluteSlot');
  }
  return { blockHeight: e.blockHeight as number, absoluteSlot: e.absoluteSlot as number };
}

/** One signature status. */
export interface StatusEntry {
  slot: number;
  err: unknown;
  confirmationStatus?: unknown;
  confirmations?: unknown;
}

/** The statuses answer, shape-checked: one entry (or null) per signature, and the context slot. */
export function parseSignatureStatuses(res: unknown, n: number): { slot: number; value: (StatusEntry | null)[] } {
  const method = 'getSignatureStatuses';
  const r = res as { context?: { slot?: unknown }; value?: unknown } | null;
  const slot = r?.context?.slot;
  const value = r?.value;
  if (typeof slot !== 'number' || !Number.isSafeInteger(slot) || slot < 0 || !Array.isArray(value) || value.length !== n) {
    throw malformed(method, `expected ${n} statuses and a context slot`);
  }
  for (const v of value) {
    if (v === null) continue;
    const st = v as StatusEntry;
    if (typeof v !== 'object' || typeof st.slot !== 'number' || !Number.isSafeInteger(st.slot) || st.slot < 0) throw malformed(method, 'a status without a slot');
    if (st.confirmationStatus != null && !['processed', 'confirmed', 'finalized'].includes(st.confirmationStatus as string)) {
      throw malformed(method, 'a status with an unknown confirmation status');
    }
    if (!('err' in st)) throw malformed(method, 'a status without err');
  }
  return { slot, value: value as (StatusEntry | null)[] };
}

/** A simulateTransaction answer: its err (null on success), its logs, the units consumed. */
export function parseSimulation(res: unknown): { err: unknown; logs: string[]; unitsConsumed: number | undefined } {
  const value = (res as { value?: unknown } | null)?.value as { err?: unknown; logs?: unknown; unitsConsumed?: unknown } | undefined;
  if (!value || typeof value !== 'object') throw malformed('simulateTransaction', 'no simulation result');
  const logs = Array.isArray(value.logs) ? value.logs.filter((l): l is string => typeof l === 'string') : [];
  return { err: value.err ?? null, logs, unitsConsumed: typeof value.unitsConsumed === 'number' ? value.unitsConsumed : undefined };
}
