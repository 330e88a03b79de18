import { PublicKey } from '@solana/web3.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AccountType,
  LOCATION_ACCOUNT_TYPE,
  LOCATION_TRAILING_FIELDS,
  LocationStatus,
  decodeLocation,
  encodeLocation,
  locationFilter,
  type Location,
} from '../../src/index.js';
import { codecSuite, decodeErr } from '../helpers/codecSuite.js';
import { fixtureBytes, fixtureJson } from '../helpers/fixtures.js';

const BIN = fixtureBytes('location');

const text = fc.array(fc.constantFrom('a', 'Z', '0', ' ', '-', 'é', 'ü', '東', '🚀'), { maxLength: 24 }).map((a) => a.join(''));
const f64 = fc.double({ noNaN: true });

codecSuite<Location>({
  typeName: 'Location',
  accountType: LOCATION_ACCOUNT_TYPE,
  decode: decodeLocation,
  encode: encodeLocation,
  filter: locationFilter,
  bin: BIN,
  json: { fixture: fixtureJson('location'), count: 12 },
  // docs/wire-format.md#location with code "ams", name "Amsterdam", country "NL".
  spans: [
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
  ],
  trailing: { names: LOCATION_TRAILING_FIELDS, defaults: [['referenceCount', 0]] },
  keyOffsets: { owner: 1 },
  undeclared: [[70, 'status', 'status', [3, 200]]],
  refused: [
    ['account type', (l) => ((l as { accountType: number }).accountType = AccountType.Exchange), 'account_type'],
    ['NaN lat', (l) => (l.lat = Number.NaN), 'lat'],
    ['lng not a number', (l) => ((l as { lng: unknown }).lng = '4.9'), 'lng'],
    ['loc id above u32', (l) => (l.locId = 2 ** 32), 'loc_id'],
    ['status 3', (l) => (l.status = 3 as LocationStatus), 'status'],
    ['country not a string', (l) => ((l as { country: unknown }).country = null), 'country'],
    ['negative reference count', (l) => (l.referenceCount = -1), 'reference_count'],
  ],
  // (toEqual tells -0 from 0, so the round trip also keeps the sign of zero coordinates)
  arbitrary: fc.record({
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
  }),
});

describe('Location particulars', () => {
  it('lat is the f64 at byte 50 (3b 01 4d 84 0d 2f 4a 40, docs/wire-format.md#encoding-basics)', () => {
    expect([...BIN.subarray(50, 58)]).toEqual([0x3b, 0x01, 0x4d, 0x84, 0x0d, 0x2f, 0x4a, 0x40]);
    expect(decodeLocation(BIN).lat).toBe(52.3676);
  });

  it('a 97-byte account gets reference_count 0; setting it writes the full account', () => {
    const loc = decodeLocation(BIN.slice(0, 97));
    expect(loc.referenceCount).toBe(0);
    loc.referenceCount = 3;
    expect(encodeLocation(loc)).toEqual(BIN);
  });

  it('refuses NaN coordinates and invalid UTF-8', () => {
    const nan = BIN.slice();
    new DataView(nan.buffer).setFloat64(58, Number.NaN, true);
    expect(decodeErr(() => decodeLocation(nan))).toMatchObject({ field: 'lng', offset: 58 });
    const bad = BIN.slice();
    bad[82] = 0xc3; // "Amsterdam": lone lead byte
    bad[83] = 0x28;
    expect(decodeErr(() => decodeLocation(bad))).toMatchObject({ field: 'name', offset: 78 });
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
