import {
  AccountType,
  DeviceHealthSpec,
  DeviceStatus,
  DeviceStatusSpec,
  LinkDesiredStatusSpec,
  LinkHealthSpec,
  LinkLinkType,
  LinkLinkTypeSpec,
  LinkStatus,
  LinkStatusSpec,
  deviceDesiredStatusLabel,
  deviceHealthLabel,
  deviceStatusLabel,
  linkDesiredStatusLabel,
  linkHealthLabel,
  linkLinkTypeLabel,
  linkStatusLabel,
  type DeviceDesiredStatus,
  type DeviceHealth,
  type LinkDesiredStatus,
  type LinkHealth,
} from '../enums.js';
import { AccountNotFoundError, DecodeError, DzprovError, ValidationError } from '../errors.js';
import * as checked from '../instructions/checked.js';
import type { CoreInstruction } from '../instructions/common.js';
import { validateCreateLinkArgs, type CreateLinkArgs } from '../instructions/createLink.js';
import { beforeReading } from './beforeReading.js';
import { validateUpdateLinkArgs } from '../instructions/updateLink.js';
import { computeBudgetPrelude, setComputeUnitPriceInstruction } from '../instructions/computeBudget.js';
import type { DeviceDeleteResources } from '../instructions/deleteDevice.js';
import { DEVICE_PROMOTION_TARGETS } from '../lifecycle/device.js';
import type { Role } from '../lifecycle/roles.js';
import { getDevicePda, getDzPrefixBlockPda, getGlobalConfigPda, getGlobalStatePda, getLinkPda, getPermissionPda, getTunnelIdsPda, isPdaOf, seedsOfAccount } from '../pda.js';
import type { Network } from '../programIds.js';
import { isKey, keyEquals, keyText, parseAddress, type KeyInput, type KeyKind } from '../keys.js';
import { accountTypeFilter, pubkeyFilter, type AccountBytes, type DecodeOptions, type ProgramAccountsFilter } from '../state/common.js';
import { decodeContributor, type Contributor } from '../state/contributor.js';
import { DEVICE_OFFSETS, decodeDevice, type Device } from '../state/device.js';
import { decodeExchange, type Exchange } from '../state/exchange.js';
import { decodeGlobalConfig, type GlobalConfig } from '../state/globalConfig.js';
import { decodeGlobalState, type GlobalState } from '../state/globalState.js';
import { LINK_OFFSETS, decodeLink, type Link } from '../state/link.js';
import { decodeLocation, type Location } from '../state/location.js';
import { decodePermission, type Permission } from '../state/permission.js';
import { encodeBase64 } from '../codec/base64.js';
import {
  createDeviceArgsOf,
  createDeviceInterfaceArgsOf,
  createdDeviceDifferences,
  createdInterfaceDifferences,
  checkUpdateDeviceRequest,
  deviceUpdateChanges,
  interfaceUpdateChanges,
  updateDeviceArgsOf,
  updateDeviceInterfaceArgsOf,
  type CodeOrKey,
  type CreateDeviceInterfaceRequest,
  type CreateDeviceRequest,
  type UpdateDeviceInterfaceRequest,
  type UpdateDeviceRequest,
} from './deviceRequests.js';
import { findInterfaceIndex } from '../instructions/interfaceRules.js';
import { validateDeleteDeviceInterfaceArgs } from '../instructions/deleteDeviceInterface.js';
import { networkContains } from '../instructions/validation.js';
import { AccountConflictError, AccountMismatchError, AmbiguousCodeError, ConcurrentIntentError, RpcError, StateRefreshError, TransactionConfirmationError } from './errors.js';
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
import { outcomeOf } from './outcome.js';
import { eitherSignal, isAbortSignal, resolveRetry, type ResolvedRetry, type RetryOptions } from './retry.js';
import { permissionAccountOf, requiresPermissionAccounts, resolveRoles } from './roles.js';
import {
  describeValue,
  expectArray,
  expectBoolean,
  expectDeclared,
  expectDevice,
  expectFunction,
  expectInteger,
  expectKey,
  expectLink,
  expectNumber,
  expectObject,
  expectOptionalObject,
  expectString,
  expectWhole,
} from '../validate.js';
import { RpcAccountSource, withSlot, type AccountList, type AccountRecord, type AccountSource } from './source.js';
import type { Commitment, RpcPort } from './rpc.js';
import { besideTypeFilter, both, deviceExtraQuery, linkExtraQuery, type DeviceFilterExtras, type LinkFilterExtras } from './filters.js';
import { ProgramCheckedSource } from './programCheck.js';
import { MalformedNotificationError } from './errors.js';
import { SlotGuard, Watcher, type WatchBackend, type WatchEvent, type WatchKind, type WatchSynced } from './watcher.js';
import {
  TransactionRunner,
  type ConfirmOptions,
  type CoreSigner,
  type SendOutcome,
  type SimulationOutcome,
} from './transactions.js';

/**
 * What a door plugs into the core client: how addresses come back (`keys`), how instructions are
 * handed to the caller and taken back (`toInstruction` / `fromInstruction`), and how the door's
 * signer signs (`signer`).
 */
export interface ClientDoor<K, Ix, S> {
  /** How the door makes and reads its address type. */
  readonly keys: KeyKind<K>;
  /** A core instruction as the door's instruction type. */
  toInstruction(ix: CoreInstruction): Ix;
  /** An instruction of the door's kind (as handed out in prepared intents and plans) as a core one. */
  fromInstruction(ix: Ix): CoreInstruction;
  /** The door's signer as a CoreSigner; a ValidationError naming `signer` when it is not one. */
  signer(s: unknown): CoreSigner;
}

/** One account change a subscription delivers: its address, the account as read, the slot. */
export interface ProgramNotification {
  /** The account that changed. */
  pubkey: KeyInput;
  /** The account as notified: its owner program, balance in lamports and data bytes. */
  account: {
    /** The owning program. */
    owner: KeyInput;
    /** The balance, in lamports. */
    lamports: number;
    /** The account data. */
    data: Uint8Array;
  };
  /** The slot of the notification's context. */
  slot: number;
}

/** What a program subscription tells its subscriber. A port never throws into its transport. */
export interface SubscriptionHandlers {
  /** One checked notification (shape, slot, base64 data, owner: see parseProgramNotification). */
  onNotification(n: ProgramNotification): void;
  /**
   * The subscription is live ("subscribed", also after a reconnect), its socket dropped
   * ("interrupted": it is being made again), or it was given up ("failed", after onError told why).
   */
  onStateChange?(state: SubscriptionState): void;
  /**
   * What went wrong without ending the subscription (a malformed notification skipped, a stalled
   * socket), or what ended it (SubscriptionFailedError, then "failed").
   */
  onError?(error: unknown): void;
  /** The node's current slot (its slot notifications): the reference of notification slots. */
  onSlot?(slot: number): void;
}

/** The states of a subscription (SubscriptionHandlers.onStateChange). */
export type SubscriptionState = 'subscribed' | 'interrupted' | 'failed';

/** How the core subscribes to a program's accounts (a door's WebSocket layer). */
export interface PubSubPort {
  /** Subscribes to changes of the accounts `programId` owns that pass `filters`; handlers get each notification and the subscription's state. Resolves to a function that unsubscribes. */
  programSubscribe(
    programId: string,
    config: { commitment: Commitment; filters: ProgramAccountsFilter[]; encoding: 'base64' },
    handlers: SubscriptionHandlers,
  ): () => Promise<void>;
  /**
   * Flow control (optional): stop reading the node's messages until the returned release is
   * called, so that what a slow consumer has not taken yet waits outside this process
   * (undefined: this transport cannot pause).
   */
  pause?(): (() => void) | undefined;
}

/** Options of the core client (the doors build them from their own options). */
export interface DzClientCoreOptions<K> {
  /** The serviceability program id. */
  programId: KeyInput;
  /** The network the program id belongs to, when known. */
  network?: Network;
  /** Default 'confirmed'. */
  commitment?: Commitment;
  /** Read retries and timeouts. */
  retry?: RetryOptions;
  /** Confirmation polling. */
  confirm?: ConfirmOptions;
  /** Priority fee in micro-lamports per compute unit (SetComputeUnitPrice after the prelude). */
  computeUnitPrice?: number | bigint;
  /** The RPC node (reads, simulation, sending); absent for an in-memory source only. */
  rpc?: RpcPort;
  /** Where reads come from (default: an RpcAccountSource over `rpc`). */
  source?: AccountSource<K>;
  /** Subscriptions. */
  pubsub?: PubSubPort;
  /** The WebSocket URL subscriptions use (shown to users; the pubsub port already has it). */
  wsUrl?: string;
  /** How the node is named in messages (scheme, host and port of its URL). */
  nodeName?: string;
}

/** One account of a listing. */
export interface Entry<T, K = KeyInput> {
  /** The account's address. */
  pubkey: K;
  /** The decoded account. */
  account: T;
}

/**
 * A listing: its entries, and (read from an RPC node) the context slot the node read them at.
 * Pass `slot` as `minContextSlot` to follow-up reads so they never see an older ledger state.
 */
export type EntryList<T, K = KeyInput> = Entry<T, K>[] & { slot?: number };

/** How a listing treats an account of the right type that does not decode. */
export interface DecodeErrorHandling<K = KeyInput> {
  /**
   * Called for each account that fails to decode; the account is then left out. Without it,
   * the first such account makes the listing throw.
   */
  onDecodeError?: (pubkey: K, error: DzprovError) => void;
  /**
   * Told what was odd but cured (the node listed an account twice with the same bytes: merged).
   * Default: console.warn. (Twice with different bytes is refused: AccountMismatchError.)
   */
  onWarning?: (message: string) => void;
}

/** Which devices a listing or a subscription covers (every device when empty). */
export interface DeviceFilters extends DeviceFilterExtras {
  /** Only devices of this Contributor (contributor_pk is not at a fixed offset: filtered here). */
  contributor?: KeyInput;
  /** Only devices at this Location (memcmp at 50). */
  location?: KeyInput;
  /** Only devices at this Exchange (memcmp at 82). */
  exchange?: KeyInput;
  /** Only devices with this status (memcmp at 119). */
  status?: DeviceStatus;
}

/** Which links a listing or a subscription covers (every link when empty). */
export interface LinkFilters extends LinkFilterExtras {
  /** Only links of this Contributor (filtered here: contributor_pk follows the code). */
  contributor?: KeyInput;
  /** Only links whose side A is this device (memcmp at 50). */
  sideA?: KeyInput;
  /** Only links whose side Z is this device (memcmp at 82). */
  sideZ?: KeyInput;
  /** Only links with this status (memcmp at 150). */
  status?: LinkStatus;
}

/** Options of listDevices: the filters, and what to do with accounts that do not decode. */
export interface ListDevicesOptions<K = KeyInput> extends DecodeErrorHandling<K>, DeviceFilters {}

/** Options of listLinks: the filters, and what to do with accounts that do not decode. */
export interface ListLinksOptions<K = KeyInput> extends DecodeErrorHandling<K>, LinkFilters {}

/** The payer's roles towards one device or link, and the chain data they came from. */
export interface RoleResolution<K = KeyInput> {
  /** The key whose roles were resolved. */
  payer: K;
  /** The roles it holds towards the device or link (docs/lifecycle.md#roles); [] for none. */
  roles: Role[];
  /** The GlobalState read to resolve them (allowlists, health oracle, flags). */
  globalState: GlobalState<K>;
  /** RequirePermissionAccounts is on: only Permission accounts grant privileges. */
  strictPermissions: boolean;
  /** The address of the payer's Permission account (whether or not it exists). */
  permissionPda: K;
  /** The payer's Permission account, when one exists and is owned by the program. */
  permission: Permission<K> | null;
  /** Whether the payer has a Permission account: builders append its PDA only then. */
  hasPermissionAccount: boolean;
  /** The Contributor the device/link belongs to (null when that account is missing). */
  contributor: Contributor<K> | null;
  /** (links) side Z's device and its Contributor. */
  sideZDevice?: Device<K> | null;
  /** Links only: the Contributor account of the device on side Z, when read. */
  sideZContributor?: Contributor<K> | null;
}

/** The names of the device intents (the DzClient methods that change a device). */
export type DeviceIntent =
  | 'drainDevice'
  | 'undrainDevice'
  | 'promoteDevice'
  | 'changeDeviceStatus'
  | 'setDeviceDesiredStatus'
  | 'setDeviceHealth'
  | 'deleteDevice'
  | 'createDevice'
  | 'updateDevice'
  | 'createDeviceInterface'
  | 'updateDeviceInterface'
  | 'deleteDeviceInterface';
/** The names of the link intents (the DzClient methods that change a link). */
export type LinkIntent =
  | 'softDrainLink'
  | 'hardDrainLink'
  | 'activateLink'
  | 'changeLinkStatus'
  | 'acceptLink'
  | 'setLinkDesiredStatus'
  | 'setLinkHealth'
  | 'deleteLink'
  | 'createLink'
  | 'updateLink';

