/**
 * The @solana/kit door's client: the core client with `Address`es, kit `Instruction`s and kit
 * `TransactionSigner`s, reaching the node through kit's `Rpc` and `RpcSubscriptions` — or, with
 * only a URL, through dzprov's own fetch transport (no kit at run time at all).
 */
import type { Address, Instruction, Rpc, RpcSubscriptions, SolanaRpcApi, SolanaRpcSubscriptionsApi, TransactionSigner } from '@solana/kit';
import { DzClientCore, type ClientDoor, type DzClientCoreOptions, type PubSubPort } from '../core/client/client.js';
import { RateLimitedError, RpcError } from '../core/client/errors.js';
import { httpRpc, type Commitment, type RpcPort } from '../core/client/rpc.js';
import { environmentEndpoints, type ForEnvBaseOptions } from '../core/client/environment.js';
import { resolveRetry, type RetryOptions } from '../core/client/retry.js';
import type { ConfirmOptions, CoreSigner } from '../core/client/transactions.js';
import { parseRetryAfter } from '../core/client/transport.js';
import { redactUrl, splitCredentials } from '../core/client/url.js';
import { decodeBase64 } from '../core/codec/base64.js';
import { ValidationError } from '../core/errors.js';
import { isKey } from '../core/keys.js';
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
import { describeValue, expectKey, expectObject, expectString } from '../core/validate.js';
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
    const transient = code === -32005 || code === -32004 || code === -32016;
    return new RpcError(method, `${(e as Error).message} (JSON-RPC error ${code})`, { rpcCode: code, transient, cause: e });
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

