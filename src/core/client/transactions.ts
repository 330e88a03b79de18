import { encodeBase64 } from '../codec/base64.js';
import { DzprovError, ValidationError } from '../errors.js';
import type { CoreInstruction } from '../instructions/common.js';
import type { KeyInput } from '../keys.js';
import { parseProgramError } from '../programErrors.js';
import {
  DeadlineExceededError,
  ExpiredBlockhashError,
  MalformedRpcResponseError,
  RpcError,
  SendTransactionError,
  TransactionConfirmationError,
  TransactionFailedError,
} from './errors.js';
import { checkDeadline, classifyRpcError, resolveRetry, sleepUntil, withRetry, withTimeout, type ResolvedRetry } from './retry.js';
import { expectArray, expectFunction, expectKey, expectObject, expectString } from '../validate.js';
import { compileLegacyMessage, PACKET_DATA_SIZE, serializeTransaction, signatureText, transactionSize } from './message.js';
import {
  parseBlockhash,
  parseEpochInfo,
  parseSignatureStatuses,
  parseSimulation,
  type Commitment,
  type RpcPort,
  type StatusEntry,
} from './rpc.js';

/**
 * A signer as the core sees it: the payer's address, and a function that signs a legacy message
 * whose payer is that address. It returns the signature AND the message it signed: a wallet may
 * hand back another transaction than it was given, and the core refuses to send that. The doors
 * make one from a web3.js Keypair or wallet, or from a kit TransactionSigner.
 */
export interface CoreSigner {
  /** The signer's address: the fee payer. */
  readonly address: KeyInput;
  /** Signs `message` (the serialized transaction message); resolves to the 64-byte signature and the message that was signed. */
  sign(message: Uint8Array): Promise<{
    /** The 64-byte Ed25519 signature. */
    signature: Uint8Array;
    /** The message that was signed. */
    message: Uint8Array;
  }>;
}

/** How sends are confirmed: status polling, resends after a proven expiry, broadcast timeouts. */
export interface ConfirmOptions {
  /** Delay between two status polls, in ms (default 500). */
  pollIntervalMs?: number;
  /**
   * Bound on status polls for one transaction (default 240, i.e. two minutes at the default
   * interval: longer than a blockhash lives). When it runs out before the outcome is proven the
   * outcome is "unknown" (TransactionConfirmationError), with the reason.
   */
  maxPolls?: number;
  /**
   * How many times a transaction PROVEN not to have landed (its blockhash expired by block
   * height, no status for it at a slot past the expiry) is re-signed with a fresh blockhash
   * (default 2). Never after a broadcast the node did not acknowledge.
   */
  maxResends?: number;
  /**
   * How long one sendTransaction call is waited for, in ms (default 10000). A call that hangs
   * longer is not retried: the signature's status is polled instead (re-broadcasting the same
   * bytes while it is unacknowledged and its blockhash is valid).
   */
  sendTimeoutMs?: number;
  /** An unacknowledged transaction's bytes are re-broadcast every this many polls (default 4). */
  rebroadcastEveryPolls?: number;
}

/** What a successful simulation reported. */
export interface SimulationOutcome {
  /** The simulation's log lines. */
  logs: string[];
  /** Compute units consumed, when the node reported them. */
  unitsConsumed: number | undefined;
}

/**
 * What became of a send:
 * - "not-sent": refused before anything was broadcast (a failed simulation, an RPC failure while
 *   preparing, a deadline) — nothing can land;
 * - "landed": confirmed at the requested commitment (with its error when it failed on chain);
 * - "expired": every signature's blockhash expired by block height and the node, at a slot past
 *   the expiry, has no status for any of them — nothing landed, nothing can;
 * - "unknown": broadcast may have happened and nothing proves it did not land.
 */
export type SendState = 'not-sent' | 'landed' | 'expired' | 'unknown';

