import { PublicKey } from '@solana/web3.js';
import { deserialize, serialize, type Schema } from 'borsh';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, EncodeError, Reader, Writer } from '../../src/index.js';

// The Reader/Writer primitives cross-checked against the reference `borsh` library (v2): for
// every valid value both produce the same bytes, and each reads the other's bytes back.

const read = <T>(bytes: Uint8Array, f: (r: Reader) => T): T => {
  const r = new Reader(bytes, 'Test');
  const v = f(r);
  expect(r.remaining).toBe(0); // consumed exactly
  return v;
};
const write = (f: (w: Writer) => void): Uint8Array => {
  const w = new Writer('Test', 1); // tiny initial capacity: growth is exercised too
  f(w);
  return w.finish();
};

type Case<T> = [string, Schema, fc.Arbitrary<T>, (w: Writer, v: T) => void, (r: Reader) => T];
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const u128 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
// Well-formed strings (no lone surrogates, which UTF-8 cannot carry), a leading U+FEFF
// included (it also has its own test below).
const str = fc.string({ unit: 'binary', maxLength: 40 });

const CASES: Case<any>[] = [
  ['u8', 'u8', fc.integer({ min: 0, max: 0xff }), (w, v) => w.u8(v, 'f'), (r) => r.u8('f')],
  ['u16', 'u16', fc.integer({ min: 0, max: 0xffff }), (w, v) => w.u16(v, 'f'), (r) => r.u16('f')],
  ['u32', 'u32', fc.nat({ max: 0xffffffff }), (w, v) => w.u32(v, 'f'), (r) => r.u32('f')],
  ['u64', 'u64', u64, (w, v) => w.u64(v, 'f'), (r) => r.u64('f')],
  ['u128', 'u128', u128, (w, v) => w.u128(v, 'f'), (r) => r.u128('f')],
  ['f64', 'f64', fc.double({ noNaN: true }), (w, v) => w.f64(v, 'f'), (r) => r.f64('f')],
  ['bool', 'bool', fc.boolean(), (w, v) => w.bool(v, 'f'), (r) => r.bool('f')],
  ['string', 'string', str, (w, v) => w.string(v, 'f'), (r) => r.string('f')],
  [
    'Vec<u16>',
    { array: { type: 'u16' } },
    fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 20 }),
    (w, v: number[]) => {
      w.vecLen(v.length, 'f');
      for (const x of v) w.u16(x, 'f');
    },
    (r) => {
      const n = r.vecLen('f', 2);
      return Array.from({ length: n }, () => r.u16('f'));
    },
  ],
  [
    'Vec<string>',
    { array: { type: 'string' } },
    fc.array(str, { maxLength: 6 }),
    (w, v: string[]) => {
      w.vecLen(v.length, 'f');
      for (const x of v) w.string(x, 'f');
    },
    (r) => {
      const n = r.vecLen('f', 4);
      return Array.from({ length: n }, () => r.string('f'));
    },
  ],
  [
    'Option<u32>',
    { option: 'u32' },
    fc.option(fc.nat({ max: 0xffffffff }), { nil: null }),
    (w, v: number | null) => w.option(v, 'f', (ww, x) => ww.u32(x, 'f')),
    (r) => (r.optionTag('f') ? r.u32('f') : null),
  ],
  [
    'Option<u128>',
    { option: 'u128' },
    fc.option(u128, { nil: null }),
    (w, v: bigint | null) => w.option(v, 'f', (ww, x) => ww.u128(x, 'f')),
    (r) => (r.optionTag('f') ? r.u128('f') : null),
  ],
  [
    'struct { u8, string, u64, bool }',
    { struct: { a: 'u8', b: 'string', c: 'u64', d: 'bool' } },
    fc.record({ a: fc.integer({ min: 0, max: 255 }), b: str, c: u64, d: fc.boolean() }),
    (w, v) => w.u8(v.a, 'a').string(v.b, 'b').u64(v.c, 'c').bool(v.d, 'd'),
    (r) => ({ a: r.u8('a'), b: r.string('b'), c: r.u64('c'), d: r.bool('d') }),
  ],
];

