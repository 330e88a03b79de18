import {
  PublicKey,
  Transaction,
  TransactionMessage,
  VersionedTransaction,
  type Commitment,
  type Connection,
  type Signer,
  type TransactionInstruction,
} from '@solana/web3.js';
import bs58 from 'bs58';
import { DzprovError, ValidationError } from '../errors.js';
import { parseProgramError } from '../programErrors.js';
import {
  DeadlineExceededError,
  MalformedRpcResponseError,
  RpcError,
  SendTransactionError,
  TransactionConfirmationError,
  TransactionFailedError,
} from './errors.js';
import { checkDeadline, classifyRpcError, resolveRetry, sleepUntil, withRetry, withTimeout, type ResolvedRetry } from './retry.js';
import { expectArray, expectObject, expectPubkey, expectString } from '../validate.js';

/** A wallet-style signer (browser wallets, hardware wallets, remote signers). */
export interface WalletSigner {
  publicKey: PublicKey;
  signTransaction(tx: Transaction): Promise<Transaction>;
}

/** Anything that can sign for the payer: a web3.js Keypair / Signer, or a wallet. */
export type TxSigner = Signer | WalletSigner;

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

export interface SimulationOutcome {
  logs: string[];
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

export interface SendOutcome {
  /** The signature that landed. */
  signature: string;
  /** Every signature signed, in order (more than one only after a proven expiry). */
  signatures: string[];
  slot: number;
}

const COMMITMENT_RANK: Record<string, number> = { processed: 0, confirmed: 1, finalized: 2 };

/** A 32-byte placeholder blockhash for simulations (the node replaces it). */
const PLACEHOLDER_BLOCKHASH = PublicKey.default.toBase58();

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

type Watched =
  | { kind: 'landed'; tx: Signed; slot: number; err: unknown }
  | { kind: 'expired'; height: number }
  | { kind: 'unknown'; reason: string; cause?: unknown };

interface StatusEntry {
  slot: number;
  err: unknown;
  confirmationStatus?: unknown;
  confirmations?: unknown;
}

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
  readonly pollIntervalMs: number;
  readonly maxPolls: number;
  readonly maxResends: number;
  readonly sendTimeoutMs: number;
  readonly rebroadcastEveryPolls: number;
  readonly retry: ResolvedRetry;

