import { randomBytes } from 'node:crypto';
import { isKeyObject } from './publicKey.js';
import type { EnumSpec } from './sdk.js';

/** Output helpers: aligned tables, key/value blocks, JSON with bigint and PublicKey as strings. */

/** `{ value, label }` — how every enum value appears in --json output. */
export interface EnumJson {
  value: number;
  label: string;
}

export function enumJson(spec: EnumSpec, value: number): EnumJson {
  return { value, label: spec.label(value) };
}

/**
 * JSON-safe copy of a value: bigint → decimal string, PublicKey → base58, Uint8Array → hex,
 * Map → object; plain objects and arrays are copied recursively.
 */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (isKeyObject(value)) return value.toBase58();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof Map) {
    return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), toJsonValue(v)]));
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonValue(v);
    return out;
  }
  return value;
}

/**
 * Characters JSON.stringify writes as they are but a terminal may act on: DEL and the C1 controls
 * (U+0080..U+009F: U+009B is CSI on 8-bit terminals), the bidirectional controls that reorder
 * what is shown, and the line and paragraph separators. In JSON text they can only be in strings,
 * where `\uXXXX` is the same value.
 */
// eslint-disable-next-line no-control-regex
const JSON_UNSAFE_RE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON text with those characters written as `\uXXXX` (the same JSON value). */
export function jsonSafe(text: string): string {
  return text.replace(JSON_UNSAFE_RE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One value as compact JSON on one line, terminal-safe (NDJSON records, error lines). */
export function jsonLine(value: unknown): string {
  return jsonSafe(JSON.stringify(value));
}

export function formatJson(value: unknown): string {
  return jsonSafe(JSON.stringify(toJsonValue(value), null, 2));
}

// ---------------------------------------------------------------------------------------------
// Colour (only on a TTY, never with NO_COLOR)

export interface Style {
  readonly color: boolean;
}

const ANSI = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', cyan: '\x1b[36m' };
type Paint = keyof typeof ANSI;

/**
 * The mark of dzprov's own colour sequences: three private-use characters drawn at random for
 * each run, so that no text from the chain, a node or a file can forge one. `paint` puts it
 * before each sequence it writes; `terminalSafe` keeps (with `keepColour`) only marked
 * sequences, and `forTerminal` takes the marks out as the text is written. A colour sequence
 * that merely looks like dzprov's is escaped like any other control sequence.
 */
const OWN = String.fromCodePoint(...Array.from(randomBytes(6).reduce<number[]>((a, b, i, all) => (i % 2 ? a : [...a, 0xf0000 + ((b << 8) | all[i + 1]!) % 0xfffe]), [])));

export function paint(style: Style, colour: Paint, text: string): string {
  return style.color && text !== '' ? `${OWN}${ANSI[colour]}${text}${OWN}${ANSI.reset}` : text;
}

/** Text as it is written: the marks of dzprov's own colour sequences taken out. */
export function forTerminal(s: string): string {
  return s.includes(OWN) ? s.split(OWN).join('') : s;
}

/** The colour of a status/health/desired-status label: green good, yellow in transit, red bad. */
export function labelColour(label: string): Paint | undefined {
  if (label === 'activated' || label === 'ready-for-users' || label === 'ready-for-service') return 'green';
  if (label === 'impaired' || label === 'deleting' || label.startsWith('unknown') || label.startsWith('rejected')) {
    return 'red';
  }
  if (label.includes('deprecated')) return 'dim';
  if (label === '-' || label === '') return undefined;
  return 'yellow';
}

export function paintLabel(style: Style, label: string): string {
  const c = labelColour(label);
  return c ? paint(style, c, label) : label;
}

// Colour sequences, marked as dzprov's or not (both are measured as nothing).
// eslint-disable-next-line no-control-regex
const ANSI_RE = new RegExp(`(?:${OWN})?\x1b\\[[0-9;]*m`, 'g');

// ---------------------------------------------------------------------------------------------
// Display width: East Asian wide and fullwidth characters and emoji take two columns, combining
// marks and other zero-width characters none; a grapheme cluster is never split.

/** [first, last] code point ranges two columns wide (East Asian Wide/Fullwidth, emoji). */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f0], [0x23f3, 0x23f3],
  [0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f], [0x2693, 0x2693], [0x26a1, 0x26a1],
  [0x26aa, 0x26ab], [0x26bd, 0x26be], [0x26c4, 0x26c5], [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea],
  [0x26f2, 0x26f3], [0x26f5, 0x26f5], [0x26fa, 0x26fa], [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b],
  [0x2728, 0x2728], [0x274c, 0x274c], [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797],
  [0x27b0, 0x27b0], [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55], [0x2e80, 0x303e],
  [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf], [0xa960, 0xa97f], [0xac00, 0xd7a3],
  [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x16fe4],
  [0x17000, 0x18aff], [0x1b000, 0x1b2ff], [0x1f004, 0x1f004], [0x1f0cf, 0x1f0cf], [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a], [0x1f200, 0x1f251], [0x1f300, 0x1f64f], [0x1f680, 0x1f6ff], [0x1f7e0, 0x1f7eb],
  [0x1f90c, 0x1f9ff], [0x1fa70, 0x1faff], [0x20000, 0x2fffd], [0x30000, 0x3fffd],
];

function isWide(cp: number): boolean {
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The columns one grapheme cluster takes: its widest code point (an emoji presentation selector makes 2). */
function clusterWidth(g: string): number {
  let w = 0;
  for (const ch of g) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0xfe0f) return 2;
    const cw = ZERO_WIDTH.test(ch) ? 0 : isWide(cp) ? 2 : 1;
    if (cw > w) w = cw;
  }
  return w;
}

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;