/** An intent resolved against fresh chain state and checked, ready to simulate or send. */
export interface PreparedIntent<T, K = KeyInput, Ix = CoreInstruction> {
  /** Which intent this is (`drainDevice`, `softDrainLink`, ...). */
  intent: DeviceIntent | LinkIntent;
  /** Whether the target is a device or a link. */
  kind: 'device' | 'link';
  /** The device/link address. */
  target: K;
  /** The fee payer and signer the intent was checked for. */
  payer: K;
  /** The compute-budget prelude, then the serviceability instruction. */
  instructions: Ix[];
  /** The roles `payer` holds towards the target (those the lifecycle check used). */
  roles: Role[];
  /** The chain data the roles came from. */
  resolution: RoleResolution<K>;
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

/** What one intent call (drainDevice, softDrainLink, ...) did: landed or already done, with the account before and after. */
export interface IntentResult<T, Ix = CoreInstruction> {
  /**
   * "landed": a transaction carrying the intent landed without error; "already-done": the
   * account was already in the intended state, nothing was sent (signature and slot null).
   */
  outcome: 'landed' | 'already-done';
  /** The signature of the transaction that landed; null when nothing was sent. */
  signature: string | null;
  /** Every signature signed (more than one only after a proven expiry); [] when nothing was sent. */
  signatures: string[];
  /** The slot it landed in; null when nothing was sent. */
  slot: number | null;
  /** The account as read before building. */
  before: T;
  /** The account re-read after confirmation; null when it was closed. */
  after: T | null;
  /** The program's labels of `before`'s and `after`'s status, desired status and health (before: status, desired status and health "absent" for an account a create made). */
  labels: {
    /** The labels of `before`. */
    before: StateLabels;
    /** The labels of `after`; null when the account was closed. */
    after: StateLabels | null;
  };
  /** The instructions sent (the compute-budget prelude, then the serviceability instruction); [] when nothing was sent. */
  instructions: Ix[];
}

/** A device's or link's status, desired status and health as the program's labels (`drained`, `ready-for-users`). */
export interface StateLabels {
  /** The status's label, e.g. `drained`. */
  status: string;
  /** The desired status's label. */
  desiredStatus: string;
  /** The health's label, e.g. `ready-for-users`. */
  health: string;
}

/** A Device notified by subscribeDevices. */
export interface DeviceEvent<K = KeyInput> {
  /** The device's address. */
  pubkey: K;
  /** The device as notified. */
  account: Device<K>;
  /** The slot of the notification. */
  slot: number;
}
/** A Link notified by subscribeLinks. */
export interface LinkEvent<K = KeyInput> {
  /** The link's address. */
  pubkey: K;
  /** The link as notified. */
  account: Link<K>;
  /** The slot of the notification. */
  slot: number;
}

/** Options of subscribeDevices and subscribeLinks. */
export interface SubscribeOptions<K = KeyInput> {
  /**
   * Receives, never thrown into the transport: accounts that fail to decode and exceptions thrown
   * by the callback (`pubkey` and `slot` set), notifications skipped as malformed or with an
   * absurd slot (MalformedNotificationError), a stalled socket (SubscriptionStalledError), and
   * the error that ended the subscription (SubscriptionFailedError, then state "failed").
   * Default: console.error.
   */
  onError?: (error: unknown, context: { pubkey?: K; slot?: number }) => void;
  /** The commitment of the notifications (default: the client's). */
  commitment?: Commitment;
  /**
   * Told when the subscription is live on the node ("subscribed": the first time and after
   * every reconnect), when its WebSocket dropped ("interrupted"), and when it was given up
   * ("failed"). Updates made between "interrupted" and the next "subscribed" are not delivered,
   * so re-read then (`watch` does it for you).
   */
  onStateChange?: (state: SubscriptionState) => void;
}

/** Options of `watch`: what to watch and where the changes go. */
export interface WatchOptions<K = KeyInput> {
  /** Watch Devices (default true), with the filters of listDevices. */
  devices?: boolean | DeviceFilters;
  /** Watch Links (default true), with the filters of listLinks. */
  links?: boolean | LinkFilters;
  /** The commitment of the reads and notifications (default: the client's). */
  commitment?: Commitment;
  /** Every change found: new, changed (its bytes changed) or removed accounts. */
  onEvent(event: DeviceWatchEvent<K> | LinkWatchEvent<K>): void;
  /** A (re)read finished: the view equals the node's at the listing's slot. */
  onSynced?: (synced: WatchSynced) => void;
  /** A kind's subscription became live, or its socket dropped (a re-read follows the next "subscribed"). */
  onStateChange?: (state: 'subscribed' | 'interrupted', kind: WatchKind) => void;
  /** What does not end the watch (malformed notifications, accounts that do not decode, a re-read failing and retried). Default: console.error. */
  onError?: (error: unknown, context: { kind?: WatchKind; pubkey?: K; slot?: number }) => void;
  /** Re-read everything this often, in ms (default: only after a (re)subscription). */
  resyncEveryMs?: number;
  /** Accounts held at most (default 1,000,000). */
  maxAccounts?: number;
  /** Notifications queued during a read at most (default 100,000; past it everything is read again). */
  maxQueued?: number;
}

export type { WatchEvent, WatchKind, WatchSynced };
/** A change to a Device seen by `watch`. */
export type DeviceWatchEvent<K = KeyInput> = WatchEvent<Device<K>, K> & {
  /** Always `'device'`. */
  kind: 'device';
};
/** A change to a Link seen by `watch`. */
export type LinkWatchEvent<K = KeyInput> = WatchEvent<Link<K>, K> & {
  /** Always `'link'`. */
  kind: 'link';
};

/** Stops a subscription; resolves when it is closed. */
export type Unsubscribe = () => Promise<void>;

type Decoder<T> = (input: AccountBytes, opts?: DecodeOptions) => T;

function byteFilter(offset: number, bytes: Uint8Array): ProgramAccountsFilter {
  return { memcmp: { offset, bytes: encodeBase64(bytes), encoding: 'base64' } };
}

function stringFilter(offset: number, s: string): ProgramAccountsFilter {
  const body = new TextEncoder().encode(s);
  const bytes = new Uint8Array(4 + body.length);
  new DataView(bytes.buffer).setUint32(0, body.length, true);
  bytes.set(body, 4);
  return byteFilter(offset, bytes);
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** A device or link named by its code (a non-empty string) or its address (a key). */
function checkTarget(v: unknown, field: string): void {
  if ((typeof v === 'string' && v.trim() !== '') || (typeof v !== 'string' && isKey(v))) return;
  throw new ValidationError(field, 'must be a code or an address', `invalid ${field}: must be a code or an address, got ${describeValue(v)}`);
}

/** A PreparedIntent (as the prepare* methods return): the fields simulate and send read. */
function checkPrepared(v: unknown): void {
  expectObject(v, 'prepared');
  if (v.kind !== 'device' && v.kind !== 'link') {
    throw new ValidationError('prepared.kind', 'must be "device" or "link"', `invalid prepared.kind: must be "device" or "link", got ${describeValue(v.kind)}`);
  }
  expectKey(v.target, 'prepared.target');
  expectKey(v.payer, 'prepared.payer');
  expectArray(v.instructions, 'prepared.instructions');
  if (v.alreadyDone !== undefined) expectString(v.alreadyDone, 'prepared.alreadyDone');
}

/** A HealthPlan (as prepareHealthMany returns): the fields sendHealthMany reads. */
function checkHealthPlan(v: unknown): void {
  expectObject(v, 'plan');
  expectKey(v.payer, 'plan.payer');
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
  filters: ProgramAccountsFilter[];
  keep: (v: T) => boolean;
}

function statusFilter(offset: number, status: number | undefined, field: string): ProgramAccountsFilter[] {
  if (status === undefined) return [];
  if (!Number.isInteger(status) || status < 0 || status > 255) throw new ValidationError(field, `${String(status)} is not a status byte`);
  return [byteFilter(offset, Uint8Array.of(status))];
}

function keyFilters(keys: [offset: number, key: KeyInput | undefined, field: string][]): ProgramAccountsFilter[] {
  const out: ProgramAccountsFilter[] = [];
  for (const [offset, key, field] of keys) {
    if (key === undefined) continue;
    expectKey(key, field);
    out.push(pubkeyFilter(offset, key));
  }
  return out;
}

/** Keeps the accounts of Contributor `c` (every account when `c` is undefined). */
function ofContributor(c: KeyInput | undefined): (v: { contributorPk: KeyInput }) => boolean {
  if (c !== undefined) expectKey(c, 'contributor');
  return (v) => c === undefined || keyEquals(v.contributorPk, c);
}

/** The one filter builder of listDevices and subscribeDevices. */
function deviceQuery<K extends KeyInput>(o: DeviceFilters): Query<Device<K>> {
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
    keep: both<Device<K>>(ofContributor(o.contributor), extra.keep),
  };
}

/** The one filter builder of listLinks and subscribeLinks. */
function linkQuery<K extends KeyInput>(o: LinkFilters): Query<Link<K>> {
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
    keep: both<Link<K>>(ofContributor(o.contributor), extra.keep),
  };
}

/**
 * The dzprov client, written once for both doors: typed reads of the serviceability program's
 * accounts, filtered listings, role resolution, live updates, and one call per lifecycle intent
 * (fetch fresh state → resolve roles → lifecycle-checked builder → simulate → send → confirm →
 * re-read). `K` is how addresses come back, `Ix` how instructions are handed out, `S` the
 * door's signer (DzClient: PublicKey, TransactionInstruction, Keypair or wallet; the kit door:
 * Address, kit Instruction, kit TransactionSigner).
 */
export class DzClientCore<K extends KeyInput, Ix, S> {
  /** The serviceability program the client reads and writes. */
  readonly programId: K;
  /** The named network the program id belongs to, when it is one of the known ones. */
  readonly network: Network | undefined;
  /** The commitment reads and confirmations use. */
  readonly commitment: Commitment;
  /** Where accounts are read from (the RPC node, or memory in tests). */
  readonly source: AccountSource<K>;
  /** The retry policy of RPC calls, with its defaults filled in. */
  readonly retry: ResolvedRetry;
  /** The RPC node, when the client has one. */
  readonly rpc: RpcPort | undefined;
  /** The WebSocket URL subscriptions use, when the client has one. */
  readonly wsUrl: string | undefined;
  /** The door's adapters: address type, instruction type, signer. */
  protected readonly door: ClientDoor<K, Ix, S>;
  /** How the door makes and reads its address type. */
  protected readonly keys: KeyKind<K>;
  private readonly pubsub: PubSubPort | undefined;
  /**
   * Intents on one target inside this client: sends run one at a time per address (`queue`), and
   * one prepared before another send on its target was made is stale (`sentSeq`, `preparedSeq`).
   */
  private readonly sends = { seq: 0 };
  private readonly queue = new Map<string, Promise<unknown>>();
  private readonly sentSeq = new Map<string, number>();
  private readonly preparedSeq = new WeakMap<object, number>();
  private readonly confirmOptions: ConfirmOptions;
  private readonly computeUnitPrice: bigint;
  private runnerCache: TransactionRunner | undefined;
  private readonly dec: {
    device: Decoder<Device<K>>;
    link: Decoder<Link<K>>;
    contributor: Decoder<Contributor<K>>;
    location: Decoder<Location<K>>;
    exchange: Decoder<Exchange<K>>;
    permission: Decoder<Permission<K>>;
    globalState: Decoder<GlobalState<K>>;
    globalConfig: Decoder<GlobalConfig<K>>;
  };

  constructor(door: ClientDoor<K, Ix, S>, opts: DzClientCoreOptions<K>) {
    expectObject(door, 'door');
    expectObject(opts, 'opts');
    for (const k of ['source', 'retry', 'confirm', 'rpc', 'pubsub'] as const) {
      if (opts[k] !== undefined) expectObject(opts[k], `opts.${k}`);
    }
    if (opts.commitment !== undefined) expectString(opts.commitment, 'opts.commitment');
    if (opts.commitment !== undefined && !['processed', 'confirmed', 'finalized'].includes(opts.commitment)) {
      throw new ValidationError('commitment', `"${opts.commitment}" is not processed, confirmed or finalized`);
    }
    expectKey(opts.programId, 'programId');
    this.door = door;
    this.keys = door.keys;
    const keys = this.keys;
    this.programId = keys.from(opts.programId);
    this.network = opts.network;
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
    this.rpc = opts.rpc;
    this.pubsub = opts.pubsub;
    if (opts.wsUrl !== undefined) expectString(opts.wsUrl, 'opts.wsUrl');
    this.wsUrl = opts.wsUrl;
    this.dec = {
      device: (i, o) => decodeDevice(keys, i, o),
      link: (i, o) => decodeLink(keys, i, o),
      contributor: (i, o) => decodeContributor(keys, i, o),
      location: (i, o) => decodeLocation(keys, i, o),
      exchange: (i, o) => decodeExchange(keys, i, o),
      permission: (i, o) => decodePermission(keys, i, o),
      globalState: (i, o) => decodeGlobalState(keys, i, o),
      globalConfig: (i, o) => decodeGlobalConfig(keys, i, o),
    };
    if (opts.source) {
      this.source = opts.source;
    } else {
      if (!opts.rpc) throw new ValidationError('rpc', 'required', 'reading accounts needs an RPC node: pass an RPC URL, a connection or an account source');
      // The client's own source checks, before it answers "nothing", that the program is on the node.
      this.source = new ProgramCheckedSource(opts.rpc, keys, {
        commitment: this.commitment,
        retry: opts.retry,
        programId: this.programId,
        ...(opts.nodeName ? { nodeName: opts.nodeName } : {}),
      });
    }
  }

  private requireRpc(what: string): RpcPort {
    if (!this.rpc) {
      throw new ValidationError('connection', 'required', `${what} needs an RPC connection: pass rpcUrl or connection`);
    }
    return this.rpc;
  }

  /**
   * This client with a deadline of one call's (or one task's) own: every read, simulation, send
   * and confirmation made through the returned client stops when `signal` fires, as when the
   * client's own deadline (`retry.signal`) fires, which still applies. In-flight requests are
   * aborted; a transaction already broadcast is then reported "unknown", never "failed". The
   * returned client shares this one's state (the node's program check, the one-send-at-a-time
   * queue per target); this one is unchanged.
   *
   *     const r = await client.withSignal(AbortSignal.timeout(10_000)).drainDevice('ams-dz1', signer);
   */
  withSignal(signal: AbortSignal): this {
    if (!isAbortSignal(signal)) throw new ValidationError('signal', 'must be an AbortSignal');
    const retry = resolveRetry({ ...this.retry, signal: this.retry.signal === undefined ? signal : eitherSignal(this.retry.signal, signal) });
    const view = Object.create(this) as this;
    Object.defineProperty(view, 'retry', { value: retry, enumerable: true });
    Object.defineProperty(view, 'runnerCache', { value: undefined, writable: true });
    if (this.source instanceof RpcAccountSource) Object.defineProperty(view, 'source', { value: this.source.withRetry(retry), enumerable: true });
    return view;
  }

  private get runner(): TransactionRunner {
    this.runnerCache ??= new TransactionRunner(this.requireRpc('sending transactions'), this.programId as KeyInput, this.commitment, this.retry, this.confirmOptions);
    return this.runnerCache;
  }

  /** The door's instructions as core ones. */
  private coreInstructions(ixs: readonly Ix[]): CoreInstruction[] {
    return ixs.map((ix) => this.door.fromInstruction(ix));
  }

  /** The signer's address, as the door's kind. */
  private signerAddress(signer: S): K {
    return this.keys.from(this.door.signer(signer).address);
  }

  /** The instructions every transaction starts with: the compute-budget prelude and the priority fee. */
  private prelude(): CoreInstruction[] {
    return [...computeBudgetPrelude(), ...(this.computeUnitPrice > 0n ? [setComputeUnitPriceInstruction(this.computeUnitPrice)] : [])];
  }

  // ------------------------------------------------------------------------------ decoding

  /**
   * Decodes an account read by its address, and checks that its bytes are the account asked
   * for: an account of the program lives at the PDA of its own index (or user, or name) and
   * bump, so a node that answers with another account's bytes (swapped in a getMultipleAccounts
   * answer, say) is caught here (AccountMismatchError), never taken for the one asked.
   */
  private decode<T>(decoder: Decoder<T>, rec: AccountRecord<K>): T {
    const value = this.decodeListed(decoder, rec);
    const v = value as { accountType?: unknown; index?: unknown; userPayer?: unknown; bumpSeed?: unknown };
    const seeds = seedsOfAccount(v);
    if (seeds && typeof v.bumpSeed === 'number' && !isPdaOf(rec.pubkey as KeyInput, seeds, v.bumpSeed, this.programId as KeyInput)) {
      const type = AccountType[v.accountType as number] ?? `type ${String(v.accountType)}`;
      const which = typeof v.index === 'bigint' ? ` of index ${v.index}` : v.userPayer !== undefined ? ` of ${keyText(v.userPayer as KeyInput)}` : '';
      throw new AccountMismatchError('getMultipleAccounts', keyText(rec.pubkey as KeyInput), `the node answered with the bytes of the ${type}${which}, which lives at another address: not the account asked for`);
    }
    return value;
  }

