import { PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AccountType,
  CONTRIBUTOR_ACCOUNT_TYPE,
  ContributorStatus,
  DecodeError,
  EncodeError,
  contributorFilter,
  decodeContributor,
  encodeContributor,
  type Contributor,
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

const BIN = fixtureBytes('contributor');
const JSON_FX = fixtureJson('contributor');
const cut = (n: number) => BIN.slice(0, n);

// accounts.md §3.5 with code "co01".
const SPANS: [string, number, number][] = [
  ['owner', 1, 33],
  ['index', 33, 49],
  ['bump_seed', 49, 50],
  ['status', 50, 51],
  ['code', 51, 59],
  ['reference_count', 59, 63],
  ['ops_manager_pk', 63, 95],
];

describe('decodeContributor: golden fixture contributor.bin', () => {
  it('decodes every field contributor.json lists, exactly', () => {
    const c = decodeContributor(BIN);
    const covered = expectJsonFields(c, JSON_FX);
    expect(JSON_FX.fields).toHaveLength(8);
    expect(Object.keys(c).filter((k) => !covered.has(k))).toEqual([]);
    expect(c.accountType).toBe(CONTRIBUTOR_ACCOUNT_TYPE);
    expect(c.index).toBe(550n); // u128 26 02 00... at byte 33
  });

  it('re-encodes to identical bytes, also from a plain copy', () => {
    const c = decodeContributor(BIN);
    expect(encodeContributor(c)).toEqual(BIN);
    expect(encodeContributor({ ...c })).toEqual(BIN);
  });
});

describe('decodeContributor: trailing ops_manager_pk', () => {
  it('a 63-byte account (upstream real-data shape) gets the zero key and round-trips', () => {
    const c = decodeContributor(cut(63));
    expect(c).toEqual({ ...decodeContributor(BIN), opsManagerPk: PublicKey.default });
    expect(encodeContributor(c)).toEqual(cut(63));
    c.opsManagerPk = decodeContributor(BIN).opsManagerPk;
    expect(encodeContributor(c)).toEqual(BIN);
  });

  it('keeps an unknown tail', () => {
    const bytes = new Uint8Array([...BIN, 0xff]);
    const c = decodeContributor(bytes);
    expect(c).toEqual(decodeContributor(BIN));
    expect(encodeContributor(c)).toEqual(bytes);
  });

  it.each([64, 80, 94])('cut inside ops_manager_pk (length %i) is a DecodeError', (n) => {
    expect(decodeErr(() => decodeContributor(cut(n)))).toMatchObject({ accountType: 'Contributor', field: 'ops_manager_pk', offset: 63 });
  });
});

describe('decodeContributor: strictness', () => {
  it('names the field and offset of every cut inside the required part', () => {
    for (let n = 1; n < 63; n++) {
      const e = decodeErr(() => decodeContributor(cut(n)));
      const span = SPANS.find(([, , end]) => end > n)!;
      expect([n, e.accountType, e.field, e.offset]).toEqual([n, 'Contributor', span[0], span[1]]);
    }
  });

  it('keeps an undeclared status as the number; the encoder refuses it', () => {
    const b = BIN.slice();
    b[50] = 4;
    const c = decodeContributor(b);
    expect(c.status).toBe(4);
    expect(encodeErr(() => encodeContributor(c))).toMatchObject({ typeName: 'Contributor', field: 'status' });
  });
});

describe('encodeContributor: refuses bad values', () => {
  it.each<[string, (c: Contributor) => void, string]>([
    ['account type', (c) => ((c as { accountType: number }).accountType = AccountType.Device), 'account_type'],
    ['index negative', (c) => (c.index = -2n), 'index'],
    ['status 4', (c) => (c.status = 4 as ContributorStatus), 'status'],
    ['reference count above u32', (c) => (c.referenceCount = 2 ** 32), 'reference_count'],
    ['ops manager not a key', (c) => ((c as { opsManagerPk: unknown }).opsManagerPk = {}), 'ops_manager_pk'],
  ])('%s', (_n, mutate, field) => {
    const c = decodeContributor(BIN);
    mutate(c);
    expect(encodeErr(() => encodeContributor(c))).toMatchObject({ typeName: 'Contributor', field });
  });

  it('contributorFilter selects byte 0 = 10; the owner is at offset 1', () => {
    expect(contributorFilter()).toEqual({ memcmp: { offset: 0, bytes: bs58.encode([10]) } });
    expect(BIN.slice(1, 33)).toEqual(decodeContributor(BIN).owner.toBytes());
  });
});

const pubkey = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => new PublicKey(b));
const arbContributor: fc.Arbitrary<Contributor> = fc.record({
  accountType: fc.constant(AccountType.Contributor as const),
  owner: pubkey,
  index: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
  bumpSeed: fc.integer({ min: 0, max: 255 }),
  status: fc.constantFrom(0, 1, 2, 3) as fc.Arbitrary<ContributorStatus>,
  code: fc.array(fc.constantFrom('a', 'z', '0', '-', '_', ':', 'ñ', '日'), { maxLength: 32 }).map((a) => a.join('')),
  referenceCount: fc.nat({ max: 0xffffffff }),
  opsManagerPk: pubkey,
});

describe('Contributor properties', () => {
  it('decode(encode(v)) equals v (length 91 + c); the legacy cut and tails round-trip', () => {
    fc.assert(
      fc.property(arbContributor, fc.boolean(), fc.uint8Array({ maxLength: 8 }), (v, legacy, tail) => {
        const bytes = encodeContributor(v);
        expect(bytes.length).toBe(91 + new TextEncoder().encode(v.code).length);
        expect(decodeContributor(bytes)).toEqual(v);
        const variant = legacy ? bytes.slice(0, bytes.length - 32) : new Uint8Array([...bytes, ...tail]);
        expect(encodeContributor(decodeContributor(variant))).toEqual(variant);
      }),
      { numRuns: 300 },
    );
  });
});