/** The grapheme clusters of `s` (colour sequences taken out) with their widths. */
function clusters(s: string): { g: string; w: number }[] {
  const t = s.replace(ANSI_RE, '');
  if (ASCII_PRINTABLE.test(t)) return Array.from(t, (g) => ({ g, w: 1 }));
  return Array.from(segmenter.segment(t), ({ segment }) => ({ g: segment, w: clusterWidth(segment) }));
}

/** The columns `s` takes on a terminal (colour sequences take none). */
export function visibleLength(s: string): number {
  const t = s.replace(ANSI_RE, '');
  if (ASCII_PRINTABLE.test(t)) return t.length;
  let w = 0;
  for (const { segment } of segmenter.segment(t)) w += clusterWidth(segment);
  return w;
}

/** The longest prefix of clusters `cs` that fits `width` columns. */
function takeWidth(cs: readonly { g: string; w: number }[], width: number): { text: string; n: number } {
  let used = 0;
  let n = 0;
  while (n < cs.length && used + cs[n]!.w <= width) used += cs[n++]!.w;
  return { text: cs.slice(0, n).map((c) => c.g).join(''), n };
}

function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - visibleLength(s)));
}

/** How a table may be fitted to a width. */
export interface TableOptions {
  /** Widest a line may be, in columns; undefined: no limit (`--wide`). */
  maxWidth?: number;
  /** Columns of base58 keys: shortened in the middle ("7CTn…LPtX") before anything else is. */
  keyColumns?: readonly number[];
}

const KEY_MIN = 9;
const CELL_MIN = 6;
const SEP = 2;

/** The longest piece of `s` that wrapping cannot break (split at blanks and after hyphens). */
function longestPiece(s: string): number {
  return Math.max(0, ...s.replace(ANSI_RE, '').split(/ |(?<=-)/).map((w) => visibleLength(w)));
}

/**
 * Column widths that fit `maxWidth` (`cells` holds each column's cells, header included):
 *  1. key columns are shortened (down to 9) while the table is too wide;
 *  2. the other columns get the narrowest widths at which no row needs more than H lines,
 *     for the smallest H that fits (cells wrap between words, or after a hyphen; a word is cut
 *     only when nothing else fits);
 *  3. the room left widens the columns where it saves the most lines, then the key columns.
 * When nothing fits (a very narrow width) the lines stay too wide.
 */