  /**
   * The account at the payer's Permission PDA as role resolution reads it (permissionAccountOf).
   * One that is not program-owned (e.g. someone sent lamports to it) is not a Permission account:
   * appending it would make authorization fail hard. One that does not decode grants nothing, as
   * in the program. Its bytes are not held to its address (the program reads the PDA's status
   * and flags only): one recording another user grants nothing (permissionGrants), whether the
   * chain holds it or a node swapped it in.
   */
  private permissionAt(permRec: AccountRecord<K> | null | undefined): { permission: Permission<K> | null; hasPermissionAccount: boolean } {
    return permissionAccountOf(this.programId, permRec, (data) => this.decodeListed(this.dec.permission, { ...permRec!, data }));
  }

  /** Decodes an account of a listing (the node gave its address with it: no PDA check, for speed). */
  private decodeListed<T>(decoder: Decoder<T>, rec: AccountRecord<K>): T {
    return decoder(rec.data, { owner: rec.owner, programId: this.programId, address: rec.pubkey });
  }

  /**
   * A link's side device as the program sees it: null when the account there is not a Device of
   * the program (a link whose side is the all-zero key names the system program). A request that
   * never reads the side devices (a health write) must not fail on them; those that do are refused
   * by the checked builders for the missing device.
   */
  private decodeSideDevice(rec: AccountRecord<K> | null): Device<K> | null {
    if (!rec || !keyEquals(rec.owner, this.programId)) return null;
    try {
      return this.decode(this.dec.device, rec);
    } catch (e) {
      if (e instanceof DecodeError) return null;
      throw e;
    }
  }

  private async fetchMaybe<T>(decoder: Decoder<T>, pk: KeyInput, field: string): Promise<T | null> {
    expectKey(pk, field);
    const rec = await this.source.getAccount(pk);
    return rec ? this.decode(decoder, rec) : null;
  }

  private async fetchOne<T>(decoder: Decoder<T>, pk: KeyInput, typeName: string): Promise<T> {
    const v = await this.fetchMaybe(decoder, pk, typeName.toLowerCase());
    if (v === null) throw new AccountNotFoundError(keyText(pk), typeName);
    return v;
  }

  // ------------------------------------------------------------------------------ reads

  /** The Device account at address `pk`; AccountNotFoundError when there is none. */
  async fetchDevice(pk: KeyInput): Promise<Device<K>> {
    expectKey(pk, 'pk');
    return this.fetchOne(this.dec.device, pk, 'Device');
  }
  /** The Device account at address `pk`, or null when there is none. */
  async fetchMaybeDevice(pk: KeyInput): Promise<Device<K> | null> {
    expectKey(pk, 'pk');
    return this.fetchMaybe(this.dec.device, pk, 'device');
  }
  /** The Link account at address `pk`; AccountNotFoundError when there is none. */
  async fetchLink(pk: KeyInput): Promise<Link<K>> {
    expectKey(pk, 'pk');
    return this.fetchOne(this.dec.link, pk, 'Link');
  }
  /** The Link account at address `pk`, or null when there is none. */
  async fetchMaybeLink(pk: KeyInput): Promise<Link<K> | null> {
    expectKey(pk, 'pk');
    return this.fetchMaybe(this.dec.link, pk, 'link');
  }
  /** The Contributor account at address `pk`; AccountNotFoundError when there is none. */
  async fetchContributor(pk: KeyInput): Promise<Contributor<K>> {
    expectKey(pk, 'pk');
    return this.fetchOne(this.dec.contributor, pk, 'Contributor');
  }
  /** The Contributor account at address `pk`, or null when there is none. */
  async fetchMaybeContributor(pk: KeyInput): Promise<Contributor<K> | null> {
    expectKey(pk, 'pk');
    return this.fetchMaybe(this.dec.contributor, pk, 'contributor');
  }
  /** The Location account at address `pk`; AccountNotFoundError when there is none. */
  async fetchLocation(pk: KeyInput): Promise<Location<K>> {
    expectKey(pk, 'pk');
    return this.fetchOne(this.dec.location, pk, 'Location');
  }
  /** The Location account at address `pk`, or null when there is none. */
  async fetchMaybeLocation(pk: KeyInput): Promise<Location<K> | null> {
    expectKey(pk, 'pk');
    return this.fetchMaybe(this.dec.location, pk, 'location');
  }
  /** The Exchange account at address `pk`; AccountNotFoundError when there is none. */
  async fetchExchange(pk: KeyInput): Promise<Exchange<K>> {
    expectKey(pk, 'pk');
    return this.fetchOne(this.dec.exchange, pk, 'Exchange');
  }
  /** The Exchange account at address `pk`, or null when there is none. */
  async fetchMaybeExchange(pk: KeyInput): Promise<Exchange<K> | null> {
    expectKey(pk, 'pk');
    return this.fetchMaybe(this.dec.exchange, pk, 'exchange');
  }
  /** The Permission account at address `pk`. */
  async fetchPermission(pk: KeyInput): Promise<Permission<K>> {
    expectKey(pk, 'pk');
    return this.fetchOne(this.dec.permission, pk, 'Permission');
  }
  /** The Permission account at address `pk`, or null when there is none. */
  async fetchMaybePermission(pk: KeyInput): Promise<Permission<K> | null> {
    expectKey(pk, 'pk');
    return this.fetchMaybe(this.dec.permission, pk, 'permission');
  }
  /** The Permission account granted to `user` (its PDA), or null when it has none. */
  async fetchPermissionOf(user: KeyInput): Promise<Permission<K> | null> {
    expectKey(user, 'user');
    return this.fetchMaybePermission(getPermissionPda(this.programId, user)[0]);
  }
  /** The program's GlobalState (at its PDA). */
  async fetchGlobalState(): Promise<GlobalState<K>> {
    return this.fetchOne(this.dec.globalState, getGlobalStatePda(this.programId)[0], 'GlobalState');
  }
  /** The program's GlobalConfig (at its PDA). */
  async fetchGlobalConfig(): Promise<GlobalConfig<K>> {
    return this.fetchOne(this.dec.globalConfig, getGlobalConfigPda(this.programId)[0], 'GlobalConfig');
  }

  /** Devices at `pks`, in order; null for a missing account (batched 100 keys per call). */
  async fetchMultipleDevices(pks: readonly KeyInput[]): Promise<(Device<K> | null)[]> {
    expectArray(pks, 'pks');
    return this.fetchMultiple(this.dec.device, pks);
  }

  /** Links at `pks`, in order; null for a missing account. */
  async fetchMultipleLinks(pks: readonly KeyInput[]): Promise<(Link<K> | null)[]> {
    expectArray(pks, 'pks');
    return this.fetchMultiple(this.dec.link, pks);
  }

  private async fetchMultiple<T>(decoder: Decoder<T>, pks: readonly KeyInput[]): Promise<(T | null)[]> {
    pks.forEach((pk, i) => expectKey(pk, `pks[${i}]`));
    const recs = await this.source.getAccounts(pks);
    return recs.map((r) => (r ? this.decode(decoder, r) : null));
  }

  // ------------------------------------------------------------------------------ listings

