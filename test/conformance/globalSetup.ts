/**
 * Builds the oracle once for the whole conformance run (scripts/oracle.mjs) and prints the
 * run's counts at the end. A missing program source or Rust toolchain is one line and a
 * failed run (never a skipped one).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Counts } from './stats.js';

export default function setup(): () => void {
  const script = resolve(__dirname, '../../scripts/oracle.mjs');
  const r = spawnSync(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status === 3) throw new Error('conformance suite NOT run: the oracle cannot be built here (see the line above)');
  if (r.status !== 0) throw new Error(`conformance suite cannot run: building the oracle failed (exit ${r.status})`);
  process.env.DZPROV_ORACLE_BIN = r.stdout.trim().split('\n').pop()!;
  const stats = mkdtempSync(join(tmpdir(), 'dzprov-conformance-'));
  process.env.DZPROV_CONFORMANCE_STATS = stats;
  return () => {
    const counts: Counts = { transactions: 0, differentialCases: 0, counterexamples: 0 };
    for (const f of readdirSync(stats)) {
      for (const line of readFileSync(join(stats, f), 'utf8').split('\n')) {
        if (!line) continue;
        const { kind, n } = JSON.parse(line) as { kind: keyof Counts; n: number };
        counts[kind] += n;
      }
    }
    rmSync(stats, { recursive: true, force: true });
    console.log(
      `\nconformance: ${counts.transactions} transactions executed by the program, ` +
        `${counts.differentialCases} differential cases, ${counts.counterexamples} counterexamples\n`,
    );
  };
}
