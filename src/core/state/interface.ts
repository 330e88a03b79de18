import { isKey, keyEquals, type KeyInput } from '../keys.js';
import { DecodeError, EncodeError, ValidationError } from '../errors.js';
import { parseNetworkV4, scanNetworkV4 } from '../codec/net.js';
import {
  InterfaceCYOA,
  InterfaceCYOASpec,
  InterfaceDIA,
  InterfaceDIASpec,
  InterfaceStatus,
  InterfaceStatusSpec,
  InterfaceType,
  InterfaceTypeSpec,
  LoopbackType,
  LoopbackTypeSpec,
  RoutingMode,
  RoutingModeSpec,
  type EnumSpec,
} from '../enums.js';
import type { Reader } from '../codec/reader.js';
import type { Writer } from '../codec/writer.js';
import { attachLayout, layoutOf } from './common.js';
import { EMPTY_BYTES, isEmptyList, restOf, trailingFieldsToWrite, writeEnum } from './internal.js';
import type { FlexAlgoNodeSegment, Interface } from './device.js';

/**
 * The two on-chain representations of a device interface (docs/wire-format.md#legacy-interface-records, #size-prefixed-interface-records):
 *
 * - the legacy versioned records of `deprecated_interfaces` (a 1-byte tag, then a body whose
 *   shape depends on the tag), which every program version still writes, and
 * - the size-prefixed records of the trailing `interfaces` vector (u16 size including the
 *   3-byte header, u8 version, body), which the current program treats as authoritative.
 *
 * The readers here work on a shared {@link Reader} positioned at the start of one record and
 * name the failing field as `deprecated_interfaces[i].<field>` / `interfaces[i].<field>`.
 */

/** Schema version the current program stamps on every size-prefixed interface record. */
export const CURRENT_INTERFACE_SCHEMA_VERSION = 4;

/** The program's INTERFACE_MTU: mtu given to a V1 legacy record when it is promoted to V2. */
const PROMOTED_MTU = 9000;

/** Tag byte of a legacy interface record (docs/wire-format.md#interface-enums). */
export enum LegacyInterfaceTag {
  /** V1 body (no CYOA/DIA/bandwidth/cir/mtu/routing mode). */
  V1 = 0,
  /** V2 body: what every current program writes. */
  V2 = 1,
  /** Reserved, never written; read exactly like V2. */
  V2Reserved = 2,
  /** Short-lived historical format: the V2 body followed by a flex-algo segment vector. */
  V3 = 3,
}

/**
 * One element of the legacy `deprecated_interfaces` vector, as stored.
 *
 * The enum fields are the raw bytes (an undeclared value is kept as the number, so a bad byte
 * never costs alignment). The value fields are the record's V2 view, which is what the program
 * uses: a V1 record (tag 0) shows the V1→V2 promotion values (cyoa/dia None, bandwidth/cir 0,
 * mtu 9000, routing Static) for the fields it does not store; a tag ≥ 4 record has no body on
 * the wire and shows the program's default V2 (status Pending, empty name, mtu 9000, rest 0).
 * Only tag 3 stores `flexAlgoNodeSegments` on the wire (the program drops them); it is empty
 * for every other tag.
 */
export interface LegacyInterface<K = KeyInput> extends Omit<Interface<K>, 'size' | 'version'> {
  /** The record's tag (its version on the wire: 0 = V1, 1 = V2, 3 = V3, ...). */
  tag: number;
}

/**
 * How a size-prefixed record deviated from what the current program writes (a version other
 * than 4, a short body, body bytes after the version-4 fields, a bool byte other than 0/1).
 * Attached non-enumerably (RAW_LAYOUT) to a decoded {@link Interface} only in those cases, so
 * that the record re-encodes byte for byte; a spread copy loses it and is written as version 4.
 */
export interface InterfaceRecordLayout {
  /** How many of the INTERFACE_RECORD_FIELDS the body held (15 = all; fewer = short body). */
  fields: number;
  /** Body bytes after the version-4 fields (written by a newer schema version). */
  extra: Uint8Array;
  /** The raw user_tunnel_endpoint byte when it was neither 0 nor 1 (else 0). */
  userTunnelEndpointByte: number;
}

