import type { FlexAlgoNodeSegment, Interface } from './device.js';
import type { KeyKind } from '../keys.js';
import { isAscii, networkV4At, textAt, u16At, u32At, u64At } from '../codec/fast.js';

// The current-format fast path of decodeDevice (src/core/state/device.ts) and of viewDevice.
//
// Nearly every account on chain is in the format the current program writes: every trailing
// field present, one tag-1 V2 legacy record per interface whose body is byte for byte the start
// of the matching version-4 record, complete version-4 records, nothing after the last field.
// `scanCurrentDevice` recognises exactly those accounts, with every string ASCII, every prefix
// length ≤ 32 and every bool byte 0/1 (so nothing in them can fail to decode), and records where
// the variable-position parts start; `buildCurrentDevice` then reads the fields straight from
// the bytes, with no Reader and no bounds checks. Any other account (older layouts, bytes after
// the last field, anything that would be a DecodeError) goes through the general decoder, which
// gives the same value for the accounts the fast path accepts (checked by test/state/currentFormat.test.ts).

/** Where the variable-position parts of the account last scanned start (filled by scanCurrentDevice). */
export const AT = new Int32Array(6);
export const AT_PREFIXES = 0; // dz_prefixes count
export const AT_METRICS = 1; // metrics_publisher_pk
export const AT_MGMT = 2; // mgmt_vrf length
export const AT_COUNTERS = 3; // reference_count
export const AT_RECORDS = 4; // interfaces count
export const AT_LEGACY = 5; // first deprecated_interfaces record

/** Byte offset of the code length in every Device account. */
export const CODE_AT = 120;
/** Legacy V2 record: tag, status, name length, name, 33 fixed bytes. */
const LEGACY_V2_FIXED = 39;
/** Version-4 record: size, version, status, name length, name, 33 fixed bytes, segment count, segments. */
const RECORD_V4_FIXED = 45;

/**
 * Whether `b` (byte 0 already checked) is a Device account in exactly the current format with
 * nothing in it that could fail to decode; fills AT when it is. Reads no more than it must.
 */
export function scanCurrentDevice(b: Uint8Array): boolean {
  const len = b.length;
  if (len < CODE_AT + 4) return false;
  let p = CODE_AT;
  const codeLen = u32At(b, p);
  if (codeLen > len - p - 4) return false;
  p += 4;
  if (!isAscii(b, p, p + codeLen)) return false;
  p += codeLen;
  if (p + 4 > len) return false;
  AT[AT_PREFIXES] = p;
  const np = u32At(b, p);
  if (np * 5 > len - p - 4) return false;
  p += 4;
  for (let i = 0; i < np; i++, p += 5) if (b[p + 4]! > 32) return false;
  if (p + 64 + 4 > len) return false;
  AT[AT_METRICS] = p;
  p += 64;
  AT[AT_MGMT] = p;
  const vrfLen = u32At(b, p);
  if (vrfLen > len - p - 4) return false;
  p += 4;
  if (!isAscii(b, p, p + vrfLen)) return false;
  p += vrfLen;
  if (p + 4 > len) return false;
  const n = u32At(b, p);
  p += 4;
  const legacyAt = p;
  // legacy records: one tag-1 V2 record each
  for (let i = 0; i < n; i++) {
    if (p + 6 > len || b[p] !== 1 /* LegacyInterfaceTag.V2 */) return false;
    const nameLen = u32At(b, p + 2);
    if (nameLen > len - p - LEGACY_V2_FIXED) return false;
    p += LEGACY_V2_FIXED + nameLen;
  }
  if (p + COUNTER_BLOCK_SIZE + 4 > len) return false;
  AT[AT_COUNTERS] = p;
  p += COUNTER_BLOCK_SIZE;
  if (u32At(b, p) !== n) return false;
  AT[AT_RECORDS] = p;
  p += 4;
  let lp = legacyAt;
  for (let i = 0; i < n; i++) {
    // version-4 record, complete, nothing after its segments
    if (p + RECORD_V4_FIXED > len) return false;
    const size = u16At(b, p);
    if (b[p + 2] !== 4) return false;
    const nameLen = u32At(b, p + 4);
    if (nameLen > len - p - RECORD_V4_FIXED) return false;
    const q = p + 8 + nameLen; // interface_type
    if (b[q + 29]! > 32 || b[q + 32]! > 1) return false; // ip_net prefix, user_tunnel_endpoint
    const segments = u32At(b, q + 33);
    if (segments > 0xffff || size !== RECORD_V4_FIXED + nameLen + 34 * segments || size > len - p) return false;
    if (!isAscii(b, p + 8, q)) return false;
    // the legacy record's body is the record body up to user_tunnel_endpoint, byte for byte
    if (u32At(b, lp + 2) !== nameLen) return false;
    const bodyLen = 38 + nameLen;
    const x = lp + 1;
    const y = p + 3;
    for (let j = 0; j < bodyLen; j++) if (b[x + j] !== b[y + j]) return false;
    lp += 1 + bodyLen;
    p += size;
  }
  AT[AT_LEGACY] = legacyAt;
  return p === len;
}

/** Byte length of the counter block reference_count … max_multicast_publishers. */
const COUNTER_BLOCK_SIZE = 24;

/** The interfaces of a scanned current-format account, from its records' count at `at`. */
export function readCurrentRecords<K>(b: Uint8Array, at: number, keys: KeyKind<K>): Interface<K>[] {
  const k = u32At(b, at);
  const out = new Array<Interface<K>>(k);
  let p = at + 4;
  for (let i = 0; i < k; i++) {
    const size = u16At(b, p);
    const nameLen = u32At(b, p + 4);
    const q = p + 8 + nameLen;
    const count = u32At(b, q + 33);
    const segments = new Array<FlexAlgoNodeSegment<K>>(count);
    for (let j = 0, s = q + 37; j < count; j++, s += 34) {
      segments[j] = { topology: keys.at(b, s), nodeSegmentIdx: u16At(b, s + 32) };
    }
    out[i] = {
      size,
      version: 4,
      status: b[p + 3]!,
      name: textAt(b, p + 8, nameLen),
      interfaceType: b[q]!,
      interfaceCyoa: b[q + 1]!,
      interfaceDia: b[q + 2]!,
      loopbackType: b[q + 3]!,
      bandwidth: u64At(b, q + 4),
      cir: u64At(b, q + 12),
      mtu: u16At(b, q + 20),
      routingMode: b[q + 22]!,
      vlanId: u16At(b, q + 23),
      ipNet: networkV4At(b, q + 25),
      nodeSegmentIdx: u16At(b, q + 30),
      userTunnelEndpoint: b[q + 32] === 1,
      flexAlgoNodeSegments: segments,
    };
    p += size;
  }
  return out;
}
