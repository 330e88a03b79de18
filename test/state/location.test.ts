import { PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AccountType,
  DecodeError,
  EncodeError,
  LOCATION_ACCOUNT_TYPE,
  LocationStatus,
  decodeLocation,
  encodeLocation,
  locationFilter,
  type Location,
} from '../../src/index.js';
import { fixtureBytes, fixtureJson, type AccountFixture, type FixtureField } from '../helpers/fixtures.js';

// ---------------------------------------------------------------------------------------------
// Fixture JSON → decoded value comparison (every JSON field, none skipped).

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
      expect(actual, f.name).toBe(Number(f.value));
      break;
    case 'u64':
    case 'u128':
      expect(actual, f.name).toBe(BigInt(f.value));
      break;
    case 'f64':
      expect(actual, f.name).toBe(Number(f.value));
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

/** Checks every JSON field; returns the decoded keys the JSON covered. */
function expectJsonFields(value: object, fx: AccountFixture, renames: Record<string, string> = {}): Set<string> {
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

function decodeErr(f: () => unknown): DecodeError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    return e as DecodeError;
  }
  throw new Error('expected a DecodeError');
}
function encodeErr(f: () => unknown): EncodeError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EncodeError);
    return e as EncodeError;
  }
  throw new Error('expected an EncodeError');
}

// ---------------------------------------------------------------------------------------------

const BIN = fixtureBytes('location');
const JSON_FX = fixtureJson('location');
const cut = (n: number) => BIN.slice(0, n);

// accounts.md §3.3 with code "ams", name "Amsterdam", country "NL".
const SPANS: [string, number, number][] = [
  ['owner', 1, 33],
  ['index', 33, 49],
  ['bump_seed', 49, 50],
  ['lat', 50, 58],
  ['lng', 58, 66],
  ['loc_id', 66, 70],
  ['status', 70, 71],
  ['code', 71, 78],
  ['name', 78, 91],
  ['country', 91, 97],
  ['reference_count', 97, 101],
];

describe('decodeLocation: golden fixture location.bin', () => {
  it('decodes every field location.json lists, exactly', () => {
    const loc = decodeLocation(BIN);
    const covered = expectJsonFields(loc, JSON_FX);
    expect(JSON_FX.fields).toHaveLength(12);
    expect(Object.keys(loc).filter((k) => !covered.has(k))).toEqual([]);
    expect(loc.accountType).toBe(LOCATION_ACCOUNT_TYPE);
    // f64 at byte 50 is 3b 01 4d 84 0d 2f 4a 40 (accounts.md §1)
    expect([...BIN.subarray(50, 58)]).toEqual([0x3b, 0x01, 0x4d, 0x84, 0x0d, 0x2f, 0x4a, 0x40]);
    expect(loc.lat).toBe(52.3676);
  });

  it('re-encodes to identical bytes, also from a plain copy', () => {
    const loc = decodeLocation(BIN);
    expect(encodeLocation(loc)).toEqual(BIN);
    expect(encodeLocation({ ...loc })).toEqual(BIN);
  });
});

describe('decodeLocation: trailing reference_count', () => {
  it('absent → 0, and the 97-byte account round-trips', () => {
    const loc = decodeLocation(cut(97));
    expect(loc).toEqual({ ...decodeLocation(BIN), referenceCount: 0 });
    expect(encodeLocation(loc)).toEqual(cut(97));
    loc.referenceCount = 3;
    expect(encodeLocation(loc)).toEqual(BIN);
  });

  it('keeps an unknown tail', () => {
    const bytes = new Uint8Array([...BIN, 0]);
    const loc = decodeLocation(bytes);
    expect(loc).toEqual(decodeLocation(BIN));
    expect(encodeLocation(loc)).toEqual(bytes);
  });

  it.each([98, 99, 100])('cut inside reference_count (length %i) is a DecodeError', (n) => {
    expect(decodeErr(() => decodeLocation(cut(n)))).toMatchObject({ accountType: 'Location', field: 'reference_count', offset: 97 });
  });
});

