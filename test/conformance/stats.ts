/**
 * Counters the conformance run prints at the end (globalSetup's teardown): transactions the
 * program executed, differential cases, counterexamples. Each worker appends to a file in the
 * directory globalSetup chose.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Counts {
  transactions: number;
  differentialCases: number;
  counterexamples: number;
}

/** One differential kind's tally, for the per-kind lines the run ends with. */
export interface KindCounts {
  /** Where the line goes in the list (the kinds' order). */
  order: number;
  name: string;
  n: number;
  built: number;
  predicted: number;
  policy: number;
  counterexamples: number;
}

function line(record: Record<string, unknown>): void {
  const dir = process.env.DZPROV_CONFORMANCE_STATS;
  if (!dir) return;
  appendFileSync(join(dir, `${process.pid}.ndjson`), `${JSON.stringify(record)}\n`);
}

function append(kind: keyof Counts, n: number): void {
  if (n === 0) return;
  line({ kind, n });
}

/** Records one differential kind's tally (printed, one line per kind, when the run ends). */
export const recordKind = (k: KindCounts): void => line({ kind: 'differentialKind', ...k });

export const recordTransactions = (n: number): void => append('transactions', n);
export const recordDifferentialCases = (n: number): void => append('differentialCases', n);
export const recordCounterexamples = (n: number): void => append('counterexamples', n);
