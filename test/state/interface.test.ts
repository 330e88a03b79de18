import { PublicKey } from '@solana/web3.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CURRENT_INTERFACE_SCHEMA_VERSION,
  EncodeError,
  INTERFACE_RECORD_FIELDS,
  InterfaceCYOA,
  InterfaceDIA,
  InterfaceStatus,
  InterfaceType,
  LegacyInterfaceTag,
  LoopbackType,
  Reader,
  RoutingMode,
  Writer,
  layoutOf,
  type FlexAlgoNodeSegment,
  type Interface,
  type InterfaceRecordLayout,
  type LegacyInterface,
} from '../../src/index.js';
// The record-level helpers are internal (not exported from the package root).
import {
  interfaceFromLegacy,
  interfaceNameByteLength,
  interfaceRecordSize,
  legacyFromInterface,
  legacyInterfaceSize,
  readInterfaceRecord,
  readLegacyInterface,
  writeInterfaceRecord,
  writeLegacyInterface,
} from '../../src/core/state/interface.js';
import { concat } from '../helpers/codecSuite.js';
import { fixtureBytes } from '../helpers/fixtures.js';
import {
  ETHERNET1,
  LOOPBACK0,
  TOPOLOGY,
  bodyBoundaries,
  declaredFields,
  expectDecodeError,
  expectEncodeError,
  legacyBytes,
  net,
  segment,
  sizedBytes,
  u16,
  u64,
  u8,
  type Fields,
} from '../helpers/interfaceRecords.js';

const reader = (bytes: Uint8Array, at = 0) => new Reader(bytes, 'Device', at);

function writeLegacy(rec: LegacyInterface, index = 0): Uint8Array {
  const w = new Writer('Device');
  writeLegacyInterface(w, rec, index);
  return w.finish();
}
function writeSized(iface: Interface, asDecoded = true): Uint8Array {
  const w = new Writer('Device');
  writeInterfaceRecord(w, iface, 0, { asDecoded });
  return w.finish();
}

const fieldsOf = (x: Fields | Interface | LegacyInterface): Fields => ({
  status: x.status,
  name: x.name,
  interfaceType: x.interfaceType,
  interfaceCyoa: x.interfaceCyoa,
  interfaceDia: x.interfaceDia,
  loopbackType: x.loopbackType,
  bandwidth: x.bandwidth,
  cir: x.cir,
  mtu: x.mtu,
  routingMode: x.routingMode,
  vlanId: x.vlanId,
  ipNet: x.ipNet,
  nodeSegmentIdx: x.nodeSegmentIdx,
  userTunnelEndpoint: x.userTunnelEndpoint,
});

// ---------------------------------------------------------------------------------------------

