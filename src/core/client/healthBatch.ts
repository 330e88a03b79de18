import type { KeyInput } from '../keys.js';
import type { CoreInstruction } from '../instructions/common.js';
import { DzprovError } from '../errors.js';
import type { DeviceHealth, LinkHealth } from '../enums.js';
import type { OutcomeKind } from './outcome.js';

/**
 * Batch health writes for health oracles (DzClient.prepareHealthMany / sendHealthMany /
 * setHealthMany): the types, the packing constant and the small helpers. The client does the I/O.
 */

/**
 * How many SetDeviceHealth / SetLinkHealth instructions one legacy transaction carries.
 *
 * Measured by serializing real signed transactions (web3.js `Transaction.serialize`, one
 * signature): compute-budget prelude (SetComputeUnitLimit + RequestHeapFrame) + N health
 * instructions on N distinct accounts, each instruction 4 accounts + 2 data bytes (5 accounts
 * with the payer's Permission PDA appended). The 1,232-byte limit is reached at
 *   - no Permission PDA, no priority fee: 23 fit, 24 do not;
 *   - no Permission PDA, SetComputeUnitPrice: 22 fit (1,233 bytes at 23);
 *   - Permission PDA, with or without SetComputeUnitPrice: 21 fit (1,234 / 1,246 bytes at 22).
 * Each health instruction adds 32 bytes for its account and 10 (11 with the PDA) for the
 * instruction itself. 21 fits every shape, so the client packs 21 per transaction
 * (test/client/healthBatch.test.ts checks that 21 fit and 22 do not, in the worst shape). The
 * compute budget is not the bound: the prelude asks for 1,400,000 units and a health write
 * (read the account, check the role, re-validate, write one byte back) uses a small fraction of
 * 1,400,000 / 21.
 */
export const HEALTH_UPDATES_PER_TRANSACTION = 21;

/** Default number of batch transactions in flight at once. */
export const DEFAULT_HEALTH_CONCURRENCY = 4;

/**
 * One wanted health write, typed by kind: a device update takes a `DeviceHealth`, a link update a
 * `LinkHealth`. The enums are distinct types, so `{ kind: 'device', health: LinkHealth.ReadyForService }`
 * does not compile; at run time a value that is not declared by the kind's enum is a
 * ValidationError naming `updates[i].health` before anything is read.
 */
export type HealthUpdate<K = KeyInput> = DeviceHealthUpdate<K> | LinkHealthUpdate<K>;

/** A device health write (SetDeviceHealth). */
export interface DeviceHealthUpdate<K = KeyInput> {
  /** A device update. */
  kind: 'device';
  /** The device's address, or its code (resolved with one listing of devices). */
  target: string | K;
  /** The device health to write. Typed DeviceHealth: a LinkHealth does not compile; at run time a number DeviceHealth does not declare is refused (ValidationError). */
  health: DeviceHealth;
}

/** A link health write (SetLinkHealth). */
export interface LinkHealthUpdate<K = KeyInput> {
  /** A link update. */
  kind: 'link';
  /** The link's address, or its code (resolved with one listing of links). */
  target: string | K;
  /** The link health to write. Typed LinkHealth: a DeviceHealth does not compile; at run time a number LinkHealth does not declare is refused (ValidationError). */
  health: LinkHealth;
}

/**
 * - planned: prepared, not sent yet (prepareHealthMany);
 * - updated: the write landed and was confirmed (signature, slot);
 * - unchanged: the account already had that health, nothing sent;
 * - refused: not written, with the reason (lifecycle, write-time rule, missing account, program error);
 * - unknown: sent, but whether it landed is not known (check `signature` before retrying).
 */
export type HealthOutcomeStatus = 'planned' | 'updated' | 'unchanged' | 'refused' | 'unknown';

/** What became of one update (one per input update, in input order). */
export interface HealthOutcome<K = KeyInput> {
  /** Position of the update in the input. */
  index: number;
  /** Whether the target is a device or a link. */
  kind: 'device' | 'link';
  /** The target as given (code or base58 address). */
  target: string;
  /** Its address (null when it could not be resolved). */
  pubkey: K | null;
  /** Its code as stored (null when it could not be read). */
  code: string | null;
  /** The health as read before (null when it could not be read). */
  from: number | null;
  /** `from`'s label, the program's own (`ready-for-links`; `unknown (9)` for an undeclared value). */
  fromLabel: string | null;
  /** The health asked for. */
  to: number;
  /** `to`'s label, the program's own (`impaired`). */
  toLabel: string;
  /** What became of the update (see HealthOutcomeStatus). */
  status: HealthOutcomeStatus;
  /**
   * The same fate in the words every send uses (`Outcome`, `outcomeOf`): updated → landed,
   * unchanged → already-done, unknown → unknown; refused → not-sent, or expired / failed-on-chain
   * when a transaction carrying it was proven expired or landed with an error; planned → not-sent.
   */
  outcome: OutcomeKind;
  /** refused / unknown: why. */
  reason?: string;
  /** refused: the error's class name and code (e.g. IllegalTransitionError / ILLEGAL_TRANSITION, NotAllowed). */
  error?: {
    /** The error's class name. */
    name: string;
    /** The error's code. */
    code: string;
  };
  /** updated: the signature that landed; unknown: the last signature sent. */
  signature?: string;
  /** updated / unknown: every signature sent for it. */
  signatures?: string[];
  /** updated: the slot it landed in. */
  slot?: number;
  /** planned / updated / unknown: which batch transaction (0-based) carried it. */
  batch?: number;
}

/** One transaction of a health batch. */
export interface HealthBatch<Ix = CoreInstruction> {
  /** The compute-budget prelude (and SetComputeUnitPrice), then one health instruction per target. */
  instructions: Ix[];
  /** The outcomes (indexes into HealthPlan.outcomes) it carries, in instruction order. */
  entries: number[];
}

/** prepareHealthMany's result: every target's outcome so far, and the packed transactions. */
export interface HealthPlan<K = KeyInput, Ix = CoreInstruction> {
  /** The fee payer and signer (the health oracle or a network admin). */
  payer: K;
  /** The payer's roles (health oracle / network admin do not depend on the target). */
  roles: string[];
  /** Whether the payer has a Permission account (then every instruction carries it). */
  hasPermissionAccount: boolean;
  /** One outcome per update, in input order: "planned", "unchanged" or "refused" so far. */
  outcomes: HealthOutcome<K>[];
  /** The transactions to send, each with its planned updates. */
  batches: HealthBatch<Ix>[];
  /** The prelude instructions every transaction starts with. */
  prelude: Ix[];
  /** Each planned outcome's own health instruction (for retrying a target on its own). */
  instructionOf: Map<number, Ix>;
}

/** Options of sendHealthMany and setHealthMany. */
export interface SendHealthOptions {
  /** Batch transactions in flight at once (default 4). */
  concurrency?: number;
  /**
   * When a batch transaction is refused (a failed simulation or execution: nothing written),
   * send each of its targets again in its own transaction, once, so one bad target does not
   * refuse the others (default true).
   */
  splitOnFailure?: boolean;
}

/** `items` split into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `fn` over `items` with at most `limit` in flight; resolves when all are done. */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** The name/code pair of an error for an outcome. */
export function errorRef(e: unknown): { name: string; code: string } {
  if (e instanceof DzprovError) return { name: e.name, code: String((e as { code?: unknown }).code ?? e.name) };
  return { name: e instanceof Error ? e.name : 'Error', code: 'UNEXPECTED' };
}

export function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ');
}
