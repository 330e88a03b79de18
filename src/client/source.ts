import type { Commitment, Connection, GetProgramAccountsFilter } from '@solana/web3.js';
import { PublicKey, SolanaJSONRPCError } from '@solana/web3.js';
import bs58 from 'bs58';
import { decodeBase64 } from '../codec/base64.js';
import { DzprovError, ValidationError } from '../errors.js';
import { MalformedRpcResponseError } from './errors.js';
import { expectArray, expectBytes, expectObject, expectPubkey, expectString } from '../validate.js';
import { resolveRetry, withRetry, type ResolvedRetry, type RetryOptions } from './retry.js';

/** One account as the client sees it, whatever it was read from. */
export interface AccountRecord {
  pubkey: PublicKey;
  owner: PublicKey;
  lamports: number;
  data: Uint8Array;
}

/**
 * The accounts of a listing. An RPC source also says at which slot the node read them
 * (`slot`, the answer's context slot); an in-memory source leaves it undefined.
 */
export type AccountList = AccountRecord[] & { slot?: number };

/**
 * Sets `slot` on a listing array as a non-enumerable property (so the array still deep-equals
 * a plain one) and returns the array. Does nothing when `slot` is not a number.
 */
export function withSlot<A extends unknown[]>(list: A, slot: unknown): A & { slot?: number } {
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
export interface AccountSource {
  getAccount(pk: PublicKey, opts?: AccountReadOptions): Promise<AccountRecord | null>;
  /** One entry per requested key, in order. */
  getAccounts(pks: readonly PublicKey[], opts?: AccountReadOptions): Promise<(AccountRecord | null)[]>;
  /**
   * Accounts owned by `programId` that pass every filter (memcmp / dataSize). The returned
   * array may carry the slot the node read them at (`AccountList`).
   */
  getProgramAccounts(programId: PublicKey, filters: GetProgramAccountsFilter[]): Promise<AccountRecord[]>;
}

/**
 * How RpcAccountSource parses getProgramAccounts answers: `'fast'` (default) asks the node
 * through the Connection's own transport and checks the JSON shape itself; `'web3'` goes through
 * `Connection.getProgramAccounts` (web3.js's per-account schema validation). Both return the
 * same records and raise the same typed errors.
 */
export type ListingPath = 'fast' | 'web3';

/** The most keys one getMultipleAccounts call may carry (the RPC node's limit). */
export const MAX_MULTIPLE_ACCOUNTS = 100;

export interface RpcAccountSourceOptions {
  commitment?: Commitment;
  retry?: RetryOptions;
  /** Keys per getMultipleAccounts call, 1..100 (default 100). */
  batchSize?: number;
  /** How getProgramAccounts answers are parsed (default 'fast'). */
  listing?: ListingPath;
}

/**
 * AccountSource over a web3.js v1 Connection. getMultipleAccounts is split into calls of at
 * most 100 keys (issued concurrently); every call is retried on transient failures (HTTP 429,
 * 5xx, dropped connections, timeouts) with exponential backoff and jitter, up to a bound, and
 * failures surface as RpcError / RpcTimeoutError / RateLimitedError / MalformedRpcResponseError.
 *
 * Note: a Connection created without `disableRetryOnRateLimit: true` also retries HTTP 429 on
 * its own (up to 5 times) before this class sees the failure. DzClient creates its connections
 * with that option set, so only this policy applies.
 */
export class RpcAccountSource implements AccountSource {
  readonly retry: ResolvedRetry;
  readonly commitment: Commitment | undefined;
  readonly batchSize: number;
  readonly listing: ListingPath;
  /**
   * A floor for every later getMultipleAccounts call (sent as `minContextSlot`), e.g. the slot
   * a listing was read at, so reads that follow it never see an older ledger state. Unset by
   * default; a per-call `minContextSlot` above it wins.
   */
  minContextSlot: number | undefined;

  constructor(
    readonly connection: Connection,
    opts: RpcAccountSourceOptions = {},
  ) {
    expectObject(connection, 'connection');
    expectObject(opts, 'opts');
    if (opts.retry !== undefined) expectObject(opts.retry, 'opts.retry');
    this.retry = resolveRetry(opts.retry);
    this.commitment = opts.commitment;
    const b = opts.batchSize ?? MAX_MULTIPLE_ACCOUNTS;
    if (!Number.isInteger(b) || b < 1 || b > MAX_MULTIPLE_ACCOUNTS) {
      throw new ValidationError('batchSize', `must be an integer in 1..${MAX_MULTIPLE_ACCOUNTS}, got ${String(b)}`);
    }
    this.batchSize = b;
    const l = opts.listing ?? 'fast';
    if (l !== 'fast' && l !== 'web3') throw new ValidationError('listing', `must be "fast" or "web3", got ${String(l)}`);
    this.listing = l;
  }

  /** Runs one read call with this source's retry policy and timeout. */
  read<T>(method: string, fn: () => Promise<T>): Promise<T> {
    return withRetry(method, this.retry, fn);
  }

  async getAccount(pk: PublicKey, opts?: AccountReadOptions): Promise<AccountRecord | null> {
    const [rec] = await this.getAccounts([pk], opts);
    return rec ?? null;
  }

  async getAccounts(pks: readonly PublicKey[], opts: AccountReadOptions = {}): Promise<(AccountRecord | null)[]> {
    if (pks.length === 0) return [];
    const floor = Math.max(opts.minContextSlot ?? -1, this.minContextSlot ?? -1);
    const config = {
      ...(this.commitment ? { commitment: this.commitment } : {}),
      ...(floor >= 0 ? { minContextSlot: floor } : {}),
    };
    const hasConfig = Object.keys(config).length > 0;
    const chunks: PublicKey[][] = [];
    for (let i = 0; i < pks.length; i += this.batchSize) chunks.push(pks.slice(i, i + this.batchSize));
    const results = await Promise.all(
      chunks.map((chunk) =>
        this.read('getMultipleAccounts', async () => {
          const infos = await this.connection.getMultipleAccountsInfo(chunk, hasConfig ? config : undefined);
          if (!Array.isArray(infos) || infos.length !== chunk.length) {
            throw new MalformedRpcResponseError(
              'getMultipleAccounts',
              `asked for ${chunk.length} accounts, got ${Array.isArray(infos) ? infos.length : typeof infos}`,
            );
          }
          return infos.map((info, i) => (info === null ? null : toRecord('getMultipleAccounts', chunk[i]!, info)));
        }),
      ),
    );
    return results.flat();
  }

  /**
   * Accounts owned by `programId` that pass `filters`, with the context slot they were read at
   * (`slot` on the returned array).
   */
  async getProgramAccounts(programId: PublicKey, filters: GetProgramAccountsFilter[]): Promise<AccountList> {
    validateFilters(filters);
    return this.read('getProgramAccounts', () =>
      this.listing === 'fast' ? this.fastProgramAccounts(programId, filters) : this.web3ProgramAccounts(programId, filters),
    );
  }

  /** Connection.getProgramAccounts: web3.js's schema validation, then our own checks. */
  private async web3ProgramAccounts(programId: PublicKey, filters: GetProgramAccountsFilter[]): Promise<AccountList> {
    let res: unknown;
    try {
      res = await this.connection.getProgramAccounts(programId, {
        ...(this.commitment ? { commitment: this.commitment } : {}),
        encoding: 'base64',
        filters,
        withContext: true,
      });
    } catch (e) {
      // web3.js turns a pubkey string that is not one into a plain Error from PublicKey.
      if (e instanceof Error && !(e instanceof DzprovError) && e.name === 'Error' && /public key|base58/i.test(e.message)) {
        throw new MalformedRpcResponseError(GPA, `a pubkey is not a public key: ${e.message}`, { cause: e });
      }
      throw e;
    }
    const { context, value } = (res ?? {}) as { context?: { slot?: unknown }; value?: unknown };
    if (!Array.isArray(value)) throw new MalformedRpcResponseError(GPA, 'result is not an array');
    const slot = context?.slot;
    if (typeof slot !== 'number') throw new MalformedRpcResponseError(GPA, 'result has no context slot');
    const out: AccountList = value.map((r: { pubkey?: unknown; account?: { owner?: unknown; lamports?: unknown; data?: unknown; space?: unknown } }) => {
      if (!r || !(r.pubkey instanceof PublicKey)) {
        throw new MalformedRpcResponseError(GPA, 'an entry has no pubkey');
      }
      const rec = toRecord(GPA, r.pubkey, r.account);
      // web3.js decodes base64 leniently (Buffer.from skips what is not base64): the byte count
      // the node states catches that.
      const space = r.account?.space;
      if (space !== undefined && space !== rec.data.length) {
        throw new MalformedRpcResponseError(GPA, `account ${r.pubkey.toBase58()} data is not base64 of ${String(space)} bytes`);
      }
      return rec;
    });
    return withSlot(out, slot);
  }

  /**
   * getProgramAccounts through the Connection's transport (its URL, headers, custom fetch and
   * commitment), with the answer's shape checked here, cheaply: the program id is compared as a
   * string, and the only PublicKey built per account is its address.
   */
  private async fastProgramAccounts(programId: PublicKey, filters: GetProgramAccountsFilter[]): Promise<AccountList> {
    const conn = this.connection as unknown as { _rpcRequest?: (method: string, args: unknown[]) => Promise<unknown> };
    if (typeof conn._rpcRequest !== 'function') return this.web3ProgramAccounts(programId, filters);
    const pid = programId.toBase58();
    const commitment = this.commitment ?? this.connection.commitment;
    const config = {
      encoding: 'base64',
      ...(commitment ? { commitment } : {}),
      // As web3.js sends them: memcmp bytes are base58 unless stated otherwise.
      filters: filters.map((f) => ('memcmp' in f ? { memcmp: { ...f.memcmp, encoding: f.memcmp.encoding ?? 'base58' } } : f)),
      withContext: true,
    };
    const res = (await conn._rpcRequest.call(this.connection, GPA, [pid, config])) as Record<string, unknown> | null;
    return parseProgramAccounts(res, programId, pid);
  }
}

const GPA = 'getProgramAccounts';

function malformed(reason: string): MalformedRpcResponseError {
  return new MalformedRpcResponseError(GPA, reason);
}

/**
 * Checks a raw JSON-RPC answer to getProgramAccounts (withContext, base64) and turns it into
 * records. A JSON-RPC error object is thrown as web3.js throws it (SolanaJSONRPCError, then
 * classified by the retry policy); anything malformed is a MalformedRpcResponseError.
 */
export function parseProgramAccounts(res: unknown, programId: PublicKey, programIdText?: string): AccountList {
  expectPubkey(programId, 'programId');
  if (programIdText !== undefined) expectString(programIdText, 'programIdText');
  const pid = programIdText ?? programId.toBase58();
  if (res === null || typeof res !== 'object' || Array.isArray(res)) throw malformed('the answer is not a JSON-RPC object');
  const r = res as { error?: unknown; result?: unknown };
  if (r.error !== undefined) {
    const err = r.error as { code?: unknown; message?: unknown; data?: unknown } | null;
    if (!err || typeof err !== 'object' || typeof err.code !== 'number' || typeof err.message !== 'string') {
      throw malformed('the error object has no code or message');
    }
    throw new SolanaJSONRPCError(err as { code: number; message: string; data?: unknown }, `failed to get accounts owned by program ${pid}`);
  }
  const result = r.result as { context?: { slot?: unknown } | null; value?: unknown } | null | undefined;
  if (!result || typeof result !== 'object') throw malformed('the answer has no result');
  const value = result.value;
  if (!Array.isArray(value)) throw malformed('result is not an array');
  const slot = result.context?.slot;
  if (typeof slot !== 'number') throw malformed('result has no context slot');
  const n = value.length;
  const out: AccountList = new Array<AccountRecord>(n);
  for (let i = 0; i < n; i++) {
    const e = value[i] as { pubkey?: unknown; account?: unknown } | null;
    if (e === null || typeof e !== 'object') throw malformed(`entry ${i} is not an object`);
    const key = e.pubkey;
    if (typeof key !== 'string') throw malformed('an entry has no pubkey');
    const a = e.account as
      | { owner?: unknown; lamports?: unknown; data?: unknown; executable?: unknown; rentEpoch?: unknown; space?: unknown }
      | null
      | undefined;
    if (!a || typeof a !== 'object') throw malformed(`account ${key} is not an object`);
    const owner = a.owner === pid ? programId : typeof a.owner === 'string' ? parseKey(a.owner) : null;
    if (owner === null) throw malformed(`account ${key} has no owner`);
    if (typeof a.lamports !== 'number') throw malformed(`account ${key} has no lamports`);
    if (typeof a.executable !== 'boolean') throw malformed(`account ${key} has no executable flag`);
    if (typeof a.rentEpoch !== 'number') throw malformed(`account ${key} has no rent epoch`);
    const d = a.data;
    if (!Array.isArray(d) || d.length !== 2 || typeof d[0] !== 'string' || d[1] !== 'base64') {
      throw malformed(`account ${key} data is not base64 bytes`);
    }
    let data: Uint8Array;
    try {
      data = decodeBase64(d[0]);
    } catch {
      throw malformed(`account ${key} data is not base64 bytes`);
    }
    if (a.space !== undefined && a.space !== data.length) {
      throw malformed(`account ${key} data is not base64 of ${String(a.space)} bytes`);
    }
    const pubkey = parseKey(key);
    if (pubkey === null) throw malformed(`a pubkey is not a public key: ${key}`);
    rememberBase58(pubkey, key);
    out[i] = { pubkey, owner, lamports: a.lamports, data };
  }
  return withSlot(out, slot);
}

/**
 * Gives `pk` its base58 text back without encoding it again: the node sent it, and callers of
 * a listing print and index addresses by it (bs58 encoding is most of a 10k-device table's
 * cost). A non-enumerable own method, so the key still equals (and deep-equals) any other.
 */
function rememberBase58(pk: PublicKey, text: string): void {
  Object.defineProperty(pk, 'toBase58', { value: () => text, enumerable: false, configurable: true, writable: true });
}

function parseKey(s: string): PublicKey | null {
  try {
    return new PublicKey(s);
  } catch {
    return null;
  }
}

function toRecord(
  method: string,
  pubkey: PublicKey,
  info: { owner?: unknown; lamports?: unknown; data?: unknown } | null | undefined,
): AccountRecord {
  if (!info || typeof info !== 'object') throw new MalformedRpcResponseError(method, `account ${pubkey.toBase58()} is not an object`);
  if (!(info.owner instanceof PublicKey)) throw new MalformedRpcResponseError(method, `account ${pubkey.toBase58()} has no owner`);
  if (typeof info.lamports !== 'number') throw new MalformedRpcResponseError(method, `account ${pubkey.toBase58()} has no lamports`);
  if (!(info.data instanceof Uint8Array)) {
    throw new MalformedRpcResponseError(method, `account ${pubkey.toBase58()} data is not base64 bytes`);
  }
  return { pubkey, owner: info.owner, lamports: info.lamports, data: info.data };
}

/** Decodes the match bytes of a memcmp filter (base58 unless `encoding: 'base64'`). */
export function memcmpBytes(filter: Extract<GetProgramAccountsFilter, { memcmp: unknown }>): Uint8Array {
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
    return bs58.decode(bytes);
  } catch {
    throw new ValidationError('filters.memcmp.bytes', `"${bytes}" is not base58`);
  }
}

