import { PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AccountType,
  DecodeError,
  EXCHANGE_ACCOUNT_TYPE,
  EXCHANGE_TRAILING_FIELDS,
  EncodeError,
  ExchangeStatus,
  decodeExchange,
  encodeExchange,
  exchangeFilter,
  type Exchange,
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

const BIN = fixtureBytes('exchange');
const JSON_FX = fixtureJson('exchange');
const cut = (n: number) => BIN.slice(0, n);

// accounts.md §3.4 with code "xams", name "Amsterdam IX".
const SPANS: [string, number, number][] = [
  ['owner', 1, 33],
  ['index', 33, 49],
  ['bump_seed', 49, 50],
  ['lat', 50, 58],
  ['lng', 58, 66],
  ['bgp_community', 66, 68],
  ['unused', 68, 70],
  ['status', 70, 71],
  ['code', 71, 79],
  ['name', 79, 95],
  ['reference_count', 95, 99],
  ['device1_pk', 99, 131],
  ['device2_pk', 131, 163],
];
const BOUNDARIES = [95, 99, 131, 163];

describe('decodeExchange: golden fixture exchange.bin', () => {
  it('decodes every field exchange.json lists, exactly', () => {
    const x = decodeExchange(BIN);
    const covered = expectJsonFields(x, JSON_FX);
    expect(JSON_FX.fields).toHaveLength(14);
    expect(Object.keys(x).filter((k) => !covered.has(k))).toEqual([]);
    expect(x.accountType).toBe(EXCHANGE_ACCOUNT_TYPE);
  });

  it('re-encodes to identical bytes, also from a plain copy', () => {
    const x = decodeExchange(BIN);
    expect(encodeExchange(x)).toEqual(BIN);
    expect(encodeExchange({ ...x })).toEqual(BIN);
  });
});

describe('decodeExchange: trailing (legacy) fields', () => {
  it.each(BOUNDARIES.map((n, i) => [n, i] as const))('an account ending at byte %i has %i trailing field(s)', (n, present) => {
    const full = decodeExchange(BIN);
    const x = decodeExchange(cut(n));
    expect(x).toEqual({
      ...full,
      referenceCount: present > 0 ? 5 : 0,
      device1Pk: present > 1 ? full.device1Pk : PublicKey.default,
      device2Pk: present > 2 ? full.device2Pk : PublicKey.default,
    });
    expect(EXCHANGE_TRAILING_FIELDS.slice(present)).toEqual(SPANS.slice(10 + present).map((s) => s[0]));
    expect(encodeExchange(x)).toEqual(cut(n));
  });

  it('a legacy value with device2_pk set writes the fields before it', () => {
    const full = decodeExchange(BIN);
    const x = decodeExchange(cut(95));
    x.device2Pk = full.device2Pk;
    const out = encodeExchange(x);
    expect(out.length).toBe(163);
    expect([...out.subarray(95, 131)]).toEqual(new Array(36).fill(0));
    expect(out.slice(131)).toEqual(BIN.slice(131));
  });

  it('keeps an unknown tail', () => {
    const bytes = new Uint8Array([...BIN, 9, 9]);
    const x = decodeExchange(bytes);
    expect(x).toEqual(decodeExchange(BIN));
    expect(encodeExchange(x)).toEqual(bytes);
  });

  it.each([
    [96, 'reference_count', 95],
    [100, 'device1_pk', 99],
    [130, 'device1_pk', 99],
    [132, 'device2_pk', 131],
    [162, 'device2_pk', 131],
  ])('cut inside a trailing field (length %i) is a DecodeError at %s', (n, field, offset) => {
    expect(decodeErr(() => decodeExchange(cut(n)))).toMatchObject({ accountType: 'Exchange', field, offset });
  });
});

describe('decodeExchange: strictness', () => {
  it('names the field and offset of every cut inside the required part', () => {
    for (let n = 1; n < 95; n++) {
      const e = decodeErr(() => decodeExchange(cut(n)));
      const span = SPANS.find(([, , end]) => end > n)!;
      expect([n, e.accountType, e.field, e.offset]).toEqual([n, 'Exchange', span[0], span[1]]);
    }
  });

  it('keeps an out-of-range bgp_community, a non-zero unused and an undeclared status as stored', () => {
    const b = BIN.slice();
    const dv = new DataView(b.buffer);
    dv.setUint16(66, 4627, true); // the upstream real-data value
    dv.setUint16(68, 7, true);
    b[70] = 9;
    const x = decodeExchange(b);
    expect([x.bgpCommunity, x.unused, x.status]).toEqual([4627, 7, 9]);
    expect(encodeErr(() => encodeExchange(x))).toMatchObject({ field: 'status' });
    x.status = ExchangeStatus.Suspended;
    b[70] = 2;
    expect(encodeExchange(x)).toEqual(b);
  });
});

describe('encodeExchange: refuses bad values', () => {
  it.each<[string, (x: Exchange) => void, string]>([
    ['account type', (x) => ((x as { accountType: number }).accountType = AccountType.Location), 'account_type'],
    ['bgp community above u16', (x) => (x.bgpCommunity = 65536), 'bgp_community'],
    ['unused negative', (x) => (x.unused = -1), 'unused'],
    ['status 3', (x) => (x.status = 3 as ExchangeStatus), 'status'],
    ['name not a string', (x) => ((x as { name: unknown }).name = 1), 'name'],
    ['device1 not a key', (x) => ((x as { device1Pk: unknown }).device1Pk = 'k'), 'device1_pk'],
  ])('%s', (_n, mutate, field) => {
    const x = decodeExchange(BIN);
    mutate(x);
    expect(encodeErr(() => encodeExchange(x))).toMatchObject({ typeName: 'Exchange', field });
  });

  it('exchangeFilter selects byte 0 = 4; the owner is at offset 1', () => {
    expect(exchangeFilter()).toEqual({ memcmp: { offset: 0, bytes: bs58.encode([4]) } });
    expect(BIN.slice(1, 33)).toEqual(decodeExchange(BIN).owner.toBytes());
  });
});

const text = fc.array(fc.constantFrom('a', 'Z', '0', ' ', '-', 'é', '東', '🚀'), { maxLength: 24 }).map((a) => a.join(''));
const pubkey = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => new PublicKey(b));
const arbExchange: fc.Arbitrary<Exchange> = fc.record({
  accountType: fc.constant(AccountType.Exchange as const),
  owner: pubkey,
  index: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
  bumpSeed: fc.integer({ min: 0, max: 255 }),
  lat: fc.double({ noNaN: true }),
  lng: fc.double({ noNaN: true }),
  bgpCommunity: fc.nat({ max: 0xffff }),
  unused: fc.nat({ max: 0xffff }),
  status: fc.constantFrom(0, 1, 2) as fc.Arbitrary<ExchangeStatus>,
  code: text,
  name: text,
  referenceCount: fc.nat({ max: 0xffffffff }),
  device1Pk: pubkey,
  device2Pk: pubkey,
});

describe('Exchange properties', () => {
  it('decode(encode(v)) equals v; boundary cuts and tails round-trip', () => {
    fc.assert(
      fc.property(arbExchange, fc.integer({ min: 0, max: 3 }), fc.uint8Array({ maxLength: 8 }), (v, present, tail) => {
        const bytes = encodeExchange(v);
        expect(decodeExchange(bytes)).toEqual(v);
        const req = bytes.length - 68;
        const variant = present === 3 ? new Uint8Array([...bytes, ...tail]) : bytes.slice(0, [req, req + 4, req + 36][present]);
        expect(encodeExchange(decodeExchange(variant))).toEqual(variant);
      }),
      { numRuns: 300 },
    );
  });
});
