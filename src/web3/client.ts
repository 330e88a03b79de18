/**
 * The web3.js v1 door's client: the core client (src/core/client/client.ts) with PublicKeys,
 * TransactionInstructions and web3.js signers, reaching the node through a `Connection`.
 */
import { Connection, PublicKey, type Commitment, type TransactionInstruction } from '@solana/web3.js';
import { DzprovError, ValidationError } from '../core/errors.js';
import { PROGRAM_ADDRESSES, isNetwork, type Network } from '../core/programIds.js';
import { DzClientCore, type ClientDoor, type DzClientCoreOptions } from '../core/client/client.js';
import {
  RpcAccountSource as CoreRpcAccountSource,
  parseProgramAccounts as parseCoreProgramAccounts,
  validateFilters,
  withSlot,
  type AccountList as CoreAccountList,
  type AccountRecord as CoreAccountRecord,
  type AccountSource as CoreAccountSource,
  type RpcAccountSourceOptions as CoreRpcAccountSourceOptions,
} from '../core/client/source.js';
import { MalformedRpcResponseError, RpcError } from '../core/client/errors.js';
import { withRetry, resolveRetry, type RetryOptions } from '../core/client/retry.js';
import { TransactionRunner as CoreTransactionRunner, type ConfirmOptions, type CoreSigner, type SendOutcome } from '../core/client/transactions.js';
import { rpcFetch } from '../core/client/transport.js';
import { encodeBase64 } from '../core/codec/base64.js';
import { derivedWsUrl, redactUrl, splitCredentials } from '../core/client/url.js';
import { keyText, type KeyInput } from '../core/keys.js';
import type { CoreInstruction, ProgramAccountsFilter } from '../core/index.js';
import type * as core from '../core/index.js';
import { describeValue, expectKey, expectObject, expectString } from '../core/validate.js';
import { isTransientRpcCode, resultOf } from '../core/client/rpc.js';
import { environmentEndpoints } from '../core/client/environment.js';
import { connectionRpc, connectionWsUrl } from './connection.js';
import { WsPubSub, type SubscriptionOptions, type WebSocketConstructor } from '../core/client/ws.js';
import { toTransactionInstruction } from './instruction.js';
import { PUBLIC_KEYS } from './publicKey.js';
import { web3Signer, type TxSigner } from './signer.js';

/** The local validator's default RPC URL (the only URL dzprov ever assumes). */
export const LOCALNET_RPC_URL = 'http://127.0.0.1:8899';

type K = PublicKey;
type Ix = TransactionInstruction;

/** How the web3.js door plugs into the core client. */
const WEB3_DOOR: ClientDoor<K, Ix, TxSigner> = {
  keys: PUBLIC_KEYS,
  toInstruction: toTransactionInstruction,
  // A TransactionInstruction is a CoreInstruction (same shape); anything else is checked by the core.
  fromInstruction: (ix) => ix as CoreInstruction,
  signer: web3Signer,
};

/** Options of the web3.js door's DzClient: where it reads and sends (a network, URLs or a Connection), the program, and the policies. */
export interface DzClientOptions {
  /** Selects the program id preset (PROGRAM_IDS) and, for localnet only, a default URL. Default mainnet-beta. */
  network?: Network;
  /** JSON-RPC URL; default `env.DZPROV_RPC_URL`. Required for every network but localnet. */
  rpcUrl?: string;
  /** WebSocket URL for subscriptions; default `env.DZPROV_WS_URL`, else web3.js's rule (port + 1). */
  wsUrl?: string;
  /** A ready Connection (then rpcUrl/wsUrl are not used). Its commitment is the default one. */
  connection?: Connection;
  /** Where reads come from (default: an RpcAccountSource over the connection). */
  source?: AccountSource;
  /** Overrides the network's program id. */
  programId?: PublicKey;
  /** Default: the connection's commitment, else 'confirmed'. */
  commitment?: Commitment;
  /** Read retries and timeouts. */
  retry?: RetryOptions;
  /** Confirmation polling. */
  confirm?: ConfirmOptions;
  /**
   * Priority fee: price per compute unit in micro-lamports. When above 0, every prepared
   * intent carries SetComputeUnitPrice after the compute-budget prelude. Default none.
   */
  computeUnitPrice?: number | bigint;
  /**
   * The WebSocket class subscriptions use (default: the runtime's global `WebSocket`: browsers,
   * Deno, Bun, Node 22+). Node 20 has none: pass the `ws` package's (`import WebSocket from 'ws'`).
   */
  WebSocket?: WebSocketConstructor;
  /** How subscriptions retry, give up and notice a silent socket (defaults: see SubscriptionOptions). */
  subscriptions?: SubscriptionOptions;
  /**
   * Variables to take DZPROV_RPC_URL / DZPROV_WS_URL from. Default: none — the library never
   * reads the process environment itself; on Node pass `env: process.env` to honour them.
   */
  env?: Record<string, string | undefined>;
}

