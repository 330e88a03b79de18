import { homedir } from 'node:os';
import { join } from 'node:path';
import { PublicKey } from './publicKey.js';
import { ConfigFileError } from './errors.js';
import { FileReadProblem, readRegularFile } from './files.js';

/**
 * The `doublezero` CLI's configuration file, read the way it reads it: the path is
 * DOUBLEZERO_CONFIG_FILE, else ~/.config/doublezero/cli/config.yml; a missing file is normal
 * (no configuration); the keys are upstream's ClientConfig fields (json_rpc_url required,
 * websocket_url, keypair_path, program_id, tenant, address_labels, geo_program_id; others are
 * ignored, as serde ignores them). dzprov uses json_rpc_url, websocket_url, keypair_path and
 * program_id, and checks each value: a malformed file is a ConfigFileError naming the file and
 * the line.
 *
 * The parser reads the YAML subset such a file is written in (serde_yaml's output, and what a
 * person types by hand): one mapping of `key: value` lines, values plain, 'single-' or
 * "double-quoted", null / ~ / empty, `{}`, and one nested block mapping (address_labels);
 * comments and a `---` document start. Anything else (anchors, tags, block scalars, flow
 * collections with content, sequences, multi-line scalars, tabs for indentation) is refused with
 * the line, never guessed at.
 */

/** The config file's size bound (a real one is a few hundred bytes). */
export const CONFIG_MAX_BYTES = 1024 * 1024;

/** A YAML value of the subset. */
export type YamlValue =
  | { kind: 'string'; text: string }
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; text: string }
  | { kind: 'float'; text: string }
  | { kind: 'map'; entries: Map<string, YamlEntry> }
  | { kind: 'seq' };

export interface YamlEntry {
  value: YamlValue;
  /** 1-based line of the key. */
  line: number;
}

class YamlProblem {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {}
}

/** Line text without its comment (a `#` at the start or after a blank, outside quotes). */
function stripComment(text: string, line: number): string {
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = undefined;
    } else if (quote === "'") {
      if (c === "'") {
        if (text[i + 1] === "'") i++;
        else quote = undefined;
      }
    } else if (c === '"' || c === "'") {
      // A quote starts a quoted scalar only at the start of a key or a value.
      const before = text.slice(0, i).trimEnd();
      if (before === '' || before.endsWith(':')) quote = c;
    } else if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t')) {
      return text.slice(0, i);
    }
  }
  if (quote) throw new YamlProblem(line, `unterminated ${quote === '"' ? 'double' : 'single'}-quoted string (multi-line strings are not supported)`);
  return text;
}

const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', ' ': ' ', e: '\x1b' };

function unquoteDouble(body: string, line: number): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) throw new YamlProblem(line, 'a double-quoted string ends with a lone backslash');
    if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new YamlProblem(line, `bad escape \\${e}${hex}`);
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) throw new YamlProblem(line, `bad escape \\${e}${hex}`);
      out += String.fromCodePoint(cp);
      i += n;
      continue;
    }
    const r = ESCAPES[e];
    if (r === undefined) throw new YamlProblem(line, `unknown escape \\${e} in a double-quoted string`);
    out += r;
  }
  return out;
}