describe('legacy interface records (deprecated_interfaces elements)', () => {
  it('reads the fixture legacy records at 212 and 260 (tag 1, 48 bytes each)', () => {
    // Given
    const bytes = fixtureBytes('device');
    const r = reader(bytes, 212);
    // When
    const a = readLegacyInterface(r, 0);
    const endA = r.pos;
    const b = readLegacyInterface(r, 1);
    // Then
    expect(endA).toBe(260);
    expect(r.pos).toBe(308);
    expect(a).toEqual({ tag: 1, ...LOOPBACK0, flexAlgoNodeSegments: [] });
    expect(b).toEqual({ tag: 1, ...ETHERNET1, flexAlgoNodeSegments: [] });
    expect(legacyInterfaceSize(a)).toBe(48);
  });

  it('V1 (tag 0) is 18 + N bytes and shows the V2 promotion values (mtu 9000, cyoa/dia none, bandwidth/cir 0, static)', () => {
    // Given
    const bytes = legacyBytes(0, ETHERNET1);
    // When
    const r = reader(bytes);
    const rec = readLegacyInterface(r);
    // Then
    expect(bytes.length).toBe(18 + 9);
    expect(r.pos).toBe(bytes.length);
    expect(rec).toEqual({
      tag: 0,
      ...ETHERNET1,
      interfaceCyoa: 0,
      interfaceDia: 0,
      bandwidth: 0n,
      cir: 0n,
      mtu: 9000,
      routingMode: 0,
      flexAlgoNodeSegments: [],
    });
    expect(legacyInterfaceSize(rec)).toBe(27);
    expect(writeLegacy(rec)).toEqual(bytes);
  });

  it('tag 2 (reserved) reads exactly like tag 1 and is written back with tag 2', () => {
    // Given
    const bytes = legacyBytes(2, ETHERNET1);
    // When
    const rec = readLegacyInterface(reader(bytes));
    // Then
    expect(rec).toEqual({ tag: 2, ...ETHERNET1, flexAlgoNodeSegments: [] });
    expect(legacyInterfaceSize(rec)).toBe(bytes.length);
    expect(writeLegacy(rec)).toEqual(bytes);
  });

  it('tag 3 (historical V3) consumes its flex-algo segment vector: 43 + N + 34k bytes, no misalignment', () => {
    // Given a V3 element with two segments followed by a V2 element
    const segs = [
      { topology: TOPOLOGY, nodeSegmentIdx: 300 },
      { topology: PublicKey.default, nodeSegmentIdx: 65535 },
    ];
    const v3 = legacyBytes(3, LOOPBACK0, segs);
    const bytes = concat(v3, legacyBytes(1, ETHERNET1));
    const r = reader(bytes);
    // When
    const a = readLegacyInterface(r, 0);
    const posAfterA = r.pos;
    const b = readLegacyInterface(r, 1);
    // Then
    expect(v3.length).toBe(43 + 9 + 68);
    expect(posAfterA).toBe(v3.length);
    expect(a).toEqual({ tag: 3, ...LOOPBACK0, flexAlgoNodeSegments: segs });
    expect(b).toEqual({ tag: 1, ...ETHERNET1, flexAlgoNodeSegments: [] });
    expect(r.pos).toBe(bytes.length);
    expect(legacyInterfaceSize(a)).toBe(v3.length);
    expect(writeLegacy(a)).toEqual(v3);
  });

  it.each([4, 5, 127, 255])('tag %i: only the tag byte is consumed and the program default V2 is shown', (tag) => {
    // Given the tag byte followed by a regular V2 element
    const bytes = concat(Uint8Array.of(tag), legacyBytes(1, ETHERNET1));
    const r = reader(bytes);
    // When
    const a = readLegacyInterface(r, 0);
    // Then
    expect(r.pos).toBe(1);
    expect(a).toEqual({
      tag,
      status: InterfaceStatus.Pending,
      name: '',
      interfaceType: InterfaceType.Invalid,
      interfaceCyoa: InterfaceCYOA.None,
      interfaceDia: InterfaceDIA.None,
      loopbackType: LoopbackType.None,
      bandwidth: 0n,
      cir: 0n,
      mtu: 9000,
      routingMode: RoutingMode.Static,
      vlanId: 0,
      ipNet: '0.0.0.0/0',
      nodeSegmentIdx: 0,
      userTunnelEndpoint: false,
      flexAlgoNodeSegments: [],
    });
    expect(readLegacyInterface(r, 1)).toEqual({ tag: 1, ...ETHERNET1, flexAlgoNodeSegments: [] });
    expect(legacyInterfaceSize(a)).toBe(1);
    expect(writeLegacy(a)).toEqual(Uint8Array.of(tag));
  });

  it('keeps undeclared enum bytes raw (alignment is never lost) and writes them back', () => {
    // Given status 200, type 9, cyoa 77, dia 5, loopback 8, routing 3
    const f = { ...ETHERNET1, status: 200, interfaceType: 9, interfaceCyoa: 77, interfaceDia: 5, loopbackType: 8, routingMode: 3 };
    const bytes = concat(legacyBytes(1, f), legacyBytes(0, { ...LOOPBACK0, status: 99 }));
    const r = reader(bytes);
    // When
    const a = readLegacyInterface(r, 0);
    const b = readLegacyInterface(r, 1);
    // Then
    expect(fieldsOf(a)).toEqual(f);
    expect(b.status).toBe(99);
    expect(b.name).toBe('Loopback0');
    expect(r.pos).toBe(bytes.length);
    expect(concat(writeLegacy(a), writeLegacy(b))).toEqual(bytes);
  });

  it('a bool byte other than 0/1 is a DecodeError naming the record and the field', () => {
    // Given ETHERNET1 as V2 with user_tunnel_endpoint byte 2, at offset 10 of the buffer
    const rec = legacyBytes(1, ETHERNET1);
    rec[rec.length - 1] = 2;
    const bytes = concat(new Uint8Array(10), rec);
    // When / Then
    expectDecodeError(() => readLegacyInterface(reader(bytes, 10), 3), 'deprecated_interfaces[3].user_tunnel_endpoint', 10 + 38 + 9, /bool/);
  });

  it('a prefix length of 33 and invalid UTF-8 are DecodeErrors at the field offset', () => {
    // Given
    const badPrefix = legacyBytes(0, LOOPBACK0);
    badPrefix[10 + 9 + 4] = 33; // ip_net at rel 10 + N; prefix is its 5th byte
    const badName = legacyBytes(1, ETHERNET1);
    badName[6] = 0xff; // first name byte
    // When / Then
    expectDecodeError(() => readLegacyInterface(reader(badPrefix), 0), 'deprecated_interfaces[0].ip_net', 19, /prefix/);
    expectDecodeError(() => readLegacyInterface(reader(badName), 1), 'deprecated_interfaces[1].name', 2, /UTF-8/);
  });

  it('a record cut inside any field is a DecodeError naming that field at its offset', () => {
    // Given the V2 element's field offsets (docs/wire-format.md#legacy-interface-records, N = 9)
    const bytes = legacyBytes(1, ETHERNET1);
    const starts: [string, number][] = [
      ['tag', 0],
      ['status', 1],
      ['name', 2],
      ['interface_type', 15],
      ['interface_cyoa', 16],
      ['interface_dia', 17],
      ['loopback_type', 18],
      ['bandwidth', 19],
      ['cir', 27],
      ['mtu', 35],
      ['routing_mode', 37],
      ['vlan_id', 38],
      ['ip_net', 40],
      ['node_segment_idx', 45],
      ['user_tunnel_endpoint', 47],
    ];
    for (let i = 0; i < starts.length; i++) {
      const [field, off] = starts[i]!;
      const next = i + 1 < starts.length ? starts[i + 1]![1] : bytes.length;
      for (let cut = off; cut < next; cut++) {
        // When / Then
        expectDecodeError(() => readLegacyInterface(reader(bytes.slice(0, cut)), 0), `deprecated_interfaces[0].${field}`, off);
      }
    }
  });

  it('a V3 segment count that cannot fit is a DecodeError, not an allocation', () => {
    // Given
    const bytes = legacyBytes(3, LOOPBACK0, []);
    new DataView(bytes.buffer).setUint32(bytes.length - 4, 0xffffffff, true);
    // When / Then
    expectDecodeError(() => readLegacyInterface(reader(bytes), 0), 'deprecated_interfaces[0].flex_algo_node_segments', bytes.length - 4, /cannot fit/);
  });

  it('writeLegacyInterface refuses out-of-range numbers, naming the record', () => {
    // Given
    const rec: LegacyInterface = { tag: 1, ...ETHERNET1, flexAlgoNodeSegments: [] };
    // When / Then
    expectEncodeError(() => writeLegacy({ ...rec, mtu: 70000 }, 2), 'deprecated_interfaces[2].mtu', /u16/);
    expectEncodeError(() => writeLegacy({ ...rec, tag: 256 }), 'deprecated_interfaces[0].tag');
    expectEncodeError(() => writeLegacy({ ...rec, ipNet: '10.0.0.0/33' }), 'deprecated_interfaces[0].ip_net');
  });
});

