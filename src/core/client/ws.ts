/**
 * dzprov's own WebSocket layer: Solana's JSON-RPC pubsub (programSubscribe, slotSubscribe) over a
 * WebSocket constructor the caller gives (the runtime's global `WebSocket` in browsers, Deno, Bun
 * and Node 22+; the `ws` package's class on Node 20). It implements the core's `PubSubPort`, so
 * both doors subscribe through it, and it treats the node's messages as untrusted input:
 *
 * - one socket for every subscription; a dropped socket is opened again and every subscription
 *   made again, after a jittered exponential backoff;
 * - a subscription the node refuses (an error answer, no answer) is asked again after the same
 *   backoff, and given up after `maxAttempts` failures in a row (SubscriptionFailedError, through
 *   the subscriber's onError and the "failed" state) — never a storm of resubscriptions;
 * - every notification is checked before it is used (shape, slot, base64 data, owner = the
 *   subscribed program); a malformed one is counted, reported to onError and skipped. Nothing a
 *   node sends is ever thrown into the host's event loop;
 * - a silent socket is noticed: the node's slot notifications are a heartbeat, and when nothing
 *   arrives for `heartbeatMs` a probe request is sent; nothing for twice that long and the socket
 *   is declared stalled (SubscriptionStalledError), closed and opened again;
 * - memory is bounded: a message larger than `maxMessageBytes` is dropped unread, and the layer
 *   keeps only its subscriptions and the requests in flight;
 * - a consumer slower than the node can push back: `pause()` stops reading the socket (where the
 *   WebSocket can: the `ws` package's), so notifications wait on the node's side and in the
 *   network, not in this process; silence while paused is not a stall.
 */
import { decodeBase64 } from '../codec/base64.js';
import { ValidationError } from '../errors.js';
import { parseAddress } from '../keys.js';
import type { ProgramAccountsFilter } from '../state/common.js';
import { describeValue, expectFunction, expectObject, expectString } from '../validate.js';
import type { PubSubPort, SubscriptionHandlers } from './client.js';
import { MalformedNotificationError, RpcError, SubscriptionFailedError, SubscriptionStalledError } from './errors.js';
import type { Commitment } from './rpc.js';
import { validateFilters } from './source.js';

/** The part of the WHATWG WebSocket this layer uses (the `ws` package's class has it too). */
export interface WebSocketLike {
  /** The socket's state (0 connecting, 1 open, 2 closing, 3 closed), as the WebSocket standard numbers it. */
  readonly readyState: number;
  /** Sends a text frame. */
  send(data: string): void;
  /** Closes the socket. */
  close(code?: number, reason?: string): void;
  // The handlers' event types are the implementations' own (MessageEvent, CloseEvent...): this
  // layer reads `data` of a message and `code` of a close, and nothing else.
  /** Called when the socket opens. */
  onopen: ((event: never) => unknown) | null;
  /** Called with each message (its `data` is read). */
  onmessage: ((event: never) => unknown) | null;
  /** Called when the socket closes (its `code` is read). */
  onclose: ((event: never) => unknown) | null;
  /** Called on a socket error. */
  onerror: ((event: never) => unknown) | null;
}

/** A WebSocket class: `globalThis.WebSocket`, or `ws`'s default export on Node 20. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Options of the WebSocket layer. */
export interface WsPubSubOptions extends SubscriptionOptions {
  /** The ledger's WebSocket URL (ws:// or wss://). */
  url: string;
  /** The WebSocket class (default: the runtime's global `WebSocket`). */
  WebSocket?: WebSocketConstructor;
}

