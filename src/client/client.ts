import {
  ComputeBudgetProgram,
  Connection,
  PublicKey,
  type Commitment,
  type GetProgramAccountsFilter,
  type KeyedAccountInfo,
  type TransactionInstruction,
} from '@solana/web3.js';
import {
  AccountType,
  DeviceStatus,
  LinkStatus,
  deviceDesiredStatusLabel,
  deviceHealthLabel,
  deviceStatusLabel,
  linkDesiredStatusLabel,
  linkHealthLabel,
  linkStatusLabel,
  type DeviceDesiredStatus,
  type DeviceHealth,
  type LinkDesiredStatus,
  type LinkHealth,
} from '../enums.js';
import { encodeBase64 } from '../codec/base64.js';
import { AccountNotFoundError, DzprovError, ValidationError } from '../errors.js';
import * as checked from '../instructions/checked.js';
import { computeBudgetPrelude } from '../instructions/computeBudget.js';
import type { DeviceDeleteResources } from '../instructions/deleteDevice.js';
import { nextDeviceStatus } from '../lifecycle/device.js';
import type { Role } from '../lifecycle/roles.js';
import {
  getDzPrefixBlockPda,
  getGlobalConfigPda,
  getGlobalStatePda,
  getPermissionPda,
  getTunnelIdsPda,
} from '../pda.js';
import { PROGRAM_IDS, isNetwork, type Network } from '../programIds.js';
import { accountTypeFilter, pubkeyFilter, type DecodeOptions } from '../state/common.js';
import { decodeContributor, type Contributor } from '../state/contributor.js';
import { DEVICE_OFFSETS, decodeDevice, type Device } from '../state/device.js';
import { decodeExchange, type Exchange } from '../state/exchange.js';
import { decodeGlobalConfig, type GlobalConfig } from '../state/globalConfig.js';
import { decodeGlobalState, type GlobalState } from '../state/globalState.js';
import { LINK_OFFSETS, decodeLink, type Link } from '../state/link.js';
import { decodeLocation, type Location } from '../state/location.js';
import { decodePermission, type Permission } from '../state/permission.js';
import { AmbiguousCodeError, RpcError, StateRefreshError, TransactionConfirmationError } from './errors.js';
import {
  DEFAULT_HEALTH_CONCURRENCY,
  HEALTH_UPDATES_PER_TRANSACTION,
  chunk,
  errorRef,
  errorText,
  forEachLimited,
  type HealthBatch,
  type HealthOutcome,
  type HealthPlan,
  type HealthUpdate,
  type SendHealthOptions,
} from './healthBatch.js';
import { resolveRetry, type ResolvedRetry, type RetryOptions } from './retry.js';
import { rpcFetch } from './transport.js';
import { requiresPermissionAccounts, resolveRoles } from './roles.js';
import { derivedWsUrl, redactUrl, splitCredentials } from './url.js';
import {
  describeValue,
  expectArray,
  expectDevice,
  expectFunction,
  expectInteger,
  expectLink,
  expectNumber,
  expectObject,
  expectOptionalObject,
  expectPubkey,
  expectString,
} from '../validate.js';
import { withSlot, type AccountList, type AccountRecord, type AccountSource } from './source.js';
import { besideTypeFilter, both, deviceExtraQuery, linkExtraQuery, type DeviceFilterExtras, type LinkFilterExtras } from './filters.js';
import { ProgramCheckedSource } from './programCheck.js';
import { clientOptionsForEnv, type ForEnvOptions } from './environment.js';
import {
  TransactionRunner,
  type ConfirmOptions,
  type SendOutcome,
  type SimulationOutcome,
  type TxSigner,
} from './transactions.js';

/** The local validator's default RPC URL (the only URL dzprov ever assumes). */
export const LOCALNET_RPC_URL = 'http://127.0.0.1:8899';

export interface DzClientOptions {
  /** Selects the program id preset (PROGRAM_IDS) and, for localnet only, a default URL. Default mainnet-beta. */
  network?: Network;
  /** JSON-RPC URL; default `env.DZPROV_RPC_URL`. Required for every network but localnet. */
  rpcUrl?: string;
  /** WebSocket URL for subscriptions; default `env.DZPROV_WS_URL`, else web3.js's rule (port + 1). */
  wsUrl?: string;
  /** A ready Connection (then rpcUrl/wsUrl are not used). */
  connection?: Connection;
  /** Where reads come from (default: an RpcAccountSource over the connection). */
  source?: AccountSource;
  /** Overrides the network's program id. */
  programId?: PublicKey;
  /** Default 'confirmed'. */
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
   * Variables to take DZPROV_RPC_URL / DZPROV_WS_URL from. Default: none — the library never
   * reads the process environment itself; on Node pass `env: process.env` to honour them.
   */
  env?: Record<string, string | undefined>;
}

/** One account of a listing. */
export interface Entry<T> {
  pubkey: PublicKey;
  account: T;
}

/**
 * A listing: its entries, and (read from an RPC node) the context slot the node read them at.
 * Pass `slot` as `minContextSlot` to follow-up reads so they never see an older ledger state.
 */
export type EntryList<T> = Entry<T>[] & { slot?: number };

/** How a listing treats an account of the right type that does not decode. */
export interface DecodeErrorHandling {
  /**
   * Called for each account that fails to decode; the account is then left out. Without it,
   * the first such account makes the listing throw.
   */
  onDecodeError?: (pubkey: PublicKey, error: DzprovError) => void;
}

/** Which devices a listing or a subscription covers (every device when empty). */
export interface DeviceFilters extends DeviceFilterExtras {
  /** Only devices of this Contributor (contributor_pk is not at a fixed offset: filtered here). */
  contributor?: PublicKey;
  /** Only devices at this Location (memcmp at 50). */
  location?: PublicKey;
  /** Only devices at this Exchange (memcmp at 82). */
  exchange?: PublicKey;
  /** Only devices with this status (memcmp at 119). */
  status?: DeviceStatus;
}

/** Which links a listing or a subscription covers (every link when empty). */
export interface LinkFilters extends LinkFilterExtras {
  /** Only links of this Contributor (filtered here: contributor_pk follows the code). */
  contributor?: PublicKey;
  /** Only links whose side A is this device (memcmp at 50). */
  sideA?: PublicKey;
  /** Only links whose side Z is this device (memcmp at 82). */
  sideZ?: PublicKey;
  /** Only links with this status (memcmp at 150). */
  status?: LinkStatus;
}

export interface ListDevicesOptions extends DecodeErrorHandling, DeviceFilters {}

export interface ListLinksOptions extends DecodeErrorHandling, LinkFilters {}

/** The payer's roles towards one device or link, and the chain data they came from. */
export interface RoleResolution {
  payer: PublicKey;
  roles: Role[];
  globalState: GlobalState;
  /** RequirePermissionAccounts is on: only Permission accounts grant privileges. */
  strictPermissions: boolean;
  permissionPda: PublicKey;
  /** The payer's Permission account, when one exists and is owned by the program. */
  permission: Permission | null;
  /** Whether the payer has a Permission account: builders append its PDA only then. */
  hasPermissionAccount: boolean;
  /** The Contributor the device/link belongs to (null when that account is missing). */
  contributor: Contributor | null;
  /** (links) side Z's device and its Contributor. */
  sideZDevice?: Device | null;
  sideZContributor?: Contributor | null;
}

export type DeviceIntent =
  | 'drainDevice'
  | 'undrainDevice'
  | 'promoteDevice'
  | 'changeDeviceStatus'
  | 'setDeviceDesiredStatus'
  | 'setDeviceHealth'
  | 'deleteDevice';
export type LinkIntent =
  | 'softDrainLink'
  | 'hardDrainLink'
  | 'activateLink'
  | 'changeLinkStatus'
  | 'acceptLink'
  | 'setLinkDesiredStatus'
  | 'setLinkHealth'
  | 'deleteLink';

/** An intent resolved against fresh chain state and checked, ready to simulate or send. */
export interface PreparedIntent<T> {
  intent: DeviceIntent | LinkIntent;
  kind: 'device' | 'link';
  /** The device/link address. */
  target: PublicKey;
  payer: PublicKey;
  /** The compute-budget prelude, then the serviceability instruction. */
  instructions: TransactionInstruction[];
  roles: Role[];
  resolution: RoleResolution;
  /** The account as read before building. */
  before: T;
  /** One line for humans: "drain device lax-dz01 (…): activated → drained". */
  description: string;
  /**
   * Set when the account, as read now, is already where the intent takes it (e.g. a device
   * already drained with desired status drained): why, in one line. Then `instructions` is
   * empty, and `send` returns outcome "already-done" without simulating or sending anything,
   * which makes re-running an intent after an unknown outcome safe.
   */
  alreadyDone?: string;
}

/** Options of `DzClient.send`. */
export interface SendOptions {
  /**
   * Simulate right before sending (default true). Pass false only when this very prepared
   * intent was just simulated successfully (e.g. a dry run shown to the user before the send).
   */
  simulate?: boolean;
}

