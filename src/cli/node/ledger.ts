/**
 * The sample node's chain: the accounts, a clock of slots, the blockhashes it handed out, and the
 * transactions it took. Transactions are executed by dzprov's model of the program (model.ts) the
 * moment they arrive and are final at once: a single node with nothing to confirm, so every
 * commitment reads the same state.
 */
import { createHash, randomBytes } from 'node:crypto';
import { base58Encode } from '../../core/codec/base58.js';
import { keyBytes } from '../../core/keys.js';
import { RpcFailure, type Commitment, type ReadLedger, type SignatureStatus } from './protocol.js';
import { rentExemptMinimum, runTransaction, type ModelAccount, type ModelError, type ModelResult } from './model.js';
import { parseTransaction, signatureOf, signaturesValid, WireError, type ParsedTransaction } from './wire.js';

/** An account as the sample node holds it: owner program, lamports, data, executable. */
export type NodeAccount = ModelAccount;

/** A transaction the node executed (it landed, successful or failed). */
export interface LandedTransaction {
  /** Its signature (base58). */
  signature: string;
  /** The slot it landed in. */
  slot: number;
  /** The transaction as the node parsed it. */
  tx: ParsedTransaction;
  /** Solana's JSON form of its error, null on success. */
  err: unknown;
  /** Its log lines. */
  logs: string[];
  /** The model's verdict, as it came. */
  result: ModelResult;
}

/** What listeners hear: account changes (null: closed), new slots, landed transactions. */
export interface NodeListener {
  account?(change: { pubkey: string; account: NodeAccount | null; slot: number }): void;
  slot?(s: { slot: number; parent: number; root: number }): void;
  transaction?(t: LandedTransaction): void;
}

export interface NodeLedgerOptions {
  /** Milliseconds per slot (default 400). */
  slotMs?: number;
  /** Blocks a blockhash stays valid (default 150, as on a cluster). */
  blockhashValidity?: number;
  /** The first slot (default 1). */
  startSlot?: number;
}

const UPGRADEABLE_LOADER = 'BPFLoaderUpgradeab1e11111111111111111111111';

/** The Solana JSON form of a model failure at instruction `index`. */
export function errorJson(index: number, e: ModelError): unknown {
  if (e.kind === 'custom') return { InstructionError: [index, { Custom: e.code }] };
  if (e.kind === 'builtin') return { InstructionError: [index, e.name] };
  // Not modelled: the node cannot process the instruction (the reason is in the logs).
  return { InstructionError: [index, 'InvalidInstructionData'] };
}

export class NodeLedger implements ReadLedger {
  readonly accounts = new Map<string, NodeAccount>();
  readonly landed = new Map<string, LandedTransaction>();
  readonly slotMs: number;
  readonly blockhashValidity: number;
  private slotNow: number;
  private readonly issued = new Map<string, number>();
  private readonly listeners = new Set<NodeListener>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly genesis: string;

  constructor(
    readonly programId: string,
    accounts: Iterable<[string, NodeAccount]>,
    opts: NodeLedgerOptions = {},
  ) {
    this.slotMs = opts.slotMs ?? 400;
    this.blockhashValidity = opts.blockhashValidity ?? 150;
    this.slotNow = opts.startSlot ?? 1;
    for (const [k, a] of accounts) this.accounts.set(k, a);
    // The program account, as a validator has it (executable, owned by the upgradeable loader).
    if (!this.accounts.has(programId)) {
      const data = new Uint8Array(36);
      data[0] = 2;
      data.set(createHash('sha256').update(`programdata:${programId}`).digest(), 4);
      this.accounts.set(programId, { owner: UPGRADEABLE_LOADER, lamports: rentExemptMinimum(36), data, executable: true });
    }
    // A new chain at every start: its blockhashes (and so its transactions) are its own.
    this.genesis = base58Encode(createHash('sha256').update(`dzprov sample node genesis ${programId}`).update(randomBytes(32)).digest());
  }