/** How subscriptions retry, give up and notice a silent socket (the clients' `subscriptions` option). */
export interface SubscriptionOptions {
  /** Delay before the first retry, in ms; doubles on every failure in a row (default 500). */
  baseDelayMs?: number;
  /** Upper bound of one delay, in ms (default 30000). */
  maxDelayMs?: number;
  /**
   * Failures in a row (a refused or unanswered subscribe, a socket that failed before the
   * subscription was made) after which a subscription is given up (default 10: about 3 minutes
   * of retrying at the default delays). `Infinity` never gives up.
   */
  maxAttempts?: number;
  /** How long an answer to a subscribe request may take, in ms (default 10000). */
  requestTimeoutMs?: number;
  /** How long opening the socket may take, in ms (default 10000). */
  connectTimeoutMs?: number;
  /**
   * Silence after which a probe is sent, in ms; twice this with nothing at all and the socket
   * is declared stalled (default 10000; 0 turns the watchdog off).
   */
  heartbeatMs?: number;
  /** Subscribe to slots too (the heartbeat, and the slot reference of notifications). Default true. */
  slotHeartbeat?: boolean;
  /** Messages longer than this (in characters) are dropped unread (default 16 MiB). */
  maxMessageBytes?: number;
  /** Random source in [0, 1) for the jitter (default Math.random). */
  random?: () => number;
}

/** What the layer has seen (for tests, benches and diagnostics). */
export interface WsPubSubStats {
  /** Sockets opened (attempted). */
  connects: number;
  /** programSubscribe requests sent. */
  subscribeRequests: number;
  /** programSubscribe requests the node refused or did not answer. */
  refused: number;
  /** Notifications delivered. */
  notifications: number;
  /** Messages and notifications skipped as malformed. */
  malformed: number;
  /** Sockets declared stalled. */
  stalls: number;
}

const OPEN = 1;
const SLOT_METHOD = 'slotSubscribe';
const PROGRAM_METHOD = 'programSubscribe';

/**
 * Checks a WebSocket URL the way WebSocket implementations do (a URL, ws: or wss:, no fragment),
 * so that a URL the library would refuse is a ValidationError up front, not a failure later.
 */
export function checkWebSocketUrl(url: unknown, field = 'wsUrl'): string {
  expectString(field, 'field');
  if (typeof url !== 'string') throw new ValidationError(field, `must be a string, got ${describeValue(url)}`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ValidationError(field, 'is not a URL', `invalid ${field}: not a URL`);
  }
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') {
    throw new ValidationError(field, 'must be a ws:// or wss:// URL', `invalid ${field}: ${u.protocol}// is not ws:// or wss://`);
  }
  if (u.hash !== '' || url.includes('#')) {
    throw new ValidationError(field, 'must not have a fragment', `invalid ${field}: a WebSocket URL cannot have a fragment (#...)`);
  }
  return url;
}

/** The runtime's global WebSocket class, when it has one. */
export function globalWebSocket(): WebSocketConstructor | undefined {
  const g = (globalThis as { WebSocket?: unknown }).WebSocket;
  return typeof g === 'function' ? (g as WebSocketConstructor) : undefined;
}

/** One program account change, checked: address, owner, lamports, bytes, slot. */
export interface CheckedNotification {
  /** The account's address (base58). */
  pubkey: string;
  /** The account as notified. */
  account: {
    /** The owning program (base58). */
    owner: string;
    /** The balance, in lamports. */
    lamports: number;
    /** The account data. */
    data: Uint8Array;
    /** Whether the account is a program. */
    executable: boolean;
  };
  /** The notification's context slot. */
  slot: number;
}

/**
 * Checks the `result` of a programNotification: `{ context: { slot }, value: { pubkey, account:
 * { owner, lamports, data: [base64, "base64"], executable, space? } } }`, the owner being
 * `programId`. Throws MalformedNotificationError naming what is wrong.
 */
