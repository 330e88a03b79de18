import { homedir } from 'node:os';
import { Keypair } from '@solana/web3.js';
import { KeypairFileError } from './errors.js';
import { FileReadProblem, KEYPAIR_MAX_BYTES, readRegularFile } from './files.js';

/** The Solana CLI's default keypair, which `--send` signs with when no --keypair is given. */
export const DEFAULT_KEYPAIR_PATH = '~/.config/solana/id.json';

/**
 * Reads a Solana CLI keypair file: a JSON array of 64 integers 0..255 (32 secret-key bytes
 * then the 32 public-key bytes), as written by `solana-keygen new`. A leading `~/` is the home
 * directory (`HOME` from `env` when given). Every problem is a KeypairFileError naming the file
 * and what is wrong; `isDefault` adds how to name another file.
 */
export function readKeypairFile(path: string, env: Record<string, string | undefined> = {}, isDefault = false): Keypair {
  const home = env.HOME?.trim() || homedir();
  const resolved = path === '~' || path.startsWith('~/') ? `${home}${path.slice(1)}` : path;
  let text: string;
  try {
    // A regular file of a few KiB at most (checked on the open descriptor).
    text = readRegularFile(resolved, KEYPAIR_MAX_BYTES);
  } catch (e) {
    const reason = e instanceof FileReadProblem ? e.reason : (e as Error).message;
    throw new KeypairFileError(path, isDefault ? `${reason} (the default keypair of --send; pass --keypair <file>)` : reason);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new KeypairFileError(path, 'not JSON (expected a JSON array of 64 numbers, as written by solana-keygen)');
  }
  if (!Array.isArray(parsed)) {
    throw new KeypairFileError(path, 'expected a JSON array of 64 numbers, as written by solana-keygen');
  }
  if (parsed.length !== 64) {
    throw new KeypairFileError(path, `expected 64 numbers, found ${parsed.length}`);
  }
  const bad = parsed.findIndex((n) => typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 255);
  if (bad !== -1) {
    throw new KeypairFileError(path, `element ${bad} (${JSON.stringify(parsed[bad])}) is not a byte 0..255`);
  }
  try {
    return Keypair.fromSecretKey(Uint8Array.from(parsed as number[]));
  } catch {
    throw new KeypairFileError(path, 'the last 32 bytes are not the public key of the first 32 (not an ed25519 keypair)');
  }
}
