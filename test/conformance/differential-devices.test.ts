/**
 * The differential test, device kinds (test/conformance/differential/): every lifecycle-checked
 * and raw device builder, drawn over varied devices, links, callers and GlobalState flags, each
 * decision of dzprov judged by the program. DZPROV_DIFF_RUNS sets the run's total cases.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useOracle } from './useOracle.js';
import { buildWorld, type World } from './differential/world.js';
import { runKinds } from './differential/run.js';
import { deviceKinds } from './differential/kinds-device.js';
import { deviceOnboardKinds } from './differential/kinds-device-onboard.js';
import { rawDeviceKinds } from './differential/kinds-raw.js';

const oracle = useOracle();
let w: World;

beforeAll(async () => {
  w = await buildWorld(oracle);
}, 300_000);

describe('dzprov against the program, differentially: devices', () => {
  it('built ⇒ the program succeeds and writes what dzprov expected; predicted ⇒ exactly that error; never valid ⇒ refused', async () => {
    const tallies = await runKinds(w, [...deviceKinds, ...deviceOnboardKinds, ...rawDeviceKinds]);
    const counterexamples = [...tallies.values()].flatMap((t) => t.counterexamples);
    expect(counterexamples.slice(0, 30)).toEqual([]);
  }, 3_600_000);
});
