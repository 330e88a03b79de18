/**
 * A ledger (test/helpers/rpcLedger.ts) whose state is the oracle's bank: the serviceability
 * program executed natively by `dzprov-oracle` (oracle/PROTOCOL.md). The bank executes; this
 * file keeps the chain's bookkeeping that a bank alone does not have:
 *
 * - slots: a clock, one slot every `slotMs` of wall time (caught up on every call, so a busy event
 *   loop cannot slow it down); every transaction lands in the current slot, as in a block being
 *   built; block height = slot (no slot is ever skipped);
 * - commitment: the confirmed slot is `confirmationDepth` behind the current one, the finalized
 *   one `finalizationDepth` behind it;
 * - a mirror of every account the program or `setAccount` wrote (pubkey → the versions it had,
 *   with the slot of each), fed by the post-state the oracle returns for every account a
 *   transaction names. Reads at a commitment see the version of that commitment's slot, listings
 *   (getProgramAccounts) walk it, and subscriptions hear of each change once per commitment, with
 *   the slot it changed at;
 * - signatures: landed ones with their error, logs and balances; dropped ones (refused by the
 *   runtime before running: bad signature, unknown or expired blockhash, unpayable fee) never
 *   land, as on a real cluster;
 * - blockhashes handed out, each valid until its lastValidBlockHeight.
 *
 * Blockhash validity is bounded by the bank, not chosen freely: program-test's bank registers a
 * new blockhash every 6.4 ms of wall time (its simulated proof of history) and refuses one that
 * 150 newer ones have followed, i.e. at least 960 ms after it was the newest (measured: between
 * 1.1 and 1.3 s). The node hands out the bank's newest blockhash and promises it for
 * `blockhashValidity` blocks, which must fit in 900 ms of slots, and drops a transaction past
 * that itself: the bank never refuses for age a blockhash the node still calls valid.
 *
 * Every transaction goes through the Oracle driver (`submit`), whose observer hooks feed the
 * mirror, so transactions sent through the driver directly (the bootstrap, a test's setup) are
 * part of this chain too.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { PublicKey, VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';
import { Buffer } from 'buffer';
import {
  RpcFailure,
  type AccountChange,
  type Commitment,
  type LandedTransaction,
  type LedgerListener,
  type RpcLedger,
  type SendConfig,
  type SendReceipt,
  type SignatureStatus,
  type SimulateConfig,
  type SimulationResult,
  type StoredAccount,
} from '../helpers/rpcLedger.js';
import { keyText } from '../helpers/memoryLedger.js';
import type { ExecResult, Oracle, OracleAccount, OracleError } from '../conformance/oracle.js';

export interface OracleLedgerOptions {
  /** Wall time of a slot, in ms (default 100). */
  slotMs?: number;
  /** Slots between a block and its confirmation (default 1). */
  confirmationDepth?: number;
  /** Slots between a block and its finalization (default 32). */
  finalizationDepth?: number;
  /**
   * Blocks a blockhash stays valid after it is handed out (default: as many as fit, with the
   * slot it was handed out in, in 900 ms: 8 with 100 ms slots). Larger values are refused: the
   * bank would refuse the blockhash before (see the file comment).
   */
  blockhashValidity?: number;
}

/** The wall time within which the bank is known to accept the blockhash that was its newest (see the file comment). */
export const BANK_BLOCKHASH_MS = 900;

interface Version {
  slot: number;
  /** null: closed (or never existed) from this slot on. */
  account: StoredAccount | null;
}

interface Landed extends LandedTransaction {
  signature: string;
}

/** A blockhash the node handed out is remembered at least this long (wall time): far longer than the bank honours it. */
const FORGET_BLOCKHASH_MS = 60_000;

/** Signatures of blocks this far back are answered without searchTransactionHistory (a node's status cache). */
const STATUS_CACHE_SLOTS = 300;

export class OracleLedger implements RpcLedger {
  readonly slotMs: number;
  readonly confirmationDepth: number;
  readonly finalizationDepth: number;
  readonly blockhashValidity: number;
  /** The current slot (processed): transactions land in it. */
  tip = 0;
  /** Transactions that landed, by signature. */
  readonly landed = new Map<string, Landed>();
  /** Transactions the runtime refused before running them (never landed), with the reason. */
  readonly dropped = new Map<string, string>();

