import { PublicKey } from '@solana/web3.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AccountType,
  EXCHANGE_ACCOUNT_TYPE,
  EXCHANGE_TRAILING_FIELDS,
  ExchangeStatus,
  decodeExchange,
  encodeExchange,
  exchangeFilter,
  type Exchange,
} from '../../src/index.js';
import { codecSuite, encodeErr } from '../helpers/codecSuite.js';
import { fixtureBytes, fixtureJson } from '../helpers/fixtures.js';

const BIN = fixtureBytes('exchange');
const cut = (n: number) => BIN.slice(0, n);

const text = fc.array(fc.constantFrom('a', 'Z', '0', ' ', '-', 'é', '東', '🚀'), { maxLength: 24 }).map((a) => a.join(''));
const pubkey = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => new PublicKey(b));

codecSuite<Exchange>({
  typeName: 'Exchange',
  accountType: EXCHANGE_ACCOUNT_TYPE,
  decode: decodeExchange,
  encode: encodeExchange,
  filter: exchangeFilter,
  bin: BIN,
  json: { fixture: fixtureJson('exchange'), count: 14 },
  // docs/wire-format.md#exchange with code "xams", name "Amsterdam IX".
  spans: [
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
  ],
  trailing: {
    names: EXCHANGE_TRAILING_FIELDS,
    defaults: [
      ['referenceCount', 0],
      ['device1Pk', PublicKey.default],
      ['device2Pk', PublicKey.default],
    ],
  },
  keyOffsets: { owner: 1 },
  undeclared: [[70, 'status', 'status', [3, 9, 200]]],
  refused: [
    ['account type', (x) => ((x as { accountType: number }).accountType = AccountType.Location), 'account_type'],
    ['bgp community above u16', (x) => (x.bgpCommunity = 65536), 'bgp_community'],
    ['unused negative', (x) => (x.unused = -1), 'unused'],
    ['status 3', (x) => (x.status = 3 as ExchangeStatus), 'status'],
    ['name not a string', (x) => ((x as { name: unknown }).name = 1), 'name'],
    ['device1 not a key', (x) => ((x as { device1Pk: unknown }).device1Pk = 'k'), 'device1_pk'],
  ],
  arbitrary: fc.record({
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
  }),
});

describe('Exchange particulars', () => {
  it('a legacy value with device2_pk set writes the fields before it', () => {
    // Given an account without the trailing fields, whose device2_pk is then set
    const full = decodeExchange(BIN);
    const x = decodeExchange(cut(95));
    x.device2Pk = full.device2Pk;
    // When encoded
    const out = encodeExchange(x);
    // Then reference_count and device1_pk are written with defaults before it
    expect(out.length).toBe(163);
    expect([...out.subarray(95, 131)]).toEqual(new Array(36).fill(0));
    expect(out.slice(131)).toEqual(BIN.slice(131));
  });

  it('keeps an out-of-range bgp_community, a non-zero unused and an undeclared status as stored', () => {
    // Given the upstream real-data bgp_community, a non-zero unused half and status 9
    const b = BIN.slice();
    const dv = new DataView(b.buffer);
    dv.setUint16(66, 4627, true);
    dv.setUint16(68, 7, true);
    b[70] = 9;
    // When decoded
    const x = decodeExchange(b);
    // Then they are kept; only the status is refused by the encoder
    expect([x.bgpCommunity, x.unused, x.status]).toEqual([4627, 7, 9]);
    expect(encodeErr(() => encodeExchange(x))).toMatchObject({ field: 'status' });
    x.status = ExchangeStatus.Suspended;
    b[70] = 2;
    expect(encodeExchange(x)).toEqual(b);
  });
});
