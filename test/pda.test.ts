import { PublicKey } from '@solana/web3.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/index.js';
import {
  getContributorPda,
  getDevicePda,
  getDeviceTunnelBlockPda,
  getDzPrefixBlockPda,
  getExchangePda,
  getGlobalConfigPda,
  getGlobalStatePda,
  getLinkIdsPda,
  getLinkPda,
  getLocationPda,
  getPermissionPda,
  getProgramConfigPda,
  getResourceExtensionPda,
  getSegmentRoutingIdsPda,
  getTopologyPda,
  getTunnelIdsPda,
  UNICAST_DEFAULT_TOPOLOGY,
  type Pda,
  type ResourceType,
} from '../src/index.js';
import { isNetwork, NETWORKS, PROGRAM_IDS, programIdFor } from '../src/index.js';
import { fixtureJson } from './helpers/fixtures.js';

/** pk(b): the 32-byte key whose first byte is b (docs/wire-format.md#test-vectors). */
const pk = (b: number): PublicKey => {
  const bytes = new Uint8Array(32);
  bytes[0] = b;
  return new PublicKey(bytes);
};
const PROGRAM = pk(255);
const TESTNET = new PublicKey('DZtnuQ839pSaDMFG5q1ad2V95G82S5EC4RrB3Ndw2Heb');

const ascii = (s: string): Uint8Array => new Uint8Array([...s].map((c) => c.charCodeAt(0)));

/** u128 little-endian, written out byte by byte. */
function u128Bytes(v: bigint): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
}
function u64Bytes(v: bigint): Uint8Array {
  return u128Bytes(v).slice(0, 8);
}

/**
 * Independent find-program-address: bump 255 downwards over createProgramAddressSync with the
 * seeds built by hand (docs/wire-format.md#pdas).
 */
function derive(programId: PublicKey, seeds: Uint8Array[]): [string, number] {
  for (let bump = 255; bump >= 0; bump--) {
    try {
      const addr = PublicKey.createProgramAddressSync([ascii('doublezero'), ...seeds, Uint8Array.of(bump)], programId);
      return [addr.toBase58(), bump];
    } catch {
      // on the curve: try the next bump
    }
  }
  throw new Error('no bump found');
}

const show = ([addr, bump]: Pda): [string, number] => [addr.toBase58(), bump];

