/**
 * Solana's JSON-RPC as a node answers it, for the nodes dzprov runs locally: the sample node
 * (this folder) and the test suites' server (test/helpers/rpcServer.ts) share it. Parameters are
 * checked as a node checks them (commitments, keys, encodings, data slices, getProgramAccounts
 * filters), answers have a node's shapes (accounts, signature statuses, notifications), and the
 * read methods are answered from any ledger that can say what its accounts, slots and statuses
 * are (`ReadLedger`). No web3.js.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { base58Decode, base58Encode } from '../../core/codec/base58.js';
import { parseAddress, keyText, type KeyInput } from '../../core/keys.js';

export type Commitment = 'processed' | 'confirmed' | 'finalized';

export const COMMITMENT_RANK: Readonly<Record<Commitment, number>> = { processed: 0, confirmed: 1, finalized: 2 };

/** A JSON-RPC error answer (code, message, data), thrown by a server or a ledger. */
export class RpcFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/**
 * The commitment named by a request's config (`{ commitment }`), or `fallback`. Older names are
 * mapped as a real node maps them (recent/single → processed, singleGossip → confirmed,
 * max/root → finalized).
 */
export function commitmentOf(config: unknown, fallback: Commitment = 'finalized'): Commitment {
  const c = config && typeof config === 'object' ? (config as { commitment?: unknown }).commitment : undefined;
  if (c === undefined || c === null) return fallback;
  switch (c) {
    case 'processed':
    case 'recent':
    case 'single':
      return 'processed';
    case 'confirmed':
    case 'singleGossip':
      return 'confirmed';
    case 'finalized':
    case 'max':
    case 'root':
      return 'finalized';
    default:
      throw new RpcFailure(-32602, `Invalid params: unknown commitment ${JSON.stringify(c)}`);
  }
}

export function configParam(v: unknown): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new RpcFailure(-32602, 'Invalid params: expected a config object');
  return v as Record<string, unknown>;
}

export function pubkeyParam(v: unknown): string {
  if (typeof v !== 'string') throw new RpcFailure(-32602, 'Invalid param: expected a base58 pubkey');
  if (parseAddress(v) === null) throw new RpcFailure(-32602, `Invalid param: ${v} is not a pubkey`);
  return v;
}

/** Account data encodings served: base64 (what web3.js asks), base58, and jsonParsed, which a node answers in base64 for a program it has no parser for. */
export function encodingParam(v: unknown): 'base64' | 'base58' {
  if (v === undefined || v === null || v === 'base64' || v === 'jsonParsed') return 'base64';
  if (v === 'base58') return 'base58';
  throw new RpcFailure(-32602, `unsupported encoding ${String(v)}`);
}

export function sliceParam(v: unknown): { offset: number; length: number } | undefined {
  if (v === undefined || v === null) return undefined;
  const s = v as { offset?: unknown; length?: unknown };
  if (typeof s !== 'object' || !Number.isSafeInteger(s.offset) || !Number.isSafeInteger(s.length) || (s.offset as number) < 0 || (s.length as number) < 0) {
    throw new RpcFailure(-32602, 'Invalid params: dataSlice');
  }
  return { offset: s.offset as number, length: s.length as number };
}

/** The wire bytes of an encoded transaction parameter (simulateTransaction, sendTransaction). */
export function transactionBytesParam(v: unknown, encoding: unknown, what: string): Uint8Array {
  if (typeof v !== 'string') throw new RpcFailure(-32602, `${what}: expected an encoded transaction`);
  if (encoding !== 'base58' && encoding !== 'base64') throw new RpcFailure(-32602, `unsupported encoding: ${String(encoding)}. Supported encodings: base58, base64`);
  try {
    return encoding === 'base58' ? base58Decode(v) : Uint8Array.from(Buffer.from(v, 'base64'));
  } catch (e) {
    throw new RpcFailure(-32602, `${what}: ${(e as Error).message}`);
  }
}

/** An account as the answers show it; the owner as any key (base58 text, a PublicKey...). */
export interface AccountLike {
  owner: KeyInput;
  lamports: number | bigint;
  data: Uint8Array;
  executable?: boolean;
}

export interface SignatureStatus {
  slot: number;
  /** Blocks since the transaction's block; null once it is finalized (rooted). */
  confirmations: number | null;
  err: unknown;
  confirmationStatus: Commitment;
}

export function statusJson(s: SignatureStatus | null): unknown {
  if (!s) return null;
  return {
    slot: s.slot,
    confirmations: s.confirmations,
    err: s.err,
    status: s.err === null ? { Ok: null } : { Err: s.err },
    confirmationStatus: s.confirmationStatus,
  };
}

