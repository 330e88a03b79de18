import { PublicKey } from '@solana/web3.js';
import fc from 'fast-check';
import { expect } from 'vitest';
import {
  DecodeError,
  EncodeError,
  InterfaceCYOASpec,
  InterfaceDIASpec,
  InterfaceStatusSpec,
  InterfaceTypeSpec,
  LoopbackTypeSpec,
  RoutingModeSpec,
  Writer,
  type FlexAlgoNodeSegment,
} from '../../src/index.js';

// Hand-written device-interface records, straight from the tables of docs/wire-format.md#legacy-interface-records and
// #size-prefixed-interface-records (Writer primitives only, never the codec under test), shared by the Device and the
// interface-record tests, with their error assertions.

/** The value fields of an interface record (raw numbers for the enums). */
export interface Fields {
  status: number;
  name: string;
  interfaceType: number;
  interfaceCyoa: number;
  interfaceDia: number;
  loopbackType: number;
  bandwidth: bigint;
  cir: bigint;
  mtu: number;
  routingMode: number;
  vlanId: number;
  ipNet: string;
  nodeSegmentIdx: number;
  userTunnelEndpoint: boolean;
}

export const TOPOLOGY = new PublicKey('5eM8cB4pfhAGBjJE6pNomwRmrfzBiZ2ZHrHGjTQfjWco');
export const SEG300: FlexAlgoNodeSegment = { topology: TOPOLOGY, nodeSegmentIdx: 300 };

/** The device fixture's two interfaces (device.json NewInterface0*, NewInterface1*). */
export const LOOPBACK0: Fields = {
  status: 3,
  name: 'Loopback0',
  interfaceType: 1,
  interfaceCyoa: 0,
  interfaceDia: 0,
  loopbackType: 1,
  bandwidth: 0n,
  cir: 0n,
  mtu: 9000,
  routingMode: 0,
  vlanId: 0,
  ipNet: '10.0.0.1/32',
  nodeSegmentIdx: 100,
  userTunnelEndpoint: false,
};
export const ETHERNET1: Fields = {
  status: 3,
  name: 'Ethernet1',
  interfaceType: 2,
  interfaceCyoa: 1,
  interfaceDia: 1,
  loopbackType: 0,
  bandwidth: 10_000_000_000n,
  cir: 5_000_000_000n,
  mtu: 9000,
  routingMode: 1,
  vlanId: 100,
  ipNet: '172.16.0.1/30',
  nodeSegmentIdx: 200,
  userTunnelEndpoint: true,
};

/** The V2 body (also the version-4 body without its segment vector), with a raw user_tunnel_endpoint byte. */
function v2Body(w: Writer, f: Fields, uteByte = f.userTunnelEndpoint ? 1 : 0): void {
  w.u8(f.status, 's').string(f.name, 'n').u8(f.interfaceType, 't').u8(f.interfaceCyoa, 'c').u8(f.interfaceDia, 'd');
  w.u8(f.loopbackType, 'l').u64(f.bandwidth, 'b').u64(f.cir, 'c').u16(f.mtu, 'm').u8(f.routingMode, 'r');
  w.u16(f.vlanId, 'v').networkV4(f.ipNet, 'ip').u16(f.nodeSegmentIdx, 'i').u8(uteByte, 'u');
}

function segments(w: Writer, segs: readonly FlexAlgoNodeSegment[]): void {
  w.u32(segs.length, 'k');
  for (const s of segs) w.pubkey(s.topology, 'p').u16(s.nodeSegmentIdx, 'i');
}

/**
 * A `deprecated_interfaces` element: tag 0 = V1 body (status, name, interface_type, loopback_type,
 * vlan_id, ip_net, node_segment_idx, user_tunnel_endpoint); 1, 2 = V2 body; 3 = V2 body + segments;
 * ≥ 4 = the tag byte only.
 */