export function parseProgramNotification(result: unknown, programId: string): CheckedNotification {
  if (typeof programId !== 'string' || parseAddress(programId) === null) throw new ValidationError('programId', 'must be a base58 address');
  const bad = (reason: string) => new MalformedNotificationError('programNotification', reason);
  if (result === null || typeof result !== 'object' || Array.isArray(result)) throw bad('the notification result is not an object');
  const r = result as { context?: { slot?: unknown } | null; value?: unknown };
  const slot = r.context?.slot;
  if (typeof slot !== 'number' || !Number.isSafeInteger(slot) || slot < 0) throw bad('the notification has no slot');
  const v = r.value as { pubkey?: unknown; account?: unknown } | null | undefined;
  if (v === null || typeof v !== 'object') throw bad('the notification has no value');
  if (typeof v.pubkey !== 'string' || parseAddress(v.pubkey) === null) throw bad('the notification has no account address');
  const a = v.account as { owner?: unknown; lamports?: unknown; data?: unknown; executable?: unknown; space?: unknown } | null | undefined;
  if (a === null || typeof a !== 'object') throw bad(`account ${v.pubkey}: no account`);
  if (typeof a.owner !== 'string' || parseAddress(a.owner) === null) throw bad(`account ${v.pubkey}: no owner`);
  if (a.owner !== programId) throw bad(`account ${v.pubkey}: owned by ${a.owner.slice(0, 44)}, not the subscribed program`);
  if (typeof a.lamports !== 'number' || !Number.isSafeInteger(a.lamports) || a.lamports < 0) throw bad(`account ${v.pubkey}: no lamports`);
  if (a.executable !== undefined && typeof a.executable !== 'boolean') throw bad(`account ${v.pubkey}: no executable flag`);
  const d = a.data;
  if (!Array.isArray(d) || d.length !== 2 || typeof d[0] !== 'string' || d[1] !== 'base64') throw bad(`account ${v.pubkey}: data is not base64 bytes`);
  let data: Uint8Array;
  try {
    data = decodeBase64(d[0]);
  } catch {
    throw bad(`account ${v.pubkey}: data is not base64 bytes`);
  }
  if (a.space !== undefined && a.space !== data.length) throw bad(`account ${v.pubkey}: data is not base64 of ${String(a.space).slice(0, 20)} bytes`);
  return { pubkey: v.pubkey, account: { owner: a.owner, lamports: a.lamports, data, executable: a.executable === true }, slot };
}

type SubState = 'pending' | 'subscribing' | 'subscribed' | 'failed' | 'closed';

interface Sub {
  id: number;
  programId: string;
  params: unknown[];
  handlers: SubscriptionHandlers;
  state: SubState;
  /** Failures in a row since the subscription was last made. */
  failures: number;
  /** The node's subscription id on the current socket. */
  serverId?: number;
  /** A retry scheduled after a refusal. */
  retry?: ReturnType<typeof setTimeout>;
  /** Whether the subscription was made on the current socket. */
  madeOnSocket: boolean;
  lastReason: string;
}

interface Pending {
  kind: 'program' | 'slot' | 'unsubscribe' | 'probe';
  sub?: Sub;
  timer?: ReturnType<typeof setTimeout>;
  done?: () => void;
}

interface Socket {
  ws: WebSocketLike;
  open: boolean;
  pending: Map<number, Pending>;
  byServerId: Map<number, Sub>;
  slotSubscription?: number;
  lastMessageAt: number;
  probeSent: boolean;
  connectTimer?: ReturnType<typeof setTimeout>;
  watchdog?: ReturnType<typeof setInterval>;
  /** Whether reading this socket is paused (only a WebSocket with pause() can be). */
  readingPaused: boolean;
}

/** The flow control of the `ws` package's WebSocket (a browser's has none). */
interface PausableWebSocket {
  pause?: unknown;
  resume?: unknown;
}

/**
 * Program subscriptions over one WebSocket, made to survive a hostile or flaky node (see the
 * file comment). `programSubscribe` returns the unsubscribe function; `close()` ends everything.
 */
export class WsPubSub implements PubSubPort {
  /** The WebSocket URL. */
  readonly url: string;
  /** Counts of connections, subscription requests and refusals, notifications, malformed messages and stalls. */
  readonly stats: WsPubSubStats = { connects: 0, subscribeRequests: 0, refused: 0, notifications: 0, malformed: 0, stalls: 0 };
  private readonly WS: WebSocketConstructor | undefined;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxAttempts: number;
  private readonly requestTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly heartbeatMs: number;
  private readonly slotHeartbeat: boolean;
  private readonly maxMessageBytes: number;
  private readonly random: () => number;
  private readonly subs = new Map<number, Sub>();
  private socket: Socket | undefined;
  private reconnect: ReturnType<typeof setTimeout> | undefined;
  /** Sockets in a row that closed before any subscription was made on them. */
  private socketFailures = 0;
  private nextSub = 1;
  private nextRequest = 1;
  /** Pauses in force (see pause()). */
  private holds = 0;
  /** Bumped by close(), which lifts every pause: the releases of earlier pauses do nothing then. */
  private epoch = 0;

