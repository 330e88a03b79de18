import { PublicKey } from '@solana/web3.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AccountType,
  BGP_COMMUNITY_MIN,
  GLOBAL_CONFIG_ACCOUNT_TYPE,
  GLOBAL_CONFIG_SIZE,
  GLOBAL_CONFIG_TRAILING_FIELDS,
  decodeGlobalConfig,
  encodeGlobalConfig,
  globalConfigFilter,
  type GlobalConfig,
} from '../../src/index.js';
import { codecSuite, decodeErr } from '../helpers/codecSuite.js';
import { fixtureBytes, fixtureJson } from '../helpers/fixtures.js';

const BIN = fixtureBytes('global_config');
const cut = (n: number) => BIN.slice(0, n);

const net = fc
  .tuple(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 32 }))
  .map(([o, p]) => `${o.join('.')}/${p}`);

codecSuite<GlobalConfig>({
  typeName: 'GlobalConfig',
  accountType: GLOBAL_CONFIG_ACCOUNT_TYPE,
  decode: decodeGlobalConfig,
  encode: encodeGlobalConfig,
  filter: globalConfigFilter,
  bin: BIN,
  // "MulticastGroupBlock" is the program's multicastgroup_block
  json: { fixture: fixtureJson('global_config'), count: 10, renames: { MulticastGroupBlock: 'multicastgroupBlock' } },
  // docs/wire-format.md#globalconfig (fixed layout).
  spans: [
    ['owner', 1, 33],
    ['bump_seed', 33, 34],
    ['local_asn', 34, 38],
    ['remote_asn', 38, 42],
    ['device_tunnel_block', 42, 47],
    ['user_tunnel_block', 47, 52],
    ['multicastgroup_block', 52, 57],
    ['next_bgp_community', 57, 59],
    ['multicast_publisher_block', 59, 64],
  ],
  trailing: {
    names: GLOBAL_CONFIG_TRAILING_FIELDS,
    defaults: [
      ['nextBgpCommunity', 10000],
      ['multicastPublisherBlock', '0.0.0.0/0'],
    ],
  },
  keyOffsets: { owner: 1 },
  undeclared: [],
  refused: [
    ['account type', (g) => ((g as { accountType: number }).accountType = AccountType.GlobalState), 'account_type'],
    ['owner not a key', (g) => ((g as { owner: unknown }).owner = undefined), 'owner'],
    ['asn above u32', (g) => (g.localAsn = 2 ** 32), 'local_asn'],
    ['negative asn', (g) => (g.remoteAsn = -5), 'remote_asn'],
    ['bad block', (g) => (g.userTunnelBlock = '10.0.0/8'), 'user_tunnel_block'],
    ['prefix 33', (g) => (g.multicastgroupBlock = '239.0.0.0/33'), 'multicastgroup_block'],
    ['community above u16', (g) => (g.nextBgpCommunity = 70000), 'next_bgp_community'],
    ['bad publisher block', (g) => (g.multicastPublisherBlock = 'x'), 'multicast_publisher_block'],
  ],
  arbitrary: fc.record({
    accountType: fc.constant(AccountType.GlobalConfig as const),
    owner: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => new PublicKey(b)),
    bumpSeed: fc.integer({ min: 0, max: 255 }),
    localAsn: fc.nat({ max: 0xffffffff }),
    remoteAsn: fc.nat({ max: 0xffffffff }),
    deviceTunnelBlock: net,
    userTunnelBlock: net,
    multicastgroupBlock: net,
    nextBgpCommunity: fc.nat({ max: 0xffff }),
    multicastPublisherBlock: net,
  }),
  size: () => GLOBAL_CONFIG_SIZE,
});

describe('GlobalConfig particulars', () => {
  it('the fixture is GLOBAL_CONFIG_SIZE (64) bytes', () => {
    expect(GLOBAL_CONFIG_SIZE).toBe(64);
    expect(BIN.length).toBe(GLOBAL_CONFIG_SIZE);
  });

  it('a 57-byte account (the upstream real-data shape) gets next_bgp_community 10000, not 0', () => {
    // Given an account ending after multicastgroup_block
    const gc = decodeGlobalConfig(cut(57));
    // Then the program defaults apply
    expect(BGP_COMMUNITY_MIN).toBe(10000);
    expect(gc.nextBgpCommunity).toBe(10000);
    expect(gc.multicastPublisherBlock).toBe('0.0.0.0/0');
  });

  it('a legacy value whose publisher block is set writes next_bgp_community again', () => {
    const gc = decodeGlobalConfig(cut(57));
    gc.multicastPublisherBlock = '148.51.120.0/21';
    const out = encodeGlobalConfig(gc);
    expect(out.length).toBe(64);
    expect([...out.subarray(57, 59)]).toEqual([0x10, 0x27]); // 10000 LE
    // while leaving next_bgp_community at a non-default value alone writes only that field
    const g2 = decodeGlobalConfig(cut(57));
    g2.nextBgpCommunity = 10001;
    expect(encodeGlobalConfig(g2).length).toBe(59);
  });

  it('refuses a prefix length above 32 in every block', () => {
    for (const [at, field, start] of [
      [46, 'device_tunnel_block', 42],
      [51, 'user_tunnel_block', 47],
      [56, 'multicastgroup_block', 52],
      [63, 'multicast_publisher_block', 59],
    ] as const) {
      const b = BIN.slice();
      b[at] = 33;
      expect(decodeErr(() => decodeGlobalConfig(b))).toMatchObject({ field, offset: start });
    }
  });
});