export function fitColumns(natural: readonly number[], opts: TableOptions = {}, cells: readonly (readonly string[])[] = []): number[] {
  const limit = opts.maxWidth;
  const n = natural.length;
  const total = (w: readonly number[]) => w.reduce((a, b) => a + b, 0) + SEP * (n - 1);
  if (limit === undefined || n === 0 || total(natural) <= limit) return [...natural];
  const keys = new Set((opts.keyColumns ?? []).filter((i) => i < n));
  const w = [...natural];
  let excess = total(w) - limit;
  for (const i of keys) {
    const d = Math.max(0, Math.min(excess, w[i]! - Math.min(natural[i]!, KEY_MIN)));
    w[i]! -= d;
    excess -= d;
  }
  if (excess <= 0) return w;

  const rows = Math.max(1, ...natural.map((_, i) => cells[i]?.length ?? 0));
  const cache = new Map<string, number[]>();
  /** Lines each cell of column `i` takes at `width`. */
  const linesAt = (i: number, width: number): number[] => {
    const k = `${i}:${width}`;
    let v = cache.get(k);
    if (!v) {
      const col = cells[i] ?? [];
      v = Array.from({ length: rows }, (_, r) => (keys.has(i) ? 1 : wrap(col[r] ?? '', width).length));
      cache.set(k, v);
    }
    return v;
  };
  const free = natural.map((_, i) => i).filter((i) => !keys.has(i));
  const floorOf = (i: number) => Math.min(natural[i]!, CELL_MIN);
  const pieceMin = natural.map((nat, i) => Math.min(nat, Math.max(CELL_MIN, ...(cells[i] ?? []).map(longestPiece))));
  /** The narrowest width of column `i` at which no cell takes more than `h` lines. */
  const widthFor = (i: number, h: number, floor: number): number => {
    for (let x = floor; x < natural[i]!; x++) if (Math.max(...linesAt(i, x)) <= h) return x;
    return natural[i]!;
  };
  const keyTotal = [...keys].reduce((a, i) => a + w[i]!, 0);
  let fitted = false;
  const maxLines = Math.max(...free.map((i) => Math.max(...linesAt(i, floorOf(i)))));
  for (const floor of [(i: number) => pieceMin[i]!, floorOf]) {
    for (let h = 1; h <= maxLines && !fitted; h++) {
      const cand = free.map((i) => widthFor(i, h, floor(i)));
      if (keyTotal + cand.reduce((a, b) => a + b, 0) + SEP * (n - 1) <= limit) {
        free.forEach((i, k) => (w[i] = cand[k]!));
        fitted = true;
      }
    }
    if (fitted) break;
  }
  if (!fitted) {
    for (const i of free) w[i] = floorOf(i);
    return w;
  }

  // Spend the room left where it saves the most lines per column.
  const height = (cols: readonly (readonly number[])[]) => {
    let lines = 0;
    for (let r = 0; r < rows; r++) lines += Math.max(1, ...cols.map((c) => c[r]!));
    return lines;
  };
  let room = limit - total(w);
  while (room > 0) {
    const cur = natural.map((_, i) => linesAt(i, w[i]!));
    const base = height(cur);
    const baseCells = cur.reduce((a, c) => a + c.reduce((x, y) => x + y, 0), 0);
    let best: { i: number; to: number; score: [number, number] } | undefined;
    for (const i of free) {
      for (let x = w[i]! + 1; x <= Math.min(natural[i]!, w[i]! + room); x++) {
        const next = linesAt(i, x);
        if (next.every((v, r) => v === cur[i]![r])) continue;
        const cols = cur.map((c, j) => (j === i ? next : c));
        const saved = base - height(cols);
        const savedCells = baseCells - cols.reduce((a, c) => a + c.reduce((p, q) => p + q, 0), 0);
        const score: [number, number] = [saved / (x - w[i]!), savedCells / (x - w[i]!)];
        if (!best || score[0] > best.score[0] || (score[0] === best.score[0] && score[1] > best.score[1])) best = { i, to: x, score };
        break;
      }
    }
    if (!best || (best.score[0] <= 0 && best.score[1] <= 0)) break;
    room -= best.to - w[best.i]!;
    w[best.i] = best.to;
  }
  for (const i of keys) {
    const d = Math.min(room, natural[i]! - w[i]!);
    w[i]! += d;
    room -= d;
  }
  return w;
}

/** `s` cut to `width` columns with a trailing '…' (colours dropped when cut). */
export function truncate(s: string, width: number): string {
  if (visibleLength(s) <= width) return s;
  return width <= 0 ? '' : `${takeWidth(clusters(s), width - 1).text}…`;
}