  constructor(opts: WsPubSubOptions) {
    expectObject(opts, 'opts');
    this.url = checkWebSocketUrl(opts.url, 'wsUrl');
    if (opts.WebSocket !== undefined) expectFunction(opts.WebSocket, 'WebSocket');
    this.WS = opts.WebSocket ?? globalWebSocket();
    const num = (v: unknown, name: string, dflt: number, min: number): number => {
      const x = v ?? dflt;
      if (typeof x !== 'number' || Number.isNaN(x) || x < min) throw new ValidationError(name, `${String(x)} is not a number of at least ${min}`);
      return x;
    };
    this.baseDelayMs = num(opts.baseDelayMs, 'baseDelayMs', 500, 0);
    this.maxDelayMs = num(opts.maxDelayMs, 'maxDelayMs', 30_000, 0);
    this.maxAttempts = num(opts.maxAttempts, 'maxAttempts', 10, 1);
    this.requestTimeoutMs = num(opts.requestTimeoutMs, 'requestTimeoutMs', 10_000, 1);
    this.connectTimeoutMs = num(opts.connectTimeoutMs, 'connectTimeoutMs', 10_000, 1);
    this.heartbeatMs = num(opts.heartbeatMs, 'heartbeatMs', 10_000, 0);
    this.maxMessageBytes = num(opts.maxMessageBytes, 'maxMessageBytes', 16 * 1024 * 1024, 1);
    this.slotHeartbeat = opts.slotHeartbeat ?? true;
    if (opts.random !== undefined) expectFunction(opts.random, 'random');
    this.random = opts.random ?? Math.random;
  }

  /** Subscribes to the accounts of `programId` that pass `config.filters` (see PubSubPort). */
  programSubscribe(
    programId: string,
    config: { commitment: Commitment; filters: ProgramAccountsFilter[]; encoding: 'base64' },
    handlers: SubscriptionHandlers,
  ): () => Promise<void> {
    if (typeof programId !== 'string' || parseAddress(programId) === null) throw new ValidationError('programId', 'must be a base58 address');
    expectObject(config, 'config');
    expectObject(handlers, 'handlers');
    expectFunction(handlers.onNotification, 'handlers.onNotification');
    if (!this.WS) {
      throw new ValidationError(
        'WebSocket',
        'required',
        'subscriptions need a WebSocket class: this runtime has no global WebSocket (Node 20); pass one (e.g. the ws package: `import WebSocket from "ws"`, then { WebSocket })',
      );
    }
    const filters = validateFilters(config.filters ?? []);
    const sub: Sub = {
      id: this.nextSub++,
      programId,
      params: [programId, { commitment: config.commitment, encoding: 'base64', filters }],
      handlers,
      state: 'pending',
      failures: 0,
      madeOnSocket: false,
      lastReason: '',
    };
    this.subs.set(sub.id, sub);
    this.kick();
    let done: Promise<void> | undefined;
    return () => (done ??= this.unsubscribe(sub));
  }

  /**
   * Flow control: stops reading the node's messages until every release returned has been
   * called, so that a consumer slower than the node (a slow terminal, a pipe read late) keeps
   * what waits out of this process: it waits on the node's side and in the network. A few
   * messages already received may still be delivered after the call. Only a WebSocket that can
   * pause does (the `ws` package's `pause()`/`resume()`); with a browser's this does nothing.
   * While paused, silence is not a stall and an unanswered request is not a refusal. Every
   * subscription of this layer shares the socket: all of them pause. Returns undefined when the
   * WebSocket class cannot pause.
   */
  pause(): (() => void) | undefined {
    const proto = (this.WS as { prototype?: PausableWebSocket } | undefined)?.prototype;
    if (typeof proto?.pause !== 'function' || typeof proto.resume !== 'function') return undefined;
    if (++this.holds === 1) this.flow();
    const epoch = this.epoch;
    let released = false;
    return () => {
      if (released || epoch !== this.epoch) return; // released already, or by close()
      released = true;
      if (--this.holds === 0) this.flow();
    };
  }