/** The base64 text of each stored account's data (a ledger stores a new object on every change). */
const base64Cache = new WeakMap<AccountLike, string>();
/** The base58 text of each owner object (a PublicKey's toBase58 is slow). */
const ownerText = new WeakMap<object, string>();

function ownerOf(acc: AccountLike): string {
  const o = acc.owner;
  if (typeof o === 'string') return o;
  let t = ownerText.get(o);
  if (t === undefined) ownerText.set(o, (t = keyText(o)));
  return t;
}

export function accountJson(acc: AccountLike, encoding: 'base64' | 'base58' = 'base64', slice?: { offset: number; length: number }): unknown {
  const bytes = slice ? acc.data.subarray(slice.offset, slice.offset + slice.length) : acc.data;
  let text: string | undefined;
  if (encoding === 'base58') {
    text = base58Encode(bytes);
  } else if (slice) {
    text = Buffer.from(bytes).toString('base64');
  } else {
    text = base64Cache.get(acc);
    if (text === undefined) base64Cache.set(acc, (text = Buffer.from(acc.data).toString('base64')));
  }
  return {
    data: [text, encoding],
    executable: acc.executable ?? false,
    lamports: Number(acc.lamports),
    owner: ownerOf(acc),
    rentEpoch: 0,
    space: acc.data.length,
  };
}

const SYSTEM_PROGRAM = '11111111111111111111111111111111';

/** How a node reports a closed account to its account subscription. */
export function closedAccountJson(encoding: 'base64' | 'base58'): unknown {
  return { data: ['', encoding], executable: false, lamports: 0, owner: SYSTEM_PROGRAM, rentEpoch: 0, space: 0 };
}

export type ParsedFilter = { offset: number; bytes: Uint8Array } | { dataSize: number };

/** getProgramAccounts / programSubscribe filters, checked as a node checks them. */
export function parseFilters(filters: unknown): ParsedFilter[] {
  if (!Array.isArray(filters)) throw new RpcFailure(-32602, 'filters must be an array');
  if (filters.length > 4) throw new RpcFailure(-32602, 'Too many filters provided; max 4');
  return filters.map(filterBytes);
}

function filterBytes(f: unknown): ParsedFilter {
  if (f && typeof f === 'object' && 'memcmp' in f) {
    const m = (f as { memcmp: { offset?: unknown; bytes?: unknown; encoding?: unknown } }).memcmp;
    if (typeof m.offset !== 'number' || !Number.isInteger(m.offset) || m.offset < 0) throw new RpcFailure(-32602, 'invalid memcmp offset');
    if (typeof m.bytes !== 'string') throw new RpcFailure(-32602, 'invalid memcmp bytes');
    if (m.encoding !== undefined && m.encoding !== 'base58' && m.encoding !== 'base64') throw new RpcFailure(-32602, 'invalid memcmp encoding');
    let bytes: Uint8Array;
    try {
      bytes = m.encoding === 'base64' ? Uint8Array.from(Buffer.from(m.bytes, 'base64')) : base58Decode(m.bytes);
    } catch {
      throw new RpcFailure(-32602, 'invalid memcmp bytes encoding');
    }
    if (bytes.length > 128) throw new RpcFailure(-32602, 'memcmp bytes too long');
    return { offset: m.offset, bytes };
  }
  if (f && typeof f === 'object' && 'dataSize' in f) {
    const n = (f as { dataSize: unknown }).dataSize;
    if (typeof n !== 'number') throw new RpcFailure(-32602, 'invalid dataSize');
    return { dataSize: n };
  }
  throw new RpcFailure(-32602, 'unknown filter');
}

export function matchesParsed(data: Uint8Array, filters: readonly ParsedFilter[]): boolean {
  for (const fb of filters) {
    if ('dataSize' in fb) {
      if (data.length !== fb.dataSize) return false;
      continue;
    }
    if (fb.offset + fb.bytes.length > data.length) return false;
    for (let i = 0; i < fb.bytes.length; i++) if (data[fb.offset + i] !== fb.bytes[i]) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// HTTP

/** The largest request body a local node reads (8 MiB). */
export const MAX_BODY = 8 * 1024 * 1024;

/**
 * CORS, so that a page served from another origin can call the node: any origin, and the
 * preflight of a JSON POST answered here. Returns true when the request was a preflight (answered).
 */
export function answerCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('access-control-allow-origin', '*');
  if (req.method !== 'OPTIONS') return false;
  res
    .writeHead(204, {
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type',
      'access-control-max-age': '600',
    })
    .end();
  return true;
}

/**
 * The body of a JSON-RPC POST, as text, and its size; undefined when the request was answered
 * here (405 for another method, 413 for a body over MAX_BODY).
 */
export async function readPostBody(req: IncomingMessage, res: ServerResponse, notPost = ''): Promise<{ text: string; size: number } | undefined> {
  if (req.method !== 'POST') {
    res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8', allow: 'POST, OPTIONS' }).end(notPost);
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY) {
      res.writeHead(413).end();
      return undefined;
    }
    chunks.push(c);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), size };
}

