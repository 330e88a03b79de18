import type { Commitment, Connection, GetProgramAccountsFilter } from '@solana/web3.js';
import { PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import { decodeBase64 } from '../codec/base64.js';
import { ValidationError } from '../errors.js';
import { MalformedRpcResponseError } from './errors.js';
import { resolveRetry, withRetry, type ResolvedRetry, type RetryOptions } from './retry.js';

/** One account as the client sees it, whatever it was read from. */
export interface AccountRecord {
  pubkey: PublicKey;
  owner: PublicKey;
  lamports: number;
  data: Uint8Array;
}

/**
 * Where the client reads accounts from: a live RPC node (`RpcAccountSource`) or an in-memory
 * ledger (`MemoryAccountSource`). Missing accounts are `null`, never an error.
 */
export interface AccountSource {
  getAccount(pk: PublicKey): Promise<AccountRecord | null>;
  /** One entry per requested key, in order. */
  getAccounts(pks: readonly PublicKey[]): Promise<(AccountRecord | null)[]>;
  /** Accounts owned by `programId` that pass every filter (memcmp / dataSize). */
  getProgramAccounts(programId: PublicKey, filters: GetProgramAccountsFilter[]): Promise<AccountRecord[]>;
}

/** The most keys one getMultipleAccounts call may carry (the RPC node's limit). */
export const MAX_MULTIPLE_ACCOUNTS = 100;

export interface RpcAccountSourceOptions {
  commitment?: Commitment;
  retry?: RetryOptions;
  /** Keys per getMultipleAccounts call, 1..100 (default 100). */
  batchSize?: number;
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

  constructor(
    readonly connection: Connection,
    opts: RpcAccountSourceOptions = {},
  ) {
    this.retry = resolveRetry(opts.retry);
    this.commitment = opts.commitment;
    const b = opts.batchSize ?? MAX_MULTIPLE_ACCOUNTS;
    if (!Number.isInteger(b) || b < 1 || b > MAX_MULTIPLE_ACCOUNTS) {
      throw new ValidationError('batchSize', `must be an integer in 1..${MAX_MULTIPLE_ACCOUNTS}, got ${String(b)}`);
    }
    this.batchSize = b;
  }

  /** Runs one read call with this source's retry policy and timeout. */
  read<T>(method: string, fn: () => Promise<T>): Promise<T> {
    return withRetry(method, this.retry, fn);
  }

  async getAccount(pk: PublicKey): Promise<AccountRecord | null> {
    const [rec] = await this.getAccounts([pk]);
    return rec ?? null;
  }

  async getAccounts(pks: readonly PublicKey[]): Promise<(AccountRecord | null)[]> {
    if (pks.length === 0) return [];
    const chunks: PublicKey[][] = [];
    for (let i = 0; i < pks.length; i += this.batchSize) chunks.push(pks.slice(i, i + this.batchSize));
    const results = await Promise.all(
      chunks.map((chunk) =>
        this.read('getMultipleAccounts', async () => {
          const infos = await this.connection.getMultipleAccountsInfo(
            chunk,
            this.commitment ? { commitment: this.commitment } : undefined,
          );
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

  async getProgramAccounts(programId: PublicKey, filters: GetProgramAccountsFilter[]): Promise<AccountRecord[]> {
    validateFilters(filters);
    return this.read('getProgramAccounts', async () => {
      const res = await this.connection.getProgramAccounts(programId, {
        ...(this.commitment ? { commitment: this.commitment } : {}),
        encoding: 'base64',
        filters,
      });
      if (!Array.isArray(res)) throw new MalformedRpcResponseError('getProgramAccounts', 'result is not an array');
      return res.map((r) => {
        if (!r || !(r.pubkey instanceof PublicKey)) {
          throw new MalformedRpcResponseError('getProgramAccounts', 'an entry has no pubkey');
        }
        return toRecord('getProgramAccounts', r.pubkey, r.account);
      });
    });
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
  for (const f of filters) {
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
    for (const r of records) this.set(r);
  }

  /** Adds or replaces one account. */
  set(record: AccountRecord): void {
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