  private readonly mirror = new Map<string, Version[]>();
  /** The changes each recent slot made, for the confirmed and finalized notifications. */
  private readonly changesAt = new Map<number, AccountChange[]>();
  /** Blockhashes handed out: their last valid block height, and when (wall time) they were last handed out. */
  private readonly blockhashes = new Map<string, { last: number; issuedAt: number }>();
  private listener: LedgerListener | undefined;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  /** The clock: slot = base + elapsed slots since t0, once running. */
  private running = false;
  private t0 = 0;
  private base = 0;
  /** Balances of the accounts a transaction names, read before it runs. */
  private pending: { signature: string; before: (StoredAccount | null)[] } | undefined;
  private genesis = '';
  private pruneCounter = 0;

  constructor(
    readonly oracle: Oracle,
    opts: OracleLedgerOptions = {},
  ) {
    this.slotMs = opts.slotMs ?? 100;
    this.confirmationDepth = opts.confirmationDepth ?? 1;
    this.finalizationDepth = opts.finalizationDepth ?? 32;
    this.blockhashValidity = opts.blockhashValidity ?? Math.floor(BANK_BLOCKHASH_MS / this.slotMs) - 1;
    if (!Number.isSafeInteger(this.slotMs) || this.slotMs < 1) throw new Error('OracleLedger: slotMs must be a whole number of ms, at least 1');
    if (this.confirmationDepth < 0 || this.finalizationDepth < this.confirmationDepth) {
      throw new Error('OracleLedger: need 0 <= confirmationDepth <= finalizationDepth');
    }
    if (this.blockhashValidity < 1 || (this.blockhashValidity + 1) * this.slotMs > BANK_BLOCKHASH_MS) {
      throw new Error(
        `OracleLedger: a blockhash valid ${this.blockhashValidity} blocks of ${this.slotMs} ms would outlive the bank's ${BANK_BLOCKHASH_MS} ms (at most ${Math.floor(BANK_BLOCKHASH_MS / this.slotMs) - 1} blocks with these slots; shorter slots allow more)`,
      );
    }
    oracle.observer = {
      beforeSend: (wire) => this.beforeSend(wire),
      afterSend: (wire, result) => this.afterSend(wire, result),
      afterSetAccount: (account) => this.afterSetAccount(account),
    };
  }

  /** Runs `fn` after every operation queued before it: one send, simulation or read of the oracle at a time. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Makes everything so far final (what was done before is at slot 0; the clock starts past its
   * finalization) and starts the clock. Call once the ledger is bootstrapped, before serving.
   */
  async open(): Promise<void> {
    this.genesis ||= await this.exclusive(async () => String((await this.oracle.request('blockhash', { fresh: false })).blockhash));
    if (this.running) return;
    this.base = this.tip + this.finalizationDepth + 1;
    this.t0 = Date.now();
    this.running = true;
    this.catchUp();
    this.timer = setInterval(() => this.catchUp(), this.slotMs);
    this.timer.unref();
  }

  /** Moves the clock `n` slots ahead now (tests that do not want to wait for slots to pass). */
  advance(n = 1): void {
    if (this.running) this.base += n;
    else for (let i = 0; i < n; i++) this.newBlock();
    this.catchUp();
  }

  async close(): Promise<void> {
    this.running = false;
    clearInterval(this.timer);
    this.oracle.observer = undefined;
    await this.chain;
  }

  listen(listener: LedgerListener): void {
    this.listener = listener;
  }

  // ---------------------------------------------------------------- slots

  /** Starts the slots the clock has reached. */
  private catchUp(): void {
    if (!this.running) return;
    const target = this.base + Math.floor((Date.now() - this.t0) / this.slotMs);
    while (this.tip < target) this.newBlock();
  }

  private depth(commitment: Commitment): number {
    return commitment === 'processed' ? 0 : commitment === 'confirmed' ? this.confirmationDepth : this.finalizationDepth;
  }

  /** The slot at a commitment, the clock as it is. */
  private level(commitment: Commitment): number {
    return Math.max(0, this.tip - this.depth(commitment));
  }

