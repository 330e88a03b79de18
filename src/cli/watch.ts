import type { PublicKey } from './publicKey.js';
import {
  DeviceDesiredStatusSpec,
  DeviceHealthSpec,
  DeviceStatusSpec,
  LinkDesiredStatusSpec,
  LinkHealthSpec,
  LinkStatusSpec,
  type EnumSpec,
} from './sdk.js';
import type { Device } from './sdk.js';
import type { Link } from './sdk.js';
import { MalformedNotificationError, SubscriptionFailedError, ValidationError } from './sdk.js';
import { ensureProgramDeployed } from './sdk.js';
import type { WatchEvent } from '../core/client/watcher.js';
import type { GlobalOptions } from './args.js';
import { announce, Out, reading, redactUrl, resolveTarget, type CliIo } from './context.js';
import { RpcUnavailableError, UsageError } from './errors.js';
import { EXIT } from './exitCodes.js';
import { enumJson, fitColumns, paint, safeField, tableRow, visibleLength, type EnumJson } from './format.js';

/**
 * `dzprov watch [devices|links]`: live changes of status, health and desired status, printed
 * from the SDK's watcher (DzClient.watch, src/core/client/watcher.ts) over dzprov's own
 * WebSocket layer (src/core/client/ws.ts).
 *
 * The subscriptions are made first, then everything is read (the baseline, at the listing's own
 * slot); notifications that arrive meanwhile wait and are applied after it when they are at
 * least as new. When the WebSocket drops or goes silent, it is opened again and the
 * subscriptions made again (with a backoff, and a budget: a node that keeps refusing ends the
 * watch with exit code 3); dzprov then reads everything again and reports whatever changed,
 * appeared or vanished in between. Everything is also read again every 5 minutes (a closed
 * account is never notified). Malformed notifications are counted and skipped. While stdout
 * cannot take more lines, the node's messages are not read (backpressure). What it cannot
 * report is a change undone before it looked again: a status changed and changed back during an
 * outage (or within the one slot a notification covers) leaves nothing to see.
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
/** Everything is read again this often: a closed account is never notified, only a read finds it. */
const RESYNC_EVERY_MS = 5 * 60_000;
/** Warnings printed at most (malformed notifications...); the rest are counted in the last line. */
const MAX_WARNINGS = 20;

