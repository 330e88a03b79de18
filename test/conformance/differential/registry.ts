/**
 * Every differential kind, in the order the per-kind lines are printed, with its weight: a kind
 * gets weight / (sum of all weights) of DZPROV_DIFF_RUNS.
 */
import { deviceKinds } from './kinds-device.js';
import { deviceOnboardKinds } from './kinds-device-onboard.js';
import { linkKinds } from './kinds-link.js';
import { rawDeviceKinds } from './kinds-raw.js';
import { rawLinkKinds } from './kinds-raw-link.js';
import { transactionKind } from './kinds-tx.js';

/** Kinds run through the oracle node (the planner, the client's intents, batch health): name and weight. */
export const NODE_KINDS = [
  { name: 'intents', weight: 12 },
  { name: 'batch health', weight: 4 },
  { name: 'planner', weight: 4 },
] as const;

const ALL: readonly { name: string; weight: number }[] = [...deviceKinds, ...deviceOnboardKinds, ...rawDeviceKinds, ...linkKinds, ...rawLinkKinds, transactionKind, ...NODE_KINDS];

export const TOTAL_WEIGHT = ALL.reduce((s, k) => s + k.weight, 0);
export const kindOrder = (name: string): number => ALL.findIndex((k) => k.name === name);