export type PreparedDeviceIntent = PreparedIntent<Device>;
export type PreparedLinkIntent = PreparedIntent<Link>;

export interface IntentResult<T> {
  /**
   * "landed": a transaction carrying the intent landed without error; "already-done": the
   * account was already in the intended state, nothing was sent (signature and slot null).
   */
  outcome: 'landed' | 'already-done';
  signature: string | null;
  /** Every signature signed (more than one only after a proven expiry); [] when nothing was sent. */
  signatures: string[];
  slot: number | null;
  before: T;
  /** The account re-read after confirmation; null when it was closed. */
  after: T | null;
  instructions: TransactionInstruction[];
}

export interface DeviceEvent {
  pubkey: PublicKey;
  account: Device;
  slot: number;
}
export interface LinkEvent {
  pubkey: PublicKey;
  account: Link;
  slot: number;
}

export interface SubscribeOptions {
  /**
   * Receives accounts that fail to decode and exceptions thrown by the callback (never thrown
   * into web3.js). Default: console.error.
   */
  onError?: (error: unknown, context: { pubkey: PublicKey; slot: number }) => void;
  commitment?: Commitment;
  /**
   * Told when the subscription is live on the node ("subscribed": the first time and after
   * every reconnect) and when its WebSocket dropped ("interrupted"). web3.js reconnects and
   * resubscribes by itself; updates made between "interrupted" and the next "subscribed" are
   * not delivered, so re-read then. (Uses web3.js v1's subscription state; never called when
   * the Connection lacks it.)
   */
  onStateChange?: (state: 'subscribed' | 'interrupted') => void;
}

export type Unsubscribe = () => Promise<void>;

type Decoder<T> = (input: Uint8Array, opts?: DecodeOptions) => T;

function byteFilter(offset: number, bytes: Uint8Array): GetProgramAccountsFilter {
  return { memcmp: { offset, bytes: encodeBase64(bytes), encoding: 'base64' } };
}

