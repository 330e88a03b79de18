import { DecodeError, EncodeError } from '../errors.js';
import { AccountType, AccountTypeSpec } from '../enums.js';
import { beginDecode, type AccountBytes, type DecodeOptions } from './common.js';
import { checkAccountBytes, expectObject } from '../validate.js';
import { decodeContributor, encodeContributor, type Contributor } from './contributor.js';
import { decodeDevice, encodeDevice, type Device } from './device.js';
import { decodeExchange, encodeExchange, type Exchange } from './exchange.js';
import { decodeGlobalConfig, encodeGlobalConfig, type GlobalConfig } from './globalConfig.js';
import { decodeGlobalState, encodeGlobalState, type GlobalState } from './globalState.js';
import { decodeLink, encodeLink, type Link } from './link.js';
import { decodeLocation, encodeLocation, type Location } from './location.js';
import { decodePermission, encodePermission, type Permission } from './permission.js';
import type { KeyInput, KeyKind } from '../keys.js';

/** Account types the program stores that dzprov does not decode (their bytes are passed through). */
export type UnsupportedAccountType =
  | AccountType.User
  | AccountType.MulticastGroup
  | AccountType.ProgramConfig
  | AccountType.AccessPass
  | AccountType.ResourceExtension
  | AccountType.Tenant
  | AccountType.Index
  | AccountType.Topology
  | AccountType.Feed;

/** An account of a known type that dzprov does not decode: its type and a copy of its bytes. */
export interface UnsupportedAccount {
  /** The account's type. */
  accountType: UnsupportedAccountType;
  /** A copy of the account's bytes. */
  data: Uint8Array;
}

/** Any decoded serviceability account, discriminated by `accountType`. */
export type Account<K = KeyInput> =
  | Device<K>
  | Link<K>
  | GlobalState<K>
  | GlobalConfig<K>
  | Location<K>
  | Exchange<K>
  | Contributor<K>
  | Permission<K>
  | UnsupportedAccount;

const UNSUPPORTED: ReadonlySet<number> = new Set<number>([
  AccountType.User,
  AccountType.MulticastGroup,
  AccountType.ProgramConfig,
  AccountType.AccessPass,
  AccountType.ResourceExtension,
  AccountType.Tenant,
  AccountType.Index,
  AccountType.Topology,
  AccountType.Feed,
]);

/** Whether `accountType` is a type dzprov passes through as an UnsupportedAccount. */
export function isUnsupportedAccountType(accountType: number): accountType is UnsupportedAccountType {
  return UNSUPPORTED.has(accountType);
}

/**
 * Decodes any serviceability account by its byte 0 (with the per-type decoder, so with the same
 * strictness and the same owner check). Types dzprov does not decode come back as
 * `UnsupportedAccount`. Empty data, type 0 (None), 14 (removed) or any other undeclared type
 * byte is a DecodeError.
 */
export function decodeAccount<K>(keys: KeyKind<K>, input: AccountBytes, opts?: DecodeOptions): Account<K> {
  checkAccountBytes(input, opts);
  const data = input instanceof Uint8Array ? input : input?.data;
  if (!(data instanceof Uint8Array)) throw new DecodeError('Account', 'account_type', 0, 'account data is not a byte array');
  if (data.length === 0) throw new DecodeError('Account', 'account_type', 0, 'account has no data');
  const t = data[0]!;
  switch (t) {
    case AccountType.Device:
      return decodeDevice(keys, input, opts);
    case AccountType.Link:
      return decodeLink(keys, input, opts);
    case AccountType.GlobalState:
      return decodeGlobalState(keys, input, opts);
    case AccountType.GlobalConfig:
      return decodeGlobalConfig(keys, input, opts);
    case AccountType.Location:
      return decodeLocation(keys, input, opts);
    case AccountType.Exchange:
      return decodeExchange(keys, input, opts);
    case AccountType.Contributor:
      return decodeContributor(keys, input, opts);
    case AccountType.Permission:
      return decodePermission(keys, input, opts);
    default:
      if (isUnsupportedAccountType(t)) {
        beginDecode(input, t, opts, keys); // owner check
        return { accountType: t, data: new Uint8Array(data) }; // a copy (Buffer#slice would share memory)
      }
      throw new DecodeError(
        'Account',
        'account_type',
        0,
        t === AccountType.None ? 'account type byte is 0 (none), never a valid stored account' : `unknown account type byte ${t}`,
      );
  }
}

/** Encodes any account `decodeAccount` returns (an UnsupportedAccount gives back a copy of its bytes). */
export function encodeAccount(account: Account): Uint8Array {
  expectObject(account, 'account');
  switch (account?.accountType) {
    case AccountType.Device:
      return encodeDevice(account);
    case AccountType.Link:
      return encodeLink(account);
    case AccountType.GlobalState:
      return encodeGlobalState(account);
    case AccountType.GlobalConfig:
      return encodeGlobalConfig(account);
    case AccountType.Location:
      return encodeLocation(account);
    case AccountType.Exchange:
      return encodeExchange(account);
    case AccountType.Contributor:
      return encodeContributor(account);
    case AccountType.Permission:
      return encodePermission(account);
    default: {
      const a = account as Partial<UnsupportedAccount> | undefined;
      const t = a?.accountType;
      if (typeof t !== 'number' || !isUnsupportedAccountType(t)) {
        throw new EncodeError('Account', 'account_type', `${String(t)} is not a known account type`);
      }
      const name = AccountTypeSpec.variants[t]!;
      if (!(a!.data instanceof Uint8Array)) throw new EncodeError(name, 'data', 'is not a byte array');
      if (a!.data[0] !== t) {
        throw new EncodeError(name, 'data', `byte 0 is ${String(a!.data[0])}, not the account type ${t}`);
      }
      return new Uint8Array(a!.data);
    }
  }
}
