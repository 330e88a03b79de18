import { PublicKey } from '@solana/web3.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALL_PERMISSION_FLAGS,
  AccountType,
  PERMISSION_ACCOUNT_TYPE,
  PERMISSION_FLAGS,
  PERMISSION_FLAG_HEALTH_ORACLE,
  PERMISSION_FLAG_INDEX_ADMIN,
  PERMISSION_FLAG_NETWORK_ADMIN,
  PERMISSION_OFFSETS,
  PERMISSION_SIZE,
  PermissionStatus,
  ValidationError,
  decodePermission,
  encodePermission,
  hasPermissionFlag,
  permissionFilter,
  permissionFlagNames,
  type Permission,
} from '../../src/index.js';
import { codecSuite } from '../helpers/codecSuite.js';
import { PERMISSION_GOLDEN as GOLDEN, PERMISSION_OWNER as OWNER, PERMISSION_PAYER as PAYER } from '../helpers/fixtures.js';

// The hand-built golden vector (no upstream fixture): owner 01..20, bump 253, status Activated,
// user_payer ff..e0, permissions NETWORK_ADMIN | HEALTH_ORACLE | bit 127.

// docs/wire-format.md#permission flag table, transcribed independently.
const FLAG_TABLE: [string, number][] = [
  ['FOUNDATION', 0],
  ['PERMISSION_ADMIN', 1],
  ['INFRA_ADMIN', 2],
  ['NETWORK_ADMIN', 3],
  ['TENANT_ADMIN', 4],
  ['MULTICAST_ADMIN', 5],
  ['FEED_AUTHORITY', 6],
  ['ACTIVATOR', 7],
  ['SENTINEL', 8],
  ['USER_ADMIN', 9],
  ['ACCESS_PASS_ADMIN', 10],
  ['HEALTH_ORACLE', 11],
  ['QA', 12],
  ['GLOBALSTATE_ADMIN', 13],
  ['CONTRIBUTOR_ADMIN', 14],
  ['TOPOLOGY_ADMIN', 15],
  ['RESOURCE_ADMIN', 16],
  ['INDEX_ADMIN', 17],
];

const pubkey = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => new PublicKey(b));

codecSuite<Permission>({
  typeName: 'Permission',
  accountType: PERMISSION_ACCOUNT_TYPE,
  decode: decodePermission,
  encode: encodePermission,
  filter: permissionFilter,
  bin: GOLDEN,
  // No field is trailing.
  spans: [
    ['owner', 1, 33],
    ['bump_seed', 33, 34],
    ['status', 34, 35],
    ['user_payer', 35, 67],
    ['permissions', 67, 83],
  ],
  keyOffsets: { owner: PERMISSION_OFFSETS.owner, userPayer: PERMISSION_OFFSETS.userPayer },
  // e.g. 3, which the upstream TS SDK calls "deleting"
  undeclared: [[34, 'status', 'status', [3, 200]]],
  refused: [
    ['account type', (p) => ((p as { accountType: number }).accountType = AccountType.User), 'account_type'],
    ['bump above u8', (p) => (p.bumpSeed = 256), 'bump_seed'],
    ['status 3', (p) => (p.status = 3 as PermissionStatus), 'status'],
    ['payer not a key', (p) => ((p as { userPayer: unknown }).userPayer = 'x'), 'user_payer'],
    ['permissions above u128', (p) => (p.permissions = 1n << 128n), 'permissions'],
    ['negative permissions', (p) => (p.permissions = -1n), 'permissions'],
  ],
  arbitrary: fc.record({
    accountType: fc.constant(AccountType.Permission as const),
    owner: pubkey,
    bumpSeed: fc.integer({ min: 0, max: 255 }),
    status: fc.constantFrom(0, 1, 2) as fc.Arbitrary<PermissionStatus>,
    userPayer: pubkey,
    permissions: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
  }),
  size: () => PERMISSION_SIZE,
});

describe('decodePermission: hand-built golden vector', () => {
  it('decodes every field at its docs/wire-format.md#permission offset', () => {
    // Given the 83-byte vector
    expect(GOLDEN.length).toBe(PERMISSION_SIZE);
    // When decoded
    const p = decodePermission(GOLDEN);
    // Then
    expect(p).toEqual({
      accountType: PERMISSION_ACCOUNT_TYPE,
      owner: new PublicKey(OWNER),
      bumpSeed: 253,
      status: PermissionStatus.Activated,
      userPayer: new PublicKey(PAYER),
      permissions: (1n << 127n) | (1n << 11n) | (1n << 3n),
    });
    expect(Object.keys(p)).toHaveLength(6);
  });

  it('PERMISSION_OFFSETS are the docs/wire-format.md#permission offsets; user_payer is at 35', () => {
    expect(PERMISSION_OFFSETS).toEqual({ owner: 1, bumpSeed: 33, status: 34, userPayer: 35, permissions: 67 });
    expect(GOLDEN.slice(35, 67)).toEqual(new PublicKey(PAYER).toBytes());
  });
});

describe('permission flags', () => {
  it('define exactly the 18 bits of docs/wire-format.md#permission, in order, and ALL = 0x3FFFF', () => {
    expect(Object.entries(PERMISSION_FLAGS)).toEqual(FLAG_TABLE.map(([n, bit]) => [n, 1n << BigInt(bit)]));
    expect(ALL_PERMISSION_FLAGS).toBe(0x3ffffn);
    expect(Object.values(PERMISSION_FLAGS).reduce((a, b) => a | b, 0n)).toBe(ALL_PERMISSION_FLAGS);
    expect(PERMISSION_FLAG_NETWORK_ADMIN).toBe(0x8n);
    expect(PERMISSION_FLAG_HEALTH_ORACLE).toBe(0x800n);
    expect(PERMISSION_FLAG_INDEX_ADMIN).toBe(0x20000n);
  });

  it('hasPermissionFlag: any matching bit authorizes', () => {
    const p = decodePermission(GOLDEN);
    for (const [name, bit] of FLAG_TABLE) {
      const expected = bit === 3 || bit === 11;
      expect([name, hasPermissionFlag(p, 1n << BigInt(bit))]).toEqual([name, expected]);
    }
    expect(hasPermissionFlag(p, PERMISSION_FLAG_NETWORK_ADMIN | PERMISSION_FLAGS.FOUNDATION)).toBe(true);
    expect(hasPermissionFlag(0n, ALL_PERMISSION_FLAGS)).toBe(false);
    expect(hasPermissionFlag(1n << 127n, 1n << 127n)).toBe(true);
    expect(() => hasPermissionFlag(p, 0n)).toThrow(ValidationError);
    expect(() => hasPermissionFlag(p, 8 as unknown as bigint)).toThrow(ValidationError);
    expect(() => hasPermissionFlag(-1n, 1n)).toThrow(ValidationError);
  });

  it('permissionFlagNames lists the defined flags set, in bit order', () => {
    expect(permissionFlagNames(decodePermission(GOLDEN).permissions)).toEqual(['NETWORK_ADMIN', 'HEALTH_ORACLE']);
    expect(permissionFlagNames(ALL_PERMISSION_FLAGS)).toEqual(FLAG_TABLE.map(([n]) => n));
    expect(permissionFlagNames(1n << 18n)).toEqual([]);
  });
});