/**
 * Options of `DzClient.forEnv`: those of `new DzClient` but `network`. `rpcUrl`, `wsUrl` and
 * `programId`, when given, win over the environment's (a `rpcUrl` without `wsUrl` takes the
 * WebSocket URL derived from it). `env` (e.g. `process.env` on Node) is where DZ_LEDGER_RPC_URL
 * and DZ_LEDGER_WS_RPC_URL are taken from; the library never reads the process environment.
 */
export type ForEnvOptions = Omit<DzClientOptions, 'network'>;

/**
 * The dzprov client for web3.js v1 applications: typed reads of the serviceability program's
 * accounts, filtered listings, role resolution, live updates, and one call per lifecycle intent
 * (fetch fresh state → resolve roles → lifecycle-checked builder → simulate → send → confirm →
 * re-read). Addresses are PublicKeys, instructions TransactionInstructions, signers web3.js
 * Keypairs or wallets.
 */
export class DzClient extends DzClientCore<K, Ix, TxSigner> {
  private readonly conn: Connection | undefined;

  constructor(opts: DzClientOptions = {}) {
    expectObject(opts, 'opts');
    for (const k of ['connection', 'source', 'retry', 'confirm', 'env', 'subscriptions'] as const) {
      if (opts[k] !== undefined) expectObject(opts[k], `opts.${k}`);
    }
    if (opts.commitment !== undefined) expectString(opts.commitment, 'opts.commitment');
    if (opts.network !== undefined && !isNetwork(opts.network)) {
      throw new ValidationError('network', `"${String(opts.network)}" is not one of ${Object.keys(PROGRAM_ADDRESSES).join(', ')}`);
    }
    const network = opts.network ?? (opts.programId ? undefined : 'mainnet-beta');
    const programId = opts.programId ?? PUBLIC_KEYS.from(PROGRAM_ADDRESSES[network ?? 'mainnet-beta']);
    const retry = resolveRetry(opts.retry);
    const env = opts.env ?? {};
    let conn: Connection | undefined;
    let wsUrl: string | undefined;
    const wsOption = opts.wsUrl ?? env.DZPROV_WS_URL;
    if (wsOption !== undefined && typeof wsOption !== 'string') throw new ValidationError('wsUrl', `must be a string, got ${describeValue(wsOption)}`);
    if (opts.connection) {
      conn = opts.connection;
      wsUrl = wsOption || connectionWsUrl(conn);
    } else if (!opts.source || opts.rpcUrl || env.DZPROV_RPC_URL) {
      const url = opts.rpcUrl ?? env.DZPROV_RPC_URL ?? (network === 'localnet' ? LOCALNET_RPC_URL : undefined);
      if (!url) {
        throw new ValidationError(
          'rpcUrl',
          'required',
          `no RPC URL for ${network ?? 'this program'}: pass rpcUrl (or DZPROV_RPC_URL in the env option, a map of environment variables you pass; the library reads none on its own), or use DzClient.forEnv(name) — dzprov does not pick an RPC provider for you`,
        );
      }
      if (typeof url !== 'string') throw new ValidationError('rpcUrl', `must be a string, got ${describeValue(url)}`);
      if (!/^https?:\/\//.test(url)) throw new ValidationError('rpcUrl', `"${redactUrl(url)}" is not an http(s) URL`);
      // Credentials in the URL (user:password@) go in an Authorization header: fetch refuses
      // URLs that carry them. The query string (API keys) stays in the request URL.
      const endpoint = splitCredentials(url);
      // The derived WebSocket URL keeps them (on Node the ws package sends them as Basic auth).
      wsUrl = wsOption || derivedWsUrl(url);
      conn = new Connection(endpoint.url, {
        commitment: opts.commitment ?? 'confirmed',
        ...(endpoint.hasCredentials ? { httpHeaders: endpoint.headers } : {}),
        wsEndpoint: wsUrl,
        // Our own retry policy handles 429 (with jitter and a bound); web3.js's would stack on top.
        disableRetryOnRateLimit: true,
        // Abort requests that hang or outlive the deadline, and keep the node's Retry-After.
        fetch: rpcFetch(retry.timeoutMs, retry.signal, retry.maxResponseBytes) as never,
      });
    }
    const coreOpts: DzClientCoreOptions<K> = {
      programId,
      ...(network ? { network } : {}),
      commitment: (opts.commitment ?? (opts.connection ? opts.connection.commitment : undefined) ?? 'confirmed') as core.Commitment,
      ...(opts.retry ? { retry: opts.retry } : {}),
      ...(opts.confirm ? { confirm: opts.confirm } : {}),
      ...(opts.computeUnitPrice !== undefined ? { computeUnitPrice: opts.computeUnitPrice } : {}),
      ...(conn ? { rpc: connectionRpc(conn), nodeName: redactUrl(conn.rpcEndpoint) } : {}),
      // Subscriptions go through dzprov's own WebSocket layer (backoff, budget, checked
      // notifications, a stalled socket noticed), never through web3.js's.
      ...(wsUrl ? { pubsub: new WsPubSub({ ...(opts.subscriptions ?? {}), url: wsUrl, ...(opts.WebSocket ? { WebSocket: opts.WebSocket } : {}) }), wsUrl } : {}),
      ...(opts.source ? { source: opts.source } : {}),
    };
    super(WEB3_DOOR, coreOpts);
    this.conn = conn;
  }

  /**
   * A client for DoubleZero environment `name` ("mainnet-beta", "testnet", "devnet", "local" or
   * m, t, d, l; see ENVIRONMENTS): its ledger RPC and WebSocket URLs and program id. With
   * `opts.env` (e.g. `process.env`), DZ_LEDGER_RPC_URL / DZ_LEDGER_WS_RPC_URL override the URLs.
   */
  static forEnv(name: string, opts: ForEnvOptions = {}): DzClient {
    const e = environmentEndpoints(name, opts);
    // The caller's env is spent: its DZ_LEDGER_* are applied, and DZPROV_* must not override the environment.
    return new DzClient({ ...opts, env: {}, network: e.network, rpcUrl: e.rpcUrl, wsUrl: e.wsUrl, programId: opts.programId ?? PUBLIC_KEYS.from(e.programId) });
  }

  /** The underlying web3.js Connection (throws when the client only has an in-memory source). */
  get connection(): Connection {
    if (!this.conn) {
      throw new ValidationError('connection', 'required', 'this operation needs an RPC connection: pass rpcUrl or connection');
    }
    return this.conn;
  }
}

// ---------------------------------------------------------------------------------------------
// Sources and the runner, over a Connection

/**
 * How RpcAccountSource parses getProgramAccounts answers: `'fast'` (default) asks the node
 * through the Connection's own transport and checks the JSON shape itself; `'web3'` goes through
 * `Connection.getProgramAccounts` (web3.js's per-account schema validation). Both return the
 * same records and raise the same typed errors.
 */
export type ListingPath = 'fast' | 'web3';

export interface RpcAccountSourceOptions extends Omit<CoreRpcAccountSourceOptions, 'commitment'> {
  /** The commitment of the reads (default: the connection's). */
  commitment?: Commitment;
  /** How getProgramAccounts answers are parsed (default 'fast'). */
  listing?: ListingPath;
}

/**
 * AccountSource over a web3.js v1 Connection (see the core RpcAccountSource: batched, retried,
 * every answer checked).
 *
 * Note: a Connection created without `disableRetryOnRateLimit: true` also retries HTTP 429 on
 * its own (up to 5 times) before this class sees the failure. DzClient creates its connections
 * with that option set, so only this policy applies.
 */
export class RpcAccountSource extends CoreRpcAccountSource<K> {
  /** How getProgramAccounts answers are parsed: "fast" (dzprov's own checks on the raw answer) or "web3" (the Connection's). */
  readonly listing: ListingPath;

