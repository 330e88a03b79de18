/**
 * Runs the BUILT `dzprov` binary (dist/cli/main.js) the way a user does: a child `node`
 * process, its exit code, stdout and stderr. `ensureBuilt()` rebuilds dist when it is missing
 * or older than any source file (`npm test` builds first, a lone `vitest run` may not have);
 * a lock directory keeps parallel test files from building at the same time.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import type { RpcTestServer } from '../helpers/rpcServer.js';
import { sampleLedgerServer, type SampleLedger } from '../helpers/sampleLedger.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(REPO, 'dist/cli/main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  try {
    return statSync(BIN).mtimeMs >= newestMtime(join(REPO, 'src'));
  } catch {
    return false;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function ensureBuilt(): void {
  if (isFresh()) return;
  const lock = join(REPO, 'dist/.cli-test-build.lock');
  mkdirSync(join(REPO, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than two minutes is a leftover.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* lock vanished: retry */
      }
      sleepSync(200);
    }
  }
  try {
    if (isFresh()) return;
    const r = spawnSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: REPO,
      encoding: 'utf8',
    });
    // Type errors are `npm run typecheck`'s business (and `npm test` builds before vitest); tsc
    // still emits, so only a build that produced no fresh binary is fatal here.
    if (r.status !== 0 && !isFresh()) throw new Error(`building dist failed:\n${r.stdout}${r.stderr}`);
    if (r.status !== 0) console.warn(`dzprov CLI tests: tsc reported errors while building dist:\n${r.stdout.slice(0, 2000)}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout split into lines, without the final empty one. */
  lines: string[];
}

/**
 * An empty home directory for the CLI under test: no ~/.config/doublezero config or keypair and
 * no ~/.config/solana/id.json, whatever the machine running the tests has (the real home is never
 * read). A test that needs a configured home makes its own and passes HOME.
 */
export const EMPTY_HOME = mkdtempSync(join(tmpdir(), 'dzprov-empty-home-'));

/**
 * Environment without anything that would point the CLI at a real ledger, give it a key or add
 * colour: no DZPROV_*, DZ_* or DOUBLEZERO_* variables, and HOME an empty directory.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(DZPROV_|DZ_|DOUBLEZERO_)/.test(k) || k === 'NO_COLOR' || k === 'FORCE_COLOR') continue;
    env[k] = v;
  }
  return { ...env, HOME: EMPTY_HOME, ...extra };
}

/**
 * Runs `node ...argv` asynchronously (a test RPC server can answer meanwhile): in `cwd` (default
 * the repository), with `env` (default the test's own), `input` on stdin (default none).
 */
export function runNode(argv: readonly string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const stdin = opts.input === undefined ? 'ignore' : 'pipe';
    const child = spawn(process.execPath, argv, { cwd: opts.cwd ?? REPO, env: opts.env ?? process.env, stdio: [stdin, 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const lines = stdout.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      resolvePromise({ code, stdout, stderr, lines });
    });
    if (opts.input !== undefined) child.stdin!.end(opts.input);
  });
}

/** Runs `node dist/cli/main.js ...args` in a clean environment (`cleanEnv(env)`), in `cwd`, with `input` on stdin. */
export function dzprov(args: readonly string[], opts: { env?: Record<string, string>; cwd?: string; input?: string } = {}): Promise<RunResult> {
  return runNode([BIN, ...args], { env: cleanEnv(opts.env), ...(opts.cwd ? { cwd: opts.cwd } : {}), ...(opts.input !== undefined ? { input: opts.input } : {}) });
}

/** stderr is exactly one line (a user mistake never prints a stack trace). */
export function oneLineError(r: RunResult): string {
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  if (lines.length !== 1) throw new Error(`expected one stderr line, got ${lines.length}:\n${r.stderr}`);
  if (/^\s+at /m.test(r.stderr)) throw new Error(`stack trace on stderr:\n${r.stderr}`);
  return lines[0]!;
}

/**
 * For a test file of the CLI: the CLI built, and a test node holding the sample ledger (`ledger`,
 * default a fresh one) started before the file's tests and closed after them. Its `server` is
 * there once the tests run.
 */
export function useSampleLedgerNode(ledger?: SampleLedger): { readonly server: RpcTestServer } {
  const node = {} as { server: RpcTestServer };
  beforeAll(async () => {
    ensureBuilt();
    node.server = await sampleLedgerServer(ledger);
  });
  afterAll(async () => {
    await node.server?.close();
  });
  return node;
}
