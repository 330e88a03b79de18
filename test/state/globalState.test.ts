import { PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AccountType,
  DecodeError,
  EncodeError,
  FEATURE_FLAGS,
  FEATURE_FLAG_ONCHAIN_ALLOCATION_DEPRECATED,
  FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS,
  GLOBAL_STATE_ACCOUNT_TYPE,
  GLOBAL_STATE_TRAILING_FIELDS,
  ValidationError,
  decodeGlobalState,
  enabledFeatureFlags,
  encodeGlobalState,
  globalStateFilter,
  isFeatureEnabled,
  parseFeatureFlag,
  type GlobalState,
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

const BIN = fixtureBytes('global_state');
const JSON_FX = fixtureJson('global_state');
const cut = (n: number) => BIN.slice(0, n);
const key = (b: number) => {
  const k = new Uint8Array(32);
  k[0] = b;
  return new PublicKey(k);
};

// Field spans of global_state.bin (accounts.md §3.1 with a = 1, b = d = 0, q = 1; C = 62).
const SPANS: [string, number, number][] = [
  ['bump_seed', 1, 2],
  ['account_index', 2, 18],
  ['foundation_allowlist', 18, 54],
  ['device_allowlist', 54, 58],
  ['user_allowlist', 58, 62],
  ['activator_authority_pk', 62, 94],
  ['sentinel_authority_pk', 94, 126],
  ['contributor_airdrop_lamports', 126, 134],
  ['user_airdrop_lamports', 134, 142],
  ['health_oracle_pk', 142, 174],
  ['qa_allowlist', 174, 210],
  ['feature_flags', 210, 226],
  ['feed_authority_pk', 226, 258],
];
const BOUNDARIES = [142, 174, 210, 226, 258];

describe('decodeGlobalState: golden fixture global_state.bin', () => {
  it('decodes every field global_state.json lists, exactly', () => {
    // Given the program-generated GlobalState fixture
    // When decoded
    const gs = decodeGlobalState(BIN);
    // Then every JSON field matches (vectors via their Len / N entries) and every decoded field is covered
    const covered = expectJsonFields(gs, JSON_FX);
    expect(JSON_FX.fields).toHaveLength(16);
    expect(Object.keys(gs).filter((k) => !covered.has(k))).toEqual([]);
    expect(gs.accountType).toBe(GLOBAL_STATE_ACCOUNT_TYPE);
    expect(gs.featureFlags).toBe(1n);
  });

  it('re-encodes to identical bytes, also from a plain copy', () => {
    const gs = decodeGlobalState(BIN);
    expect(encodeGlobalState(gs)).toEqual(BIN);
    expect(encodeGlobalState({ ...gs })).toEqual(BIN);
  });
});

describe('decodeGlobalState: trailing (legacy) fields', () => {
  it.each(BOUNDARIES.map((n, i) => [n, i] as const))('an account ending at byte %i has %i trailing field(s)', (n, present) => {
    // Given global_state.bin cut at a trailing boundary
    const full = decodeGlobalState(BIN);
    const bytes = cut(n);
    // When decoded
    const gs = decodeGlobalState(bytes);
    // Then absent fields take the zero key / [] / 0, present ones keep their value
    expect(gs).toEqual({
      ...full,
      healthOraclePk: present > 0 ? full.healthOraclePk : PublicKey.default,
      qaAllowlist: present > 1 ? full.qaAllowlist : [],
      featureFlags: present > 2 ? full.featureFlags : 0n,
      feedAuthorityPk: present > 3 ? full.feedAuthorityPk : PublicKey.default,
    });
    expect(GLOBAL_STATE_TRAILING_FIELDS.slice(present)).toEqual(SPANS.slice(9 + present).map((s) => s[0]));
    // And re-encodes to exactly those bytes
    expect(encodeGlobalState(gs)).toEqual(bytes);
  });

  it('writes the absent fields when a later one is set on a legacy value', () => {
    // Given an account that ends after user_airdrop_lamports (the upstream real-data shape)
    const gs = decodeGlobalState(cut(142));
    // When a feature flag is switched on
    gs.featureFlags = FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS;
    const out = encodeGlobalState(gs);
    // Then health_oracle_pk and qa_allowlist are written with defaults before it (feed authority stays absent)
    expect(out.length).toBe(142 + 32 + 4 + 16);
    expect(decodeGlobalState(out)).toEqual({ ...gs });
    expect([...out.subarray(142, 178)]).toEqual(new Array(36).fill(0));
  });

  it('keeps an unknown tail after feed_authority_pk', () => {
    const bytes = new Uint8Array([...BIN, 0xde, 0xad]);
    const gs = decodeGlobalState(bytes);
    expect(gs).toEqual(decodeGlobalState(BIN));
    expect(encodeGlobalState(gs)).toEqual(bytes);
  });

  it.each([
    [143, 'health_oracle_pk', 142],
    [173, 'health_oracle_pk', 142],
    [175, 'qa_allowlist', 174],
    [178, 'qa_allowlist', 174],
    [209, 'qa_allowlist', 174],
    [211, 'feature_flags', 210],
    [225, 'feature_flags', 210],
    [227, 'feed_authority_pk', 226],
    [257, 'feed_authority_pk', 226],
  ])('a trailing field cut in the middle (length %i) is a DecodeError at %s', (n, field, offset) => {
    expect(decodeErr(() => decodeGlobalState(cut(n)))).toMatchObject({ accountType: 'GlobalState', field, offset });
  });
});

describe('decodeGlobalState: strictness', () => {
  it('names the field and offset of every cut inside the required part', () => {
    for (let n = 1; n < 142; n++) {
      const e = decodeErr(() => decodeGlobalState(cut(n)));
      const span = SPANS.find(([, , end]) => end > n)!;
      expect([n, e.accountType, e.field, e.offset]).toEqual([n, 'GlobalState', span[0], span[1]]);
    }
  });

  it('refuses other type bytes and garbage vector counts', () => {
    expect(decodeErr(() => decodeGlobalState(new Uint8Array(0)))).toMatchObject({ field: 'account_type', offset: 0 });
    const t = BIN.slice();
    t[0] = 2;
    expect(decodeErr(() => decodeGlobalState(t))).toMatchObject({ field: 'account_type', offset: 0 });
    for (const [at, field] of [
      [18, 'foundation_allowlist'],
      [54, 'device_allowlist'],
      [58, 'user_allowlist'],
      [174, 'qa_allowlist'],
    ] as const) {
      const b = BIN.slice();
      b.set([0xff, 0xff, 0xff, 0x7f], at);
      expect(decodeErr(() => decodeGlobalState(b))).toMatchObject({ field, offset: at });
    }
  });
});

describe('encodeGlobalState: refuses bad values', () => {
  it.each<[string, (g: GlobalState) => void, string]>([
    ['account type', (g) => ((g as { accountType: number }).accountType = AccountType.Link), 'account_type'],
    ['bump above u8', (g) => (g.bumpSeed = 300), 'bump_seed'],
    ['account index above u128', (g) => (g.accountIndex = 1n << 128n), 'account_index'],
    ['allowlist not an array', (g) => ((g as { foundationAllowlist: unknown }).foundationAllowlist = 'x'), 'foundation_allowlist'],
    ['allowlist entry not a key', (g) => ((g as { userAllowlist: unknown[] }).userAllowlist = [42]), 'user_allowlist'],
    ['negative lamports', (g) => (g.userAirdropLamports = -1n), 'user_airdrop_lamports'],
    ['feature flags above u128', (g) => (g.featureFlags = 1n << 128n), 'feature_flags'],
    ['feed authority not a key', (g) => ((g as { feedAuthorityPk: unknown }).feedAuthorityPk = null), 'feed_authority_pk'],
  ])('%s', (_n, mutate, field) => {
    const g = decodeGlobalState(BIN);
    mutate(g);
    expect(encodeErr(() => encodeGlobalState(g))).toMatchObject({ typeName: 'GlobalState', field });
  });
});

describe('feature flags and filter', () => {
  it('has the two defined bits', () => {
    expect(FEATURE_FLAG_ONCHAIN_ALLOCATION_DEPRECATED).toBe(1n);
    expect(FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS).toBe(2n);
    expect(FEATURE_FLAGS).toEqual({ 'onchain-allocation-deprecated': 1n, 'require-permission-accounts': 2n });
  });

  it('isFeatureEnabled checks every bit of the flag, on a GlobalState or a bitmask', () => {
    const gs = decodeGlobalState(BIN); // feature_flags = 1
    expect(isFeatureEnabled(gs, FEATURE_FLAG_ONCHAIN_ALLOCATION_DEPRECATED)).toBe(true);
    expect(isFeatureEnabled(gs, FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS)).toBe(false);
    expect(isFeatureEnabled(3n, 3n)).toBe(true);
    expect(isFeatureEnabled(2n, 3n)).toBe(false);
    expect(isFeatureEnabled(1n << 127n, 1n << 127n)).toBe(true);
    expect(() => isFeatureEnabled(gs, 0n)).toThrow(ValidationError);
    expect(() => isFeatureEnabled(gs, 2 as unknown as bigint)).toThrow(ValidationError);
    expect(() => isFeatureEnabled({ featureFlags: 1 as unknown as bigint }, 1n)).toThrow(ValidationError);
  });

  it('parseFeatureFlag follows the program FromStr (legacy spelling included, case-sensitive)', () => {
    expect(parseFeatureFlag('onchain-allocation-deprecated')).toBe(1n);
    expect(parseFeatureFlag('onchain-allocation')).toBe(1n);
    expect(parseFeatureFlag('require-permission-accounts')).toBe(2n);
    for (const bad of ['Require-Permission-Accounts', 'require_permission_accounts', '', 'x', '1']) {
      expect(() => parseFeatureFlag(bad)).toThrow(ValidationError);
    }
  });

  it('enabledFeatureFlags lists the defined flags set', () => {
    expect(enabledFeatureFlags(0n)).toEqual([]);
    expect(enabledFeatureFlags(1n)).toEqual(['onchain-allocation-deprecated']);
    expect(enabledFeatureFlags(7n)).toEqual(['onchain-allocation-deprecated', 'require-permission-accounts']);
    expect(enabledFeatureFlags(1n << 100n)).toEqual([]);
    expect(() => enabledFeatureFlags(1 as unknown as bigint)).toThrow(ValidationError);
  });

  it('globalStateFilter selects byte 0 = 1', () => {
    expect(globalStateFilter()).toEqual({ memcmp: { offset: 0, bytes: bs58.encode([1]) } });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const pubkey = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => new PublicKey(b));
const keys = fc.array(pubkey, { maxLength: 4 });
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const u128 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
const arbGlobalState: fc.Arbitrary<GlobalState> = fc.record({
  accountType: fc.constant(AccountType.GlobalState as const),
  bumpSeed: fc.integer({ min: 0, max: 255 }),
  accountIndex: u128,
  foundationAllowlist: keys,
  deviceAllowlist: keys,
  userAllowlist: keys,
  activatorAuthorityPk: pubkey,
  sentinelAuthorityPk: pubkey,
  contributorAirdropLamports: u64,
  userAirdropLamports: u64,
  healthOraclePk: pubkey,
  qaAllowlist: keys,
  featureFlags: u128,
  feedAuthorityPk: pubkey,
});

describe('GlobalState properties', () => {
  it('decode(encode(v)) equals v; total length is 194 + 32(a + b + d + q)', () => {
    fc.assert(
      fc.property(arbGlobalState, (v) => {
        const bytes = encodeGlobalState(v);
        const n = v.foundationAllowlist.length + v.deviceAllowlist.length + v.userAllowlist.length + v.qaAllowlist.length;
        expect(bytes.length).toBe(194 + 32 * n);
        const back = decodeGlobalState(bytes);
        expect(back).toEqual(v);
        expect(encodeGlobalState(back)).toEqual(bytes);
      }),
      { numRuns: 200 },
    );
  });

  it('cuts at every trailing boundary and extra tails round-trip exactly', () => {
    fc.assert(
      fc.property(arbGlobalState, fc.integer({ min: 0, max: 4 }), fc.uint8Array({ maxLength: 16 }), (v, present, tail) => {
        const full = encodeGlobalState(v);
        const q = v.qaAllowlist.length;
        const c = full.length - (32 + 4 + 32 * q + 16 + 32);
        const ends = [c, c + 32, c + 36 + 32 * q, c + 52 + 32 * q, full.length];
        const bytes = present === 4 ? new Uint8Array([...full, ...tail]) : full.slice(0, ends[present]);
        expect(encodeGlobalState(decodeGlobalState(bytes))).toEqual(bytes);
      }),
      { numRuns: 200 },
    );
  });
});