  constructor(
    /** The web3.js Connection reads go through. */
    readonly connection: Connection,
    opts: RpcAccountSourceOptions = {},
  ) {
    expectObject(connection, 'connection');
    expectObject(opts, 'opts');
    const { listing, commitment, ...rest } = opts;
    super(connectionRpc(connection), PUBLIC_KEYS, { ...rest, commitment: (commitment ?? connection.commitment) as core.Commitment | undefined });
    const l = listing ?? 'fast';
    if (l !== 'fast' && l !== 'web3') throw new ValidationError('listing', `must be "fast" or "web3", got ${String(l)}`);
    this.listing = l;
  }

  override async getProgramAccounts(programId: KeyInput, filters: ProgramAccountsFilter[]): Promise<CoreAccountList<K>> {
    if (this.listing === 'fast') return super.getProgramAccounts(programId, filters);
    validateFilters(filters);
    return withRetry('getProgramAccounts', this.retry, () => this.web3ProgramAccounts(PUBLIC_KEYS.from(programId), filters));
  }

  /** Connection.getProgramAccounts: web3.js's schema validation, then our own checks. */
  private async web3ProgramAccounts(programId: PublicKey, filters: ProgramAccountsFilter[]): Promise<CoreAccountList<K>> {
    const GPA = 'getProgramAccounts';
    let res: unknown;
    try {
      res = await this.connection.getProgramAccounts(programId, {
        ...(this.commitment ? { commitment: this.commitment } : {}),
        encoding: 'base64',
        filters,
        withContext: true,
      });
    } catch (e) {
      // web3.js turns a pubkey string that is not one into a plain Error from PublicKey.
      if (e instanceof Error && !(e instanceof DzprovError) && e.name === 'Error' && /public key|base58/i.test(e.message)) {
        throw new MalformedRpcResponseError(GPA, `a pubkey is not a public key: ${e.message}`, { cause: e });
      }
      // A JSON-RPC error object: the same RpcError as the core path (web3.js prefixes its text).
      const code = (e as { code?: unknown }).code;
      if (e instanceof Error && e.name === 'SolanaJSONRPCError' && typeof code === 'number') {
        const text = e.message.replace(/^failed to get accounts owned by program [1-9A-HJ-NP-Za-km-z]+: /, '');
        throw new RpcError(GPA, `${text} (JSON-RPC error ${code})`, { rpcCode: code, transient: isTransientRpcCode(code), cause: e });
      }
      throw e;
    }
    const { context, value } = (res ?? {}) as { context?: { slot?: unknown }; value?: unknown };
    if (!Array.isArray(value)) throw new MalformedRpcResponseError(GPA, 'result is not an array');
    const slot = context?.slot;
    if (typeof slot !== 'number') throw new MalformedRpcResponseError(GPA, 'result has no context slot');
    // Re-checked through the core's parser, from the values web3.js built.
    const raw = value.map((r: { pubkey?: unknown; account?: { owner?: unknown; lamports?: unknown; data?: unknown; space?: unknown; executable?: unknown; rentEpoch?: unknown } }) => {
      if (!r || !(r.pubkey instanceof PublicKey)) throw new MalformedRpcResponseError(GPA, 'an entry has no pubkey');
      const a = r.account;
      const data = a?.data;
      // web3.js decodes base64 leniently (Buffer.from skips what is not base64): the byte count
      // the node states catches that.
      if (data instanceof Uint8Array && a?.space !== undefined && a.space !== data.length) {
        throw new MalformedRpcResponseError(GPA, `account ${r.pubkey.toBase58()} data is not base64 of ${String(a.space)} bytes`);
      }
      return {
        pubkey: r.pubkey.toBase58(),
        account: a && {
          owner: a.owner instanceof PublicKey ? a.owner.toBase58() : a.owner,
          lamports: a.lamports,
          executable: a.executable ?? false,
          rentEpoch: typeof a.rentEpoch === 'number' ? a.rentEpoch : 0,
          data: data instanceof Uint8Array ? [encodeBase64(data), 'base64'] : data,
        },
      };
    });
    return withSlot(parseCoreProgramAccounts({ context: { slot }, value: raw }, programId, keyText(programId), PUBLIC_KEYS), slot);
  }
}

/**
 * The send state machine (docs/sending.md) over a web3.js v1 Connection: simulate, and sign →
 * broadcast → poll → landed | expired (proven) | unknown. Signers are web3.js Keypairs, wallets
 * or CoreSigners.
 */
export class TransactionRunner extends CoreTransactionRunner {
  constructor(connection: Connection, programId: PublicKey, commitment: Commitment, retry: ReturnType<typeof resolveRetry>, confirm: ConfirmOptions = {}) {
    expectObject(connection, 'connection');
    super(connectionRpc(connection), programId, commitment as core.Commitment, retry, confirm);
  }