  slot(commitment: Commitment): number {
    this.catchUp();
    return this.level(commitment);
  }

  blockHeight(commitment: Commitment): number {
    return this.slot(commitment);
  }

  /** The next slot: the slots it confirms and finalizes are told to the subscriptions of those commitments. */
  private newBlock(): void {
    const slot = ++this.tip;
    this.listener?.slot?.({ slot, parent: slot - 1, root: this.level('finalized') });
    for (const commitment of ['confirmed', 'finalized'] as const) {
      const depth = this.depth(commitment);
      if (depth === 0) continue; // told when the change was made
      for (const c of this.changesAt.get(slot - depth) ?? []) this.listener?.account({ ...c, commitment });
    }
    this.changesAt.delete(slot - this.finalizationDepth);
    this.prune();
  }

  /** Changes made now (in the current slot): told at once to processed subscriptions (and to those of a commitment with depth 0). */
  private changed(changes: AccountChange[]): void {
    if (changes.length === 0) return;
    const list = this.changesAt.get(this.tip) ?? [];
    list.push(...changes);
    this.changesAt.set(this.tip, list);
    for (const commitment of ['processed', 'confirmed', 'finalized'] as const) {
      if (this.depth(commitment) !== 0) continue;
      for (const c of changes) this.listener?.account({ ...c, commitment });
    }
  }

  /** Drops versions no commitment can see any more, and expired blockhashes (every 64 slots). */
  private prune(): void {
    if (++this.pruneCounter % 64 !== 0) return;
    const finalized = this.level('finalized');
    for (const [key, versions] of this.mirror) {
      let keep = 0;
      for (let i = versions.length - 1; i >= 0; i--) {
        if (versions[i]!.slot <= finalized) {
          keep = i;
          break;
        }
      }
      if (keep > 0) versions.splice(0, keep);
      if (versions.length === 1 && versions[0]!.account === null && versions[0]!.slot <= finalized) this.mirror.delete(key);
    }
    // A blockhash is forgotten only long after it expired, when the bank has surely retired it
    // too: a transaction the node called expired must never be handed to a bank that might
    // still take it.
    const forgetBefore = Date.now() - FORGET_BLOCKHASH_MS;
    for (const [hash, h] of this.blockhashes) if (h.last < this.tip && h.issuedAt < forgetBefore) this.blockhashes.delete(hash);
  }

  // ---------------------------------------------------------------- the mirror

  /** The version of `key` at `slot`: an account, null (closed or absent), or undefined (never seen). */
  private versionAt(key: string, slot: number): StoredAccount | null | undefined {
    const versions = this.mirror.get(key);
    if (!versions) return undefined;
    for (let i = versions.length - 1; i >= 0; i--) if (versions[i]!.slot <= slot) return versions[i]!.account;
    return null;
  }

  /** The newest version of `key` (undefined: never seen). */
  private latest(key: string): StoredAccount | null | undefined {
    const versions = this.mirror.get(key);
    return versions ? versions[versions.length - 1]!.account : undefined;
  }

  /** Records `account` (the oracle's view) at `slot` when it differs from the newest version; the change, if any. */
  private record(account: OracleAccount, slot: number): AccountChange | undefined {
    const key = account.pubkey.toBase58();
    const next = stored(account);
    const prev = this.latest(key);
    if (prev !== undefined && sameAccount(prev, next)) return undefined;
    const versions = this.mirror.get(key) ?? [];
    const last = versions[versions.length - 1];
    if (last && last.slot === slot) last.account = next;
    else versions.push({ slot, account: next });
    this.mirror.set(key, versions);
    // An account first seen closed is no change anyone could have watched.
    if (prev === undefined && next === null) return undefined;
    return { pubkey: key, account: next, slot };
  }

  /** Every account the mirror holds (newest versions), for tests. */
  mirroredKeys(): string[] {
    return [...this.mirror.keys()];
  }

  // ---------------------------------------------------------------- observer: what the program did