describe('PDAs of the golden instruction fixtures (program id pk(255))', () => {
  const device = getDevicePda(PROGRAM, 1)[0];

  it.each([
    ['Device PDA(1)', () => getDevicePda(PROGRAM, 1), 'BBLHcpbvvQifg2sVuQA8iPVtXh1XtKoJcK6NQuMfWeoz'],
    ['GlobalState', () => getGlobalStatePda(PROGRAM), '6jZM9CiKnZoczQYHRDee4Jtxqmzj3B5YnyYgWazYGGeH'],
    ['GlobalConfig', () => getGlobalConfigPda(PROGRAM), 'B4ZFJXpLosBzBfjmWC65iRbk3B5tmznqwVY9jrivCbEL'],
    ['TunnelIds(device, 0)', () => getTunnelIdsPda(PROGRAM, device, 0), 'GJXL2p6U6myR3SmKv8oDRWzYJxq2N81qwBHWYocbEfS7'],
    ['DzPrefixBlock(device, 0)', () => getDzPrefixBlockPda(PROGRAM, device, 0), '2tt2auH3S5fzd2HNVpy8wEQxEc7b9jm5zgjfkh2qNFCX'],
    ['Link PDA(1)', () => getLinkPda(PROGRAM, 1), 'DC4M2Jnbd18tEDawat12LeSM6yhpsoLc85fPgRetecjg'],
    ['Topology("unicast-default")', () => getTopologyPda(PROGRAM, UNICAST_DEFAULT_TOPOLOGY), '6FxhPfvABPaqh6BQ4enyjo8eby9Lm4RQT82fJsY2AEXX'],
    ['DeviceTunnelBlock', () => getDeviceTunnelBlockPda(PROGRAM), 'CSMSqSVkMGsCnYnA8wh6iLTaiqyvvL94VLTpPRBTA3k'],
    ['LinkIds', () => getLinkIdsPda(PROGRAM), 'BqNoDg8kRa7W836rnGxKvFFaN3qPknupSRw9aEXR2pqS'],
  ] as const)('%s = %s', (_label, derivePda, expected) => {
    // Given the fixture's program id
    // When the helper derives the address
    const [addr, bump] = derivePda();
    // Then it is the address docs/wire-format.md#test-vectors lists
    expect(addr.toBase58()).toBe(expected);
    expect(bump).toBeGreaterThanOrEqual(0);
    expect(bump).toBeLessThanOrEqual(255);
  });

  it('match the account lists of the copied fixtures', () => {
    // Given the ordered accounts of ix_create_device and ix_create_link
    const dev = fixtureJson<{ accounts: { pubkey: string }[] }>('ix_create_device').accounts.map((a) => a.pubkey);
    const link = fixtureJson<{ accounts: { pubkey: string }[] }>('ix_create_link').accounts.map((a) => a.pubkey);
    // Then the PDA slots hold what the helpers derive
    expect([dev[0], dev[4], dev[5], dev[6], dev[7]]).toEqual(
      [
        getDevicePda(PROGRAM, 1n),
        getGlobalStatePda(PROGRAM),
        getGlobalConfigPda(PROGRAM),
        getTunnelIdsPda(PROGRAM, device),
        getDzPrefixBlockPda(PROGRAM, device, 0n),
      ].map(([a]) => a.toBase58()),
    );
    expect([link[0], link[4], link[5], link[6], link[7]]).toEqual(
      [
        getLinkPda(PROGRAM, 1n),
        getGlobalStatePda(PROGRAM),
        getTopologyPda(PROGRAM, 'unicast-default'),
        getDeviceTunnelBlockPda(PROGRAM),
        getLinkIdsPda(PROGRAM),
      ].map(([a]) => a.toBase58()),
    );
  });
});

describe('testnet singletons (docs/wire-format.md#pdas sanity check)', () => {
  it('GlobalState is 5cNB…Dt6 with bump 255', () => {
    expect(show(getGlobalStatePda(TESTNET))).toEqual(['5cNB1387r3wt3aBAT1uoTge7y1LAadWkC9DFQ3F89Dt6', 255]);
  });
  it('GlobalConfig is 8uA3…AWnf with bump 254', () => {
    expect(show(getGlobalConfigPda(TESTNET))).toEqual(['8uA3su1WQPXvnhN5DhNueXrmizA8CY7dE5sj1vXkAWnf', 254]);
  });
});