describe('size-prefixed interface records (trailing interfaces elements)', () => {
  it('reads the fixture records at 336 (size 88, one segment) and 424 (size 54) and ends at 478', () => {
    // Given
    const bytes = fixtureBytes('device');
    const r = reader(bytes, 336);
    // When
    const a = readInterfaceRecord(r, 0);
    const endA = r.pos;
    const b = readInterfaceRecord(r, 1);
    // Then
    expect(endA).toBe(424);
    expect(r.pos).toBe(478);
    expect(a).toEqual({ size: 88, version: 4, ...LOOPBACK0, flexAlgoNodeSegments: [{ topology: TOPOLOGY, nodeSegmentIdx: 300 }] });
    expect(b).toEqual({ size: 54, version: 4, ...ETHERNET1, flexAlgoNodeSegments: [] });
    expect(layoutOf(a)).toBeUndefined();
    expect(layoutOf(b)).toBeUndefined();
    expect(interfaceRecordSize(a)).toBe(88);
    expect(interfaceRecordSize(b)).toBe(54);
    expect(concat(writeSized(a), writeSized(b))).toEqual(bytes.slice(336));
  });

  it('the hand-built record equals the fixture bytes (builder sanity check)', () => {
    // Given / When
    const built = concat(sizedBytes(LOOPBACK0, [{ topology: TOPOLOGY, nodeSegmentIdx: 300 }]), sizedBytes(ETHERNET1, []));
    // Then
    expect(built).toEqual(fixtureBytes('device').slice(336));
  });

  it('a newer version with extra body bytes: same values, extras skipped using size and written back', () => {
    // Given version 5, size 62: the version-4 body of Ethernet1 then 8 bytes ab
    const bytes = sizedBytes(ETHERNET1, [], { version: 5, extra: new Array(8).fill(0xab) });
    // When
    const r = reader(bytes);
    const rec = readInterfaceRecord(r);
    // Then
    expect(bytes.length).toBe(62);
    expect(r.pos).toBe(62);
    expect(rec).toEqual({ size: 62, version: 5, ...ETHERNET1, flexAlgoNodeSegments: [] });
    expect(layoutOf<InterfaceRecordLayout>(rec)).toEqual({ fields: 15, extra: new Uint8Array(8).fill(0xab), userTunnelEndpointByte: 0 });
    expect(writeSized(rec)).toEqual(bytes);
    // And written as the current program does (no asDecoded): version 4, no extras, fresh size.
    expect(writeSized(rec, false)).toEqual(sizedBytes(ETHERNET1, []));
  });

  it('the version is never rejected: versions 0, 3 and 255 parse with the version-4 field order', () => {
    for (const version of [0, 3, 255]) {
      // Given
      const bytes = sizedBytes(LOOPBACK0, [], { version });
      // When
      const rec = readInterfaceRecord(reader(bytes));
      // Then
      expect(rec).toEqual({ size: 54, version, ...LOOPBACK0, flexAlgoNodeSegments: [] });
      expect(writeSized(rec)).toEqual(bytes);
    }
  });

  // Body offsets of Ethernet1 (N = 9) relative to the body start (docs/wire-format.md#size-prefixed-interface-records offset − 3).
  const BODY_FIELDS: [string, number][] = [
    ['status', 0],
    ['name', 1],
    ['interface_type', 14],
    ['interface_cyoa', 15],
    ['interface_dia', 16],
    ['loopback_type', 17],
    ['bandwidth', 18],
    ['cir', 26],
    ['mtu', 34],
    ['routing_mode', 36],
    ['vlan_id', 37],
    ['ip_net', 39],
    ['node_segment_idx', 44],
    ['user_tunnel_endpoint', 46],
    ['flex_algo_node_segments', 47],
  ];
  const DEFAULTS: Fields & { flexAlgoNodeSegments: FlexAlgoNodeSegment[] } = {
    status: InterfaceStatus.Invalid,
    name: '',
    interfaceType: InterfaceType.Invalid,
    interfaceCyoa: InterfaceCYOA.None,
    interfaceDia: InterfaceDIA.None,
    loopbackType: LoopbackType.None,
    bandwidth: 0n,
    cir: 0n,
    mtu: 0,
    routingMode: RoutingMode.Static,
    vlanId: 0,
    ipNet: '0.0.0.0/0',
    nodeSegmentIdx: 0,
    userTunnelEndpoint: false,
    flexAlgoNodeSegments: [],
  };
  const KEYS = Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[];

  it('the body field table matches INTERFACE_RECORD_FIELDS', () => {
    expect(BODY_FIELDS.map(([f]) => f)).toEqual([...INTERFACE_RECORD_FIELDS]);
  });

  it('a short body ending on any field boundary: present fields read, the rest take the size-prefixed record defaults; exact re-encode', () => {
    const full = { ...ETHERNET1, flexAlgoNodeSegments: [] as FlexAlgoNodeSegment[] };
    for (let k = 0; k < BODY_FIELDS.length; k++) {
      // Given a body holding the first k fields
      const cut = BODY_FIELDS[k]![1];
      const bytes = sizedBytes(ETHERNET1, [], { cut });
      // When
      const r = reader(bytes);
      const rec = readInterfaceRecord(r);
      // Then
      const expected: Record<string, unknown> = { size: 3 + cut, version: 4 };
      KEYS.forEach((key, i) => (expected[key] = i < k ? full[key] : DEFAULTS[key]));
      expect(rec).toEqual(expected);
      expect(r.pos).toBe(bytes.length);
      expect(layoutOf<InterfaceRecordLayout>(rec)?.fields).toBe(k);
      expect(writeSized(rec)).toEqual(bytes);
    }
  });

  it('a short body whose later field was then set grows just enough to hold it', () => {
    // Given a body of status + name only, then mtu set
    const rec = readInterfaceRecord(reader(sizedBytes(ETHERNET1, [], { cut: 14 })));
    rec.mtu = 1500;
    // When
    const out = writeSized(rec);
    const back = readInterfaceRecord(reader(out));
    // Then: fields up to and including mtu are written (status..mtu = 36 body bytes)
    expect(out.length).toBe(3 + 36);
    expect(back).toEqual({ ...DEFAULTS, size: 39, version: 4, status: 3, name: 'Ethernet1', mtu: 1500 });
  });

  it('a body that ends inside any field is a DecodeError naming that field at its offset', () => {
    // Given a record at offset 7 in a larger buffer
    for (let i = 0; i < BODY_FIELDS.length; i++) {
      const [field, off] = BODY_FIELDS[i]!;
      const next = i + 1 < BODY_FIELDS.length ? BODY_FIELDS[i + 1]![1] : 51;
      for (let cut = off + 1; cut < next; cut++) {
        const rec = sizedBytes(ETHERNET1, [], { cut });
        const bytes = concat(new Uint8Array(7), rec, new Uint8Array(40)); // bytes after the record do not help
        // When / Then
        expectDecodeError(() => readInterfaceRecord(reader(bytes, 7), 1), `interfaces[1].${field}`, 7 + 3 + off);
      }
    }
  });

  it('a size below 3 or a record running past the data is a DecodeError (strict, see readInterfaceRecord)', () => {
    for (const size of [0, 1, 2]) {
      // Given
      const bytes = concat(Uint8Array.of(size, 0, 4), sizedBytes(ETHERNET1, []));
      // When / Then
      expectDecodeError(() => readInterfaceRecord(reader(bytes), 0), 'interfaces[0].size', 0, /below the 3-byte header/);
    }
    // Given a record claiming one byte more than there is
    const over = sizedBytes(ETHERNET1, [], { size: 55 });
    expectDecodeError(() => readInterfaceRecord(reader(over), 2), 'interfaces[2].size', 0, /runs past/);
    // And a header cut short
    expectDecodeError(() => readInterfaceRecord(reader(Uint8Array.of(54)), 0), 'interfaces[0].size', 0);
    expectDecodeError(() => readInterfaceRecord(reader(Uint8Array.of(54, 0)), 0), 'interfaces[0].version', 2);
  });

  it('a size of exactly 3 is an empty body: every field default', () => {
    // Given
    const bytes = Uint8Array.of(3, 0, 9);
    // When
    const rec = readInterfaceRecord(reader(bytes));
    // Then
    expect(rec).toEqual({ ...DEFAULTS, size: 3, version: 9 });
    expect(writeSized(rec)).toEqual(bytes);
  });

  it('user_tunnel_endpoint is a u8 in this body: any non-zero byte is true, and the raw byte is written back', () => {
    for (const byte of [2, 0x80, 0xff]) {
      // Given
      const bytes = sizedBytes(ETHERNET1, [], { uteByte: byte });
      // When
      const rec = readInterfaceRecord(reader(bytes));
      // Then
      expect(rec.userTunnelEndpoint).toBe(true);
      expect(writeSized(rec)).toEqual(bytes);
      // A value rewritten as false is written as 0; as the current program, true is 1.
      expect(writeSized({ ...rec }, false).at(-5)).toBe(1);
      rec.userTunnelEndpoint = false;
      expect(writeSized(rec).at(-5)).toBe(0);
    }
  });

  it('keeps undeclared enum bytes as raw numbers; the writer refuses them with EncodeError', () => {
    // Given
    const f = { ...ETHERNET1, status: 7, interfaceType: 3, interfaceCyoa: 6, interfaceDia: 2, loopbackType: 4, routingMode: 2 };
    const bytes = sizedBytes(f, []);
    // When
    const rec = readInterfaceRecord(reader(bytes));
    // Then
    expect(fieldsOf(rec)).toEqual(f);
    expectEncodeError(() => writeSized(rec), 'interfaces[0].status', /InterfaceStatus/);
    expectEncodeError(() => writeSized({ ...rec, status: 3 }), 'interfaces[0].interface_type', /InterfaceType/);
    expectEncodeError(() => writeSized({ ...rec, status: 3, interfaceType: 2 }), 'interfaces[0].interface_cyoa');
    expectEncodeError(() => writeSized({ ...rec, status: 3, interfaceType: 2, interfaceCyoa: 0 }), 'interfaces[0].interface_dia');
    expectEncodeError(
      () => writeSized({ ...rec, status: 3, interfaceType: 2, interfaceCyoa: 0, interfaceDia: 0 }),
      'interfaces[0].loopback_type',
    );
    expectEncodeError(
      () => writeSized({ ...rec, status: 3, interfaceType: 2, interfaceCyoa: 0, interfaceDia: 0, loopbackType: 0 }),
      'interfaces[0].routing_mode',
    );
  });

  it('size is always computed from what is written, never taken from iface.size', () => {
    // Given an interface claiming a wrong size
    const iface: Interface = { size: 1234, version: 4, ...LOOPBACK0, flexAlgoNodeSegments: [{ topology: TOPOLOGY, nodeSegmentIdx: 300 }] };
    // When
    const out = writeSized(iface, false);
    // Then
    expect(out).toEqual(fixtureBytes('device').slice(336, 424));
  });

  it('a record over 65535 bytes is refused; out-of-range numbers are refused naming the record field', () => {
    // Given
    const base: Interface = { size: 0, version: 4, ...ETHERNET1, flexAlgoNodeSegments: [] };
    // When / Then
    expectEncodeError(() => writeSized({ ...base, name: 'x'.repeat(65535 - 45 + 1) }, false), 'interfaces[0].size', /65535/);
    expect(writeSized({ ...base, name: 'x'.repeat(65535 - 45) }, false).length).toBe(65535);
    expectEncodeError(() => writeSized({ ...base, vlanId: 65536 }, false), 'interfaces[0].vlan_id');
    expectEncodeError(() => writeSized({ ...base, bandwidth: -1n }, false), 'interfaces[0].bandwidth');
    expectEncodeError(() => writeSized({ ...base, flexAlgoNodeSegments: [{ topology: TOPOLOGY, nodeSegmentIdx: -1 }] }, false), 'interfaces[0].flex_algo_node_segments');
    expectEncodeError(() => writeSized({ ...base, name: 5 as unknown as string }, false), 'interfaces[0].name');
  });

  it('a segment count that cannot fit in the record is a DecodeError', () => {
    // Given a record whose segment count says 2 but holds 1 segment, followed by 34 more bytes
    const bytes = concat(sizedBytes(LOOPBACK0, [{ topology: TOPOLOGY, nodeSegmentIdx: 1 }]), new Uint8Array(34));
    const countAt = 3 + 38 + 9;
    bytes[countAt] = 2;
    // When / Then
    expectDecodeError(() => readInterfaceRecord(reader(bytes), 0), 'interfaces[0].flex_algo_node_segments', countAt, /cannot fit/);
  });

  it('the body is bounded by size, not by the data: a name running past size is an error even if bytes follow', () => {
    // Given a record whose name length says 30 while the body is complete for N = 9
    const bytes = concat(sizedBytes(ETHERNET1, []), new Uint8Array(64));
    bytes[4] = 60; // the body has 51 bytes: 60 name bytes cannot fit, though the data has them
    // When / Then
    expectDecodeError(() => readInterfaceRecord(reader(bytes), 0), 'interfaces[0].name', 4, /runs past the record/);
  });
});