  /**
   * `retry` is a complete policy (`resolveRetry(options)`); it is checked like `resolveRetry`'s
   * options. Every argument of the wrong type is a ValidationError (RpcConfigError for `retry`).
   */
  constructor(
    readonly connection: Connection,
    readonly programId: PublicKey,
    readonly commitment: Commitment,
    retry: ResolvedRetry,
    confirm: ConfirmOptions = {},
  ) {
    expectObject(connection, 'connection');
    expectPubkey(programId, 'programId');
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

  private read<T>(method: string, fn: () => Promise<T>): Promise<T> {
    return withRetry(method, this.retry, fn);
  }

  /**
   * Simulates `instructions` paid by `payer`, without a signature (sigVerify off, the node
   * substitutes a recent blockhash). A failure is thrown as the program's typed error
   * (`parseProgramError`, logs attached) or TransactionFailedError.
   */
  async simulate(instructions: readonly TransactionInstruction[], payer: PublicKey): Promise<SimulationOutcome> {
    expectArray(instructions, 'instructions');
    expectPubkey(payer, 'payer');
    const message = new TransactionMessage({
      payerKey: payer,
      recentBlockhash: PLACEHOLDER_BLOCKHASH,
      instructions: [...instructions],
    }).compileToLegacyMessage();
    const tx = new VersionedTransaction(message);
    const res = await this.read('simulateTransaction', () =>
      this.connection.simulateTransaction(tx, {
        sigVerify: false,
        replaceRecentBlockhash: true,
        commitment: this.commitment,
      }),
    );
    const value = res?.value;
    if (!value || typeof value !== 'object') {
      throw new MalformedRpcResponseError('simulateTransaction', 'no simulation result');
    }
    const logs = Array.isArray(value.logs) ? value.logs.filter((l): l is string => typeof l === 'string') : [];
    if (value.err) throw this.failure('simulation', value.err, logs);
    return { logs, unitsConsumed: typeof value.unitsConsumed === 'number' ? value.unitsConsumed : undefined };
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
  async sendAndConfirm(instructions: readonly TransactionInstruction[], signer: TxSigner): Promise<SendOutcome> {
    expectArray(instructions, 'instructions');
    expectObject(signer, 'signer');
    expectPubkey(signer.publicKey, 'signer.publicKey');
    const payer = signer.publicKey;
    const signed: Signed[] = [];
    const signatures = (): string[] => signed.map((s) => s.signature);
    for (let attempt = 0; ; attempt++) {
      let next: Signed;
      try {
        next = await this.sign(instructions, signer, payer);
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

      const w = await this.watch(signed);
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

  private async sign(instructions: readonly TransactionInstruction[], signer: TxSigner, payer: PublicKey): Promise<Signed> {
    const res = await this.read('getLatestBlockhash', () => this.connection.getLatestBlockhashAndContext(this.commitment));
    const latest = res?.value;
    if (
      !latest ||
      typeof latest.blockhash !== 'string' ||
      typeof latest.lastValidBlockHeight !== 'number' ||
      !Number.isSafeInteger(latest.lastValidBlockHeight)
    ) {
      throw new MalformedRpcResponseError('getLatestBlockhash', 'no blockhash and lastValidBlockHeight');
    }
    const tx = new Transaction({
      feePayer: payer,
      blockhash: latest.blockhash,
      lastValidBlockHeight: latest.lastValidBlockHeight,
    }).add(...instructions);
    const message = tx.serializeMessage();
    const out = await signWith(tx, signer);
    const sigBytes = out.signature;
    if (!sigBytes) throw new ValidationError('signer', 'the signer did not sign the transaction');
    // A wallet may hand back another transaction (a swapped blockhash, added instructions): its
    // expiry would not be the one polled, so it could land after an "expired". Refused unsent.
    if (!equalBytes(out.serializeMessage(), message)) {
      throw new ValidationError('signer', 'must sign the transaction as given', 'the signer returned a different transaction than the one it was asked to sign (blockhash, fee payer or instructions changed); nothing was sent');
    }
    // Nothing is broadcast once the deadline has passed.
    checkDeadline('sendTransaction', this.retry.signal);
    return { signature: bs58.encode(sigBytes), raw: out.serialize(), lastValidBlockHeight: latest.lastValidBlockHeight, acknowledged: false };
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
        () => this.connection.sendRawTransaction(tx.raw, { skipPreflight: true, preflightCommitment: this.commitment, maxRetries: 0 }),
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
  private async watch(signed: Signed[]): Promise<Watched> {
    const want = rank(this.commitment);
    const sigs = signed.map((s) => s.signature);
    const newest = signed[signed.length - 1]!;
    let height = -1;
    let lag: { statusSlot: number; heightSlot: number } | undefined;
    for (let poll = 0; poll < this.maxPolls; poll++) {
      try {
        if (poll > 0) await sleepUntil('getSignatureStatuses', this.pollIntervalMs, this.retry);
        // The height (and the slot it was read at) BEFORE the statuses: see the class comment.
        const epoch = await this.read('getEpochInfo', () => this.connection.getEpochInfo(this.commitment));
        if (!epoch || !Number.isSafeInteger(epoch.blockHeight) || !Number.isSafeInteger(epoch.absoluteSlot)) {
          throw new MalformedRpcResponseError('getEpochInfo', 'no blockHeight and absoluteSlot');
        }
        height = epoch.blockHeight!;
        const allExpired = signed.every((s) => height > s.lastValidBlockHeight);
        const res = await this.read('getSignatureStatuses', () =>
          this.connection.getSignatureStatuses(sigs, { searchTransactionHistory: allExpired }),
        );
        const statuses = checkStatuses(res, sigs.length);
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
      const seen = signed.find((s) => s.seen);
      if (seen) return [`${seen.signature} was seen "${seen.seen!.status}" at slot ${seen.seen!.slot} but never reached "${want === 2 ? 'finalized' : want === 1 ? 'confirmed' : 'processed'}"`];
      if (lag) return [`the node's signature statuses (slot ${lag.statusSlot}) lag its block height (slot ${lag.heightSlot})`];
      if (height >= 0 && height <= newest.lastValidBlockHeight) return [`its blockhash is valid until block height ${newest.lastValidBlockHeight} (now ${height})`];
      return [];
    }
  }

  /** Logs of a landed transaction (for the error of a failed execution); [] when unavailable. */
  private async logsOf(signature: string): Promise<string[]> {
    try {
      const tx = await this.read('getTransaction', () =>
        this.connection.getTransaction(signature, {
          commitment: this.commitment === 'processed' ? 'confirmed' : (this.commitment as 'confirmed' | 'finalized'),
          maxSupportedTransactionVersion: 0,
        }),
      );
      const logs = tx?.meta?.logMessages;
      return Array.isArray(logs) ? logs.filter((l): l is string => typeof l === 'string') : [];
    } catch (e) {
      // The execution error is what matters; say in the logs why they are missing.
      return [`(logs unavailable: ${(e as Error).message})`];
    }
  }
}

/** The statuses answer, shape-checked: one entry (or null) per signature, and the context slot. */
function checkStatuses(res: unknown, n: number): { slot: number; value: (StatusEntry | null)[] } {
  const r = res as { context?: { slot?: unknown }; value?: unknown } | null;
  const slot = r?.context?.slot;
  const value = r?.value;
  if (typeof slot !== 'number' || !Array.isArray(value) || value.length !== n) {
    throw new MalformedRpcResponseError('getSignatureStatuses', `expected ${n} statuses and a context slot`);
  }
  for (const v of value) {
    if (v !== null && (typeof v !== 'object' || typeof (v as StatusEntry).slot !== 'number')) {
      throw new MalformedRpcResponseError('getSignatureStatuses', 'a status without a slot');
    }
  }
  return { slot, value: value as (StatusEntry | null)[] };
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

async function signWith(tx: Transaction, signer: TxSigner): Promise<Transaction> {
  if ('secretKey' in signer) {
    tx.sign(signer);
    return tx;
  }
  if (typeof (signer as WalletSigner).signTransaction === 'function') {
    const signed = await (signer as WalletSigner).signTransaction(tx);
    if (!(signed instanceof Transaction)) throw new ValidationError('signer', 'signTransaction did not return a Transaction');
    return signed;
  }
  throw new ValidationError('signer', 'must be a Keypair/Signer or have signTransaction');
}