/** A scalar written on one line, typed by YAML 1.2's core schema. */
function scalar(raw: string, line: number): YamlValue {
  const t = raw.trim();
  if (t === '' || t === '~' || t === 'null' || t === 'Null' || t === 'NULL') return { kind: 'null' };
  if (t.startsWith('"')) {
    const end = closingDouble(t);
    if (end !== t.length - 1) throw new YamlProblem(line, end < 0 ? 'unterminated double-quoted string' : 'text after a double-quoted string');
    return { kind: 'string', text: unquoteDouble(t.slice(1, -1), line) };
  }
  if (t.startsWith("'")) {
    const end = closingSingle(t);
    if (end !== t.length - 1) throw new YamlProblem(line, end < 0 ? 'unterminated single-quoted string' : 'text after a single-quoted string');
    return { kind: 'string', text: t.slice(1, -1).replace(/''/g, "'") };
  }
  if (t === '{}') return { kind: 'map', entries: new Map() };
  if (t === '[]') return { kind: 'seq' };
  const first = t[0]!;
  if (first === '{' || first === '[') throw new YamlProblem(line, 'flow collections with content are not supported: write the mapping as indented "key: value" lines');
  if (first === '|' || first === '>') throw new YamlProblem(line, 'block scalars (| or >) are not supported: write the value on one line');
  if (first === '&' || first === '*' || first === '!') throw new YamlProblem(line, 'anchors, aliases and tags are not supported');
  if (first === '-' && (t === '-' || t[1] === ' ')) throw new YamlProblem(line, 'sequences are not supported here');
  if (first === '@' || first === '`') throw new YamlProblem(line, `a plain value cannot start with "${first}": quote it`);
  if (/^(true|True|TRUE)$/.test(t)) return { kind: 'bool', value: true };
  if (/^(false|False|FALSE)$/.test(t)) return { kind: 'bool', value: false };
  if (/^[-+]?[0-9]+$/.test(t) || /^0o[0-7]+$/.test(t) || /^0x[0-9a-fA-F]+$/.test(t)) return { kind: 'int', text: t };
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(t) || /^[-+]?\.(inf|Inf|INF)$/.test(t) || /^\.(nan|NaN|NAN)$/.test(t)) {
    return { kind: 'float', text: t };
  }
  if (/: |:$/.test(t)) throw new YamlProblem(line, 'a value holds ": " (a nested mapping on one line is not supported): quote the value');
  return { kind: 'string', text: t };
}

function closingDouble(t: string): number {
  for (let i = 1; i < t.length; i++) {
    if (t[i] === '\\') i++;
    else if (t[i] === '"') return i;
  }
  return -1;
}

