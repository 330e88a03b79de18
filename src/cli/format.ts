import { PublicKey } from '@solana/web3.js';
import type { EnumSpec } from '../enums.js';

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
  if (value instanceof PublicKey) return value.toBase58();
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

export function formatJson(value: unknown): string {
  return JSON.stringify(toJsonValue(value), null, 2);
}

// ---------------------------------------------------------------------------------------------
// Colour (only on a TTY, never with NO_COLOR)

export interface Style {
  readonly color: boolean;
}

const ANSI = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', cyan: '\x1b[36m' };
type Paint = keyof typeof ANSI;

export function paint(style: Style, colour: Paint, text: string): string {
  return style.color && text !== '' ? `${ANSI[colour]}${text}${ANSI.reset}` : text;
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

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\[[0-9;]*m/g;

export function visibleLength(s: string): number {
  return [...s.replace(ANSI_RE, '')].length;
}

function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - visibleLength(s)));
}

/** An aligned table: header row, then rows; columns separated by two spaces; no trailing blanks. */
export function renderTable(style: Style, headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : padEnd(c, widths[i]!)))
      .join('  ')
      .trimEnd();
  return [paint(style, 'bold', line(headers.map((h) => h.toUpperCase()))), ...rows.map(line)].join('\n');
}

/** `key: value` lines with the values aligned; nested lists are indented by the caller. */
export function renderFields(fields: readonly (readonly [string, string])[], indent = ''): string {
  const w = Math.max(0, ...fields.map(([k]) => k.length + 1));
  return fields.map(([k, v]) => `${indent}${`${k}:`.padEnd(w)}  ${v}`.trimEnd()).join('\n');
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** A message on one line (line breaks and the blanks around them become one space). */
export function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