export async function runWatch(which: 'devices' | 'links' | undefined, options: GlobalOptions, io: CliIo): Promise<number> {
  const out = new Out(io, options.json, options.wide);
  const target = resolveTarget(options, io.env, undefined, io.subscriptions);
  if (target.mode === 'sample') {
    throw new UsageError('watch needs a DoubleZero ledger: pass -e <environment> or --url <url> (the embedded sample ledger never changes)', 'watch');
  }
  announce(out, target);
  // A node without the program would accept the subscriptions and never say a word: ask first.
  await reading(target, () => ensureProgramDeployed(target.client));
  const kinds: Kind[] = which === 'devices' ? ['device'] : which === 'links' ? ['link'] : ['device', 'link'];
  const client = target.client;

  // ------------------------------------------------------------------ stopping
  let stopReason: 'signal' | 'count' | 'timeout' | 'deadline' | 'failed' | undefined;
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

  // ------------------------------------------------------------------ output
  let changes = 0;
  let widths: number[] | undefined;
  let warnings = 0;
  let skipped = 0;
  let lastProblem: string | undefined;

  const printHeader = (codes: string[]) => {
    const labels = (k: 'status' | 'health' | 'desired') => kinds.flatMap((kind) => SPECS[kind][k].values.map((v) => SPECS[kind][k].label(v)));
    const columns = [
      ['TIME', '00:00:00'],
      ['KIND', ...kinds],
      ['CODE', ...codes.map((c) => safeField(c, 32))],
      ['STATUS', ...labels('status')],
      ['HEALTH', ...labels('health')],
      ['DESIRED', ...labels('desired')],
      ['CHANGED', 'status, health, desired'],
    ];
    widths = fitColumns(
      columns.map((c) => Math.max(...c.map((x) => visibleLength(x)))),
      { maxWidth: out.width },
      columns,
    );
    for (const l of tableRow(columns.map((c) => c[0]!), widths)) out.line(paint(out.style, 'bold', l));
  };

  const emit = (c: Change) => {
    if (stopReason) return;
    changes++;
    let room = true;
    if (out.json) {
      room = out.record(c);
    } else {
      const time = new Date().toTimeString().slice(0, 8);
      const mark = (f: string, label: string) => (c.changed.includes(f) ? paint(out.style, 'bold', label) : label);
      const what = c.event === 'changed' ? c.changed.join(', ') : c.event;
      const cells = [time, c.kind, safeField(c.code), mark('status', c.status.label), mark('health', c.health.label), mark('desired', c.desired.label), what];
      for (const l of tableRow(cells, widths!)) room = out.line(l) && room;
    }
    if (!room) pushBack();
    if (options.count !== undefined && changes >= options.count) stop('count');
  };

  // Backpressure: while stdout cannot take more lines (a slow terminal, a pipe read late), the
  // node's messages are not read; they wait on the node's side, not in this process's memory.
  let held = false;
  const onDrain = () => {
    held = false;
    watcher.resume();
  };
  const pushBack = () => {
    if (held || typeof io.stdout.once !== 'function' || !watcher.pause()) return;
    held = true;
    io.stdout.once('drain', onDrain);
  };

  const warn = (message: string) => {
    lastProblem = message;
    if (++warnings <= MAX_WARNINGS) out.warn(message);
  };

  /** One event of the watcher as a printed change: only what the columns show counts. */
  const onEvent = (e: WatchEvent<unknown, PublicKey>) => {
    const kind = e.kind;
    const source: Change['source'] = e.source;
    const pubkey = e.pubkey.toBase58();
    if (e.type === 'removed') {
      const p = seenOf(kind, e.previous as Device | Link, e.slot);
      emit({ event: 'removed', kind, pubkey, code: p.code, status: p.status, health: p.health, desired: p.desired, slot: e.slot, changed: [], previous: null, source });
      return;
    }
    const now = seenOf(kind, e.account as Device | Link, e.slot);
    const prev = e.previous === null ? undefined : seenOf(kind, e.previous as Device | Link, e.slot);
    const changed = prev ? diff(prev, now) : [];
    if (prev && changed.length === 0) return; // a rewrite that changes nothing shown
    emit({
      event: prev ? 'changed' : 'new',
      kind,
      pubkey,
      code: now.code,
      status: now.status,
      health: now.health,
      desired: now.desired,
      slot: e.slot,
      changed,
      previous: prev ? { code: prev.code, status: prev.status, health: prev.health, desired: prev.desired } : null,
      source,
    });
  };

  // ------------------------------------------------------------------ the watch
  let syncedOnce = false;
  const live = new Map<Kind, boolean>(kinds.map((k) => [k, false]));
  const watcher = client.watch({
    devices: kinds.includes('device'),
    links: kinds.includes('link'),
    resyncEveryMs: RESYNC_EVERY_MS,
    onEvent,
    onSynced: (s) => {
      if (!s.first) return;
      syncedOnce = true;
      clearTimeout(deadline);
      const counts = kinds.map((k) => `${s.counts[k]} ${k}s`).join(' and ');
      out.note(`watching ${counts} (slot ${s.slot}); Ctrl-C to stop`);
      // The table's code column is as wide as the codes known (decoding them all: not for --json).
      if (!out.json) printHeader(watcher.snapshot().map((x) => (x.account as { code: string }).code));
    },
    onStateChange: (state, kind) => {
      if (state === 'interrupted') {
        if (syncedOnce && [...live.values()].every(Boolean)) out.note('dzprov: the WebSocket dropped; resubscribing, then reading everything again');
        live.set(kind, false);
        return;
      }
      live.set(kind, true);
      if (syncedOnce && [...live.values()].every(Boolean)) out.note('dzprov: resubscribed; reading everything again');
    },
    onError: (error, ctx) => {
      if (error instanceof MalformedNotificationError) skipped++;
      const what = error instanceof Error ? error.message : String(error);
      warn(ctx.pubkey !== undefined ? `update of ${ctx.pubkey.toBase58()}${ctx.slot !== undefined ? ` at slot ${ctx.slot}` : ''} not shown: ${what}` : what);
    },
  });
  let failure: unknown;
  void watcher.done.catch((e: unknown) => {
    failure = e;
    stop('failed');
  });

  try {
    await stopped;
  } finally {
    clearTimeout(timer);
    clearTimeout(deadline);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    io.signal?.removeEventListener('abort', onSignal);
    if (held) io.stdout.removeListener?.('drain', onDrain);
    // Unsubscribing waits for the node's answer; a dead socket must not hold the exit.
    await Promise.race([watcher.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
  }

  if (failure !== undefined) {
    // A WebSocket URL the library refuses is a usage error; a node that keeps refusing, exit 3.
    if (failure instanceof ValidationError) throw new UsageError(failure.message, 'watch');
    if (failure instanceof SubscriptionFailedError) throw new RpcUnavailableError(redactUrl(target.url!), `${failure.message}; the watch is given up`, { cause: failure });
    throw failure;
  }
  if (!syncedOnce && stopReason !== 'signal') {
    throw new RpcUnavailableError(
      redactUrl(target.url!),
      `no WebSocket subscription within ${Math.round(Math.min(SUBSCRIBE_DEADLINE_MS, options.timeoutMs ?? Infinity) / 1000)} s${lastProblem ? ` (${lastProblem})` : ''}; pass --ws <url> if the node's WebSocket is elsewhere`,
    );
  }
  const extra = [
    skipped > 0 ? `${skipped} malformed notification${skipped === 1 ? '' : 's'} skipped` : '',
    warnings > MAX_WARNINGS ? `${warnings - MAX_WARNINGS} more warnings not shown` : '',
  ].filter(Boolean);
  out.note(
    `dzprov: watch stopped (${stopReason === 'count' ? `--count ${options.count}` : stopReason === 'timeout' ? '--timeout' : 'interrupted'}) after ${changes} change${changes === 1 ? '' : 's'}${extra.length ? `; ${extra.join(', ')}` : ''}`,
  );
  return EXIT.OK;
}
