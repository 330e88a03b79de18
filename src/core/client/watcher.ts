/**
 * Live views of the program's Devices and Links that stay equal to the node's: the engine of
 * `DzClient.watch` and of `dzprov watch`. The subscriptions are made first, then everything is
 * read (the baseline, at the listing's own context slot); notifications that arrive meanwhile
 * wait and are applied after it when they are at least as new as the listing. After a
 * (re)subscription the re-read replaces what was known, and reports what changed, appeared or
 * vanished in between. A notification older than what is known for its account is dropped (the
 * node sent them out of order); an absurd slot never reaches here (see SlotGuard).
 *
 * State is bounded: per account its address, kind, slot and bytes (not the decoded value), updated
 * in place; notifications queued during a read are capped, and an overflow is cured by reading
 * again. A consumer that cannot keep up pauses the watch (`pause()`): the socket is not read and
 * nothing more is delivered until `resume()`, so what waits stays on the node's side.
 */
import { ValidationError } from '../errors.js';
import { keyText, type KeyInput } from '../keys.js';
import { MalformedNotificationError, SubscriptionFailedError } from './errors.js';

/** What a watch covers: devices or links. */
export type WatchKind = 'device' | 'link';

/**
 * How far past the newest slot known a notification may claim to be: 10,000 slots, more than an
 * hour of the ledger. Past that it is absurd (a node's bug or lie) and skipped: believed, it
 * would make every later, true notification of the account look older and be dropped.
 */
export const MAX_SLOT_LEAD = 10_000;

/**
 * The slot sanity of notifications: the reference is the newest slot known from the client's own
 * reads (context slots), the node's slot notifications and the notifications already believed.
 */
export class SlotGuard {
  private newest: number | undefined;
  constructor(private readonly fromReads: () => number | undefined = () => undefined) {}

  /** A slot known to be real (a context slot, a slot notification). */
  observe(slot: number): void {
    if (Number.isSafeInteger(slot) && (this.newest === undefined || slot > this.newest)) this.newest = slot;
  }

  /** Why `slot` is not believable (undefined: it is, and it now counts as known). */
  check(slot: number): string | undefined {
    const ref = Math.max(this.newest ?? -1, this.fromReads() ?? -1);
    if (ref >= 0 && slot > ref + MAX_SLOT_LEAD) return `an absurd slot ${slot}, ${slot - ref} slots past the newest slot known (${ref})`;
    this.observe(slot);
    return undefined;
  }
}

/** One change of a watched account, as found. */
export interface WatchEvent<T, K = KeyInput> {
  /** "new": an account appeared; "changed": its bytes changed; "removed": it vanished (or left the filters). */
  type: 'new' | 'changed' | 'removed';
  /** Whether the account is a device or a link. */
  kind: WatchKind;
  /** The account's address. */
  pubkey: K;
  /** The account now (null when removed). */
  account: T | null;
  /** The account as known before (null when new). */
  previous: T | null;
  /** The slot it was seen at (a notification's, or the re-read's context slot). */
  slot: number;
  /** Told by a notification, or found by a re-read (after a (re)subscription, an overflow or a refusal). */
  source: 'subscription' | 'resync';
}

/** A (re)read finished: the view of `kinds` now equals the node's at `slot`. */
export interface WatchSynced {
  /** The first read (the baseline): no event was reported for it. */
  first: boolean;
  /** The kinds the read covered. */
  kinds: WatchKind[];
  /** The listing's context slot (undefined for a source that has none). */
  slot: number | undefined;
  /** Accounts known now, per kind. */
  counts: Record<WatchKind, number>;
}

/** What the watcher asks of the client (DzClientCore implements it). */
export interface WatchBackend<K extends KeyInput> {
  /** A program subscription for one kind; notifications come checked (slot guard included). */
  subscribe(
    kind: WatchKind,
    handlers: {
      onAccount(pubkey: K, data: Uint8Array, owner: KeyInput, slot: number): void;
      onStateChange(state: 'subscribed' | 'interrupted' | 'failed'): void;
      onError(error: unknown): void;
    },
  ): () => Promise<void>;
  /** Everything of one kind the filters on the node keep, and the context slot it was read at. */
  list(kind: WatchKind): Promise<{ slot: number | undefined; entries: { pubkey: K; data: Uint8Array; owner: KeyInput }[] }>;
  /** Stops reading the node's messages until the release is called (undefined: the transport cannot pause). */
  pause?(): (() => void) | undefined;
  /** The account decoded (throws a DzprovError when it does not decode) and whether the filters applied here keep it. */
  decode(kind: WatchKind, pubkey: K, data: Uint8Array, owner: KeyInput): { account: unknown; keep: boolean };
}