  private async list<T>(
    type: AccountType,
    decoder: Decoder<T>,
    extra: ProgramAccountsFilter[],
    keep: (v: T) => boolean,
    handling: DecodeErrorHandling<K>,
  ): Promise<EntryList<T, K>> {
    const recs: AccountList<K> = await this.source.getProgramAccounts(this.programId, [accountTypeFilter(type), ...extra]);
    if (recs.duplicates) {
      const message = `the node listed ${recs.duplicates} ${AccountType[type] ?? 'account'} account${recs.duplicates === 1 ? '' : 's'} twice (with the same bytes): merged`;
      (handling.onWarning ?? ((m: string) => console.warn(`dzprov: ${m}`)))(message);
    }
    const out: EntryList<T, K> = withSlot([], recs.slot);
    for (const r of recs) {
      let account: T;
      try {
        account = this.decodeListed(decoder, r);
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
  async listDevices(opts: ListDevicesOptions<K> = {}): Promise<EntryList<Device<K>, K>> {
    expectObject(opts, 'opts');
    const q = deviceQuery<K>(opts);
    return this.list(AccountType.Device, this.dec.device, q.filters, q.keep, opts);
  }

  /** Every Link (type-byte filter), plus side A / side Z / status memcmp filters; `contributor` applied here. */
  async listLinks(opts: ListLinksOptions<K> = {}): Promise<EntryList<Link<K>, K>> {
    expectObject(opts, 'opts');
    const q = linkQuery<K>(opts);
    return this.list(AccountType.Link, this.dec.link, q.filters, q.keep, opts);
  }

  /** Every Contributor account of the program. */
  async listContributors(opts: DecodeErrorHandling<K> = {}): Promise<Entry<Contributor<K>, K>[]> {
    expectObject(opts, 'opts');
    return this.list(AccountType.Contributor, this.dec.contributor, [], () => true, opts);
  }
  /** Every Location account of the program. */
  async listLocations(opts: DecodeErrorHandling<K> = {}): Promise<Entry<Location<K>, K>[]> {
    expectObject(opts, 'opts');
    return this.list(AccountType.Location, this.dec.location, [], () => true, opts);
  }
  /** Every Exchange account of the program. */
  async listExchanges(opts: DecodeErrorHandling<K> = {}): Promise<Entry<Exchange<K>, K>[]> {
    expectObject(opts, 'opts');
    return this.list(AccountType.Exchange, this.dec.exchange, [], () => true, opts);
  }
  /** Every Permission account of the program. */
  async listPermissions(opts: DecodeErrorHandling<K> = {}): Promise<Entry<Permission<K>, K>[]> {
    expectObject(opts, 'opts');
    return this.list(AccountType.Permission, this.dec.permission, [], () => true, opts);
  }

  // ------------------------------------------------------------------------------ by code

  private async findByCode<T extends { code: string }>(
    type: AccountType,
    decoder: Decoder<T>,
    offset: number,
    typeName: string,
    code: string,
  ): Promise<Entry<T, K>> {
    if (typeof code !== 'string' || code.length === 0) throw new ValidationError('code', 'must be a non-empty string');
    if (new TextEncoder().encode(code).length > 124) throw new ValidationError('code', 'longer than any stored code');
    // The program stores codes ASCII-lowercased; try the exact spelling too for older accounts.
    const spellings = [...new Set([asciiLower(code), code])];
    for (const s of spellings) {
      const found = await this.list(type, decoder, [stringFilter(offset, s)], () => true, {});
      if (found.length === 1) return found[0]!;
      if (found.length > 1) throw new AmbiguousCodeError(typeName, code, found.map((f) => keyText(f.pubkey)));
    }
    throw new AccountNotFoundError(code, `${typeName} with code`);
  }

  /** The device whose code is `code` (server-side memcmp on the code; case-insensitive for ASCII). */
  async findDeviceByCode(code: string): Promise<Entry<Device<K>, K>> {
    return this.findByCode(AccountType.Device, this.dec.device, DEVICE_OFFSETS.code, 'Device', code);
  }

  /** The link whose code is `code`. */
  async findLinkByCode(code: string): Promise<Entry<Link<K>, K>> {
    return this.findByCode(AccountType.Link, this.dec.link, LINK_OFFSETS.code, 'Link', code);
  }

  /** The contributor whose code is `code`. */
  async findContributorByCode(code: string): Promise<Entry<Contributor<K>, K>> {
    return this.findByCode(AccountType.Contributor, this.dec.contributor, CONTRIBUTOR_CODE_OFFSET, 'Contributor', code);
  }

  /** A contributor named by its code or its base58 address (as the `doublezero` CLI takes either). */
  async resolveContributor(codeOrPubkey: string | KeyInput): Promise<Entry<Contributor<K>, K>> {
    checkTarget(codeOrPubkey, 'codeOrPubkey');
    return this.resolve(codeOrPubkey, this.dec.contributor, 'Contributor', (c) => this.findContributorByCode(c));
  }

  /** A device named by its code or its base58 address. */
  async resolveDevice(codeOrPubkey: string | KeyInput): Promise<Entry<Device<K>, K>> {
    checkTarget(codeOrPubkey, 'codeOrPubkey');
    return this.resolve(codeOrPubkey, this.dec.device, 'Device', (c) => this.findDeviceByCode(c));
  }

  /** A link named by its code or its base58 address. */
  async resolveLink(codeOrPubkey: string | KeyInput): Promise<Entry<Link<K>, K>> {
    checkTarget(codeOrPubkey, 'codeOrPubkey');
    return this.resolve(codeOrPubkey, this.dec.link, 'Link', (c) => this.findLinkByCode(c));
  }

  private async resolve<T>(
    target: string | KeyInput,
    decoder: Decoder<T>,
    typeName: string,
    byCode: (code: string) => Promise<Entry<T, K>>,
  ): Promise<Entry<T, K>> {
    if (typeof target !== 'string') {
      expectKey(target, 'target');
      return { pubkey: this.keys.from(target), account: await this.fetchOne(decoder, target, typeName) };
    }
    if (target.trim() === '') {
      throw new ValidationError('target', `must be a ${typeName.toLowerCase()} code or a base58 address`);
    }
    const s = target.trim();
    if (parseAddress(s)) {
      const rec = await this.source.getAccount(s);
      if (rec) return { pubkey: this.keys.from(s), account: this.decode(decoder, rec) };
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
    payer: KeyInput,
    contributorPk: KeyInput,
    sideZ: { devicePk: KeyInput } | undefined,
    extra: readonly KeyInput[] = [],
  ): Promise<{ resolution: RoleResolution<K>; extra: (AccountRecord<K> | null)[] }> {
    expectKey(payer, 'payer');
    const gsPk = getGlobalStatePda(this.programId)[0];
    const permissionPda = getPermissionPda(this.programId, payer)[0];
    const keys = [gsPk, contributorPk, permissionPda, ...(sideZ ? [sideZ.devicePk] : []), ...extra];
    const recs = await this.source.getAccounts(keys);
    const [gsRec, contribRec, permRec] = recs;
    if (!gsRec) throw new AccountNotFoundError(keyText(gsPk), 'GlobalState');
    const globalState = this.decode(this.dec.globalState, gsRec);
    const contributor = contribRec ? this.decode(this.dec.contributor, contribRec) : null;
    const { permission, hasPermissionAccount } = this.permissionAt(permRec);

    let sideZDevice: Device<K> | null | undefined;
    let sideZContributor: Contributor<K> | null | undefined;
    let rest = recs.slice(3);
    if (sideZ) {
      const zRec = rest[0] ?? null;
      rest = rest.slice(1);
      sideZDevice = this.decodeSideDevice(zRec);
      if (sideZDevice) {
        sideZContributor = keyEquals(sideZDevice.contributorPk, contributorPk)
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
    const resolution: RoleResolution<K> = {
      payer: this.keys.from(payer),
      roles,
      globalState,
      strictPermissions: requiresPermissionAccounts(globalState),
      permissionPda: this.keys.from(permissionPda),
      permission,
      hasPermissionAccount,
      contributor,
      ...(sideZ ? { sideZDevice, sideZContributor } : {}),
    };
    return { resolution, extra: rest };
  }

  /** The payer's roles towards `device` (one getMultipleAccounts call). */
  async resolveDeviceRoles(payer: KeyInput, device: Device): Promise<RoleResolution<K>> {
    expectKey(payer, 'payer');
    expectDevice(device, 'device');
    return (await this.resolveWith(payer, device.contributorPk, undefined)).resolution;
  }

  /** The payer's roles towards `link` (one call; a second only when side Z has another contributor). */
  async resolveLinkRoles(payer: KeyInput, link: Link): Promise<RoleResolution<K>> {
    expectKey(payer, 'payer');
    expectLink(link, 'link');
    return (await this.resolveWith(payer, link.contributorPk, { devicePk: link.sideZPk })).resolution;
  }

  // ------------------------------------------------------------------------------ subscriptions

  /**
   * Live Device updates: a program subscription with the same filters as listDevices (type byte,
   * location / exchange / status memcmp on the node, contributor here), decoded. Returns an
   * unsubscribe function.
   */
  subscribeDevices(cb: (event: DeviceEvent<K>) => void, opts: SubscribeOptions<K> & DeviceFilters = {}): Unsubscribe {
    expectFunction(cb, 'cb');
    expectObject(opts, 'opts');
    return this.subscribe(AccountType.Device, this.dec.device, deviceQuery<K>(opts), cb, opts);
  }

  /** Live Link updates with the same filters as listLinks (side A / side Z / status on the node, contributor here). */
  subscribeLinks(cb: (event: LinkEvent<K>) => void, opts: SubscribeOptions<K> & LinkFilters = {}): Unsubscribe {
    expectFunction(cb, 'cb');
    expectObject(opts, 'opts');
    return this.subscribe(AccountType.Link, this.dec.link, linkQuery<K>(opts), cb, opts);
  }

  /** The newest slot the client knows from its own reads (the slot guard's reference). */
  private readSlot(): number | undefined {
    const src = this.source as { lastContextSlot?: unknown };
    return typeof src.lastContextSlot === 'number' ? src.lastContextSlot : undefined;
  }

  /**
   * One program subscription of one account type, checked: the node's notifications are
   * checked by the port, their slots here (SlotGuard), and nothing the subscriber does is thrown
   * back into the port.
   */
  private programSubscription(
    type: AccountType,
    extra: ProgramAccountsFilter[],
    commitment: Commitment,
    handlers: {
      onAccount(pubkey: K, data: Uint8Array, owner: KeyInput, slot: number): void;
      onStateChange?(state: SubscriptionState): void;
      onError(error: unknown, context: { pubkey?: K; slot?: number }): void;
    },
  ): Unsubscribe {
    if (!this.pubsub) throw new ValidationError('connection', 'required', 'subscribing needs an RPC connection with a WebSocket: pass rpcUrl or connection');
    const guard = new SlotGuard(() => this.readSlot());
    const keys = this.keys;
    const tell = (error: unknown, context: { pubkey?: K; slot?: number }) => {
      try {
        handlers.onError(error, context);
      } catch (inner) {
        console.error('dzprov: subscription error handler threw:', inner);
      }
    };
    return this.pubsub.programSubscribe(
      keyText(this.programId),
      { commitment, filters: [accountTypeFilter(type), ...extra], encoding: 'base64' },
      {
        onNotification: (n) => {
          let pubkey: K | undefined;
          try {
            pubkey = keys.from(n.pubkey);
            const absurd = guard.check(n.slot);
            if (absurd !== undefined) {
              tell(new MalformedNotificationError('programNotification', absurd), { pubkey, slot: n.slot });
              return;
            }
            handlers.onAccount(pubkey, n.account.data, n.account.owner, n.slot);
          } catch (e) {
            tell(e, { ...(pubkey !== undefined ? { pubkey } : {}), slot: n.slot });
          }
        },
        onStateChange: (state) => {
          try {
            handlers.onStateChange?.(state);
          } catch (e) {
            tell(e, {});
          }
        },
        onError: (error) => tell(error, {}),
        onSlot: (slot) => guard.observe(slot),
      },
    );
  }

  private subscribe<T>(
    type: AccountType,
    decoder: Decoder<T>,
    { filters: extra, keep }: Query<T>,
    cb: (event: { pubkey: K; account: T; slot: number }) => void,
    opts: SubscribeOptions<K>,
  ): Unsubscribe {
    if (typeof cb !== 'function') throw new ValidationError('callback', 'must be a function');
    if (opts.onError !== undefined) expectFunction(opts.onError, 'opts.onError');
    if (opts.onStateChange !== undefined) expectFunction(opts.onStateChange, 'opts.onStateChange');
    const onError =
      opts.onError ??
      ((error: unknown, ctx: { pubkey?: K; slot?: number }) =>
        console.error(`dzprov: subscription${ctx.pubkey !== undefined ? `: update of ${keyText(ctx.pubkey)} at slot ${ctx.slot}` : ''} not delivered:`, error));
    return this.programSubscription(type, extra, opts.commitment ?? this.commitment, {
      onAccount: (pubkey, data, owner, slot) => {
        const account = decoder(data, { owner, programId: this.programId, address: pubkey });
        if (keep(account)) cb({ pubkey, account, slot });
      },
      ...(opts.onStateChange ? { onStateChange: opts.onStateChange } : {}),
      onError,
    });
  }

  /**
   * A live view of the program's Devices and Links that stays equal to the node's (see
   * `Watcher`): subscribes, reads the baseline at the listing's own slot, applies the
   * notifications that are newer, and reads everything again after every (re)subscription,
   * reporting what changed, appeared or vanished. `done` rejects with the error that ended it
   * (a subscription the node kept refusing: SubscriptionFailedError; the first read failing).
   */
  watch(opts: WatchOptions<K>): Watcher<K> {
    expectObject(opts, 'opts');
    expectFunction(opts.onEvent, 'opts.onEvent');
    for (const k of ['onSynced', 'onStateChange', 'onError'] as const) if (opts[k] !== undefined) expectFunction(opts[k], `opts.${k}`);
    for (const k of ['devices', 'links'] as const) {
      const v = opts[k];
      if (v !== undefined && typeof v !== 'boolean') expectObject(v, `opts.${k}`);
    }
    for (const k of ['resyncEveryMs', 'maxAccounts', 'maxQueued'] as const) {
      if (opts[k] !== undefined) expectInteger(opts[k], `opts.${k}`, k === 'resyncEveryMs' ? 0 : 1);
    }
    if (opts.commitment !== undefined) expectString(opts.commitment, 'opts.commitment');
    const devices = opts.devices ?? true;
    const links = opts.links ?? true;
    const kinds: WatchKind[] = [...(devices !== false ? (['device'] as const) : []), ...(links !== false ? (['link'] as const) : [])];
    if (kinds.length === 0) throw new ValidationError('opts', 'must watch devices, links or both');
    const dq = deviceQuery<K>(typeof devices === 'object' ? devices : {});
    const lq = linkQuery<K>(typeof links === 'object' ? links : {});
    if (!this.pubsub) throw new ValidationError('connection', 'required', 'watching needs an RPC connection with a WebSocket: pass rpcUrl or connection');
    const commitment = opts.commitment ?? this.commitment;
    const backend: WatchBackend<K> = {
      subscribe: (kind, h) =>
        this.programSubscription(kind === 'device' ? AccountType.Device : AccountType.Link, kind === 'device' ? dq.filters : lq.filters, commitment, {
          onAccount: h.onAccount,
          onStateChange: h.onStateChange,
          onError: (e) => h.onError(e),
        }),
      list: async (kind) => {
        const type = kind === 'device' ? AccountType.Device : AccountType.Link;
        const recs: AccountList<K> = await this.source.getProgramAccounts(this.programId, [accountTypeFilter(type), ...(kind === 'device' ? dq.filters : lq.filters)]);
        return { slot: recs.slot, entries: recs.map((r) => ({ pubkey: r.pubkey, data: r.data, owner: r.owner as KeyInput })) };
      },
      pause: () => this.pubsub!.pause?.(),
      decode: (kind, pubkey, data, owner) => {
        const o = { owner, programId: this.programId, address: pubkey };
        if (kind === 'device') {
          const d = this.dec.device(data, o);
          return { account: d, keep: dq.keep(d) };
        }
        const l = this.dec.link(data, o);
        return { account: l, keep: lq.keep(l) };
      },
    };
    const onError =
      opts.onError ??
      ((error: unknown, ctx: { pubkey?: K }) => console.error(`dzprov: watch${ctx.pubkey !== undefined ? ` (${keyText(ctx.pubkey)})` : ''}:`, error));
    return new Watcher<K>(backend, {
      kinds,
      onEvent: opts.onEvent as (e: WatchEvent<unknown, K>) => void,
      onError,
      ...(opts.onSynced ? { onSynced: opts.onSynced } : {}),
      ...(opts.onStateChange ? { onStateChange: opts.onStateChange } : {}),
      ...(opts.resyncEveryMs !== undefined ? { resyncEveryMs: opts.resyncEveryMs } : {}),
      ...(opts.maxAccounts !== undefined ? { maxAccounts: opts.maxAccounts } : {}),
      ...(opts.maxQueued !== undefined ? { maxQueued: opts.maxQueued } : {}),
    });
  }

  // ------------------------------------------------------------------------------ intents: prepare

  private device(target: string | KeyInput): Promise<Entry<Device<K>, K>> {
    return this.resolveDevice(target);
  }

  private prepared<T>(
    intent: DeviceIntent | LinkIntent,
    kind: 'device' | 'link',
    target: K,
    payerInput: KeyInput,
    ix: CoreInstruction | null,
    resolution: RoleResolution<K>,
    before: T,
    description: string,
    alreadyDone?: string,
  ): PreparedIntent<T, K, Ix> {
    const payer = this.keys.from(payerInput);
    if (alreadyDone !== undefined || ix === null) {
      return { intent, kind, target, payer, instructions: [], roles: resolution.roles, resolution, before, description, alreadyDone: alreadyDone ?? description };
    }
    return {
      intent,
      kind,
      target,
      payer,
      instructions: [...this.prelude(), ix].map((i) => this.door.toInstruction(i)),
      roles: resolution.roles,
      resolution,
      before,
      description,
    };
  }

  private async prepareDevice(
    intent: DeviceIntent,
    target: string | KeyInput,
    payer: KeyInput,
    what: (d: Device<K>) => string,
    build: (input: checked.CheckedDeviceInput, extra: (AccountRecord<K> | null)[]) => CoreInstruction,
    extraKeys: (pk: K, d: Device<K>) => KeyInput[] = () => [],
    done: (d: Device<K>, pk: K) => string | undefined = () => undefined,
  ): Promise<PreparedIntent<Device<K>, K, Ix>> {
    expectKey(payer, 'payer');
    const seq = this.sends.seq;
    const { pubkey, account } = await this.device(target);
    const { resolution, extra } = await this.resolveWith(payer, account.contributorPk, undefined, extraKeys(pubkey, account));
    const desc = `${intentLabel(intent)} device ${account.code || '(no code)'} (${keyText(pubkey)}): ${what(account)}`;
    const already = done(account, pubkey);
    if (already !== undefined) {
      return this.stamp(this.prepared(intent, 'device', pubkey, payer, null, resolution, account, desc, `device ${account.code || keyText(pubkey)} ${already}`), seq);
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
    return this.stamp(this.prepared(intent, 'device', pubkey, payer, ix, resolution, account, desc), seq);
  }

  private async prepareLink(
    intent: LinkIntent,
    target: string | KeyInput,
    payer: KeyInput,
    what: (l: Link<K>) => string,
    build: (input: checked.CheckedLinkInput) => CoreInstruction,
    done: (l: Link<K>) => string | undefined = () => undefined,
  ): Promise<PreparedIntent<Link<K>, K, Ix>> {
    expectKey(payer, 'payer');
    const seq = this.sends.seq;
    const { pubkey, account } = await this.resolveLink(target);
    // Side A comes in the same read: AcceptLink and DeleteLink rewrite both side devices.
    const { resolution, extra } = await this.resolveWith(payer, account.contributorPk, { devicePk: account.sideZPk }, [account.sideAPk]);
    const desc = `${intentLabel(intent)} link ${account.code || '(no code)'} (${keyText(pubkey)}): ${what(account)}`;
    const already = done(account);
    if (already !== undefined) {
      return this.stamp(this.prepared(intent, 'link', pubkey, payer, null, resolution, account, desc, `link ${account.code || keyText(pubkey)} ${already}`), seq);
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
      ...(this.decodeSideDevice(sideARec) ? { sideADevice: this.decodeSideDevice(sideARec)! } : {}),
    });
    return this.stamp(this.prepared(intent, 'link', pubkey, payer, ix, resolution, account, desc), seq);
  }

  /** Prepares draining a device (status Drained, desired status Drained) (`target` is the device's code or its address) for `payer`: reads the device and the payer's roles, checks the lifecycle and builds the instruction, or says it is already done. Nothing is sent; `send` sends it. */
  async prepareDrainDevice(target: string | KeyInput, payer: KeyInput): Promise<PreparedIntent<Device<K>, K, Ix>> {
    checkTarget(target, 'target');
    expectKey(payer, 'payer');
    return this.prepareDevice('drainDevice', target, payer, (d) => `${deviceStatusLabel(d.status)} → drained`, (i) => checked.drainDevice(i), undefined, (d) =>
      deviceAt(d, DeviceStatus.Drained),
    );
  }
  /** Prepares returning a drained device to service (status Activated, desired status Activated) (`target` is the device's code or its address) for `payer`: reads the device and the payer's roles, checks the lifecycle and builds the instruction, or says it is already done. Nothing is sent; `send` sends it. */
  async prepareUndrainDevice(target: string | KeyInput, payer: KeyInput): Promise<PreparedIntent<Device<K>, K, Ix>> {
    checkTarget(target, 'target');
    expectKey(payer, 'payer');
    return this.prepareDevice('undrainDevice', target, payer, (d) => `${deviceStatusLabel(d.status)} → activated`, (i) => checked.undrainDevice(i), undefined, (d) =>
      deviceAt(d, DeviceStatus.Activated),
    );
  }
  /**
   * The reconciler's next step, named by the status it leads to (`to`: link-provisioning,
   * activated or drained): refused (IllegalTransitionError) unless the next step of the device as
   * read now is `to`, and "already done" when the device already is `to` — so re-running it after
   * an unknown outcome never takes a second step. `nextDeviceStatus(device)` says which step is due.
   */
  async preparePromoteDevice(target: string | KeyInput, to: DeviceStatus, payer: KeyInput): Promise<PreparedIntent<Device<K>, K, Ix>> {
    checkTarget(target, 'target');
    expectPromoteTarget(to);
    expectKey(payer, 'payer');
    return this.prepareDevice(
      'promoteDevice',
      target,
      payer,
      (d) => `${deviceStatusLabel(d.status)} → ${deviceStatusLabel(to)}`,
      (i) => checked.promoteDevice({ ...i, to }),
      undefined,
      (d) => (d.status === to ? `is already ${deviceStatusLabel(to)}` : undefined),
    );
  }
  /**
   * Any status write the lifecycle allows the payer (e.g. pending → device-provisioning by a
   * network admin); a write into activated or drained carries the matching desired status.
   */
  async prepareChangeDeviceStatus(target: string | KeyInput, to: DeviceStatus, payer: KeyInput): Promise<PreparedIntent<Device<K>, K, Ix>> {
    checkTarget(target, 'target');
    expectNumber(to, 'to');
    expectKey(payer, 'payer');
    return this.prepareDevice('changeDeviceStatus', target, payer, (d) => `${deviceStatusLabel(d.status)} → ${deviceStatusLabel(to)}`, (i) =>
      checked.changeDeviceStatus({ ...i, to }),
      undefined,
      (d) => deviceAt(d, to),
    );
  }
  /** Prepares a write of the device's desired status `to` (`target` is the device's code or its address) for `payer`: reads the device and the payer's roles, checks the lifecycle and builds the instruction, or says it is already done. Nothing is sent; `send` sends it. */
  async prepareSetDeviceDesiredStatus(target: string | KeyInput, to: DeviceDesiredStatus, payer: KeyInput): Promise<PreparedIntent<Device<K>, K, Ix>> {
    checkTarget(target, 'target');
    expectNumber(to, 'to');
    expectKey(payer, 'payer');
    return this.prepareDevice('setDeviceDesiredStatus', target, payer, (d) => `desired status ${deviceDesiredStatusLabel(d.desiredStatus)} → ${deviceDesiredStatusLabel(to)}`, (i) =>
      checked.setDeviceDesiredStatus({ ...i, to }),
      undefined,
      (d) => (d.desiredStatus === to ? `already has desired status ${deviceDesiredStatusLabel(to)}` : undefined),
    );
  }
  /** Prepares a write of the device's health (as its health oracle) (`target` is the device's code or its address) for `payer`: reads the device and the payer's roles, checks the lifecycle and builds the instruction, or says it is already done. Nothing is sent; `send` sends it. */
  async prepareSetDeviceHealth(target: string | KeyInput, health: DeviceHealth, payer: KeyInput): Promise<PreparedIntent<Device<K>, K, Ix>> {
    checkTarget(target, 'target');
    expectDeclared(health, DeviceHealthSpec, 'health');
    expectKey(payer, 'payer');
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
  async prepareDeleteDevice(target: string | KeyInput, payer: KeyInput): Promise<PreparedIntent<Device<K>, K, Ix>> {
    checkTarget(target, 'target');
    expectKey(payer, 'payer');
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

  private deleteResources(device: Device, recs: (AccountRecord<K> | null)[]): DeviceDeleteResources {
    const owners: K[] = [];
    for (const r of recs) {
      if (!r || !keyEquals(r.owner, this.programId) || r.data.length < 33 || r.data[0] !== AccountType.ResourceExtension) {
        return { kind: 'legacy' };
      }
      owners.push(this.keys.at(r.data, 1));
    }
    if (owners.length === 0) return { kind: 'legacy' };
    return { kind: 'atomic', location: device.locationPk, exchange: device.exchangePk, owners, deviceOwner: device.owner };
  }

  // ------------------------------------------------------------------------------ intents: device onboarding

  /** A Contributor, Location or Exchange named by its code (ASCII case ignored) or its address. */
  private resolveNamed<T extends { code: string }>(
    target: CodeOrKey,
    decoder: Decoder<T>,
    typeName: string,
    list: () => Promise<Entry<T, K>[]>,
  ): Promise<Entry<T, K>> {
    return this.resolve(target, decoder, typeName, async (code) => {
      const want = asciiLower(code);
      const found = (await list()).filter((e) => asciiLower(e.account.code) === want);
      if (found.length > 1) throw new AmbiguousCodeError(typeName, code, found.map((f) => keyText(f.pubkey)));
      if (found.length === 0) throw new AccountNotFoundError(code, `${typeName} with code`);
      return found[0]!;
    });
  }
  private contributorOf(target: CodeOrKey): Promise<Entry<Contributor<K>, K>> {
    return this.resolveNamed(target, this.dec.contributor, 'Contributor', () => this.listContributors());
  }
  private locationOf(target: CodeOrKey): Promise<Entry<Location<K>, K>> {
    return this.resolveNamed(target, this.dec.location, 'Location', () => this.listLocations());
  }
  private exchangeOf(target: CodeOrKey): Promise<Entry<Exchange<K>, K>> {
    return this.resolveNamed(target, this.dec.exchange, 'Exchange', () => this.listExchanges());
  }

  /**
   * Refuses (AccountConflictError) a code or a public IP another device already has, or a public
   * IP inside another device's dz prefix (as the `doublezero` CLI does: the program does not check
   * either, and a second device of one code makes every code lookup ambiguous).
   */
  /**
   * Every device that decodes, for the code and public-IP checks of a create or an update: one
   * that does not decode has no code or address to compare, and a damaged account elsewhere in
   * the program must not block writing this one (the program does not look at it either).
   */
  private comparableDevices(): Promise<EntryList<Device<K>, K>> {
    return this.listDevices({ onDecodeError: () => undefined });
  }

  private checkDeviceUnique(devices: readonly Entry<Device<K>, K>[], self: KeyInput | undefined, code: string | undefined, publicIp: string | undefined): void {
    for (const { pubkey, account: d } of devices) {
      if (self !== undefined && keyEquals(pubkey, self)) continue;
      if (code !== undefined && d.code === asciiLower(code)) {
        throw new AccountConflictError('code', keyText(pubkey), `device code ${asciiLower(code)} is already device ${keyText(pubkey)}'s`);
      }
      if (publicIp === undefined) continue;
      if (d.publicIp === publicIp) {
        throw new AccountConflictError('publicIp', keyText(pubkey), `public IP ${publicIp} is already device ${d.code || keyText(pubkey)}'s`);
      }
      const prefix = d.dzPrefixes.find((p) => networkContains(p, publicIp));
      if (prefix !== undefined) {
        throw new AccountConflictError('publicIp', keyText(pubkey), `public IP ${publicIp} lies inside dz prefix ${prefix} of device ${d.code || keyText(pubkey)}`);
      }
    }
  }

  /**
   * CreateDevice: the request is checked before anything is read; then the Contributor, Location
   * and Exchange (codes or addresses) and every device are read, the payer's roles resolved (the
   * Contributor's owner or a network admin), and the new device's address derived from
   * GlobalState's account index. Its resource accounts (TunnelIds, one DzPrefixBlock per prefix)
   * are created by the program in the same instruction. A device of that code with the same
   * fields is "already done" (target: that device); with other fields, or a code or public IP
   * another device has, AccountConflictError. `before` is null: the device does not exist yet.
   * Another account created between this read and the send moves the index: the simulation then
   * fails (prepare again).
   */
  async prepareCreateDevice(request: CreateDeviceRequest, payer: KeyInput): Promise<PreparedIntent<Device<K> | null, K, Ix>> {
    expectKey(payer, 'payer');
    const args = createDeviceArgsOf(request, payer);
    const seq = this.sends.seq;
    const [contributor, location, exchange] = await Promise.all([this.contributorOf(request.contributor), this.locationOf(request.location), this.exchangeOf(request.exchange)]);
    const devices = await this.comparableDevices();
    const { resolution } = await this.resolveWith(payer, contributor.pubkey, undefined);
    const code = asciiLower(args.code);
    const same = devices.filter((e) => e.account.code === code);
    if (same.length > 1) throw new AmbiguousCodeError('Device', code, same.map((e) => keyText(e.pubkey)));
    const where = `at ${location.account.code}/${exchange.account.code} for ${contributor.account.code}`;
    if (same.length === 1) {
      const { pubkey, account } = same[0]!;
      const diffs = createdDeviceDifferences(account, { contributorPk: contributor.pubkey, locationPk: location.pubkey, exchangePk: exchange.pubkey, args });
      if (diffs.length > 0) {
        throw new AccountConflictError('code', keyText(pubkey), `device ${code} already exists (${keyText(pubkey)}) with other fields: ${diffs.join('; ')}`);
      }
      const desc = `create device ${code} (${keyText(pubkey)}) ${where}`;
      return this.stamp(this.prepared('createDevice', 'device', pubkey, payer, null, resolution, account, desc, `device ${code} already exists with these fields (${keyText(pubkey)})`), seq);
    }
    this.checkDeviceUnique(devices, undefined, undefined, args.publicIp);
    const deviceIndex = resolution.globalState.accountIndex + 1n;
    const devicePk = this.keys.from(getDevicePda(this.programId, deviceIndex)[0]);
    const ix = checked.createDevice({
      programId: this.programId,
      payer,
      roles: resolution.roles,
      appendPermission: resolution.hasPermissionAccount,
      contributorPk: contributor.pubkey,
      locationPk: location.pubkey,
      exchangePk: exchange.pubkey,
      deviceIndex,
      args,
    });
    const desc = `create device ${code} (${keyText(devicePk)}) ${where}: public IP ${args.publicIp}, dz prefixes ${args.dzPrefixes.join(',')}`;
    return this.stamp(this.prepared<Device<K> | null>('createDevice', 'device', devicePk, payer, ix, resolution, null, desc), seq);
  }

  /**
   * UpdateDevice of the device's fields (not its status: see drainDevice, changeDeviceStatus...):
   * checked before anything is read; the Location (a move) and Contributor named by code or
   * address; "already done" when the device already has every value given; a code or public IP
   * another device has is an AccountConflictError; the device the update leaves is checked as the
   * program checks it, and a field the program would drop for the payer (the counters and the
   * contributor are a network admin's) is refused.
   */
  async prepareUpdateDevice(target: string | KeyInput, changes: UpdateDeviceRequest, payer: KeyInput): Promise<PreparedIntent<Device<K>, K, Ix>> {
    checkTarget(target, 'target');
    checkUpdateDeviceRequest(changes);
    expectKey(payer, 'payer');
    const seq = this.sends.seq;
    const { pubkey, account } = await this.device(target);
    const contributor = changes.contributor !== undefined ? await this.contributorOf(changes.contributor) : undefined;
    const location = changes.location !== undefined ? await this.locationOf(changes.location) : undefined;
    const args = updateDeviceArgsOf(changes, contributor?.pubkey);
    const { resolution } = await this.resolveWith(payer, account.contributorPk, undefined);
    const diffs = deviceUpdateChanges(account, args, location?.pubkey);
    const desc = `update device ${account.code || '(no code)'} (${keyText(pubkey)}): ${diffs.join(', ') || 'no change'}`;
    if (diffs.length === 0) {
      return this.stamp(this.prepared('updateDevice', 'device', pubkey, payer, null, resolution, account, desc, `device ${account.code || keyText(pubkey)} already has these values`), seq);
    }
    const newCode = args.code != null && asciiLower(args.code) !== account.code ? args.code : undefined;
    const newIp = args.publicIp != null && args.publicIp !== account.publicIp ? args.publicIp : undefined;
    if (newCode !== undefined || newIp !== undefined) this.checkDeviceUnique(await this.comparableDevices(), pubkey, newCode, newIp);
    const ix = checked.updateDeviceFields({
      programId: this.programId,
      payer,
      devicePk: pubkey,
      device: account,
      roles: resolution.roles,
      appendPermission: resolution.hasPermissionAccount,
      args,
      ...(location ? { newLocation: location.pubkey } : {}),
    });
    return this.stamp(this.prepared('updateDevice', 'device', pubkey, payer, ix, resolution, account, desc), seq);
  }

  /**
   * CreateDeviceInterface (loopback, physical, CYOA/DIA, subinterface `Ethernet1.100`): the request
   * is checked before anything is read (a name the program would never match is refused), the
   * `doublezero` CLI's defaults filled in (mtu 1500 for CYOA/DIA, else 9000). An interface of that
   * name with the same fields is "already done"; with other fields, AccountConflictError.
   */
  async prepareCreateDeviceInterface(target: string | KeyInput, request: CreateDeviceInterfaceRequest, payer: KeyInput): Promise<PreparedIntent<Device<K>, K, Ix>> {
    checkTarget(target, 'target');
    const args = createDeviceInterfaceArgsOf(request);
    expectKey(payer, 'payer');
    return this.prepareDevice(
      'createDeviceInterface',
      target,
      payer,
      () => `${args.name}`,
      (i) => checked.createDeviceInterface({ ...i, args }),
      undefined,
      (d, pk) => {
        const at = findInterfaceIndex(d, args.name);
        if (at < 0) return undefined;
        const diffs = createdInterfaceDifferences(d.interfaces[at]!, args);
        if (diffs.length > 0) {
          throw new AccountConflictError('name', keyText(pk), `device ${d.code} already has an interface ${d.interfaces[at]!.name} with other fields: ${diffs.join('; ')}`);
        }
        return `already has interface ${d.interfaces[at]!.name} with these fields`;
      },
    );
  }

  /** UpdateDeviceInterface of the fields given; "already done" when the interface already has them all. */
  async prepareUpdateDeviceInterface(target: string | KeyInput, changes: UpdateDeviceInterfaceRequest, payer: KeyInput): Promise<PreparedIntent<Device<K>, K, Ix>> {
    checkTarget(target, 'target');
    const args = updateDeviceInterfaceArgsOf(changes);
    expectKey(payer, 'payer');
    return this.prepareDevice(
      'updateDeviceInterface',
      target,
      payer,
      (d) => {
        const at = findInterfaceIndex(d, args.name);
        return `${args.name}${at < 0 ? '' : `: ${interfaceUpdateChanges(d.interfaces[at]!, args).join(', ')}`}`;
      },
      (i) => checked.updateDeviceInterface({ ...i, args }),
      undefined,
      (d) => {
        const at = findInterfaceIndex(d, args.name);
        if (at < 0 || interfaceUpdateChanges(d.interfaces[at]!, args).length > 0) return undefined;
        return `interface ${d.interfaces[at]!.name} already has these values`;
      },
    );
  }

  /**
   * DeleteDeviceInterface; "already done" when the device has no interface of that name (the
   * message lists the ones it has). A name the program would never match is refused before
   * anything is read.
   */
  async prepareDeleteDeviceInterface(target: string | KeyInput, name: string, payer: KeyInput): Promise<PreparedIntent<Device<K>, K, Ix>> {
    checkTarget(target, 'target');
    expectString(name, 'name');
    beforeReading(() => validateDeleteDeviceInterfaceArgs({ name }));
    expectKey(payer, 'payer');
    return this.prepareDevice(
      'deleteDeviceInterface',
      target,
      payer,
      () => name,
      (i) => checked.deleteDeviceInterface({ ...i, name }),
      undefined,
      (d) => (findInterfaceIndex(d, name) < 0 ? `has no interface ${name} (it has: ${d.interfaces.map((f) => f.name).join(', ') || 'none'})` : undefined),
    );
  }

  /** Prepares soft-draining a link (`target` is the link's code or its address) for `payer`: reads the link and the payer's roles, checks the lifecycle and builds the instruction, or says it is already done. Nothing is sent; `send` sends it. */
  async prepareSoftDrainLink(target: string | KeyInput, payer: KeyInput): Promise<PreparedIntent<Link<K>, K, Ix>> {
    checkTarget(target, 'target');
    expectKey(payer, 'payer');
    return this.prepareLink('softDrainLink', target, payer, (l) => `${linkStatusLabel(l.status)} → soft-drained`, (i) => checked.softDrainLink(i), (l) =>
      linkAt(l, LinkStatus.SoftDrained),
    );
  }
  /** Prepares hard-draining a link (`target` is the link's code or its address) for `payer`: reads the link and the payer's roles, checks the lifecycle and builds the instruction, or says it is already done. Nothing is sent; `send` sends it. */
  async prepareHardDrainLink(target: string | KeyInput, payer: KeyInput): Promise<PreparedIntent<Link<K>, K, Ix>> {
    checkTarget(target, 'target');
    expectKey(payer, 'payer');
    return this.prepareLink('hardDrainLink', target, payer, (l) => `${linkStatusLabel(l.status)} → hard-drained`, (i) => checked.hardDrainLink(i), (l) =>
      linkAt(l, LinkStatus.HardDrained),
    );
  }
  /** Prepares activating a link (from provisioning or a drain) (`target` is the link's code or its address) for `payer`: reads the link and the payer's roles, checks the lifecycle and builds the instruction, or says it is already done. Nothing is sent; `send` sends it. */
  async prepareActivateLink(target: string | KeyInput, payer: KeyInput): Promise<PreparedIntent<Link<K>, K, Ix>> {
    checkTarget(target, 'target');
    expectKey(payer, 'payer');
    return this.prepareLink('activateLink', target, payer, (l) => `${linkStatusLabel(l.status)} → activated`, (i) => checked.activateLink(i), (l) =>
      linkAt(l, LinkStatus.Activated),
    );
  }
  /**
   * Any status write the lifecycle allows the payer (e.g. pending → provisioning by a network
   * admin); a write into activated or a drain carries the matching desired status. Requested →
   * activated goes through prepareAcceptLink.
   */
  async prepareChangeLinkStatus(target: string | KeyInput, to: LinkStatus, payer: KeyInput): Promise<PreparedIntent<Link<K>, K, Ix>> {
    checkTarget(target, 'target');
    expectNumber(to, 'to');
    expectKey(payer, 'payer');
    return this.prepareLink('changeLinkStatus', target, payer, (l) => `${linkStatusLabel(l.status)} → ${linkStatusLabel(to)}`, (i) =>
      checked.changeLinkStatus({ ...i, to }),
      (l) => linkAt(l, to),
    );
  }
  /**
   * Prepares side Z's acceptance of a requested DZX link on its interface `sideZIfaceName`
   * (`target` is the link's code or its address) for `payer`: reads the link, the side-Z device
   * and the payer's roles, checks the lifecycle and the interface (it exists under exactly that
   * name, is unlinked, has no CYOA/DIA, and its bandwidth covers the link's: an
   * InstructionArgumentError otherwise) and builds the instruction, or says it is already done.
   * Nothing is sent; `send` sends it.
   */
  async prepareAcceptLink(target: string | KeyInput, sideZIfaceName: string, payer: KeyInput): Promise<PreparedIntent<Link<K>, K, Ix>> {
    checkTarget(target, 'target');
    expectString(sideZIfaceName, 'sideZIfaceName');
    expectKey(payer, 'payer');
    return this.prepareLink('acceptLink', target, payer, (l) => `${linkStatusLabel(l.status)} → activated (accept on ${sideZIfaceName})`, (i) =>
      checked.acceptLink({ ...i, sideZIfaceName }),
      (l) =>
        l.status === LinkStatus.Activated && l.sideZIfaceName === sideZIfaceName
          ? `is already accepted on ${sideZIfaceName} (status activated)`
          : undefined,
    );
  }
  /** Prepares a write of the link's desired status `to` (`target` is the link's code or its address) for `payer`: reads the link and the payer's roles, checks the lifecycle and builds the instruction, or says it is already done. Nothing is sent; `send` sends it. */
  async prepareSetLinkDesiredStatus(target: string | KeyInput, to: LinkDesiredStatus, payer: KeyInput): Promise<PreparedIntent<Link<K>, K, Ix>> {
    checkTarget(target, 'target');
    expectNumber(to, 'to');
    expectKey(payer, 'payer');
    return this.prepareLink('setLinkDesiredStatus', target, payer, (l) => `desired status ${linkDesiredStatusLabel(l.desiredStatus)} → ${linkDesiredStatusLabel(to)}`, (i) =>
      checked.setLinkDesiredStatus({ ...i, to }),
      (l) => (l.desiredStatus === to ? `already has desired status ${linkDesiredStatusLabel(to)}` : undefined),
    );
  }
  /** Prepares a write of the link's health (as its health oracle) (`target` is the link's code or its address) for `payer`: reads the link and the payer's roles, checks the lifecycle and builds the instruction, or says it is already done. Nothing is sent; `send` sends it. */
  async prepareSetLinkHealth(target: string | KeyInput, health: LinkHealth, payer: KeyInput): Promise<PreparedIntent<Link<K>, K, Ix>> {
    checkTarget(target, 'target');
    expectDeclared(health, LinkHealthSpec, 'health');
    expectKey(payer, 'payer');
    return this.prepareLink('setLinkHealth', target, payer, (l) => `health ${linkHealthLabel(l.linkHealth)} → ${linkHealthLabel(health)}`, (i) => checked.setLinkHealth({ ...i, to: health }), (l) =>
      l.linkHealth === health ? `already has health ${linkHealthLabel(health)}` : undefined,
    );
  }
  /** Prepares deleting a link (`target` is the link's code or its address) for `payer`: reads the link and the payer's roles, checks the lifecycle and builds the instruction, or says it is already done. Nothing is sent; `send` sends it. */
  async prepareDeleteLink(target: string | KeyInput, payer: KeyInput): Promise<PreparedIntent<Link<K>, K, Ix>> {
    checkTarget(target, 'target');
    expectKey(payer, 'payer');
    return this.prepareLink('deleteLink', target, payer, (l) => `${linkStatusLabel(l.status)} → deleted`, (i) => checked.deleteLink(i), (l) =>
      l.status === LinkStatus.Deleting ? 'is already being deleted (status deleting)' : undefined,
    );
  }

  /**
   * CreateLink (WAN or DZX) between two devices named by code or address, for a contributor named
   * by code or address. The request is checked offline before anything is read (ValidationError
   * naming the field, its rule naming the program's error when it has one); then the side devices,
   * the contributor and any link with that code are read. A link with that code and the same
   * fields makes the intent "already done" (nothing sent); with other fields it is refused
   * (AccountConflictError). Otherwise the payer's roles are resolved and the checked builder
   * checks what the program checks on both side devices. The target is the new link's address.
   */
  async prepareCreateLink(request: CreateLinkRequest, payer: KeyInput): Promise<PreparedIntent<Link<K> | null, K, Ix>> {
    const args = checkCreateLinkRequest(request);
    expectKey(payer, 'payer');
    const seq = this.sends.seq;
    const [a, z, contributor] = await Promise.all([this.resolveDevice(request.sideA), this.resolveDevice(request.sideZ), this.resolveContributor(request.contributor)]);
    const existing = await this.findLinkByCode(request.code).catch((e: unknown) => {
      if (e instanceof AccountNotFoundError) return null;
      throw e;
    });
    const { resolution } = await this.resolveWith(payer, contributor.pubkey, undefined);
    const zEnd = args.sideZIfaceName != null ? `${z.account.code}:${args.sideZIfaceName}` : z.account.code;
    const what = `${linkLinkTypeLabel(args.linkType)} ${a.account.code}:${args.sideAIfaceName} → ${zEnd}, ${String(args.bandwidth)} bps`;
    if (existing) {
      const diffs = createLinkDifferences(existing.account, { sideA: a.pubkey, sideZ: z.pubkey, contributor: contributor.pubkey, args });
      if (diffs.length > 0) {
        throw new AccountConflictError('code', keyText(existing.pubkey), `a link with the code "${request.code}" already exists (${keyText(existing.pubkey)}) with other fields: ${diffs.join('; ')}; nothing sent`, diffs);
      }
      const desc = `create link ${existing.account.code} (${keyText(existing.pubkey)}): ${what}`;
      return this.stamp(
        this.prepared('createLink', 'link', existing.pubkey, payer, null, resolution, existing.account as Link<K> | null, desc, `link ${existing.account.code} already exists with these fields (status ${linkStatusLabel(existing.account.status)})`),
        seq,
      );
    }
    const linkIndex = resolution.globalState.accountIndex + 1n;
    const target = this.keys.from(getLinkPda(this.programId, linkIndex)[0]);
    const ix = checked.createLink({
      programId: this.programId,
      payer,
      roles: resolution.roles,
      appendPermission: resolution.hasPermissionAccount,
      contributorPk: contributor.pubkey,
      sideAPk: a.pubkey,
      sideADevice: a.account,
      sideZPk: z.pubkey,
      sideZDevice: z.account,
      linkIndex,
      args,
    });
    // The target is the new link's address (GlobalState's next index): two creates prepared
    // together name the same one, and the second is stale once the first is sent.
    return this.stamp(this.prepared('createLink', 'link', target, payer, ix, resolution, null as Link<K> | null, `create link ${asciiLower(request.code)} (${keyText(target)}): ${what}`), seq);
  }

  /**
   * UpdateLink of the link's fields (code, bandwidth, mtu, delay, jitter, delay override, status,
   * desired status, tunnel id and network, unicast drained; absent = unchanged). The changes are
   * checked offline before anything is read; a link that already holds every given value makes
   * the intent "already done". See checked.updateLink for who may change what.
   */
  async prepareUpdateLink(target: string | KeyInput, changes: checked.LinkFieldChanges, payer: KeyInput): Promise<PreparedIntent<Link<K>, K, Ix>> {
    checkTarget(target, 'target');
    const given = checkLinkChanges(changes);
    expectKey(payer, 'payer');
    return this.prepareLink(
      'updateLink',
      target,
      payer,
      (l) => given.map((k) => `${k} ${fieldText(k, currentLinkField(l, k))} → ${fieldText(k, changes[k])}`).join(', '),
      (i) => checked.updateLink({ ...i, changes }),
      (l) => (given.every((k) => sameLinkField(l, k, changes)) ? `already has ${given.map((k) => `${k} ${fieldText(k, changes[k])}`).join(', ')}` : undefined),
    );
  }

  // ------------------------------------------------------------------------------ simulate / send

  /** Simulates a prepared intent (no signature needed). Throws the program's typed error, logs attached. */
  async simulate<T>(prepared: PreparedIntent<T, K, Ix>, payer?: KeyInput): Promise<SimulationOutcome> {
    checkPrepared(prepared);
    const p = payer === undefined ? prepared.payer : payer;
    expectKey(p, 'payer');
    if (prepared.alreadyDone !== undefined) return { logs: [], unitsConsumed: undefined };
    return this.runner.simulate(this.coreInstructions(prepared.instructions), p);
  }

  /** Simulates, sends, confirms and re-reads a prepared intent. */
  /** Records when `prepared` was read (the client's send count then): see `send`. */
  private stamp<P extends object>(prepared: P, seq: number): P {
    this.preparedSeq.set(prepared, seq);
    return prepared;
  }

  /** Runs `fn` after every earlier send on `address` by this client has finished. */
  private async exclusive<T>(address: string, fn: () => Promise<T>): Promise<T> {
    const before = this.queue.get(address) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queue.set(address, tail);
    try {
      return await run;
    } finally {
      if (this.queue.get(address) === tail) this.queue.delete(address);
    }
  }

  /**
   * An intent of one call (`drainDevice`...): prepared and sent; prepared again when another
   * intent on the same target was sent by this client in between (ConcurrentIntentError), so
   * concurrent calls on one target take effect one after the other, each on fresh state.
   */
  private async prepareAndSend<T>(prepare: () => Promise<PreparedIntent<T, K, Ix>>, signer: S): Promise<IntentResult<T, Ix>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send(await prepare(), signer);
      } catch (e) {
        if (!(e instanceof ConcurrentIntentError) || attempt >= 8) throw e;
      }
    }
  }

  /**
   * Sends a prepared intent: simulates (unless `opts.simulate` is false), sends, confirms and
   * re-reads the account. An intent that was already done returns "already-done" and sends
   * nothing. `signer` must be the payer it was prepared for. One send at a time per target in this
   * client: an intent prepared before another send on its target is refused
   * (ConcurrentIntentError, nothing sent). Throws the program's typed error (with `landed` when it
   * failed on chain), TransactionConfirmationError (expired or unknown) or StateRefreshError.
   */
  async send<T>(prepared: PreparedIntent<T, K, Ix>, signer: S, opts: SendOptions = {}): Promise<IntentResult<T, Ix>> {
    checkPrepared(prepared);
    const core = this.door.signer(signer);
    expectObject(opts, 'opts');
    if (opts.simulate !== undefined && typeof opts.simulate !== 'boolean') throw new ValidationError('opts.simulate', 'must be a boolean');
    if (!keyEquals(core.address, prepared.payer)) {
      throw new ValidationError(
        'signer',
        'must be the payer the intent was prepared for',
        `the signer ${keyText(core.address)} is not the payer ${keyText(prepared.payer)} the intent was prepared for`,
      );
    }
    // One send at a time per target in this client; an intent read before another send on its
    // target is stale: refused (ConcurrentIntentError), nothing sent.
    const address = keyText(prepared.target as KeyInput);
    const seq = this.preparedSeq.get(prepared);
    return this.exclusive(address, async (): Promise<IntentResult<T, Ix>> => {
      if (seq !== undefined && (this.sentSeq.get(address) ?? -1) >= seq) {
        throw new ConcurrentIntentError(address, 'another intent on this target was sent by this client after this one was prepared');
      }
      if (prepared.alreadyDone !== undefined) {
        const labels = stateLabels(prepared.kind, prepared.before);
        return { outcome: 'already-done', signature: null, signatures: [], slot: null, before: prepared.before, after: prepared.before, labels: { before: labels, after: labels }, instructions: [] };
      }
      const instructions = this.coreInstructions(prepared.instructions);
      if (opts.simulate !== false) await this.runner.simulate(instructions, prepared.payer);
      // From here a transaction on this target may land: intents on it prepared before it ends
      // are stale (marked when it starts and again when it ends: a read made meanwhile may
      // predate it).
      this.sentSeq.set(address, this.sends.seq++);
      let sent: SendOutcome;
      try {
        sent = await this.runner.sendAndConfirm(instructions, core);
      } finally {
        this.sentSeq.set(address, this.sends.seq++);
      }
      let after: T | null;
      try {
        // Read at the landed slot or later: an answer from before it would show the old state.
        const rec = await this.source.getAccount(prepared.target, { minContextSlot: sent.slot });
        after = rec ? ((prepared.kind === 'device' ? this.decode(this.dec.device, rec) : this.decode(this.dec.link, rec)) as T) : null;
      } catch (e) {
        // The transaction is confirmed: never let a failed read-back look like a failed send.
        throw new StateRefreshError(sent.signature, sent.signatures, sent.slot, { cause: e });
      }
      const labels = { before: stateLabels(prepared.kind, prepared.before), after: after === null ? null : stateLabels(prepared.kind, after) };
      return { outcome: 'landed', ...sent, before: prepared.before, after, labels, instructions: prepared.instructions };
    });
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
  async prepareHealthMany(updates: readonly HealthUpdate<KeyInput>[], payer: KeyInput): Promise<HealthPlan<K, Ix>> {
    expectKey(payer, 'payer');
    if (!Array.isArray(updates)) throw new ValidationError('updates', 'must be an array');
    const outcomes: HealthOutcome<K>[] = updates.map((u, index) => {
      if (!u || (u.kind !== 'device' && u.kind !== 'link')) throw new ValidationError(`updates[${index}].kind`, 'must be "device" or "link"');
      // A device update takes a DeviceHealth, a link update a LinkHealth: checked here too, for
      // callers without the types (or with a plain number).
      const spec = healthSpecOf(u.kind);
      expectDeclared(u.health, spec, `updates[${index}].health`);
      const target = typeof u.target === 'string' ? u.target.trim() : isKey(u.target) ? keyText(u.target) : '';
      if (target === '') throw new ValidationError(`updates[${index}].target`, 'must be a code or an address');
      return {
        index,
        kind: u.kind,
        target,
        pubkey: null,
        code: null,
        from: null,
        fromLabel: null,
        to: u.health,
        toLabel: spec.label(u.health),
        status: 'planned',
        outcome: 'not-sent',
      };
    });
    const refuse = (o: HealthOutcome<K>, e: unknown): void => {
      o.status = 'refused';
      o.reason = errorText(e);
      o.error = errorRef(e);
    };

    // Addresses as given; codes through one listing per kind.
    for (const o of outcomes) {
      const u = updates[o.index]!;
      o.pubkey = typeof u.target !== 'string' ? this.keys.from(u.target) : parseAddress(o.target) ? this.keys.from(o.target) : null;
    }
    for (const kind of ['device', 'link'] as const) {
      const byCode = outcomes.filter((o) => o.kind === kind && o.pubkey === null);
      if (byCode.length === 0) continue;
      // An account of the type that does not decode has no code to match: it is left out rather
      // than failing every lookup of the batch.
      const skip = { onDecodeError: () => undefined };
      const list = kind === 'device' ? await this.listDevices(skip) : await this.listLinks(skip);
      const index = new Map<string, K[]>();
      for (const e of list) {
        const k = asciiLower(e.account.code);
        index.set(k, [...(index.get(k) ?? []), e.pubkey]);
      }
      for (const o of byCode) {
        const found = index.get(asciiLower(o.target)) ?? [];
        if (found.length === 1) o.pubkey = found[0]!;
        else if (found.length > 1) refuse(o, new AmbiguousCodeError(kind === 'device' ? 'Device' : 'Link', o.target, found.map((f) => keyText(f))));
        else refuse(o, new AccountNotFoundError(o.target, `${kind === 'device' ? 'Device' : 'Link'} with code`));
      }
    }

    // One read of every target, GlobalState and the payer's Permission PDA.
    const gsPk = getGlobalStatePda(this.programId)[0];
    const permissionPda = getPermissionPda(this.programId, payer)[0];
    const targetKeys: K[] = [];
    const seen = new Map<string, number>();
    for (const o of outcomes) {
      if (o.status !== 'planned' || !o.pubkey) continue;
      const id = keyText(o.pubkey);
      const first = seen.get(id);
      if (first !== undefined) {
        // Updates are numbered from 1 in messages, as lines are.
        refuse(o, new ValidationError('target', `the same ${o.kind} as update ${first + 1}`, `the same account as update ${first + 1} (${id}): one write per target`));
        continue;
      }
      seen.set(id, o.index);
      targetKeys.push(o.pubkey);
    }
    const recs = await this.source.getAccounts([gsPk, permissionPda, ...targetKeys]);
    const [gsRec, permRec] = recs;
    if (!gsRec) throw new AccountNotFoundError(keyText(gsPk), 'GlobalState');
    const globalState = this.decode(this.dec.globalState, gsRec);
    const { permission, hasPermissionAccount } = this.permissionAt(permRec);
    // Health oracle and network admin do not depend on the target: resolved once.
    const roles = resolveRoles({ payer, globalState, permission });
    const recOf = new Map<string, AccountRecord<K> | null>(targetKeys.map((k, i) => [keyText(k), recs[i + 2] ?? null]));

    const instructionOf = new Map<number, Ix>();
    for (const o of outcomes) {
      if (o.status !== 'planned' || !o.pubkey) continue;
      const rec = recOf.get(keyText(o.pubkey)) ?? null;
      try {
        if (!rec) throw new AccountNotFoundError(keyText(o.pubkey), o.kind === 'device' ? 'Device' : 'Link');
        const base = { programId: this.programId, payer, roles, appendPermission: hasPermissionAccount };
        let ix: CoreInstruction;
        if (o.kind === 'device') {
          const device = this.decode(this.dec.device, rec);
          o.code = device.code;
          o.from = device.deviceHealth;
          o.fromLabel = deviceHealthLabel(device.deviceHealth);
          if (device.deviceHealth === o.to) {
            Object.assign(o, { status: 'unchanged', outcome: 'already-done' });
            continue;
          }
          ix = checked.setDeviceHealth({ ...base, devicePk: o.pubkey, device, to: o.to });
        } else {
          const link = this.decode(this.dec.link, rec);
          o.code = link.code;
          o.from = link.linkHealth;
          o.fromLabel = linkHealthLabel(link.linkHealth);
          if (link.linkHealth === o.to) {
            Object.assign(o, { status: 'unchanged', outcome: 'already-done' });
            continue;
          }
          ix = checked.setLinkHealth({ ...base, linkPk: o.pubkey, link, to: o.to });
        }
        instructionOf.set(o.index, this.door.toInstruction(ix));
      } catch (e) {
        // A node that answered with the wrong bytes says nothing about the target: the whole
        // read is suspect, and nothing is planned on it.
        if (!(e instanceof DzprovError) || e instanceof RpcError) throw e;
        refuse(o, e);
      }
    }

    const prelude = this.prelude().map((i) => this.door.toInstruction(i));
    const planned = outcomes.filter((o) => o.status === 'planned').map((o) => o.index);
    const batches: HealthBatch<Ix>[] = chunk(planned, HEALTH_UPDATES_PER_TRANSACTION).map((entries, b) => {
      for (const i of entries) outcomes[i]!.batch = b;
      return { instructions: [...prelude, ...entries.map((i) => instructionOf.get(i)!)], entries };
    });
    return { payer: this.keys.from(payer), roles, hasPermissionAccount, outcomes, batches, prelude, instructionOf };
  }

  /**
   * Sends a prepared health plan: each batch transaction simulated, sent and confirmed like an
   * intent, `concurrency` at a time. A batch the program refuses (failed simulation or
   * execution: nothing written) is retried once target by target, so only the bad targets are
   * "refused"; a send whose fate is unknown makes each of its targets "unknown" with the
   * signature. Returns one outcome per update, in input order (never throws for a target).
   */
  async sendHealthMany(plan: HealthPlan<K, Ix>, signer: S, opts: SendHealthOptions = {}): Promise<HealthOutcome<K>[]> {
    checkHealthPlan(plan);
    const core = this.door.signer(signer);
    expectObject(opts, 'opts');
    if (!keyEquals(core.address, plan.payer)) {
      throw new ValidationError('signer', 'must be the payer the plan was prepared for');
    }
    const concurrency = opts.concurrency ?? DEFAULT_HEALTH_CONCURRENCY;
    if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new ValidationError('concurrency', `${String(concurrency)} is not a positive integer`);
    const split = opts.splitOnFailure ?? true;
    const outcomes = plan.outcomes.map((o) => ({ ...o }));

    /** Sends one transaction for `entries`; returns the error when the program refused it. */
    const sendOne = async (instructions: Ix[], entries: number[]): Promise<unknown> => {
      try {
        const ixs = this.coreInstructions(instructions);
        await this.runner.simulate(ixs, plan.payer);
        const sent = await this.runner.sendAndConfirm(ixs, core);
        for (const i of entries) Object.assign(outcomes[i]!, { status: 'updated', outcome: 'landed', signature: sent.signature, signatures: sent.signatures, slot: sent.slot });
        return undefined;
      } catch (e) {
        if (outcomeOf(e).outcome === 'unknown') {
          record(entries, e);
          return undefined;
        }
        return e;
      }
    };
    /** The outcome of `entries` from what their transaction threw: unknown, or refused (not sent, expired, failed on chain). */
    const record = (entries: number[], e: unknown): void => {
      const o = outcomeOf(e);
      const sent = o.signatures.length > 0 ? { signatures: o.signatures, ...(o.signature ? { signature: o.signature } : {}), ...(o.slot !== null ? { slot: o.slot } : {}) } : {};
      for (const i of entries) {
        Object.assign(outcomes[i]!, { status: o.outcome === 'unknown' ? 'unknown' : 'refused', outcome: o.outcome, reason: errorText(e), ...sent });
        if (o.outcome !== 'unknown') outcomes[i]!.error = errorRef(e);
      }
    };

    await forEachLimited(plan.batches, concurrency, async (batch) => {
      const err = await sendOne(batch.instructions, batch.entries);
      if (err === undefined) return;
      // An RPC failure before the send (simulation read gave up) or an expired blockhash says
      // nothing about a target: only a refusal by the program is retried target by target.
      if (!split || batch.entries.length === 1 || err instanceof RpcError || err instanceof TransactionConfirmationError || !(err instanceof DzprovError)) {
        record(batch.entries, err);
        return;
      }
      for (const i of batch.entries) {
        const own = await sendOne([...plan.prelude, plan.instructionOf.get(i)!], [i]);
        if (own !== undefined) record([i], own);
      }
    });
    return outcomes;
  }

  /** prepareHealthMany + sendHealthMany: one outcome per update (updated / unchanged / refused / unknown). */
  async setHealthMany(updates: readonly HealthUpdate<KeyInput>[], signer: S, opts: SendHealthOptions = {}): Promise<HealthOutcome<K>[]> {
    expectArray(updates, 'updates');
    const core = this.door.signer(signer);
    expectOptionalObject(opts, 'opts');
    return this.sendHealthMany(await this.prepareHealthMany(updates, core.address), signer, opts);
  }

  // ------------------------------------------------------------------------------ intents: one call

  /** Prepare draining a device (prepareDrainDevice) and send it in one call: the result says whether it landed or was already done, with the account before and after. Throws what `send` throws. */
  async drainDevice(target: string | KeyInput, signer: S): Promise<IntentResult<Device<K>, Ix>> {
    checkTarget(target, 'target');
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareDrainDevice(target, payer), signer);
  }
  /** Prepare returning a drained device to service (prepareUndrainDevice) and send it in one call: the result says whether it landed or was already done, with the account before and after. Throws what `send` throws. */
  async undrainDevice(target: string | KeyInput, signer: S): Promise<IntentResult<Device<K>, Ix>> {
    checkTarget(target, 'target');
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareUndrainDevice(target, payer), signer);
  }
  /** preparePromoteDevice + send: the step to `to`, or "already done" when the device is `to`. */
  async promoteDevice(target: string | KeyInput, to: DeviceStatus, signer: S): Promise<IntentResult<Device<K>, Ix>> {
    checkTarget(target, 'target');
    expectPromoteTarget(to);
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.preparePromoteDevice(target, to, payer), signer);
  }
  /** Prepare a device status write (prepareChangeDeviceStatus) and send it in one call: the result says whether it landed or was already done, with the account before and after. Throws what `send` throws. */
  async changeDeviceStatus(target: string | KeyInput, to: DeviceStatus, signer: S): Promise<IntentResult<Device<K>, Ix>> {
    checkTarget(target, 'target');
    expectNumber(to, 'to');
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareChangeDeviceStatus(target, to, payer), signer);
  }
  /** Prepare a device desired-status write (prepareSetDeviceDesiredStatus) and send it in one call: the result says whether it landed or was already done, with the account before and after. Throws what `send` throws. */
  async setDeviceDesiredStatus(target: string | KeyInput, to: DeviceDesiredStatus, signer: S): Promise<IntentResult<Device<K>, Ix>> {
    checkTarget(target, 'target');
    expectNumber(to, 'to');
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareSetDeviceDesiredStatus(target, to, payer), signer);
  }
  /** Prepare a device health write (prepareSetDeviceHealth) and send it in one call: the result says whether it landed or was already done, with the account before and after. Throws what `send` throws. */
  async setDeviceHealth(target: string | KeyInput, health: DeviceHealth, signer: S): Promise<IntentResult<Device<K>, Ix>> {
    checkTarget(target, 'target');
    expectDeclared(health, DeviceHealthSpec, 'health');
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareSetDeviceHealth(target, health, payer), signer);
  }
  /** Prepare deleting a device (prepareDeleteDevice) and send it in one call: the result says whether it landed or was already done, with the account before and after. Throws what `send` throws. */
  async deleteDevice(target: string | KeyInput, signer: S): Promise<IntentResult<Device<K>, Ix>> {
    checkTarget(target, 'target');
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareDeleteDevice(target, payer), signer);
  }
  /** prepareCreateDevice + send: "landed" with the new device, or "already done" (nothing sent). */
  async createDevice(request: CreateDeviceRequest, signer: S): Promise<IntentResult<Device<K> | null, Ix>> {
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareCreateDevice(request, payer), signer);
  }
  /** prepareUpdateDevice + send: "landed" with the device after, or "already done" (nothing sent) when the device is already as asked. */
  async updateDevice(target: string | KeyInput, changes: UpdateDeviceRequest, signer: S): Promise<IntentResult<Device<K>, Ix>> {
    checkTarget(target, 'target');
    checkUpdateDeviceRequest(changes);
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareUpdateDevice(target, changes, payer), signer);
  }
  /** prepareCreateDeviceInterface + send: "landed" with the device after, or "already done" (nothing sent) when the device is already as asked. */
  async createDeviceInterface(target: string | KeyInput, request: CreateDeviceInterfaceRequest, signer: S): Promise<IntentResult<Device<K>, Ix>> {
    checkTarget(target, 'target');
    createDeviceInterfaceArgsOf(request);
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareCreateDeviceInterface(target, request, payer), signer);
  }
  /** prepareUpdateDeviceInterface + send: "landed" with the device after, or "already done" (nothing sent) when the device is already as asked. */
  async updateDeviceInterface(target: string | KeyInput, changes: UpdateDeviceInterfaceRequest, signer: S): Promise<IntentResult<Device<K>, Ix>> {
    checkTarget(target, 'target');
    updateDeviceInterfaceArgsOf(changes);
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareUpdateDeviceInterface(target, changes, payer), signer);
  }
  /** prepareDeleteDeviceInterface + send: "landed" with the device after, or "already done" when the device has no such interface (nothing sent). */
  async deleteDeviceInterface(target: string | KeyInput, name: string, signer: S): Promise<IntentResult<Device<K>, Ix>> {
    checkTarget(target, 'target');
    expectString(name, 'name');
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareDeleteDeviceInterface(target, name, payer), signer);
  }
  /** Prepare soft-draining a link (prepareSoftDrainLink) and send it in one call: the result says whether it landed or was already done, with the account before and after. Throws what `send` throws. */
  async softDrainLink(target: string | KeyInput, signer: S): Promise<IntentResult<Link<K>, Ix>> {
    checkTarget(target, 'target');
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareSoftDrainLink(target, payer), signer);
  }
  /** Prepare hard-draining a link (prepareHardDrainLink) and send it in one call: the result says whether it landed or was already done, with the account before and after. Throws what `send` throws. */
  async hardDrainLink(target: string | KeyInput, signer: S): Promise<IntentResult<Link<K>, Ix>> {
    checkTarget(target, 'target');
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareHardDrainLink(target, payer), signer);
  }
  /** Prepare activating a link (prepareActivateLink) and send it in one call: the result says whether it landed or was already done, with the account before and after. Throws what `send` throws. */
  async activateLink(target: string | KeyInput, signer: S): Promise<IntentResult<Link<K>, Ix>> {
    checkTarget(target, 'target');
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareActivateLink(target, payer), signer);
  }
  /** Prepare a link status write (prepareChangeLinkStatus) and send it in one call: the result says whether it landed or was already done, with the account before and after. Throws what `send` throws. */
  async changeLinkStatus(target: string | KeyInput, to: LinkStatus, signer: S): Promise<IntentResult<Link<K>, Ix>> {
    checkTarget(target, 'target');
    expectNumber(to, 'to');
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareChangeLinkStatus(target, to, payer), signer);
  }
  /** Prepare side Z's acceptance of a DZX link (prepareAcceptLink) and send it in one call: the result says whether it landed or was already done, with the account before and after. Throws what `send` throws. */
  async acceptLink(target: string | KeyInput, sideZIfaceName: string, signer: S): Promise<IntentResult<Link<K>, Ix>> {
    checkTarget(target, 'target');
    expectString(sideZIfaceName, 'sideZIfaceName');
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareAcceptLink(target, sideZIfaceName, payer), signer);
  }
  /** Prepare a link desired-status write (prepareSetLinkDesiredStatus) and send it in one call: the result says whether it landed or was already done, with the account before and after. Throws what `send` throws. */
  async setLinkDesiredStatus(target: string | KeyInput, to: LinkDesiredStatus, signer: S): Promise<IntentResult<Link<K>, Ix>> {
    checkTarget(target, 'target');
    expectNumber(to, 'to');
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareSetLinkDesiredStatus(target, to, payer), signer);
  }
  /** Prepare a link health write (prepareSetLinkHealth) and send it in one call: the result says whether it landed or was already done, with the account before and after. Throws what `send` throws. */
  async setLinkHealth(target: string | KeyInput, health: LinkHealth, signer: S): Promise<IntentResult<Link<K>, Ix>> {
    checkTarget(target, 'target');
    expectDeclared(health, LinkHealthSpec, 'health');
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareSetLinkHealth(target, health, payer), signer);
  }
  /** Prepare deleting a link (prepareDeleteLink) and send it in one call: the result says whether it landed or was already done, with the account before and after. Throws what `send` throws. */
  async deleteLink(target: string | KeyInput, signer: S): Promise<IntentResult<Link<K>, Ix>> {
    checkTarget(target, 'target');
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareDeleteLink(target, payer), signer);
  }
  /** prepareCreateLink + send: "landed" with the new link read back, or "already done" when it exists with these fields. */
  async createLink(request: CreateLinkRequest, signer: S): Promise<IntentResult<Link<K> | null, Ix>> {
    checkCreateLinkRequest(request);
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareCreateLink(request, payer), signer);
  }
  /** prepareUpdateLink + send. */
  async updateLink(target: string | KeyInput, changes: checked.LinkFieldChanges, signer: S): Promise<IntentResult<Link<K>, Ix>> {
    checkTarget(target, 'target');
    checkLinkChanges(changes);
    const payer = this.signerAddress(signer);
    return this.prepareAndSend(() => this.prepareUpdateLink(target, changes, payer), signer);
  }
}

