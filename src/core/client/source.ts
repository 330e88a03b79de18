import { ValidationError } from '../errors.js';
import { AccountMismatchError, MalformedRpcResponseError, StaleAnswerError } from './errors.js';
import { describeValue, expectArray, expectBytes, expectFunction, expectKey, expectObject } from '../validate.js';
import { resolveRetry, withRetry, type ResolvedRetry, type RetryOptions } from './retry.js';
import { base58Decode } from '../codec/base58.js';
import { decodeBase64 } from '../codec/base64.js';
import { keyEquals, keyText, parseAddress, type KeyInput, type KeyKind } from '../keys.js';
import type { AnyProgramAccountsFilter, ProgramAccountsFilter } from '../state/common.js';
import { contextSlot, parseMultipleAccounts, parseRawAccount, type Commitment, type RpcPort } from './rpc.js';

/** One account as the client sees it, whatever it was read from. */
export interface AccountRecord<K = KeyInput> {
  /** The account's address. */
  pubkey: K;
  /** The program that owns the account. */
  owner: K;
  /** The account's balance, in lamports. */
  lamports: number;
  /** The account data. */
  data: Uint8Array;
}

/**
 * The accounts of a listing. An RPC source also says at which slot the node read them
 * (`slot`, the answer's context slot); an in-memory source leaves it undefined.
 */
export type AccountList<K = KeyInput> = AccountRecord<K>[] & {
  /** The slot the list was read at, when the node said. */
  slot?: number;
  /** How many times the node listed an address twice with the same bytes (each kept once). */
  duplicates?: number;
};

/**
 * Sets `slot` on a listing array as a non-enumerable property (so the array still deep-equals
 * a plain one) and returns the array. Does nothing when `slot` is not a number.
 */
export function withSlot<A extends unknown[]>(
  list: A,
  slot: unknown,
): A & {
  /** The slot the list was read at. */
  slot?: number;
} {
  expectArray(list, 'list');
  if (typeof slot === 'number') Object.defineProperty(list, 'slot', { value: slot, enumerable: false, writable: true, configurable: true });
  return list;
}

/** Options of a single-account or batched read. */
export interface AccountReadOptions {
  /** The node must have reached this slot before it answers (the RPC's `minContextSlot`). */
  minContextSlot?: number;
}

/**
 * Where the client reads accounts from: a live RPC node (`RpcAccountSource`) or an in-memory
 * ledger (`MemoryAccountSource`). Missing accounts are `null`, never an error.
 */
export interface AccountSource<K = KeyInput> {
  /** The account at `pk`, or null when there is none. */
  getAccount(pk: KeyInput, opts?: AccountReadOptions): Promise<AccountRecord<K> | null>;
  /** One entry per requested key, in order. */
  getAccounts(pks: readonly KeyInput[], opts?: AccountReadOptions): Promise<(AccountRecord<K> | null)[]>;
  /**
   * Accounts owned by `programId` that pass every filter (memcmp / dataSize). The returned
   * array may carry the slot the node read them at (`AccountList`).
   */
  getProgramAccounts(programId: KeyInput, filters: AnyProgramAccountsFilter[]): Promise<AccountRecord<K>[]>;
}

/** The most keys one getMultipleAccounts call may carry (the RPC node's limit). */
export const MAX_MULTIPLE_ACCOUNTS = 100;

/** Options of RpcAccountSource. */
export interface RpcAccountSourceOptions {
  /** The commitment of the reads (default: the node's). */
  commitment?: Commitment;
  /** The retry policy of the RPC calls. */
  retry?: RetryOptions;
  /** Keys per getMultipleAccounts call, 1..100 (default 100). */
  batchSize?: number;
}

/**
 * AccountSource over an RpcPort. getMultipleAccounts is split into calls of at most 100 keys
 * (issued concurrently); every call is retried on transient failures (HTTP 429, 5xx, dropped
 * connections, timeouts) with exponential backoff and jitter, up to a bound, and failures
 * surface as RpcError / RpcTimeoutError / RateLimitedError / MalformedRpcResponseError. Every
 * answer is checked here (shape, one account per key asked, base64 data of the stated size).
 */
