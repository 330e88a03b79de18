/**
 * The @solana/kit door's client: the core client with `Address`es, kit `Instruction`s and kit
 * `TransactionSigner`s, reaching the node through kit's `Rpc` and `RpcSubscriptions` — or, with
 * only a URL, through dzprov's own fetch transport (no kit at run time at all).
 */
import type { Address, Instruction, Rpc, RpcSubscriptions, SolanaRpcApi, SolanaRpcSubscriptionsApi, TransactionSigner } from '@solana/kit';
import { DzClientCore, type ClientDoor, type DzClientCoreOptions, type PubSubPort } from '../core/client/client.js';
import { RateLimitedError, RpcError, SubscriptionFailedError } from '../core/client/errors.js';
import { parseProgramNotification, type CheckedNotification, type SubscriptionOptions, type WebSocketConstructor } from '../core/client/ws.js';
import { isTransientRpcCode, type Commitment, type RpcPort } from '../core/client/rpc.js';
import { environmentEndpoints, urlTransports, type ForEnvBaseOptions } from '../core/client/environment.js';
import type { RetryOptions } from '../core/client/retry.js';
import type { ConfirmOptions, CoreSigner } from '../core/client/transactions.js';
import { parseRetryAfter } from '../core/client/transport.js';
import { ValidationError } from '../core/errors.js';
import { PROGRAM_ADDRESSES, isNetwork, type Network } from '../core/programIds.js';
import {
  RpcAccountSource as CoreRpcAccountSource,
  parseProgramAccounts as parseCoreProgramAccounts,
  validateFilters,
  type AccountList,
  type AccountSource,
  type RpcAccountSourceOptions,
} from '../core/client/source.js';
import { keyText } from '../core/keys.js';
import { describeValue, expectKey, expectObject } from '../core/validate.js';
import { ADDRESS_KEYS, fromKitInstruction, toKitInstruction, type KitInstruction } from './door.js';
import type * as core from '../core/index.js';

type K = Address;
type Ix = KitInstruction;

// ---------------------------------------------------------------------------------------------
// kit's Rpc as the core's RPC port

/** Numbers kit's RPC turns into bigints, back to numbers (slots, lamports, heights fit in a double). */
function downcast(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(downcast);
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = downcast(x);
    return out;
  }
  return v;
}

