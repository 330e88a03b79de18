/**
 * The differential test through the oracle node: the client's intents, batch health and the
 * maintenance planner, over the same drawn states, callers and roles as the builder kinds, each
 * decision carried out over JSON-RPC and judged by the program (test/conformance/differential/).
 */
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DzClient } from '../../src/index.js';
import { startOracleNode, type OracleNode } from '../oracle-node/node.js';
import { useOracle } from './useOracle.js';
import { buildWorld, restore, type World } from './differential/world.js';
import { kindLine, newTally, stricterLines, type KindTally } from './differential/engine.js';
import { arbBatch, arbIntent, arbPlan, runBatch, runIntent, runPlan, type NodeCtx } from './differential/kinds-node.js';
import { NODE_KINDS, kindOrder } from './differential/registry.js';
import { RUNS, SEED, casesFor } from './differential/run.js';
import { recordCounterexamples, recordDifferentialCases, recordKind } from './stats.js';

const oracle = useOracle();
let node: OracleNode;
let w: World;
let ctx: NodeCtx;

beforeAll(async () => {
  let world: World | undefined;
  // Short slots: the client confirms at 'processed', so a send lands and is seen within a poll.
  node = await startOracleNode({
    oracle,
    port: 0,
    nextPort: false,
    keysDir: mkdtempSync(join(tmpdir(), 'dzprov-diff-node-')),
    slotMs: 10,
    prepare: async (chain) => {
      world = await buildWorld(oracle, chain);
    },
  });
  w = world!;
  ctx = {
    w,
    client: new DzClient({ rpcUrl: node.url, wsUrl: node.wsUrl, programId: node.programId, commitment: 'processed', confirm: { pollIntervalMs: 5 } }),
    conn: new Connection(node.url, 'processed'),
    accountsOf: (sig) => node.ledger.landed.get(sig)?.transaction.message.staticAccountKeys.map((k) => k.toBase58()) ?? [],
  };
}, 300_000);

afterAll(async () => {
  await node?.close();
});

async function run<C>(name: string, arb: fc.Arbitrary<C>, one: (ctx: NodeCtx, c: C, t: KindTally, nonce: number) => Promise<Set<string>>): Promise<KindTally> {
  const t = newTally();
  const weight = NODE_KINDS.find((k) => k.name === name)!.weight;
  let touched = new Set<string>();
  let nonce = 0;
  const runs = casesFor(weight);
  for (let round = 0; t.n < runs && round < 8; round++) {
    await fc.assert(
      fc.asyncProperty(arb, async (c) => {
        await restore(w, touched);
        touched = await one(ctx, c, t, nonce++);
        return true;
      }),
      { numRuns: runs - t.n, seed: (SEED ^ name.length) + round, endOnFailure: true },
    );
  }
  await restore(w, touched);
  if (t.counterexamples.length > 0) console.log(`${name}: ${t.counterexamples.length} counterexamples, the first:\n${t.counterexamples.slice(0, 8).join('\n')}`);
  recordKind({ order: kindOrder(name), name, n: t.n, built: t.built, predicted: t.predicted, policy: t.policy, counterexamples: t.counterexamples.length });
  recordDifferentialCases(t.n);
  recordCounterexamples(t.counterexamples.length);
  return t;
}

describe(`dzprov against the program through the oracle node, differentially (${RUNS} cases in the whole run)`, () => {
  it('the client’s intents, batch health and the maintenance planner: what they send lands as expected; what they refuse, the program judges', async () => {
    const tallies = new Map<string, KindTally>();
    tallies.set('intents', await run('intents', arbIntent, runIntent as never));
    tallies.set('batch health', await run('batch health', arbBatch, runBatch as never));
    tallies.set('planner', await run('planner', arbPlan, runPlan as never));
    console.log([...tallies.entries()].map(([n, t]) => kindLine(n, t)).join('\n') + `\nwhere dzprov refused, the program on the same unchecked request:\n${stricterLines(tallies)}`);
    const counterexamples = [...tallies.values()].flatMap((t) => t.counterexamples);
    expect(counterexamples.slice(0, 30)).toEqual([]);
    // every kind was drawn and judged
    for (const [name, t] of tallies) expect(t.n, name).toBeGreaterThan(0);
  }, 3_600_000);
});