/** Options of a watcher (DzClient.watch adds the filters). */
export interface WatcherOptions<K extends KeyInput> {
  kinds: readonly WatchKind[];
  onEvent(event: WatchEvent<unknown, K>): void;
  onSynced?(synced: WatchSynced): void;
  /** A kind's subscription became live, or its socket dropped. */
  onStateChange?(state: 'subscribed' | 'interrupted', kind: WatchKind): void;
  /** Problems that do not end the watch: malformed notifications, accounts that do not decode, a failed re-read (retried). */
  onError?(error: unknown, context: { kind?: WatchKind; pubkey?: K; slot?: number }): void;
  /** Re-read everything this often, in ms (default: never; only after a (re)subscription). */
  resyncEveryMs?: number;
  /** Accounts the view holds at most (default 1,000,000): a node inventing more is refused. */
  maxAccounts?: number;
  /** Notifications queued during a read at most (default 100,000): past that, they are dropped and everything read again. */
  maxQueued?: number;
  /** First delay between failed re-reads, doubling to 30 s (default 500 ms). */
  retryDelayMs?: number;
}

/** What a watcher has counted. */
export interface WatcherStats {
  /** Notifications received. */
  notifications: number;
  /** Notifications older than the known state of their account (dropped). */
  stale: number;
  /** Notifications or accounts skipped (malformed, not decodable, over the account cap). */
  skipped: number;
  /** Reads of everything (the baseline included). */
  syncs: number;
  /** Queue overflows (each cured by another read). */
  overflows: number;
}

interface Known<K extends KeyInput> {
  kind: WatchKind;
  pubkey: K;
  slot: number;
  data: Uint8Array;
  owner: KeyInput;
}

interface Queued<K extends KeyInput> {
  pubkey: K;
  data: Uint8Array;
  owner: KeyInput;
  slot: number;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A running watch (DzClient.watch). */
export class Watcher<K extends KeyInput> {
  /** Counts of what the watcher received, dropped and re-read. */
  readonly stats: WatcherStats = { notifications: 0, stale: 0, skipped: 0, syncs: 0, overflows: 0 };
  /**
   * Settles when the watch ends: resolves after `stop()`, rejects with the error that ended it (a
   * subscription the node kept refusing, the baseline read failing).
   */
  readonly done: Promise<void>;
  private readonly known = new Map<string, Known<K>>();
  private readonly live = new Map<WatchKind, boolean>();
  /**
   * Notifications not applied yet, in the order received, per kind: held while the kind is read
   * (until the listing says which are older), then delivered unless paused (null: none waiting).
   */
  private readonly queues = new Map<WatchKind, Queued<K>[] | null>();
  /** Kinds whose notifications wait for a read (the baseline, a re-read). */
  private readonly reading = new Set<WatchKind>();
  /** Kinds being delivered now (a consumer resuming from inside an event must not start another loop). */
  private readonly flushing = new Set<WatchKind>();
  private readonly wanted = new Set<WatchKind>();
  private readonly unsubscribes: (() => Promise<void>)[] = [];
  private readonly maxAccounts: number;
  private readonly maxQueued: number;
  private readonly retryDelayMs: number;
  private syncing: Promise<void> | undefined;
  private synced = false;
  private stopped = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private finish!: (error?: unknown) => void;
  private wakeUp: (() => void) | undefined;
  private release: (() => void) | undefined;

