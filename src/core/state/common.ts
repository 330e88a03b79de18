import { DecodeError, WrongOwnerError } from '../errors.js';
import { checkAccountBytes, expectInteger, expectObject, expectKey } from '../validate.js';
import { AccountType, AccountTypeSpec } from '../enums.js';
import { Reader } from '../codec/reader.js';
import { base58Encode } from '../codec/base58.js';
import { keyEquals, keyText, type KeyInput, type KeyKind } from '../keys.js';

/**
 * A getProgramAccounts filter, in the JSON-RPC's own shape (web3.js v1's
 * `GetProgramAccountsFilter` is the same): a `memcmp` of base58 (default) or base64 bytes at an
 * offset, or a `dataSize`.
 */
export type ProgramAccountsFilter =
  | {
      /** Keep the accounts whose data holds `bytes` at `offset`. */
      memcmp: {
        /** Byte offset in the account data. */
        offset: number;
        /** The bytes to compare, encoded as `encoding` says. */
        bytes: string;
        /** How `bytes` is encoded (default base58). */
        encoding?: 'base58' | 'base64';
      };
    }
  | {
      /** Keep the accounts whose data is exactly this many bytes long. */
      dataSize: number;
    };

/** A filter as the core accepts it: the RPC's shape, or kit's (offsets and sizes as bigints). */
export type AnyProgramAccountsFilter =
  | ProgramAccountsFilter
  | {
      /** Keep the accounts whose data holds `bytes` at `offset`. */
      readonly memcmp: {
        /** Byte offset in the account data. */
        readonly offset: number | bigint;
        /** The bytes to compare, encoded as `encoding` says. */
        readonly bytes: string;
        /** How `bytes` is encoded (default base58). */
        readonly encoding?: 'base58' | 'base64';
      };
    }
  | {
      /** Keep the accounts whose data is exactly this many bytes long. */
      readonly dataSize: number | bigint;
    };

/** Options every account decoder accepts. */
export interface DecodeOptions {
  /**
   * The account's owner as reported by RPC. When given together with `programId`, the decoder
   * refuses an account the program does not own (WrongOwnerError) before reading any byte.
   */
  owner?: KeyInput;
  /** The serviceability program id the account must belong to. */
  programId?: KeyInput;
  /** The account address, for error messages. */
  address?: KeyInput;
}

/** Anything holding account bytes: a Uint8Array, a Buffer, or web3.js `AccountInfo`. */
export type AccountBytes =
  | Uint8Array
  | {
      /** The account data. */
      data: Uint8Array;
      /** The program that owns the account, as RPC reports it. */
      owner?: KeyInput;
    };

/**
 * Non-enumerable marker on a decoded account recording how its bytes were laid out (which
 * trailing fields were present, legacy records, bytes written by a newer program...), so that
 * `encodeX(decodeX(bytes))` gives back exactly `bytes`. A value built by hand, or a copy made
 * with spread syntax, has no marker and is encoded the way the current program writes it.
 */
export const RAW_LAYOUT: unique symbol = Symbol.for('dzprov.rawLayout');

/** Records on `value` (non-enumerably, under RAW_LAYOUT) how its bytes were laid out, so that it re-encodes byte for byte; returns `value`. */
export function attachLayout<T extends object, L>(value: T, layout: L): T {
  expectObject(value, 'value');
  Object.defineProperty(value, RAW_LAYOUT, { value: layout, enumerable: false, writable: true, configurable: true });
  return value;
}

/** The layout recorded on a decoded value by attachLayout, or undefined when it has none. */
export function layoutOf<L>(value: object): L | undefined {
  expectObject(value, 'value');
  return (value as { [RAW_LAYOUT]?: L })[RAW_LAYOUT];
}

/**
 * Starts decoding an account: checks owner (when known), that there is at least the type byte,
 * and that byte 0 is `accountType`. Returns a Reader positioned after the type byte.
 */
export function beginDecode<K>(input: AccountBytes, accountType: AccountType, opts: DecodeOptions | undefined, keys: KeyKind<K>): Reader<K> {
  checkAccountBytes(input, opts);
  expectInteger(accountType, 'accountType');
  const typeName = AccountType[accountType] ?? `account type ${accountType}`;
  const data = input instanceof Uint8Array ? input : input.data;
  const owner = opts?.owner ?? (input instanceof Uint8Array ? undefined : input.owner);
  if (owner !== undefined && opts?.programId !== undefined && !keyEquals(owner, opts.programId)) {
    throw new WrongOwnerError(opts.address === undefined ? undefined : keyText(opts.address), keyText(opts.programId), keyText(owner));
  }
  if (!(data instanceof Uint8Array)) {
    throw new DecodeError(typeName, 'account_type', 0, 'account data is not a byte array');
  }
  if (data.length === 0) throw new DecodeError(typeName, 'account_type', 0, 'account has no data');
  const t = data[0]!;
  if (t !== accountType) {
    throw new DecodeError(
      typeName,
      'account_type',
      0,
      `account type byte is ${t} (${AccountTypeSpec.label(t)}), expected ${accountType} (${AccountTypeSpec.label(accountType)})`,
    );
  }
  return new Reader(data, typeName, 1, keys);
}

/** The memcmp filter selecting accounts whose byte 0 is `accountType` (for getProgramAccounts). */
export function accountTypeFilter(accountType: AccountType): ProgramAccountsFilter {
  expectInteger(accountType, 'accountType', 0, 255);
  return { memcmp: { offset: 0, bytes: base58Encode(Uint8Array.of(accountType)) } };
}

/** A memcmp filter matching a pubkey stored at a fixed `offset`. */
export function pubkeyFilter(offset: number, key: KeyInput): ProgramAccountsFilter {
  expectInteger(offset, 'offset', 0);
  expectKey(key, 'key');
  return { memcmp: { offset, bytes: keyText(key) } };
}
