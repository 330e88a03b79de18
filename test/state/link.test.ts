import { PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AccountType,
  DecodeError,
  EncodeError,
  LINK_ACCOUNT_TYPE,
  LINK_FLAG_UNICAST_DRAINED,
  LINK_OFFSETS,
  LINK_TRAILING_FIELDS,
  LinkDesiredStatus,
  LinkHealth,
  LinkLinkType,
  LinkStatus,
  RAW_LAYOUT,
  ValidationError,
  WrongOwnerError,
  decodeLink,
  encodeLink,
  isUnicastDrained,
  linkFilter,
  withUnicastDrained,
  type Link,
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

// ---------------------------------------------------------------------------------------------

const LINK_BIN = fixtureBytes('link');
const LINK_JSON = fixtureJson('link');
const key = (b: number) => {
  const k = new Uint8Array(32);
  k[0] = b;
  return new PublicKey(k);
};
const cut = (n: number) => LINK_BIN.slice(0, n);
function withByte(at: number, v: number, src = LINK_BIN): Uint8Array {
  const b = src.slice();
  b[at] = v;
  return b;
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

// Field spans of link.bin (accounts.md §3.7 with c = 7, a = z = 9, t = 0).
const SPANS: [string, number, number][] = [
  ['owner', 1, 33],
  ['index', 33, 49],
  ['bump_seed', 49, 50],
  ['side_a_pk', 50, 82],
  ['side_z_pk', 82, 114],
  ['link_type', 114, 115],
  ['bandwidth', 115, 123],
  ['mtu', 123, 127],
  ['delay_ns', 127, 135],
  ['jitter_ns', 135, 143],
  ['tunnel_id', 143, 145],
  ['tunnel_net', 145, 150],
  ['status', 150, 151],
  ['code', 151, 162],
  ['contributor_pk', 162, 194],
  ['side_a_iface_name', 194, 207],
  ['side_z_iface_name', 207, 220],
  ['delay_override_ns', 220, 228],
  ['link_health', 228, 229],
  ['desired_status', 229, 230],
  ['link_topologies', 230, 234],
  ['link_flags', 234, 238],
];
// Lengths at which link.bin may end: after side_z_iface_name and after each trailing field.
const BOUNDARIES = [220, 228, 229, 230, 234, 238];

describe('decodeLink: golden fixture link.bin', () => {
  it('decodes every field link.json lists, exactly', () => {
    // Given the program-generated Link fixture
    // When it is decoded
    const link = decodeLink(LINK_BIN);
    // Then every JSON field matches, and the only decoded fields the JSON does not list are the
    // two it omits (link_topologies, link_flags)
    const covered = expectJsonFields(link, LINK_JSON);
    expect(LINK_JSON.fields).toHaveLength(21);
    expect(Object.keys(link).filter((k) => !covered.has(k)).sort()).toEqual(['linkFlags', 'linkTopologies']);
    expect(link.accountType).toBe(LINK_ACCOUNT_TYPE);
  });

  it('reads the last 8 bytes as link_topologies count 0 and link_flags 0', () => {
    // Given link.bin, whose last 8 bytes the JSON does not describe
    expect(LINK_BIN.length).toBe(238);
    expect([...LINK_BIN.subarray(230)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    // When decoded
    const link = decodeLink(LINK_BIN);
    // Then they are the empty topology vector and zero flags, and the account is current-format
    expect(link.linkTopologies).toEqual([]);
    expect(link.linkFlags).toBe(0);
    expect(isUnicastDrained(link)).toBe(false);
    expect((link as unknown as Record<symbol, unknown>)[RAW_LAYOUT]).toBeUndefined();
  });

  it('matches hand-read values at the spec offsets', () => {
    // Given link.bin and the §3.7 offsets
    const link = decodeLink(LINK_BIN);
    // Then the values agree with a byte-level reading
    const dv = new DataView(LINK_BIN.buffer, LINK_BIN.byteOffset);
    expect(link.linkType).toBe(LINK_BIN[114]);
    expect(link.bandwidth).toBe(dv.getBigUint64(115, true));
    expect(link.mtu).toBe(dv.getUint32(123, true));
    expect(link.tunnelId).toBe(dv.getUint16(143, true));
    expect(link.tunnelNet).toBe('169.254.1.0/30');
    expect(link.code).toBe('ams-fra');
    expect(link.contributorPk.toBytes()).toEqual(LINK_BIN.slice(162, 194));
    expect(link.linkHealth).toBe(LinkHealth.ReadyForService);
    expect(link.desiredStatus).toBe(LinkDesiredStatus.Activated);
  });

  it('re-encodes to identical bytes, also when built by hand in full format', () => {
    // Given the decoded fixture and a plain copy without layout marker
    const link = decodeLink(LINK_BIN);
    const copy: Link = { ...link, linkTopologies: [...link.linkTopologies] };
    // When encoded
    // Then both give back link.bin
    expect(encodeLink(link)).toEqual(LINK_BIN);
    expect(encodeLink(copy)).toEqual(LINK_BIN);
  });

  it('accepts web3.js AccountInfo and checks the owner', () => {
    // Given the fixture wrapped as AccountInfo
    const programId = key(0xaa);
    // When decoded with the right / a wrong owner
    // Then the right one decodes and the wrong one is refused before reading
    expect(decodeLink({ data: LINK_BIN, owner: programId }, { programId }).code).toBe('ams-fra');
    expect(() => decodeLink({ data: LINK_BIN, owner: key(0xbb) }, { programId })).toThrow(WrongOwnerError);
    expect(() => decodeLink(LINK_BIN, { owner: key(0xbb), programId })).toThrow(WrongOwnerError);
  });
});

describe('decodeLink: trailing (legacy) fields', () => {
  it.each(BOUNDARIES.map((n, i) => [n, i] as const))('an account ending at byte %i has %i trailing field(s)', (n, present) => {
    // Given link.bin truncated at a trailing-field boundary
    const full = decodeLink(LINK_BIN);
    const bytes = cut(n);
    // When decoded
    const link = decodeLink(bytes);
    // Then present fields keep their values, absent ones take the program defaults
    const expected: Link = {
      ...full,
      delayOverrideNs: present > 0 ? full.delayOverrideNs : 0n,
      linkHealth: present > 1 ? full.linkHealth : LinkHealth.Pending,
      desiredStatus: present > 2 ? full.desiredStatus : LinkDesiredStatus.Pending,
      linkTopologies: [],
      linkFlags: 0,
    };
    expect(link).toEqual(expected);
    expect(LINK_TRAILING_FIELDS.slice(present)).toEqual(SPANS.slice(17 + present).map((s) => s[0]));
    // And it re-encodes to exactly the truncated bytes
    expect(encodeLink(link)).toEqual(bytes);
  });

  it('fills absent fields with their defaults (Pending health / desired status) on a legacy account', () => {
    // Given a pre-health account (ends after side_z_iface_name, like the upstream real-data vector)
    const link = decodeLink(cut(220));
    // Then
    expect(link.delayOverrideNs).toBe(0n);
    expect(link.linkHealth).toBe(1);
    expect(link.desiredStatus).toBe(0);
    expect(link.linkTopologies).toEqual([]);
    expect(link.linkFlags).toBe(0);
  });

  it('writes the absent fields again when a later one is set on a decoded legacy value', () => {
    // Given a legacy (220-byte) account whose flags are then set
    const link = decodeLink(cut(220));
    link.linkFlags = withUnicastDrained(link.linkFlags, true);
    // When encoded
    const out = encodeLink(link);
    // Then every trailing field is written, with defaults before link_flags
    expect(out.length).toBe(238);
    expect([...out.subarray(0, 220)]).toEqual([...LINK_BIN.subarray(0, 220)]);
    expect([...out.subarray(220)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
    expect(decodeLink(out).linkFlags).toBe(LINK_FLAG_UNICAST_DRAINED);
  });

  it('keeps bytes written by a newer program after link_flags', () => {
    // Given link.bin with an unknown tail
    const bytes = new Uint8Array([...LINK_BIN, 7, 8, 9]);
    // When decoded and re-encoded
    const link = decodeLink(bytes);
    // Then the tail is ignored by the decoder, preserved by the encoder, dropped from plain copies
    expect(link).toEqual(decodeLink(LINK_BIN));
    expect(encodeLink(link)).toEqual(bytes);
    expect(encodeLink({ ...link })).toEqual(LINK_BIN);
  });

  it('copies the tail of a Buffer input (the caller may reuse its buffer)', () => {
    // Given a Node Buffer holding link.bin plus a tail
    const buf = Buffer.from([...LINK_BIN, 7, 8, 9]);
    const link = decodeLink(buf);
    // When the caller overwrites the buffer
    buf.fill(0);
    // Then the decoded value still encodes to the original bytes
    expect(encodeLink(link)).toEqual(new Uint8Array([...LINK_BIN, 7, 8, 9]));
  });

  it.each([
    [221, 'delay_override_ns', 220],
    [227, 'delay_override_ns', 220],
    [231, 'link_topologies', 230],
    [233, 'link_topologies', 230],
    [235, 'link_flags', 234],
    [237, 'link_flags', 234],
  ])('a trailing field cut in the middle (length %i) is a DecodeError at %s', (n, field, offset) => {
    const e = decodeErr(() => decodeLink(cut(n)));
    expect([e.accountType, e.field, e.offset]).toEqual(['Link', field, offset]);
  });

  it('refuses a topology vector whose elements are cut', () => {
    // Given a count of 2 followed by one key only
    const b = new Uint8Array(230 + 4 + 32 + 4);
    b.set(LINK_BIN.subarray(0, 230));
    b[230] = 2;
    // Then
    const e = decodeErr(() => decodeLink(b));
    expect([e.field, e.offset]).toEqual(['link_topologies', 230]);
  });
});

describe('decodeLink: strictness', () => {
  it('names the field and offset for every cut inside the non-trailing fields', () => {
    // Given every length from 1 to 219 (the required part is 220 bytes)
    for (let n = 1; n < 220; n++) {
      // When decoded
      const e = decodeErr(() => decodeLink(cut(n)));
      // Then the error names the field spanning byte n and that field's start
      const span = SPANS.find(([, , end]) => end > n)!;
      expect([n, e.accountType, e.field, e.offset]).toEqual([n, 'Link', span[0], span[1]]);
    }
  });

  it('refuses empty data and other account types at byte 0', () => {
    expect(decodeErr(() => decodeLink(new Uint8Array(0)))).toMatchObject({ field: 'account_type', offset: 0 });
    for (const t of [0, 5, 7, 14, 255]) {
      expect(decodeErr(() => decodeLink(withByte(0, t)))).toMatchObject({ field: 'account_type', offset: 0 });
    }
  });

  it('refuses a tunnel_net prefix above 32, invalid UTF-8, garbage lengths', () => {
    expect(decodeErr(() => decodeLink(withByte(149, 33)))).toMatchObject({ field: 'tunnel_net', offset: 145 });
    expect(decodeErr(() => decodeLink(withByte(156, 0xff)))).toMatchObject({ field: 'code', offset: 151 });
    expect(decodeErr(() => decodeLink(withByte(154, 0x80)))).toMatchObject({ field: 'code', offset: 151 });
    expect(decodeErr(() => decodeLink(withByte(197, 0x7f)))).toMatchObject({ field: 'side_a_iface_name', offset: 194 });
    const bigCount = LINK_BIN.slice();
    bigCount.set([0xff, 0xff, 0xff, 0xff], 230);
    expect(decodeErr(() => decodeLink(bigCount))).toMatchObject({ field: 'link_topologies', offset: 230 });
  });

  it('keeps undeclared enum bytes as raw numbers, and the encoder refuses them', () => {
    // Given undeclared discriminants in each enum field
    const cases: [number, keyof Link, string, number[]][] = [
      [114, 'linkType', 'link_type', [0, 2, 126, 128, 255]],
      [150, 'status', 'status', [2, 9, 200]],
      [228, 'linkHealth', 'link_health', [4, 9, 200]],
      [229, 'desiredStatus', 'desired_status', [2, 5, 8, 200]],
    ];
    for (const [at, prop, field, values] of cases) {
      for (const v of values) {
        // When decoded
        const link = decodeLink(withByte(at, v));
        // Then the number is kept (not defaulted) and encoding names the field
        expect(link[prop]).toBe(v);
        expect(encodeErr(() => encodeLink(link))).toMatchObject({ typeName: 'Link', field });
      }
    }
  });
});

describe('encodeLink: refuses bad values', () => {
  const base = () => decodeLink(LINK_BIN);
  it.each<[string, (l: Link) => void, string]>([
    ['account type', (l) => ((l as { accountType: number }).accountType = AccountType.Device), 'account_type'],
    ['bump above u8', (l) => (l.bumpSeed = 256), 'bump_seed'],
    ['negative mtu', (l) => (l.mtu = -1), 'mtu'],
    ['fractional tunnel id', (l) => (l.tunnelId = 1.5), 'tunnel_id'],
    ['tunnel id above u16', (l) => (l.tunnelId = 65536), 'tunnel_id'],
    ['bandwidth above u64', (l) => (l.bandwidth = 1n << 64n), 'bandwidth'],
    ['negative index', (l) => (l.index = -1n), 'index'],
    ['index above u128', (l) => (l.index = 1n << 128n), 'index'],
    ['prefix above 32', (l) => (l.tunnelNet = '10.0.0.0/33'), 'tunnel_net'],
    ['not a network', (l) => (l.tunnelNet = '10.0.0.0'), 'tunnel_net'],
    ['owner not a key', (l) => ((l as { owner: unknown }).owner = 'abc'), 'owner'],
    ['code not a string', (l) => ((l as { code: unknown }).code = 5), 'code'],
    ['link type 0', (l) => (l.linkType = 0 as LinkLinkType), 'link_type'],
    ['status 2 (removed)', (l) => (l.status = 2 as LinkStatus), 'status'],
    ['health 4', (l) => (l.linkHealth = 4 as LinkHealth), 'link_health'],
    ['desired 2', (l) => (l.desiredStatus = 2 as LinkDesiredStatus), 'desired_status'],
    ['topologies not keys', (l) => ((l as { linkTopologies: unknown }).linkTopologies = [1]), 'link_topologies'],
    ['flags above u32', (l) => (l.linkFlags = 2 ** 32), 'link_flags'],
  ])('%s', (_name, mutate, field) => {
    const l = base();
    mutate(l);
    expect(encodeErr(() => encodeLink(l))).toMatchObject({ typeName: 'Link', field });
  });
});

describe('Link flags and filters', () => {
  it('isUnicastDrained / withUnicastDrained touch bit 0 only', () => {
    expect(LINK_FLAG_UNICAST_DRAINED).toBe(1);
    expect(withUnicastDrained(0, true)).toBe(1);
    expect(withUnicastDrained(1, false)).toBe(0);
    expect(withUnicastDrained(0xfffffffe, true)).toBe(0xffffffff);
    expect(withUnicastDrained(0xffffffff, false)).toBe(0xfffffffe);
    expect(withUnicastDrained(6, true)).toBe(7);
    expect(isUnicastDrained({ linkFlags: 3 })).toBe(true);
    expect(isUnicastDrained({ linkFlags: 2 })).toBe(false);
    for (const bad of [-1, 2 ** 32, 1.5, Number.NaN]) {
      expect(() => withUnicastDrained(bad, true)).toThrow(ValidationError);
    }
  });

  it('linkFilter selects byte 0 = 6; LINK_OFFSETS are where link.bin holds the fixed keys', () => {
    expect(linkFilter()).toEqual({ memcmp: { offset: 0, bytes: bs58.encode([6]) } });
    const link = decodeLink(LINK_BIN);
    for (const [k, off] of [
      ['owner', LINK_OFFSETS.owner],
      ['sideAPk', LINK_OFFSETS.sideAPk],
      ['sideZPk', LINK_OFFSETS.sideZPk],
    ] as const) {
      expect([k, off]).toEqual([k, { owner: 1, sideAPk: 50, sideZPk: 82 }[k]]);
      expect(LINK_BIN.slice(off, off + 32)).toEqual(link[k].toBytes());
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

// Strings: ASCII plus multi-byte characters. (A leading U+FEFF is left out: see the known
// Reader issue documented in test/state/primitives.test.ts.)
const text = fc
  .array(fc.constantFrom('a', 'Z', '0', '-', ':', '_', ' ', 'é', 'ß', '中', '€', '😀'), { maxLength: 20 })
  .map((a) => a.join(''));
const bytes32 = fc.oneof(
  fc.uint8Array({ minLength: 32, maxLength: 32 }),
  // many leading zero bytes: short BNs inside PublicKey
  fc.tuple(fc.integer({ min: 0, max: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 })).map(([z, b]) => {
    b.fill(0, 0, z);
    return b;
  }),
);
const pubkey = bytes32.map((b) => new PublicKey(b));
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const u128 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
const net = fc
  .tuple(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 32 }))
  .map(([o, p]) => `${o.join('.')}/${p}`);
const arbLink: fc.Arbitrary<Link> = fc.record({
  accountType: fc.constant(AccountType.Link as const),
  owner: pubkey,
  index: u128,
  bumpSeed: fc.integer({ min: 0, max: 255 }),
  sideAPk: pubkey,
  sideZPk: pubkey,
  linkType: fc.constantFrom(LinkLinkType.WAN, LinkLinkType.DZX),
  bandwidth: u64,
  mtu: fc.nat({ max: 0xffffffff }),
  delayNs: u64,
  jitterNs: u64,
  tunnelId: fc.nat({ max: 0xffff }),
  tunnelNet: net,
  status: fc.constantFrom(0, 1, 3, 4, 5, 6, 7, 8) as fc.Arbitrary<LinkStatus>,
  code: text,
  contributorPk: pubkey,
  sideAIfaceName: text,
  sideZIfaceName: text,
  delayOverrideNs: u64,
  linkHealth: fc.constantFrom(0, 1, 2, 3) as fc.Arbitrary<LinkHealth>,
  desiredStatus: fc.constantFrom(0, 1, 6, 7) as fc.Arbitrary<LinkDesiredStatus>,
  linkTopologies: fc.array(pubkey, { maxLength: 8 }),
  linkFlags: fc.nat({ max: 0xffffffff }),
});

describe('Link properties', () => {
  it('decode(encode(v)) equals v and re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(arbLink, (v) => {
        // Given any valid Link; When encoded and decoded; Then nothing changes
        const bytes = encodeLink(v);
        const back = decodeLink(bytes);
        expect(back).toEqual(v);
        expect(encodeLink(back)).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('every key decodes to a PublicKey identical (BN included) to new PublicKey(bytes)', () => {
    fc.assert(
      fc.property(fc.array(bytes32, { minLength: 4, maxLength: 4 }), ([o, a, z, c]) => {
        // Given link.bin with the four keys replaced
        const b = LINK_BIN.slice();
        b.set(o!, 1);
        b.set(a!, 50);
        b.set(z!, 82);
        b.set(c!, 162);
        // When decoded
        const link = decodeLink(b);
        // Then each key is structurally equal to the one web3.js builds from the bytes
        expect(link.owner).toStrictEqual(new PublicKey(o!));
        expect(link.sideAPk).toStrictEqual(new PublicKey(a!));
        expect(link.sideZPk).toStrictEqual(new PublicKey(z!));
        expect(link.contributorPk).toStrictEqual(new PublicKey(c!));
        expect(link.owner.equals(new PublicKey(o!))).toBe(true);
        expect(link.owner.toBase58()).toBe(new PublicKey(o!).toBase58());
      }),
      { numRuns: 500 },
    );
  });

  it('accounts cut at any trailing boundary, or with any extra tail, round-trip exactly', () => {
    fc.assert(
      fc.property(arbLink, fc.integer({ min: 0, max: 5 }), fc.uint8Array({ maxLength: 16 }), (v, present, tail) => {
        // Given the current-format bytes of v, cut after `present` trailing fields, or extended
        const full = encodeLink(v);
        const t = v.linkTopologies.length;
        const required = full.length - (8 + 1 + 1 + 4 + 32 * t + 4);
        const ends = [required, required + 8, required + 9, required + 10, required + 14 + 32 * t, full.length];
        const bytes = present === 5 ? new Uint8Array([...full, ...tail]) : full.slice(0, ends[present]);
        // When decoded and re-encoded; Then the bytes are unchanged
        expect(encodeLink(decodeLink(bytes))).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });
});
