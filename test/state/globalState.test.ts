import { PublicKey } from '@solana/web3.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AccountType,
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
  layoutOf,
  parseFeatureFlag,
  type GlobalState,
} from '../../src/index.js';
import { codecSuite, decodeErr } from '../helpers/codecSuite.js';
import { fixtureBytes, fixtureJson } from '../helpers/fixtures.js';

const BIN = fixtureBytes('global_state');

const pubkey = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => new PublicKey(b));
const keys = fc.array(pubkey, { maxLength: 4 });
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const u128 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });

codecSuite<GlobalState>({
  typeName: 'GlobalState',
  accountType: GLOBAL_STATE_ACCOUNT_TYPE,
  decode: decodeGlobalState,
  encode: encodeGlobalState,
  filter: globalStateFilter,
  bin: BIN,
  json: { fixture: fixtureJson('global_state'), count: 16 },
  // Field spans of global_state.bin (docs/wire-format.md#globalstate with a = 1, b = d = 0, q = 1; C = 62).
  spans: [
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
  ],
  trailing: {
    names: GLOBAL_STATE_TRAILING_FIELDS,
    defaults: [
      ['healthOraclePk', PublicKey.default],
      ['qaAllowlist', []],
      ['featureFlags', 0n],
      ['feedAuthorityPk', PublicKey.default],
    ],
  },
  keyOffsets: { activatorAuthorityPk: 62, sentinelAuthorityPk: 94 },
  undeclared: [],
  refused: [
    ['account type', (g) => ((g as { accountType: number }).accountType = AccountType.Link), 'account_type'],
    ['bump above u8', (g) => (g.bumpSeed = 300), 'bump_seed'],
    ['account index above u128', (g) => (g.accountIndex = 1n << 128n), 'account_index'],
    ['allowlist not an array', (g) => ((g as { foundationAllowlist: unknown }).foundationAllowlist = 'x'), 'foundation_allowlist'],
    ['allowlist entry not a key', (g) => ((g as { userAllowlist: unknown[] }).userAllowlist = [42]), 'user_allowlist'],
    ['negative lamports', (g) => (g.userAirdropLamports = -1n), 'user_airdrop_lamports'],
    ['feature flags above u128', (g) => (g.featureFlags = 1n << 128n), 'feature_flags'],
    ['feed authority not a key', (g) => ((g as { feedAuthorityPk: unknown }).feedAuthorityPk = null), 'feed_authority_pk'],
  ],
  arbitrary: fc.record({
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
  }),
  // 194 + 32 (a + b + d + q)
  size: (v) => 194 + 32 * (v.foundationAllowlist.length + v.deviceAllowlist.length + v.userAllowlist.length + v.qaAllowlist.length),
});

describe('GlobalState particulars', () => {
  it('the fixture has feature_flags 1', () => {
    expect(decodeGlobalState(BIN).featureFlags).toBe(1n);
  });

  it('writes the absent fields when a later one is set on a legacy value', () => {
    // Given an account that ends after user_airdrop_lamports (the upstream real-data shape)
    const gs = decodeGlobalState(BIN.slice(0, 142));
    // When a feature flag is switched on
    gs.featureFlags = FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS;
    const out = encodeGlobalState(gs);
    // Then health_oracle_pk and qa_allowlist are written with defaults before it (feed authority stays absent)
    expect(out.length).toBe(142 + 32 + 4 + 16);
    expect(decodeGlobalState(out)).toEqual({ ...gs });
    expect([...out.subarray(142, 178)]).toEqual(new Array(36).fill(0));
  });

  it('refuses garbage counts in the first three allowlists (the program fails the whole read)', () => {
    for (const [at, field] of [
      [18, 'foundation_allowlist'],
      [54, 'device_allowlist'],
      [58, 'user_allowlist'],
    ] as const) {
      const b = BIN.slice();
      b.set([0xff, 0xff, 0xff, 0x7f], at);
      expect(decodeErr(() => decodeGlobalState(b))).toMatchObject({ field, offset: at });
    }
  });

  it('a garbage qa_allowlist count is a cut vector: qa_allowlist and the later fields default (fully defensive, docs/wire-format.md#globalstate)', () => {
    // Given the fixture with a qa_allowlist count far beyond the data
    const b = BIN.slice();
    b.set([0xff, 0xff, 0xff, 0x7f], 174);
    // When decoded
    const gs = decodeGlobalState(b);
    // Then health_oracle_pk is read, qa_allowlist / feature_flags / feed_authority_pk default
    expect(gs).toEqual({ ...decodeGlobalState(BIN.slice(0, 174)) });
    expect(gs.healthOraclePk).toEqual(decodeGlobalState(BIN).healthOraclePk);
    expect(layoutOf(gs)).toEqual({ trailing: 1, extra: b.slice(174) });
    // And the bytes round-trip
    expect(encodeGlobalState(gs)).toEqual(b);
  });
});

describe('feature flags', () => {
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
});