// ---------------------------------------------------------------------------------------------
// Subscriptions

/** One subscription, as a server keeps it. */
export interface SubscriptionSpec {
  id: number;
  kind: 'program' | 'account' | 'slot';
  /** The program (program) or the account (account) subscribed to. */
  key: string;
  filters: ParsedFilter[];
  commitment: Commitment;
  encoding: 'base64' | 'base58';
}

/** The parameters of an accountSubscribe / programSubscribe / slotSubscribe, checked. */
export function subscriptionParams(method: string, p: readonly unknown[]): Omit<SubscriptionSpec, 'id'> {
  const kind = method === 'programSubscribe' ? 'program' : method === 'accountSubscribe' ? 'account' : 'slot';
  const cfg = kind === 'slot' ? {} : (configParam(p[1]) as { filters?: unknown; encoding?: unknown });
  return {
    kind,
    key: kind === 'slot' ? '' : pubkeyParam(p[0]),
    filters: kind === 'program' ? parseFilters(cfg.filters ?? []) : [],
    commitment: commitmentOf(cfg),
    encoding: encodingParam(cfg.encoding),
  };
}

/** An account that changed at `slot` (null: it was closed). */
export interface AccountChangeLike {
  pubkey: string;
  account: AccountLike | null;
  slot: number;
}

/**
 * The notification `change` gives subscription `s`, or undefined when it is none of its business.
 * As on a real node, a closed account is not reported to program subscriptions (it no longer
 * belongs to the program), and is reported to its account subscription as an empty system account.
 */
export function notificationFor(s: SubscriptionSpec, change: AccountChangeLike): unknown {
  const acc = change.account;
  if (s.kind === 'program') {
    if (!acc || s.key !== ownerOf(acc) || !matchesParsed(acc.data, s.filters)) return undefined;
    return {
      jsonrpc: '2.0',
      method: 'programNotification',
      params: { subscription: s.id, result: { context: { slot: change.slot }, value: { pubkey: change.pubkey, account: accountJson(acc, s.encoding) } } },
    };
  }
  if (s.kind === 'account' && s.key === change.pubkey) {
    return {
      jsonrpc: '2.0',
      method: 'accountNotification',
      params: { subscription: s.id, result: { context: { slot: change.slot }, value: acc ? accountJson(acc, s.encoding) : closedAccountJson(s.encoding) } },
    };
  }
  return undefined;
}

/** A slotNotification. */
export function slotNotification(id: number, slot: { slot: number; parent: number; root: number }): unknown {
  return { jsonrpc: '2.0', method: 'slotNotification', params: { subscription: id, result: slot } };
}

// ---------------------------------------------------------------------------------------------
// The read methods

type Promisable<T> = T | Promise<T>;

/** What the read methods ask of the state behind a node. */
export interface ReadLedger {
  /** The slot of the bank answering at `commitment` (the context slot of answers). */
  slot(commitment: Commitment): number;
  blockHeight(commitment: Commitment): number;
  /** Called before getBlockHeight, getEpochInfo, getLatestBlockhash and getSignatureStatuses are answered. */
  poll?(method: string): void;
  getAccount(pubkey: string, commitment: Commitment): Promisable<AccountLike | undefined>;
  /** Every account owned by `owner` at `commitment` (filters and slices are applied here). */
  programAccounts(owner: string, commitment: Commitment): Promisable<Iterable<[string, AccountLike]>>;
  latestBlockhash(commitment: Commitment): Promisable<{ blockhash: string; lastValidBlockHeight: number }>;
  /** One status per signature (null: unknown), and the context slot they were read at. */
  statuses(signatures: string[], opts: { searchTransactionHistory: boolean }): Promisable<{ slot: number; value: (SignatureStatus | null)[] }>;
  genesisHash(): string;
  /** isBlockhashValid (answered false when the ledger cannot tell). */
  blockhashValid?(blockhash: string, commitment: Commitment): Promisable<boolean>;
  /** getEpochInfo's transactionCount (0 when the ledger does not count). */
  transactionCount?(): number;
}

/** What answerRead returns for a method it does not answer. */
export const NOT_A_READ: unique symbol = Symbol('not a read method');