/** Throws ValidationError for a filter the RPC node would refuse. */
export function validateFilters(filters: readonly GetProgramAccountsFilter[]): void {
  if (!Array.isArray(filters)) throw new ValidationError('filters', 'must be an array');
  for (const f of filters) {
    if (f && typeof f === 'object' && 'memcmp' in f) {
      const off = f.memcmp.offset;
      if (!Number.isSafeInteger(off) || off < 0) {
        throw new ValidationError('filters.memcmp.offset', `${String(off)} is not a non-negative integer`);
      }
      const b = memcmpBytes(f);
      if (b.length > 128) throw new ValidationError('filters.memcmp.bytes', `${b.length} bytes is above the 128-byte limit`);
    } else if (f && typeof f === 'object' && 'dataSize' in f) {
      if (!Number.isSafeInteger(f.dataSize) || f.dataSize < 0) {
        throw new ValidationError('filters.dataSize', `${String(f.dataSize)} is not a non-negative integer`);
      }
    } else {
      throw new ValidationError('filters', `unknown filter ${JSON.stringify(f)}`);
    }
  }
}

/** Whether `data` passes every filter, with the node's semantics (memcmp past the end fails). */
export function matchesFilters(data: Uint8Array, filters: readonly GetProgramAccountsFilter[]): boolean {
  expectBytes(data, 'data');
  expectArray(filters, 'filters');
  for (const f of filters) {
    expectObject(f, 'filters[]');
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
export class MemoryAccountSource implements AccountSource {
  private readonly accounts = new Map<string, AccountRecord>();

  constructor(records: Iterable<AccountRecord> = []) {
    if (records === null || typeof records !== 'object' || typeof (records as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
      expectArray(records, 'records');
    }
    for (const r of records) this.set(r);
  }

  /** Adds or replaces one account. */
  set(record: AccountRecord): void {
    expectObject(record, 'record');
    expectPubkey(record.pubkey, 'record.pubkey');
    expectPubkey(record.owner, 'record.owner');
    expectBytes(record.data, 'record.data');
    this.accounts.set(record.pubkey.toBase58(), record);
  }

  /** Removes one account; returns whether it existed. */
  delete(pk: PublicKey): boolean {
    return this.accounts.delete(pk.toBase58());
  }

  get size(): number {
    return this.accounts.size;
  }

  records(): AccountRecord[] {
    return [...this.accounts.values()];
  }

  async getAccount(pk: PublicKey): Promise<AccountRecord | null> {
    return this.accounts.get(pk.toBase58()) ?? null;
  }

  async getAccounts(pks: readonly PublicKey[]): Promise<(AccountRecord | null)[]> {
    return pks.map((pk) => this.accounts.get(pk.toBase58()) ?? null);
  }

  async getProgramAccounts(programId: PublicKey, filters: GetProgramAccountsFilter[]): Promise<AccountRecord[]> {
    validateFilters(filters);
    const out: AccountRecord[] = [];
    for (const r of this.accounts.values()) {
      if (r.owner.equals(programId) && matchesFilters(r.data, filters)) out.push(r);
    }
    return out;
  }
}
