import { PublicKey, type GetProgramAccountsFilter } from '@solana/web3.js';
import bs58 from 'bs58';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DecodeError,
  EncodeError,
  RAW_LAYOUT,
  WrongOwnerError,
  layoutOf,
  type AccountBytes,
  type DecodeOptions,
} from '../../src/index.js';
import type { AccountFixture, FixtureField } from './fixtures.js';

// The checks every account codec must pass, table-driven: each test/state/<account>.test.ts calls
// `codecSuite` with its account's tables and keeps only what is particular to the account.

// ---------------------------------------------------------------------------------------------
// Assertion helpers

/** Runs `f`, expecting a DecodeError, and returns it. */
export function decodeErr(f: () => unknown): DecodeError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    return e as DecodeError;
  }
  throw new Error('expected a DecodeError');
}

/** Runs `f`, expecting an EncodeError, and returns it. */
export function encodeErr(f: () => unknown): EncodeError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EncodeError);
    return e as EncodeError;
  }
  throw new Error('expected an EncodeError');
}

export const concat = (...parts: ArrayLike<number>[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** Whether two decoded field values are equal (keys by their bytes). */
function sameValue(a: unknown, b: unknown): boolean {
  return a instanceof PublicKey && b instanceof PublicKey ? a.equals(b) : isDeepStrictEqual(a, b);
}

// ---------------------------------------------------------------------------------------------
// Fixture JSON → decoded value comparison (every JSON field, none skipped).

/** "FoundationAllowlistLen" → length of foundationAllowlist; "QaAllowlist0" → its element 0; else the camelCase key. */
function jsonPath(name: string, renames: Record<string, string>): { key: string; index?: number; len?: true } {
  const m = /^(.*?)(Len|\d+)$/.exec(name);
  const camel = (s: string) => renames[s] ?? s[0]!.toLowerCase() + s.slice(1);
  if (m && /Allowlist$|Topologies$/.test(m[1]!)) {
    return m[2] === 'Len' ? { key: camel(m[1]!), len: true } : { key: camel(m[1]!), index: Number(m[2]) };
  }
  return { key: camel(name) };
}

function expectField(actual: unknown, f: FixtureField): void {
  switch (f.typ) {
    case 'u8':
    case 'u16':
    case 'u32':
    case 'f64':
      expect(actual, f.name).toBe(Number(f.value));
      break;
    case 'u64':
    case 'u128':
      expect(actual, f.name).toBe(BigInt(f.value));
      break;
    case 'bool':
      expect(actual, f.name).toBe(f.value === 'true');
      break;
    case 'pubkey':
      expect(actual, f.name).toBeInstanceOf(PublicKey);
      expect((actual as PublicKey).toBase58(), f.name).toBe(f.value);
      break;
    default:
      expect(actual, f.name).toBe(f.value);
  }
}

/** Checks every JSON field against the decoded value; returns the decoded keys the JSON covered. */
export function expectJsonFields(value: object, fx: AccountFixture, renames: Record<string, string> = {}): Set<string> {
  const covered = new Set<string>();
  const v = value as Record<string, unknown>;
  for (const f of fx.fields) {
    const p = jsonPath(f.name, renames);
    expect(Object.keys(v), `${f.name} → ${p.key}`).toContain(p.key);
    covered.add(p.key);
    if (p.len) expect((v[p.key] as unknown[]).length, f.name).toBe(Number(f.value));
    else if (p.index !== undefined) expectField((v[p.key] as unknown[])[p.index], f);
    else expectField(v[p.key], f);
  }
  return covered;
}

// ---------------------------------------------------------------------------------------------
// The suite

type Key<T> = keyof T & string;

export interface CodecSpec<T extends { accountType: number }> {
  /** The type name errors carry ("Exchange"). */
  typeName: string;
  /** Byte 0 of every account of the type. */
  accountType: number;
  decode: (input: AccountBytes, opts?: DecodeOptions) => T;
  encode: (value: T) => Uint8Array;
  filter: () => GetProgramAccountsFilter;
  /** Golden bytes, in the current full format. */
  bin: Uint8Array;
  /** The program-generated JSON of `bin`: its field count, JSON-name → key renames, and the decoded keys it omits. */
  json?: { fixture: AccountFixture; count: number; renames?: Record<string, string>; omits?: string[] };
  /** [program field name, start, end] of every field of `bin` after the type byte, in wire order. */
  spans: readonly (readonly [string, number, number])[];
  /**
   * The trailing (legacy) fields — the last spans — as [decoded key, value when absent], and the
   * exported list of their names (X_TRAILING_FIELDS).
   */
  trailing?: { names: readonly string[]; defaults: readonly (readonly [Key<T>, unknown])[] };
  /** Pubkey fields at fixed offsets (what the memcmp filters narrow on), checked against `bin`. */
  keyOffsets: Partial<Record<Key<T>, number>>;
  /** Enum bytes: [offset in `bin`, decoded key, program field name, undeclared values to try]. */
  undeclared: readonly (readonly [number, Key<T>, string, readonly number[]])[];
  /** Values the encoder refuses: [case name, mutation of the decoded `bin`, field the EncodeError names]. */
  refused: readonly (readonly [string, (v: T) => void, string])[];
  /** Any valid value. */
  arbitrary: fc.Arbitrary<T>;
  /** The encoded length of a value, where a formula gives it. */
  size?: (v: T) => number;
}

/** Declares the shared tests of one account codec (golden bytes, trailing fields, strictness, encoder refusals, properties). */
export function codecSuite<T extends { accountType: number }>(spec: CodecSpec<T>): void {
  const { typeName, decode, encode, bin } = spec;
  const cut = (n: number) => bin.slice(0, n);
  const trailing = spec.trailing?.defaults ?? [];
  const requiredSpans = spec.spans.slice(0, spec.spans.length - trailing.length);
  const trailingSpans = spec.spans.slice(requiredSpans.length);
  const requiredEnd = requiredSpans[requiredSpans.length - 1]![2];
  /** Lengths at which `bin` may end: after the required part, then after each trailing field. */
  const boundaries = [requiredEnd, ...trailingSpans.map((s) => s[2])];
  const TAIL = [7, 8, 9];

  describe(`${typeName} codec: golden bytes`, () => {
    if (spec.json) {
      const { fixture, count, renames, omits = [] } = spec.json;
      it(`decodes every field the fixture JSON lists, exactly`, () => {
        // Given the program-generated fixture; When decoded
        const v = decode(bin);
        // Then every JSON field matches, and the only decoded keys it does not cover are those it omits
        const covered = expectJsonFields(v, fixture, renames);
        expect(fixture.fields).toHaveLength(count);
        expect(Object.keys(v).filter((k) => !covered.has(k)).sort()).toEqual([...omits].sort());
        expect(v.accountType).toBe(spec.accountType);
        expect(fixture.account_type).toBe(spec.accountType);
      });
    }

    it('is in the current format (no layout marker) and re-encodes to identical bytes, also from a plain copy', () => {
      const v = decode(bin);
      expect(bin[0]).toBe(spec.accountType);
      expect(bin.length).toBe(spec.spans[spec.spans.length - 1]![2]);
      expect(layoutOf(v)).toBeUndefined();
      expect(encode(v)).toEqual(bin);
      expect(encode({ ...v })).toEqual(bin);
    });

    it('accepts web3.js AccountInfo and checks the owner', () => {
      const programId = new PublicKey(new Uint8Array(32).fill(0xaa));
      const other = new PublicKey(new Uint8Array(32).fill(0xbb));
      expect(decode({ data: bin, owner: programId }, { programId })).toEqual(decode(bin));
      expect(() => decode({ data: bin, owner: other }, { programId })).toThrow(WrongOwnerError);
      expect(() => decode(bin, { owner: other, programId })).toThrow(WrongOwnerError);
    });

    it(`the filter selects byte 0 = ${spec.accountType}; the keys lie at their offsets`, () => {
      expect(spec.filter()).toEqual({ memcmp: { offset: 0, bytes: bs58.encode([spec.accountType]) } });
      const v = decode(bin) as Record<string, unknown>;
      for (const [k, off] of Object.entries(spec.keyOffsets) as [string, number][]) {
        expect([k, bin.slice(off, off + 32)]).toEqual([k, (v[k] as PublicKey).toBytes()]);
      }
    });
  });

  describe(`${typeName} codec: account ends`, () => {
    if (spec.trailing) {
      const { names } = spec.trailing;
      it.each(boundaries.map((n, i) => [n, i] as const))('an account ending at byte %i has %i trailing field(s) and re-encodes exactly', (n, present) => {
        // Given the golden bytes cut at a trailing boundary
        const full = decode(bin);
        const bytes = cut(n);
        // When decoded
        const v = decode(bytes);
        // Then present fields keep their values, absent ones take the program defaults
        const expected: Record<string, unknown> = { ...full };
        for (const [key, dflt] of trailing.slice(present)) expected[key] = dflt;
        expect(v).toEqual(expected);
        expect(names.slice(present)).toEqual(trailingSpans.slice(present).map((s) => s[0]));
        expect(layoutOf(v)).toEqual(present < trailing.length ? { trailing: present, extra: new Uint8Array(0) } : undefined);
        // And re-encodes to exactly those bytes
        expect(encode(v)).toEqual(bytes);
      });

      it('a cut inside a trailing field makes it and every later one absent (defaults); the cut bytes are kept and re-encoded', () => {
        const full = decode(bin);
        trailingSpans.forEach(([field, start, end], present) => {
          for (let n = start + 1; n < end; n++) {
            // Given the golden bytes cut inside trailing field `present`
            const bytes = cut(n);
            // When decoded
            const v = decode(bytes);
            // Then the earlier trailing fields keep their values, this one and the later ones default
            const expected: Record<string, unknown> = { ...full };
            for (const [key, dflt] of trailing.slice(present)) expected[key] = dflt;
            expect([field, n, v]).toEqual([field, n, expected]);
            // And the partial field's bytes are the extra tail, given back by the encoder
            expect([field, n, layoutOf(v)]).toEqual([field, n, { trailing: present, extra: bin.slice(start, n) }]);
            expect([field, n, encode(v)]).toEqual([field, n, bytes]);
          }
        });
      });

      it('the layout marker is non-enumerable and lost by spread copies', () => {
        const v = decode(cut(requiredEnd));
        expect(Object.keys(v)).not.toContain(String(RAW_LAYOUT));
        expect(Object.getOwnPropertyDescriptor(v, RAW_LAYOUT)?.enumerable).toBe(false);
        expect(layoutOf({ ...v })).toBeUndefined();
      });
    }

    it('keeps bytes a newer program wrote after the last field (a plain copy drops them)', () => {
      const bytes = concat(bin, TAIL);
      const v = decode(bytes);
      expect(v).toEqual(decode(bin));
      expect(encode(v)).toEqual(bytes);
      expect(encode({ ...v })).toEqual(bin);
    });

    it('copies the tail of a Buffer input (the caller may reuse its buffer)', () => {
      const buf = Buffer.from(concat(bin, TAIL));
      const v = decode(buf);
      buf.fill(0);
      expect(encode(v)).toEqual(concat(bin, TAIL));
    });
  });

  describe(`${typeName} codec: strictness`, () => {
    it('names the field and offset of every cut inside the required part', () => {
      for (let n = 1; n < requiredEnd; n++) {
        const e = decodeErr(() => decode(cut(n)));
        const span = spec.spans.find(([, , end]) => end > n)!;
        expect([n, e.accountType, e.field, e.offset]).toEqual([n, typeName, span[0], span[1]]);
      }
    });

    it('refuses empty data and every other account-type byte', () => {
      expect(decodeErr(() => decode(new Uint8Array(0)))).toMatchObject({ field: 'account_type', offset: 0 });
      for (let t = 0; t < 256; t++) {
        if (t === spec.accountType) continue;
        const b = bin.slice();
        b[0] = t;
        expect([t, decodeErr(() => decode(b))]).toMatchObject([t, { accountType: typeName, field: 'account_type', offset: 0 }]);
      }
    });

    if (spec.undeclared.length > 0) {
      it('keeps undeclared enum bytes as raw numbers, and the encoder refuses them', () => {
        for (const [at, key, field, values] of spec.undeclared) {
          for (const raw of values) {
            // Given an undeclared discriminant; When decoded
            const b = bin.slice();
            b[at] = raw;
            const v = decode(b);
            // Then the number is kept (not defaulted) and encoding names the field
            expect([field, v[key]]).toEqual([field, raw]);
            expect(encodeErr(() => encode(v))).toMatchObject({ typeName, field });
          }
        }
      });
    }
  });

  describe(`${typeName} codec: the encoder refuses bad values`, () => {
    it.each(spec.refused)('%s', (_name, mutate, field) => {
      const v = decode(bin);
      mutate(v);
      expect(encodeErr(() => encode(v))).toMatchObject({ typeName, field });
    });
  });

  describe(`${typeName} codec: properties`, () => {
    it('decode(encode(v)) equals v and re-encodes to the same bytes', () => {
      fc.assert(
        fc.property(spec.arbitrary, (v) => {
          const bytes = encode(v);
          if (spec.size) expect(bytes.length).toBe(spec.size(v));
          const back = decode(bytes);
          expect(back).toEqual(v);
          expect(encode(back)).toEqual(bytes);
        }),
        { numRuns: 300 },
      );
    });

    it('every cut of encode(v): DecodeError before the first trailing field, else the trailing fields wholly inside it, re-encoding exactly', async () => {
      const requiredNames = new Set(requiredSpans.map((s) => s[0]));
      // Asynchronous so the worker's event loop turns between cases: one synchronous minute
      // starves vitest's worker RPC, which then fails the run with a timeout.
      await fc.assert(
        fc.asyncProperty(spec.arbitrary, fc.uint8Array({ maxLength: 16 }), async (v, tail) => {
          await new Promise((r) => setImmediate(r));
          const bytes = encode(v);
          // The value with only its first p trailing fields (the later ones at their defaults)
          const keep = (p: number): T => {
            const w: Record<string, unknown> = { ...v };
            for (const [key, dflt] of trailing.slice(p)) w[key] = dflt;
            return w as T;
          };
          // ends[p]: where the account ends with p trailing fields present (the program's shorter
          // account: the value encoded with a layout marker saying so), a prefix of `bytes`
          const ends = trailing.map((_, p) => {
            const w = keep(p);
            Object.defineProperty(w, RAW_LAYOUT, { value: { trailing: p, extra: new Uint8Array(0) } });
            const short = encode(w);
            expect(bytes.subarray(0, short.length)).toEqual(short);
            return short.length;
          });
          ends.push(bytes.length);
          for (let n = 1; n < bytes.length; n++) {
            const part = bytes.slice(0, n);
            if (n < ends[0]!) {
              // a cut in the required part: a DecodeError on a required field, at or before the cut
              const e = decodeErr(() => decode(part));
              expect([n, e.accountType, requiredNames.has(e.field), e.offset <= n]).toEqual([n, typeName, true, true]);
              continue;
            }
            // the trailing fields present are exactly those wholly inside the cut
            let p = 0;
            while (ends[p + 1]! <= n) p++;
            const back = decode(part);
            expect(back).toEqual(keep(p));
            expect(layoutOf(back)).toEqual({ trailing: p, extra: bytes.slice(ends[p]!, n) });
            expect(encode(back)).toEqual(part);
            const [key, dflt] = trailing[p]!;
            if (n > ends[p]! && !sameValue((v as Record<string, unknown>)[key], dflt)) {
              // given back its non-default value, the cut field is written whole (the later ones
              // still absent) instead of the cut bytes
              (back as Record<string, unknown>)[key] = (v as Record<string, unknown>)[key];
              expect(encode(back)).toEqual(bytes.slice(0, ends[p + 1]!));
            }
          }
          const extended = concat(bytes, tail);
          expect(encode(decode(extended))).toEqual(extended);
        }),
        { numRuns: 200 },
      );
      // Every cut of 200 values, each compared field by field: minutes on a loaded 2-core machine.
    }, 300_000);
  });
}
