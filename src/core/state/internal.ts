import { isKey, isZeroKey as isZeroKeyBytes } from '../keys.js';
import { AccountType, type EnumSpec } from '../enums.js';
import type { Reader } from '../codec/reader.js';
import { Writer } from '../codec/writer.js';
import { attachLayout } from './common.js';
import { expectObject } from '../validate.js';

// Helpers shared by the account codecs of this folder. Internal: src/index.ts does not re-export
// this module, so none of it is public API.
//
// Trailing (legacy) fields: an account written by an older program ends before some of them.
// Like the program (docs/wire-format.md#reading-an-account), a trailing field is present only when all of
// its bytes are there; when fewer bytes remain than it needs (for a vector or string: the count
// is readable but its elements are cut), it and every later trailing field are absent and take
// their defaults. A decoder counts the fields present and gates each on the previous one:
//
//     let trailing = 0;
//     const referenceCount = r.remaining >= 4 ? (trailing++, r.u32('reference_count')) : 0;
//     const usersCount = trailing === 1 && r.remaining >= 2 ? (trailing++, r.u16('users_count')) : 0;
//     const names = trailing === 2 && vecFits(r, 1) ? (trailing++, r.string('names')) : '';
//
// then, when the account is not in the current format, `withLayout` records how many were present
// and the bytes after the last one present (a cut field, or what a newer program wrote after the
// last known field); the encoder writes `trailingFieldsToWrite(...)` of them and ends with
// `finishEncode`, giving back the exact bytes. Invalid contents of a field that is wholly there
// (bad UTF-8, a prefix > 32...) stay a DecodeError.

/** How a decoded account's bytes ended (attached non-enumerably under RAW_LAYOUT). */
export interface TrailingLayout {
  /** How many of the account's trailing (legacy) fields were present. */
  trailing: number;
  /**
   * Bytes after the last trailing field present: a cut trailing field (fewer bytes than it
   * needs, kept as stored), or bytes a newer program wrote after the last known field.
   */
  extra: Uint8Array;
}

/**
 * Whether a whole Borsh vector (or string, `elementSize` 1) of fixed-size elements starts at the
 * reader's position: its u32 count is there and so are all of its elements. Moves nothing.
 */
export function vecFits(r: Reader<unknown>, elementSize: number): boolean {
  const left = r.remaining - 4;
  return left >= 0 && r.dv.getUint32(r.pos, true) * elementSize <= left;
}

/** A shared empty tail. */
export const EMPTY_BYTES: Uint8Array = new Uint8Array(0);

/**
 * The bytes from the reader's position to `end` (default: the end of the data) as a copy (for a
 * Buffer input, slice() would share the caller's memory); the reader moves to `end`. (On a hot
 * path, test `r.pos < end` inline first and use EMPTY_BYTES: the call costs a few percent.)
 */
export function restOf(r: Reader<unknown>, end: number = r.length): Uint8Array {
  return r.pos < end ? r.bytes(end - r.pos, 'extra') : EMPTY_BYTES;
}

/**
 * Attaches the TrailingLayout of a decoded value that is not in the current format (fewer
 * trailing fields present, or bytes after the last one) and returns the value. Decoders keep the
 * current-format check inline and call this only when it fails: a current-format account carries
 * no marker, and a call on the hot path costs a few percent of decode speed.
 */
export function withLayout<T extends object>(r: Reader<unknown>, value: T, trailing: number): T {
  return attachLayout<T, TrailingLayout>(value, { trailing, extra: restOf(r) });
}

/**
 * How many trailing fields to write, `isDefault[i]` telling whether field i holds the value an
 * absent field takes: all of them when `present` is undefined (a value without layout marker,
 * built by hand or a spread copy); else as many as were decoded, or more to reach the last field
 * that no longer holds its default.
 */
export function trailingFieldsToWrite(present: number | undefined, isDefault: readonly boolean[]): number {
  const total = isDefault.length;
  if (present === undefined) return total;
  const n = Math.min(Math.max(0, present | 0), total);
  for (let i = total - 1; i >= n; i--) if (!isDefault[i]) return i + 1;
  return n;
}

/** Starts an encoder: a Writer named after the type, with the checked account_type byte written. */
export function beginEncode(value: { accountType: unknown }, accountType: AccountType, capacity: number): Writer {
  const name = AccountType[accountType]!;
  // The argument is named after its type: encodeDevice(device), encodeGlobalState(globalState)...
  expectObject(value, name[0]!.toLowerCase() + name.slice(1));
  const w = new Writer(name, capacity);
  if (value.accountType !== accountType) {
    w.fail('account_type', `${String(value.accountType)} is not ${accountType} (${name})`);
  }
  w.u8(accountType, 'account_type');
  return w;
}

/**
 * Ends an encoder: appends the extra tail of a decoded value when exactly the trailing fields it
 * was decoded with were written (`layout.trailing`, or `total` for a layout without trailing
 * fields); a value that now writes more trailing fields drops the tail (a cut field it replaced).
 */
export function finishEncode(
  w: Writer,
  layout: { extra: Uint8Array; trailing?: number } | undefined,
  written: number,
  total: number,
): Uint8Array {
  if (layout && layout.extra.length > 0 && written === (layout.trailing ?? total)) w.bytes(layout.extra);
  return w.finish();
}

/** Writes a 1-byte enum field; a value the enum does not declare is an EncodeError. */
export function writeEnum(w: Writer, spec: EnumSpec, v: number, field: string): void {
  if (!spec.isKnown(v)) w.fail(field, `${String(v)} is not a declared ${spec.name} value`);
  w.u8(v, field);
}

/** Whether `k` is the all-zero key, the default of an absent pubkey field. */
export function isZeroKey(k: unknown): boolean {
  return isKey(k) && isZeroKeyBytes(k);
}

/** Whether `v` is an empty array, the default of an absent vector field. */
export function isEmptyList(v: unknown): boolean {
  return Array.isArray(v) && v.length === 0;
}