/**
 * `to` of a promotion: a status the reconciler leads to. The call of dzprov 0.1 had no `to`
 * (`promoteDevice(target, signer)`): its signer lands here, and the message says what changed.
 */
function expectPromoteTarget(to: unknown): asserts to is DeviceStatus {
  const targets = (DEVICE_PROMOTION_TARGETS as readonly number[]).map((v) => deviceStatusLabel(v)).join(', ');
  if (typeof to !== 'number') {
    throw new ValidationError(
      'to',
      `must be the device status the promotion leads to (${targets})`,
      `invalid to: must be the device status the promotion leads to (${targets}), e.g. promoteDevice(target, DeviceStatus.LinkProvisioning, signer); nextDeviceStatus(device) is the step due; got ${describeValue(to)}`,
    );
  }
  expectDeclared(to, DeviceStatusSpec, 'to');
  if (!(DEVICE_PROMOTION_TARGETS as readonly number[]).includes(to)) {
    throw new ValidationError('to', `must be a status a promotion leads to (${targets})`, `invalid to: ${deviceStatusLabel(to)} is not a status a promotion leads to (${targets})`);
  }
}

/** The health enum of a kind. */
function healthSpecOf(kind: 'device' | 'link'): typeof DeviceHealthSpec | typeof LinkHealthSpec {
  return kind === 'device' ? DeviceHealthSpec : LinkHealthSpec;
}