describe('Reader / Writer agree with borsh', () => {
  it.each(CASES)('%s', (_name, schema, arb, w, r) => {
    fc.assert(
      fc.property(arb, (v) => {
        // Given a value; When both libraries encode it
        const ours = write((ww) => w(ww, v));
        const theirs = serialize(schema, v);
        // Then the bytes are identical and each side decodes the other's bytes to the value
        expect(ours).toEqual(theirs);
        const back = read(theirs, r);
        if (typeof v === 'number') expect(Object.is(back, v)).toBe(true);
        else expect(back).toEqual(v);
        expect(deserialize(schema, ours)).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });

  it('Vec<[u8; 32]> is pubkeyVec', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 5 }), (keys) => {
        const schema: Schema = { array: { type: { array: { type: 'u8', len: 32 } } } };
        const theirs = serialize(schema, keys.map((k) => [...k]));
        expect(write((w) => w.pubkeyVec(keys.map((k) => new PublicKey(k)), 'f'))).toEqual(theirs);
        expect(read(theirs, (r) => r.pubkeyVec('f')).map((k) => k.toBytes())).toEqual(keys);
      }),
    );
  });
});

describe('Reader is stricter than borsh where Borsh (Rust) is', () => {
  it('bool bytes other than 0/1, option tags other than 0/1', () => {
    for (const b of [2, 3, 0x80, 0xff]) {
      expect(() => new Reader(Uint8Array.of(b), 'T').bool('flag')).toThrow(DecodeError);
      expect(() => new Reader(Uint8Array.of(b, 0, 0, 0, 0), 'T').optionTag('opt')).toThrow(DecodeError);
    }
  });

  it('NaN f64 is refused both ways', () => {
    const nan = new Uint8Array(8);
    new DataView(nan.buffer).setFloat64(0, Number.NaN, true);
    expect(() => new Reader(nan, 'T').f64('x')).toThrow(DecodeError);
    expect(() => new Writer('T').f64(Number.NaN, 'x')).toThrow(EncodeError);
  });

  it('invalid UTF-8 and over-long lengths are DecodeErrors naming field and offset', () => {
    const cases: number[][] = [
      [2, 0, 0, 0, 0xc3, 0x28], // bad continuation
      [1, 0, 0, 0, 0xff],
      [3, 0, 0, 0, 0xed, 0xa0, 0x80], // encoded surrogate
      [2, 0, 0, 0, 0xc0, 0x80], // overlong NUL
      [9, 0, 0, 0, 0x61], // length past the end
      [0xff, 0xff, 0xff, 0xff],
    ];
    for (const c of cases) {
      const r = new Reader(Uint8Array.from([7, ...c]), 'T', 1);
      try {
        r.string('name');
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
        expect(e).toMatchObject({ accountType: 'T', field: 'name', offset: 1 });
      }
    }
  });

  it('a garbage vector count fails at once, without allocating', () => {
    const r = new Reader(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 1, 2), 'T');
    expect(() => r.vecLen('v', 1)).toThrow(DecodeError);
    expect(() => new Reader(Uint8Array.of(0xff, 0xff, 0xff, 0xff), 'T').pubkeyVec('v')).toThrow(DecodeError);
  });

  it('network prefixes above 32', () => {
    expect(new Reader(Uint8Array.of(10, 0, 0, 1, 32), 'T').networkV4('n')).toBe('10.0.0.1/32');
    expect(() => new Reader(Uint8Array.of(10, 0, 0, 1, 33), 'T').networkV4('n')).toThrow(DecodeError);
  });
});

describe('Writer refuses out-of-range values', () => {
  it.each<[string, (w: Writer) => void]>([
    ['u8 256', (w) => w.u8(256, 'f')],
    ['u8 -1', (w) => w.u8(-1, 'f')],
    ['u8 1.5', (w) => w.u8(1.5, 'f')],
    ['u16 65536', (w) => w.u16(65536, 'f')],
    ['u32 2^32', (w) => w.u32(2 ** 32, 'f')],
    ['u32 NaN', (w) => w.u32(Number.NaN, 'f')],
    ['u64 2^64', (w) => w.u64(1n << 64n, 'f')],
    ['u64 -1n', (w) => w.u64(-1n, 'f')],
    ['u64 unsafe number', (w) => w.u64(2 ** 60, 'f')],
    ['u128 2^128', (w) => w.u128(1n << 128n, 'f')],
    ['bool 1', (w) => w.bool(1 as unknown as boolean, 'f')],
    ['string 5', (w) => w.string(5 as unknown as string, 'f')],
  ])('%s', (_n, f) => {
    expect(() => f(new Writer('T'))).toThrow(EncodeError);
  });
});

describe('a leading U+FEFF is data, not a byte-order mark', () => {
  // Rust's String keeps a leading U+FEFF (EF BB BF) and so does borsh-js; so does the Reader.
  it('a string starting with U+FEFF is read with its BOM', () => {
    const bytes = serialize('string', '\uFEFFabc');
    expect([...bytes]).toEqual([6, 0, 0, 0, 0xef, 0xbb, 0xbf, 0x61, 0x62, 0x63]);
    expect(read(bytes, (r) => r.string('s'))).toBe('\uFEFFabc');
  });
});