function closingSingle(t: string): number {
  for (let i = 1; i < t.length; i++) {
    if (t[i] === "'") {
      if (t[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/** Splits `key: value` (the key plain or quoted); undefined when the line is not one. */
function keyValue(text: string, line: number): { key: string; rest: string } | undefined {
  const t = text;
  let key: string;
  let after: number;
  if (t.startsWith('"')) {
    const end = closingDouble(t);
    if (end < 0) throw new YamlProblem(line, 'unterminated double-quoted key');
    key = unquoteDouble(t.slice(1, end), line);
    after = end + 1;
  } else if (t.startsWith("'")) {
    const end = closingSingle(t);
    if (end < 0) throw new YamlProblem(line, 'unterminated single-quoted key');
    key = t.slice(1, end).replace(/''/g, "'");
    after = end + 1;
  } else {
    const m = /^([^:#]*?)\s*:(\s|$)/.exec(t);
    if (!m) return undefined;
    key = m[1]!;
    after = m[1]!.length;
    if (key === '' || /^[-?[{&*!|>%@`]/.test(key)) throw new YamlProblem(line, `"${key}" is not a key this reader supports`);
  }
  const rest = t.slice(after);
  const colon = /^\s*:(\s|$)/.exec(rest);
  if (!colon) throw new YamlProblem(line, 'expected ":" after the key');
  return { key, rest: rest.slice(colon[0].length) };
}

/** Parses the YAML subset described above: one top-level mapping. Throws YamlProblem. */
function parseMapping(text: string): Map<string, YamlEntry> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const top = new Map<string, YamlEntry>();
  let open: { entries: Map<string, YamlEntry>; indent: number | undefined; keyLine: number } | undefined;
  let seenContent = false;
  let ended = false;
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const raw = lines[i]!;
    const lead = /^[ \t]*/.exec(raw)![0];
    if (lead.includes('\t') && raw.trim() !== '') throw new YamlProblem(n, 'a tab in the indentation (YAML indents with spaces)');
    const body = stripComment(raw, n).trimEnd();
    if (body.trim() === '') continue;
    if (ended) throw new YamlProblem(n, 'content after the end of the document ("...")');
    if (body === '---' || body.startsWith('--- ')) {
      if (seenContent) throw new YamlProblem(n, 'a second YAML document ("---"): the file must hold one');
      if (body.slice(3).trim() !== '') throw new YamlProblem(n, 'content on the "---" line');
      seenContent = true;
      continue;
    }
    if (body === '...') {
      ended = true;
      continue;
    }
    if (body.startsWith('%')) throw new YamlProblem(n, 'YAML directives are not supported');
    seenContent = true;
    const indent = lead.length;
    if (indent > 0) {
      if (!open) throw new YamlProblem(n, 'unexpected indentation');
      if (open.indent === undefined) open.indent = indent;
      else if (indent !== open.indent) throw new YamlProblem(n, 'nested mappings deeper than one level are not supported (or the indentation is inconsistent)');
      const kv = keyValue(body.slice(indent), n);
      if (!kv) throw new YamlProblem(n, 'expected "key: value"');
      if (open.entries.has(kv.key)) throw new YamlProblem(n, `duplicate key "${kv.key}" (first on line ${open.entries.get(kv.key)!.line})`);
      const v = scalar(kv.rest, n);
      if (v.kind === 'null' && kv.rest.trim() === '') {
        // A value on the following, deeper lines: a second level of nesting.
        const next = lines.slice(i + 1).find((l) => stripComment(l, n).trim() !== '');
        if (next !== undefined && /^[ ]*/.exec(next)![0].length > indent) {
          throw new YamlProblem(n, 'nested mappings deeper than one level are not supported');
        }
      }
      open.entries.set(kv.key, { value: v, line: n });
      continue;
    }
    open = undefined;
    if (body.startsWith('- ') || body === '-') throw new YamlProblem(n, 'the file must hold a mapping of "key: value" lines, not a sequence');
    const kv = keyValue(body, n);
    if (!kv) throw new YamlProblem(n, 'expected "key: value"');
    if (top.has(kv.key)) throw new YamlProblem(n, `duplicate key "${kv.key}" (first on line ${top.get(kv.key)!.line})`);
    if (kv.rest.trim() === '') {
      // Either null, or a block mapping on the following indented lines.
      const entries = new Map<string, YamlEntry>();
      const next = lines.slice(i + 1).find((l) => stripComment(l, n).trim() !== '');
      const nested = next !== undefined && /^[ \t]+\S/.test(next);
      if (nested) {
        if (/^[ \t]*- /.test(next!) || /^[ \t]*-$/.test(next!)) throw new YamlProblem(i + 2, 'sequences are not supported here');
        open = { entries, indent: undefined, keyLine: n };
        top.set(kv.key, { value: { kind: 'map', entries }, line: n });
      } else {
        top.set(kv.key, { value: { kind: 'null' }, line: n });
      }
      continue;
    }
    top.set(kv.key, { value: scalar(kv.rest, n), line: n });
  }
  return top;
}

/** What dzprov takes from the file (values checked), each with its line. */
export interface DoublezeroConfig {
  /** The file's path, as it is read. */
  path: string;
  /** Whether the path came from DOUBLEZERO_CONFIG_FILE (else the default path). */
  fromEnv: boolean;
  /** False when there is no file (no configuration: the defaults apply). */
  exists: boolean;
  jsonRpcUrl?: { value: string; line: number };
  websocketUrl?: { value: string; line: number };
  keypairPath?: { value: string; line: number };
  programId?: { value: PublicKey; line: number };
}

function describe(v: YamlValue): string {
  switch (v.kind) {
    case 'null':
      return 'null';
    case 'bool':
      return `the boolean ${String(v.value)}`;
    case 'int':
      return `the number ${v.text}`;
    case 'float':
      return `the number ${v.text}`;
    case 'map':
      return 'a mapping';
    case 'seq':
      return 'a sequence';
    case 'string':
      return 'a string';
  }
}

function homeOf(env: Record<string, string | undefined>): string {
  return env.HOME?.trim() || homedir();
}

/** `~/x` → `$HOME/x` (upstream writes absolute paths; a hand-written `~` is taken as the home directory). */
export function expandHome(path: string, env: Record<string, string | undefined>): string {
  return path === '~' || path.startsWith('~/') ? `${homeOf(env)}${path.slice(1)}` : path;
}

/** The config file's path: DOUBLEZERO_CONFIG_FILE, else ~/.config/doublezero/cli/config.yml. */
export function configFilePath(env: Record<string, string | undefined>): { path: string; fromEnv: boolean } {
  const given = env.DOUBLEZERO_CONFIG_FILE;
  if (given !== undefined && given !== '') return { path: expandHome(given, env), fromEnv: true };
  return { path: join(homeOf(env), '.config', 'doublezero', 'cli', 'config.yml'), fromEnv: false };
}

/** Parses the text of a config file (`path` for messages). Throws ConfigFileError. */
export function parseDoublezeroConfig(text: string, path: string, fromEnv = false): DoublezeroConfig {
  let map: Map<string, YamlEntry>;
  try {
    map = parseMapping(text);
  } catch (e) {
    if (e instanceof YamlProblem) throw new ConfigFileError(path, e.reason, e.line);
    throw e;
  }
  const out: DoublezeroConfig = { path, fromEnv, exists: true };
  const str = (key: string, what: string, nullable: boolean): { value: string; line: number } | undefined => {
    const e = map.get(key);
    if (!e) return undefined;
    if (e.value.kind === 'null' && nullable) return undefined;
    if (e.value.kind !== 'string') throw new ConfigFileError(path, `${key} must be ${what}, not ${describe(e.value)}`, e.line);
    return { value: e.value.text, line: e.line };
  };
  const url = (key: string, protocols: readonly string[], nullable: boolean) => {
    const kinds = protocols.map((p) => `${p}//`).join(' or ');
    const v = str(key, `a string (a URL: ${kinds})`, nullable);
    if (!v) return undefined;
    let u: URL | undefined;
    try {
      u = new URL(v.value);
    } catch {
      u = undefined;
    }
    if (!u || !protocols.includes(u.protocol)) {
      const shown = /[@?#]/.test(v.value) || v.value.length > 200 ? '(not shown: it may hold credentials)' : JSON.stringify(v.value);
      throw new ConfigFileError(path, `${key} ${shown} is not a URL starting with ${kinds}`, v.line);
    }
    return v;
  };
  out.jsonRpcUrl = url('json_rpc_url', ['http:', 'https:'], false);
  if (!map.has('json_rpc_url')) {
    throw new ConfigFileError(path, 'json_rpc_url is missing (the doublezero CLI requires it; a file without it is refused by both)');
  }
  out.websocketUrl = url('websocket_url', ['ws:', 'wss:'], true);
  const kp = str('keypair_path', 'a string (a file path)', false);
  if (kp) {
    if (kp.value.trim() === '') throw new ConfigFileError(path, 'keypair_path is empty', kp.line);
    out.keypairPath = kp;
  }
  const pid = str('program_id', 'a string (a base58 public key)', true);
  if (pid) {
    let key: PublicKey | undefined;
    try {
      key = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(pid.value) ? new PublicKey(pid.value) : undefined;
    } catch {
      key = undefined;
    }
    if (!key) throw new ConfigFileError(path, `program_id ${JSON.stringify(pid.value.slice(0, 64))} is not a base58 public key`, pid.line);
    out.programId = { value: key, line: pid.line };
  }
  // Keys dzprov does not use are still checked for the type upstream would require.
  str('tenant', 'a string', true);
  str('geo_program_id', 'a string', true);
  const labels = map.get('address_labels');
  if (labels && labels.value.kind !== 'map') {
    throw new ConfigFileError(path, `address_labels must be a mapping, not ${describe(labels.value)}`, labels.line);
  }
  if (labels && labels.value.kind === 'map') {
    for (const [k, e] of labels.value.entries) {
      if (e.value.kind !== 'string') throw new ConfigFileError(path, `address_labels.${k} must be a string, not ${describe(e.value)}`, e.line);
    }
  }
  return out;
}

/** Reads the `doublezero` config file, if there is one. Throws ConfigFileError for an unreadable or malformed file. */
export function readDoublezeroConfig(env: Record<string, string | undefined>): DoublezeroConfig {
  const { path, fromEnv } = configFilePath(env);
  let text: string;
  try {
    text = readRegularFile(path, CONFIG_MAX_BYTES);
  } catch (e) {
    if (e instanceof FileReadProblem && (e.kind === 'ENOENT' || e.kind === 'ENOTDIR')) return { path, fromEnv, exists: false };
    throw new ConfigFileError(path, e instanceof FileReadProblem ? e.reason : (e as Error).message);
  }
  return parseDoublezeroConfig(text, path, fromEnv);
}