/** The program's labels of an account's status, desired status and health. */
function stateLabels(kind: 'device' | 'link', account: unknown): StateLabels {
  // Before a create: the account did not exist.
  if (account === null) return { status: 'absent', desiredStatus: 'absent', health: 'absent' };
  if (kind === 'device') {
    const d = account as Device;
    return { status: deviceStatusLabel(d.status), desiredStatus: deviceDesiredStatusLabel(d.desiredStatus), health: deviceHealthLabel(d.deviceHealth) };
  }
  const l = account as Link;
  return { status: linkStatusLabel(l.status), desiredStatus: linkDesiredStatusLabel(l.desiredStatus), health: linkHealthLabel(l.linkHealth) };
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
      createDevice: 'create',
      updateDevice: 'update',
      createDeviceInterface: 'add an interface to',
      updateDeviceInterface: 'update an interface of',
      deleteDeviceInterface: 'delete an interface of',
      softDrainLink: 'soft-drain',
      hardDrainLink: 'hard-drain',
      activateLink: 'activate',
      changeLinkStatus: 'set status of',
      acceptLink: 'accept',
      setLinkDesiredStatus: 'set desired status of',
      setLinkHealth: 'set health of',
      deleteLink: 'delete',
      createLink: 'create',
      updateLink: 'update',
    } as const
  )[intent];
}