function stringFilter(offset: number, s: string): GetProgramAccountsFilter {
  const body = new TextEncoder().encode(s);
  const bytes = new Uint8Array(4 + body.length);
  new DataView(bytes.buffer).setUint32(0, body.length, true);
  bytes.set(body, 4);
  return byteFilter(offset, bytes);
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** The pubkey `s` denotes, or null when it is not base58 of 32 bytes. */
function parsePubkey(s: string): PublicKey | null {
  if (!/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(s)) return null;
  try {
    return new PublicKey(s);
  } catch {
    return null;
  }
}

function checkPubkey(v: unknown, field: string): asserts v is PublicKey {
  expectPubkey(v, field);
}

/** A device or link named by its code (a non-empty string) or its address (a PublicKey). */
function checkTarget(v: unknown, field: string): void {
  if (v instanceof PublicKey || (typeof v === 'string' && v.trim() !== '')) return;
  throw new ValidationError(field, 'must be a code or a PublicKey', `invalid ${field}: must be a code or a PublicKey, got ${describeValue(v)}`);
}

/** A signer: a Keypair / Signer or a wallet, with a PublicKey `publicKey`. */
function checkSigner(v: unknown): void {
  expectObject(v, 'signer');
  expectPubkey(v.publicKey, 'signer.publicKey');
}

/** A PreparedIntent (as the prepare* methods return): the fields simulate and send read. */
function checkPrepared(v: unknown): void {
  expectObject(v, 'prepared');
  if (v.kind !== 'device' && v.kind !== 'link') {
    throw new ValidationError('prepared.kind', 'must be "device" or "link"', `invalid prepared.kind: must be "device" or "link", got ${describeValue(v.kind)}`);
  }
  expectPubkey(v.target, 'prepared.target');
  expectPubkey(v.payer, 'prepared.payer');
  expectArray(v.instructions, 'prepared.instructions');
  if (v.alreadyDone !== undefined) expectString(v.alreadyDone, 'prepared.alreadyDone');
}

/** A HealthPlan (as prepareHealthMany returns): the fields sendHealthMany reads. */
function checkHealthPlan(v: unknown): void {
  expectObject(v, 'plan');
  expectPubkey(v.payer, 'plan.payer');
  const outcomes = v.outcomes;
  expectArray(outcomes, 'plan.outcomes');
  outcomes.forEach((o, i) => expectObject(o, `plan.outcomes[${i}]`));
  expectArray(v.batches, 'plan.batches');
  v.batches.forEach((b, i) => {
    expectObject(b, `plan.batches[${i}]`);
    expectArray(b.instructions, `plan.batches[${i}].instructions`);
    expectArray(b.entries, `plan.batches[${i}].entries`);
    // Each entry is the index of its outcome.
    b.entries.forEach((e, j) => expectInteger(e, `plan.batches[${i}].entries[${j}]`, 0, outcomes.length - 1));
  });
  expectArray(v.prelude, 'plan.prelude');
  if (!(v.instructionOf instanceof Map)) {
    throw new ValidationError('plan.instructionOf', 'must be a Map', `invalid plan.instructionOf: must be a Map, got ${describeValue(v.instructionOf)}`);
  }
}

/**
 * What the node filters (memcmp, after the account-type byte) and what is kept here
 * (contributor_pk follows variable-length fields) for one listing or subscription.
 */
interface Query<T> {
  filters: GetProgramAccountsFilter[];
  keep: (v: T) => boolean;
}

function statusFilter(offset: number, status: number | undefined, field: string): GetProgramAccountsFilter[] {
  if (status === undefined) return [];
  if (!Number.isInteger(status) || status < 0 || status > 255) throw new ValidationError(field, `${String(status)} is not a status byte`);
  return [byteFilter(offset, Uint8Array.of(status))];
}

function keyFilters(keys: [offset: number, key: PublicKey | undefined, field: string][]): GetProgramAccountsFilter[] {
  const out: GetProgramAccountsFilter[] = [];
  for (const [offset, key, field] of keys) {
    if (key === undefined) continue;
    checkPubkey(key, field);
    out.push(pubkeyFilter(offset, key));
  }
  return out;
}

/** Keeps the accounts of Contributor `c` (every account when `c` is undefined). */
function ofContributor(c: PublicKey | undefined): (v: { contributorPk: PublicKey }) => boolean {
  if (c !== undefined) checkPubkey(c, 'contributor');
  return (v) => !c || v.contributorPk.equals(c);
}

/** The one filter builder of listDevices and subscribeDevices. */
function deviceQuery(o: DeviceFilters): Query<Device> {
  const extra = deviceExtraQuery(o);
  return {
    filters: besideTypeFilter([
      ...keyFilters([
        [DEVICE_OFFSETS.locationPk, o.location, 'location'],
        [DEVICE_OFFSETS.exchangePk, o.exchange, 'exchange'],
      ]),
      ...statusFilter(DEVICE_OFFSETS.status, o.status, 'status'),
      ...extra.filters,
    ]),
    keep: both(ofContributor(o.contributor), extra.keep),
  };
}

/** The one filter builder of listLinks and subscribeLinks. */
function linkQuery(o: LinkFilters): Query<Link> {
  const extra = linkExtraQuery(o);
  return {
    filters: besideTypeFilter([
      ...keyFilters([
        [LINK_OFFSETS.sideAPk, o.sideA, 'sideA'],
        [LINK_OFFSETS.sideZPk, o.sideZ, 'sideZ'],
      ]),
      ...statusFilter(LINK_OFFSETS.status, o.status, 'status'),
      ...extra.filters,
    ]),
    keep: both(ofContributor(o.contributor), extra.keep),
  };
}

/**
 * The dzprov client: typed reads of the serviceability program's accounts, filtered listings,
 * role resolution, live updates, and one call per lifecycle intent (fetch fresh state → resolve
 * roles → lifecycle-checked builder → simulate → send → confirm → re-read).
 */
export class DzClient {
  readonly programId: PublicKey;
  readonly network: Network | undefined;
  readonly commitment: Commitment;
  readonly source: AccountSource;
  readonly retry: ResolvedRetry;
  private readonly conn: Connection | undefined;
  private readonly confirmOptions: ConfirmOptions;
  private readonly computeUnitPrice: bigint;
  private runnerCache: TransactionRunner | undefined;

  constructor(opts: DzClientOptions = {}) {
    expectObject(opts, 'opts');
    for (const k of ['connection', 'source', 'retry', 'confirm', 'env'] as const) {
      if (opts[k] !== undefined) expectObject(opts[k], `opts.${k}`);
    }
    if (opts.commitment !== undefined) expectString(opts.commitment, 'opts.commitment');
    if (opts.network !== undefined && !isNetwork(opts.network)) {
      throw new ValidationError('network', `"${String(opts.network)}" is not one of ${Object.keys(PROGRAM_IDS).join(', ')}`);
    }
    if (opts.programId !== undefined) checkPubkey(opts.programId, 'programId');
    this.network = opts.network ?? (opts.programId ? undefined : 'mainnet-beta');
    this.programId = opts.programId ?? PROGRAM_IDS[this.network ?? 'mainnet-beta'];
    this.commitment = opts.commitment ?? 'confirmed';
    this.retry = resolveRetry(opts.retry);
    this.confirmOptions = opts.confirm ?? {};
    const price = opts.computeUnitPrice ?? 0;
    if (
      (typeof price !== 'number' && typeof price !== 'bigint') ||
      (typeof price === 'number' && !Number.isSafeInteger(price)) ||
      BigInt(price) < 0n ||
      BigInt(price) >= 1n << 64n
    ) {
      throw new ValidationError('computeUnitPrice', `must be a whole number of micro-lamports in 0..2^64-1, got ${String(price)}`);
    }
    this.computeUnitPrice = BigInt(price);
    const env = opts.env ?? {};

    if (opts.connection) {
      this.conn = opts.connection;
    } else if (!opts.source || opts.rpcUrl || env.DZPROV_RPC_URL) {
      const url = opts.rpcUrl ?? env.DZPROV_RPC_URL ?? (this.network === 'localnet' ? LOCALNET_RPC_URL : undefined);
      if (!url) {
        throw new ValidationError(
          'rpcUrl',
          'required',
          `no RPC URL for ${this.network ?? 'this program'}: pass rpcUrl (or set DZPROV_RPC_URL) — dzprov does not pick an RPC provider for you`,
        );
      }
      if (typeof url !== 'string') throw new ValidationError('rpcUrl', `must be a string, got ${describeValue(url)}`);
      if (!/^https?:\/\//.test(url)) throw new ValidationError('rpcUrl', `"${redactUrl(url)}" is not an http(s) URL`);
      const wsGiven = opts.wsUrl ?? env.DZPROV_WS_URL;
      if (wsGiven !== undefined && typeof wsGiven !== 'string') throw new ValidationError('wsUrl', `must be a string, got ${describeValue(wsGiven)}`);
      // Credentials in the URL (user:password@) go in an Authorization header: fetch refuses
      // URLs that carry them. The query string (API keys) stays in the request URL.
      const endpoint = splitCredentials(url);
      // The derived WebSocket URL keeps them (on Node the ws package sends them as Basic auth).
      const wsUrl = wsGiven || (endpoint.hasCredentials ? derivedWsUrl(url) : undefined);
      const timeoutMs = this.retry.timeoutMs;
      this.conn = new Connection(endpoint.url, {
        commitment: this.commitment,
        ...(endpoint.hasCredentials ? { httpHeaders: endpoint.headers } : {}),
        ...(wsUrl ? { wsEndpoint: wsUrl } : {}),
        // Our own retry policy handles 429 (with jitter and a bound); web3.js's would stack on top.
        disableRetryOnRateLimit: true,
        // Abort requests that hang or outlive the deadline, and keep the node's Retry-After.
        fetch: rpcFetch(timeoutMs, this.retry.signal) as never,
      });
    }
    // The client's own source checks, before it answers "nothing", that the program is on the node.
    this.source =
      opts.source ??
      new ProgramCheckedSource(this.requireConnection('reading accounts'), { commitment: this.commitment, retry: opts.retry, programId: this.programId });
  }

  /**
   * A client for DoubleZero environment `name` ("mainnet-beta", "testnet", "devnet", "local" or
   * m, t, d, l; see ENVIRONMENTS): its ledger RPC and WebSocket URLs and program id. With
   * `opts.env` (e.g. `process.env`), DZ_LEDGER_RPC_URL / DZ_LEDGER_WS_RPC_URL override the URLs.
   */
  static forEnv(name: string, opts: ForEnvOptions = {}): DzClient {
    return new DzClient(clientOptionsForEnv(name, opts));
  }

  /** The underlying web3.js Connection (throws when the client only has an in-memory source). */
  get connection(): Connection {
    return this.requireConnection('this operation');
  }

  private requireConnection(what: string): Connection {
    if (!this.conn) {
      throw new ValidationError('connection', 'required', `${what} needs an RPC connection: pass rpcUrl or connection`);
    }
    return this.conn;
  }

  private get runner(): TransactionRunner {
    this.runnerCache ??= new TransactionRunner(
      this.requireConnection('sending transactions'),
      this.programId,
      this.commitment,
      this.retry,
      this.confirmOptions,
    );
    return this.runnerCache;
  }

  // ------------------------------------------------------------------------------ decoding

  private decode<T>(decoder: Decoder<T>, rec: AccountRecord): T {
    return decoder(rec.data, { owner: rec.owner, programId: this.programId, address: rec.pubkey });
  }

  private async fetchMaybe<T>(decoder: Decoder<T>, pk: PublicKey, field: string): Promise<T | null> {
    checkPubkey(pk, field);
    const rec = await this.source.getAccount(pk);
    return rec ? this.decode(decoder, rec) : null;
  }

  private async fetchOne<T>(decoder: Decoder<T>, pk: PublicKey, typeName: string): Promise<T> {
    const v = await this.fetchMaybe(decoder, pk, typeName.toLowerCase());
    if (v === null) throw new AccountNotFoundError(pk.toBase58(), typeName);
    return v;
  }

  // ------------------------------------------------------------------------------ reads

  fetchDevice(pk: PublicKey): Promise<Device> {
    checkPubkey(pk, 'pk');
    return this.fetchOne(decodeDevice, pk, 'Device');
  }
  fetchMaybeDevice(pk: PublicKey): Promise<Device | null> {
    checkPubkey(pk, 'pk');
    return this.fetchMaybe(decodeDevice, pk, 'device');
  }
  fetchLink(pk: PublicKey): Promise<Link> {
    checkPubkey(pk, 'pk');
    return this.fetchOne(decodeLink, pk, 'Link');
  }
  fetchMaybeLink(pk: PublicKey): Promise<Link | null> {
    checkPubkey(pk, 'pk');
    return this.fetchMaybe(decodeLink, pk, 'link');
  }
  fetchContributor(pk: PublicKey): Promise<Contributor> {
    checkPubkey(pk, 'pk');
    return this.fetchOne(decodeContributor, pk, 'Contributor');
  }
  fetchMaybeContributor(pk: PublicKey): Promise<Contributor | null> {
    checkPubkey(pk, 'pk');
    return this.fetchMaybe(decodeContributor, pk, 'contributor');
  }
  fetchLocation(pk: PublicKey): Promise<Location> {
    checkPubkey(pk, 'pk');
    return this.fetchOne(decodeLocation, pk, 'Location');
  }
  fetchMaybeLocation(pk: PublicKey): Promise<Location | null> {
    checkPubkey(pk, 'pk');
    return this.fetchMaybe(decodeLocation, pk, 'location');
  }
  fetchExchange(pk: PublicKey): Promise<Exchange> {
    checkPubkey(pk, 'pk');
    return this.fetchOne(decodeExchange, pk, 'Exchange');
  }
  fetchMaybeExchange(pk: PublicKey): Promise<Exchange | null> {
    checkPubkey(pk, 'pk');
    return this.fetchMaybe(decodeExchange, pk, 'exchange');
  }
  /** The Permission account at address `pk`. */
  fetchPermission(pk: PublicKey): Promise<Permission> {
    checkPubkey(pk, 'pk');
    return this.fetchOne(decodePermission, pk, 'Permission');
  }
  fetchMaybePermission(pk: PublicKey): Promise<Permission | null> {
    checkPubkey(pk, 'pk');
    return this.fetchMaybe(decodePermission, pk, 'permission');
  }
  /** The Permission account granted to `user` (its PDA), or null when it has none. */
  fetchPermissionOf(user: PublicKey): Promise<Permission | null> {
    checkPubkey(user, 'user');
    return this.fetchMaybePermission(getPermissionPda(this.programId, user)[0]);
  }
  fetchGlobalState(): Promise<GlobalState> {
    return this.fetchOne(decodeGlobalState, getGlobalStatePda(this.programId)[0], 'GlobalState');
  }
  fetchGlobalConfig(): Promise<GlobalConfig> {
    return this.fetchOne(decodeGlobalConfig, getGlobalConfigPda(this.programId)[0], 'GlobalConfig');
  }

  /** Devices at `pks`, in order; null for a missing account (batched 100 keys per call). */
  fetchMultipleDevices(pks: readonly PublicKey[]): Promise<(Device | null)[]> {
    expectArray(pks, 'pks');
    return this.fetchMultiple(decodeDevice, pks);
  }

  /** Links at `pks`, in order; null for a missing account. */
  fetchMultipleLinks(pks: readonly PublicKey[]): Promise<(Link | null)[]> {
    expectArray(pks, 'pks');
    return this.fetchMultiple(decodeLink, pks);
  }

  private async fetchMultiple<T>(decoder: Decoder<T>, pks: readonly PublicKey[]): Promise<(T | null)[]> {
    pks.forEach((pk, i) => checkPubkey(pk, `pks[${i}]`));
    const recs = await this.source.getAccounts(pks);
    return recs.map((r) => (r ? this.decode(decoder, r) : null));
  }

  // ------------------------------------------------------------------------------ listings

  private async list<T>(
    type: AccountType,
    decoder: Decoder<T>,
    extra: GetProgramAccountsFilter[],
    keep: (v: T) => boolean,
    handling: DecodeErrorHandling,
  ): Promise<EntryList<T>> {
    const recs: AccountList = await this.source.getProgramAccounts(this.programId, [accountTypeFilter(type), ...extra]);
    const out: EntryList<T> = withSlot([], recs.slot);
    for (const r of recs) {
      let account: T;
      try {
        account = this.decode(decoder, r);
      } catch (e) {
        if (handling.onDecodeError && e instanceof DzprovError) {
          handling.onDecodeError(r.pubkey, e);
          continue;
        }
        throw e;
      }
      if (keep(account)) out.push({ pubkey: r.pubkey, account });
    }
    return out;
  }

  /**
   * Every Device, via getProgramAccounts filtered on the account-type byte (so no other account
   * kind is downloaded), plus location/exchange/status memcmp filters; `contributor` is applied
   * here because contributor_pk follows variable-length fields.
   */
  async listDevices(opts: ListDevicesOptions = {}): Promise<EntryList<Device>> {
    expectObject(opts, 'opts');
    const q = deviceQuery(opts);
    return this.list(AccountType.Device, decodeDevice, q.filters, q.keep, opts);
  }

  /** Every Link (type-byte filter), plus side A / side Z / status memcmp filters; `contributor` applied here. */
  async listLinks(opts: ListLinksOptions = {}): Promise<EntryList<Link>> {
    expectObject(opts, 'opts');
    const q = linkQuery(opts);
    return this.list(AccountType.Link, decodeLink, q.filters, q.keep, opts);
  }

  listContributors(opts: DecodeErrorHandling = {}): Promise<Entry<Contributor>[]> {
    expectObject(opts, 'opts');
    return this.list(AccountType.Contributor, decodeContributor, [], () => true, opts);
  }
  listLocations(opts: DecodeErrorHandling = {}): Promise<Entry<Location>[]> {
    expectObject(opts, 'opts');
    return this.list(AccountType.Location, decodeLocation, [], () => true, opts);
  }
  listExchanges(opts: DecodeErrorHandling = {}): Promise<Entry<Exchange>[]> {
    expectObject(opts, 'opts');
    return this.list(AccountType.Exchange, decodeExchange, [], () => true, opts);
  }
  listPermissions(opts: DecodeErrorHandling = {}): Promise<Entry<Permission>[]> {
    expectObject(opts, 'opts');
    return this.list(AccountType.Permission, decodePermission, [], () => true, opts);
  }

  // ------------------------------------------------------------------------------ by code

  private async findByCode<T extends { code: string }>(
    type: AccountType,
    decoder: Decoder<T>,
    offset: number,
    typeName: string,
    code: string,
  ): Promise<Entry<T>> {
    if (typeof code !== 'string' || code.length === 0) throw new ValidationError('code', 'must be a non-empty string');
    if (new TextEncoder().encode(code).length > 124) throw new ValidationError('code', 'longer than any stored code');
    // The program stores codes ASCII-lowercased; try the exact spelling too for older accounts.
    const spellings = [...new Set([asciiLower(code), code])];
    for (const s of spellings) {
      const found = await this.list(type, decoder, [stringFilter(offset, s)], () => true, {});
      if (found.length === 1) return found[0]!;
      if (found.length > 1) throw new AmbiguousCodeError(typeName, code, found.map((f) => f.pubkey.toBase58()));
    }
    throw new AccountNotFoundError(code, `${typeName} with code`);
  }

  /** The device whose code is `code` (server-side memcmp on the code; case-insensitive for ASCII). */
  findDeviceByCode(code: string): Promise<Entry<Device>> {
    return this.findByCode(AccountType.Device, decodeDevice, DEVICE_OFFSETS.code, 'Device', code);
  }

  /** The link whose code is `code`. */
  findLinkByCode(code: string): Promise<Entry<Link>> {
    return this.findByCode(AccountType.Link, decodeLink, LINK_OFFSETS.code, 'Link', code);
  }

  /** A device named by its code or its base58 address. */
  async resolveDevice(codeOrPubkey: string | PublicKey): Promise<Entry<Device>> {
    checkTarget(codeOrPubkey, 'codeOrPubkey');
    return this.resolve(codeOrPubkey, decodeDevice, 'Device', (c) => this.findDeviceByCode(c));
  }

  /** A link named by its code or its base58 address. */
  async resolveLink(codeOrPubkey: string | PublicKey): Promise<Entry<Link>> {
    checkTarget(codeOrPubkey, 'codeOrPubkey');
    return this.resolve(codeOrPubkey, decodeLink, 'Link', (c) => this.findLinkByCode(c));
  }

  private async resolve<T>(
    target: string | PublicKey,
    decoder: Decoder<T>,
    typeName: string,
    byCode: (code: string) => Promise<Entry<T>>,
  ): Promise<Entry<T>> {
    if (target instanceof PublicKey) return { pubkey: target, account: await this.fetchOne(decoder, target, typeName) };
    if (typeof target !== 'string' || target.trim() === '') {
      throw new ValidationError('target', `must be a ${typeName.toLowerCase()} code or a base58 address`);
    }
    const s = target.trim();
    const pk = parsePubkey(s);
    if (pk) {
      const rec = await this.source.getAccount(pk);
      if (rec) return { pubkey: pk, account: this.decode(decoder, rec) };
      // A 32..44-character base58 string could still be a code: look it up as one.
      try {
        return await byCode(s);
      } catch (e) {
        if (e instanceof AccountNotFoundError) throw new AccountNotFoundError(s, typeName);
        throw e;
      }
    }
    return byCode(s);
  }

  // ------------------------------------------------------------------------------ roles

  /**
   * Reads GlobalState, the Contributor(s) and the payer's Permission PDA together (one
   * getMultipleAccounts call, plus `extra` keys in the same call) and derives the roles.
   */
  private async resolveWith(
    payer: PublicKey,
    contributorPk: PublicKey,
    sideZ: { devicePk: PublicKey } | undefined,
    extra: readonly PublicKey[] = [],
  ): Promise<{ resolution: RoleResolution; extra: (AccountRecord | null)[] }> {
    checkPubkey(payer, 'payer');
    const gsPk = getGlobalStatePda(this.programId)[0];
    const permissionPda = getPermissionPda(this.programId, payer)[0];
    const keys = [gsPk, contributorPk, permissionPda, ...(sideZ ? [sideZ.devicePk] : []), ...extra];
    const recs = await this.source.getAccounts(keys);
    const [gsRec, contribRec, permRec] = recs;
    if (!gsRec) throw new AccountNotFoundError(gsPk.toBase58(), 'GlobalState');
    const globalState = this.decode(decodeGlobalState, gsRec);
    const contributor = contribRec ? this.decode(decodeContributor, contribRec) : null;
    // A Permission PDA that is not program-owned (e.g. someone sent lamports to it) is not a
    // Permission account: appending it would make authorization fail hard.
    const hasPermissionAccount = !!permRec && permRec.owner.equals(this.programId) && permRec.data.length > 0;
    const permission = hasPermissionAccount ? this.decode(decodePermission, permRec!) : null;

    let sideZDevice: Device | null | undefined;
    let sideZContributor: Contributor | null | undefined;
    let rest = recs.slice(3);
    if (sideZ) {
      const zRec = rest[0] ?? null;
      rest = rest.slice(1);
      sideZDevice = zRec ? this.decode(decodeDevice, zRec) : null;
      if (sideZDevice) {
        sideZContributor = sideZDevice.contributorPk.equals(contributorPk)
          ? contributor
          : await this.fetchMaybeContributor(sideZDevice.contributorPk);
      } else {
        sideZContributor = null;
      }
    }
    const roles = resolveRoles({
      payer,
      globalState,
      permission,
      contributorOwner: contributor?.owner,
      sideZContributorOwner: sideZContributor?.owner,
    });
    const resolution: RoleResolution = {
      payer,
      roles,
      globalState,
      strictPermissions: requiresPermissionAccounts(globalState),
      permissionPda,
      permission,
      hasPermissionAccount,
      contributor,
      ...(sideZ ? { sideZDevice, sideZContributor } : {}),
    };
    return { resolution, extra: rest };
  }

  /** The payer's roles towards `device` (one getMultipleAccounts call). */
  async resolveDeviceRoles(payer: PublicKey, device: Device): Promise<RoleResolution> {
    checkPubkey(payer, 'payer');
    expectDevice(device, 'device');
    return (await this.resolveWith(payer, device.contributorPk, undefined)).resolution;
  }

  /** The payer's roles towards `link` (one call; a second only when side Z has another contributor). */
  async resolveLinkRoles(payer: PublicKey, link: Link): Promise<RoleResolution> {
    checkPubkey(payer, 'payer');
    expectLink(link, 'link');
    return (await this.resolveWith(payer, link.contributorPk, { devicePk: link.sideZPk })).resolution;
  }

  // ------------------------------------------------------------------------------ subscriptions

  /**
   * Live Device updates: onProgramAccountChange with the same filters as listDevices (type byte,
   * location / exchange / status memcmp on the node, contributor here), decoded. Returns an
   * unsubscribe function.
   */
  subscribeDevices(cb: (event: DeviceEvent) => void, opts: SubscribeOptions & DeviceFilters = {}): Unsubscribe {
    expectFunction(cb, 'cb');
    expectObject(opts, 'opts');
    return this.subscribe(AccountType.Device, decodeDevice, deviceQuery(opts), cb, opts);
  }

  /** Live Link updates with the same filters as listLinks (side A / side Z / status on the node, contributor here). */
  subscribeLinks(cb: (event: LinkEvent) => void, opts: SubscribeOptions & LinkFilters = {}): Unsubscribe {
    expectFunction(cb, 'cb');
    expectObject(opts, 'opts');
    return this.subscribe(AccountType.Link, decodeLink, linkQuery(opts), cb, opts);
  }

  private subscribe<T>(
    type: AccountType,
    decoder: Decoder<T>,
    { filters: extra, keep }: Query<T>,
    cb: (event: { pubkey: PublicKey; account: T; slot: number }) => void,
    opts: SubscribeOptions,
  ): Unsubscribe {
    if (typeof cb !== 'function') throw new ValidationError('callback', 'must be a function');
    const conn = this.requireConnection('subscriptions');
    const onError =
      opts.onError ??
      ((error: unknown, ctx: { pubkey: PublicKey; slot: number }) =>
        console.error(`dzprov: update of ${ctx.pubkey.toBase58()} at slot ${ctx.slot} not delivered:`, error));
    const id = conn.onProgramAccountChange(
      this.programId,
      (info: KeyedAccountInfo, ctx: { slot: number }) => {
        const pubkey = info.accountId;
        try {
          const account = decoder(info.accountInfo.data, {
            owner: info.accountInfo.owner,
            programId: this.programId,
            address: pubkey,
          });
          if (keep(account)) cb({ pubkey, account, slot: ctx.slot });
        } catch (e) {
          try {
            onError(e, { pubkey, slot: ctx.slot });
          } catch (inner) {
            console.error('dzprov: subscription error handler threw:', inner);
          }
        }
      },
      { commitment: opts.commitment ?? this.commitment, filters: [accountTypeFilter(type), ...extra], encoding: 'base64' },
    );
    let stopState = (): void => {};
    const onState = opts.onStateChange;
    const watchState = (conn as unknown as { _onSubscriptionStateChange?: (id: number, cb: (s: string) => void) => () => void })
      ._onSubscriptionStateChange;
    if (onState && typeof watchState === 'function') {
      let live = false;
      stopState = watchState.call(conn, id, (state: string) => {
        if (state === 'subscribed' && !live) {
          live = true;
          onState('subscribed');
        } else if (state === 'pending' && live) {
          live = false;
          onState('interrupted');
        }
      });
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      stopState();
      await conn.removeProgramAccountChangeListener(id);
    };
  }

  // ------------------------------------------------------------------------------ intents: prepare

  private device(target: string | PublicKey): Promise<Entry<Device>> {
    return this.resolveDevice(target);
  }

  private prepared<T>(
    intent: DeviceIntent | LinkIntent,
    kind: 'device' | 'link',
    target: PublicKey,
    payer: PublicKey,
    ix: TransactionInstruction | null,
    resolution: RoleResolution,
    before: T,
    description: string,
    alreadyDone?: string,
  ): PreparedIntent<T> {
    if (alreadyDone !== undefined || ix === null) {
      return { intent, kind, target, payer, instructions: [], roles: resolution.roles, resolution, before, description, alreadyDone: alreadyDone ?? description };
    }
    return {
      intent,
      kind,
      target,
      payer,
      instructions: [
        ...computeBudgetPrelude(),
        ...(this.computeUnitPrice > 0n ? [ComputeBudgetProgram.setComputeUnitPrice({ microLamports: this.computeUnitPrice })] : []),
        ix,
      ],
      roles: resolution.roles,
      resolution,
      before,
      description,
    };
  }

  private async prepareDevice(
    intent: DeviceIntent,
    target: string | PublicKey,
    payer: PublicKey,
    what: (d: Device) => string,
    build: (input: checked.CheckedDeviceInput, extra: (AccountRecord | null)[]) => TransactionInstruction,
    extraKeys: (pk: PublicKey, d: Device) => PublicKey[] = () => [],
    done: (d: Device) => string | undefined = () => undefined,
  ): Promise<PreparedDeviceIntent> {
    checkPubkey(payer, 'payer');
    const { pubkey, account } = await this.device(target);
    const { resolution, extra } = await this.resolveWith(payer, account.contributorPk, undefined, extraKeys(pubkey, account));
    const desc = `${intentLabel(intent)} device ${account.code || '(no code)'} (${pubkey.toBase58()}): ${what(account)}`;
    const already = done(account);
    if (already !== undefined) {
      return this.prepared(intent, 'device', pubkey, payer, null, resolution, account, desc, `device ${account.code || pubkey.toBase58()} ${already}`);
    }
    const ix = build(
      {
        programId: this.programId,
        payer,
        devicePk: pubkey,
        device: account,
        roles: resolution.roles,
        appendPermission: resolution.hasPermissionAccount,
      },
      extra,
    );
    return this.prepared(intent, 'device', pubkey, payer, ix, resolution, account, desc);
  }

  private async prepareLink(
    intent: LinkIntent,
    target: string | PublicKey,
    payer: PublicKey,
    what: (l: Link) => string,
    build: (input: checked.CheckedLinkInput) => TransactionInstruction,
    done: (l: Link) => string | undefined = () => undefined,
  ): Promise<PreparedLinkIntent> {
    checkPubkey(payer, 'payer');
    const { pubkey, account } = await this.resolveLink(target);
    // Side A comes in the same read: AcceptLink and DeleteLink rewrite both side devices.
    const { resolution, extra } = await this.resolveWith(payer, account.contributorPk, { devicePk: account.sideZPk }, [account.sideAPk]);
    const desc = `${intentLabel(intent)} link ${account.code || '(no code)'} (${pubkey.toBase58()}): ${what(account)}`;
    const already = done(account);
    if (already !== undefined) {
      return this.prepared(intent, 'link', pubkey, payer, null, resolution, account, desc, `link ${account.code || pubkey.toBase58()} ${already}`);
    }
    const sideARec = extra[0] ?? null;
    const ix = build({
      programId: this.programId,
      payer,
      linkPk: pubkey,
      link: account,
      roles: resolution.roles,
      appendPermission: resolution.hasPermissionAccount,
      // The side devices as read now: the checked builders check offline what the program
      // checks on them and that it can write them back.
      ...(resolution.sideZDevice
        ? { sideZContributorPk: resolution.sideZDevice.contributorPk, sideZDevice: resolution.sideZDevice }
        : {}),
      ...(sideARec ? { sideADevice: this.decode(decodeDevice, sideARec) } : {}),
    });
    return this.prepared(intent, 'link', pubkey, payer, ix, resolution, account, desc);
  }

  prepareDrainDevice(target: string | PublicKey, payer: PublicKey): Promise<PreparedDeviceIntent> {
    checkTarget(target, 'target');
    checkPubkey(payer, 'payer');
    return this.prepareDevice('drainDevice', target, payer, (d) => `${deviceStatusLabel(d.status)} → drained`, (i) => checked.drainDevice(i), undefined, (d) =>
      deviceAt(d, DeviceStatus.Drained),
    );
  }
  prepareUndrainDevice(target: string | PublicKey, payer: PublicKey): Promise<PreparedDeviceIntent> {
    checkTarget(target, 'target');
    checkPubkey(payer, 'payer');
    return this.prepareDevice('undrainDevice', target, payer, (d) => `${deviceStatusLabel(d.status)} → activated`, (i) => checked.undrainDevice(i), undefined, (d) =>
      deviceAt(d, DeviceStatus.Activated),
    );
  }
  preparePromoteDevice(target: string | PublicKey, payer: PublicKey): Promise<PreparedDeviceIntent> {
    checkTarget(target, 'target');
    checkPubkey(payer, 'payer');
    return this.prepareDevice('promoteDevice', target, payer, (d) => {
      const next = nextDeviceStatus(d);
      return `${deviceStatusLabel(d.status)} → ${next === undefined ? '(nothing due)' : deviceStatusLabel(next)}`;
    }, (i) =>
      checked.promoteDevice(i),
    );
  }
  /**
   * Any status write the lifecycle allows the payer (e.g. pending → device-provisioning by a
   * network admin); a write into activated or drained carries the matching desired status.
   */
  prepareChangeDeviceStatus(target: string | PublicKey, to: DeviceStatus, payer: PublicKey): Promise<PreparedDeviceIntent> {
    checkTarget(target, 'target');
    expectNumber(to, 'to');
    checkPubkey(payer, 'payer');
    return this.prepareDevice('changeDeviceStatus', target, payer, (d) => `${deviceStatusLabel(d.status)} → ${deviceStatusLabel(to)}`, (i) =>
      checked.changeDeviceStatus({ ...i, to }),
      undefined,
      (d) => deviceAt(d, to),
    );
  }
  prepareSetDeviceDesiredStatus(target: string | PublicKey, to: DeviceDesiredStatus, payer: PublicKey): Promise<PreparedDeviceIntent> {
    checkTarget(target, 'target');
    expectNumber(to, 'to');
    checkPubkey(payer, 'payer');
    return this.prepareDevice('setDeviceDesiredStatus', target, payer, (d) => `desired status ${deviceDesiredStatusLabel(d.desiredStatus)} → ${deviceDesiredStatusLabel(to)}`, (i) =>
      checked.setDeviceDesiredStatus({ ...i, to }),
      undefined,
      (d) => (d.desiredStatus === to ? `already has desired status ${deviceDesiredStatusLabel(to)}` : undefined),
    );
  }
  prepareSetDeviceHealth(target: string | PublicKey, health: DeviceHealth, payer: PublicKey): Promise<PreparedDeviceIntent> {
    checkTarget(target, 'target');
    expectNumber(health, 'health');
    checkPubkey(payer, 'payer');
    return this.prepareDevice('setDeviceHealth', target, payer, (d) => `health ${deviceHealthLabel(d.deviceHealth)} → ${deviceHealthLabel(health)}`, (i) =>
      checked.setDeviceHealth({ ...i, to: health }),
      undefined,
      (d) => (d.deviceHealth === health ? `already has health ${deviceHealthLabel(health)}` : undefined),
    );
  }

  /**
   * DeleteDevice. Reads the device's resource accounts (TunnelIds(device, 0), DzPrefixBlock(device,
   * i)) in the same call as the roles: when all exist, the atomic path closes them to their
   * recorded owners; when any is missing (a device never activated), the legacy path marks the
   * device Deleting — as the program's Rust client does.
   */
  prepareDeleteDevice(target: string | PublicKey, payer: PublicKey): Promise<PreparedDeviceIntent> {
    checkTarget(target, 'target');
    checkPubkey(payer, 'payer');
    return this.prepareDevice(
      'deleteDevice',
      target,
      payer,
      (d) => `${deviceStatusLabel(d.status)} → deleted`,
      (i, extra) => checked.deleteDevice({ ...i, resources: this.deleteResources(i.device, extra) }),
      (pk, d) => [
        getTunnelIdsPda(this.programId, pk, 0)[0],
        ...d.dzPrefixes.map((_, i) => getDzPrefixBlockPda(this.programId, pk, i)[0]),
      ],
      (d) => (d.status === DeviceStatus.Deleting ? 'is already being deleted (status deleting)' : undefined),
    );
  }

  private deleteResources(device: Device, recs: (AccountRecord | null)[]): DeviceDeleteResources {
    const owners: PublicKey[] = [];
    for (const r of recs) {
      if (!r || !r.owner.equals(this.programId) || r.data.length < 33 || r.data[0] !== AccountType.ResourceExtension) {
        return { kind: 'legacy' };
      }
      owners.push(new PublicKey(r.data.subarray(1, 33)));
    }
    if (owners.length === 0) return { kind: 'legacy' };
    return { kind: 'atomic', location: device.locationPk, exchange: device.exchangePk, owners, deviceOwner: device.owner };
  }

  prepareSoftDrainLink(target: string | PublicKey, payer: PublicKey): Promise<PreparedLinkIntent> {
    checkTarget(target, 'target');
    checkPubkey(payer, 'payer');
    return this.prepareLink('softDrainLink', target, payer, (l) => `${linkStatusLabel(l.status)} → soft-drained`, (i) => checked.softDrainLink(i), (l) =>
      linkAt(l, LinkStatus.SoftDrained),
    );
  }
  prepareHardDrainLink(target: string | PublicKey, payer: PublicKey): Promise<PreparedLinkIntent> {
    checkTarget(target, 'target');
    checkPubkey(payer, 'payer');
    return this.prepareLink('hardDrainLink', target, payer, (l) => `${linkStatusLabel(l.status)} → hard-drained`, (i) => checked.hardDrainLink(i), (l) =>
      linkAt(l, LinkStatus.HardDrained),
    );
  }
  prepareActivateLink(target: string | PublicKey, payer: PublicKey): Promise<PreparedLinkIntent> {
    checkTarget(target, 'target');
    checkPubkey(payer, 'payer');
    return this.prepareLink('activateLink', target, payer, (l) => `${linkStatusLabel(l.status)} → activated`, (i) => checked.activateLink(i), (l) =>
      linkAt(l, LinkStatus.Activated),
    );
  }
  /**
   * AcceptLink on side Z's interface `sideZIfaceName`. The side-Z device is read with the roles,
   * and the interface is checked offline (exists under exactly that name, Unlinked, no CYOA/DIA,
   * bandwidth covers the link's): InstructionArgumentError before anything is simulated.
   */
  /**
   * Any status write the lifecycle allows the payer (e.g. pending → provisioning by a network
   * admin); a write into activated or a drain carries the matching desired status. Requested →
   * activated goes through prepareAcceptLink.
   */
  prepareChangeLinkStatus(target: string | PublicKey, to: LinkStatus, payer: PublicKey): Promise<PreparedLinkIntent> {
    checkTarget(target, 'target');
    expectNumber(to, 'to');
    checkPubkey(payer, 'payer');
    return this.prepareLink('changeLinkStatus', target, payer, (l) => `${linkStatusLabel(l.status)} → ${linkStatusLabel(to)}`, (i) =>
      checked.changeLinkStatus({ ...i, to }),
      (l) => linkAt(l, to),
    );
  }
  prepareAcceptLink(target: string | PublicKey, sideZIfaceName: string, payer: PublicKey): Promise<PreparedLinkIntent> {
    checkTarget(target, 'target');
    expectString(sideZIfaceName, 'sideZIfaceName');
    checkPubkey(payer, 'payer');
    return this.prepareLink('acceptLink', target, payer, (l) => `${linkStatusLabel(l.status)} → activated (accept on ${sideZIfaceName})`, (i) =>
      checked.acceptLink({ ...i, sideZIfaceName }),
      (l) =>
        l.status === LinkStatus.Activated && l.sideZIfaceName === sideZIfaceName
          ? `is already accepted on ${sideZIfaceName} (status activated)`
          : undefined,
    );
  }
  prepareSetLinkDesiredStatus(target: string | PublicKey, to: LinkDesiredStatus, payer: PublicKey): Promise<PreparedLinkIntent> {
    checkTarget(target, 'target');
    expectNumber(to, 'to');
    checkPubkey(payer, 'payer');
    return this.prepareLink('setLinkDesiredStatus', target, payer, (l) => `desired status ${linkDesiredStatusLabel(l.desiredStatus)} → ${linkDesiredStatusLabel(to)}`, (i) =>
      checked.setLinkDesiredStatus({ ...i, to }),
      (l) => (l.desiredStatus === to ? `already has desired status ${linkDesiredStatusLabel(to)}` : undefined),
    );
  }
  prepareSetLinkHealth(target: string | PublicKey, health: LinkHealth, payer: PublicKey): Promise<PreparedLinkIntent> {
    checkTarget(target, 'target');
    expectNumber(health, 'health');
    checkPubkey(payer, 'payer');
    return this.prepareLink('setLinkHealth', target, payer, (l) => `health ${linkHealthLabel(l.linkHealth)} → ${linkHealthLabel(health)}`, (i) => checked.setLinkHealth({ ...i, to: health }), (l) =>
      l.linkHealth === health ? `already has health ${linkHealthLabel(health)}` : undefined,
    );
  }
  prepareDeleteLink(target: string | PublicKey, payer: PublicKey): Promise<PreparedLinkIntent> {
    checkTarget(target, 'target');
    checkPubkey(payer, 'payer');
    return this.prepareLink('deleteLink', target, payer, (l) => `${linkStatusLabel(l.status)} → deleted`, (i) => checked.deleteLink(i), (l) =>
      l.status === LinkStatus.Deleting ? 'is already being deleted (status deleting)' : undefined,
    );
  }

  // ------------------------------------------------------------------------------ simulate / send

  /** Simulates a prepared intent (no signature needed). Throws the program's typed error, logs attached. */
  async simulate<T>(prepared: PreparedIntent<T>, payer?: PublicKey): Promise<SimulationOutcome> {
    checkPrepared(prepared);
    const p = payer === undefined ? prepared.payer : payer;
    checkPubkey(p, 'payer');
    if (prepared.alreadyDone !== undefined) return { logs: [], unitsConsumed: undefined };
    return this.runner.simulate(prepared.instructions, p);
  }

  /** Simulates, sends, confirms and re-reads a prepared intent. */
  async send<T>(prepared: PreparedIntent<T>, signer: TxSigner, opts: SendOptions = {}): Promise<IntentResult<T>> {
    checkPrepared(prepared);
    checkSigner(signer);
    expectObject(opts, 'opts');
    if (opts.simulate !== undefined && typeof opts.simulate !== 'boolean') throw new ValidationError('opts.simulate', 'must be a boolean');
    if (!signer.publicKey.equals(prepared.payer)) {
      throw new ValidationError(
        'signer',
        'must be the payer the intent was prepared for',
        `the signer ${signer.publicKey.toBase58()} is not the payer ${prepared.payer.toBase58()} the intent was prepared for`,
      );
    }
    if (prepared.alreadyDone !== undefined) {
      return { outcome: 'already-done', signature: null, signatures: [], slot: null, before: prepared.before, after: prepared.before, instructions: [] };
    }
    if (opts.simulate !== false) await this.runner.simulate(prepared.instructions, prepared.payer);
    const sent: SendOutcome = await this.runner.sendAndConfirm(prepared.instructions, signer);
    let after: T | null;
    try {
      after =
        prepared.kind === 'device'
          ? ((await this.fetchMaybeDevice(prepared.target)) as T | null)
          : ((await this.fetchMaybeLink(prepared.target)) as T | null);
    } catch (e) {
      // The transaction is confirmed: never let a failed read-back look like a failed send.
      throw new StateRefreshError(sent.signature, sent.signatures, sent.slot, { cause: e });
    }
    return { outcome: 'landed', ...sent, before: prepared.before, after, instructions: prepared.instructions };
  }

  // ------------------------------------------------------------------------------ batch health

  /**
   * Prepares many health writes at once (health oracles): codes are resolved with one listing
   * per kind (only when codes are given), then every target, GlobalState and the payer's
   * Permission PDA are read in one getMultipleAccounts pass (100 keys per call), the payer's
   * roles resolved once, and each target checked with the lifecycle-checked builder. Targets
   * already at the wanted health are "unchanged", those the builder or the ledger refuses are
   * "refused" with the reason, and the rest are "planned", packed HEALTH_UPDATES_PER_TRANSACTION
   * to a transaction. Nothing is simulated or sent.
   */
  async prepareHealthMany(updates: readonly HealthUpdate[], payer: PublicKey): Promise<HealthPlan> {
    checkPubkey(payer, 'payer');
    if (!Array.isArray(updates)) throw new ValidationError('updates', 'must be an array');
    const outcomes: HealthOutcome[] = updates.map((u, index) => {
      if (!u || (u.kind !== 'device' && u.kind !== 'link')) throw new ValidationError(`updates[${index}].kind`, 'must be "device" or "link"');
      if (!Number.isInteger(u.health)) throw new ValidationError(`updates[${index}].health`, 'must be an integer');
      const target = u.target instanceof PublicKey ? u.target.toBase58() : typeof u.target === 'string' ? u.target.trim() : '';
      if (target === '') throw new ValidationError(`updates[${index}].target`, 'must be a code or an address');
      return { index, kind: u.kind, target, pubkey: null, code: null, from: null, to: u.health, status: 'planned' };
    });
    const refuse = (o: HealthOutcome, e: unknown): void => {
      o.status = 'refused';
      o.reason = errorText(e);
      o.error = errorRef(e);
    };

    // Addresses as given; codes through one listing per kind.
    for (const o of outcomes) {
      const u = updates[o.index]!;
      o.pubkey = u.target instanceof PublicKey ? u.target : parsePubkey(o.target);
    }
    for (const kind of ['device', 'link'] as const) {
      const byCode = outcomes.filter((o) => o.kind === kind && o.pubkey === null);
      if (byCode.length === 0) continue;
      const list = kind === 'device' ? await this.listDevices() : await this.listLinks();
      const index = new Map<string, PublicKey[]>();
      for (const e of list) {
        const k = asciiLower(e.account.code);
        index.set(k, [...(index.get(k) ?? []), e.pubkey]);
      }
      for (const o of byCode) {
        const found = index.get(asciiLower(o.target)) ?? [];
        if (found.length === 1) o.pubkey = found[0]!;
        else if (found.length > 1) refuse(o, new AmbiguousCodeError(kind === 'device' ? 'Device' : 'Link', o.target, found.map((f) => f.toBase58())));
        else refuse(o, new AccountNotFoundError(o.target, `${kind === 'device' ? 'Device' : 'Link'} with code`));
      }
    }

    // One read of every target, GlobalState and the payer's Permission PDA.
    const gsPk = getGlobalStatePda(this.programId)[0];
    const permissionPda = getPermissionPda(this.programId, payer)[0];
    const targetKeys: PublicKey[] = [];
    const seen = new Map<string, number>();
    for (const o of outcomes) {
      if (o.status !== 'planned' || !o.pubkey) continue;
      const id = o.pubkey.toBase58();
      const first = seen.get(id);
      if (first !== undefined) {
        refuse(o, new ValidationError('target', `the same ${o.kind} as update ${first}`, `the same account as update ${first} (${id}): one write per target`));
        continue;
      }
      seen.set(id, o.index);
      targetKeys.push(o.pubkey);
    }
    const recs = await this.source.getAccounts([gsPk, permissionPda, ...targetKeys]);
    const [gsRec, permRec] = recs;
    if (!gsRec) throw new AccountNotFoundError(gsPk.toBase58(), 'GlobalState');
    const globalState = this.decode(decodeGlobalState, gsRec);
    const hasPermissionAccount = !!permRec && permRec.owner.equals(this.programId) && permRec.data.length > 0;
    const permission = hasPermissionAccount ? this.decode(decodePermission, permRec!) : null;
    // Health oracle and network admin do not depend on the target: resolved once.
    const roles = resolveRoles({ payer, globalState, permission });
    const recOf = new Map<string, AccountRecord | null>(targetKeys.map((k, i) => [k.toBase58(), recs[i + 2] ?? null]));

    const instructionOf = new Map<number, TransactionInstruction>();
    for (const o of outcomes) {
      if (o.status !== 'planned' || !o.pubkey) continue;
      const rec = recOf.get(o.pubkey.toBase58()) ?? null;
      try {
        if (!rec) throw new AccountNotFoundError(o.pubkey.toBase58(), o.kind === 'device' ? 'Device' : 'Link');
        const base = { programId: this.programId, payer, roles, appendPermission: hasPermissionAccount };
        let ix: TransactionInstruction;
        if (o.kind === 'device') {
          const device = this.decode(decodeDevice, rec);
          o.code = device.code;
          o.from = device.deviceHealth;
          if (device.deviceHealth === o.to) {
            o.status = 'unchanged';
            continue;
          }
          ix = checked.setDeviceHealth({ ...base, devicePk: o.pubkey, device, to: o.to });
        } else {
          const link = this.decode(decodeLink, rec);
          o.code = link.code;
          o.from = link.linkHealth;
          if (link.linkHealth === o.to) {
            o.status = 'unchanged';
            continue;
          }
          ix = checked.setLinkHealth({ ...base, linkPk: o.pubkey, link, to: o.to });
        }
        instructionOf.set(o.index, ix);
      } catch (e) {
        if (!(e instanceof DzprovError)) throw e;
        refuse(o, e);
      }
    }

    const prelude = [
      ...computeBudgetPrelude(),
      ...(this.computeUnitPrice > 0n ? [ComputeBudgetProgram.setComputeUnitPrice({ microLamports: this.computeUnitPrice })] : []),
    ];
    const planned = outcomes.filter((o) => o.status === 'planned').map((o) => o.index);
    const batches: HealthBatch[] = chunk(planned, HEALTH_UPDATES_PER_TRANSACTION).map((entries, b) => {
      for (const i of entries) outcomes[i]!.batch = b;
      return { instructions: [...prelude, ...entries.map((i) => instructionOf.get(i)!)], entries };
    });
    return { payer, roles, hasPermissionAccount, outcomes, batches, prelude, instructionOf };
  }

  /**
   * Sends a prepared health plan: each batch transaction simulated, sent and confirmed like an
   * intent, `concurrency` at a time. A batch the program refuses (failed simulation or
   * execution: nothing written) is retried once target by target, so only the bad targets are
   * "refused"; a send whose fate is unknown makes each of its targets "unknown" with the
   * signature. Returns one outcome per update, in input order (never throws for a target).
   */
  async sendHealthMany(plan: HealthPlan, signer: TxSigner, opts: SendHealthOptions = {}): Promise<HealthOutcome[]> {
    checkHealthPlan(plan);
    checkSigner(signer);
    expectObject(opts, 'opts');
    if (!signer.publicKey.equals(plan.payer)) {
      throw new ValidationError('signer', 'must be the payer the plan was prepared for');
    }
    const concurrency = opts.concurrency ?? DEFAULT_HEALTH_CONCURRENCY;
    if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new ValidationError('concurrency', `${String(concurrency)} is not a positive integer`);
    const split = opts.splitOnFailure ?? true;
    const outcomes = plan.outcomes.map((o) => ({ ...o }));

    /** Sends one transaction for `entries`; returns the error when the program refused it. */
    const sendOne = async (instructions: TransactionInstruction[], entries: number[]): Promise<unknown> => {
      try {
        await this.runner.simulate(instructions, plan.payer);
        const sent = await this.runner.sendAndConfirm(instructions, signer);
        for (const i of entries) Object.assign(outcomes[i]!, { status: 'updated', signature: sent.signature, signatures: sent.signatures, slot: sent.slot });
        return undefined;
      } catch (e) {
        if (e instanceof TransactionConfirmationError && e.outcome !== 'expired') {
          const signature = e.signatures[e.signatures.length - 1];
          for (const i of entries) {
            Object.assign(outcomes[i]!, { status: 'unknown', reason: errorText(e), signatures: [...e.signatures], ...(signature ? { signature } : {}) });
          }
          return undefined;
        }
        return e;
      }
    };
    const refuseAll = (entries: number[], e: unknown): void => {
      for (const i of entries) Object.assign(outcomes[i]!, { status: 'refused', reason: errorText(e), error: errorRef(e) });
    };

    await forEachLimited(plan.batches, concurrency, async (batch) => {
      const err = await sendOne(batch.instructions, batch.entries);
      if (err === undefined) return;
      // An RPC failure before the send (simulation read gave up) or an expired blockhash says
      // nothing about a target: only a refusal by the program is retried target by target.
      if (!split || batch.entries.length === 1 || err instanceof RpcError || err instanceof TransactionConfirmationError || !(err instanceof DzprovError)) {
        refuseAll(batch.entries, err);
        return;
      }
      for (const i of batch.entries) {
        const own = await sendOne([...plan.prelude, plan.instructionOf.get(i)!], [i]);
        if (own !== undefined) refuseAll([i], own);
      }
    });
    return outcomes;
  }

  /** prepareHealthMany + sendHealthMany: one outcome per update (updated / unchanged / refused / unknown). */
  async setHealthMany(updates: readonly HealthUpdate[], signer: TxSigner, opts: SendHealthOptions = {}): Promise<HealthOutcome[]> {
    expectArray(updates, 'updates');
    checkSigner(signer);
    expectOptionalObject(opts, 'opts');
    return this.sendHealthMany(await this.prepareHealthMany(updates, signer.publicKey), signer, opts);
  }

  // ------------------------------------------------------------------------------ intents: one call

  async drainDevice(target: string | PublicKey, signer: TxSigner): Promise<IntentResult<Device>> {
    checkTarget(target, 'target');
    checkSigner(signer);
    return this.send(await this.prepareDrainDevice(target, signer.publicKey), signer);
  }
  async undrainDevice(target: string | PublicKey, signer: TxSigner): Promise<IntentResult<Device>> {
    checkTarget(target, 'target');
    checkSigner(signer);
    return this.send(await this.prepareUndrainDevice(target, signer.publicKey), signer);
  }
  async promoteDevice(target: string | PublicKey, signer: TxSigner): Promise<IntentResult<Device>> {
    checkTarget(target, 'target');
    checkSigner(signer);
    return this.send(await this.preparePromoteDevice(target, signer.publicKey), signer);
  }
  async changeDeviceStatus(target: string | PublicKey, to: DeviceStatus, signer: TxSigner): Promise<IntentResult<Device>> {
    checkTarget(target, 'target');
    expectNumber(to, 'to');
    checkSigner(signer);
    return this.send(await this.prepareChangeDeviceStatus(target, to, signer.publicKey), signer);
  }
  async setDeviceDesiredStatus(target: string | PublicKey, to: DeviceDesiredStatus, signer: TxSigner): Promise<IntentResult<Device>> {
    checkTarget(target, 'target');
    expectNumber(to, 'to');
    checkSigner(signer);
    return this.send(await this.prepareSetDeviceDesiredStatus(target, to, signer.publicKey), signer);
  }
  async setDeviceHealth(target: string | PublicKey, health: DeviceHealth, signer: TxSigner): Promise<IntentResult<Device>> {
    checkTarget(target, 'target');
    expectNumber(health, 'health');
    checkSigner(signer);
    return this.send(await this.prepareSetDeviceHealth(target, health, signer.publicKey), signer);
  }
  async deleteDevice(target: string | PublicKey, signer: TxSigner): Promise<IntentResult<Device>> {
    checkTarget(target, 'target');
    checkSigner(signer);
    return this.send(await this.prepareDeleteDevice(target, signer.publicKey), signer);
  }
  async softDrainLink(target: string | PublicKey, signer: TxSigner): Promise<IntentResult<Link>> {
    checkTarget(target, 'target');
    checkSigner(signer);
    return this.send(await this.prepareSoftDrainLink(target, signer.publicKey), signer);
  }
  async hardDrainLink(target: string | PublicKey, signer: TxSigner): Promise<IntentResult<Link>> {
    checkTarget(target, 'target');
    checkSigner(signer);
    return this.send(await this.prepareHardDrainLink(target, signer.publicKey), signer);
  }
  async activateLink(target: string | PublicKey, signer: TxSigner): Promise<IntentResult<Link>> {
    checkTarget(target, 'target');
    checkSigner(signer);
    return this.send(await this.prepareActivateLink(target, signer.publicKey), signer);
  }
  async changeLinkStatus(target: string | PublicKey, to: LinkStatus, signer: TxSigner): Promise<IntentResult<Link>> {
    checkTarget(target, 'target');
    expectNumber(to, 'to');
    checkSigner(signer);
    return this.send(await this.prepareChangeLinkStatus(target, to, signer.publicKey), signer);
  }
  async acceptLink(target: string | PublicKey, sideZIfaceName: string, signer: TxSigner): Promise<IntentResult<Link>> {
    checkTarget(target, 'target');
    expectString(sideZIfaceName, 'sideZIfaceName');
    checkSigner(signer);
    return this.send(await this.prepareAcceptLink(target, sideZIfaceName, signer.publicKey), signer);
  }
  async setLinkDesiredStatus(target: string | PublicKey, to: LinkDesiredStatus, signer: TxSigner): Promise<IntentResult<Link>> {
    checkTarget(target, 'target');
    expectNumber(to, 'to');
    checkSigner(signer);
    return this.send(await this.prepareSetLinkDesiredStatus(target, to, signer.publicKey), signer);
  }
  async setLinkHealth(target: string | PublicKey, health: LinkHealth, signer: TxSigner): Promise<IntentResult<Link>> {
    checkTarget(target, 'target');
    expectNumber(health, 'health');
    checkSigner(signer);
    return this.send(await this.prepareSetLinkHealth(target, health, signer.publicKey), signer);
  }
  async deleteLink(target: string | PublicKey, signer: TxSigner): Promise<IntentResult<Link>> {
    checkTarget(target, 'target');
    checkSigner(signer);
    return this.send(await this.prepareDeleteLink(target, signer.publicKey), signer);
  }
}

/** Why `d` already is at status `to` with the desired status a write into `to` carries, or undefined. */
function deviceAt(d: Device, to: DeviceStatus): string | undefined {
  const desired = checked.deviceDesiredStatusWrittenWith(to);
  if (d.status !== to || (desired !== undefined && d.desiredStatus !== desired)) return undefined;
  return `is already ${deviceStatusLabel(to)}${desired !== undefined ? ` with desired status ${deviceDesiredStatusLabel(desired)}` : ''}`;
}

/** Why `l` already is at status `to` with the desired status a write into `to` carries, or undefined. */
function linkAt(l: Link, to: LinkStatus): string | undefined {
  const desired = checked.linkDesiredStatusWrittenWith(to);
  if (l.status !== to || (desired !== undefined && l.desiredStatus !== desired)) return undefined;
  return `is already ${linkStatusLabel(to)}${desired !== undefined ? ` with desired status ${linkDesiredStatusLabel(desired)}` : ''}`;
}

function intentLabel(intent: DeviceIntent | LinkIntent): string {
  return (
    {
      drainDevice: 'drain',
      undrainDevice: 'undrain',
      promoteDevice: 'promote',
      changeDeviceStatus: 'set status of',
      setDeviceDesiredStatus: 'set desired status of',
      setDeviceHealth: 'set health of',
      deleteDevice: 'delete',
      softDrainLink: 'soft-drain',
      hardDrainLink: 'hard-drain',
      activateLink: 'activate',
      changeLinkStatus: 'set status of',
      acceptLink: 'accept',
      setLinkDesiredStatus: 'set desired status of',
      setLinkHealth: 'set health of',
      deleteLink: 'delete',
    } as const
  )[intent];
}