/** The version-4 body fields of a size-prefixed record, in wire order (program spelling). */
export const INTERFACE_RECORD_FIELDS = Object.freeze([
  'status',
  'name',
  'interface_type',
  'interface_cyoa',
  'interface_dia',
  'loopback_type',
  'bandwidth',
  'cir',
  'mtu',
  'routing_mode',
  'vlan_id',
  'ip_net',
  'node_segment_idx',
  'user_tunnel_endpoint',
  'flex_algo_node_segments',
] as const);

const RECORD_FIELD_COUNT: number = INTERFACE_RECORD_FIELDS.length;
/** Fixed part of a version-4 record: header 3 + body without name bytes and segments. */
const RECORD_FIXED = 45;
const SEGMENT_SIZE = 34;

const NET_SCRATCH = new Uint8Array(5);

// ---------------------------------------------------------------------------------------------
// Sizes

/** The UTF-8 byte length of `s` (what Borsh writes for the string, without the 4-byte prefix). */
export function interfaceNameByteLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        // A surrogate pair: 2 UTF-16 units, 4 UTF-8 bytes.
        n += 2;
        i++;
      } else n += 2;
    } else n += 2; // BMP above U+07FF, or a lone surrogate (written as U+FFFD, 3 bytes)
  }
  return n;
}

/**
 * On-disk length of a complete version-4 record for `iface`, header included:
 * 45 + N + 34·k (N = name bytes, k = flex-algo segments), the program's compute_on_disk_size.
 */
export function interfaceRecordSize(iface: Pick<Interface, 'name' | 'flexAlgoNodeSegments'>): number {
  return RECORD_FIXED + interfaceNameByteLength(iface.name) + SEGMENT_SIZE * iface.flexAlgoNodeSegments.length;
}