/** A send that landed without error. */
export interface SendOutcome {
  /** The signature that landed. */
  signature: string;
  /** Every signature signed, in order (more than one only after a proven expiry). */
  signatures: string[];
  /** The slot it landed in. */
  slot: number;
}

const COMMITMENT_RANK: Record<string, number> = { processed: 0, confirmed: 1, finalized: 2 };

/** A 32-byte placeholder blockhash for simulations (the node replaces it). */
const PLACEHOLDER_BLOCKHASH = '11111111111111111111111111111111';

/** A 64-byte placeholder signature for simulations (sigVerify is off). */
const NO_SIGNATURE = new Uint8Array(64);

function rank(c: unknown): number {
  return typeof c === 'string' ? (COMMITMENT_RANK[c] ?? -1) : -1;
}

/** One signed transaction and what is known of it. */
interface Signed {
  signature: string;
  raw: Uint8Array;
  lastValidBlockHeight: number;
  /** The node answered sendTransaction with this signature. */
  acknowledged: boolean;
  /** Why the broadcast is in doubt (the node's error, a wrong answer, no answer). */
  doubt?: SendTransactionError;
  /** Seen below the requested commitment (slot, status), not yet confirmed. */
  seen?: { slot: number; status: string };
}

/**
 * The block heights read during one send. A reading is believed only when it agrees with the one
 * before it: the height never goes back, nor the slot, and the height grows no faster than the
 * slots do (a block takes a slot at least). Readings that do not agree are set aside.
 */
interface Heights {
  /** The last reading believed (the first one is the baseline). */
  last?: { blockHeight: number; absoluteSlot: number };
  /** Readings set aside. */
  rejected: number;
}

type Watched =
  | { kind: 'landed'; tx: Signed; slot: number; err: unknown }
  | { kind: 'expired'; height: number }
  | { kind: 'unknown'; reason: string; cause?: unknown };

/**
 * The state machine of one send (docs/sending.md): sign → broadcast → poll every signature →
 * landed | expired (proven) | unknown; re-sign only after a proven expiry of an acknowledged
 * transaction. The payer is the only signer; the node's preflight is skipped because the client
 * simulates first, so no answer of sendTransaction is a refusal: an error, garbage, another
 * signature or silence all leave the transaction "maybe broadcast", and its status decides.
 *
 * "Expired" needs proof, not silence: the block height (getEpochInfo, with its slot S) is past
 * every signature's lastValidBlockHeight, and a getSignatureStatuses answer whose context slot
 * is at least S (searchTransactionHistory on) has no status for any of them. A node whose
 * status view lags its block height therefore never makes an unlanded transaction out of a
 * landed one. A transaction seen "processed" is never called expired. Every signature ever
 * signed is polled until the end, so an earlier one that lands late is still found.
 */
export class TransactionRunner {
  /** Delay between two status polls, in milliseconds. */
  readonly pollIntervalMs: number;
  /** Bound on status polls for one transaction. */
  readonly maxPolls: number;
  /** How many times a transaction proven not to have landed is re-signed. */
  readonly maxResends: number;
  /** How long one sendTransaction call is waited for, in milliseconds. */
  readonly sendTimeoutMs: number;
  /** An unacknowledged transaction is re-broadcast every this many polls. */
  readonly rebroadcastEveryPolls: number;
  /** The retry policy of the RPC calls. */
  readonly retry: ResolvedRetry;

