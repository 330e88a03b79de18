/**
 * Runs a list of kinds against one world: each kind gets its share of the run's cases
 * (DZPROV_DIFF_RUNS, 10,000 by default, split over every kind of every differential file by
 * weight), its own seed derived from DZPROV_DIFF_SEED, and its per-kind tally recorded for the
 * lines `npm run conformance` ends with.
 */
import { recordCounterexamples, recordDifferentialCases, recordKind } from '../stats.js';
import { kindLine, newTally, runKind, stricterLines, type Kind, type KindTally } from './engine.js';
import { TOTAL_WEIGHT, kindOrder } from './registry.js';
import type { World } from './world.js';

export const RUNS = Number(process.env.DZPROV_DIFF_RUNS ?? 10_000);
export const SEED = Number(process.env.DZPROV_DIFF_SEED ?? 20261129);

/** Cases for a kind of `weight` (at least 1): its share of the run by weight over every kind. */
export function casesFor(weight: number): number {
  return Math.max(1, Math.round((RUNS * weight) / TOTAL_WEIGHT));
}

function seedOf(name: string): number {
  let h = SEED >>> 0;
  for (const c of name) h = (Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0) ^ (h >>> 13);
  return h | 0;
}

/** Runs `kinds` (in order), records each kind's tally; returns the tallies. */
export async function runKinds(w: World, kinds: readonly Kind<never>[], order: (name: string) => number = kindOrder): Promise<Map<string, KindTally>> {
  const tallies = new Map<string, KindTally>();
  for (const k of kinds) {
    const t = await runKind(w, k, casesFor(k.weight), seedOf(k.name), newTally());
    tallies.set(k.name, t);
    recordKind({ order: order(k.name), name: k.name, n: t.n, built: t.built, predicted: t.predicted, policy: t.policy, counterexamples: t.counterexamples.length });
    recordDifferentialCases(t.n);
    recordCounterexamples(t.counterexamples.length);
  }
  console.log(
    [...tallies.entries()].map(([n, t]) => kindLine(n, t)).join('\n') +
      `\nwhere dzprov's policy refused, the program on the same unchecked request:\n${stricterLines(tallies)}`,
  );
  return tallies;
}
