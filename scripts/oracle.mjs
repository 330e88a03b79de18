#!/usr/bin/env node
// Builds the oracle (oracle/, Rust) against the serviceability program source and prints the
// path of its binary on the last line of stdout.
//
// The program source is third-party code that stays outside this repository:
//   DZPROV_PROGRAM_DIR   a checkout of malbeclabs/doublezero (or the same paths from it);
//                        default: ../shared/upstream/doublezero beside this repository.
//   DZPROV_ORACLE_TARGET cargo's target directory; default ~/.cache/dzprov/oracle-target, outside
//                        the clone so a later run on the same machine is warm.
// Exit codes: 0 built (path printed); 3 the program source or cargo is missing (one line on
// stderr; the caller decides whether that is a failure — it is under CI); 1 the build failed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const programDir = resolve(process.env.DZPROV_PROGRAM_DIR ?? join(repo, '..', 'shared', 'upstream', 'doublezero'));
const target = resolve(process.env.DZPROV_ORACLE_TARGET ?? join(homedir(), '.cache', 'dzprov', 'oracle-target'));
const programCrate = join(programDir, 'smartcontract', 'programs', 'doublezero-serviceability', 'Cargo.toml');

function missing(what) {
  process.stderr.write(`dzprov oracle: ${what}\n`);
  process.exit(3);
}

if (!existsSync(programCrate)) {
  missing(`no program source at ${programDir} (set DZPROV_PROGRAM_DIR to a malbeclabs/doublezero checkout)`);
}
if (spawnSync('cargo', ['--version'], { stdio: 'ignore' }).status !== 0) {
  missing('cargo is not installed (the oracle is a Rust crate: install Rust, e.g. with rustup)');
}

// oracle/Cargo.toml names the program crates through the link oracle/program, pointed here at
// whichever checkout is in use, so following upstream is one environment variable.
const link = join(repo, 'oracle', 'program');
let current;
try {
  current = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : undefined;
} catch {
  current = undefined;
}
if (current !== programDir) {
  rmSync(link, { force: true, recursive: false });
  symlinkSync(programDir, link, 'dir');
}

mkdirSync(target, { recursive: true });
// The target directory is shared by every checkout on the machine, and cargo decides freshness by
// file times: a binary built from another checkout's oracle sources (newer than ours) would look
// fresh. A stamp of the sources it was built from says whether it is ours; if not, our sources are
// touched so that cargo rebuilds the harness (seconds; the program crates stay built).
const sources = [join(repo, 'oracle', 'Cargo.toml'), join(repo, 'oracle', 'Cargo.lock'), ...readdirSync(join(repo, 'oracle', 'src')).map((f) => join(repo, 'oracle', 'src', f))].sort();
const hash = createHash('sha256');
for (const f of sources) hash.update(f.slice(repo.length)).update(readFileSync(f));
const stampFile = join(target, 'debug', 'dzprov-oracle.sources');
const binary = join(target, 'debug', 'dzprov-oracle');
// The sources' hash, and the binary as it was when built from them (a build from another
// checkout changes the binary without writing this stamp).
const binaryId = () => (existsSync(binary) ? `${statSync(binary).mtimeMs} ${statSync(binary).size}` : 'none');
const stamp = hash.digest('hex');
const built = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
if (built !== `${stamp} ${binaryId()}`) {
  const now = new Date();
  for (const f of sources) utimesSync(f, now, now);
}
const started = Date.now();
// The pinned program builds with exactly the versions of oracle/Cargo.lock; another checkout may
// need others (cargo then updates the lock file, which is the step that follows upstream).
const locked = process.env.DZPROV_PROGRAM_DIR ? [] : ['--locked'];
const build = spawnSync(
  'cargo',
  ['build', ...locked, '--manifest-path', join(repo, 'oracle', 'Cargo.toml'), '--target-dir', target],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
if (build.status !== 0) {
  process.stderr.write(`dzprov oracle: cargo build failed (exit ${build.status})\n`);
  process.exit(1);
}
writeFileSync(stampFile, `${stamp} ${binaryId()}\n`);
// Which program version is being judged: a git checkout's HEAD, or the commit a copied tree's
// PROVENANCE.md names.
function programCommit() {
  const git = spawnSync('git', ['-C', programDir, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  if (git.status === 0) return git.stdout.trim();
  try {
    return /commit `([0-9a-f]{40})`/.exec(readFileSync(join(programDir, 'PROVENANCE.md'), 'utf8'))?.[1] ?? 'unknown commit';
  } catch {
    return 'unknown commit';
  }
}
process.stderr.write(
  `dzprov oracle: built in ${((Date.now() - started) / 1000).toFixed(1)} s against ${programDir} (program at ${programCommit()})\n`,
);
process.stdout.write(`${binary}\n`);