  /**
   * `retry` is a complete policy (`resolveRetry(options)`); it is checked like `resolveRetry`'s
   * options. Every argument of the wrong type is a ValidationError (RpcConfigError for `retry`).
   */
  constructor(
    /** The RPC node. */
    readonly rpc: RpcPort,
    /** The serviceability program (failures it raises are decoded to its typed errors). */
    readonly programId: KeyInput,
    /** The commitment a send must reach to count as landed. */
    readonly commitment: Commitment,
    retry: ResolvedRetry,
    confirm: ConfirmOptions = {},
  ) {
    expectObject(rpc, 'rpc');
    expectFunction(rpc.request, 'rpc.request');
    expectKey(programId, 'programId');
    expectString(commitment, 'commitment');
    expectObject(retry, 'retry');
    this.retry = resolveRetry(retry);
    expectObject(confirm, 'confirm');
    this.pollIntervalMs = confirm.pollIntervalMs ?? 500;
    this.maxPolls = confirm.maxPolls ?? 240;
    this.maxResends = confirm.maxResends ?? 2;
    this.sendTimeoutMs = confirm.sendTimeoutMs ?? 10_000;
    this.rebroadcastEveryPolls = confirm.rebroadcastEveryPolls ?? 4;
    for (const [k, v] of [
      ['confirm.pollIntervalMs', this.pollIntervalMs],
      ['confirm.maxPolls', this.maxPolls],
      ['confirm.maxResends', this.maxResends],
      ['confirm.sendTimeoutMs', this.sendTimeoutMs],
      ['confirm.rebroadcastEveryPolls', this.rebroadcastEveryPolls],
    ] as const) {
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new ValidationError(k, `${String(v)} is not a non-negative integer`);
    }
    if (this.maxPolls < 1) throw new ValidationError('confirm.maxPolls', 'must be at least 1');
    if (this.rebroadcastEveryPolls < 1) throw new ValidationError('confirm.rebroadcastEveryPolls', 'must be at least 1');
  }

  /** One read call with the retry policy: the node's raw result. */
  private read(method: string, params: readonly unknown[]): Promise<unknown> {
    return withRetry(method, this.retry, () => this.rpc.request(method, params, this.retry.signal));
  }

  /**
   * Simulates `instructions` paid by `payer`, without a signature (sigVerify off, the node
   * substitutes a recent blockhash). A failure is thrown as the program's typed error
   * (`parseProgramError`, logs attached) or TransactionFailedError.
   */
  async simulate(instructions: readonly CoreInstruction[], payer: KeyInput): Promise<SimulationOutcome> {
    expectArray(instructions, 'instructions');
    expectKey(payer, 'payer');
    const message = compileLegacyMessage(payer, instructions, PLACEHOLDER_BLOCKHASH);
    const wire = encodeBase64(serializeTransaction(NO_SIGNATURE, message));
    const res = await this.read('simulateTransaction', [
      wire,
      { encoding: 'base64', sigVerify: false, replaceRecentBlockhash: true, commitment: this.commitment },
    ]);
    const { err, logs, unitsConsumed } = parseSimulation(res);
    if (err) throw this.failure('simulation', err, logs);
    return { logs, unitsConsumed };
  }

  private failure(stage: 'simulation' | 'execution', err: unknown, logs: readonly string[], signature?: string): DzprovError {
    const typed = parseProgramError({ err, logs }, { programId: this.programId, logs });
    return typed ?? new TransactionFailedError(stage, err, logs, signature);
  }

