import { RateLimitedError } from './errors.js';

/**
 * The fetch dzprov gives web3.js's Connection: every request bounded by the per-attempt timeout
 * and the caller's deadline, and an HTTP 429 turned into RateLimitedError carrying the node's
 * Retry-After (web3.js drops the headers), which the retry policy then honours.
 */
export function rpcFetch(
  timeoutMs: number,
  deadline: AbortSignal | undefined,
): (input: unknown, init?: unknown) => Promise<Response> {
  return async (input, init) => {
    const signals = [timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined, deadline].filter((s): s is AbortSignal => s !== undefined);
    const signal =
      signals.length === 0 ? null : signals.length === 1 || typeof AbortSignal.any !== 'function' ? signals[0]! : AbortSignal.any(signals);
    const res = await fetch(input as string, { ...(init as RequestInit), signal });
    if (res.status !== 429) return res;
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