/** On-disk length of a legacy record, tag byte included (V1 18 + N, V2 39 + N, V3 43 + N + 34k, tag ≥ 4: 1). */
export function legacyInterfaceSize(rec: LegacyInterface): number {
  const n = interfaceNameByteLength(rec.name);
  switch (rec.tag) {
    case LegacyInterfaceTag.V1:
      return 18 + n;
    case LegacyInterfaceTag.V2:
    case LegacyInterfaceTag.V2Reserved:
      return 39 + n;
    case LegacyInterfaceTag.V3:
      return 43 + n + SEGMENT_SIZE * rec.flexAlgoNodeSegments.length;
    default:
      return 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Conversions

/**
 * The interface the program builds from a legacy record when the trailing vector is absent or
 * empty (docs/wire-format.md#which-interfaces-a-device-reports): the record's V2 view (V1 promoted with mtu 9000, cyoa/dia None,
 * bandwidth/cir 0, routing Static) with `version` 4, no flex-algo segments (a tag-3 record's
 * segments are dropped, as the program does), and `size` = the on-disk size of that version-4
 * record, 45 + N. This is the Rust program's value; the upstream SDKs and the upstream
 * device_legacy fixture report 0 there instead.
 */
export function interfaceFromLegacy<K>(rec: LegacyInterface<K>): Interface<K> {
  return {
    size: RECORD_FIXED + interfaceNameByteLength(rec.name),
    version: CURRENT_INTERFACE_SCHEMA_VERSION,
    status: rec.status,
    name: rec.name,
    interfaceType: rec.interfaceType,
    interfaceCyoa: rec.interfaceCyoa,
    interfaceDia: rec.interfaceDia,
    loopbackType: rec.loopbackType,
    bandwidth: rec.bandwidth,
    cir: rec.cir,
    mtu: rec.mtu,
    routingMode: rec.routingMode,
    vlanId: rec.vlanId,
    ipNet: rec.ipNet,
    nodeSegmentIdx: rec.nodeSegmentIdx,
    userTunnelEndpoint: rec.userTunnelEndpoint,
    flexAlgoNodeSegments: [],
  };
}

/** The legacy record the current program writes for `iface`: tag 1 (V2), flex-algo segments dropped. */
export function legacyFromInterface<K>(iface: Interface<K>): LegacyInterface<K> {
  return {
    tag: LegacyInterfaceTag.V2,
    status: iface.status,
    name: iface.name,
    interfaceType: iface.interfaceType,
    interfaceCyoa: iface.interfaceCyoa,
    interfaceDia: iface.interfaceDia,
    loopbackType: iface.loopbackType,
    bandwidth: iface.bandwidth,
    cir: iface.cir,
    mtu: iface.mtu,
    routingMode: iface.routingMode,
    vlanId: iface.vlanId,
    ipNet: iface.ipNet,
    nodeSegmentIdx: iface.nodeSegmentIdx,
    userTunnelEndpoint: iface.userTunnelEndpoint,
    flexAlgoNodeSegments: [],
  };
}

/** Whether the V2 view of `rec` carries exactly the values of `iface` (size, version and segments aside). */
export function legacyMatchesInterface(rec: LegacyInterface, iface: Interface): boolean {
  return (
    rec.status === iface.status &&
    rec.name === iface.name &&
    rec.interfaceType === iface.interfaceType &&
    rec.interfaceCyoa === iface.interfaceCyoa &&
    rec.interfaceDia === iface.interfaceDia &&
    rec.loopbackType === iface.loopbackType &&
    rec.bandwidth === iface.bandwidth &&
    rec.cir === iface.cir &&
    rec.mtu === iface.mtu &&
    rec.routingMode === iface.routingMode &&
    rec.vlanId === iface.vlanId &&
    rec.ipNet === iface.ipNet &&
    rec.nodeSegmentIdx === iface.nodeSegmentIdx &&
    rec.userTunnelEndpoint === iface.userTunnelEndpoint
  );
}

// ---------------------------------------------------------------------------------------------
// Errors with the record index in the field name

function nestedDecodeError(e: unknown, vec: string, index: number): unknown {
  if (e instanceof DecodeError) {
    return new DecodeError(e.accountType, `${vec}[${index}].${e.field}`, e.offset, e.reason);
  }
  return e;
}

function nestedEncodeError(e: unknown, vec: string, index: number): unknown {
  if (e instanceof EncodeError) return new EncodeError(e.typeName, `${vec}[${index}].${e.field}`, e.reason);
  return e;
}

// ---------------------------------------------------------------------------------------------
// Legacy records

/**
 * A flex-algo segment vector at the reader's position; inside a size-prefixed record ending at
 * `end` (whose 4 count bytes are known to be there), its elements must also fit before `end`.
 */
function readSegments<K>(r: Reader<K>, end?: number): FlexAlgoNodeSegment<K>[] {
  const field = 'flex_algo_node_segments';
  if (end !== undefined) {
    const k = r.dv.getUint32(r.pos, true);
    if (k * SEGMENT_SIZE > end - r.pos - 4) {
      r.fail(field, `vector of ${k} element(s) cannot fit in the ${end - r.pos - 4} byte(s) left in the record`);
    }
  }
  const n = r.vecLen(field, SEGMENT_SIZE);
  const out = new Array<FlexAlgoNodeSegment<K>>(n);
  for (let i = 0; i < n; i++) {
    const topology = r.pubkey(field);
    out[i] = { topology, nodeSegmentIdx: r.u16(field) };
  }
  return out;
}

/**
 * Reads one `deprecated_interfaces` element at the reader's position (docs/wire-format.md#legacy-interface-records):
 * tag 0 → V1 body; tags 1 and 2 → V2 body; tag 3 → V2 body and its flex-algo segment vector
 * (consumed, so the account never misaligns); tag ≥ 4 → only the tag byte, the program's default
 * V2. Enum bytes are read raw; bools, strings and networks strictly. Errors name
 * `deprecated_interfaces[index].<field>`.
 */
export function readLegacyInterface<K>(r: Reader<K>, index = 0): LegacyInterface<K> {
  try {
    const tag = r.u8('tag');
    if (tag > LegacyInterfaceTag.V3) {
      return {
        tag,
        status: InterfaceStatus.Pending,
        name: '',
        interfaceType: InterfaceType.Invalid,
        interfaceCyoa: InterfaceCYOA.None,
        interfaceDia: InterfaceDIA.None,
        loopbackType: LoopbackType.None,
        bandwidth: 0n,
        cir: 0n,
        mtu: PROMOTED_MTU,
        routingMode: RoutingMode.Static,
        vlanId: 0,
        ipNet: '0.0.0.0/0',
        nodeSegmentIdx: 0,
        userTunnelEndpoint: false,
        flexAlgoNodeSegments: [],
      };
    }
    const status = r.u8('status');
    const name = r.string('name');
    const interfaceType = r.u8('interface_type');
    let interfaceCyoa = 0;
    let interfaceDia = 0;
    let loopbackType: number;
    let bandwidth = 0n;
    let cir = 0n;
    let mtu = PROMOTED_MTU;
    let routingMode = 0;
    if (tag === LegacyInterfaceTag.V1) {
      loopbackType = r.u8('loopback_type');
    } else {
      interfaceCyoa = r.u8('interface_cyoa');
      interfaceDia = r.u8('interface_dia');
      loopbackType = r.u8('loopback_type');
      bandwidth = r.u64('bandwidth');
      cir = r.u64('cir');
      mtu = r.u16('mtu');
      routingMode = r.u8('routing_mode');
    }
    const vlanId = r.u16('vlan_id');
    const ipNet = r.networkV4('ip_net');
    const nodeSegmentIdx = r.u16('node_segment_idx');
    const userTunnelEndpoint = r.bool('user_tunnel_endpoint');
    const flexAlgoNodeSegments = tag === LegacyInterfaceTag.V3 ? readSegments(r) : [];
    return {
      tag,
      status,
      name,
      interfaceType,
      interfaceCyoa,
      interfaceDia,
      loopbackType,
      bandwidth,
      cir,
      mtu,
      routingMode,
      vlanId,
      ipNet,
      nodeSegmentIdx,
      userTunnelEndpoint,
      flexAlgoNodeSegments,
    };
  } catch (e) {
    throw nestedDecodeError(e, 'deprecated_interfaces', index);
  }
}

/**
 * Writes one legacy record exactly as `rec` describes it: the tag, then the body for that tag
 * (V1 fields only for tag 0; V2 for 1 and 2; V2 + segments for 3; nothing for tag ≥ 4). The enum
 * fields are written as the raw bytes they hold (a legacy record is a stored value, not a
 * request); out-of-range numbers are refused with EncodeError naming
 * `deprecated_interfaces[index].<field>`.
 */
export function writeLegacyInterface(w: Writer, rec: LegacyInterface, index = 0): void {
  try {
    const tag = rec.tag;
    w.u8(tag, 'tag');
    if (tag > LegacyInterfaceTag.V3) return;
    w.u8(rec.status, 'status');
    w.string(rec.name, 'name');
    w.u8(rec.interfaceType, 'interface_type');
    if (tag === LegacyInterfaceTag.V1) {
      w.u8(rec.loopbackType, 'loopback_type');
    } else {
      w.u8(rec.interfaceCyoa, 'interface_cyoa');
      w.u8(rec.interfaceDia, 'interface_dia');
      w.u8(rec.loopbackType, 'loopback_type');
      w.u64(rec.bandwidth, 'bandwidth');
      w.u64(rec.cir, 'cir');
      w.u16(rec.mtu, 'mtu');
      w.u8(rec.routingMode, 'routing_mode');
    }
    w.u16(rec.vlanId, 'vlan_id');
    w.networkV4(rec.ipNet, 'ip_net');
    w.u16(rec.nodeSegmentIdx, 'node_segment_idx');
    w.bool(rec.userTunnelEndpoint, 'user_tunnel_endpoint');
    if (tag === LegacyInterfaceTag.V3) writeSegments(w, rec.flexAlgoNodeSegments);
  } catch (e) {
    throw nestedEncodeError(e, 'deprecated_interfaces', index);
  }
}

function writeSegments(w: Writer, segs: readonly FlexAlgoNodeSegment[]): void {
  const field = 'flex_algo_node_segments';
  if (!Array.isArray(segs)) w.fail(field, 'is not an array');
  w.u32(segs.length, field);
  for (const s of segs) {
    if (s === null || typeof s !== 'object') w.fail(field, 'an element is not a { topology, nodeSegmentIdx } object');
    w.pubkey(s.topology, field);
    w.u16(s.nodeSegmentIdx, field);
  }
}

// ---------------------------------------------------------------------------------------------
// Size-prefixed records

/**
 * Whether the next body field of `n` bytes is present: false when the body ends exactly here
 * (the field is absent and takes its default), an error when it ends inside the field.
 */
function present(r: Reader<unknown>, end: number, n: number, field: string): boolean {
  const left = end - r.pos;
  if (left === 0) return false;
  if (left < n) r.fail(field, `record body ends inside the field (needs ${n} byte(s), ${left} left in the record)`);
  return true;
}

/**
 * Reads one size-prefixed interface record at the reader's position (docs/wire-format.md#size-prefixed-interface-records). The
 * body is parsed with the version-4 field order whatever the version says (as the program
 * does); a body that ends early leaves the later fields at the docs/wire-format.md#size-prefixed-interface-records defaults (status
 * Invalid, mtu 0, rest 0 / "" / 0.0.0.0/0 / false / []), but it must end on a field boundary;
 * body bytes after the version-4 fields are skipped using `size` and kept for re-encoding.
 * user_tunnel_endpoint is true for any non-zero byte (the program reads it as u8).
 *
 * Strict where the program is lenient: a `size` below 3 or a record that runs past the account
 * is a DecodeError (the program would silently drop the whole trailing vector and rebuild from
 * the legacy records; such bytes are never written by any program version, so they mean a
 * damaged or misidentified account). Errors name `interfaces[index].<field>`.
 */
export function readInterfaceRecord<K>(r: Reader<K>, index = 0): Interface<K> {
  try {
    const start = r.pos;
    const size = r.u16('size');
    const version = r.u8('version');
    if (size < 3) r.fail('size', `record size ${size} is below the 3-byte header`, start);
    const end = start + size;
    if (end > r.length) {
      r.fail('size', `record of ${size} byte(s) runs past the end of the account (${r.length - start} left)`, start);
    }
    let fields = 0;
    let status = 0;
    let name = '';
    let interfaceType = 0;
    let interfaceCyoa = 0;
    let interfaceDia = 0;
    let loopbackType = 0;
    let bandwidth = 0n;
    let cir = 0n;
    let mtu = 0;
    let routingMode = 0;
    let vlanId = 0;
    let ipNet = '0.0.0.0/0';
    let nodeSegmentIdx = 0;
    let uteByte = 0;
    let flexAlgoNodeSegments: FlexAlgoNodeSegment<K>[] = [];
    body: {
      const b = r.buf;
      const p0 = r.pos;
      // Fast path: the body holds at least every fixed field up to the segment count (42 + N bytes).
      if (end - p0 >= 42) {
        const nameLen = r.dv.getUint32(p0 + 1, true);
        if (nameLen <= end - p0 - 42) {
          status = b[p0]!;
          r.pos = p0 + 1;
          name = r.string('name');
          const p = r.pos;
          interfaceType = b[p]!;
          interfaceCyoa = b[p + 1]!;
          interfaceDia = b[p + 2]!;
          loopbackType = b[p + 3]!;
          bandwidth = r.dv.getBigUint64(p + 4, true);
          cir = r.dv.getBigUint64(p + 12, true);
          mtu = b[p + 20]! | (b[p + 21]! << 8);
          routingMode = b[p + 22]!;
          vlanId = b[p + 23]! | (b[p + 24]! << 8);
          r.pos = p + 25;
          ipNet = r.networkV4('ip_net');
          nodeSegmentIdx = b[p + 30]! | (b[p + 31]! << 8);
          uteByte = b[p + 32]!;
          r.pos = p + 33;
          flexAlgoNodeSegments = readSegments(r, end);
          fields = 15;
          break body;
        }
      }
      if (!present(r, end, 1, 'status')) break body;
      status = r.u8('status');
      fields = 1;
      if (!present(r, end, 4, 'name')) break body;
      const len = r.dv.getUint32(r.pos, true);
      if (len > end - r.pos - 4) {
        r.fail('name', `string of ${len} byte(s) runs past the record body (${end - r.pos - 4} left)`);
      }
      name = r.string('name');
      fields = 2;
      if (!present(r, end, 1, 'interface_type')) break body;
      interfaceType = r.u8('interface_type');
      fields = 3;
      if (!present(r, end, 1, 'interface_cyoa')) break body;
      interfaceCyoa = r.u8('interface_cyoa');
      fields = 4;
      if (!present(r, end, 1, 'interface_dia')) break body;
      interfaceDia = r.u8('interface_dia');
      fields = 5;
      if (!present(r, end, 1, 'loopback_type')) break body;
      loopbackType = r.u8('loopback_type');
      fields = 6;
      if (!present(r, end, 8, 'bandwidth')) break body;
      bandwidth = r.u64('bandwidth');
      fields = 7;
      if (!present(r, end, 8, 'cir')) break body;
      cir = r.u64('cir');
      fields = 8;
      if (!present(r, end, 2, 'mtu')) break body;
      mtu = r.u16('mtu');
      fields = 9;
      if (!present(r, end, 1, 'routing_mode')) break body;
      routingMode = r.u8('routing_mode');
      fields = 10;
      if (!present(r, end, 2, 'vlan_id')) break body;
      vlanId = r.u16('vlan_id');
      fields = 11;
      if (!present(r, end, 5, 'ip_net')) break body;
      ipNet = r.networkV4('ip_net');
      fields = 12;
      if (!present(r, end, 2, 'node_segment_idx')) break body;
      nodeSegmentIdx = r.u16('node_segment_idx');
      fields = 13;
      if (!present(r, end, 1, 'user_tunnel_endpoint')) break body;
      uteByte = r.u8('user_tunnel_endpoint');
      fields = 14;
      if (!present(r, end, 4, 'flex_algo_node_segments')) break body;
      flexAlgoNodeSegments = readSegments(r, end);
      fields = 15;
    }
    const extra = r.pos < end ? restOf(r, end) : EMPTY_BYTES;
    const iface: Interface<K> = {
      size,
      version,
      status,
      name,
      interfaceType,
      interfaceCyoa,
      interfaceDia,
      loopbackType,
      bandwidth,
      cir,
      mtu,
      routingMode,
      vlanId,
      ipNet,
      nodeSegmentIdx,
      userTunnelEndpoint: uteByte !== 0,
      flexAlgoNodeSegments,
    };
    if (fields < RECORD_FIELD_COUNT || extra.length > 0 || uteByte > 1 || version !== CURRENT_INTERFACE_SCHEMA_VERSION) {
      attachLayout<Interface<K>, InterfaceRecordLayout>(iface, {
        fields,
        extra,
        userTunnelEndpointByte: uteByte > 1 ? uteByte : 0,
      });
    }
    return iface;
  } catch (e) {
    throw nestedDecodeError(e, 'interfaces', index);
  }
}

/** Fixed byte widths of the body fields: name and segments add their 4-byte prefix here, contents apart. */
const FIELD_WIDTHS = [1, 4, 1, 1, 1, 1, 8, 8, 2, 1, 2, 5, 2, 1, 4] as const;

/** Byte length of the first `fields` body fields of a record for `iface`. */
function bodyLength(iface: Interface, fields: number): number {
  let n = 0;
  for (let i = 0; i < fields; i++) n += FIELD_WIDTHS[i]!;
  if (fields > 1) n += interfaceNameByteLength(iface.name);
  if (fields > 14) n += SEGMENT_SIZE * iface.flexAlgoNodeSegments.length;
  return n;
}

const U64_MAX = (1n << 64n) - 1n;

function checkU16(w: Writer, v: unknown, field: string): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffff) w.fail(field, `${String(v)} is not a u16`);
}
function checkU64(w: Writer, v: unknown, field: string): void {
  const ok = typeof v === 'bigint' ? v >= 0n && v <= U64_MAX : typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  if (!ok) w.fail(field, `${String(v)} is not a u64`);
}
function checkEnum(w: Writer, spec: EnumSpec, v: unknown, field: string): void {
  if (typeof v !== 'number' || !spec.isKnown(v)) w.fail(field, `${String(v)} is not a declared ${spec.name} value`);
}

