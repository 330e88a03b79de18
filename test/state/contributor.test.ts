import { PublicKey } from '@solana/web3.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AccountType,
  CONTRIBUTOR_ACCOUNT_TYPE,
  CONTRIBUTOR_TRAILING_FIELDS,
  ContributorStatus,
  contributorFilter,
  decodeContributor,
  encodeContributor,
  type Contributor,
} from '../../src/index.js';
import { codecSuite } from '../helpers/codecSuite.js';
import { fixtureBytes, fixtureJson } from '../helpers/fixtures.js';

const BIN = fixtureBytes('contributor');

const pubkey = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => new PublicKey(b));

codecSuite<Contributor>({
  typeName: 'Contributor',
  accountType: CONTRIBUTOR_ACCOUNT_TYPE,
  decode: decodeContributor,
  encode: encodeContributor,
  filter: contributorFilter,
  bin: BIN,
  json: { fixture: fixtureJson('contributor'), count: 8 },
  // docs/wire-format.md#contributor with code "co01".
  spans: [
    ['owner', 1, 33],
    ['index', 33, 49],
    ['bump_seed', 49, 50],
    ['status', 50, 51],
    ['code', 51, 59],
    ['reference_count', 59, 63],
    ['ops_manager_pk', 63, 95],
  ],
  trailing: { names: CONTRIBUTOR_TRAILING_FIELDS, defaults: [['opsManagerPk', PublicKey.default]] },
  keyOffsets: { owner: 1 },
  undeclared: [[50, 'status', 'status', [4, 200]]],
  refused: [
    ['account type', (c) => ((c as { accountType: number }).accountType = AccountType.Device), 'account_type'],
    ['index negative', (c) => (c.index = -2n), 'index'],
    ['status 4', (c) => (c.status = 4 as ContributorStatus), 'status'],
    ['reference count above u32', (c) => (c.referenceCount = 2 ** 32), 'reference_count'],
    ['ops manager not a key', (c) => ((c as { opsManagerPk: unknown }).opsManagerPk = {}), 'ops_manager_pk'],
  ],
  arbitrary: fc.record({
    accountType: fc.constant(AccountType.Contributor as const),
    owner: pubkey,
    index: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
    bumpSeed: fc.integer({ min: 0, max: 255 }),
    status: fc.constantFrom(0, 1, 2, 3) as fc.Arbitrary<ContributorStatus>,
    code: fc.array(fc.constantFrom('a', 'z', '0', '-', '_', ':', 'ñ', '日'), { maxLength: 32 }).map((a) => a.join('')),
    referenceCount: fc.nat({ max: 0xffffffff }),
    opsManagerPk: pubkey,
  }),
  size: (c) => 91 + new TextEncoder().encode(c.code).length,
});

describe('Contributor particulars', () => {
  it('index is the u128 26 02 00… at byte 33', () => {
    expect(decodeContributor(BIN).index).toBe(550n);
  });

  it('a 63-byte account (upstream real-data shape) gets the zero key; setting it writes the full account', () => {
    // Given an account ending before ops_manager_pk
    const c = decodeContributor(BIN.slice(0, 63));
    expect(c.opsManagerPk).toEqual(PublicKey.default);
    // When the key is set
    c.opsManagerPk = decodeContributor(BIN).opsManagerPk;
    // Then the full account is written
    expect(encodeContributor(c)).toEqual(BIN);
  });
});
