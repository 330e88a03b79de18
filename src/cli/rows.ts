import { randomBytes } from 'node:crypto';
import { isKeyObject } from './publicKey.js';
import { jsonSafe, safeField, visibleLength } from './format.js';

/**
 * One row definition per view, rendered three ways — like the `doublezero` CLI's one Display
 * struct per view: the table, the narrow table and the JSON objects all come from the same
 * columns. The tables are in upstream's layout (tabled's psql style without horizontal lines:
 * ` cell | cell `, one line per row, never wrapped or cut, so grep, awk -F'|' and cut keep
 * working); cells hold text read from the chain and are escaped (format.ts) before they are
 * measured. The JSON keeps upstream's key names and value formats; dzprov's own fields come after.
 */

export interface Column<R> {
  /** The JSON key (upstream's name, or dzprov's for an extra) and the default table header. */
  readonly key: string;
  /** The value in JSON; absent: not in the JSON. */
  readonly json?: (r: R) => unknown;
  /** The table cell; absent: not in the table. */
  readonly cell?: (r: R) => string;
  /** The table header, when it is not `key`. */
  readonly header?: string;
  /** In the narrow table: true (the same cell and header), or its own header and/or cell. */
  readonly narrow?: true | { readonly header?: string; readonly cell?: (r: R) => string };
  /** A field of dzprov's own (upstream's views do not have it). */
  readonly extra?: true;
}

export type View<R> = readonly Column<R>[];

/** The JSON object of one row: the columns with a JSON value, in order. */
export function jsonRow<R>(view: View<R>, row: R): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of view) if (c.json) out[c.key] = c.json(row);
  return out;
}

/** The columns of the (narrow) table: [header, cell] pairs in order. */
function tableColumns<R>(view: View<R>, narrow: boolean): [string, (r: R) => string][] {
  const out: [string, (r: R) => string][] = [];
  for (const c of view) {
    if (!c.cell) continue;
    if (!narrow) {
      out.push([c.header ?? c.key, c.cell]);
    } else if (c.narrow) {
      const n = c.narrow === true ? {} : c.narrow;
      out.push([n.header ?? c.header ?? c.key, n.cell ?? c.cell]);
    }
  }
  return out;
}

/** The table headers of a view (for tests and help). */
export function tableHeaders<R>(view: View<R>, narrow = false): string[] {
  return tableColumns(view, narrow).map(([h]) => h);
}

/** An aligned table in the `doublezero` CLI's layout: ` h1 | h2 ` then one such line per row. */
export function psqlTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const safe = rows.map((r) => r.map((c) => safeField(c)));
  const widths = headers.map((h, i) => Math.max(visibleLength(h), ...safe.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: readonly string[]) => cells.map((c, i) => ` ${c}${' '.repeat(widths[i]! - visibleLength(c))} `).join('|');
  return [line(headers), ...safe.map(line)].join('\n');
}

/** The rows of a view as its table, or its narrow table. */
export function renderTable<R>(view: View<R>, rows: readonly R[], narrow = false): string {
  const cols = tableColumns(view, narrow);
  return psqlTable(
    cols.map(([h]) => h),
    rows.map((r) => cols.map(([, cell]) => cell(r))),
  );
}

/**
 * One record as `doublezero ... get` prints it: ` header | value` lines, headers padded to the
 * longest; a value with line breaks continues on lines with an empty header.
 */
export function renderFieldLines<R>(view: View<R>, row: R): string {
  const cols = tableColumns(view, false);
  const w = Math.max(...cols.map(([h]) => h.length));
  const lines: string[] = [];
  for (const [h, cell] of cols) {
    const [first, ...rest] = cell(row).split('\n');
    lines.push(` ${h.padEnd(w)} | ${safeField(first ?? '')}`);
    for (const more of rest) lines.push(` ${''.padEnd(w)} | ${safeField(more)}`);
  }
  return lines.join('\n');
}

/**
 * JSON text like serde_json's: pretty (two-space indent) or compact; a bigint is written as the
 * integer it is (u64 bandwidths and delays stay numbers, exact beyond 2^53), a PublicKey as its
 * base58 string, a Uint8Array as hex.
 */