  /** Whether reading is paused now (a pause is in force and the socket can pause). */
  get paused(): boolean {
    return this.socket?.readingPaused === true;
  }

  /** Applies the pauses in force to the current socket. */
  private flow(): void {
    const s = this.socket;
    if (!s || !s.open) return;
    const ws = s.ws as PausableWebSocket;
    if (this.holds > 0 && !s.readingPaused && typeof ws.pause === 'function' && typeof ws.resume === 'function') {
      ws.pause.call(s.ws);
      s.readingPaused = true;
    } else if (this.holds === 0 && s.readingPaused) {
      s.readingPaused = false;
      // The silence while paused was ours: the watchdog starts counting again from now.
      s.lastMessageAt = Date.now();
      s.probeSent = false;
      (ws.resume as () => void).call(s.ws);
    }
  }

  /** Ends every subscription and closes the socket (reading again first, pauses or not: the node's answers to the unsubscriptions are read). */
  async close(): Promise<void> {
    this.holds = 0;
    this.epoch++;
    this.flow();
    await Promise.all([...this.subs.values()].map((s) => this.unsubscribe(s)));
    this.dropSocket();
  }

  // ------------------------------------------------------------------------------ the socket

  private active(): Sub[] {
    return [...this.subs.values()].filter((s) => s.state !== 'failed' && s.state !== 'closed');
  }

  /** Opens the socket when a subscription needs it, or sends the subscriptions still to be made. */
  private kick(): void {
    if (this.active().length === 0) return;
    const s = this.socket;
    if (!s) {
      if (this.reconnect === undefined) this.connect();
      return;
    }
    if (!s.open) return;
    for (const sub of this.active()) if (sub.state === 'pending' && sub.retry === undefined) this.sendSubscribe(s, sub);
  }

  private connect(): void {
    this.stats.connects++;
    let ws: WebSocketLike;
    try {
      ws = new this.WS!(this.url);
    } catch (e) {
      // The WebSocket library refused the URL itself: retrying cannot help.
      const err = new ValidationError('wsUrl', 'refused by the WebSocket library', `invalid wsUrl: the WebSocket library refused it (${e instanceof Error ? e.message : String(e)})`);
      for (const sub of this.active()) this.fail(sub, err);
      return;
    }
    const s: Socket = { ws, open: false, pending: new Map(), byServerId: new Map(), lastMessageAt: Date.now(), probeSent: false, readingPaused: false };
    this.socket = s;
    s.connectTimer = setTimeout(() => this.lost(s, `no connection within ${this.connectTimeoutMs} ms`), this.connectTimeoutMs);
    ws.onopen = () => this.guard(() => this.opened(s));
    ws.onmessage = (ev: { data?: unknown } | undefined) => this.guard(() => this.message(s, ev?.data));
    ws.onerror = (ev: { message?: unknown; error?: { message?: unknown } } | undefined) =>
      this.guard(() => {
        // Node's ws says why (ECONNREFUSED...); a browser's error event does not.
        const why = typeof ev?.message === 'string' ? ev.message : typeof ev?.error?.message === 'string' ? ev.error.message : '';
        this.lost(s, `the WebSocket failed${why ? ` (${why.slice(0, 200)})` : ''}`);
      });
    ws.onclose = (ev: { code?: unknown } | undefined) => this.guard(() => this.lost(s, `the WebSocket closed${ev && typeof ev.code === 'number' ? ` (code ${ev.code})` : ''}`));
  }