// ---------------------------------------------------------------------------------------------
// Link onboarding and field changes

/** Where a Contributor's code starts: account type, owner, index (u128), bump seed, status. */
const CONTRIBUTOR_CODE_OFFSET = 1 + 32 + 16 + 1 + 1;

/** What prepareCreateLink creates; devices and the contributor by code or address, as the `doublezero` CLI takes them. */
export interface CreateLinkRequest {
  /** The new link's code (the program stores it ASCII-lowercased). */
  code: string;
  /** WAN or DZX. */
  linkType: LinkLinkType;
  /** The Contributor the link belongs to: its code or its address. */
  contributor: string | KeyInput;
  /** The Device on side A: its code or its address. */
  sideA: string | KeyInput;
  /** Side A's interface, spelled exactly as the device holds it. */
  sideAIfaceName: string;
  /** The Device on side Z: its code or its address. */
  sideZ: string | KeyInput;
  /** WAN: side Z's interface (the `doublezero` CLI requires it; the program links it at once). DZX: absent; side Z names it when it accepts the link. */
  sideZIfaceName?: string | null;
  /** Bits per second (10–400 Gbps). */
  bandwidth: number | bigint;
  /** Default 9000 (the only value the program takes). */
  mtu?: number;
  /** The link's delay (round-trip time), in nanoseconds (10 µs to 1 s). */
  delayNs: number | bigint;
  /** The link's jitter, in nanoseconds (10 µs to 1 s). */
  jitterNs: number | bigint;
  /** Default: none (the program stores activated). */
  desiredStatus?: LinkDesiredStatus | null;
}