/**
 * Checks a whole interface before anything is written, so that an error names
 * `interfaces[index].<field>` whichever vector would have hit it first: enum fields hold declared
 * values, numbers fit their wire type, the name is a string, ip_net a valid "a.b.c.d/n", the bool
 * a boolean and every flex-algo segment a { key, u16 } pair. Throws EncodeError.
 */
export function checkInterface(w: Writer, iface: Interface, index = 0): void {
  try {
    if (iface === null || typeof iface !== 'object') w.fail('interface', 'is not an Interface object');
    checkEnum(w, InterfaceStatusSpec, iface.status, 'status');
    if (typeof iface.name !== 'string') w.fail('name', `${String(iface.name)} is not a string`);
    checkEnum(w, InterfaceTypeSpec, iface.interfaceType, 'interface_type');
    checkEnum(w, InterfaceCYOASpec, iface.interfaceCyoa, 'interface_cyoa');
    checkEnum(w, InterfaceDIASpec, iface.interfaceDia, 'interface_dia');
    checkEnum(w, LoopbackTypeSpec, iface.loopbackType, 'loopback_type');
    checkU64(w, iface.bandwidth, 'bandwidth');
    checkU64(w, iface.cir, 'cir');
    checkU16(w, iface.mtu, 'mtu');
    checkEnum(w, RoutingModeSpec, iface.routingMode, 'routing_mode');
    checkU16(w, iface.vlanId, 'vlan_id');
    if (typeof iface.ipNet !== 'string' || !scanNetworkV4(iface.ipNet, NET_SCRATCH)) {
      try {
        parseNetworkV4(iface.ipNet, 'ip_net');
      } catch (e) {
        if (e instanceof ValidationError) w.fail('ip_net', e.message);
        throw e;
      }
    }
    checkU16(w, iface.nodeSegmentIdx, 'node_segment_idx');
    if (typeof iface.userTunnelEndpoint !== 'boolean') {
      w.fail('user_tunnel_endpoint', `${String(iface.userTunnelEndpoint)} is not a boolean`);
    }
    const segs = iface.flexAlgoNodeSegments;
    if (!Array.isArray(segs)) w.fail('flex_algo_node_segments', 'is not an array');
    for (const s of segs) {
      if (s === null || typeof s !== 'object' || !isKey(s.topology)) {
        w.fail('flex_algo_node_segments', 'an element is not a { topology: address, nodeSegmentIdx } object');
      }
      checkU16(w, s.nodeSegmentIdx, 'flex_algo_node_segments');
    }
  } catch (e) {
    throw nestedEncodeError(e, 'interfaces', index);
  }
}