  /** Runs an event handler; nothing it throws may reach the host's event loop. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch {
      // Every handler call below is guarded itself; this is the last line.
    }
  }

  private opened(s: Socket): void {
    if (this.socket !== s) return;
    clearTimeout(s.connectTimer);
    s.open = true;
    s.lastMessageAt = Date.now();
    if (this.slotHeartbeat) this.request(s, { kind: 'slot' }, SLOT_METHOD, []);
    for (const sub of this.active()) {
      clearTimeout(sub.retry);
      sub.retry = undefined;
      if (sub.state === 'pending') this.sendSubscribe(s, sub);
    }
    this.flow();
    if (this.heartbeatMs > 0) {
      s.watchdog = setInterval(() => this.guard(() => this.watch(s)), Math.max(10, Math.floor(this.heartbeatMs / 4)));
      (s.watchdog as { unref?: () => void }).unref?.();
    }
  }

  /** The watchdog: a probe after `heartbeatMs` of silence, a stall after twice that. */
  private watch(s: Socket): void {
    if (this.socket !== s || !s.open || s.readingPaused) return;
    const silent = Date.now() - s.lastMessageAt;
    if (silent >= 2 * this.heartbeatMs) {
      this.stats.stalls++;
      const err = new SubscriptionStalledError(silent);
      for (const sub of this.active()) this.tell(sub, () => sub.handlers.onError?.(err), true);
      this.lost(s, err.message);
      return;
    }
    if (silent >= this.heartbeatMs && !s.probeSent) {
      s.probeSent = true;
      // Any answer, an error included, proves the socket is alive.
      this.request(s, { kind: 'probe' }, 'dzprovPing', []);
    }
  }

  private request(s: Socket, p: Pending, method: string, params: unknown[]): number {
    const id = this.nextRequest++;
    s.pending.set(id, p);
    if (p.kind === 'program' || p.kind === 'slot') {
      p.timer = setTimeout(() => this.guard(() => this.unanswered(s, id)), this.requestTimeoutMs);
    }
    try {
      s.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    } catch {
      // A socket closing under us: its close event follows.
    }
    return id;
  }

  private sendSubscribe(s: Socket, sub: Sub): void {
    sub.state = 'subscribing';
    this.stats.subscribeRequests++;
    this.request(s, { kind: 'program', sub }, PROGRAM_METHOD, sub.params);
  }

  /** A subscribe request without an answer: refused for the budget, and the socket is suspect. */
  private unanswered(s: Socket, id: number): void {
    const p = s.pending.get(id);
    if (!p || this.socket !== s) return;
    if (s.readingPaused) {
      // Its answer may be waiting unread: not a refusal; it is waited for again.
      p.timer = setTimeout(() => this.guard(() => this.unanswered(s, id)), this.requestTimeoutMs);
      return;
    }
    s.pending.delete(id);
    if (p.kind === 'slot') return; // a node without slot subscriptions: the probe covers liveness
    if (p.sub) this.refused(p.sub, `no answer to ${PROGRAM_METHOD} within ${this.requestTimeoutMs} ms`);
  }

  // ------------------------------------------------------------------------------ messages

