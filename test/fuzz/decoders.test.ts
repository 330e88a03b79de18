import { describe, expect, it } from 'vitest';
import {
  AccountType,
  DecodeError,
  EncodeError,
  decodeAccount,
  decodeContributor,
  decodeDevice,
  decodeExchange,
  decodeGlobalConfig,
  decodeGlobalState,
  decodeLink,
  decodeLocation,
  decodePermission,
  encodeAccount,
  encodeContributor,
  encodeDevice,
  encodeExchange,
  encodeGlobalConfig,
  encodeGlobalState,
  encodeLink,
  encodeLocation,
  encodePermission,
} from '../../src/index.js';
import { Writer } from '../../src/index.js';
import { PERMISSION_GOLDEN, fixtureBytes } from '../helpers/fixtures.js';
import { ETHERNET1, LOOPBACK0, SEG300, legacyBytes, sizedBytes } from '../helpers/interfaceRecords.js';

// Decoder fuzzing: random, truncated and mutated inputs (seeded from every account fixture)
// must only ever give a value or a DecodeError — never another exception, never a hang.
// DZPROV_FUZZ_RUNS sets the cases per decoder (default 100 000; `npm run fuzz` uses 2 000 000),
// DZPROV_FUZZ_SEED the PRNG seed (printed on failure to reproduce).

const RUNS = Number(process.env.DZPROV_FUZZ_RUNS ?? 100_000);
const SEED = Number(process.env.DZPROV_FUZZ_SEED ?? 0x5eed1234) >>> 0;

/** mulberry32: small, fast, seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEVICE_BIN = fixtureBytes('device');

/**
 * A Device account in an older or odder shape: the fixture's bytes through contributor_pk, then
 * mgmt_vrf, the legacy records, the 24-byte counter block and, unless `trailing` is null (an
 * account written before the trailing vector existed), the size-prefixed records.
 */
function deviceShape(legacy: Uint8Array[], trailing: Uint8Array[] | null, tail: ArrayLike<number> = []): Uint8Array {
  const w = new Writer('seed', 1024);
  w.bytes(DEVICE_BIN.subarray(0, 200)).string('mgmt', 'mgmt_vrf').u32(legacy.length, 'n');
  for (const rec of legacy) w.bytes(rec);
  w.bytes(Uint8Array.from({ length: 24 }, (_, i) => (i === 8 ? 2 : i === 9 ? 1 : i * 3)));
  if (trailing) {
    w.u32(trailing.length, 'k');
    for (const rec of trailing) w.bytes(rec);
  }
  w.bytes(Uint8Array.from(tail));
  return w.finish();
}

/** Device seeds beyond the fixture: legacy V1 / V3 / tag ≥ 4 records, no trailing vector, newer records. */
const DEVICE_SEEDS: Uint8Array[] = [
  // legacy V1 records only, no trailing vector (rebuilt, mtu 9000)
  deviceShape([legacyBytes(0, LOOPBACK0), legacyBytes(0, ETHERNET1)], null),
  // a tag-3 (V3, with segments) record and a V2 one, next to matching trailing records
  deviceShape([legacyBytes(3, LOOPBACK0, [SEG300]), legacyBytes(1, ETHERNET1)], [sizedBytes(LOOPBACK0, [SEG300]), sizedBytes(ETHERNET1)]),
  // a tag ≥ 4 record (tag byte only) and a reserved tag 2, trailing count 0
  deviceShape([legacyBytes(7, LOOPBACK0), legacyBytes(2, ETHERNET1)], []),
  // V1 + tag 4, a newer (version 5, extra bytes) and a short trailing record, bytes after
  deviceShape(
    [legacyBytes(0, ETHERNET1), legacyBytes(4, LOOPBACK0)],
    [sizedBytes(LOOPBACK0, [SEG300, SEG300], { version: 5, extra: [0xab, 0xab] }), sizedBytes(ETHERNET1, [], { cut: 20 })],
    [1, 2, 3],
  ),
  // no interfaces and no trailing vector
  deviceShape([], null),
];

const SEEDS: Uint8Array[] = [
  ...['device', 'link', 'global_state', 'global_config', 'location', 'exchange', 'contributor'].map(fixtureBytes),
  ...DEVICE_SEEDS,
  PERMISSION_GOLDEN,
];
const INTERESTING = [0, 1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 18, 32, 33, 0x7f, 0x80, 0xc0, 0xef, 0xfe, 0xff];

type Decode = (b: Uint8Array) => unknown;
type Encode = (v: never) => Uint8Array;
const DECODERS: [string, Decode, number | undefined, Encode | undefined][] = [
  ['decodeDevice', decodeDevice, AccountType.Device, encodeDevice as Encode],
  ['decodeLink', decodeLink, AccountType.Link, encodeLink as Encode],
  ['decodeGlobalState', decodeGlobalState, AccountType.GlobalState, encodeGlobalState as Encode],
  ['decodeGlobalConfig', decodeGlobalConfig, AccountType.GlobalConfig, encodeGlobalConfig as Encode],
  ['decodeLocation', decodeLocation, AccountType.Location, encodeLocation as Encode],
  ['decodeExchange', decodeExchange, AccountType.Exchange, encodeExchange as Encode],
  ['decodeContributor', decodeContributor, AccountType.Contributor, encodeContributor as Encode],
  ['decodePermission', decodePermission, AccountType.Permission, encodePermission as Encode],
  ['decodeAccount', decodeAccount, undefined, encodeAccount as Encode],
];

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
function concat(a: Uint8Array, b: Uint8Array, c: Uint8Array = EMPTY): Uint8Array {
  const out = new Uint8Array(a.length + b.length + c.length);
  out.set(a);
  out.set(b, a.length);
  out.set(c, a.length + b.length);
  return out;
}
const EMPTY = new Uint8Array(0);

