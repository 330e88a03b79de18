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
  RpcError,
  SendTransactionError,
  TransactionConfirmationError,
  TransactionFailedError,
} from './errors.js';
import { backoffDelay, classifyRpcError, withRetry, withTimeout, type ResolvedRetry } from './retry.js';

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
   * Bound on status polls for one signature (default 240, i.e. two minutes at the default
   * interval — longer than a blockhash lives). When it runs out while the blockhash is still
   * valid the outcome is unknown: TransactionConfirmationError "timeout".
   */
  maxPolls?: number;
  /** How many times a transaction KNOWN not to have landed is re-signed with a fresh blockhash (default 2). */
  maxResends?: number;
}

export interface SimulationOutcome {
  logs: string[];
  unitsConsumed: number | undefined;
}

export interface SendOutcome {
  /** The signature that landed. */
  signature: string;
  /** Every signature sent, in order (more than one only after a known-expired blockhash). */
  signatures: string[];
  slot: number;
}

const COMMITMENT_RANK: Record<string, number> = { processed: 0, confirmed: 1, finalized: 2 };

/** A 32-byte placeholder blockhash for simulations (the node replaces it). */
const PLACEHOLDER_BLOCKHASH = PublicKey.default.toBase58();

function rank(c: string | null | undefined): number {
  return c ? (COMMITMENT_RANK[c] ?? -1) : -1;
}

/**
 * Simulates, sends and confirms transactions for the client (docs/wire-format.md#account-lists: the payer is
 * the only signer and pays the fee; the node's preflight is skipped because we simulate first).
 *
 * Confirmation never risks two transactions that could both land: after a send whose fate is
 * unknown (slow confirmation, timeout, dropped connection) the SAME signature is polled; a new
 * transaction with a fresh blockhash is signed only once the first is known not to have landed
 * and its blockhash has expired. Re-broadcasting the same signed bytes after a transport failure
 * of sendTransaction is safe (a signature lands at most once) and is done within the read
 * retry bound. When the status cannot be read at all after a send (the reads give up), the
 * outcome is "unknown": TransactionConfirmationError carries every signature sent and the
 * RpcError as its cause, and nothing is re-signed.
 */
export class TransactionRunner {
  readonly pollIntervalMs: number;
  readonly maxPolls: number;
  readonly maxResends: number;