  /** Signs with a web3.js Keypair, wallet or CoreSigner, broadcasts and confirms (see the core runner). */
  override async sendAndConfirm(instructions: readonly (TransactionInstruction | CoreInstruction)[], signer: TxSigner | CoreSigner): Promise<SendOutcome> {
    return super.sendAndConfirm(instructions, web3Signer(signer));
  }
}

/**
 * Checks a raw JSON-RPC answer to getProgramAccounts (withContext, base64) and turns it into
 * records with PublicKeys. A JSON-RPC error object is thrown as an RpcError with its code;
 * anything malformed is a MalformedRpcResponseError.
 */
export function parseProgramAccounts(res: unknown, programId: PublicKey, programIdText?: string): CoreAccountList<K> {
  expectKey(programId, 'programId');
  if (programIdText !== undefined) expectString(programIdText, 'programIdText');
  return parseCoreProgramAccounts(resultOf('getProgramAccounts', res), programId, programIdText ?? keyText(programId), PUBLIC_KEYS);
}

// ---------------------------------------------------------------------------------------------
// Types, with PublicKeys and TransactionInstructions

/** @interface */
export type AccountRecord = CoreAccountRecord<K>;
export type AccountList = CoreAccountList<K>;
/** @interface */
export type AccountSource = CoreAccountSource<K>;
/** @interface */
export type Entry<T> = core.Entry<T, K>;
export type EntryList<T> = core.EntryList<T, K>;
/** @interface */
export type DecodeErrorHandling = core.DecodeErrorHandling<K>;
/** @interface */
export type ListDevicesOptions = core.ListDevicesOptions<K>;
/** @interface */
export type ListLinksOptions = core.ListLinksOptions<K>;
/** @interface */
export type RoleResolution = core.RoleResolution<K>;
/** @interface */
export type PreparedIntent<T> = core.PreparedIntent<T, K, Ix>;
/** A prepared device intent (prepareDrainDevice, ...). */
export type PreparedDeviceIntent = PreparedIntent<core.Device<K>>;
/** A prepared link intent (prepareSoftDrainLink, ...). */
export type PreparedLinkIntent = PreparedIntent<core.Link<K>>;
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
export type HealthBatch = core.HealthBatch<Ix>;
/** @interface */
export type HealthPlan = core.HealthPlan<K, Ix>;