export class RpcAccountSource<K = KeyInput> implements AccountSource<K> {
  /** The retry policy of the RPC calls, with its defaults filled in. */
  readonly retry: ResolvedRetry;
  /** The commitment of the reads, when one was given. */
  readonly commitment: Commitment | undefined;
  /** How many addresses one getMultipleAccounts call asks for (at most 100). */
  readonly batchSize: number;
  /**
   * A floor for every later getMultipleAccounts call (sent as `minContextSlot`), e.g. the slot
   * a listing was read at, so reads that follow it never see an older ledger state. Unset by
   * default; a per-call `minContextSlot` above it wins.
   */
  minContextSlot: number | undefined;
  /** The newest context slot of any answer this source has read (a reference for notification slots). */
  lastContextSlot: number | undefined;

  constructor(
    /** The RPC node. */
    readonly rpc: RpcPort,
    /** How addresses come back. */
    readonly keys: KeyKind<K>,
    opts: RpcAccountSourceOptions = {},
  ) {
    expectObject(rpc, 'rpc');
    expectFunction(rpc.request, 'rpc.request');
    expectObject(keys, 'keys');
    expectObject(opts, 'opts');
    if (opts.retry !== undefined) expectObject(opts.retry, 'opts.retry');
    this.retry = resolveRetry(opts.retry);
    this.commitment = opts.commitment;
    const b = opts.batchSize ?? MAX_MULTIPLE_ACCOUNTS;
    if (!Number.isInteger(b) || b < 1 || b > MAX_MULTIPLE_ACCOUNTS) {
      throw new ValidationError('batchSize', `must be an integer in 1..${MAX_MULTIPLE_ACCOUNTS}, got ${String(b)}`);
    }
    this.batchSize = b;
  }

  /**
   * The same source with another retry policy (e.g. a deadline of one call's own): it shares
   * the node and everything learnt from it (the program check), only its calls' policy differs.
   */
  withRetry(retry: ResolvedRetry): this {
    const view = Object.create(this) as this;
    Object.defineProperty(view, 'retry', { value: resolveRetry(retry), enumerable: true });
    return view;
  }

  /**
   * Runs one read call with this source's retry policy and timeout: the node's raw result, or
   * what `parse` makes of it (a malformed answer then counts as the attempt's failure).
   */
  read<T = unknown>(method: string, params: readonly unknown[], parse?: (result: unknown) => T): Promise<T> {
    return withRetry(method, this.retry, async () => {
      const res = await this.rpc.request(method, params, this.retry.signal);
      const out = parse ? parse(res) : (res as T);
      this.noteSlot(res);
      return out;
    });
  }

  /** Remembers the context slot of a checked answer. */
  private noteSlot(res: unknown): void {
    const slot = (res as { context?: { slot?: unknown } } | null)?.context?.slot;
    if (typeof slot === 'number' && Number.isSafeInteger(slot) && (this.lastContextSlot === undefined || slot > this.lastContextSlot)) this.lastContextSlot = slot;
  }

  /** The account at `pk`, or null when there is none. */
  async getAccount(pk: KeyInput, opts?: AccountReadOptions): Promise<AccountRecord<K> | null> {
    const [rec] = await this.getAccounts([pk], opts);
    return rec ?? null;
  }

  async getAccounts(pks: readonly KeyInput[], opts: AccountReadOptions = {}): Promise<(AccountRecord<K> | null)[]> {
    if (pks.length === 0) return [];
    const floor = Math.max(opts.minContextSlot ?? -1, this.minContextSlot ?? -1);
    const config = {
      encoding: 'base64',
      ...(this.commitment ? { commitment: this.commitment } : {}),
      ...(floor >= 0 ? { minContextSlot: floor } : {}),
    };
    const chunks: KeyInput[][] = [];
    for (let i = 0; i < pks.length; i += this.batchSize) chunks.push(pks.slice(i, i + this.batchSize));
    const results = await Promise.all(
      chunks.map(async (chunk) => {
        const texts = chunk.map((k) => keyText(k));
        const { value } = await this.read('getMultipleAccounts', [texts, config], (res) => {
          const answer = parseMultipleAccounts(res, texts);
          // A node must not answer for an older slot than asked (it says -32016 instead): retried.
          if (floor >= 0 && answer.slot < floor) throw new StaleAnswerError('getMultipleAccounts', answer.slot, floor);
          return answer;
        });
        return value.map((a, i) =>
          a === null ? null : { pubkey: this.keys.from(chunk[i]!), owner: this.keys.from(a.owner), lamports: a.lamports, data: a.data },
        );
      }),
    );
    return results.flat();
  }

