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

function append(kind: keyof Counts, n: number): void {
  const dir = process.env.DZPROV_CONFORMANCE_STATS;
  if (!dir || n === 0) return;
  appendFileSync(join(dir, `${process.pid}.ndjson`), `${JSON.stringify({ kind, n })}\n`);
}

export const recordTransactions = (n: number): void => append('transactions', n);
export const recordDifferentialCases = (n: number): void => append('differentialCases', n);
export const recordCounterexamples = (n: number): void => append('counterexamples', n);