describe('every helper against hand-built seeds', () => {
  const programs = [PROGRAM, ...NETWORKS.map((n) => PROGRAM_IDS[n])];

  it('singletons', () => {
    for (const p of programs) {
      expect(show(getGlobalStatePda(p))).toEqual(derive(p, [ascii('globalstate')]));
      expect(show(getGlobalConfigPda(p))).toEqual(derive(p, [ascii('config')]));
      expect(show(getProgramConfigPda(p))).toEqual(derive(p, [ascii('programconfig')]));
    }
  });

  const INDEXED: Array<[string, (p: PublicKey, i: number | bigint) => Pda]> = [
    ['location', getLocationPda],
    ['exchange', getExchangePda],
    ['device', getDevicePda],
    ['link', getLinkPda],
    ['contributor', getContributorPda],
  ];
  const SAMPLE_INDEXES = [0n, 1n, 2n, 255n, 256n, 65_537n, (1n << 53n) - 1n, 1n << 64n, (1n << 128n) - 1n];

  it.each(INDEXED)('%s: index is a u128 LE seed', (name, helper) => {
    for (const i of SAMPLE_INDEXES) {
      // Given a sample index
      // When derived by the helper and by hand
      const got = show(helper(PROGRAM, i));
      // Then both agree
      expect(got).toEqual(derive(PROGRAM, [ascii(name), u128Bytes(i)]));
      // and a number index equals the bigint one where it is exact
      if (i <= BigInt(Number.MAX_SAFE_INTEGER)) expect(show(helper(PROGRAM, Number(i)))).toEqual(got);
    }
  });

  it('indexed helpers agree with hand-built seeds for random u128 indexes (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.constantFrom(...INDEXED), (i, [name, helper]) => {
        expect(show(helper(PROGRAM, i))).toEqual(derive(PROGRAM, [ascii(name), u128Bytes(i)]));
      }),
      { numRuns: 200 },
    );
  });

  it('different entity kinds with the same index get different addresses', () => {
    const addrs = INDEXED.map(([, h]) => h(PROGRAM, 7)[0].toBase58());
    expect(new Set(addrs).size).toBe(INDEXED.length);
  });

  it('permission: the user payer key is the seed', () => {
    for (const b of [1, 2, 200]) {
      expect(show(getPermissionPda(PROGRAM, pk(b)))).toEqual(derive(PROGRAM, [ascii('permission'), pk(b).toBytes()]));
    }
  });

  it('resource extensions: one seed per ResourceType, u64 LE resource indexes', () => {
    const device = pk(9);
    const singletons: Array<[ResourceType['kind'], string]> = [
      ['DeviceTunnelBlock', 'devicetunnelblock'],
      ['UserTunnelBlock', 'usertunnelblock'],
      ['MulticastGroupBlock', 'multicastgroupblock'],
      ['MulticastPublisherBlock', 'multicastpublisherblock'],
      ['LinkIds', 'linkids'],
      ['SegmentRoutingIds', 'segmentroutingids'],
      ['VrfIds', 'vrfids'],
      ['AdminGroupBits', 'admingroupbits'],
    ];
    for (const [kind, s] of singletons) {
      expect(show(getResourceExtensionPda(PROGRAM, { kind } as ResourceType))).toEqual(derive(PROGRAM, [ascii(s)]));
    }
    expect(show(getDeviceTunnelBlockPda(PROGRAM))).toEqual(derive(PROGRAM, [ascii('devicetunnelblock')]));
    expect(show(getLinkIdsPda(PROGRAM))).toEqual(derive(PROGRAM, [ascii('linkids')]));
    expect(show(getSegmentRoutingIdsPda(PROGRAM))).toEqual(derive(PROGRAM, [ascii('segmentroutingids')]));
    for (const i of [0n, 1n, 3n, 256n, (1n << 64n) - 1n]) {
      expect(show(getDzPrefixBlockPda(PROGRAM, device, i))).toEqual(
        derive(PROGRAM, [ascii('dzprefixblock'), device.toBytes(), u64Bytes(i)]),
      );
      expect(show(getTunnelIdsPda(PROGRAM, device, i))).toEqual(derive(PROGRAM, [ascii('tunnelids'), device.toBytes(), u64Bytes(i)]));
      expect(show(getResourceExtensionPda(PROGRAM, { kind: 'TunnelIds', device, index: i }))).toEqual(
        show(getTunnelIdsPda(PROGRAM, device, i)),
      );
    }
    // TunnelIds defaults to index 0, as the builders use
    expect(show(getTunnelIdsPda(PROGRAM, device))).toEqual(show(getTunnelIdsPda(PROGRAM, device, 0)));
  });

  it('a DzPrefixBlock index is 8 bytes, not 16', () => {
    const device = pk(9);
    expect(getDzPrefixBlockPda(PROGRAM, device, 1)[0].toBase58()).not.toBe(
      derive(PROGRAM, [ascii('dzprefixblock'), device.toBytes(), u128Bytes(1n)])[0],
    );
  });
});

