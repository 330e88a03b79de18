import { DzprovError, ValidationError } from '../errors.js';
import { describeValue } from '../validate.js';
import { StateRefreshError, TransactionConfirmationError } from './errors.js';

/**
 * One outcome type for every send (docs/sending.md#the-outcomes): what a client intent, a batch
 * health write or a TransactionRunner send ended in, whether it returned or threw.
 *
 * - `landed`: a transaction carrying the change landed without error at the requested commitment;
 * - `already-done`: the account already was where the intent takes it; nothing was sent;
 * - `failed-on-chain`: a transaction landed with an error: its fee was paid, nothing was written;
 * - `expired`: PROVEN not landed (every blockhash expired by block height, no status at a later
 *   slot); nothing can land any more;
 * - `unknown`: it may have been broadcast and nothing proves it did not land; it can still land
 *   until `lastValidBlockHeight`;
 * - `not-sent`: stopped before anything was broadcast (invalid input, lifecycle refusal, failed
 *   simulation, the node unreachable while reading, the deadline).
 */
export type OutcomeKind = 'landed' | 'already-done' | 'failed-on-chain' | 'expired' | 'unknown' | 'not-sent';

/** Every outcome, in the order above. */
export const OUTCOME_KINDS: readonly OutcomeKind[] = Object.freeze(['landed', 'already-done', 'failed-on-chain', 'expired', 'unknown', 'not-sent']);

/** One send's fate in one shape, whatever the send (an intent, a batch entry, a thrown error mapped by `outcomeOf`). */
export interface Outcome {
  /** What became of the send (see OutcomeKind). */
  outcome: OutcomeKind;
  /**
   * Whether the account is now where the send meant to take it: true (landed, already-done),
   * false (failed-on-chain, expired, not-sent), null (unknown).
   */
  done: boolean | null;
  /** landed / failed-on-chain: the signature that landed; expired / unknown: the newest one signed; else null. */
  signature: string | null;
  /** Every signature signed, oldest first ([] when nothing was signed). */
  signatures: string[];
  /** landed / failed-on-chain: the slot it landed in (null when not known). */
  slot: number | null;
  /** unknown: the block height until which the newest signature can still land (null when not known). */
  lastValidBlockHeight: number | null;
  /** The error thrown (failed-on-chain, expired, unknown, not-sent; landed when the read-back failed), else null. */
  error: unknown;
  /** One line: what happened, and what is safe next. */
  summary: string;
}

/** What is safe next, by outcome (the advice of docs/sending.md). */
const NEXT: Record<OutcomeKind, string> = {
  landed: 'nothing to do',
  'already-done': 'nothing to do',
  'failed-on-chain': 'nothing was written; fix the cause before sending again',
  expired: 'nothing landed and nothing can: sending again is safe',
  unknown: 'check the signature, or re-run the intent (it re-reads first) after the block height',
  'not-sent': 'nothing was broadcast: fix the cause, then send again',
};