  private async beforeSend(wire: Uint8Array): Promise<void> {
    const tx = VersionedTransaction.deserialize(wire);
    const keys = tx.message.staticAccountKeys;
    // Balances before: the mirror's, or the bank's for an account never seen. Such an account
    // (a builtin program, the genesis payer) has been in the bank since its genesis: recorded at
    // slot 0, so reads at every commitment see it and later changes are told against it.
    const unknown = keys.filter((k) => this.latest(k.toBase58()) === undefined);
    if (unknown.length > 0) {
      for (const a of await this.oracle.getAccounts(unknown)) this.record(a, 0);
    }
    this.pending = { signature: signatureOf(tx), before: keys.map((k) => this.latest(k.toBase58()) ?? null) };
  }

  private afterSend(wire: Uint8Array, result: ExecResult): void {
    const tx = VersionedTransaction.deserialize(wire);
    const signature = signatureOf(tx);
    const before = this.pending?.signature === signature ? this.pending.before : undefined;
    this.pending = undefined;
    if (result.error?.type === 'transaction') {
      // The runtime refused it before running its instructions. When the bank still charged
      // the fee (a failure to load accounts after the fee payer was checked), the transaction
      // was committed with its error, as on a cluster; when nothing was charged (a bad
      // signature, an unknown blockhash, an unpayable fee), it is dropped and never lands.
      const payer = tx.message.staticAccountKeys[0]!.toBase58();
      const after = result.accounts.get(payer);
      const charged = before?.[0] && after?.exists && after.lamports < BigInt(before[0].lamports);
      if (!charged) {
        this.dropped.set(signature, result.error.error);
        return;
      }
    }
    this.catchUp();
    const slot = this.tip;
    const changes: AccountChange[] = [];
    for (const a of result.accounts.values()) {
      const c = this.record(a, slot);
      if (c) changes.push(c);
    }
    const keys = tx.message.staticAccountKeys.map((k) => k.toBase58());
    const preBalances = keys.map((_, i) => before?.[i]?.lamports ?? 0);
    const postBalances = keys.map((k) => Number(result.accounts.get(k)?.lamports ?? 0n));
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    this.landed.set(signature, {
      signature,
      slot,
      transaction: tx,
      err: solanaError(result.error),
      logs: result.logs,
      // Lamports only leave the accounts a transaction names as its fee.
      fee: before ? sum(preBalances) - sum(postBalances) : 0,
      preBalances,
      postBalances,
      computeUnitsConsumed: result.computeUnits,
      blockTime: Math.floor(Date.now() / 1000),
    });
    this.changed(changes);
  }

  private afterSetAccount(account: OracleAccount): void {
    // An account set from outside the program: a change of the current slot.
    this.catchUp();
    const c = this.record(account, this.tip);
    this.changed(c ? [c] : []);
  }

  // ---------------------------------------------------------------- reads

  async getAccount(pubkey: string, commitment: Commitment): Promise<StoredAccount | undefined> {
    const v = this.versionAt(pubkey, this.slot(commitment));
    if (v !== undefined) return v ?? undefined;
    // Never written by a transaction or setAccount (a sysvar, a builtin program, the genesis
    // payer): the bank's current account.
    const [a] = await this.exclusive(() => this.oracle.getAccounts([new PublicKey(pubkey)]));
    return stored(a!) ?? undefined;
  }

  *programAccounts(owner: string, commitment: Commitment): Iterable<[string, StoredAccount]> {
    const slot = this.slot(commitment);
    for (const key of this.mirror.keys()) {
      const a = this.versionAt(key, slot);
      if (a && keyText(a.owner) === owner) yield [key, a];
    }
  }

  /** The program-owned accounts of the mirror at a commitment (for tests: the node's view). */
  snapshot(commitment: Commitment = 'processed'): Map<string, StoredAccount> {
    const slot = this.slot(commitment);
    const out = new Map<string, StoredAccount>();
    for (const key of this.mirror.keys()) {
      const a = this.versionAt(key, slot);
      if (a) out.set(key, a);
    }
    return out;
  }

  // ---------------------------------------------------------------- blockhashes

  async latestBlockhash(): Promise<{ blockhash: string; lastValidBlockHeight: number }> {
    const blockhash = await this.exclusive(async () => String((await this.oracle.request('blockhash', { fresh: false })).blockhash));
    return { blockhash, lastValidBlockHeight: this.issue(blockhash) };
  }