/** `s` cut in the middle to `width` columns ("7CTn…LPtX"): for keys, whose ends identify them. */
export function truncateMiddle(s: string, width: number): string {
  if (visibleLength(s) <= width) return s;
  if (width <= 2) return truncate(s, width);
  const cs = clusters(s);
  const head = takeWidth(cs, Math.ceil((width - 1) / 2));
  const tail = takeWidth([...cs].reverse(), width - 1 - visibleLength(head.text));
  return `${head.text}…${cs.slice(cs.length - tail.n).map((c) => c.g).join('')}`;
}

/**
 * `s` wrapped to `width` columns: broken at blanks; a word longer than the width is broken
 * after a hyphen, else cut where it must. Colours are dropped when the text has to wrap.
 */
export function wrap(s: string, width: number): string[] {
  if (visibleLength(s) <= width || width <= 0) return [s];
  const words = s.replace(ANSI_RE, '').split(/(?<= )/);
  const lines: string[] = [];
  let cur = '';
  const push = () => {
    if (cur.trim() !== '') lines.push(cur.trimEnd());
    cur = '';
  };
  for (const word of words) {
    if (visibleLength((cur + word).trimEnd()) <= width) {
      cur += word;
      continue;
    }
    push();
    // Too long on its own: break after hyphens, then anywhere.
    for (let piece of word.trimStart().split(/(?<=-)/)) {
      if (visibleLength((cur + piece).trimEnd()) <= width) {
        cur += piece;
        continue;
      }
      push();
      while (visibleLength(piece.trimEnd()) > width) {
        const cs = clusters(piece);
        // At least one cluster per line, even one wider than the width.
        const cut = takeWidth(cs, width);
        const n = Math.max(1, cut.n);
        lines.push(cs.slice(0, n).map((c) => c.g).join(''));
        piece = cs.slice(n).map((c) => c.g).join('');
      }
      cur = piece;
    }
  }
  push();
  return lines.length > 0 ? lines : [''];
}

/** `text` after `prefix`, wrapped to `maxWidth` with continuation lines indented under the text. */
export function hangingWrap(prefix: string, text: string, maxWidth: number | undefined): string {
  const indent = visibleLength(prefix);
  if (maxWidth === undefined || indent + visibleLength(text) <= maxWidth) return `${prefix}${text}`;
  const lines = wrap(text, Math.max(20, maxWidth - indent));
  return lines.map((l, i) => (i === 0 ? prefix : ' '.repeat(indent)) + l).join('\n');
}

/**
 * An aligned table: header row, then rows; columns separated by two spaces; no trailing blanks.
 * With `maxWidth` the columns are fitted to it (`fitColumns`): key cells cut in the middle with
 * '…', every other cell wrapped onto continuation lines, so no text is lost.
 */
export function renderTable(
  style: Style,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  opts: TableOptions = {},
): string {
  const titles = headers.map((h) => h.toUpperCase());
  // Cells hold codes and names read from the chain: escaped and bounded before they are measured.
  const safeRows = rows.map((r) => r.map((c) => safeField(c)));
  const columns = titles.map((h, i) => [h, ...safeRows.map((r) => r[i] ?? '')]);
  const natural = columns.map((c) => Math.max(...c.map(visibleLength)));
  const widths = fitColumns(natural, opts, columns);
  const header = tableRow(titles, widths).map((l) => paint(style, 'bold', l));
  return [...header, ...safeRows.flatMap((r) => tableRow(r, widths, opts.keyColumns))].join('\n');
}

/**
 * One table row at fixed `widths`, as one or more lines: `keyColumns` cells cut in the middle
 * with '…', other cells wrapped under themselves; no trailing blanks.
 */
export function tableRow(cells: readonly string[], widths: readonly number[], keyColumns: readonly number[] = []): string[] {
  const parts = widths.map((w, i) => {
    const c = terminalSafe(cells[i] ?? '', { keepColour: true, oneField: true });
    return keyColumns.includes(i) ? [truncateMiddle(c, w)] : wrap(c, w);
  });
  const height = Math.max(...parts.map((p) => p.length));
  const lines: string[] = [];
  for (let n = 0; n < height; n++) {
    const last = widths.length - 1;
    lines.push(
      parts
        .map((p, i) => (i === last ? (p[n] ?? '') : padEnd(p[n] ?? '', widths[i]!)))
        .join(' '.repeat(SEP))
        .trimEnd(),
    );
  }
  return lines;
}

