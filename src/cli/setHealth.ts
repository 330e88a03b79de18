import type { PublicKey } from './publicKey.js';
import { DzprovError } from './sdk.js';
import { DeviceHealthSpec, LinkHealthSpec, parseDeviceHealth, parseLinkHealth, type EnumSpec } from './sdk.js';
import type { HealthOutcome, HealthUpdate } from './sdk.js';
import type { GlobalOptions } from './args.js';
import { announce, describeActor, loadActor, Out, reading, resolveTarget, type CliIo } from './context.js';
import { InputFileError, SampleLedgerSendError, UsageError } from './errors.js';
import { FileReadProblem, INPUT_MAX_BYTES, readRegularFile, readStdinBounded } from './files.js';
import { EXIT } from './exitCodes.js';
import { enumJson, oneLine, paint, safeField, TERMINAL_TEXT_MAX } from './format.js';
import { findDevice, findDeviceOrLink, findLink, loadSnapshot, type Snapshot } from './ledger.js';
import { actionKeypair, choosePayer } from './actions.js';

/**
 * `dzprov set-health <file|->`: many health writes at once (health oracles). Input is either
 * lines `<code|address> <health>` (optionally `device|link <code> <health>`; `#` comments and
 * blank lines ignored) or a JSON array `[{"code": ..., "health": ..., "kind"?: ...}]`. Each
 * target is resolved on the ledger, then the client reads them all in one pass, checks each
 * with the lifecycle-checked builder, skips those already at the wanted health and packs the
 * rest into as few transactions as fit; --send sends them (4 in flight). One line (or one JSON
 * object with --json) per target.
 */

const COMMAND = 'set-health';

interface InputEntry {
  /** 1-based line (text input) or 0-based array index (JSON input), for messages. */
  where: string;
  kind?: 'device' | 'link';
  target: string;
  health: string;
}

function readInput(path: string, io: CliIo): string {
  try {
    if (path === '-') {
      const text = io.readStdin ? io.readStdin() : readStdinBounded(INPUT_MAX_BYTES);
      if (text.length > INPUT_MAX_BYTES) throw new FileReadProblem(`larger than ${INPUT_MAX_BYTES} bytes`, 'TOO_BIG');
      return text;
    }
    return readRegularFile(path, INPUT_MAX_BYTES);
  } catch (e) {
    throw new InputFileError(path, e instanceof FileReadProblem ? e.reason : (e as Error).message, COMMAND);
  }
}

/** Parses the input text (lines or a JSON array); throws UsageError naming the bad line or element. */
export function parseHealthInput(text: string): InputEntry[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (e) {
      throw new UsageError(`${COMMAND}: the input is not valid JSON: ${(e as Error).message}`, COMMAND);
    }
    if (!Array.isArray(parsed)) throw new UsageError(`${COMMAND}: expected a JSON array of {code, health}`, COMMAND);
    return parsed.map((el, i): InputEntry => {
      const o = el as { code?: unknown; health?: unknown; kind?: unknown };
      if (!o || typeof o !== 'object' || typeof o.code !== 'string' || typeof o.health !== 'string' || o.code.trim() === '') {
        throw new UsageError(`${COMMAND}: element ${i}: expected {"code": string, "health": string}`, COMMAND);
      }
      if (o.kind !== undefined && o.kind !== 'device' && o.kind !== 'link') {
        throw new UsageError(`${COMMAND}: element ${i}: kind must be "device" or "link"`, COMMAND);
      }
      return { where: `element ${i}`, target: o.code.trim(), health: o.health.trim(), ...(o.kind ? { kind: o.kind } : {}) };
    });
  }
  const out: InputEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const words = line.split(/\s+/);
    const where = `line ${i + 1}`;
    if (words.length === 3 && (words[0] === 'device' || words[0] === 'link')) {
      out.push({ where, kind: words[0], target: words[1]!, health: words[2]! });
    } else if (words.length === 2) {
      out.push({ where, target: words[0]!, health: words[1]! });
    } else {
      throw new UsageError(`${COMMAND}: ${where}: expected "<code> <health>" or "device|link <code> <health>", got ${JSON.stringify(line)}`, COMMAND);
    }
  });
  return out;
}