  /**
   * Signs, broadcasts and confirms (see the class comment). Resolves when a signature landed
   * without error. Throws: before any broadcast, the error that stopped it (nothing was sent);
   * after a landing that failed on chain, the program's typed error with `landed` set;
   * otherwise TransactionConfirmationError "expired" (proven not landed) or "unknown".
   */
  async sendAndConfirm(instructions: readonly CoreInstruction[], signer: CoreSigner): Promise<SendOutcome> {
    expectArray(instructions, 'instructions');
    expectObject(signer, 'signer');
    expectKey(signer.address, 'signer.address');
    expectFunction(signer.sign, 'signer.sign');
    const payer = signer.address;
    const signed: Signed[] = [];
    const signatures = (): string[] => signed.map((s) => s.signature);
    const heights: Heights = { rejected: 0 };
    for (let attempt = 0; ; attempt++) {
      let next: Signed;
      try {
        next = await this.sign(instructions, signer, payer, heights);
      } catch (e) {
        if (signed.length === 0) throw e; // nothing was broadcast
        const why = e instanceof Error ? e.message : String(e);
        throw new TransactionConfirmationError(
          signatures(),
          'expired',
          `expired, not landed: ${describeSigs(signatures())} expired without landing; no new transaction was signed (${why})`,
          { cause: e },
        );
      }
      signed.push(next);
      await this.broadcast(next);

      const w = await this.watch(signed, heights);
      if (w.kind === 'landed') {
        const all = signatures();
        if (w.err) {
          const logs = await this.logsOf(w.tx.signature);
          const failure = this.failure('execution', w.err, logs, w.tx.signature);
          failure.landed = { signature: w.tx.signature, signatures: all, slot: w.slot };
          throw failure;
        }
        return { signature: w.tx.signature, signatures: all, slot: w.slot };
      }
      if (w.kind === 'unknown') {
        const last = signed[signed.length - 1]!;
        throw new TransactionConfirmationError(
          signatures(),
          'unknown',
          `outcome unknown: ${describeSigs(signatures())} may have been broadcast and nothing proves ${signed.length > 1 ? 'they' : 'it'} did not land (${w.reason}); it can land until block height ${last.lastValidBlockHeight}`,
          { cause: w.cause ?? last.doubt },
          last.lastValidBlockHeight,
          w.reason,
        );
      }
      // Proven: nothing landed, and nothing signed so far can land any more.
      const doubt = signed.find((s) => s.doubt)?.doubt;
      if (attempt >= this.maxResends || doubt) {
        const why = doubt ? `; the node did not acknowledge the broadcast: ${doubt.message}` : '';
        throw new TransactionConfirmationError(
          signatures(),
          'expired',
          `expired, not landed: ${describeSigs(signatures())} expired at block height ${w.height} without landing${why}`,
          doubt ? { cause: doubt } : undefined,
        );
      }
    }
  }

  /**
   * Whether the reading `r` agrees with the last one believed (see Heights); when it does, it
   * becomes the last one. The first reading of a send is its baseline.
   */
  private believe(heights: Heights, r: { blockHeight: number; absoluteSlot: number }): boolean {
    const p = heights.last;
    if (p && !(r.blockHeight >= p.blockHeight && r.absoluteSlot >= p.absoluteSlot && r.blockHeight - p.blockHeight <= r.absoluteSlot - p.absoluteSlot)) {
      heights.rejected++;
      return false;
    }
    heights.last = { blockHeight: r.blockHeight, absoluteSlot: r.absoluteSlot };
    return true;
  }

  private async sign(instructions: readonly CoreInstruction[], signer: CoreSigner, payer: KeyInput, heights: Heights): Promise<Signed> {
    // The chain's height first: a blockhash already expired when fetched is refused before signing.
    const epoch = parseEpochInfo(await this.read('getEpochInfo', [{ commitment: this.commitment }]));
    this.believe(heights, epoch);
    const floor = heights.last?.blockHeight ?? epoch.blockHeight;
    const latest = await withRetry('getLatestBlockhash', this.retry, async () => {
      const b = parseBlockhash(await this.rpc.request('getLatestBlockhash', [{ commitment: this.commitment }], this.retry.signal));
      if (b.lastValidBlockHeight < floor) throw new ExpiredBlockhashError(b.lastValidBlockHeight, floor);
      return b;
    });
    const message = compileLegacyMessage(payer, instructions, latest.blockhash);
    const size = transactionSize(message);
    if (size > PACKET_DATA_SIZE) {
      throw new ValidationError('instructions', `the transaction would be ${size} bytes, above the ${PACKET_DATA_SIZE}-byte limit`);
    }
    const out = await signer.sign(message);
    if (!out || !(out.signature instanceof Uint8Array) || out.signature.length !== 64) {
      throw new ValidationError('signer', 'the signer did not sign the transaction');
    }
    // A wallet may hand back another transaction (a swapped blockhash, added instructions): its
    // expiry would not be the one polled, so it could land after an "expired". Refused unsent.
    if (!(out.message instanceof Uint8Array) || !equalBytes(out.message, message)) {
      throw new ValidationError('signer', 'must sign the transaction as given', 'the signer returned a different transaction than the one it was asked to sign (blockhash, fee payer or instructions changed); nothing was sent');
    }
    // Nothing is broadcast once the deadline has passed.
    checkDeadline('sendTransaction', this.retry.signal);
    return {
      signature: signatureText(out.signature),
      raw: serializeTransaction(out.signature, message),
      lastValidBlockHeight: latest.lastValidBlockHeight,
      acknowledged: false,
    };
  }

