/**
 * The in-memory ledger of the client and CLI tests: an account map filled by the tests with
 * bytes made by the SDK's encoders, and scripted sends (when a transaction shows up in
 * getSignatureStatuses, with what error, what it changes, how the node answers). It has no
 * commitment levels: every read, status and notification is the same at every commitment.
 *
 * This file imports nothing from src/.
 */
import { createHash } from 'node:crypto';
import { PublicKey, Transaction, type VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';
import {
  RpcFailure,
  type Commitment,
  type LandedTransaction,
  type LedgerListener,
  type RpcLedger,
  type SendAnswer,
  type SendReceipt,
  type SignatureStatus,
  type SimulationResult,
  type KeyLike,
  type StoredAccount,
} from './rpcLedger.js';
import type { RpcTestServer } from './rpcServer.js';

/** A transaction received through sendTransaction. */
export interface SentTransaction {
  signature: string;
  raw: Uint8Array;
  /** Decoded with `Transaction.from` (legacy) or null when it is a v0 transaction. */
  legacy: Transaction | null;
  versioned: VersionedTransaction | null;
  recentBlockhash: string;
  /** Whether every signature verified. */
  signaturesValid: boolean;
  /** The block height when it was received. */
  receivedAtHeight: number;
  /** Set once the transaction is visible in getSignatureStatuses. */
  landedSlot: number | null;
  /** The execution error reported for it (null = success). */
  err: unknown;
}

export interface SendBehaviour {
  /** Number of getSignatureStatuses polls that report null before the transaction shows (default 0). */
  pendingPolls?: number;
  /** The transaction never lands (its status stays null). */
  neverLand?: boolean;
  /** The execution error (default null = success). */
  err?: unknown;
  /** Log lines getTransaction reports for it. */
  logs?: string[];
  /** Applied to the account map when the transaction lands (not when err is set). */
  effect?: (tx: SentTransaction, server: RpcTestServer) => void;
  /** Answer sendTransaction with this JSON-RPC error instead of accepting the transaction. */
  reject?: { code: number; message: string; data?: unknown };
  /** Called when the transaction is accepted (e.g. to script faults that follow the send). */
  onReceive?: (tx: SentTransaction, server: RpcTestServer) => void;
  /** Accept the transaction but answer sendTransaction with this (see SendAnswer). */
  answer?: SendAnswer;
  /** The transaction lands (its effect applied) the moment it is received, not at the first status poll. */
  landOnReceive?: boolean;
  /** Its status stays "processed" forever: executed on a fork that never confirms (it never lands, no effect). */
  stuckProcessed?: boolean;
  /** The confirmation status its landing is reported with (default: the ledger's `statusCommitment`). */
  confirmationStatus?: Commitment;
}

export interface MemoryLedgerOptions {
  /** Starting slot / block height (default 1000 / 900). */
  slot?: number;
  blockHeight?: number;
  /** Blocks a blockhash stays valid (default 150). */
  blockhashValidity?: number;
}

const UPGRADEABLE_LOADER = 'BPFLoaderUpgradeab1e11111111111111111111111';
/** The system program and the loaders own no program of their own to deploy. */
const LOADERS = new Set([
  '11111111111111111111111111111111',
  'BPFLoader1111111111111111111111111111111111',
  'BPFLoader2111111111111111111111111111111111',
  UPGRADEABLE_LOADER,
  'NativeLoader1111111111111111111111111111111',
]);

export function rentExempt(len: number): number {
  return (128 + len) * 6960;
}

const base58Cache = new WeakMap<KeyLike, string>();

/** The base58 text of a key, computed once per PublicKey object. */
export function keyText(pk: KeyLike): string {
  let t = base58Cache.get(pk);
  if (t === undefined) base58Cache.set(pk, (t = pk.toBase58()));
  return t;
}

export class MemoryLedger implements RpcLedger {
  readonly accounts = new Map<string, StoredAccount>();
  readonly sent: SentTransaction[] = [];
  /** Behaviour of the next sendTransaction calls, consumed in order; then `defaultSend`. */
  readonly sendQueue: SendBehaviour[] = [];
  defaultSend: SendBehaviour = {};
  /** Scripted simulateTransaction answer (default: success with two log lines). */
  simulateWith: (tx: VersionedTransaction) => SimulationResult = (tx) => {
    const pid = tx.message.staticAccountKeys[tx.message.compiledInstructions.at(-1)?.programIdIndex ?? 0]?.toBase58();
    return { err: null, logs: [`Program ${pid} invoke [1]`, `Program ${pid} success`], unitsConsumed: 1234 };
  };
  /**
   * Block height (and slot) added on every getBlockHeight / getEpochInfo / getLatestBlockhash /
   * getSignatureStatuses call.
   */
  heightStepPerPoll = 0;
  /**
   * A node whose signature-status view lags its block height: getSignatureStatuses answers as of
   * `slot - statusLagSlots` (its context slot says so) and hides transactions landed after that.
   */
  statusLagSlots = 0;
  /**
   * The confirmation status a landed transaction is reported with (default "finalized"): a
   * scenario about commitment levels says which one the node answers ("confirmed" with
   * `confirmations: 1`, "processed" with 0; "finalized" with null, as a node reports a rooted one).
   */
  statusCommitment: Commitment = 'finalized';
  slotNow: number;
  blockHeightNow: number;
  readonly blockhashValidity: number;

  private readonly blockhashes = new Map<string, number>();
  private readonly pendingPollsLeft = new Map<string, number>();
  private readonly behaviours = new Map<string, SendBehaviour>();
  private blockhashCounter = 0;
  private listener: LedgerListener | undefined;

  /** `server` is handed to the scripted effects and onReceive callbacks. */
  constructor(
    opts: MemoryLedgerOptions,
    private readonly server: () => RpcTestServer,
  ) {
    this.slotNow = opts.slot ?? 1000;
    this.blockHeightNow = opts.blockHeight ?? 900;
    this.blockhashValidity = opts.blockhashValidity ?? 150;
  }

  listen(listener: LedgerListener): void {
    this.listener = listener;
  }

  // ---------------------------------------------------------------- account map

  setAccount(pubkey: KeyLike, account: { owner: KeyLike; data: Uint8Array; lamports?: number; executable?: boolean }): void {
    const stored: StoredAccount = {
      // Any key the tests hold (web3.js's, the CLI's) is stored as a web3.js PublicKey.
      owner: account.owner instanceof PublicKey ? account.owner : new PublicKey(account.owner.toBase58()),
      data: Uint8Array.from(account.data),
      lamports: account.lamports ?? rentExempt(account.data.length),
      executable: account.executable ?? false,
    };
    this.accounts.set(pubkey.toBase58(), stored);
    this.notify(pubkey, stored);
    // Accounts owned by a program mean the program is deployed on this node: give its id an
    // executable program account (as a validator has), unless the test set that address itself.
    if (this.deployOwners && !LOADERS.has(stored.owner.toBase58())) this.deployProgram(stored.owner, false);
  }

  /**
   * Whether setAccount deploys the owner program (an executable account at its id, owned by the
   * upgradeable loader) when there is no account at that id yet. Default true; a test of a node
   * where the program is missing sets it false, or deletes the program account afterwards.
   */
  deployOwners = true;

  /** Puts an executable program account at `programId` (replacing what is there unless `replace` is false). */
  deployProgram(programId: KeyLike, replace = true): void {
    const key = programId.toBase58();
    if (!replace && this.accounts.has(key)) return;
    // UpgradeableLoaderState::Program { programdata_address }: tag 2 (u32), then 32 bytes.
    const data = new Uint8Array(36);
    data[0] = 2;
    data.set(createHash('sha256').update(`programdata:${key}`).digest(), 4);
    this.accounts.set(key, { owner: new PublicKey(UPGRADEABLE_LOADER), data, lamports: rentExempt(36), executable: true });
  }

  deleteAccount(pubkey: KeyLike): void {
    this.accounts.delete(pubkey.toBase58());
  }

  /** Tells the subscribers of `pubkey` (and of its owner) its current state (at `slot`, default the current one). */
  notify(pubkey: KeyLike, acc: StoredAccount | undefined = this.accounts.get(pubkey.toBase58()), slot = this.slotNow): void {
    if (!acc) return;
    this.listener?.account({ pubkey: pubkey.toBase58(), account: acc, slot });
  }

  // ---------------------------------------------------------------- RpcLedger

  slot(): number {
    return this.slotNow;
  }

  blockHeight(): number {
    return this.blockHeightNow;
  }

  poll(): void {
    this.blockHeightNow += this.heightStepPerPoll;
    this.slotNow += this.heightStepPerPoll;
  }

  getAccount(pubkey: string): StoredAccount | undefined {
    return this.accounts.get(pubkey);
  }

  *programAccounts(owner: string): Iterable<[string, StoredAccount]> {
    for (const entry of this.accounts) if (keyText(entry[1].owner) === owner) yield entry;
  }

  latestBlockhash(): { blockhash: string; lastValidBlockHeight: number } {
    const h = createHash('sha256').update(`dzprov-test-blockhash-${++this.blockhashCounter}`).digest();
    const blockhash = bs58.encode(h);
    this.blockhashes.set(blockhash, this.blockHeightNow + this.blockhashValidity);
    return { blockhash, lastValidBlockHeight: this.blockhashes.get(blockhash)! };
  }

  /** The last valid block height of a blockhash this ledger issued (undefined if unknown). */
  lastValidHeight(blockhash: string): number | undefined {
    return this.blockhashes.get(blockhash);
  }

  simulate(tx: VersionedTransaction): SimulationResult {
    return this.simulateWith(tx);
  }

  genesisHash(): string {
    return '11111111111111111111111111111111';
  }

  send(raw: Uint8Array, versioned: VersionedTransaction): SendReceipt {
    let legacy: Transaction | null = null;
    if (versioned.version === 'legacy') legacy = Transaction.from(raw);
    const first = versioned.signatures[0];
    if (!first) throw new RpcFailure(-32602, 'transaction has no signature');
    const signature = bs58.encode(first);
    // The same signed bytes again (a re-broadcast): one transaction, answered like the first.
    if (this.sent.some((t) => t.signature === signature)) {
      const b = this.behaviours.get(signature);
      return { signature, ...(b?.answer ? { answer: b.answer } : {}) };
    }
    const signaturesValid = legacy ? legacy.verifySignatures(true) : false;
    const behaviour = this.sendQueue.shift() ?? this.defaultSend;
    if (behaviour.reject) throw new RpcFailure(behaviour.reject.code, behaviour.reject.message, behaviour.reject.data);
    const sent: SentTransaction = {
      signature,
      raw,
      legacy,
      versioned,
      recentBlockhash: versioned.message.recentBlockhash,
      signaturesValid,
      receivedAtHeight: this.blockHeightNow,
      landedSlot: null,
      err: behaviour.err ?? null,
    };
    this.sent.push(sent);
    this.behaviours.set(signature, behaviour);
    this.pendingPollsLeft.set(signature, behaviour.pendingPolls ?? 0);
    if (behaviour.landOnReceive && !behaviour.neverLand && !behaviour.stuckProcessed) this.land(sent, behaviour);
    behaviour.onReceive?.(sent, this.server());
    return { signature, ...(behaviour.answer ? { answer: behaviour.answer } : {}) };
  }

  private land(tx: SentTransaction, b: SendBehaviour): void {
    tx.landedSlot = ++this.slotNow;
    if (tx.err === null && b.effect) b.effect(tx, this.server());
  }

  /** The distinct transactions that landed (executed in a confirmed block, failed ones included). */
  landed(): SentTransaction[] {
    return this.sent.filter((t) => t.landedSlot !== null);
  }

  statuses(signatures: string[]): { slot: number; value: (SignatureStatus | null)[] } {
    const value = signatures.map((s) => this.status(s));
    return { slot: this.slotNow - this.statusLagSlots, value };
  }

  private status(sig: string): SignatureStatus | null {
    const tx = this.sent.find((s) => s.signature === sig);
    if (!tx) return null;
    const b = this.behaviours.get(sig) ?? {};
    if (tx.landedSlot === null) {
      if (b.neverLand) return null;
      const valid = this.blockhashes.get(tx.recentBlockhash);
      if (valid === undefined || tx.receivedAtHeight > valid) return null; // unknown or expired blockhash: dropped
      const left = this.pendingPollsLeft.get(sig) ?? 0;
      if (left > 0) {
        this.pendingPollsLeft.set(sig, left - 1);
        return null;
      }
      if (b.stuckProcessed) return { slot: tx.receivedAtHeight, confirmations: 0, err: null, confirmationStatus: 'processed' };
      // Landing is seen by a lagging status view only once it catches up (below).
      this.land(tx, b);
    }
    if (tx.landedSlot! > this.slotNow - this.statusLagSlots) return null;
    const level = b.confirmationStatus ?? this.statusCommitment;
    return { slot: tx.landedSlot!, confirmations: level === 'finalized' ? null : level === 'confirmed' ? 1 : 0, err: tx.err, confirmationStatus: level };
  }

  transaction(signature: string): LandedTransaction | null {
    const tx = this.sent.find((t) => t.signature === signature);
    if (!tx || tx.landedSlot === null) return null;
    const keys = tx.versioned!.message.staticAccountKeys;
    return {
      slot: tx.landedSlot,
      transaction: tx.versioned!,
      err: tx.err,
      logs: this.behaviours.get(tx.signature)?.logs ?? [],
      fee: 5000,
      preBalances: keys.map(() => 0),
      postBalances: keys.map(() => 0),
      computeUnitsConsumed: 1234,
      blockTime: null,
    };
  }
}
