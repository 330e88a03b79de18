import type { PublicKey } from '@solana/web3.js';
import { DzprovError } from '../index.js';
import {
  DeviceDesiredStatusSpec,
  DeviceHealthSpec,
  DeviceStatusSpec,
  LinkDesiredStatusSpec,
  LinkHealthSpec,
  LinkStatusSpec,
  type EnumSpec,
} from '../index.js';
import type { Device } from '../index.js';
import type { Link } from '../index.js';
import type { Unsubscribe } from '../index.js';
import { MalformedRpcResponseError } from '../index.js';
import { RpcAccountSource } from '../core/client/source.js';
import { ensureProgramDeployed } from '../index.js';
import type { GlobalOptions } from './args.js';
import { announce, Out, reading, redactUrl, resolveTarget, type CliIo } from './context.js';
import { RpcUnavailableError, UsageError } from './errors.js';
import { EXIT } from './exitCodes.js';
import { enumJson, fitColumns, paint, safeField, tableRow, terminalSafe, TERMINAL_TEXT_MAX, type EnumJson } from './format.js';

/**
 * `dzprov watch [devices|links]`: live changes of status, health and desired status, from the
 * client's program-account subscriptions.
 *
 * The subscriptions are made first, then everything is read (the baseline); notifications that
 * arrive meanwhile wait and are applied after it, those older than the read dropped. When the
 * WebSocket drops, web3.js reconnects and resubscribes (the client reports "interrupted" then
 * "subscribed"); dzprov then reads everything again and reports whatever differs from what it
 * last saw, appeared or vanished in between. What it cannot report is a change undone before it
 * looked again: a status changed and changed back during an outage (or within the one slot a
 * notification covers) leaves nothing to see. A failed re-read is retried with exponential
 * backoff (0.5 s doubling to 30 s) for as long as the watch runs.
 */

type Kind = 'device' | 'link';

interface Seen {
  kind: Kind;
  code: string;
  status: EnumJson;
  health: EnumJson;
  desired: EnumJson;
  slot: number;
}

/** One change, as printed (one NDJSON line with --json). */
interface Change {
  event: 'changed' | 'new' | 'removed';
  kind: Kind;
  pubkey: string;
  code: string;
  status: EnumJson;
  health: EnumJson;
  desired: EnumJson;
  slot: number;
  /** Which of code, status, health, desired changed (empty for new and removed). */
  changed: string[];
  /** The values before the change (null for a new account). */
  previous: { code: string; status: EnumJson; health: EnumJson; desired: EnumJson } | null;
  /** Whether a notification told it, or the re-read after a (re)subscription. */
  source: 'subscription' | 'resync';
}

const SPECS: Record<Kind, { status: EnumSpec; health: EnumSpec; desired: EnumSpec }> = {
  device: { status: DeviceStatusSpec, health: DeviceHealthSpec, desired: DeviceDesiredStatusSpec },
  link: { status: LinkStatusSpec, health: LinkHealthSpec, desired: LinkDesiredStatusSpec },
};

function seenOf(kind: Kind, account: Device | Link, slot: number): Seen {
  const s = SPECS[kind];
  const health = kind === 'device' ? (account as Device).deviceHealth : (account as Link).linkHealth;
  return {
    kind,
    code: account.code,
    status: enumJson(s.status, account.status),
    health: enumJson(s.health, health),
    desired: enumJson(s.desired, account.desiredStatus),
    slot,
  };
}

const FIELDS = ['code', 'status', 'health', 'desired'] as const;

function diff(a: Seen, b: Seen): string[] {
  return FIELDS.filter((f) => (f === 'code' ? a.code !== b.code : a[f].value !== b[f].value));
}

/** How long the first subscription may take before the watch gives up (exit code 3). */
const SUBSCRIBE_DEADLINE_MS = 20_000;
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 30_000;