  /**
   * One sendTransaction (preflight skipped), waited for at most `sendTimeoutMs`. Never throws:
   * any answer but our signature leaves the broadcast in doubt (`doubt`), and the status decides.
   */
  private async broadcast(tx: Signed): Promise<void> {
    try {
      const got = await withTimeout(
        'sendTransaction',
        this.sendTimeoutMs,
        () =>
          this.rpc.request(
            'sendTransaction',
            [encodeBase64(tx.raw), { encoding: 'base64', skipPreflight: true, preflightCommitment: this.commitment, maxRetries: 0 }],
            this.retry.signal,
          ),
        this.retry.signal,
      );
      if (got === tx.signature) {
        tx.acknowledged = true;
        tx.doubt = undefined;
      } else if (!tx.acknowledged) {
        tx.doubt = new SendTransactionError(tx.signature, `the node answered with another signature (${boundedText(got)})`);
      }
    } catch (e) {
      if (tx.acknowledged) return;
      const err = classifyRpcError('sendTransaction', e, this.sendTimeoutMs);
      tx.doubt = new SendTransactionError(tx.signature, err.message, logsFrom(e), { cause: e });
    }
  }

  /** Polls every signature in `signed` until one lands, all are proven expired, or the polls or the deadline run out. */
  private async watch(signed: Signed[], heights: Heights): Promise<Watched> {
    const want = rank(this.commitment);
    const sigs = signed.map((s) => s.signature);
    const newest = signed[signed.length - 1]!;
    let height = heights.last?.blockHeight ?? -1;
    let lag: { statusSlot: number; heightSlot: number } | undefined;
    /** Believed readings in a row past every signature's expiry: expiry needs two. */
    let pastExpiry = 0;
    let malformed = 0;
    for (let poll = 0; poll < this.maxPolls; poll++) {
      try {
        if (poll > 0) await sleepUntil('getSignatureStatuses', this.pollIntervalMs, this.retry);
        // The height (and the slot it was read at) BEFORE the statuses: see the class comment.
        const epoch = parseEpochInfo(await this.read('getEpochInfo', [{ commitment: this.commitment }]));
        const believed = this.believe(heights, epoch);
        if (believed) {
          height = epoch.blockHeight;
          // At its last valid height a blockhash is still valid: expired is strictly past it.
          pastExpiry = signed.every((s) => height > s.lastValidBlockHeight) ? pastExpiry + 1 : 0;
        }
        // No single reading is proof: two believed readings in a row past the expiry are.
        const allExpired = believed && pastExpiry >= 2;
        const res = await this.read('getSignatureStatuses', [sigs, { searchTransactionHistory: pastExpiry >= 1 }]);
        const statuses = parseSignatureStatuses(res, sigs.length);
        let landed: Watched | undefined;
        statuses.value.forEach((st, i) => {
          const tx = signed[i]!;
          if (!st) {
            // No status at a slot past the height read: a fork it was seen on is gone.
            if (statuses.slot >= epoch.absoluteSlot) tx.seen = undefined;
            return;
          }
          // confirmations === null without a confirmationStatus: an older node's "rooted".
          const reached = rank(st.confirmationStatus) >= want || (st.confirmationStatus == null && st.confirmations === null);
          if (reached) landed ??= { kind: 'landed', tx, slot: st.slot, err: st.err ?? null };
          else tx.seen = { slot: st.slot, status: typeof st.confirmationStatus === 'string' ? st.confirmationStatus : 'processed' };
        });
        if (landed) return landed;
        if (allExpired) {
          const fresh = statuses.slot >= epoch.absoluteSlot;
          if (fresh && signed.every((s) => !s.seen)) return { kind: 'expired', height };
          lag = fresh ? undefined : { statusSlot: statuses.slot, heightSlot: epoch.absoluteSlot };
        } else if (!newest.acknowledged && poll > 0 && poll % this.rebroadcastEveryPolls === 0 && height <= newest.lastValidBlockHeight) {
          // Same bytes, same signature: it can land at most once, so this is always safe.
          await this.broadcast(newest);
        }
      } catch (e) {
        // A malformed answer proves nothing either way: the next poll asks again.
        if (e instanceof MalformedRpcResponseError) {
          malformed++;
          continue;
        }
        if (e instanceof RpcError) {
          const why = e instanceof DeadlineExceededError ? 'the deadline was reached' : `its status could not be read: ${e.message}`;
          return { kind: 'unknown', reason: [why, ...known()].join('; '), cause: e };
        }
        throw e;
      }
    }
    return { kind: 'unknown', reason: [`no conclusive status after ${this.maxPolls} polls`, ...known()].join('; ') };

    /** What the polls established so far, for an inconclusive end. */
    function known(): string[] {
      const out: string[] = [];
      const seen = signed.find((s) => s.seen);
      if (seen) out.push(`${seen.signature} was seen "${seen.seen!.status}" at slot ${seen.seen!.slot} but never reached "${want === 2 ? 'finalized' : want === 1 ? 'confirmed' : 'processed'}"`);
      else if (lag) out.push(`the node's signature statuses (slot ${lag.statusSlot}) lag its block height (slot ${lag.heightSlot})`);
      else if (height >= 0 && height <= newest.lastValidBlockHeight) out.push(`its blockhash is valid until block height ${newest.lastValidBlockHeight} (now ${height})`);
      if (heights.rejected > 0) out.push(`${heights.rejected} block height reading${heights.rejected === 1 ? '' : 's'} set aside (not agreeing with the slots)`);
      if (malformed > 0) out.push(`${malformed} malformed answer${malformed === 1 ? '' : 's'}`);
      return out;
    }
  }

