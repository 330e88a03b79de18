import { homedir } from 'node:os';
import { Keypair } from './signer.js';
import type { DoublezeroConfig } from './configFile.js';
import { KeypairFileError } from './errors.js';
import { FileReadProblem, KEYPAIR_MAX_BYTES, readRegularFile } from './files.js';

/** The `doublezero` CLI's default keypair. */
export const DOUBLEZERO_KEYPAIR_PATH = '~/.config/doublezero/id.json';
/** The Solana CLI's default keypair: dzprov's last resort, after the `doublezero` places. */
export const DEFAULT_KEYPAIR_PATH = '~/.config/solana/id.json';
/** The variable the `doublezero` CLI takes a keypair from: a file path, or the JSON array itself. */
export const KEYPAIR_ENV = 'DOUBLEZERO_KEYPAIR';

function homeOf(env: Record<string, string | undefined>): string {
  return env.HOME?.trim() || homedir();
}

function expand(path: string, env: Record<string, string | undefined>): string {
  return path === '~' || path.startsWith('~/') ? `${homeOf(env)}${path.slice(1)}` : path;
}

/** Parses the text of a keypair (a JSON array of 64 bytes); `origin` names it in errors. */
export function parseKeypairText(text: string, origin: string): Keypair {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new KeypairFileError(origin, 'not JSON (expected a JSON array of 64 numbers, as written by solana-keygen)');
  }
  if (!Array.isArray(parsed)) {
    throw new KeypairFileError(origin, 'expected a JSON array of 64 numbers, as written by solana-keygen');
  }
  if (parsed.length !== 64) {
    throw new KeypairFileError(origin, `expected 64 numbers, found ${parsed.length}`);
  }
  const bad = parsed.findIndex((n) => typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 255);
  if (bad !== -1) {
    // The value is not shown: a keypair file is a secret, whatever is wrong with it.
    throw new KeypairFileError(origin, `element ${bad} is not a byte 0..255`);
  }
  try {
    return Keypair.fromSecretKey(Uint8Array.from(parsed as number[]));
  } catch {
    throw new KeypairFileError(origin, 'the last 32 bytes are not the public key of the first 32 (not an ed25519 keypair)');
  }
}

/**
 * Reads a Solana CLI keypair file: a JSON array of 64 integers 0..255 (32 secret-key bytes
 * then the 32 public-key bytes), as written by `solana-keygen new` and `doublezero keygen`. A
 * leading `~/` is the home directory (`HOME` from `env` when given). Every problem is a
 * KeypairFileError naming the file and what is wrong; `note` is added to the reason.
 */
export function readKeypairFile(path: string, env: Record<string, string | undefined> = {}, note = ''): Keypair {
  let text: string;
  try {
    // A regular file of a few KiB at most (checked on the open descriptor).
    text = readRegularFile(expand(path, env), KEYPAIR_MAX_BYTES);
  } catch (e) {
    const reason = e instanceof FileReadProblem ? e.reason : (e as Error).message;
    throw new KeypairFileError(path, `${reason}${note}`);
  }
  return parseKeypairText(text, path);
}

/** One place a keypair may be, in the order they are tried. */
export interface KeypairPlace {
  /** flag: --keypair; env: DOUBLEZERO_KEYPAIR; config: the config file's keypair_path; default: a default path. */
  kind: 'flag' | 'env' | 'config' | 'default';
  /** Where the place came from, for people: "--keypair", "DOUBLEZERO_KEYPAIR", "config file … line 3", "default (doublezero)". */
  from: string;
  /** The path as given (undefined when DOUBLEZERO_KEYPAIR holds the JSON array itself). */
  path?: string;
  /** DOUBLEZERO_KEYPAIR's JSON content. */
  json?: string;
}

/** What a keypair search found. */
export type KeypairSearch =
  | { found: true; keypair: Keypair; place: KeypairPlace; skipped: string[] }
  | { found: false; tried: string[] };

/**
 * Where dzprov looks for a keypair, in the `doublezero` CLI's order: --keypair, DOUBLEZERO_KEYPAIR
 * (a path or the JSON array), the config file's keypair_path, ~/.config/doublezero/id.json; then
 * the Solana CLI's ~/.config/solana/id.json. A place named on purpose (--keypair,
 * DOUBLEZERO_KEYPAIR) ends the search: it is that key or an error, never another one.
 */
export function keypairPlaces(
  flag: string | undefined,
  env: Record<string, string | undefined>,
  config: DoublezeroConfig | undefined,
): KeypairPlace[] {
  if (flag !== undefined) return [{ kind: 'flag', from: '--keypair', path: flag }];
  const fromEnv = env[KEYPAIR_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const t = fromEnv.trim();
    return [t.startsWith('[') && t.endsWith(']') ? { kind: 'env', from: `${KEYPAIR_ENV} (JSON)`, json: t } : { kind: 'env', from: KEYPAIR_ENV, path: t }];
  }
  const places: KeypairPlace[] = [];
  if (config?.keypairPath) {
    places.push({ kind: 'config', from: `keypair_path in ${config.path} line ${config.keypairPath.line}`, path: config.keypairPath.value });
  }
  places.push({ kind: 'default', from: 'the doublezero CLI default', path: DOUBLEZERO_KEYPAIR_PATH });
  places.push({ kind: 'default', from: 'the Solana CLI default', path: DEFAULT_KEYPAIR_PATH });
  return places;
}

/**
 * The first keypair in `places`. A place that does not exist is skipped (and listed in
 * `skipped` / `tried`); one that exists but is not a keypair file (a directory, bad JSON...)
 * throws KeypairFileError naming it, as does an explicitly named place (--keypair,
 * DOUBLEZERO_KEYPAIR) that does not exist.
 */
export function findKeypair(places: readonly KeypairPlace[], env: Record<string, string | undefined>): KeypairSearch {
  const skipped: string[] = [];
  for (const place of places) {
    if (place.json !== undefined) return { found: true, keypair: parseKeypairText(place.json, place.from), place, skipped };
    const path = place.path!;
    let text: string;
    try {
      text = readRegularFile(expand(path, env), KEYPAIR_MAX_BYTES);
    } catch (e) {
      const problem = e instanceof FileReadProblem ? e : undefined;
      const named = place.kind === 'flag' || place.kind === 'env';
      if (!named && problem && (problem.kind === 'ENOENT' || problem.kind === 'ENOTDIR')) {
        skipped.push(`${path} (${place.from}): no such file`);
        continue;
      }
      const reason = problem ? problem.reason : (e as Error).message;
      throw new KeypairFileError(path, place.kind === 'flag' ? reason : `${reason} (from ${place.from})`);
    }
    return { found: true, keypair: parseKeypairText(text, path), place, skipped };
  }
  return { found: false, tried: skipped };
}