/** Program subscriptions through kit's RpcSubscriptions, resubscribed with backoff when the stream fails. */
export function kitPubSub(subscriptions: RpcSubscriptions<SolanaRpcSubscriptionsApi>): PubSubPort {
  expectObject(subscriptions, 'rpcSubscriptions');
  return {
    programSubscribe(programId, config, handlers) {
      const abort = new AbortController();
      const run = async (): Promise<void> => {
        let delay = 500;
        let live = false;
        while (!abort.signal.aborted) {
          try {
            const stream = await (
              subscriptions as unknown as {
                programNotifications(p: string, c: unknown): { subscribe(o: { abortSignal: AbortSignal }): Promise<AsyncIterable<unknown>> };
              }
            )
              .programNotifications(programId, { commitment: config.commitment, encoding: config.encoding, filters: validateFilters(config.filters) })
              .subscribe({ abortSignal: abort.signal });
            live = true;
            delay = 500;
            handlers.onStateChange?.('subscribed');
            for await (const n of stream) {
              const v = downcast(n) as { context?: { slot?: unknown }; value?: { pubkey?: unknown; account?: { owner?: unknown; lamports?: unknown; data?: unknown } } };
              const a = v?.value?.account;
              const d = a?.data;
              if (
                typeof v?.context?.slot !== 'number' ||
                !isKey(v.value?.pubkey) ||
                !a ||
                !isKey(a.owner) ||
                typeof a.lamports !== 'number' ||
                !Array.isArray(d) ||
                typeof d[0] !== 'string' ||
                d[1] !== 'base64'
              ) {
                continue; // a malformed notification is skipped, never thrown into the stream
              }
              let data: Uint8Array;
              try {
                data = decodeBase64(d[0]);
              } catch {
                continue;
              }
              handlers.onNotification({ pubkey: v.value!.pubkey as string, account: { owner: a.owner, lamports: a.lamports, data }, slot: v.context.slot });
            }
          } catch {
            // The stream failed (socket dropped, subscription refused): retried after a backoff.
          }
          if (abort.signal.aborted) return;
          if (live) {
            live = false;
            handlers.onStateChange?.('interrupted');
          }
          await new Promise((r) => setTimeout(r, delay / 2 + Math.random() * (delay / 2)));
          delay = Math.min(30_000, delay * 2);
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

export interface DzKitClientOptions {
  /** A kit Rpc (e.g. `createSolanaRpc(url)`). Or give `rpcUrl`. */
  rpc?: Rpc<SolanaRpcApi>;
  /** A kit RpcSubscriptions (e.g. `createSolanaRpcSubscriptions(wsUrl)`), for `subscribe*`. */
  rpcSubscriptions?: RpcSubscriptions<SolanaRpcSubscriptionsApi>;
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
  retry?: RetryOptions;
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
    for (const k of ['rpc', 'rpcSubscriptions', 'source', 'retry', 'confirm'] as const) {
      if (opts[k] !== undefined) expectObject(opts[k], `opts.${k}`);
    }
    if (opts.network !== undefined && !isNetwork(opts.network)) {
      throw new ValidationError('network', `"${String(opts.network)}" is not one of ${Object.keys(PROGRAM_ADDRESSES).join(', ')}`);
    }
    if (opts.programAddress !== undefined) expectKey(opts.programAddress, 'programAddress');
    const network = opts.network ?? (opts.programAddress ? undefined : 'mainnet-beta');
    let rpc: RpcPort | undefined;
    let nodeName: string | undefined;
    if (opts.rpc) {
      rpc = kitRpc(opts.rpc);
    } else if (opts.rpcUrl !== undefined) {
      expectString(opts.rpcUrl, 'rpcUrl');
      if (!/^https?:\/\//.test(opts.rpcUrl)) throw new ValidationError('rpcUrl', `"${redactUrl(opts.rpcUrl)}" is not an http(s) URL`);
      const retry = resolveRetry(opts.retry);
      const endpoint = splitCredentials(opts.rpcUrl);
      rpc = httpRpc(endpoint.url, { headers: endpoint.headers, timeoutMs: retry.timeoutMs, ...(retry.signal ? { signal: retry.signal } : {}) });
      nodeName = redactUrl(opts.rpcUrl);
    } else if (!opts.source) {
      throw new ValidationError('rpc', 'required', `no RPC for ${network ?? 'this program'}: pass rpc (a kit Rpc), rpcUrl or source — dzprov does not pick an RPC provider for you, got ${describeValue(opts.rpc)}`);
    }
    const coreOpts: DzClientCoreOptions<K> = {
      programId: opts.programAddress ?? PROGRAM_ADDRESSES[network ?? 'mainnet-beta'],
      ...(network ? { network } : {}),
      ...(opts.commitment ? { commitment: opts.commitment } : {}),
      ...(opts.retry ? { retry: opts.retry } : {}),
      ...(opts.confirm ? { confirm: opts.confirm } : {}),
      ...(opts.computeUnitPrice !== undefined ? { computeUnitPrice: opts.computeUnitPrice } : {}),
      ...(rpc ? { rpc } : {}),
      ...(nodeName ? { nodeName } : {}),
      ...(opts.rpcSubscriptions ? { pubsub: kitPubSub(opts.rpcSubscriptions) } : {}),
      ...(opts.source ? { source: opts.source } : {}),
    };
    super(KIT_DOOR, coreOpts);
  }

  /**
   * A client for DoubleZero environment `name` ("mainnet-beta", "testnet", "devnet", "local" or
   * m, t, d, l): its ledger RPC URL and program address. With `opts.env` (e.g. `process.env`),
   * DZ_LEDGER_RPC_URL overrides the URL. Subscriptions need `opts.rpcSubscriptions` (e.g.
   * `createSolanaRpcSubscriptions(resolveEnvironment(name).wsUrl)`).
   */
  static forEnv(name: string, opts: Omit<DzKitClientOptions, 'network' | 'rpc'> & ForEnvBaseOptions = {}): DzClient {
    if (opts !== null && typeof opts === 'object' && 'rpc' in opts && opts.rpc !== undefined) {
      throw new ValidationError('opts.rpc', 'forEnv reads the environment\'s ledger: pass rpcUrl to point it elsewhere, or use new DzClient({ rpc })');
    }
    const e = environmentEndpoints(name, opts);
    const { env: _env, wsUrl: _ws, ...rest } = opts;
    return new DzClient({ ...rest, network: e.network, rpcUrl: e.rpcUrl, programAddress: opts.programAddress ?? (e.programId as Address) });
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
export type AccountRecord = core.AccountRecord<K>;
export type Entry<T> = core.Entry<T, K>;
export type EntryList<T> = core.EntryList<T, K>;
export type RoleResolution = core.RoleResolution<K>;
export type PreparedIntent<T> = core.PreparedIntent<T, K, Ix>;
export type IntentResult<T> = core.IntentResult<T, Ix>;
export type DeviceEvent = core.DeviceEvent<K>;
export type LinkEvent = core.LinkEvent<K>;
export type SubscribeOptions = core.SubscribeOptions<K>;
export type HealthUpdate = core.HealthUpdate<K>;
export type DeviceHealthUpdate = core.DeviceHealthUpdate<K>;
export type LinkHealthUpdate = core.LinkHealthUpdate<K>;
export type HealthOutcome = core.HealthOutcome<K>;
export type HealthPlan = core.HealthPlan<K, Ix>;