/** `key: value` lines with the values aligned (wrapped under themselves past `maxWidth`). */
export function renderFields(fields: readonly (readonly [string, string])[], indent = '', maxWidth?: number): string {
  const w = Math.max(0, ...fields.map(([k]) => k.length + 1));
  return fields.map(([k, v]) => hangingWrap(`${indent}${`${k}:`.padEnd(w)}  `, safeField(v), maxWidth).trimEnd()).join('\n');
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

// Control characters (C0 but tab and line feed, DEL, C1), and the bidirectional controls
// (embeddings, overrides, isolates, marks) that reorder what a terminal shows.
// eslint-disable-next-line no-control-regex
const UNSAFE_RE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// The same, tab and line feed included: for one field (a code, a name, a log line).
// eslint-disable-next-line no-control-regex
const UNSAFE_FIELD_RE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The colour sequences dzprov paints itself (see ANSI), marked as its own: the only ones `keepColour` keeps. */
const OWN_COLOUR_RE = new RegExp(`${OWN}(?:${[...new Set(Object.values(ANSI))].map((a) => a.replace(/[[\]\\]/g, '\\$&')).join('|')})`, 'g');

/** How one unsafe character is shown: `\x1b` for a control character, `\u{202e}` for a bidi control. */
function escapeChar(c: string): string {
  const n = c.codePointAt(0)!;
  if (c === '\n') return '\\n';
  if (c === '\t') return '\\t';
  if (c === '\r') return '\\r';
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16)}}`;
}

/** Default bound of one piece of untrusted text (a message, a code) on the terminal, in characters. */
export const TERMINAL_TEXT_MAX = 4096;
/** Default bound of one field (a table cell, a log line). */
export const TERMINAL_FIELD_MAX = 512;

export interface TerminalSafeOptions {
  /** Keep the colour sequences dzprov paints itself (an injected one can then only recolour text). */
  keepColour?: boolean;
  /** Escape line feeds and tabs too (one field, which must stay on its line). Default: false. */
  oneField?: boolean;
  /** Longest text kept, in characters; the rest is replaced by a note. Default: unbounded. */
  max?: number;
}

/**
 * Text safe for a terminal: codes, names, messages and logs read from the chain, an RPC node or
 * a file may hold escape sequences and bidi overrides. Every control character is shown escaped
 * (ESC as `\x1b`, U+202E as `\u{202e}`), so nothing is hidden and nothing reaches the terminal.
 * With `keepColour`, the colour sequences dzprov itself paints are kept. With `max`, longer text
 * is cut with a note saying how much was left out. `--json` output never goes through this.
 */
export function terminalSafe(s: string, keepColourOrOptions: boolean | TerminalSafeOptions = false): string {
  const o: TerminalSafeOptions = typeof keepColourOrOptions === 'boolean' ? { keepColour: keepColourOrOptions } : keepColourOrOptions;
  const text = typeof s === 'string' ? s : String(s);
  const re = o.oneField ? UNSAFE_FIELD_RE : UNSAFE_RE;
  const esc = (t: string) => t.replace(re, escapeChar);
  let out = '';
  // Without keepColour dzprov's own sequences are escaped too (their marks taken out).
  if (!o.keepColour) out = esc(forTerminal(text));
  else {
    let at = 0;
    for (const m of text.matchAll(OWN_COLOUR_RE)) {
      out += esc(text.slice(at, m.index)) + m[0];
      at = m.index! + m[0].length;
    }
    out += esc(text.slice(at));
  }
  return o.max !== undefined ? bound(out, o.max) : out;
}

/** `s` cut to `max` characters (code points) with a note of how many were left out. */
export function bound(s: string, max: number): string {
  if (s.length <= max) return s;
  const chars = [...s];
  if (chars.length <= max) return s;
  return `${chars.slice(0, Math.max(0, max)).join('')}… (${chars.length - max} more characters)`;
}

/** One field of untrusted text (a code, a name, a log line) for a terminal: escaped, on one line, bounded. */
export function safeField(s: string, max = TERMINAL_FIELD_MAX): string {
  return terminalSafe(s, { keepColour: true, oneField: true, max });
}

/** A message on one line (line breaks and the blanks around them become one space). */
export function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