interface Row {
  entry: InputEntry;
  /** An earlier row of the same target and health: this one is merged into it (one write). */
  sameAs?: Row;
  kind: 'device' | 'link' | null;
  outcome: HealthOutcome | null;
  /** Refused before the client saw it (unknown code, health label of the wrong kind). */
  refused?: { reason: string; error: { name: string; code: string } };
  /** The parsed health when known. */
  to: number | null;
  /** What is passed to the client (absent when refused here). */
  update?: HealthUpdate;
}

function specOf(kind: 'device' | 'link'): EnumSpec {
  return kind === 'device' ? DeviceHealthSpec : LinkHealthSpec;
}

function resolveRow(snapshot: Snapshot, entry: InputEntry): Row {
  const refuse = (kind: Row['kind'], e: unknown): Row => ({
    entry,
    kind,
    outcome: null,
    to: null,
    refused: {
      reason: oneLine(e instanceof Error ? e.message : String(e)),
      error: e instanceof DzprovError ? { name: e.name, code: String((e as { code?: unknown }).code) } : { name: 'Error', code: 'UNEXPECTED' },
    },
  });
  let kind: 'device' | 'link';
  let pubkey: PublicKey;
  try {
    if (entry.kind === 'device') pubkey = findDevice(snapshot, entry.target).pubkey;
    else if (entry.kind === 'link') pubkey = findLink(snapshot, entry.target).pubkey;
    if (entry.kind) {
      kind = entry.kind;
    } else {
      const found = findDeviceOrLink(snapshot, entry.target);
      kind = found.kind;
      pubkey = found.entry.pubkey;
    }
  } catch (e) {
    if (e instanceof DzprovError) return refuse(entry.kind ?? null, e);
    throw e;
  }
  let to: number;
  try {
    to = kind === 'device' ? parseDeviceHealth(entry.health) : parseLinkHealth(entry.health);
  } catch (e) {
    if (e instanceof DzprovError) return refuse(kind, e);
    throw e;
  }
  return { entry, kind, outcome: null, to, update: { kind, target: pubkey!, health: to } };
}

export async function runSetHealth(args: string[], options: GlobalOptions, io: CliIo): Promise<number> {
  const out = new Out(io, options.json);
  const target = resolveTarget(options, io.env);
  if (options.send && target.mode === 'sample') throw new SampleLedgerSendError();
  const entries = parseHealthInput(readInput(args[0]!, io));
  announce(out, target);
  const found = actionKeypair(options, target, io, out, COMMAND);
  const keypair = found?.keypair;
  const choice = choosePayer(options, target, found, COMMAND);
  const snapshot = await reading(target, () => loadSnapshot(target.client, (m) => out.warn(m)));
  const actor = await loadActor(target, snapshot, choice);
  if (actor) out.note(describeActor(choice, actor));

  const rows = mergeDuplicates(entries.map((e) => resolveRow(snapshot, e)));
  const toClient = rows.filter((r) => r.update);
  const plan = await reading(target, () => target.client.prepareHealthMany(toClient.map((r) => r.update!), choice.key));
  let outcomes = plan.outcomes;
  if (options.send && plan.batches.length > 0) {
    outcomes = await reading(target, () => target.client.sendHealthMany(plan, keypair!, { concurrency: 4 }));
  }
  toClient.forEach((r, i) => (r.outcome = outcomes[i]!));
  for (const r of rows) if (r.sameAs && !r.refused) r.outcome = r.sameAs.outcome;

  const counts: Record<string, number> = {};
  for (const r of rows) {
    const status = r.refused ? 'refused' : r.outcome!.status;
    counts[status] = (counts[status] ?? 0) + 1;
    if (out.json) out.record(rowJson(r, status));
    else out.line(rowText(out, r, status, plan.batches.length));
  }
  const order = ['planned', 'updated', 'unchanged', 'refused', 'unknown'];
  const summary = order
    .filter((s) => counts[s])
    .map((s) => `${counts[s]} ${s === 'planned' ? 'to update' : s}`)
    .join(', ');
  const txs = plan.batches.length;
  out.note(
    `${rows.length} target${rows.length === 1 ? '' : 's'}: ${summary || 'none'}; ${txs} transaction${txs === 1 ? '' : 's'}${
      options.send ? ' sent' : ` (dry run${target.mode === 'sample' ? ' on the sample ledger' : ': pass --send to send'})`
    }`,
  );
  if (counts.unknown) return EXIT.UNKNOWN_OUTCOME;
  if (counts.refused) return EXIT.FAILURE;
  return EXIT.OK;
}