function makeInput(rnd: () => number, own: Uint8Array[], type: number | undefined): Uint8Array {
  const int = (n: number) => Math.floor(rnd() * n);
  const pickSeed = () => (own.length > 0 && rnd() < 0.85 ? own[int(own.length)]! : SEEDS[int(SEEDS.length)]!);
  const mode = int(10);
  if (mode === 0) {
    // pure random bytes, sometimes with the decoder's type byte
    const b = new Uint8Array(int(600));
    for (let i = 0; i < b.length; i++) b[i] = int(256);
    if (b.length > 0 && type !== undefined && rnd() < 0.7) b[0] = type;
    return b;
  }
  if (mode === 1) return pickSeed().slice(0, int(pickSeed().length + 1)); // truncation
  // mutations of a seed
  let b: Uint8Array = pickSeed().slice();
  const edits = 1 + int(4);
  for (let e = 0; e < edits; e++) {
    const at = b.length > 0 ? int(b.length) : 0;
    switch (int(8)) {
      case 0: // flip a bit
        if (b.length) b[at]! ^= 1 << int(8);
        break;
      case 1: // random byte
        if (b.length) b[at] = int(256);
        break;
      case 2: // interesting byte
        if (b.length) b[at] = INTERESTING[int(INTERESTING.length)]!;
        break;
      case 3: {
        // a u32 length / count: huge, small or off by a little
        const v = [0xffffffff, 0x7fffffff, 0x10000, int(64), int(1 << 20)][int(5)]!;
        if (at + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setUint32(at, v, true);
        break;
      }
      case 4: // truncate
        b = b.slice(0, int(b.length + 1));
        break;
      case 5: {
        // append a random tail
        const tail = Uint8Array.from({ length: 1 + int(40) }, () => int(256));
        b = concat(b, tail);
        break;
      }
      case 6: {
        // delete a range
        const n = 1 + int(8);
        b = concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + n)));
        break;
      }
      default: {
        // insert random bytes
        const ins = Uint8Array.from({ length: 1 + int(8) }, () => int(256));
        b = concat(b.subarray(0, at), ins, b.subarray(at));
      }
    }
  }
  return b;
}


/** Cases between two yields to the event loop (a long synchronous loop starves the vitest worker's RPC). */
const YIELD_EVERY = 10_000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

describe(`decoder fuzzing (${RUNS} cases per decoder, seed ${SEED})`, () => {
  it.each(DECODERS)('%s yields a value or a DecodeError, nothing else; a value re-encodes to its bytes', async (name, decode, type, encode) => {
    // Given a seeded stream of random / truncated / mutated inputs
    const rnd = prng(SEED ^ name.length * 0x9e3779b1);
    const own = type === undefined ? SEEDS : SEEDS.filter((s) => s[0] === type);
    let ok = 0;
    let rejected = 0;
    let roundTrips = 0;
    // Stack traces are not needed for the expected DecodeErrors and dominate the run time.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      for (let i = 0; i < RUNS; i++) {
        if (i > 0 && i % YIELD_EVERY === 0) {
          Error.stackTraceLimit = stackTraceLimit;
          await yieldToEventLoop();
          Error.stackTraceLimit = 0;
        }
        const input = makeInput(rnd, own, type);
        const copy = input.slice();
        // When decoded
        let value: unknown;
        try {
          value = decode(input);
          ok++;
        } catch (e) {
          // Then a failure is always a DecodeError naming a field and an in-range offset
          if (!(e instanceof DecodeError) || typeof e.field !== 'string' || !(e.offset >= 0 && e.offset <= input.length)) {
            throw new Error(`${name}: case ${i} (seed ${SEED}) threw ${String(e)} for input ${hex(copy)}`);
          }
          rejected++;
        }
        // And the input is never modified
        if (!sameBytes(input, copy)) throw new Error(`${name}: case ${i} modified its input ${hex(copy)}`);
        // And every decoded value re-encodes to the same bytes, unless it holds an undeclared enum
        // value (then the encoder refuses it with an EncodeError)
        if (value !== undefined && encode) {
          let out: Uint8Array | undefined;
          try {
            out = encode(value as never);
          } catch (e) {
            if (!(e instanceof EncodeError)) throw new Error(`${name}: case ${i} encode threw ${String(e)} for ${hex(copy)}`);
          }
          if (out) {
            if (!sameBytes(out, copy)) throw new Error(`${name}: case ${i} did not round-trip: ${hex(copy)} → ${hex(out)}`);
            roundTrips++;
          }
        }
      }
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    // Then every case ran, and the stream exercised both outcomes
    expect(ok + rejected).toBe(RUNS);
    expect(ok).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
    expect(roundTrips).toBeGreaterThan(0);
  });
});