/** A kit RPC failure as the core's typed RPC errors (HTTP status, Retry-After, JSON-RPC code). */
function fromKitError(method: string, e: unknown): unknown {
  const ctx = (e as { context?: Record<string, unknown> } | null)?.context;
  if (ctx && typeof ctx.statusCode === 'number') {
    const status = ctx.statusCode;
    if (status === 429) {
      const headers = ctx.headers as { get?: (name: string) => string | null } | undefined;
      const retryAfterMs = parseRetryAfter(typeof headers?.get === 'function' ? headers.get('retry-after') : undefined, Date.now());
      return new RateLimitedError(method, { cause: e, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
    }
    return new RpcError(method, `HTTP ${status} ${String(ctx.message ?? '')}`, { httpStatus: status, transient: status >= 500, cause: e });
  }
  const code = ctx?.__code;
  if (typeof code === 'number' && code < 0) {
    return new RpcError(method, `${(e as Error).message} (JSON-RPC error ${code})`, { rpcCode: code, transient: isTransientRpcCode(code), cause: e });
  }
  return e;
}

/** The RPC port of a kit `Rpc`: each call through its method, its answer downcast to plain JSON numbers. */
export function kitRpc(rpc: Rpc<SolanaRpcApi>): RpcPort {
  expectObject(rpc, 'rpc');
  return {
    async request(method, params, signal) {
      const call = (rpc as unknown as Record<string, (...a: unknown[]) => { send(o?: { abortSignal?: AbortSignal }): Promise<unknown> }>)[method];
      if (typeof call !== 'function') throw new ValidationError('rpc', `must be a kit Rpc with ${method}`);
      let res: unknown;
      try {
        res = await call(...params).send(signal ? { abortSignal: signal } : undefined);
      } catch (e) {
        throw fromKitError(method, e);
      }
      return downcast(res);
    },
  };
}

/**
 * Program subscriptions through kit's RpcSubscriptions, with the guarantees of dzprov's own
 * WebSocket layer where kit leaves room: every notification checked before use (a malformed one
 * counted, reported to onError and skipped, never thrown), a failed or refused subscription made
 * again after a jittered exponential backoff and given up after `maxAttempts` failures in a row
 * (SubscriptionFailedError, then "failed"). kit sends no slot heartbeat: a silent socket is only
 * noticed by the WebSocket layer (pass `wsUrl` to DzClient instead of `rpcSubscriptions` for it).
 */
export function kitPubSub(subscriptions: RpcSubscriptions<SolanaRpcSubscriptionsApi>, options: SubscriptionOptions = {}): PubSubPort {
  expectObject(subscriptions, 'rpcSubscriptions');
  expectObject(options, 'options');
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 10;
  const random = options.random ?? Math.random;
  return {
    programSubscribe(programId, config, handlers) {
      expectObject(handlers, 'handlers');
      const abort = new AbortController();
      const tell = (fn: () => void) => {
        try {
          fn();
        } catch {
          // A subscriber's handler failing is never the stream's problem.
        }
      };
      const run = async (): Promise<void> => {
        let failures = 0;
        let reason = '';
        while (!abort.signal.aborted) {
          let live = false;
          try {
            const stream = await (
              subscriptions as unknown as {
                programNotifications(p: string, c: unknown): { subscribe(o: { abortSignal: AbortSignal }): Promise<AsyncIterable<unknown>> };
              }
            )
              .programNotifications(programId, { commitment: config.commitment, encoding: config.encoding, filters: validateFilters(config.filters) })
              .subscribe({ abortSignal: abort.signal });
            live = true;
            failures = 0;
            tell(() => handlers.onStateChange?.('subscribed'));
            for await (const raw of stream) {
              let n: CheckedNotification;
              try {
                n = parseProgramNotification(downcast(raw), programId);
              } catch (e) {
                tell(() => handlers.onError?.(e));
                continue;
              }
              try {
                handlers.onNotification(n);
              } catch (e) {
                tell(() => handlers.onError?.(e));
              }
            }
            reason = 'the subscription stream ended';
          } catch (e) {
            reason = e instanceof Error ? e.message : String(e);
          }
          if (abort.signal.aborted) return;
          if (live) tell(() => handlers.onStateChange?.('interrupted'));
          else if (++failures >= maxAttempts) {
            tell(() => handlers.onError?.(new SubscriptionFailedError('programSubscribe', failures, reason)));
            tell(() => handlers.onStateChange?.('failed'));
            return;
          }
          const exp = Math.min(max, base * 2 ** Math.max(0, Math.min(30, failures - 1)));
          await new Promise((r) => setTimeout(r, exp / 2 + random() * (exp / 2)));
        }
      };
      void run();
      return async () => {
        abort.abort();
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// kit signers

/**
 * A kit TransactionSigner as a CoreSigner: a partial signer (`signTransactions`, e.g. a
 * KeyPairSigner) or a modifying signer (`modifyAndSignTransactions`, e.g. a wallet). A sending
 * signer is refused: dzprov broadcasts and confirms itself (docs/sending.md).
 */
export function kitSigner(signer: unknown): CoreSigner {
  expectObject(signer, 'signer');
  expectKey(signer.address, 'signer.address');
  const address = signer.address as Address;
  const tx = (message: Uint8Array) => ({ messageBytes: message, signatures: { [address]: null } });
  if (typeof signer.signTransactions === 'function') {
    const s = signer as unknown as { signTransactions(t: unknown[]): Promise<readonly Record<string, Uint8Array>[]> };
    return {
      address,
      async sign(message) {
        const [sigs] = await s.signTransactions([Object.freeze(tx(message))]);
        const signature = sigs?.[address];
        if (!(signature instanceof Uint8Array)) throw new ValidationError('signer', 'the signer did not sign the transaction');
        return { signature, message };
      },
    };
  }
  if (typeof signer.modifyAndSignTransactions === 'function') {
    const s = signer as unknown as { modifyAndSignTransactions(t: unknown[]): Promise<readonly { messageBytes: Uint8Array; signatures: Record<string, Uint8Array | null> }[]> };
    return {
      address,
      async sign(message) {
        const [out] = await s.modifyAndSignTransactions([Object.freeze(tx(message))]);
        const signature = out?.signatures?.[address];
        if (!(signature instanceof Uint8Array) || !(out!.messageBytes instanceof Uint8Array)) {
          throw new ValidationError('signer', 'the signer did not sign the transaction');
        }
        return { signature, message: out!.messageBytes };
      },
    };
  }
  if (typeof signer.signAndSendTransactions === 'function') {
    throw new ValidationError('signer', 'must sign without sending', 'a sending signer cannot be used: dzprov simulates, broadcasts and confirms the transaction itself; pass a partial or modifying signer');
  }
  throw new ValidationError('signer', 'must be a kit TransactionSigner (signTransactions or modifyAndSignTransactions)');
}

const KIT_DOOR: ClientDoor<K, Ix, TransactionSigner> = {
  keys: ADDRESS_KEYS,
  toInstruction: toKitInstruction,
  fromInstruction: (ix) => fromKitInstruction(ix as Instruction),
  signer: kitSigner,
};

// ---------------------------------------------------------------------------------------------
// The client

/** Options of the kit door's DzClient: where it reads and subscribes (kit Rpc and RpcSubscriptions, or URLs), the program, and the policies. */
export interface DzKitClientOptions {
  /** A kit Rpc (e.g. `createSolanaRpc(url)`). Or give `rpcUrl`. */
  rpc?: Rpc<SolanaRpcApi>;
  /** A kit RpcSubscriptions (e.g. `createSolanaRpcSubscriptions(wsUrl)`), for `subscribe*` and `watch`. Or give `wsUrl`. */
  rpcSubscriptions?: RpcSubscriptions<SolanaRpcSubscriptionsApi>;
  /**
   * A WebSocket URL (ws:// or wss://), subscribed to with dzprov's own WebSocket layer (no kit
   * needed), when no `rpcSubscriptions` is given.
   */
  wsUrl?: string;
  /**
   * The WebSocket class `wsUrl` is opened with (default: the runtime's global `WebSocket`:
   * browsers, Deno, Bun, Node 22+; on Node 20 pass the `ws` package's).
   */
  WebSocket?: WebSocketConstructor;
  /** How subscriptions retry, give up and notice a silent socket. */
  subscriptions?: SubscriptionOptions;
  /** A JSON-RPC URL, read with dzprov's own fetch transport (no kit needed), when no `rpc` is given. */
  rpcUrl?: string;
  /** Selects the program address preset (PROGRAM_IDS). Default mainnet-beta. */
  network?: Network;
  /** Overrides the network's program address. */
  programAddress?: Address;
  /** Where reads come from (default: the node). */
  source?: AccountSource<K>;
  /** Default 'confirmed'. */
  commitment?: Commitment;
  /** Read retries and timeouts. */
  retry?: RetryOptions;
  /** Confirmation polling. */
  confirm?: ConfirmOptions;
  /** Priority fee in micro-lamports per compute unit. */
  computeUnitPrice?: number | bigint;
}

/**
 * The dzprov client for @solana/kit applications: the same reads, listings, role resolution,
 * subscriptions, intents, batch health and send state machine as the web3.js door's DzClient,
 * with `Address`es in and out, kit `Instruction`s and kit `TransactionSigner`s.
 */
export class DzClient extends DzClientCore<K, Ix, TransactionSigner> {
  constructor(opts: DzKitClientOptions = {}) {
    expectObject(opts, 'opts');
    for (const k of ['rpc', 'rpcSubscriptions', 'source', 'retry', 'confirm', 'subscriptions'] as const) {
      if (opts[k] !== undefined) expectObject(opts[k], `opts.${k}`);
    }
    if (opts.network !== undefined && !isNetwork(opts.network)) {
      throw new ValidationError('network', `"${String(opts.network)}" is not one of ${Object.keys(PROGRAM_ADDRESSES).join(', ')}`);
    }
    if (opts.programAddress !== undefined) expectKey(opts.programAddress, 'programAddress');
    const network = opts.network ?? (opts.programAddress ? undefined : 'mainnet-beta');
    let rpc: RpcPort | undefined;
    if (opts.rpc) {
      rpc = kitRpc(opts.rpc);
    } else if (opts.rpcUrl === undefined && !opts.source) {
      throw new ValidationError('rpc', 'required', `no RPC for ${network ?? 'this program'}: pass rpc (a kit Rpc), rpcUrl or source — dzprov does not pick an RPC provider for you, got ${describeValue(opts.rpc)}`);
    }
    // A URL is read with dzprov's fetch transport, a WebSocket URL with its WebSocket layer.
    const urls = urlTransports({
      ...(opts.rpc ? {} : opts.rpcUrl !== undefined ? { rpcUrl: opts.rpcUrl } : {}),
      ...(opts.rpcSubscriptions || opts.wsUrl === undefined ? {} : { wsUrl: opts.wsUrl }),
      ...(opts.WebSocket ? { WebSocket: opts.WebSocket } : {}),
      ...(opts.subscriptions ? { subscriptions: opts.subscriptions } : {}),
      ...(opts.retry ? { retry: opts.retry } : {}),
    });
    const coreOpts: DzClientCoreOptions<K> = {
      programId: opts.programAddress ?? PROGRAM_ADDRESSES[network ?? 'mainnet-beta'],
      ...(network ? { network } : {}),
      ...(opts.commitment ? { commitment: opts.commitment } : {}),
      ...(opts.retry ? { retry: opts.retry } : {}),
      ...(opts.confirm ? { confirm: opts.confirm } : {}),
      ...(opts.computeUnitPrice !== undefined ? { computeUnitPrice: opts.computeUnitPrice } : {}),
      ...urls,
      ...(rpc ? { rpc } : {}),
      ...(opts.rpcSubscriptions ? { pubsub: kitPubSub(opts.rpcSubscriptions, opts.subscriptions) } : {}),
      ...(opts.source ? { source: opts.source } : {}),
    };
    super(KIT_DOOR, coreOpts);
  }

  /**
   * A client for DoubleZero environment `name` ("mainnet-beta", "testnet", "devnet", "local" or
   * m, t, d, l): its ledger RPC and WebSocket URLs and program address. With `opts.env` (e.g.
   * `process.env`), DZ_LEDGER_RPC_URL / DZ_LEDGER_WS_RPC_URL override the URLs. Subscriptions
   * go through dzprov's WebSocket layer on the environment's WebSocket URL (on Node 20 pass
   * `WebSocket`), or through `opts.rpcSubscriptions` when given.
   */
  static forEnv(name: string, opts: Omit<DzKitClientOptions, 'network' | 'rpc'> & ForEnvBaseOptions = {}): DzClient {
    if (opts !== null && typeof opts === 'object' && 'rpc' in opts && opts.rpc !== undefined) {
      throw new ValidationError('opts.rpc', 'forEnv reads the environment\'s ledger: pass rpcUrl to point it elsewhere, or use new DzClient({ rpc })');
    }
    const e = environmentEndpoints(name, opts);
    const { env: _env, ...rest } = opts;
    return new DzClient({ ...rest, network: e.network, rpcUrl: e.rpcUrl, wsUrl: e.wsUrl, programAddress: opts.programAddress ?? (e.programId as Address) });
  }
}

/** AccountSource over a kit Rpc (batched, retried, every answer checked: see the core RpcAccountSource). */
export class RpcAccountSource extends CoreRpcAccountSource<K> {
  constructor(rpc: Rpc<SolanaRpcApi>, opts: RpcAccountSourceOptions = {}) {
    super(kitRpc(rpc), ADDRESS_KEYS, opts);
  }
}

/** Checks the result of kit's getProgramAccounts (withContext, base64) and turns it into records. */
export function parseProgramAccounts(result: unknown, programAddress: Address): AccountList<K> {
  expectKey(programAddress, 'programAddress');
  return parseCoreProgramAccounts(downcast(result), programAddress, keyText(programAddress), ADDRESS_KEYS);
}

// -- client types with Addresses and kit Instructions
/** @interface */
export type AccountRecord = core.AccountRecord<K>;
/** @interface */
export type Entry<T> = core.Entry<T, K>;
export type EntryList<T> = core.EntryList<T, K>;
/** @interface */
export type RoleResolution = core.RoleResolution<K>;
/** @interface */
export type PreparedIntent<T> = core.PreparedIntent<T, K, Ix>;
/** @interface */
export type IntentResult<T> = core.IntentResult<T, Ix>;
/** @interface */
export type DeviceEvent = core.DeviceEvent<K>;
/** @interface */
export type LinkEvent = core.LinkEvent<K>;
/** @interface */
export type SubscribeOptions = core.SubscribeOptions<K>;
export type HealthUpdate = core.HealthUpdate<K>;
/** @interface */
export type DeviceHealthUpdate = core.DeviceHealthUpdate<K>;
/** @interface */
export type LinkHealthUpdate = core.LinkHealthUpdate<K>;
/** @interface */
export type HealthOutcome = core.HealthOutcome<K>;
/** @interface */
export type HealthPlan = core.HealthPlan<K, Ix>;