  constructor(
    private readonly backend: WatchBackend<K>,
    private readonly opts: WatcherOptions<K>,
  ) {
    this.maxAccounts = opts.maxAccounts ?? 1_000_000;
    this.maxQueued = opts.maxQueued ?? 100_000;
    this.retryDelayMs = opts.retryDelayMs ?? 500;
    this.done = new Promise<void>((resolve, reject) => {
      this.finish = (error) => {
        if (this.stopped) return;
        this.stopped = true;
        this.resume(); // the node's answers to the unsubscriptions must be read (nothing more is delivered)
        clearInterval(this.timer);
        this.wakeUp?.();
        void Promise.allSettled(this.unsubscribes.map((u) => u())).then(() => (error === undefined ? resolve() : reject(error)));
      };
    });
    // A rejection nobody awaits must not become an unhandled rejection in the host.
    this.done.catch(() => undefined);
    for (const kind of opts.kinds) {
      this.live.set(kind, false);
      this.hold(kind);
    }
    for (const kind of opts.kinds) this.unsubscribes.push(this.subscribe(kind));
    if (opts.resyncEveryMs !== undefined && opts.resyncEveryMs > 0) {
      this.timer = setInterval(() => this.requestSync([...opts.kinds]), opts.resyncEveryMs);
      (this.timer as { unref?: () => void }).unref?.();
    }
  }

  /** Stops: unsubscribes everything; `done` resolves once the node has been told. */
  async stop(): Promise<void> {
    this.finish();
    await this.done;
  }

  /**
   * Backpressure: stops reading the node's messages and delivering the notifications already
   * received until `resume()`, for a consumer that cannot keep up (the CLI pauses while stdout
   * cannot take more lines). Notifications then wait on the node's side, not in this process
   * (the few already read wait here, in order); nothing is lost by pausing, though a node may
   * give up on a client paused for long (the socket is then made again and everything read
   * again).
   * Returns whether reading is paused: false when the transport cannot pause (a browser's
   * WebSocket, kit's subscriptions) or the watch has stopped. The client's other subscriptions
   * share the socket and pause too.
   */
  pause(): boolean {
    if (this.stopped) return false;
    this.release ??= this.backend.pause?.() ?? undefined;
    return this.release !== undefined;
  }

  /** Reads the node's messages again after `pause()`. */
  resume(): void {
    const release = this.release;
    this.release = undefined;
    release?.();
    for (const kind of this.opts.kinds) this.flush(kind);
  }

  /** Holds `kind`'s notifications until it has been read. */
  private hold(kind: WatchKind): void {
    this.reading.add(kind);
    if (!this.queues.get(kind)) this.queues.set(kind, []);
  }

  /** Delivers what waits for `kind`, in order, until paused (or a read holds it again). */
  private flush(kind: WatchKind): void {
    const q = this.queues.get(kind);
    if (!q || this.flushing.has(kind)) return; // resumed from inside an event: the loop under way goes on
    this.flushing.add(kind);
    let i = 0;
    try {
      while (i < q.length && !this.reading.has(kind) && this.release === undefined && !this.stopped) {
        const n = q[i++]!;
        this.apply(kind, n.pubkey, n.data, n.owner, n.slot, 'subscription');
      }
    } finally {
      this.flushing.delete(kind);
      q.splice(0, i);
      if (q.length === 0 && !this.reading.has(kind) && this.queues.get(kind) === q) this.queues.set(kind, null);
    }
  }

  /** How many accounts the view holds. */
  get size(): number {
    return this.known.size;
  }

  /** The view now: every known account, decoded (a copy; for checks and tests). */
  snapshot(): {
    /** Device or link. */
    kind: WatchKind;
    /** The account's address. */
    pubkey: K;
    /** The slot it was seen at. */
    slot: number;
    /** The decoded account. */
    account: unknown;
  }[] {
    return [...this.known.values()].map((k) => ({ kind: k.kind, pubkey: k.pubkey, slot: k.slot, account: this.backend.decode(k.kind, k.pubkey, k.data, k.owner).account }));
  }

  private report(error: unknown, context: { kind?: WatchKind; pubkey?: K; slot?: number }): void {
    try {
      this.opts.onError?.(error, context);
    } catch {
      // The caller's handler failing is not the watch's problem.
    }
  }