export function jsonText(value: unknown, compact: boolean): string {
  const mark = `\u0000${randomBytes(8).toString('hex')}:`;
  const text = JSON.stringify(
    value,
    (_k, v: unknown) => {
      if (typeof v === 'bigint') return `${mark}${v.toString()}`;
      if (isKeyObject(v)) return v.toBase58();
      if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
      return v;
    },
    compact ? undefined : 2,
  );
  // The marker holds a NUL, which JSON.stringify writes as \u0000: no text from the chain can forge it.
  const escaped = JSON.stringify(mark).slice(1, -1);
  return jsonSafe(text.split(`"${escaped}`).map((part, i) => (i === 0 ? part : part.replace(/^(-?\d+)"/, '$1'))).join(''));
}

// ---------------------------------------------------------------------------------------------
// Upstream's value formats

/**
 * A float printed with two decimals as Rust's `{:.2}` prints it: the value's exact decimal
 * expansion rounded, a tie (x.xx5 exactly) to the even last digit — where JavaScript's toFixed
 * rounds a tie up. Non-negative finite values.
 */
export function fixed2(x: number): string {
  const eighths = x * 8;
  // Only k/8 with k odd lies exactly halfway between two hundredths.
  if (Number.isInteger(eighths) && eighths % 2 === 1) {
    const down = Math.floor(x * 100);
    const n = down % 2 === 0 ? down : down + 1;
    return `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
  }
  return x.toFixed(2);
}

/** A bandwidth in bits per second as upstream writes it: "500bps", "1Kbps", "1.50Mbps", "10Gbps". */
export function bandwidthText(bps: bigint): string {
  if (bps < 1_000n) return `${bps}bps`;
  if (bps < 1_000_000n) return bps % 1_000n === 0n ? `${bps / 1_000n}Kbps` : `${fixed2(Number(bps) / 1000)}Kbps`;
  if (bps < 1_000_000_000n) return bps % 1_000_000n === 0n ? `${bps / 1_000_000n}Mbps` : `${fixed2(Number(bps) / 1_000_000)}Mbps`;
  // Whole gigabits, the remainder dropped, as upstream does.
  return `${bps / 1_000_000_000n}Gbps`;
}

/** Nanoseconds as milliseconds in single precision, as upstream's tables show delays: "0.02ms". */
export function msCell(ns: bigint): string {
  return `${fixed2(Math.fround(Math.fround(Number(ns)) / 1e6))}ms`;
}

/**
 * Nanoseconds as milliseconds the way `doublezero link get` writes delay and jitter: the single
 * precision value's shortest decimal (Rust's Display of f32) and "ms": "0.02ms", "3.9ms", "0ms".
 */
export function msShortest(ns: bigint): string {
  return `${f32Display(Math.fround(Math.fround(Number(ns)) / 1e6))}ms`;
}

/** Rust's Display of an f32: the shortest decimal that reads back as the same f32, never in exponent form. */
export function f32Display(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'inf' : '-inf';
  for (let p = 1; p <= 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return plainDecimal(s);
  }
  return plainDecimal(x.toPrecision(9));
}

/** "1.5e-7" → "0.00000015", "1.20e+3" → "1200", "2.50" → "2.5". */
function plainDecimal(s: string): string {
  const neg = s.startsWith('-');
  const t = neg ? s.slice(1) : s;
  const [mant, expText] = t.split('e') as [string, string | undefined];
  const exp = expText === undefined ? 0 : Number(expText);
  const [int, frac = ''] = mant.split('.') as [string, string | undefined];
  let digits = `${int}${frac}`;
  let point = int.length + exp;
  if (point <= 0) {
    digits = `${'0'.repeat(1 - point)}${digits}`;
    point = 1;
  } else if (point > digits.length) {
    digits = digits.padEnd(point, '0');
  }
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const fraction = digits.slice(point).replace(/0+$/, '');
  const out = fraction === '' ? whole : `${whole}.${fraction}`;
  return neg ? `-${out}` : out;
}

/** A key shortened for narrow tables as upstream does: its first 10 characters and "..". */
export function shortKey(text: string): string {
  const chars = [...text];
  return chars.length > 12 ? `${chars.slice(0, 10).join('')}..` : text;
}