  /**
   * Registers a blockhash handed out now; its last valid block height. Counted from the current
   * slot whatever the commitment asked: the bank's newest blockhash is the only one handed out,
   * and its age is what the bank judges.
   */
  private issue(blockhash: string): number {
    const last = Math.max(this.blockhashes.get(blockhash)?.last ?? 0, this.slot('processed') + this.blockhashValidity);
    this.blockhashes.set(blockhash, { last, issuedAt: Date.now() });
    return last;
  }

  /** Whether the node handed out `blockhash` and the chain has not passed its last valid block height. */
  blockhashValid(blockhash: string): boolean {
    const last = this.blockhashes.get(blockhash)?.last;
    return last !== undefined && this.slot('processed') <= last;
  }

  // ---------------------------------------------------------------- simulate and send

  simulate(tx: VersionedTransaction, config: SimulateConfig): Promise<SimulationResult> {
    return this.exclusive(async () => {
      let replacementBlockhash: SimulationResult['replacementBlockhash'];
      if (config.replaceRecentBlockhash) {
        const blockhash = String((await this.oracle.request('blockhash', { fresh: false })).blockhash);
        replacementBlockhash = { blockhash, lastValidBlockHeight: this.issue(blockhash) };
        tx.message.recentBlockhash = blockhash;
      } else if (!this.blockhashValid(tx.message.recentBlockhash)) {
        return { err: 'BlockhashNotFound', logs: [], unitsConsumed: 0 };
      }
      if (config.sigVerify && !signaturesValid(tx)) {
        throw new RpcFailure(-32003, 'Transaction signature verification failure');
      }
      const r = await this.oracle.submit(tx.serialize(), true, { sigVerify: config.sigVerify });
      return {
        err: solanaError(r.error),
        logs: r.logs,
        unitsConsumed: r.computeUnits,
        ...(replacementBlockhash ? { replacementBlockhash } : {}),
      };
    });
  }

  send(raw: Uint8Array, tx: VersionedTransaction, config: SendConfig): Promise<SendReceipt> {
    return this.exclusive(async () => {
      if (tx.signatures.length === 0) throw new RpcFailure(-32602, 'invalid transaction: no signatures');
      const signature = signatureOf(tx);
      // The same signed bytes again: one transaction (a node forwards it; the bank refuses the repeat).
      if (this.landed.has(signature)) return { signature };
      if (!config.skipPreflight) {
        if (!signaturesValid(tx)) throw new RpcFailure(-32003, 'Transaction signature verification failure');
        const known = this.blockhashes.has(tx.message.recentBlockhash);
        if (known && !this.blockhashValid(tx.message.recentBlockhash)) {
          throw preflightFailure('BlockhashNotFound', [], 0);
        }
        const sim = await this.oracle.submit(raw, true);
        if (sim.error) throw preflightFailure(solanaError(sim.error), sim.logs, sim.computeUnits);
      }
      const last = this.blockhashes.get(tx.message.recentBlockhash)?.last;
      if (last !== undefined && this.slot('processed') > last) {
        // Past its last valid block height: no leader takes it.
        this.dropped.set(signature, 'BlockhashNotFound');
        return { signature };
      }
      this.dropped.delete(signature);
      await this.oracle.submit(raw);
      return { signature };
    });
  }

  // ---------------------------------------------------------------- statuses and history

  statuses(signatures: string[], opts: { searchTransactionHistory: boolean }): { slot: number; value: (SignatureStatus | null)[] } {
    this.catchUp();
    const confirmed = this.level('confirmed');
    const finalized = this.level('finalized');
    const value = signatures.map((sig): SignatureStatus | null => {
      const t = this.landed.get(sig);
      if (!t) return null;
      if (!opts.searchTransactionHistory && t.slot < this.tip - STATUS_CACHE_SLOTS) return null;
      const confirmationStatus: Commitment = t.slot <= finalized ? 'finalized' : t.slot <= confirmed ? 'confirmed' : 'processed';
      return { slot: t.slot, confirmations: confirmationStatus === 'finalized' ? null : this.tip - t.slot, err: t.err, confirmationStatus };
    });
    return { slot: this.tip, value };
  }

  transaction(signature: string, commitment: Commitment): LandedTransaction | null {
    const t = this.landed.get(signature);
    return t && t.slot <= this.slot(commitment) ? t : null;
  }