  private subscribe(kind: WatchKind): () => Promise<void> {
    let fatal: unknown;
    return this.backend.subscribe(kind, {
      onAccount: (pubkey, data, owner, slot) => {
        if (this.stopped) return;
        this.stats.notifications++;
        let q = this.queues.get(kind);
        if (!q && this.release !== undefined) this.queues.set(kind, (q = [])); // paused: a few already read wait too
        if (q) {
          if (q.length >= this.maxQueued) {
            // Too much to hold: drop it all and read again (once the read under way is done).
            this.stats.overflows++;
            q.length = 0;
            this.requestSync([kind]);
            return;
          }
          q.push({ pubkey, data, owner, slot });
          // Not read again: a backlog (paused), delivered in order after what waits before it.
          if (!this.reading.has(kind)) this.flush(kind);
          return;
        }
        this.apply(kind, pubkey, data, owner, slot, 'subscription');
      },
      onStateChange: (state) => {
        if (this.stopped) return;
        if (state === 'failed') {
          this.finish(fatal ?? new SubscriptionFailedError('programSubscribe', 0, 'the subscription was given up'));
          return;
        }
        if (state === 'interrupted') {
          this.live.set(kind, false);
          this.hold(kind);
        } else {
          this.live.set(kind, true);
          this.requestSync([kind]);
        }
        try {
          this.opts.onStateChange?.(state, kind);
        } catch {
          // as report()
        }
      },
      onError: (error) => {
        if (error instanceof SubscriptionFailedError || error instanceof ValidationError) {
          fatal ??= error;
          return;
        }
        this.stats.skipped += error instanceof MalformedNotificationError ? 1 : 0;
        this.report(error, { kind });
        // A node that sent something absurd may have sent wrong things before: read again.
        if (error instanceof MalformedNotificationError && /slot/.test(error.reason) && this.synced) this.requestSync([kind]);
      },
    });
  }

  /** Applies one account state; reports it unless nothing changed. */
  private apply(kind: WatchKind, pubkey: K, data: Uint8Array, owner: KeyInput, slot: number, source: 'subscription' | 'resync'): void {
    const id = keyText(pubkey);
    const prev = this.known.get(id);
    if (prev && slot < prev.slot) {
      this.stats.stale++;
      return;
    }
    let decoded: { account: unknown; keep: boolean };
    try {
      decoded = this.backend.decode(kind, pubkey, data, owner);
    } catch (e) {
      this.stats.skipped++;
      this.report(e, { kind, pubkey, slot });
      return;
    }
    if (!decoded.keep) {
      if (prev) {
        this.known.delete(id);
        this.emit({ type: 'removed', kind, pubkey, account: null, previous: this.decodedOrNull(prev), slot, source });
      }
      return;
    }
    if (!prev && this.known.size >= this.maxAccounts) {
      this.stats.skipped++;
      this.report(new MalformedNotificationError('programNotification', `more than ${this.maxAccounts} accounts: ${id} is not watched`), { kind, pubkey, slot });
      return;
    }
    if (!prev) {
      this.known.set(id, { kind, pubkey, slot, data, owner });
      this.emit({ type: 'new', kind, pubkey, account: decoded.account, previous: null, slot, source });
      return;
    }
    const same = equalBytes(prev.data, data);
    const previous = same ? null : this.decodedOrNull(prev);
    // The record is updated in place and the bytes copied into the ones it holds, so that what a
    // long watch keeps never changes hands: a stream of notifications leaves only short-lived
    // garbage (decoded values copy what they take from the bytes; nothing handed out aliases them).
    prev.slot = slot;
    if (keyText(prev.owner) !== keyText(owner)) prev.owner = owner; // the same owner, told again: the old text is kept
    if (prev.data.length === data.length) prev.data.set(data);
    else prev.data = data;
    if (!same) this.emit({ type: 'changed', kind, pubkey, account: decoded.account, previous, slot, source });
  }

  private decodedOrNull(k: Known<K>): unknown {
    try {
      return this.backend.decode(k.kind, k.pubkey, k.data, k.owner).account;
    } catch {
      return null;
    }
  }

  private emit(event: WatchEvent<unknown, K>): void {
    if (this.stopped) return;
    try {
      this.opts.onEvent(event);
    } catch (e) {
      this.report(e, { kind: event.kind, pubkey: event.pubkey, slot: event.slot });
    }
  }

  /** Reads `kinds` again (after every kind is live the first time; at once after that). */
  private requestSync(kinds: WatchKind[]): void {
    for (const k of kinds) {
      this.wanted.add(k);
      this.hold(k);
    }
    // A read waits for every subscription (they share one socket: they come back together), so
    // one read covers everything that was missed.
    if ([...this.live.values()].some((l) => !l)) return;
    if (this.syncing) return;
    this.syncing = this.syncLoop().finally(() => {
      this.syncing = undefined;
    });
  }

