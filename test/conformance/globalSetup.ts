/**
 * Builds the oracle once for the whole conformance run (scripts/oracle.mjs) and prints the
 * run's counts at the end. A missing program source or Rust toolchain is one line and a
 * failed run (never a skipped one).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Counts, KindCounts } from './stats.js';

export default function setup(): () => void {
  const stats = mkdtempSync(join(tmpdir(), 'dzprov-conformance-'));
  process.env.DZPROV_CONFORMANCE_STATS = stats;
  if (process.env.DZPROV_ORACLE_BIN) {
    // Given a built oracle (the mutation check builds it once for all its runs): use it.
  } else {
    const script = resolve(__dirname, '../../scripts/oracle.mjs');
    const r = spawnSync(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    if (r.status === 3) throw new Error('conformance suite NOT run: the oracle cannot be built here (see the line above)');
    if (r.status !== 0) throw new Error(`conformance suite cannot run: building the oracle failed (exit ${r.status})`);
    // A private copy: the cargo target directory is shared, and another checkout building into it
    // must not change the oracle under this run.
    const bin = join(stats, 'dzprov-oracle');
    copyFileSync(r.stdout.trim().split('\n').pop()!, bin);
    chmodSync(bin, 0o755);
    process.env.DZPROV_ORACLE_BIN = bin;
  }
  return () => {
    const counts: Counts = { transactions: 0, differentialCases: 0, counterexamples: 0 };
    const kinds = new Map<string, KindCounts>();
    for (const f of readdirSync(stats)) {
      if (!f.endsWith('.ndjson')) continue;
      for (const line of readFileSync(join(stats, f), 'utf8').split('\n')) {
        if (!line) continue;
        const rec = JSON.parse(line) as { kind: keyof Counts | 'differentialKind'; n: number } & KindCounts;
        if (rec.kind !== 'differentialKind') {
          counts[rec.kind] += rec.n;
          continue;
        }
        const k = kinds.get(rec.name) ?? { ...rec, n: 0, built: 0, predicted: 0, policy: 0, counterexamples: 0 };
        for (const f of ['n', 'built', 'predicted', 'policy', 'counterexamples'] as const) k[f] += rec[f];
        kinds.set(rec.name, k);
      }
    }
    rmSync(stats, { recursive: true, force: true });
    const lines = [...kinds.values()]
      .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name))
      .map((k) => `differential ${k.name}: ${k.n} cases, ${k.built} built, ${k.predicted} predicted, ${k.policy} refused by policy, ${k.counterexamples} counterexamples`);
    console.log(
      `\n${lines.join('\n')}${lines.length ? '\n' : ''}` +
        `conformance: ${counts.transactions} transactions executed by the program, ` +
        `${counts.differentialCases} differential cases, ${counts.counterexamples} counterexamples\n`,
    );
  };
}