  /**
   * Accounts owned by `programId` that pass `filters`, with the context slot they were read at
   * (`slot` on the returned array).
   */
  async getProgramAccounts(programId: KeyInput, filters: AnyProgramAccountsFilter[]): Promise<AccountList<K>> {
    const pid = keyText(programId);
    const config = {
      encoding: 'base64',
      ...(this.commitment ? { commitment: this.commitment } : {}),
      // memcmp bytes are base58 unless stated otherwise (as web3.js sends them).
      filters: validateFilters(filters),
      withContext: true,
    };
    const programKey = this.keys.from(programId);
    return this.read(GPA, [pid, config], (res) => parseProgramAccounts(res, programKey, pid, this.keys));
  }
}

const GPA = 'getProgramAccounts';

function malformed(reason: string): MalformedRpcResponseError {
  return new MalformedRpcResponseError(GPA, reason);
}

/**
 * Checks the `result` of getProgramAccounts (withContext, base64) and turns it into records: the
 * owner is compared as text with the program id (and then is `programKey` itself), the address
 * made by `keys`. Anything malformed is a MalformedRpcResponseError.
 */
export function parseProgramAccounts<K>(result: unknown, programKey: K, programIdText: string, keys: KeyKind<K>): AccountList<K> {
  if (result === null || typeof result !== 'object') throw malformed('the answer has no result');
  const slot = contextSlot(GPA, result);
  const value = (result as { value?: unknown }).value;
  if (!Array.isArray(value)) throw malformed('result is not an array');
  const n = value.length;
  const out: AccountList<K> = [];
  // The same address twice: merged when the bytes agree (counted in `duplicates`), refused when not.
  const seen = new Map<string, Uint8Array>();
  let duplicates = 0;
  for (let i = 0; i < n; i++) {
    const e = value[i] as { pubkey?: unknown; account?: unknown } | null;
    if (e === null || typeof e !== 'object') throw malformed(`entry ${i} is not an object`);
    const key = e.pubkey;
    if (typeof key !== 'string') throw malformed('an entry has no pubkey');
    const a = e.account as { rentEpoch?: unknown } | null | undefined;
    const raw = parseRawAccount(GPA, key, a);
    if (typeof a!.rentEpoch !== 'number') throw malformed(`account ${key} has no rent epoch`);
    const pubkeyBytes = parseAddress(key);
    if (pubkeyBytes === null) throw malformed(`a pubkey is not a public key: ${key}`);
    const owner = raw.owner === programIdText ? programKey : parseAddress(raw.owner) ? keys.from(raw.owner) : null;
    if (owner === null) throw malformed(`account ${key} has no owner`);
    const before = seen.get(key);
    if (before !== undefined) {
      if (!sameBytes(before, raw.data)) throw new AccountMismatchError(GPA, key, 'listed twice, with different bytes');
      duplicates++;
      continue;
    }
    seen.set(key, raw.data);
    out.push({ pubkey: keys.from(key), owner, lamports: raw.lamports, data: raw.data });
  }
  if (duplicates > 0) Object.defineProperty(out, 'duplicates', { value: duplicates, enumerable: false, writable: true, configurable: true });
  return withSlot(out, slot);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A whole number given as number or bigint (filter offsets and sizes), or NaN. */
function whole(v: unknown): number {
  if (typeof v === 'bigint') return v >= 0n && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : NaN;
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : NaN;
}

/** Decodes the match bytes of a memcmp filter (base58 unless `encoding: 'base64'`). */
export function memcmpBytes(filter: Extract<AnyProgramAccountsFilter, { memcmp: unknown }>): Uint8Array {
  expectObject(filter, 'filter');
  expectObject(filter.memcmp, 'filter.memcmp');
  const { bytes, encoding } = filter.memcmp as { bytes: string; encoding?: string };
  if (typeof bytes !== 'string') throw new ValidationError('filters.memcmp.bytes', 'must be a string');
  if (encoding === 'base64') {
    try {
      return decodeBase64(bytes);
    } catch {
      throw new ValidationError('filters.memcmp.bytes', `"${bytes}" is not base64`);
    }
  }
  if (encoding !== undefined && encoding !== 'base58') {
    throw new ValidationError('filters.memcmp.encoding', `unknown encoding "${String(encoding)}"`);
  }
  try {
    return base58Decode(bytes);
  } catch {
    throw new ValidationError('filters.memcmp.bytes', `"${bytes}" is not base58`);
  }
}

/**
 * Checks `filters` (a ValidationError for one the RPC node would refuse) and returns them in the
 * RPC's own shape: offsets and sizes as numbers (kit's bigints converted), the memcmp encoding
 * stated.
 */
export function validateFilters(filters: readonly AnyProgramAccountsFilter[]): ProgramAccountsFilter[] {
  if (!Array.isArray(filters)) throw new ValidationError('filters', 'must be an array');
  return filters.map((f) => {
    if (f && typeof f === 'object' && 'memcmp' in f) {
      expectObject(f.memcmp, 'filters.memcmp');
      const off = whole(f.memcmp.offset);
      if (!(off >= 0)) throw new ValidationError('filters.memcmp.offset', `${String(f.memcmp.offset)} is not a non-negative integer`);
      const b = memcmpBytes(f);
      if (b.length > 128) throw new ValidationError('filters.memcmp.bytes', `${b.length} bytes is above the 128-byte limit`);
      return { memcmp: { offset: off, bytes: f.memcmp.bytes, encoding: f.memcmp.encoding ?? 'base58' } };
    }
    if (f && typeof f === 'object' && 'dataSize' in f) {
      const size = whole(f.dataSize);
      if (!(size >= 0)) throw new ValidationError('filters.dataSize', `${String(f.dataSize)} is not a non-negative integer`);
      return { dataSize: size };
    }
    throw new ValidationError('filters', `unknown filter ${describeValue(f)}`);
  });
}

/** Whether `data` passes every filter, with the node's semantics (memcmp past the end fails). */
export function matchesFilters(data: Uint8Array, filters: readonly AnyProgramAccountsFilter[]): boolean {
  expectBytes(data, 'data');
  expectArray(filters, 'filters');
  for (const f of validateFilters(filters)) {
    if ('memcmp' in f) {
      const want = memcmpBytes(f);
      const off = f.memcmp.offset;
      if (off + want.length > data.length) return false;
      for (let i = 0; i < want.length; i++) if (data[off + i] !== want[i]) return false;
    } else if (data.length !== f.dataSize) {
      return false;
    }
  }
  return true;
}

/**
 * An in-memory AccountSource (the CLI's embedded sample ledger, tests). It applies memcmp and
 * dataSize filters itself, exactly as an RPC node does, and returns accounts in insertion order.
 */
export class MemoryAccountSource<K = KeyInput> implements AccountSource<K> {
  private readonly accounts = new Map<string, AccountRecord<K>>();

  constructor(records: Iterable<AccountRecord<K>> = []) {
    if (records === null || typeof records !== 'object' || typeof (records as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
      expectArray(records, 'records');
    }
    for (const r of records) this.set(r);
  }

  /** Adds or replaces one account. */
  set(record: AccountRecord<K>): void {
    expectObject(record, 'record');
    expectKey(record.pubkey, 'record.pubkey');
    expectKey(record.owner, 'record.owner');
    expectBytes(record.data, 'record.data');
    this.accounts.set(keyText(record.pubkey as KeyInput), record);
  }

  /** Removes one account; returns whether it existed. */
  delete(pk: KeyInput): boolean {
    return this.accounts.delete(keyText(pk));
  }

  /** How many accounts are held. */
  get size(): number {
    return this.accounts.size;
  }

  /** Every account held, in insertion order. */
  records(): AccountRecord<K>[] {
    return [...this.accounts.values()];
  }

  /** The account at `pk`, or null when there is none. */
  async getAccount(pk: KeyInput): Promise<AccountRecord<K> | null> {
    return this.accounts.get(keyText(pk)) ?? null;
  }

  async getAccounts(pks: readonly KeyInput[]): Promise<(AccountRecord<K> | null)[]> {
    return pks.map((pk) => this.accounts.get(keyText(pk)) ?? null);
  }

  async getProgramAccounts(programId: KeyInput, filters: AnyProgramAccountsFilter[]): Promise<AccountRecord<K>[]> {
    validateFilters(filters);
    const out: AccountRecord<K>[] = [];
    for (const r of this.accounts.values()) {
      if (keyEquals(r.owner as KeyInput, programId) && matchesFilters(r.data, filters)) out.push(r);
    }
    return out;
  }
}
