import { RateLimitedError, ResponseTooLargeError } from './errors.js';

/**
 * The fetch dzprov gives web3.js's Connection: every request bounded by the per-attempt timeout
 * and the caller's deadline, and an HTTP 429 turned into RateLimitedError carrying the node's
 * Retry-After (web3.js drops the headers), which the retry policy then honours.
 */
export function rpcFetch(
  timeoutMs: number,
  deadline: AbortSignal | undefined,
  maxResponseBytes = MAX_RPC_RESPONSE_BYTES,
): (input: unknown, init?: unknown) => Promise<Response> {
  return async (input, init) => {
    const signals = [timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined, deadline].filter((s): s is AbortSignal => s !== undefined);
    const signal =
      signals.length === 0 ? null : signals.length === 1 || typeof AbortSignal.any !== 'function' ? signals[0]! : AbortSignal.any(signals);
    const res = await fetch(input as string, { ...(init as RequestInit), signal });
    if (res.status !== 429) {
      // The body is read with the cap, then handed to web3.js whole.
      const text = await readBodyText(res, maxResponseBytes, methodOf((init as RequestInit | undefined)?.body));
      return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
    }
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), Date.now());
    await res.text().catch(() => '');
    throw new RateLimitedError(methodOf((init as RequestInit | undefined)?.body), retryAfterMs === undefined ? {} : { retryAfterMs });
  };
}

/**
 * A Retry-After header in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when
 * absent or unparsable. Never negative.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return Number(v) * 1000;
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

/** The JSON-RPC method of a request body, for the error (a batch or anything else: "rpc"). */
function methodOf(body: unknown): string {
  if (typeof body !== 'string') return 'rpc';
  const m = /"method"\s*:\s*"([A-Za-z]{1,64})"/.exec(body.slice(0, 200));
  return m ? m[1]! : 'rpc';
}

/** Bodies larger than this are refused by default (a node answering a listing of the whole program stays far below). */
export const MAX_RPC_RESPONSE_BYTES = 512 * 1024 * 1024;

/**
 * The text of `res`'s body, read at most `maxBytes` far: a body that says or turns out to be
 * longer is abandoned (the stream cancelled) with ResponseTooLargeError, never held in memory.
 */
export async function readBodyText(res: Response, maxBytes: number, method: string): Promise<string> {
  const stated = Number(res.headers.get('content-length'));
  if (Number.isFinite(stated) && stated > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(method, maxBytes);
  }
  if (!res.body) return res.text();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(method, maxBytes);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