/** Resolves after `ms`, or at once when `stopped` settles first. */
function sleep(ms: number, stopped: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    void stopped.then(() => {
      clearTimeout(t);
      resolve();
    });
  });
}

/**
 * web3.js reports WebSocket trouble with console.error ("ws error: ..."), which would land in the
 * middle of the output; during a watch those lines go to stderr only with DZPROV_DEBUG, and
 * the last one is kept for the error message.
 */
function captureConsole(io: CliIo, debug: boolean): { last: () => string | undefined; restore: () => void } {
  const saved = { error: console.error, log: console.log, warn: console.warn };
  let last: string | undefined;
  const sink = (...args: unknown[]) => {
    last = args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    if (debug) io.stderr.write(`dzprov: debug: ${terminalSafe(last, { oneField: true, max: TERMINAL_TEXT_MAX })}\n`);
  };
  console.error = sink;
  console.log = sink;
  console.warn = sink;
  return {
    last: () => last,
    restore: () => Object.assign(console, saved),
  };
}

export async function runWatch(which: 'devices' | 'links' | undefined, options: GlobalOptions, io: CliIo): Promise<number> {
  const out = new Out(io, options.json, options.wide);
  const target = resolveTarget(options, io.env, undefined);
  if (target.mode === 'sample') {
    throw new UsageError('watch needs a DoubleZero ledger: pass -e <environment> or --url <url> (the embedded sample ledger never changes)', 'watch');
  }
  announce(out, target);
  // A node without the program would accept the subscriptions and never say a word: ask first.
  await reading(target, () => ensureProgramDeployed(target.client));
  const kinds: Kind[] = which === 'devices' ? ['device'] : which === 'links' ? ['link'] : ['device', 'link'];
  const debug = io.env.DZPROV_DEBUG !== undefined && io.env.DZPROV_DEBUG !== '' && io.env.DZPROV_DEBUG !== '0';
  const client = target.client;

  // ------------------------------------------------------------------ stopping
  let stopReason: 'signal' | 'count' | 'timeout' | 'deadline' | undefined;
  let stop!: (why: NonNullable<typeof stopReason>) => void;
  const stopped = new Promise<void>((resolve) => {
    stop = (why) => {
      stopReason ??= why;
      resolve();
    };
  });
  const onSignal = () => stop('signal');
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  io.signal?.addEventListener('abort', onSignal, { once: true });
  if (io.signal?.aborted) stop('signal');
  const timer = options.timeoutMs !== undefined ? setTimeout(() => stop('timeout'), options.timeoutMs) : undefined;
  const deadline = setTimeout(() => stop('deadline'), SUBSCRIBE_DEADLINE_MS);
  const consoleCapture = captureConsole(io, debug);

  // ------------------------------------------------------------------ output
  const known = new Map<string, Seen>();
  let changes = 0;
  let widths: number[] | undefined;

  const printHeader = () => {
    if (out.json) return;
    const labels = (k: 'status' | 'health' | 'desired') => kinds.flatMap((kind) => SPECS[kind][k].values.map((v) => SPECS[kind][k].label(v)));
    const columns = [
      ['TIME', '00:00:00'],
      ['KIND', ...kinds],
      ['CODE', ...[...known.values()].map((s) => safeField(s.code, 32))],
      ['STATUS', ...labels('status')],
      ['HEALTH', ...labels('health')],
      ['DESIRED', ...labels('desired')],
      ['CHANGED', 'status, health, desired'],
    ];
    widths = fitColumns(
      columns.map((c) => Math.max(...c.map((x) => [...x].length))),
      { maxWidth: out.width },
      columns,
    );
    for (const l of tableRow(columns.map((c) => c[0]!), widths)) out.line(paint(out.style, 'bold', l));
  };

  const emit = (c: Change) => {
    if (stopReason) return;
    changes++;
    if (out.json) {
      out.record(c);
    } else {
      const time = new Date().toTimeString().slice(0, 8);
      const mark = (f: string, label: string) => (c.changed.includes(f) ? paint(out.style, 'bold', label) : label);
      const what = c.event === 'changed' ? c.changed.join(', ') : c.event;
      const cells = [time, c.kind, safeField(c.code), mark('status', c.status.label), mark('health', c.health.label), mark('desired', c.desired.label), what];
      for (const l of tableRow(cells, widths!)) out.line(l);
    }
    if (options.count !== undefined && changes >= options.count) stop('count');
  };

  /** Applies one account state; reports it unless it is the baseline or nothing shown changed. */
  const apply = (kind: Kind, pubkey: PublicKey, account: Device | Link, slot: number, source: Change['source'], report: boolean) => {
    const key = pubkey.toBase58();
    const prev = known.get(key);
    if (prev && slot < prev.slot) return; // older than what is known
    const now = seenOf(kind, account, slot);
    known.set(key, now);
    if (!report) return;
    const changed = prev ? diff(prev, now) : [];
    if (prev && changed.length === 0) return;
    const { code, status, health, desired } = now;
    emit({
      event: prev ? 'changed' : 'new',
      kind,
      pubkey: key,
      code,
      status,
      health,
      desired,
      slot,
      changed,
      previous: prev ? { code: prev.code, status: prev.status, health: prev.health, desired: prev.desired } : null,
      source,
    });
  };

  // ------------------------------------------------------------------ subscriptions
  type Notification = { kind: Kind; pubkey: PublicKey; account: Device | Link; slot: number };
  let queue: Notification[] | null = []; // non-null while a (re)read is under way
  let syncedOnce = false;
  let resyncWanted = false;
  let syncing: Promise<void> | undefined;
  const live = new Map<Kind, boolean>(kinds.map((k) => [k, false]));

  const onNotification = (n: Notification) => {
    if (queue) queue.push(n);
    else apply(n.kind, n.pubkey, n.account, n.slot, 'subscription', true);
  };

  const readAll = async (): Promise<{ slot: number; entries: { kind: Kind; pubkey: PublicKey; account: Device | Link }[] }> => {
    const warn = (pubkey: PublicKey, e: DzprovError) => out.warn(`skipped account ${pubkey.toBase58()}: ${e.message}`);
    // The slot before the listing: notifications older than it are already in the listing.
    const slot = await reading(target, async () => {
      if (!(client.source instanceof RpcAccountSource)) return client.connection.getSlot(client.commitment);
      const s = await client.source.read('getSlot', [{ commitment: client.commitment }]);
      if (typeof s !== 'number' || !Number.isSafeInteger(s)) throw new MalformedRpcResponseError('getSlot', 'the answer is not a slot');
      return s;
    });
    const lists = await reading(target, () =>
      Promise.all(
        kinds.map(async (kind) =>
          (kind === 'device' ? await client.listDevices({ onDecodeError: warn }) : await client.listLinks({ onDecodeError: warn })).map(
            (e) => ({ kind, pubkey: e.pubkey, account: e.account as Device | Link }),
          ),
        ),
      ),
    );
    return { slot, entries: lists.flat() };
  };

  /** Reads everything, reports the differences (none the first time), then the queued notifications. */
  const sync = async (): Promise<void> => {
    for (let attempt = 0; !stopReason; attempt++) {
      queue ??= [];
      resyncWanted = false;
      let read: Awaited<ReturnType<typeof readAll>>;
      try {
        read = await readAll();
      } catch (e) {
        if (!syncedOnce) throw e; // the first read fails like any other command (exit code 3)
        const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.min(attempt, 16));
        out.warn(`re-reading after the reconnect failed (${e instanceof Error ? e.message : String(e)}); retrying in ${delay / 1000} s`);
        await sleep(delay, stopped);
        continue;
      }
      const first = !syncedOnce;
      const present = new Set<string>();
      for (const e of read.entries) {
        present.add(e.pubkey.toBase58());
        apply(e.kind, e.pubkey, e.account, read.slot, 'resync', !first);
      }
      if (!first) {
        for (const [key, s] of [...known]) {
          if (present.has(key)) continue;
          known.delete(key);
          emit({ event: 'removed', kind: s.kind, pubkey: key, code: s.code, status: s.status, health: s.health, desired: s.desired, slot: read.slot, changed: [], previous: null, source: 'resync' });
        }
      }
      if (first) {
        syncedOnce = true;
        const counts = kinds.map((k) => `${[...known.values()].filter((s) => s.kind === k).length} ${k}s`).join(' and ');
        out.note(`watching ${counts} (slot ${read.slot}); Ctrl-C to stop`);
        printHeader();
      }
      const pending = queue ?? [];
      queue = null;
      for (const n of pending) if (n.slot >= read.slot) apply(n.kind, n.pubkey, n.account, n.slot, 'subscription', true);
      if (!resyncWanted) return;
    }
  };

  const requestSync = () => {
    if (syncing) {
      resyncWanted = true;
      queue ??= [];
      return;
    }
    syncing = sync().finally(() => {
      syncing = undefined;
    });
    // A failure of the first read ends the watch through `failed`.
    syncing.catch((e: unknown) => fail(e));
  };

  let failure: unknown;
  const fail = (e: unknown) => {
    failure ??= e;
    stop('signal');
  };

  const onStateChange = (kind: Kind) => (state: 'subscribed' | 'interrupted') => {
    if (state === 'interrupted') {
      if ([...live.values()].some(Boolean)) {
        out.note(`dzprov: the WebSocket dropped; resubscribing, then reading everything again`);
      }
      live.set(kind, false);
      queue ??= [];
      return;
    }
    live.set(kind, true);
    if ([...live.values()].every(Boolean)) {
      clearTimeout(deadline);
      if (syncedOnce) out.note('dzprov: resubscribed; reading everything again');
      requestSync();
    }
  };

  const unsubscribes: Unsubscribe[] = [];
  try {
    const onError = (error: unknown, ctx: { pubkey: PublicKey; slot: number }) =>
      out.warn(`update of ${ctx.pubkey.toBase58()} at slot ${ctx.slot} not shown: ${error instanceof Error ? error.message : String(error)}`);
    for (const kind of kinds) {
      const cb = (ev: { pubkey: PublicKey; account: Device | Link; slot: number }) => onNotification({ kind, ...ev });
      unsubscribes.push(
        kind === 'device'
          ? client.subscribeDevices(cb, { onError, onStateChange: onStateChange(kind) })
          : client.subscribeLinks(cb, { onError, onStateChange: onStateChange(kind) }),
      );
    }
    await stopped;
    await syncing?.catch(() => undefined);
  } finally {
    clearTimeout(timer);
    clearTimeout(deadline);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    io.signal?.removeEventListener('abort', onSignal);
    // Unsubscribing waits for the node's answer; a dead socket must not hold the exit.
    await Promise.race([Promise.allSettled(unsubscribes.map((u) => u())), new Promise((r) => setTimeout(r, 1000).unref())]);
    consoleCapture.restore();
  }

  if (failure) throw failure;
  if (!syncedOnce && stopReason !== 'signal') {
    const why = consoleCapture.last();
    throw new RpcUnavailableError(
      redactUrl(target.url!),
      `no WebSocket subscription within ${Math.round(Math.min(SUBSCRIBE_DEADLINE_MS, options.timeoutMs ?? Infinity) / 1000)} s${why ? ` (${why})` : ''}; pass --ws <url> if the node's WebSocket is elsewhere`,
    );
  }
  out.note(
    `dzprov: watch stopped (${stopReason === 'count' ? `--count ${options.count}` : stopReason === 'timeout' ? '--timeout' : 'interrupted'}) after ${changes} change${changes === 1 ? '' : 's'}`,
  );
  return EXIT.OK;
}