  constructor(
    readonly connection: Connection,
    readonly programId: PublicKey,
    readonly commitment: Commitment,
    readonly retry: ResolvedRetry,
    confirm: ConfirmOptions = {},
  ) {
    this.pollIntervalMs = confirm.pollIntervalMs ?? 500;
    this.maxPolls = confirm.maxPolls ?? 240;
    this.maxResends = confirm.maxResends ?? 2;
    for (const [k, v] of [
      ['confirm.pollIntervalMs', this.pollIntervalMs],
      ['confirm.maxPolls', this.maxPolls],
      ['confirm.maxResends', this.maxResends],
    ] as const) {
      if (!Number.isSafeInteger(v) || v < 0) throw new ValidationError(k, `${String(v)} is not a non-negative integer`);
    }
    if (this.maxPolls < 1) throw new ValidationError('confirm.maxPolls', 'must be at least 1');
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
      throw new RpcError('simulateTransaction', 'no simulation result', { transient: false });
    }
    const logs = value.logs ?? [];
    if (value.err) throw this.failure('simulation', value.err, logs);
    return { logs, unitsConsumed: value.unitsConsumed };
  }

  private failure(stage: 'simulation' | 'execution', err: unknown, logs: readonly string[], signature?: string): DzprovError {
    const typed = parseProgramError({ err, logs }, { programId: this.programId, logs });
    return typed ?? new TransactionFailedError(stage, err, logs, signature);
  }

  /** Signs, sends and confirms; re-signs only after a known expiry (see the class comment). */
  async sendAndConfirm(instructions: readonly TransactionInstruction[], signer: TxSigner): Promise<SendOutcome> {
    const payer = signer.publicKey;
    const signatures: string[] = [];
    for (let attempt = 0; ; attempt++) {
      const latest = await this.read('getLatestBlockhash', () => this.connection.getLatestBlockhash(this.commitment));
      const tx = new Transaction({
        feePayer: payer,
        blockhash: latest.blockhash,
        lastValidBlockHeight: latest.lastValidBlockHeight,
      }).add(...instructions);
      const signed = await signWith(tx, signer);
      const sigBytes = signed.signature;
      if (!sigBytes) throw new ValidationError('signer', 'the signer did not sign the transaction');
      const signature = bs58.encode(sigBytes);
      signatures.push(signature);
      await this.broadcast(signed.serialize(), signature);

      const outcome = await this.awaitSignature(signature, latest.lastValidBlockHeight);
      if (outcome.kind === 'landed') {
        if (outcome.err) {
          const logs = await this.logsOf(signature);
          throw this.failure('execution', outcome.err, logs, signature);
        }
        return { signature, signatures, slot: outcome.slot };
      }
      if (outcome.kind === 'unknown') {
        const reason = outcome.cause instanceof Error ? outcome.cause.message : String(outcome.cause);
        throw new TransactionConfirmationError(
          signatures,
          'unknown',
          `transaction ${signature} was sent but its status could not be read (${reason}); it may still land — check the signature before retrying`,
          { cause: outcome.cause },
        );
      }
      if (outcome.kind === 'timeout') {
        throw new TransactionConfirmationError(
          signatures,
          'timeout',
          `transaction ${signature} not confirmed after ${this.maxPolls} status polls; its blockhash is still valid, so it may still land — check the signature before retrying`,
        );
      }
      // outcome.kind === 'expired': known not to have landed, and it never can.
      if (attempt >= this.maxResends) {
        throw new TransactionConfirmationError(
          signatures,
          'expired',
          `transaction not landed before its blockhash expired (${signatures.length} signature(s): ${signatures.join(', ')})`,
        );
      }
    }
  }

  /**
   * sendTransaction with preflight skipped. A JSON-RPC error answer is a definite refusal
   * (SendTransactionError). A transport failure leaves the fate unknown: the same bytes are
   * re-broadcast within the retry bound, and if that still fails, the caller polls the status.
   */
  private async broadcast(raw: Uint8Array, signature: string): Promise<void> {
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
      try {
        const got = await withTimeout('sendTransaction', this.retry.timeoutMs, () =>
          this.connection.sendRawTransaction(raw, { skipPreflight: true, preflightCommitment: this.commitment, maxRetries: 0 }),
        );
        if (got !== signature) {
          throw new SendTransactionError(signature, `the node answered with signature ${String(got)}`);
        }
        return;
      } catch (e) {
        if (e instanceof SendTransactionError) throw e;
        const err = classifyRpcError('sendTransaction', e, this.retry.timeoutMs);
        if (!err.details.transient) {
          const logs = logsFrom(e);
          const typed = parseProgramError(e, { programId: this.programId, logs });
          if (typed) throw typed;
          throw new SendTransactionError(signature, err.message, logs, { cause: e });
        }
        if (attempt < this.retry.maxAttempts) await this.retry.sleep(backoffDelay(attempt, this.retry));
      }
    }
  }

  /**
   * Polls the status of a sent signature. A read that still fails after the retry bound ends
   * the polling with "unknown" (the cause kept): the caller must not re-sign then, since the
   * transaction may still land.
   */
  private async awaitSignature(
    signature: string,
    lastValidBlockHeight: number,
  ): Promise<
    { kind: 'landed'; slot: number; err: unknown } | { kind: 'expired' } | { kind: 'timeout' } | { kind: 'unknown'; cause: RpcError }
  > {
    const want = rank(this.commitment);
    for (let poll = 0; poll < this.maxPolls; poll++) {
      if (poll > 0) await this.retry.sleep(this.pollIntervalMs);
      let expired: boolean;
      let st: Awaited<ReturnType<TransactionRunner['status']>>;
      try {
        // Block height is read BEFORE the status: if the status is then still empty and that
        // height is already past lastValidBlockHeight, the transaction can no longer land.
        const height = await this.read('getBlockHeight', () => this.connection.getBlockHeight(this.commitment));
        expired = height > lastValidBlockHeight;
        st = await this.status(signature, expired);
      } catch (e) {
        if (e instanceof RpcError) return { kind: 'unknown', cause: e };
        throw e;
      }
      if (st) {
        if (st.err) return { kind: 'landed', slot: st.slot, err: st.err };
        if (rank(st.confirmationStatus) >= want) return { kind: 'landed', slot: st.slot, err: null };
        continue;
      }
      if (expired) return { kind: 'expired' };
    }
    return { kind: 'timeout' };
  }

  private async status(
    signature: string,
    searchTransactionHistory: boolean,
  ): Promise<{ slot: number; err: unknown; confirmationStatus?: string | null } | null> {
    const res = await this.read('getSignatureStatuses', () =>
      this.connection.getSignatureStatuses([signature], { searchTransactionHistory }),
    );
    return (res?.value?.[0] as { slot: number; err: unknown; confirmationStatus?: string } | null | undefined) ?? null;
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
      return tx?.meta?.logMessages ?? [];
    } catch (e) {
      // The execution error is what matters; say in the logs why they are missing.
      return [`(logs unavailable: ${(e as Error).message})`];
    }
  }
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