function make(outcome: OutcomeKind, fields: Partial<Omit<Outcome, 'outcome' | 'done' | 'summary'>> & { what: string }): Outcome {
  const done = outcome === 'landed' || outcome === 'already-done' ? true : outcome === 'unknown' ? null : false;
  return {
    outcome,
    done,
    signature: fields.signature ?? null,
    signatures: [...(fields.signatures ?? [])],
    slot: fields.slot ?? null,
    lastValidBlockHeight: fields.lastValidBlockHeight ?? null,
    error: fields.error ?? null,
    summary: `${outcome}: ${fields.what}; ${NEXT[outcome]}`,
  };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isKind = (v: unknown): v is OutcomeKind => typeof v === 'string' && (OUTCOME_KINDS as readonly string[]).includes(v);

/**
 * The outcome of any send, from what it returned or threw:
 * - an `IntentResult` (`client.drainDevice(...)`, `client.send(prepared, ...)`): landed or already-done;
 * - a `HealthOutcome` of `sendHealthMany` / `setHealthMany` (its `outcome`);
 * - `TransactionRunner.sendAndConfirm`'s result ({ signature, signatures, slot }): landed;
 * - an `Outcome`: itself;
 * - a thrown `TransactionConfirmationError`: expired or unknown, with every signature;
 * - a thrown DzprovError carrying `landed`: failed-on-chain (signature and slot);
 * - a thrown `StateRefreshError`: landed (the account could not be read back afterwards);
 * - any other thrown DzprovError: not-sent — dzprov throws nothing else once a transaction may
 *   have been broadcast;
 * - any other Error (a wallet's own, a bug): unknown, since nothing says whether it was sent.
 *
 * Anything else is a ValidationError naming `resultOrError`.
 */
export function outcomeOf(resultOrError: unknown): Outcome {
  const v = resultOrError;
  if (v instanceof TransactionConfirmationError) {
    const sigs = [...v.signatures];
    const signature = sigs[sigs.length - 1] ?? null;
    if (v.outcome === 'expired') return make('expired', { signature, signatures: sigs, error: v, what: oneLine(v.message) });
    return make('unknown', { signature, signatures: sigs, lastValidBlockHeight: v.lastValidBlockHeight ?? null, error: v, what: oneLine(v.message) });
  }
  if (v instanceof StateRefreshError) {
    return make('landed', { signature: v.signature, signatures: [...v.signatures], slot: v.slot, error: v, what: oneLine(v.message) });
  }
  if (v instanceof DzprovError) {
    if (v.landed) {
      const { signature, signatures, slot } = v.landed;
      return make('failed-on-chain', { signature, signatures: [...signatures], slot, error: v, what: `transaction ${signature} landed in slot ${slot} and failed: ${oneLine(v.message)}` });
    }
    return make('not-sent', { error: v, what: oneLine(v.message) });
  }
  if (v instanceof Error) {
    return make('unknown', { error: v, what: `not a dzprov error, so whether anything was broadcast is not known (${v.name}: ${oneLine(v.message)})` });
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const signatures = isStringArray(o.signatures) ? o.signatures : undefined;
    const signature = typeof o.signature === 'string' ? o.signature : undefined;
    const slot = typeof o.slot === 'number' ? o.slot : undefined;
    // An Outcome already.
    if (isKind(o.outcome) && typeof o.summary === 'string' && signatures) return { ...(o as unknown as Outcome), signatures: [...signatures] };
    // A HealthOutcome: its outcome, with what it says about the target.
    if (isKind(o.outcome) && typeof o.status === 'string' && typeof o.index === 'number') {
      const target = `${typeof o.kind === 'string' ? o.kind : 'target'} ${typeof o.code === 'string' && o.code ? o.code : String(o.target)}`;
      const reason = typeof o.reason === 'string' ? `: ${oneLine(o.reason)}` : '';
      return make(o.outcome, { signature, signatures, slot, what: `${target} ${o.status}${reason}` });
    }
    // An IntentResult.
    if ((o.outcome === 'landed' || o.outcome === 'already-done') && signatures) {
      if (o.outcome === 'already-done') return make('already-done', { what: 'the account already was in the intended state; nothing was sent' });
      if (signature !== undefined && slot !== undefined) return make('landed', { signature, signatures, slot, what: `transaction ${signature} landed in slot ${slot}` });
    }
    // TransactionRunner.sendAndConfirm's result.
    if (o.outcome === undefined && signature !== undefined && signatures && slot !== undefined) {
      return make('landed', { signature, signatures, slot, what: `transaction ${signature} landed in slot ${slot}` });
    }
  }
  throw new ValidationError(
    'resultOrError',
    'must be a send result or a thrown error',
    `invalid resultOrError: must be what a dzprov send returned (an intent result, a health outcome, a send outcome) or an error it threw, got ${describeValue(v)}`,
  );
}