  private async syncLoop(): Promise<void> {
    for (let attempt = 0; !this.stopped; ) {
      const kinds = this.opts.kinds.filter((k) => this.wanted.has(k) && this.live.get(k));
      if (kinds.length === 0) return;
      for (const k of kinds) {
        this.wanted.delete(k);
        this.hold(k); // what arrives during the read waits for it
      }
      let lists: { slot: number | undefined; entries: { pubkey: K; data: Uint8Array; owner: KeyInput }[] }[];
      try {
        lists = await Promise.all(kinds.map((k) => this.backend.list(k)));
      } catch (e) {
        for (const k of kinds) this.wanted.add(k);
        if (!this.synced) {
          this.finish(e); // the baseline fails like any other read
          return;
        }
        this.report(e, {});
        const delay = Math.min(30_000, this.retryDelayMs * 2 ** Math.min(attempt++, 16));
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, delay);
          this.wakeUp = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wakeUp = undefined;
        continue;
      }
      attempt = 0;
      if (this.stopped) return;
      this.stats.syncs++;
      const first = !this.synced;
      kinds.forEach((kind, i) => this.replace(kind, lists[i]!, first));
      this.synced = true;
      const slots = lists.map((l) => l.slot).filter((s): s is number => s !== undefined);
      const counts = { device: 0, link: 0 };
      for (const k of this.known.values()) counts[k.kind]++;
      try {
        this.opts.onSynced?.({ first, kinds, slot: slots.length ? Math.max(...slots) : undefined, counts });
      } catch {
        // as report()
      }
      // Then what arrived during the read and is newer than it (after onSynced: the baseline comes first).
      for (const k of kinds) this.flush(k);
    }
  }

  /** The re-read of one kind replaces what was known of it; then the notifications it queued. */
  private replace(kind: WatchKind, list: { slot: number | undefined; entries: { pubkey: K; data: Uint8Array; owner: KeyInput }[] }, first: boolean): void {
    const slot = list.slot ?? 0;
    const present = new Set<string>();
    for (const e of list.entries) {
      const id = keyText(e.pubkey);
      present.add(id);
      let decoded: { account: unknown; keep: boolean };
      try {
        decoded = this.backend.decode(kind, e.pubkey, e.data, e.owner);
      } catch (err) {
        this.stats.skipped++;
        this.report(err, { kind, pubkey: e.pubkey, slot });
        present.delete(id);
        continue;
      }
      if (!decoded.keep) {
        present.delete(id);
        continue;
      }
      const prev = this.known.get(id);
      if (!prev && this.known.size >= this.maxAccounts) {
        this.stats.skipped++;
        this.report(new MalformedNotificationError('getProgramAccounts', `more than ${this.maxAccounts} accounts: ${id} is not watched`), { kind, pubkey: e.pubkey, slot });
        continue;
      }
      // The listing is the node's word now: it replaces what was known, whatever its slot.
      this.known.set(id, { kind, pubkey: e.pubkey, slot, data: e.data, owner: e.owner });
      if (first || (prev && equalBytes(prev.data, e.data))) continue;
      this.emit({ type: prev ? 'changed' : 'new', kind, pubkey: e.pubkey, account: decoded.account, previous: prev ? this.decodedOrNull(prev) : null, slot, source: 'resync' });
    }
    for (const [id, k] of [...this.known]) {
      if (k.kind !== kind || present.has(id)) continue;
      this.known.delete(id);
      if (!first) this.emit({ type: 'removed', kind, pubkey: k.pubkey, account: null, previous: this.decodedOrNull(k), slot, source: 'resync' });
    }
    // What waited for the read: older than the listing, already in it; at its slot or newer,
    // delivered after it (syncLoop flushes it).
    const queued = this.queues.get(kind) ?? [];
    const newer = queued.filter((n) => {
      if (list.slot !== undefined && n.slot > list.slot + MAX_SLOT_LEAD) {
        // Believed before the listing told the slot: absurd next to it.
        this.stats.skipped++;
        this.report(new MalformedNotificationError('programNotification', `an absurd slot ${n.slot}, ${n.slot - list.slot} slots past the listing's`), { kind, pubkey: n.pubkey, slot: n.slot });
        return false;
      }
      return list.slot === undefined || n.slot >= list.slot;
    });
    this.queues.set(kind, newer);
    this.reading.delete(kind);
  }
}