  /** Logs of a landed transaction (for the error of a failed execution); [] when unavailable. */
  private async logsOf(signature: string): Promise<string[]> {
    try {
      const tx = (await this.read('getTransaction', [
        signature,
        { commitment: this.commitment === 'processed' ? 'confirmed' : this.commitment, maxSupportedTransactionVersion: 0, encoding: 'json' },
      ])) as { meta?: { logMessages?: unknown } } | null;
      const logs = tx?.meta?.logMessages;
      return Array.isArray(logs) ? logs.filter((l): l is string => typeof l === 'string') : [];
    } catch (e) {
      // The execution error is what matters; say in the logs why they are missing.
      return [`(logs unavailable: ${(e as Error).message})`];
    }
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function describeSigs(sigs: readonly string[]): string {
  return sigs.length === 1 ? `transaction ${sigs[0]}` : `${sigs.length} transactions (${sigs.join(', ')})`;
}

/** A node's answer quoted in a message: one line, at most 100 characters. */
function boundedText(v: unknown): string {
  const t = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  const flat = t.replace(/\s+/g, ' ');
  return flat.length > 100 ? `${flat.slice(0, 100)}…` : flat;
}

function logsFrom(e: unknown): string[] {
  const l = (e as { logs?: unknown })?.logs;
  return Array.isArray(l) && l.every((x) => typeof x === 'string') ? l : [];
}