  /** Starts the clock (a slot every slotMs). */
  start(): void {
    if (this.timer || this.slotMs <= 0) return;
    this.timer = setInterval(() => this.tick(), this.slotMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The next slot. */
  tick(): void {
    this.slotNow++;
    const s = { slot: this.slotNow, parent: this.slotNow - 1, root: this.slotNow };
    for (const l of this.listeners) l.slot?.(s);
  }

  listen(l: NodeListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  // ---------------------------------------------------------------- ReadLedger

  slot(_c?: Commitment): number {
    return this.slotNow;
  }

  blockHeight(_c?: Commitment): number {
    return this.slotNow;
  }

  getAccount(pubkey: string): NodeAccount | undefined {
    return this.accounts.get(pubkey);
  }

  *programAccounts(owner: string): Iterable<[string, NodeAccount]> {
    for (const e of this.accounts) if (e[1].owner === owner) yield e;
  }

  /** The blockhash of the current slot, valid for blockhashValidity blocks. */
  latestBlockhash(): { blockhash: string; lastValidBlockHeight: number } {
    const blockhash = base58Encode(createHash('sha256').update(`dzprov sample node ${this.genesis} slot ${this.slotNow}`).digest());
    if (!this.issued.has(blockhash)) {
      this.issued.set(blockhash, this.slotNow);
      // Forget blockhashes long expired.
      if (this.issued.size > 4 * this.blockhashValidity) {
        for (const [h, s] of this.issued) if (s + this.blockhashValidity < this.slotNow) this.issued.delete(h);
      }
    }
    return { blockhash, lastValidBlockHeight: this.issued.get(blockhash)! + this.blockhashValidity };
  }

  blockhashValid(blockhash: string): boolean {
    const s = this.issued.get(blockhash);
    return s !== undefined && this.slotNow <= s + this.blockhashValidity;
  }

  statuses(signatures: string[]): { slot: number; value: (SignatureStatus | null)[] } {
    return {
      slot: this.slotNow,
      value: signatures.map((sig) => {
        const t = this.landed.get(sig);
        return t ? { slot: t.slot, confirmations: null, err: t.err, confirmationStatus: 'finalized' } : null;
      }),
    };
  }

  genesisHash(): string {
    return this.genesis;
  }

  transactionCount(): number {
    return this.landed.size;
  }

  // ---------------------------------------------------------------- transactions

  private parse(raw: Uint8Array, what: string): ParsedTransaction {
    try {
      return parseTransaction(raw);
    } catch (e) {
      if (e instanceof WireError) throw new RpcFailure(-32602, `${what}: ${e.message}`);
      throw e;
    }
  }

  private execute(tx: ParsedTransaction): ModelResult {
    return runTransaction(tx, (k) => this.accounts.get(k), this.programId);
  }

  /** simulateTransaction: the model's verdict on the current state; nothing is kept. */
  simulate(raw: Uint8Array, cfg: { sigVerify: boolean; replaceRecentBlockhash: boolean }): {
    err: unknown;
    logs: string[];
    replacementBlockhash?: { blockhash: string; lastValidBlockHeight: number };
  } {
    if (cfg.sigVerify && cfg.replaceRecentBlockhash) throw new RpcFailure(-32602, 'sigVerify may not be used with replaceRecentBlockhash');
    const tx = this.parse(raw, 'invalid transaction');
    if (cfg.sigVerify && !signaturesValid(tx, keyBytes)) throw new RpcFailure(-32003, 'Transaction signature verification failure');
    const replacementBlockhash = cfg.replaceRecentBlockhash ? this.latestBlockhash() : undefined;
    if (!replacementBlockhash && !this.blockhashValid(tx.recentBlockhash)) return { err: 'BlockhashNotFound', logs: [] };
    const r = this.execute(tx);
    return { err: r.failure ? errorJson(r.failure.index, r.failure.error) : null, logs: r.logs, ...(replacementBlockhash ? { replacementBlockhash } : {}) };
  }

  /**
   * sendTransaction. With preflight, a transaction that would fail is refused as a node refuses it
   * (-32002 with the error and logs); without, it lands failed. A bad signature or an unknown or
   * expired blockhash is dropped (it never lands) or, with preflight, refused. The same signed
   * bytes again are the same transaction.
   */
  send(raw: Uint8Array, cfg: { skipPreflight: boolean }): string {
    const tx = this.parse(raw, 'failed to deserialize transaction');
    const signature = signatureOf(tx);
    if (this.landed.has(signature)) return signature;
    if (!signaturesValid(tx, keyBytes)) {
      if (!cfg.skipPreflight) throw new RpcFailure(-32003, 'Transaction signature verification failure');
      return signature;
    }
    if (!this.blockhashValid(tx.recentBlockhash)) {
      if (!cfg.skipPreflight) throw new RpcFailure(-32002, 'Transaction simulation failed: Blockhash not found', { err: 'BlockhashNotFound', logs: [] });
      return signature;
    }
    const result = this.execute(tx);
    const err = result.failure ? errorJson(result.failure.index, result.failure.error) : null;
    if (err && !cfg.skipPreflight) {
      throw new RpcFailure(-32002, `Transaction simulation failed: Error processing Instruction ${result.failure!.index}`, { err, logs: result.logs, accounts: null, unitsConsumed: 0 });
    }
    const landed: LandedTransaction = { signature, slot: this.slotNow, tx, err, logs: result.logs, result };
    this.landed.set(signature, landed);
    for (const [k, a] of result.writes) {
      if (a === null || (a.lamports === 0n && a.data.length === 0)) this.accounts.delete(k);
      else this.accounts.set(k, a);
    }
    for (const l of this.listeners) {
      for (const [k, a] of result.writes) l.account?.({ pubkey: k, account: a, slot: this.slotNow });
      l.transaction?.(landed);
    }
    return signature;
  }

  /** Replaces (or, with null, removes) an account, and tells the subscribers. */
  setAccount(pubkey: string, account: NodeAccount | null): void {
    if (account === null) this.accounts.delete(pubkey);
    else this.accounts.set(pubkey, account);
    for (const l of this.listeners) l.account?.({ pubkey, account, slot: this.slotNow });
  }
}