/** How {@link writeInterfaceRecord} stamps the record. */
export interface WriteInterfaceRecordOptions {
  /**
   * Honour the record layout `readInterfaceRecord` attached to `iface`, if any: its version
   * (`iface.version`), short body, newer-version body bytes and raw bool byte. Without this
   * option, or for an interface without that layout (built by hand, or a spread copy), the
   * record is written as the current program writes it: version 4 and the complete version-4
   * body, nothing else.
   */
  asDecoded?: boolean;
}

/**
 * Writes one size-prefixed record for `iface`. `size` is always computed from what is written
 * (header + body), never taken from `iface.size`; a record longer than 65535 bytes is refused.
 * Undeclared enum values and out-of-range numbers are refused with EncodeError naming
 * `interfaces[index].<field>`.
 */
export function writeInterfaceRecord(w: Writer, iface: Interface, index = 0, opts: WriteInterfaceRecordOptions = {}): void {
  checkInterface(w, iface, index);
  try {
    const rl = opts.asDecoded ? layoutOf<InterfaceRecordLayout>(iface) : undefined;
    let fields: number = RECORD_FIELD_COUNT;
    let extra: Uint8Array = EMPTY_BYTES;
    if (rl) {
      // A later field set to a non-default (missing-field) value must be written, so the body grows to reach it.
      fields = trailingFieldsToWrite(rl.fields, [
        iface.status === InterfaceStatus.Invalid,
        iface.name === '',
        iface.interfaceType === InterfaceType.Invalid,
        iface.interfaceCyoa === InterfaceCYOA.None,
        iface.interfaceDia === InterfaceDIA.None,
        iface.loopbackType === LoopbackType.None,
        iface.bandwidth === 0n,
        iface.cir === 0n,
        iface.mtu === 0,
        iface.routingMode === RoutingMode.Static,
        iface.vlanId === 0,
        iface.ipNet === '0.0.0.0/0',
        iface.nodeSegmentIdx === 0,
        iface.userTunnelEndpoint === false,
        isEmptyList(iface.flexAlgoNodeSegments),
      ]);
      if (fields === RECORD_FIELD_COUNT && rl.extra instanceof Uint8Array) extra = rl.extra;
    }
    const size = 3 + bodyLength(iface, fields) + extra.length;
    if (size > 0xffff) w.fail('size', `record of ${size} bytes exceeds the u16 size cap (65535)`);
    w.u16(size, 'size');
    w.u8(rl ? iface.version : CURRENT_INTERFACE_SCHEMA_VERSION, 'version');
    if (fields > 0) writeEnum(w, InterfaceStatusSpec, iface.status, 'status');
    if (fields > 1) w.string(iface.name, 'name');
    if (fields > 2) writeEnum(w, InterfaceTypeSpec, iface.interfaceType, 'interface_type');
    if (fields > 3) writeEnum(w, InterfaceCYOASpec, iface.interfaceCyoa, 'interface_cyoa');
    if (fields > 4) writeEnum(w, InterfaceDIASpec, iface.interfaceDia, 'interface_dia');
    if (fields > 5) writeEnum(w, LoopbackTypeSpec, iface.loopbackType, 'loopback_type');
    if (fields > 6) w.u64(iface.bandwidth, 'bandwidth');
    if (fields > 7) w.u64(iface.cir, 'cir');
    if (fields > 8) w.u16(iface.mtu, 'mtu');
    if (fields > 9) writeEnum(w, RoutingModeSpec, iface.routingMode, 'routing_mode');
    if (fields > 10) w.u16(iface.vlanId, 'vlan_id');
    if (fields > 11) w.networkV4(iface.ipNet, 'ip_net');
    if (fields > 12) w.u16(iface.nodeSegmentIdx, 'node_segment_idx');
    if (fields > 13) {
      if (rl && rl.userTunnelEndpointByte > 1 && iface.userTunnelEndpoint === true) {
        w.u8(rl.userTunnelEndpointByte, 'user_tunnel_endpoint');
      } else {
        w.bool(iface.userTunnelEndpoint, 'user_tunnel_endpoint');
      }
    }
    if (fields > 14) writeSegments(w, iface.flexAlgoNodeSegments);
    if (extra.length > 0) w.bytes(extra);
  } catch (e) {
    throw nestedEncodeError(e, 'interfaces', index);
  }
}

/** Whether two segment lists hold the same (topology, node_segment_idx) pairs in the same order. */
export function sameSegments(a: readonly FlexAlgoNodeSegment[], b: readonly FlexAlgoNodeSegment[]): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.nodeSegmentIdx !== y.nodeSegmentIdx) return false;
    if (x.topology !== y.topology && !(isKey(x.topology) && isKey(y.topology) && keyEquals(x.topology, y.topology))) return false;
  }
  return true;
}