export interface ReadOptions {
  /** The `apiVersion` of contexts and getVersion's `solana-core`. */
  version: string;
  /** The commitment of a request's config, with its minContextSlot checked when the server does. */
  at(config: unknown): Commitment;
}

/**
 * Answers the read methods (accounts, listings, blockhashes, slots and heights, statuses, version,
 * health) from `ledger`; NOT_A_READ for any other method.
 */
export async function answerRead(ledger: ReadLedger, method: string, p: readonly unknown[], o: ReadOptions): Promise<unknown> {
  const L = ledger;
  const ctx = (slot: number, value: unknown) => ({ context: { slot, apiVersion: o.version }, value });
  switch (method) {
    case 'getAccountInfo': {
      const cfg = configParam(p[1]);
      const c = o.at(cfg);
      const enc = encodingParam(cfg.encoding);
      const acc = await L.getAccount(pubkeyParam(p[0]), c);
      return ctx(L.slot(c), acc ? accountJson(acc, enc, sliceParam(cfg.dataSlice)) : null);
    }
    case 'getBalance': {
      const cfg = configParam(p[1]);
      const c = o.at(cfg);
      const acc = await L.getAccount(pubkeyParam(p[0]), c);
      return ctx(L.slot(c), Number(acc?.lamports ?? 0));
    }
    case 'getMultipleAccounts': {
      if (!Array.isArray(p[0])) throw new RpcFailure(-32602, 'Invalid params: expected an array of keys');
      if (p[0].length > 100) throw new RpcFailure(-32602, `Too many inputs provided; max 100`);
      const cfg = configParam(p[1]);
      const c = o.at(cfg);
      const enc = encodingParam(cfg.encoding);
      const slice = sliceParam(cfg.dataSlice);
      const keys = p[0].map(pubkeyParam);
      const out: unknown[] = [];
      for (const k of keys) {
        const acc = await L.getAccount(k, c);
        out.push(acc ? accountJson(acc, enc, slice) : null);
      }
      return ctx(L.slot(c), out);
    }
    case 'getProgramAccounts': {
      const owner = pubkeyParam(p[0]);
      const cfg = configParam(p[1]) as { filters?: unknown; withContext?: unknown; encoding?: unknown; dataSlice?: unknown };
      const c = o.at(cfg);
      const enc = encodingParam(cfg.encoding);
      const slice = sliceParam(cfg.dataSlice);
      const parsed = parseFilters(cfg.filters ?? []);
      const slot = L.slot(c);
      const out: unknown[] = [];
      for (const [key, acc] of await L.programAccounts(owner, c)) {
        if (!matchesParsed(acc.data, parsed)) continue;
        out.push({ pubkey: key, account: accountJson(acc, enc, slice) });
      }
      return cfg.withContext ? ctx(slot, out) : out;
    }
    case 'getLatestBlockhash': {
      L.poll?.(method);
      const c = o.at(p[0]);
      const bh = await L.latestBlockhash(c);
      return ctx(L.slot(c), bh);
    }
    case 'isBlockhashValid': {
      const c = o.at(p[1]);
      if (typeof p[0] !== 'string') throw new RpcFailure(-32602, 'Invalid params: blockhash');
      const valid = (await L.blockhashValid?.(p[0], c)) ?? false;
      return ctx(L.slot(c), valid);
    }
    case 'getBlockHeight': {
      L.poll?.(method);
      return L.blockHeight(o.at(p[0]));
    }
    case 'getSlot':
      return L.slot(o.at(p[0]));
    case 'getEpochInfo': {
      L.poll?.(method);
      const c = o.at(p[0]);
      const slot = L.slot(c);
      return {
        absoluteSlot: slot,
        blockHeight: L.blockHeight(c),
        epoch: Math.floor(slot / 432_000),
        slotIndex: slot % 432_000,
        slotsInEpoch: 432_000,
        transactionCount: L.transactionCount?.() ?? 0,
      };
    }
    case 'getVersion':
      return { 'solana-core': o.version, 'feature-set': 0 };
    case 'getGenesisHash':
      return L.genesisHash();
    case 'getHealth':
      return 'ok';
    case 'getSignatureStatuses': {
      L.poll?.(method);
      const sigs = Array.isArray(p[0]) ? (p[0] as unknown[]).map(String) : [];
      if (sigs.length > 256) throw new RpcFailure(-32602, 'Too many inputs provided; max 256');
      const cfg = configParam(p[1]) as { searchTransactionHistory?: unknown };
      const r = await L.statuses(sigs, { searchTransactionHistory: cfg.searchTransactionHistory === true });
      return { context: { slot: r.slot, apiVersion: o.version }, value: r.value.map(statusJson) };
    }
    default:
      return NOT_A_READ;
  }
}