  private message(s: Socket, data: unknown): void {
    if (this.socket !== s) return;
    s.lastMessageAt = Date.now();
    s.probeSent = false;
    let text: string;
    if (typeof data === 'string') text = data;
    else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (bytes.length > this.maxMessageBytes) return this.malformedMessage(undefined, `a message of ${bytes.length} bytes, above ${this.maxMessageBytes}`);
      text = new TextDecoder().decode(bytes);
    } else return this.malformedMessage(undefined, 'a message that is not text');
    if (text.length > this.maxMessageBytes) return this.malformedMessage(undefined, `a message of ${text.length} characters, above ${this.maxMessageBytes}`);
    let msg: { id?: unknown; result?: unknown; error?: unknown; method?: unknown; params?: { subscription?: unknown; result?: unknown } | null };
    try {
      msg = JSON.parse(text);
    } catch {
      return this.malformedMessage(undefined, 'a message that is not JSON');
    }
    if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) return this.malformedMessage(undefined, 'a message that is not a JSON-RPC object');
    if (typeof msg.id === 'number' && s.pending.has(msg.id)) return this.answer(s, msg.id, msg);
    if (msg.method === 'programNotification') {
      const subId = msg.params?.subscription;
      const sub = typeof subId === 'number' ? s.byServerId.get(subId) : undefined;
      if (!sub) return; // a subscription already released: not ours any more
      let n: CheckedNotification;
      try {
        n = parseProgramNotification(msg.params?.result, sub.programId);
      } catch (e) {
        return this.malformedMessage(sub, (e as MalformedNotificationError).reason, e as MalformedNotificationError);
      }
      this.stats.notifications++;
      this.tell(sub, () => sub.handlers.onNotification(n));
      return;
    }
    if (msg.method === 'slotNotification') {
      const subId = msg.params?.subscription;
      const slot = (msg.params?.result as { slot?: unknown } | null | undefined)?.slot;
      if (subId !== s.slotSubscription) return;
      if (typeof slot !== 'number' || !Number.isSafeInteger(slot) || slot < 0) return this.malformedMessage(undefined, 'a slot notification without a slot');
      for (const sub of this.active()) if (sub.state === 'subscribed' && sub.handlers.onSlot) this.tell(sub, () => sub.handlers.onSlot!(slot));
      return;
    }
    // Answers to requests already given up on, and methods this layer does not use: ignored.
  }

  private answer(s: Socket, id: number, msg: { result?: unknown; error?: unknown }): void {
    const p = s.pending.get(id)!;
    s.pending.delete(id);
    clearTimeout(p.timer);
    if (p.kind === 'unsubscribe') return p.done?.();
    if (p.kind === 'probe') return;
    const err = msg.error as { code?: unknown; message?: unknown } | undefined | null;
    const ok = err === undefined || err === null ? msg.result : undefined;
    const subscriptionId = typeof ok === 'number' && Number.isSafeInteger(ok) && ok >= 0 ? ok : undefined;
    if (p.kind === 'slot') {
      if (subscriptionId !== undefined) s.slotSubscription = subscriptionId;
      return;
    }
    const sub = p.sub!;
    if (subscriptionId === undefined) {
      const why =
        err && typeof err === 'object'
          ? `the node refused ${PROGRAM_METHOD}: ${typeof err.message === 'string' ? err.message.slice(0, 200) : 'an error'}${typeof err.code === 'number' ? ` (JSON-RPC error ${err.code})` : ''}`
          : `the node answered ${PROGRAM_METHOD} with something that is not a subscription id`;
      return this.refused(sub, why);
    }
    if (sub.state === 'closed' || sub.state === 'failed') {
      // Released while the node was answering: release it on the node too.
      this.request(s, { kind: 'unsubscribe' }, 'programUnsubscribe', [subscriptionId]);
      return;
    }
    sub.serverId = subscriptionId;
    s.byServerId.set(subscriptionId, sub);
    sub.state = 'subscribed';
    sub.failures = 0;
    sub.madeOnSocket = true;
    this.socketFailures = 0;
    this.tell(sub, () => sub.handlers.onStateChange?.('subscribed'));
  }

  /** A refused or unanswered subscribe: counted against the budget, asked again after the backoff. */
  private refused(sub: Sub, reason: string): void {
    this.stats.refused++;
    if (sub.state !== 'subscribing') return;
    sub.state = 'pending';
    sub.lastReason = reason;
    sub.failures++;
    if (sub.failures >= this.maxAttempts) return this.fail(sub, new SubscriptionFailedError(PROGRAM_METHOD, sub.failures, reason));
    sub.retry = setTimeout(() => {
      sub.retry = undefined;
      this.guard(() => this.kick());
    }, this.delay(sub.failures));
  }

  private malformedMessage(sub: Sub | undefined, reason: string, error?: MalformedNotificationError): void {
    this.stats.malformed++;
    const err = error ?? new MalformedNotificationError('websocket', reason);
    for (const target of sub ? [sub] : this.active()) this.tell(target, () => target.handlers.onError?.(err), true);
  }

  /**
   * Calls a subscriber's handler; what it throws is the subscriber's bug, never the transport's:
   * it goes to the subscriber's onError (and what onError throws goes nowhere).
   */
  private tell(sub: Sub, fn: () => void, isOnError = false): void {
    if (sub.state === 'closed') return;
    try {
      fn();
    } catch (e) {
      if (isOnError) return;
      try {
        sub.handlers.onError?.(e);
      } catch {
        // An onError that throws: nothing more to tell.
      }
    }
  }

  /** Gives a subscription up for good. */
  private fail(sub: Sub, err: Error): void {
    if (sub.state === 'failed' || sub.state === 'closed') return;
    clearTimeout(sub.retry);
    sub.retry = undefined;
    sub.state = 'failed';
    this.subs.delete(sub.id);
    this.tell(sub, () => sub.handlers.onError?.(err), true);
    this.tell(sub, () => sub.handlers.onStateChange?.('failed'));
    if (this.active().length === 0) this.dropSocket();
  }

  // ------------------------------------------------------------------------------ losing the socket

  /** The socket failed, closed or went silent: everything is made again after the backoff. */
  private lost(s: Socket, reason: string): void {
    if (this.socket !== s) return;
    this.dropSocket();
    const madeAny = [...this.subs.values()].some((sub) => sub.madeOnSocket);
    if (!madeAny) this.socketFailures++;
    for (const sub of this.active()) {
      clearTimeout(sub.retry);
      sub.retry = undefined;
      const wasLive = sub.state === 'subscribed';
      sub.state = 'pending';
      sub.serverId = undefined;
      if (!sub.madeOnSocket) {
        sub.failures++;
        sub.lastReason = reason;
      }
      const failed = !sub.madeOnSocket;
      sub.madeOnSocket = false;
      if (wasLive) this.tell(sub, () => sub.handlers.onStateChange?.('interrupted'));
      if (sub.failures >= this.maxAttempts) this.fail(sub, new SubscriptionFailedError(PROGRAM_METHOD, sub.failures, reason));
      else if (failed) {
        // A failed attempt is worth telling (not every drop of a live socket: "interrupted" says it).
        const err = new RpcError('websocket', `${reason}; trying again (failure ${sub.failures} of at most ${this.maxAttempts})`, { transient: true });
        this.tell(sub, () => sub.handlers.onError?.(err), true);
      }
    }
    if (this.active().length === 0) return;
    const failures = Math.max(1, this.socketFailures, ...this.active().map((x) => x.failures));
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      this.guard(() => this.kick());
    }, madeAny && this.socketFailures === 0 ? this.delay(1) : this.delay(failures));
  }

  /** Closes the current socket without waiting for it (its late events are ignored). */
  private dropSocket(): void {
    const s = this.socket;
    if (!s) return;
    this.socket = undefined;
    clearTimeout(s.connectTimer);
    clearInterval(s.watchdog);
    for (const p of s.pending.values()) {
      clearTimeout(p.timer);
      p.done?.();
    }
    s.pending.clear();
    // No-op handlers, not null: Node's `ws` throws an 'error' event nobody listens to (closing
    // a socket that is still connecting emits one).
    const ignore = (): void => {};
    s.ws.onopen = ignore;
    s.ws.onmessage = ignore;
    s.ws.onerror = ignore;
    s.ws.onclose = ignore;
    try {
      s.ws.close();
    } catch {
      // Closing a socket that never opened may throw in some implementations.
    }
  }

  /** The jittered exponential backoff before attempt `failures` + 1. */
  private delay(failures: number): number {
    const exp = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(30, Math.max(0, failures - 1)));
    return exp / 2 + this.random() * (exp / 2);
  }

  private async unsubscribe(sub: Sub): Promise<void> {
    if (sub.state === 'closed') return;
    const was = sub.state;
    sub.state = 'closed';
    clearTimeout(sub.retry);
    sub.retry = undefined;
    this.subs.delete(sub.id);
    const s = this.socket;
    if (s && s.open && was === 'subscribed' && sub.serverId !== undefined) {
      s.byServerId.delete(sub.serverId);
      await new Promise<void>((resolve) => {
        const p: Pending = { kind: 'unsubscribe', done: resolve };
        p.timer = setTimeout(resolve, Math.min(this.requestTimeoutMs, 2000));
        this.request(s, p, 'programUnsubscribe', [sub.serverId]);
      });
    }
    if (this.active().length === 0) {
      clearTimeout(this.reconnect);
      this.reconnect = undefined;
      this.dropSocket();
    }
  }
}