describe('conversions', () => {
  it('interfaceFromLegacy: V1 promotion with mtu 9000, version 4, no segments, size 45 + N (Rust value)', () => {
    // Given
    const v1 = readLegacyInterface(reader(legacyBytes(0, ETHERNET1)));
    const v3 = readLegacyInterface(reader(legacyBytes(3, LOOPBACK0, [{ topology: TOPOLOGY, nodeSegmentIdx: 300 }])));
    // When
    const a = interfaceFromLegacy(v1);
    const b = interfaceFromLegacy(v3);
    // Then
    expect(a).toEqual({
      ...ETHERNET1,
      size: 54,
      version: CURRENT_INTERFACE_SCHEMA_VERSION,
      interfaceCyoa: 0,
      interfaceDia: 0,
      bandwidth: 0n,
      cir: 0n,
      mtu: 9000,
      routingMode: 0,
      flexAlgoNodeSegments: [],
    });
    expect(b).toEqual({ ...LOOPBACK0, size: 54, version: 4, flexAlgoNodeSegments: [] });
    expect(interfaceFromLegacy({ ...v1, name: 'Ethernet1/1.ü' }).size).toBe(45 + 14);
  });

  it('legacyFromInterface: tag 1, flex-algo segments dropped; its bytes are the V2 element', () => {
    // Given
    const iface: Interface = { size: 88, version: 4, ...LOOPBACK0, flexAlgoNodeSegments: [{ topology: TOPOLOGY, nodeSegmentIdx: 300 }] };
    // When
    const rec = legacyFromInterface(iface);
    // Then
    expect(rec).toEqual({ tag: LegacyInterfaceTag.V2, ...LOOPBACK0, flexAlgoNodeSegments: [] });
    expect(writeLegacy(rec)).toEqual(fixtureBytes('device').slice(212, 260));
  });

  it('interfaceNameByteLength equals the UTF-8 length TextEncoder produces, for any string', () => {
    const enc = new TextEncoder();
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string()), (s) => {
        expect(interfaceNameByteLength(s)).toBe(enc.encode(s).length);
      }),
      { numRuns: 2000 },
    );
    // Lone surrogates are written as U+FFFD (3 bytes).
    expect(interfaceNameByteLength('a\ud800b')).toBe(5);
    expect(interfaceNameByteLength('\udc00')).toBe(3);
    expect(interfaceNameByteLength('😀')).toBe(4);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const rawFields = fc.record({
  status: u8,
  name: fc.string({ unit: 'binary', maxLength: 24 }),
  interfaceType: u8,
  interfaceCyoa: u8,
  interfaceDia: u8,
  loopbackType: u8,
  bandwidth: u64,
  cir: u64,
  mtu: u16,
  routingMode: u8,
  vlanId: u16,
  ipNet: net,
  nodeSegmentIdx: u16,
  userTunnelEndpoint: fc.boolean(),
});

describe('properties', () => {
  it('ip_net text is accepted and written exactly as Writer.networkV4 does (fast path agrees with codec/net.ts)', () => {
    const piece = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('00', '01', '007', '', '-1', '1e2', ' 1', '256', '1000'));
    const netText = fc.oneof(
      fc.tuple(piece, piece, piece, piece, piece).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`),
      fc.tuple(piece, piece, piece, piece).map(([a, b, c, d]) => `${a}.${b}.${c}.${d}`),
      fc.string({ maxLength: 20 }),
      fc.stringMatching(/^[0-9./]{0,20}$/),
    );
    const base: Interface = { size: 0, version: 4, ...ETHERNET1, flexAlgoNodeSegments: [] };
    fc.assert(
      fc.property(netText, (text) => {
        // Given what the reference writer does with the text
        let expected: Uint8Array | undefined;
        try {
          expected = new Writer('ref').networkV4(text, 'ip_net').finish();
        } catch (e) {
          expect(e).toBeInstanceOf(EncodeError);
        }
        // When / Then: the sized record and the legacy record agree with it
        const at = 33 + 9; // ip_net at rel 33 + N from the record start (Ethernet1, N = 9)
        if (expected) {
          expect(writeSized({ ...base, ipNet: text }, false).slice(at, at + 5)).toEqual(expected);
          expect(writeLegacy({ tag: 1, ...ETHERNET1, ipNet: text, flexAlgoNodeSegments: [] }).slice(31 + 9, 31 + 9 + 5)).toEqual(expected);
        } else {
          expectEncodeError(() => writeSized({ ...base, ipNet: text }, false), 'interfaces[0].ip_net');
          expectEncodeError(() => writeLegacy({ tag: 1, ...ETHERNET1, ipNet: text, flexAlgoNodeSegments: [] }), 'deprecated_interfaces[0].ip_net');
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('any legacy element built from the legacy record tables reads back to its fields and re-encodes byte for byte', () => {
    fc.assert(
      fc.property(rawFields, fc.integer({ min: 0, max: 255 }), fc.array(segment, { maxLength: 3 }), (f, tag, segs) => {
        // Given
        const bytes = legacyBytes(tag, f, segs);
        // When
        const r = reader(concat(bytes, Uint8Array.of(0xee)));
        const rec = readLegacyInterface(r);
        // Then
        expect(r.pos).toBe(bytes.length);
        expect(rec.tag).toBe(tag);
        if (tag <= 3) {
          expect(rec.name).toBe(f.name);
          expect(rec.ipNet).toBe(f.ipNet);
          expect(rec.userTunnelEndpoint).toBe(f.userTunnelEndpoint);
        }
        if (tag >= 1 && tag <= 3) expect(fieldsOf(rec)).toEqual(f);
        expect(rec.flexAlgoNodeSegments).toEqual(tag === 3 ? segs : []);
        expect(legacyInterfaceSize(rec)).toBe(bytes.length);
        expect(writeLegacy(rec)).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('any size-prefixed record (any version, short body, extra bytes, any bool byte) re-encodes byte for byte', () => {
    fc.assert(
      fc.property(
        declaredFields,
        fc.array(segment, { maxLength: 3 }),
        u8,
        fc.option(fc.integer({ min: 0, max: 14 }), { nil: undefined }),
        fc.uint8Array({ maxLength: 12 }),
        u8,
        (f, segs, version, cutField, extra, uteByte) => {
          // Given
          const cut = cutField === undefined ? undefined : bodyBoundaries(interfaceNameByteLength(f.name))[cutField];
          const bytes = sizedBytes(f, segs, { version, cut, extra: cut === undefined ? [...extra] : [], uteByte: f.userTunnelEndpoint ? Math.max(1, uteByte) : 0 });
          // When
          const r = reader(bytes);
          const rec = readInterfaceRecord(r);
          // Then
          expect(r.pos).toBe(bytes.length);
          expect(rec.size).toBe(bytes.length);
          expect(rec.version).toBe(version);
          if (cut === undefined) {
            expect(fieldsOf(rec)).toEqual(f);
            expect(rec.flexAlgoNodeSegments).toEqual(segs);
          }
          expect(writeSized(rec)).toEqual(bytes);
        },
      ),
      { numRuns: 500 },
    );
  });
});