  transactionCount(): number {
    return this.landed.size;
  }

  genesisHash(): string {
    return this.genesis || bs58.encode(createHash('sha256').update('dzprov oracle node').digest());
  }
}

// ------------------------------------------------------------------------------------------

function stored(a: OracleAccount): StoredAccount | null {
  if (!a.exists || a.lamports === 0n) return null;
  return { owner: a.owner, lamports: Number(a.lamports), data: a.data, executable: a.executable };
}

function sameAccount(a: StoredAccount | null, b: StoredAccount | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.lamports === b.lamports &&
    a.owner.equals(b.owner) &&
    (a.executable ?? false) === (b.executable ?? false) &&
    Buffer.from(a.data).equals(Buffer.from(b.data))
  );
}

function signatureOf(tx: VersionedTransaction): string {
  return bs58.encode(tx.signatures[0]!);
}

/** The DER prefix of an ed25519 SubjectPublicKeyInfo, before the 32 key bytes. */
const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');

/** Whether every required signature of `tx` verifies (what a node checks before forwarding). */
export function signaturesValid(tx: VersionedTransaction): boolean {
  const message = tx.message.serialize();
  const n = tx.message.header.numRequiredSignatures;
  if (tx.signatures.length < n) return false;
  for (let i = 0; i < n; i++) {
    const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI, tx.message.staticAccountKeys[i]!.toBuffer()]), format: 'der', type: 'spki' });
    if (!verify(null, message, key, tx.signatures[i]!)) return false;
  }
  return true;
}

/**
 * The oracle's error as Solana's JSON-RPC writes a TransactionError:
 * `{"InstructionError":[i,{"Custom":n}]}`, `{"InstructionError":[i,"InvalidAccountData"]}`, or a
 * transaction-level error such as `"BlockhashNotFound"` or `{"InsufficientFundsForRent":{"account_index":0}}`.
 */
export function solanaError(e: OracleError | null): unknown {
  if (!e) return null;
  if (e.type === 'instruction') {
    const inner = e.error === 'Custom' ? { Custom: e.code } : debugToJson(e.error);
    return { InstructionError: [e.index, inner] };
  }
  return debugToJson(e.error);
}

/** A Rust Debug rendering of an enum value (`Name`, `Name(3)`, `Name { field: 3 }`, `Name("text")`) as serde JSON. */
function debugToJson(text: string): unknown {
  const unit = /^(\w+)$/.exec(text);
  if (unit) return unit[1];
  const tuple = /^(\w+)\((.*)\)$/s.exec(text);
  if (tuple) return { [tuple[1]!]: scalar(tuple[2]!) };
  const struct = /^(\w+) \{ (.*) \}$/s.exec(text);
  if (struct) {
    const fields: Record<string, unknown> = {};
    for (const part of struct[2]!.split(', ')) {
      const [k, v] = part.split(': ');
      if (k && v !== undefined) fields[k] = scalar(v);
    }
    return { [struct[1]!]: fields };
  }
  return text;
}

function scalar(v: string): unknown {
  if (/^\d+$/.test(v)) return Number(v);
  if (/^".*"$/s.test(v)) return v.slice(1, -1);
  return v;
}

/** The message a node gives a sendTransaction whose preflight simulation failed. */
function preflightFailure(err: unknown, logs: string[], unitsConsumed: number): RpcFailure {
  return new RpcFailure(-32002, `Transaction simulation failed: ${describeError(err)}`, {
    accounts: null,
    err,
    innerInstructions: null,
    logs,
    returnData: null,
    unitsConsumed,
  });
}

function describeError(err: unknown): string {
  if (typeof err === 'string') return err === 'BlockhashNotFound' ? 'Blockhash not found' : err;
  const ie = (err as { InstructionError?: [number, unknown] }).InstructionError;
  if (ie) {
    const [i, inner] = ie;
    const custom = (inner as { Custom?: number })?.Custom;
    return `Error processing Instruction ${i}: ${custom !== undefined ? `custom program error: 0x${custom.toString(16)}` : typeof inner === 'string' ? inner : JSON.stringify(inner)}`;
  }
  return JSON.stringify(err);
}
