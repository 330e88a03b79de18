import { PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AccountType,
  BGP_COMMUNITY_MIN,
  DecodeError,
  EncodeError,
  GLOBAL_CONFIG_ACCOUNT_TYPE,
  GLOBAL_CONFIG_SIZE,
  GLOBAL_CONFIG_TRAILING_FIELDS,
  decodeGlobalConfig,
  encodeGlobalConfig,
  globalConfigFilter,
  type GlobalConfig,
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

const BIN = fixtureBytes('global_config');
const JSON_FX = fixtureJson('global_config');
const cut = (n: number) => BIN.slice(0, n);

// accounts.md §3.2 (fixed layout).
const SPANS: [string, number, number][] = [
  ['owner', 1, 33],
  ['bump_seed', 33, 34],
  ['local_asn', 34, 38],
  ['remote_asn', 38, 42],
  ['device_tunnel_block', 42, 47],
  ['user_tunnel_block', 47, 52],
  ['multicastgroup_block', 52, 57],
  ['next_bgp_community', 57, 59],
  ['multicast_publisher_block', 59, 64],
];

describe('decodeGlobalConfig: golden fixture global_config.bin', () => {
  it('decodes every field global_config.json lists, exactly', () => {
    // Given the fixture; When decoded
    const gc = decodeGlobalConfig(BIN);
    // Then every JSON field matches ("MulticastGroupBlock" is the program's multicastgroup_block)
    const covered = expectJsonFields(gc, JSON_FX, { MulticastGroupBlock: 'multicastgroupBlock' });
    expect(JSON_FX.fields).toHaveLength(10);
    expect(Object.keys(gc).filter((k) => !covered.has(k))).toEqual([]);
    expect(gc.accountType).toBe(GLOBAL_CONFIG_ACCOUNT_TYPE);
    expect(BIN.length).toBe(GLOBAL_CONFIG_SIZE);
  });

  it('re-encodes to identical bytes, also from a plain copy', () => {
    const gc = decodeGlobalConfig(BIN);
    expect(encodeGlobalConfig(gc)).toEqual(BIN);
    expect(encodeGlobalConfig({ ...gc })).toEqual(BIN);
  });
});

describe('decodeGlobalConfig: trailing (legacy) fields', () => {
  it('a 57-byte account (the upstream real-data shape) gets next_bgp_community 10000, not 0', () => {
    // Given an account ending after multicastgroup_block
    const gc = decodeGlobalConfig(cut(57));
    // Then the program defaults apply
    expect(BGP_COMMUNITY_MIN).toBe(10000);
    expect(gc.nextBgpCommunity).toBe(10000);
    expect(gc.multicastPublisherBlock).toBe('0.0.0.0/0');
    expect(encodeGlobalConfig(gc)).toEqual(cut(57));
  });

  it.each([
    [57, 0],
    [59, 1],
    [64, 2],
  ])('an account ending at byte %i has %i trailing field(s) and round-trips', (n, present) => {
    const full = decodeGlobalConfig(BIN);
    const gc = decodeGlobalConfig(cut(n));
    expect(gc).toEqual({
      ...full,
      nextBgpCommunity: present > 0 ? 10042 : 10000,
      multicastPublisherBlock: present > 1 ? '148.51.120.0/21' : '0.0.0.0/0',
    });
    expect(GLOBAL_CONFIG_TRAILING_FIELDS.slice(present)).toEqual(SPANS.slice(7 + present).map((s) => s[0]));
    expect(encodeGlobalConfig(gc)).toEqual(cut(n));
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

  it('keeps an unknown tail after byte 64', () => {
    const bytes = new Uint8Array([...BIN, 1, 2, 3, 4]);
    const gc = decodeGlobalConfig(bytes);
    expect(gc).toEqual(decodeGlobalConfig(BIN));
    expect(encodeGlobalConfig(gc)).toEqual(bytes);
  });

  it.each([
    [58, 'next_bgp_community', 57],
    [60, 'multicast_publisher_block', 59],
    [63, 'multicast_publisher_block', 59],
  ])('cut in the middle of a trailing field (length %i) is a DecodeError at %s', (n, field, offset) => {
    expect(decodeErr(() => decodeGlobalConfig(cut(n)))).toMatchObject({ accountType: 'GlobalConfig', field, offset });
  });
});

describe('decodeGlobalConfig: strictness', () => {
  it('names the field and offset of every cut inside the required part', () => {
    for (let n = 1; n < 57; n++) {
      const e = decodeErr(() => decodeGlobalConfig(cut(n)));
      const span = SPANS.find(([, , end]) => end > n)!;
      expect([n, e.accountType, e.field, e.offset]).toEqual([n, 'GlobalConfig', span[0], span[1]]);
    }
  });

  it('refuses a prefix length above 32 in every block, and other type bytes', () => {
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
    const t = BIN.slice();
    t[0] = 1;
    expect(decodeErr(() => decodeGlobalConfig(t))).toMatchObject({ field: 'account_type', offset: 0 });
  });
});

describe('encodeGlobalConfig: refuses bad values', () => {
  it.each<[string, (g: GlobalConfig) => void, string]>([
    ['account type', (g) => ((g as { accountType: number }).accountType = AccountType.GlobalState), 'account_type'],
    ['owner not a key', (g) => ((g as { owner: unknown }).owner = undefined), 'owner'],
    ['asn above u32', (g) => (g.localAsn = 2 ** 32), 'local_asn'],
    ['negative asn', (g) => (g.remoteAsn = -5), 'remote_asn'],
    ['bad block', (g) => (g.userTunnelBlock = '10.0.0/8'), 'user_tunnel_block'],
    ['prefix 33', (g) => (g.multicastgroupBlock = '239.0.0.0/33'), 'multicastgroup_block'],
    ['community above u16', (g) => (g.nextBgpCommunity = 70000), 'next_bgp_community'],
    ['bad publisher block', (g) => (g.multicastPublisherBlock = 'x'), 'multicast_publisher_block'],
  ])('%s', (_n, mutate, field) => {
    const g = decodeGlobalConfig(BIN);
    mutate(g);
    expect(encodeErr(() => encodeGlobalConfig(g))).toMatchObject({ typeName: 'GlobalConfig', field });
  });

  it('globalConfigFilter selects byte 0 = 2', () => {
    expect(globalConfigFilter()).toEqual({ memcmp: { offset: 0, bytes: bs58.encode([2]) } });
  });
});

const net = fc
  .tuple(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 32 }))
  .map(([o, p]) => `${o.join('.')}/${p}`);
const arbGlobalConfig: fc.Arbitrary<GlobalConfig> = fc.record({
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
});

describe('GlobalConfig properties', () => {
  it('decode(encode(v)) equals v, always 64 bytes; cuts and tails round-trip', () => {
    fc.assert(
      fc.property(arbGlobalConfig, fc.integer({ min: 0, max: 2 }), fc.uint8Array({ maxLength: 8 }), (v, present, tail) => {
        const bytes = encodeGlobalConfig(v);
        expect(bytes.length).toBe(64);
        expect(decodeGlobalConfig(bytes)).toEqual(v);
        const variant = present === 2 ? new Uint8Array([...bytes, ...tail]) : bytes.slice(0, [57, 59][present]);
        expect(encodeGlobalConfig(decodeGlobalConfig(variant))).toEqual(variant);
      }),
      { numRuns: 300 },
    );
  });
});
