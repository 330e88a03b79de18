import { ValidationError } from '../errors.js';
import { ledgerWsUrlFor, resolveEnvironment } from '../environments.js';
import type { Network } from '../programIds.js';
import { describeValue, expectObject, expectString } from '../validate.js';
import type { PubSubPort } from './client.js';
import { resolveRetry, type RetryOptions } from './retry.js';
import { httpRpc, type RpcPort } from './rpc.js';
import { redactUrl, splitCredentials } from './url.js';
import { WsPubSub, type SubscriptionOptions, type WebSocketConstructor } from './ws.js';

/** The options every door's `DzClient.forEnv` reads: the endpoints, and where DZ_LEDGER_* come from. */
export interface ForEnvBaseOptions {
  /** Wins over the environment's ledger RPC URL (and DZ_LEDGER_RPC_URL). */
  rpcUrl?: string;
  /** Wins over the environment's WebSocket URL; default the one of the environment, or derived from `rpcUrl`. */
  wsUrl?: string;
  /** Variables to take DZ_LEDGER_RPC_URL / DZ_LEDGER_WS_RPC_URL from (e.g. `process.env`); the library never reads the process environment. */
  env?: Record<string, string | undefined>;
}

/** What an environment resolves to for a client: its network preset, endpoints and program id (base58). */
export interface EnvironmentEndpoints {
  /** The named network the environment belongs to. */
  network: Network;
  /** The JSON-RPC URL. */
  rpcUrl: string;
  /** The WebSocket URL subscriptions use. */
  wsUrl: string;
  /** The serviceability program id (base58). */
  programId: string;
}

/**
 * The endpoints and program id of DoubleZero environment `name` for `DzClient.forEnv`: the
 * environment's, with DZ_LEDGER_* of `opts.env` applied, then `opts.rpcUrl` / `opts.wsUrl` over
 * them (a `rpcUrl` without `wsUrl` takes the WebSocket URL derived from it). `network` in the
 * options is refused: the environment is the first argument.
 */
export function environmentEndpoints(name: string, opts: ForEnvBaseOptions): EnvironmentEndpoints {
  expectString(name, 'name');
  expectObject(opts, 'opts');
  if ('network' in opts && (opts as { network?: unknown }).network !== undefined) {
    throw new ValidationError('opts.network', 'forEnv takes the environment as its first argument; leave network out');
  }
  if (opts.env !== undefined) expectObject(opts.env, 'opts.env');
  for (const k of ['rpcUrl', 'wsUrl'] as const) {
    if (opts[k] !== undefined && typeof opts[k] !== 'string') {
      throw new ValidationError(`opts.${k}`, `must be a string, got ${describeValue(opts[k])}`);
    }
  }
  const resolved = resolveEnvironment(name, opts.env);
  const rpcUrl = opts.rpcUrl ?? resolved.rpcUrl;
  const wsUrl = opts.wsUrl ?? (opts.rpcUrl !== undefined ? ledgerWsUrlFor(opts.rpcUrl) : resolved.wsUrl);
  return { network: resolved.environment.network, rpcUrl, wsUrl, programId: resolved.programId };
}

/** Options of `urlTransports`: the URLs and how to reach them. */
export interface UrlTransportOptions {
  /** The JSON-RPC URL (http:// or https://; credentials in it go in an Authorization header). */
  rpcUrl?: string;
  /** The WebSocket URL (ws:// or wss://). */
  wsUrl?: string;
  /** The WebSocket class (default: the runtime's global one). */
  WebSocket?: WebSocketConstructor;
  /** How subscriptions retry and notice a silent socket. */
  subscriptions?: SubscriptionOptions;
  /** The read retry policy: its per-attempt timeout and deadline bound every request. */
  retry?: RetryOptions;
}

/**
 * The core client's ports for a plain URL, with no Solana library: dzprov's fetch transport for
 * the RPC URL (checked: http(s); credentials sent as a header, never printed) and dzprov's
 * WebSocket layer for the WebSocket URL. What a door's DzClient passes to the core client.
 */
export function urlTransports(o: UrlTransportOptions): { rpc?: RpcPort; nodeName?: string; pubsub?: PubSubPort; wsUrl?: string } {
  expectObject(o, 'opts');
  const out: { rpc?: RpcPort; nodeName?: string; pubsub?: PubSubPort; wsUrl?: string } = {};
  if (o.rpcUrl !== undefined) {
    expectString(o.rpcUrl, 'rpcUrl');
    if (!/^https?:\/\//.test(o.rpcUrl)) throw new ValidationError('rpcUrl', `"${redactUrl(o.rpcUrl)}" is not an http(s) URL`);
    const retry = resolveRetry(o.retry);
    const endpoint = splitCredentials(o.rpcUrl);
    out.rpc = httpRpc(endpoint.url, { headers: endpoint.headers, timeoutMs: retry.timeoutMs, maxResponseBytes: retry.maxResponseBytes, ...(retry.signal ? { signal: retry.signal } : {}) });
    out.nodeName = redactUrl(o.rpcUrl);
  }
  if (o.wsUrl !== undefined) {
    out.pubsub = new WsPubSub({ ...(o.subscriptions ?? {}), url: o.wsUrl, ...(o.WebSocket ? { WebSocket: o.WebSocket } : {}) });
    out.wsUrl = o.wsUrl;
  }
  return out;
}