describe('topology names', () => {
  it('upper-cases ASCII letters only', () => {
    // Given spellings of the same name
    const ref = show(getTopologyPda(PROGRAM, 'UNICAST-DEFAULT'));
    // Then they all derive the upper-cased seed
    for (const n of ['unicast-default', 'Unicast-Default', 'uNiCaSt-DeFaUlT']) expect(show(getTopologyPda(PROGRAM, n))).toEqual(ref);
    expect(ref).toEqual(derive(PROGRAM, [ascii('topology'), ascii('UNICAST-DEFAULT')]));
    // and non-ASCII letters are kept as they are (like Rust's to_ascii_uppercase)
    const utf8 = new TextEncoder();
    expect(show(getTopologyPda(PROGRAM, 'café-ß'))).toEqual(derive(PROGRAM, [ascii('topology'), utf8.encode('CAFé-ß')]));
    expect(show(getTopologyPda(PROGRAM, 'café'))).not.toEqual(show(getTopologyPda(PROGRAM, 'CAFÉ')));
  });

  it('refuses a name longer than one 32-byte seed', () => {
    expect(() => getTopologyPda(PROGRAM, 'x'.repeat(32))).not.toThrow();
    expect(() => getTopologyPda(PROGRAM, 'x'.repeat(33))).toThrow(ValidationError);
    expect(() => getTopologyPda(PROGRAM, 'é'.repeat(17))).toThrow(ValidationError);
  });
});

describe('invalid indexes', () => {
  const bad: Array<number | bigint> = [-1, -1n, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2];

  it('every u128-indexed helper throws ValidationError', () => {
    for (const helper of [getLocationPda, getExchangePda, getDevicePda, getLinkPda, getContributorPda]) {
      for (const i of [...bad, 1n << 128n]) {
        expect(() => helper(PROGRAM, i)).toThrow(ValidationError);
      }
    }
  });

  it('resource indexes must be u64', () => {
    for (const i of [...bad, 1n << 64n]) {
      expect(() => getDzPrefixBlockPda(PROGRAM, pk(9), i)).toThrow(ValidationError);
      expect(() => getTunnelIdsPda(PROGRAM, pk(9), i)).toThrow(ValidationError);
    }
  });

  it('the error names the index field', () => {
    try {
      getDevicePda(PROGRAM, -1);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe('index');
    }
  });

  it('an unknown resource kind throws ValidationError', () => {
    expect(() => getResourceExtensionPda(PROGRAM, { kind: 'Nope' } as unknown as ResourceType)).toThrow(ValidationError);
  });
});

describe('program ids', () => {
  it('lists the four networks with the ids of docs/wire-format.md#program-ids', () => {
    expect([...NETWORKS]).toEqual(['mainnet-beta', 'testnet', 'devnet', 'localnet']);
    expect(Object.fromEntries(NETWORKS.map((n) => [n, programIdFor(n).toBase58()]))).toEqual({
      'mainnet-beta': 'ser2VaTMAcYTaauMrTSfSrxBaUDq7BLNs2xfUugTAGv',
      testnet: 'DZtnuQ839pSaDMFG5q1ad2V95G82S5EC4RrB3Ndw2Heb',
      devnet: 'GYhQDKuESrasNZGyhMJhGYFtbzNijYhcrN9poSqCQVah',
      localnet: '7CTniUa88iJKUHTrCkB4TjAoG6TD7AMivhQeuqN2LPtX',
    });
    expect(programIdFor('testnet')).toBe(PROGRAM_IDS.testnet);
    expect(Object.isFrozen(PROGRAM_IDS)).toBe(true);
  });

  it('refuses an unknown network with ValidationError naming the field', () => {
    for (const n of ['mainnet', 'Testnet', '', 'devnet ', 'localhost']) {
      expect(isNetwork(n)).toBe(false);
      try {
        programIdFor(n);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).field).toBe('network');
        expect((e as ValidationError).message).toContain('mainnet-beta');
      }
    }
  });
});