describe('decodeLocation: strictness', () => {
  it('names the field and offset of every cut inside the required part', () => {
    for (let n = 1; n < 97; n++) {
      const e = decodeErr(() => decodeLocation(cut(n)));
      const span = SPANS.find(([, , end]) => end > n)!;
      expect([n, e.accountType, e.field, e.offset]).toEqual([n, 'Location', span[0], span[1]]);
    }
  });

  it('refuses NaN coordinates and invalid UTF-8; keeps an undeclared status as the number', () => {
    const nan = BIN.slice();
    new DataView(nan.buffer).setFloat64(58, Number.NaN, true);
    expect(decodeErr(() => decodeLocation(nan))).toMatchObject({ field: 'lng', offset: 58 });
    const bad = BIN.slice();
    bad[82] = 0xc3; // "Amsterdam": lone lead byte
    bad[83] = 0x28;
    expect(decodeErr(() => decodeLocation(bad))).toMatchObject({ field: 'name', offset: 78 });
    const st = BIN.slice();
    st[70] = 3;
    const loc = decodeLocation(st);
    expect(loc.status).toBe(3);
    expect(encodeErr(() => encodeLocation(loc))).toMatchObject({ field: 'status' });
  });

  it('keeps infinities and negative zero exactly', () => {
    const b = BIN.slice();
    const dv = new DataView(b.buffer);
    dv.setFloat64(50, -0, true);
    dv.setFloat64(58, Number.NEGATIVE_INFINITY, true);
    const loc = decodeLocation(b);
    expect(Object.is(loc.lat, -0)).toBe(true);
    expect(loc.lng).toBe(Number.NEGATIVE_INFINITY);
    expect(encodeLocation(loc)).toEqual(b);
  });
});

describe('encodeLocation: refuses bad values', () => {
  it.each<[string, (l: Location) => void, string]>([
    ['account type', (l) => ((l as { accountType: number }).accountType = AccountType.Exchange), 'account_type'],
    ['NaN lat', (l) => (l.lat = Number.NaN), 'lat'],
    ['lng not a number', (l) => ((l as { lng: unknown }).lng = '4.9'), 'lng'],
    ['loc id above u32', (l) => (l.locId = 2 ** 32), 'loc_id'],
    ['status 3', (l) => (l.status = 3 as LocationStatus), 'status'],
    ['country not a string', (l) => ((l as { country: unknown }).country = null), 'country'],
    ['negative reference count', (l) => (l.referenceCount = -1), 'reference_count'],
  ])('%s', (_n, mutate, field) => {
    const l = decodeLocation(BIN);
    mutate(l);
    expect(encodeErr(() => encodeLocation(l))).toMatchObject({ typeName: 'Location', field });
  });

  it('locationFilter selects byte 0 = 3; the owner is at offset 1', () => {
    expect(locationFilter()).toEqual({ memcmp: { offset: 0, bytes: bs58.encode([3]) } });
    expect(BIN.slice(1, 33)).toEqual(decodeLocation(BIN).owner.toBytes());
  });
});

const text = fc.array(fc.constantFrom('a', 'Z', '0', ' ', '-', 'é', 'ü', '東', '🚀'), { maxLength: 24 }).map((a) => a.join(''));
const f64 = fc.double({ noNaN: true });
const arbLocation: fc.Arbitrary<Location> = fc.record({
  accountType: fc.constant(AccountType.Location as const),
  owner: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => new PublicKey(b)),
  index: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
  bumpSeed: fc.integer({ min: 0, max: 255 }),
  lat: f64,
  lng: f64,
  locId: fc.nat({ max: 0xffffffff }),
  status: fc.constantFrom(0, 1, 2) as fc.Arbitrary<LocationStatus>,
  code: text,
  name: text,
  country: text,
  referenceCount: fc.nat({ max: 0xffffffff }),
});

describe('Location properties', () => {
  it('decode(encode(v)) equals v; the legacy cut and extra tails round-trip', () => {
    fc.assert(
      fc.property(arbLocation, fc.boolean(), fc.uint8Array({ maxLength: 8 }), (v, legacy, tail) => {
        const bytes = encodeLocation(v);
        const back = decodeLocation(bytes);
        expect(back).toEqual(v);
        expect(Object.is(back.lat, v.lat)).toBe(true);
        const variant = legacy ? bytes.slice(0, bytes.length - 4) : new Uint8Array([...bytes, ...tail]);
        expect(encodeLocation(decodeLocation(variant))).toEqual(variant);
      }),
      { numRuns: 300 },
    );
  });
});