/** Checks a CreateLinkRequest before anything is read, and returns the CreateLink args it asks for. */
function checkCreateLinkRequest(r: unknown): CreateLinkArgs {
  expectObject(r, 'request');
  expectString(r.code, 'request.code');
  checkTarget(r.contributor, 'request.contributor');
  checkTarget(r.sideA, 'request.sideA');
  checkTarget(r.sideZ, 'request.sideZ');
  expectDeclared(r.linkType, LinkLinkTypeSpec, 'request.linkType');
  expectString(r.sideAIfaceName, 'request.sideAIfaceName');
  if (r.sideZIfaceName != null) expectString(r.sideZIfaceName, 'request.sideZIfaceName');
  expectWhole(r.bandwidth, 'request.bandwidth');
  expectWhole(r.delayNs, 'request.delayNs');
  expectWhole(r.jitterNs, 'request.jitterNs');
  if (r.mtu !== undefined) expectWhole(r.mtu, 'request.mtu');
  if (r.desiredStatus != null) expectDeclared(r.desiredStatus, LinkDesiredStatusSpec, 'request.desiredStatus');
  const req = r as unknown as CreateLinkRequest;
  const args: CreateLinkArgs = {
    code: req.code,
    linkType: req.linkType,
    bandwidth: req.bandwidth,
    mtu: req.mtu ?? 9000,
    delayNs: req.delayNs,
    jitterNs: req.jitterNs,
    sideAIfaceName: r.sideAIfaceName,
    sideZIfaceName: r.sideZIfaceName ?? null,
    desiredStatus: r.desiredStatus ?? null,
  };
  beforeReading(() => validateCreateLinkArgs(args));
  if (typeof r.sideA === 'string' && typeof r.sideZ === 'string' && r.sideA.trim() === r.sideZ.trim()) {
    throw new ValidationError('request.sideZ', 'must be another device than side A');
  }
  return args;
}


/** The fields of an existing link that differ from a create's request ("field: on chain x, requested y"). */
function createLinkDifferences(l: Link, want: { sideA: KeyInput; sideZ: KeyInput; contributor: KeyInput; args: CreateLinkArgs }): string[] {
  const { args } = want;
  const rows: [string, string, string][] = [
    ['link_type', linkLinkTypeLabel(l.linkType), linkLinkTypeLabel(args.linkType)],
    ['contributor', keyText(l.contributorPk), keyText(want.contributor)],
    ['side_a', keyText(l.sideAPk), keyText(want.sideA)],
    ['side_z', keyText(l.sideZPk), keyText(want.sideZ)],
    ['side_a_iface_name', l.sideAIfaceName, args.sideAIfaceName],
    ['bandwidth', String(l.bandwidth), String(args.bandwidth)],
    ['mtu', String(l.mtu), String(args.mtu)],
    ['delay_ns', String(l.delayNs), String(args.delayNs)],
    ['jitter_ns', String(l.jitterNs), String(args.jitterNs)],
  ];
  // A DZX link's side-Z interface is named when side Z accepts it, not by the create.
  if (args.sideZIfaceName != null) rows.push(['side_z_iface_name', l.sideZIfaceName, args.sideZIfaceName]);
  return rows.filter(([, got, wanted]) => got !== wanted).map(([f, got, wanted]) => `${f}: on chain ${got}, requested ${wanted}`);
}

/** Checks the changes of an update link before anything is read; returns the fields given. */
function checkLinkChanges(c: unknown): (typeof checked.LINK_FIELD_CHANGES)[number][] {
  const given = checked.checkLinkFieldChanges(c);
  // The program's own rules that need no account (code charset, mtu, ranges, tunnel network).
  beforeReading(() => validateUpdateLinkArgs(c as checked.LinkFieldChanges));
  return given;
}

/** The link's current value of a field an update changes. */
function currentLinkField(l: Link, k: keyof checked.LinkFieldChanges): unknown {
  switch (k) {
    case 'unicastDrained':
      return (l.linkFlags & 1) === 1;
    default:
      return (l as unknown as Record<string, unknown>)[k];
  }
}

/** Whether the link already holds the value `changes` gives for field `k` (a status with the desired status written with it). */
function sameLinkField(l: Link, k: keyof checked.LinkFieldChanges, changes: checked.LinkFieldChanges): boolean {
  const v = changes[k];
  const cur = currentLinkField(l, k);
  if (k === 'code') return asciiLower(String(v)) === l.code;
  if (k === 'status') {
    const desired = changes.desiredStatus ?? checked.linkDesiredStatusWrittenWith(Number(v));
    return l.status === Number(v) && (desired === undefined || l.desiredStatus === desired);
  }
  if (typeof cur === 'bigint' || typeof v === 'bigint') return BigInt(cur as bigint) === BigInt(v as bigint);
  return cur === v;
}

/** A field's value as the description shows it. */
function fieldText(k: keyof checked.LinkFieldChanges, v: unknown): string {
  if (k === 'status') return linkStatusLabel(Number(v));
  if (k === 'desiredStatus') return linkDesiredStatusLabel(Number(v));
  return String(v);
}
