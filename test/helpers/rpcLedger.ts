/**
 * What the local JSON-RPC server (rpcServer.ts) asks of the ledger behind it. The server owns the
 * transports, the JSON-RPC method layer (parameters, filters, encodings, answer shapes),
 * subscriptions, recording and fault injection; a ledger owns the state: accounts at each
 * commitment, slots and block heights, blockhashes, transaction execution and signature
 * statuses. Two ledgers exist: MemoryLedger (memoryLedger.ts: an account map and scripted sends,
 * for the client and CLI tests) and OracleLedger (test/oracle-node/: the serviceability program
 * executed by the oracle).
 *
 * This file imports nothing from src/ but the shared JSON-RPC protocol.
 */
import type { PublicKey, VersionedTransaction } from '@solana/web3.js';

// The commitments, the JSON-RPC error and the status shape are the shared protocol's (the sample
// node's, src/cli/node/protocol.ts).
export { COMMITMENT_RANK, RpcFailure, commitmentOf, type Commitment, type SignatureStatus } from '../../src/cli/node/protocol.js';
import type { Commitment, ReadLedger } from '../../src/cli/node/protocol.js';

export type Promisable<T> = T | Promise<T>;

/** An address as the test node takes it: anything with its base58 text (web3.js's PublicKey, the CLI's own). */
export interface KeyLike {
  toBase58(): string;
}

export interface StoredAccount {
  owner: PublicKey;
  lamports: number;
  data: Uint8Array;
  executable?: boolean;
}

/**
 * How a hostile node answers a sendTransaction it DID accept (the transaction lands as usual):
 * a JSON-RPC error, an HTML page with HTTP 200, another signature, a reset connection, no answer,
 * or a result of the wrong type.
 */
export type SendAnswer = 'error' | 'html' | 'wrong-signature' | 'drop' | 'hang' | 'malformed';

/** What a ledger says about a sendTransaction it took. */
export interface SendReceipt {
  signature: string;
  /** A scripted hostile answer (MemoryLedger's SendBehaviour.answer). */
  answer?: SendAnswer;
}

export interface SendConfig {
  skipPreflight: boolean;
  preflightCommitment: Commitment;
}

export interface SimulateConfig {
  sigVerify: boolean;
  replaceRecentBlockhash: boolean;
  commitment: Commitment;
}

export interface SimulationResult {
  err: unknown;
  logs: string[];
  unitsConsumed?: number;
  /** Set when the ledger replaced the transaction's blockhash (replaceRecentBlockhash). */
  replacementBlockhash?: { blockhash: string; lastValidBlockHeight: number };
}

/** A transaction that landed in a block, as getTransaction reports it. */
export interface LandedTransaction {
  slot: number;
  transaction: VersionedTransaction;
  err: unknown;
  logs: string[];
  fee: number;
  preBalances: number[];
  postBalances: number[];
  computeUnitsConsumed: number;
  /** Unix seconds of the block, or null. */
  blockTime: number | null;
}

/**
 * An account changed at `slot` (null: it was closed), seen at `commitment` — or, when commitment
 * is undefined, at every commitment at once (a ledger without commitment levels).
 */
export interface AccountChange {
  pubkey: string;
  account: StoredAccount | null;
  slot: number;
  commitment?: Commitment;
}

export interface LedgerListener {
  account(change: AccountChange): void;
  /** A new slot (slotSubscribe). */
  slot?(s: { slot: number; parent: number; root: number }): void;
}

/**
 * The state behind the server: what the shared read methods ask (ReadLedger: slots, heights,
 * blockhashes, statuses...), with accounts as web3.js keys, and execution. Methods may answer
 * synchronously or with a promise.
 */
export interface RpcLedger extends ReadLedger {
  getAccount(pubkey: string, commitment: Commitment): Promisable<StoredAccount | undefined>;
  /** Every account owned by `owner` at `commitment` (the server applies filters and slices). */
  programAccounts(owner: string, commitment: Commitment): Promisable<Iterable<[string, StoredAccount]>>;
  simulate(tx: VersionedTransaction, config: SimulateConfig): Promisable<SimulationResult>;
  /** Takes a transaction (wire bytes, and decoded). Throws RpcFailure to refuse it. */
  send(raw: Uint8Array, tx: VersionedTransaction, config: SendConfig): Promisable<SendReceipt>;
  /** A landed transaction visible at `commitment`, or null. */
  transaction(signature: string, commitment: Commitment): Promisable<LandedTransaction | null>;
  /** The server registers itself here to hear of changes (subscriptions). */
  listen(listener: LedgerListener): void;
  close?(): Promise<void>;
}