/**
 * The same target on two lines: with the same health, the later line is merged into the first
 * (one write, reported on both lines); with different healths, neither is written (which one is
 * meant cannot be told), and both say so, naming the other line.
 */
function mergeDuplicates(rows: Row[]): Row[] {
  const first = new Map<string, Row>();
  for (const r of rows) {
    if (!r.update) continue;
    const key = `${r.kind}:${(r.update.target as PublicKey).toBase58()}`;
    const f = first.get(key);
    if (!f) {
      first.set(key, r);
      continue;
    }
    if (f.update && f.to === r.to) {
      r.sameAs = f;
      delete r.update;
      continue;
    }
    const error = { name: 'ConflictingUpdatesError', code: 'CONFLICTING_UPDATES' };
    for (const [a, b] of [
      [f, r],
      [r, f],
    ] as const) {
      a.refused ??= { reason: `${b.entry.where} asks another health (${b.entry.health}) for the same ${r.kind}: neither is written`, error };
      delete a.update;
    }
  }
  // A line merged into one that was refused after all is refused with it.
  for (const r of rows) if (r.sameAs?.refused) r.refused = r.sameAs.refused;
  return rows;
}

function rowJson(r: Row, status: string): Record<string, unknown> {
  const o = r.outcome;
  const spec = r.kind ? specOf(r.kind) : undefined;
  return {
    input: r.entry.where,
    kind: r.kind,
    target: r.entry.target,
    pubkey: o?.pubkey?.toBase58() ?? null,
    code: o?.code ?? null,
    from: o && o.from !== null && spec ? enumJson(spec, o.from) : null,
    to: r.to !== null && spec ? enumJson(spec, r.to) : { value: null, label: r.entry.health },
    status,
    ...(r.refused ? { reason: r.refused.reason, error: r.refused.error } : {}),
    ...(o?.reason !== undefined ? { reason: o.reason } : {}),
    ...(o?.error ? { error: o.error } : {}),
    ...(o?.signature ? { signature: o.signature } : {}),
    ...(o?.signatures ? { signatures: o.signatures } : {}),
    ...(o?.slot !== undefined ? { slot: o.slot } : {}),
    ...(o?.batch !== undefined ? { transaction: o.batch } : {}),
    ...(r.sameAs ? { sameAs: r.sameAs.entry.where } : {}),
  };
}

function rowText(out: Out, r: Row, status: string, txs: number): string {
  const text = rowTextOf(out, r, status, txs);
  return r.sameAs ? `${text} (${safeField(r.entry.where, 64)}: the same update as ${safeField(r.sameAs.entry.where, 64)}, merged)` : text;
}

function rowTextOf(out: Out, r: Row, status: string, txs: number): string {
  const o = r.outcome;
  // Codes come from the chain, targets and health labels from the input file: escaped and bounded.
  const name = `${r.kind ?? 'target'} ${safeField(o?.code || r.entry.target, 128)}`;
  const spec = r.kind ? specOf(r.kind) : undefined;
  const label = (v: number | null | undefined) => (v === null || v === undefined || !spec ? '?' : spec.label(v));
  const change = `${label(o?.from)} → ${r.to !== null ? label(r.to) : safeField(r.entry.health, 64)}`;
  switch (status) {
    case 'planned':
      return `${paint(out.style, 'cyan', 'would update')}  ${name}: ${change} (transaction ${o!.batch! + 1} of ${txs})`;
    case 'updated': {
      const others = (o!.signatures ?? []).filter((x) => x !== o!.signature);
      return `${paint(out.style, 'green', 'updated')}  ${name}: ${change} (${o!.signature}${others.length ? `; also signed, expired without landing: ${others.join(', ')}` : ''})`;
    }
    case 'unchanged':
      return `unchanged  ${name}: already ${label(o!.from)}`;
    case 'unknown':
      return `${paint(out.style, 'yellow', 'unknown')}  ${name}: ${change}: sent in ${o!.signatures?.length ? o!.signatures.join(', ') : (o!.signature ?? '(no signature)')}, outcome unknown: ${safeField(oneLine(o!.reason ?? ''), TERMINAL_TEXT_MAX)}`;
    default:
      return `${paint(out.style, 'red', 'refused')}  ${name} (${safeField(r.entry.where, 256)}): ${safeField(oneLine(r.refused?.reason ?? o?.reason ?? ''), TERMINAL_TEXT_MAX)}`;
  }
}