export function legacyBytes(tag: number, f: Fields, segs: readonly FlexAlgoNodeSegment[] = []): Uint8Array {
  const w = new Writer('test');
  w.u8(tag, 'tag');
  if (tag === 0) {
    w.u8(f.status, 's').string(f.name, 'n').u8(f.interfaceType, 't').u8(f.loopbackType, 'l');
    w.u16(f.vlanId, 'v').networkV4(f.ipNet, 'ip').u16(f.nodeSegmentIdx, 'i').bool(f.userTunnelEndpoint, 'u');
  } else if (tag <= 3) {
    v2Body(w, f);
    if (tag === 3) segments(w, segs);
  }
  return w.finish();
}

/**
 * A size-prefixed `interfaces` element: u16 size (header included, unless `size` overrides it),
 * u8 version (default 4), the version-4 body (optionally cut to `cut` bytes, with a raw bool
 * byte), then `extra` bytes.
 */
export function sizedBytes(
  f: Fields,
  segs: readonly FlexAlgoNodeSegment[] = [],
  opts: { version?: number; extra?: ArrayLike<number>; cut?: number; uteByte?: number; size?: number } = {},
): Uint8Array {
  const body = new Writer('test');
  v2Body(body, f, opts.uteByte);
  segments(body, segs);
  let b = body.finish();
  if (opts.cut !== undefined) b = b.slice(0, opts.cut);
  const extra = Uint8Array.from(opts.extra ?? []);
  const w = new Writer('test');
  w.u16(opts.size ?? 3 + b.length + extra.length, 'size').u8(opts.version ?? 4, 'version');
  w.bytes(b).bytes(extra);
  return w.finish();
}

/** The body lengths at which a record body may end: after 0, 1, … 14 of its fields (N = name bytes). */
export const bodyBoundaries = (n: number): number[] => [0, 1, 5 + n, 6 + n, 7 + n, 8 + n, 9 + n, 17 + n, 25 + n, 27 + n, 28 + n, 30 + n, 35 + n, 37 + n, 38 + n];

// ---------------------------------------------------------------------------------------------
// Arbitraries

export const u8 = fc.integer({ min: 0, max: 255 });
export const u16 = fc.integer({ min: 0, max: 0xffff });
export const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
export const key = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => new PublicKey(b));
export const net = fc.tuple(u8, u8, u8, u8, fc.integer({ min: 0, max: 32 })).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`);
export const segment = fc.record({ topology: key, nodeSegmentIdx: u16 });

/** Interface fields with every enum at a declared value (what a writer accepts). */
export const declaredFields: fc.Arbitrary<Fields> = fc.record({
  status: fc.constantFrom(...InterfaceStatusSpec.values),
  name: fc.string({ unit: 'binary', maxLength: 24 }),
  interfaceType: fc.constantFrom(...InterfaceTypeSpec.values),
  interfaceCyoa: fc.constantFrom(...InterfaceCYOASpec.values),
  interfaceDia: fc.constantFrom(...InterfaceDIASpec.values),
  loopbackType: fc.constantFrom(...LoopbackTypeSpec.values),
  bandwidth: u64,
  cir: u64,
  mtu: u16,
  routingMode: fc.constantFrom(...RoutingModeSpec.values),
  vlanId: u16,
  ipNet: net,
  nodeSegmentIdx: u16,
  userTunnelEndpoint: fc.boolean(),
});

// ---------------------------------------------------------------------------------------------
// Error assertions (the interface records are part of Device accounts)

export function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, none was thrown');
}

export function expectDecodeError(f: () => unknown, field: string, offset: number, reason?: RegExp): DecodeError {
  const e = catchError(f);
  expect(e).toBeInstanceOf(DecodeError);
  const d = e as DecodeError;
  expect({ accountType: d.accountType, field: d.field, offset: d.offset }).toEqual({ accountType: 'Device', field, offset });
  if (reason) expect(d.reason).toMatch(reason);
  return d;
}

export function expectEncodeError(f: () => unknown, field: string, reason?: RegExp): void {
  const e = catchError(f);
  expect(e).toBeInstanceOf(EncodeError);
  expect((e as EncodeError).field).toBe(field);
  if (reason) expect((e as EncodeError).reason).toMatch(reason);
}
