import { PublicKey } from '@solana/web3.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ValidationError,
  AccountType,
  EncodeError,
  WrongOwnerError,
  decodeAccount,
  decodeContributor,
  decodeDevice,
  decodeExchange,
  decodeGlobalConfig,
  decodeGlobalState,
  decodeLink,
  decodeLocation,
  decodePermission,
  encodeAccount,
  isUnsupportedAccountType,
  type Account,
  type UnsupportedAccount,
} from '../../src/index.js';
import { decodeErr } from '../helpers/codecSuite.js';
import { PERMISSION_GOLDEN, fixtureBytes } from '../helpers/fixtures.js';

// Every account fixture with the decoder that owns its type byte.
const CASES: [string, Uint8Array, AccountType, (b: Uint8Array) => Account][] = [
  ['device', fixtureBytes('device'), AccountType.Device, decodeDevice],
  ['link', fixtureBytes('link'), AccountType.Link, decodeLink],
  ['global_state', fixtureBytes('global_state'), AccountType.GlobalState, decodeGlobalState],
  ['global_config', fixtureBytes('global_config'), AccountType.GlobalConfig, decodeGlobalConfig],
  ['location', fixtureBytes('location'), AccountType.Location, decodeLocation],
  ['exchange', fixtureBytes('exchange'), AccountType.Exchange, decodeExchange],
  ['contributor', fixtureBytes('contributor'), AccountType.Contributor, decodeContributor],
  ['permission (hand-built)', PERMISSION_GOLDEN, AccountType.Permission, decodePermission],
];

// docs/wire-format.md#account-type-byte: stored types this SDK does not decode, and values that are no account type.
const UNSUPPORTED = [7, 8, 9, 11, 12, 13, 16, 17, 18];
const NOT_A_TYPE = [0, 14, 19, 20, 99, 255];

describe('decodeAccount', () => {
  it.each(CASES)('%s: dispatches on byte 0 to the type decoder and encodeAccount gives the bytes back', (_n, bytes, type, decode) => {
    // Given a fixture account
    // When decoded through the union decoder
    const a = decodeAccount(bytes);
    // Then it is the type decoder's value, discriminated by accountType
    expect(a.accountType).toBe(type);
    expect(a).toEqual(decode(bytes));
    expect(encodeAccount(a)).toEqual(bytes);
  });

  it.each(UNSUPPORTED)('type %i is returned as an UnsupportedAccount carrying a copy of the bytes', (t) => {
    // Given an account of a known type that is not decoded here
    const bytes = new Uint8Array([t, 1, 2, 3]);
    // When decoded
    const a = decodeAccount(bytes) as UnsupportedAccount;
    // Then its type and a copy of its data are returned
    expect(isUnsupportedAccountType(t)).toBe(true);
    expect(a).toEqual({ accountType: t, data: new Uint8Array([t, 1, 2, 3]) });
    bytes[1] = 9;
    expect(a.data[1]).toBe(1);
    expect(encodeAccount(a)).toEqual(new Uint8Array([t, 1, 2, 3]));
  });

  it('copies the bytes of a Buffer input for an UnsupportedAccount', () => {
    const buf = Buffer.from([AccountType.Tenant, 1, 2]);
    const a = decodeAccount({ data: buf }) as UnsupportedAccount;
    buf.fill(0);
    expect(a.data).toEqual(new Uint8Array([13, 1, 2]));
    const out = encodeAccount(a);
    out[1] = 9;
    expect(a.data[1]).toBe(1);
  });

  it.each(NOT_A_TYPE)('type byte %i is a DecodeError', (t) => {
    expect(isUnsupportedAccountType(t)).toBe(false);
    expect(decodeErr(() => decodeAccount(new Uint8Array([t, 0, 0])))).toMatchObject({ field: 'account_type', offset: 0 });
  });

  it('refuses empty data and non-byte data', () => {
    expect(decodeErr(() => decodeAccount(new Uint8Array(0)))).toMatchObject({ field: 'account_type', offset: 0 });
    // An argument of the wrong type is a ValidationError naming it (issue #9), not a DecodeError.
    expect(() => decodeAccount({ data: 'x' as unknown as Uint8Array })).toThrow(ValidationError);
    expect(() => decodeAccount({ data: 'x' as unknown as Uint8Array })).toThrow(/invalid input: must be account bytes/);
  });

  it('is as strict as the type decoders (errors come from them, naming the type)', () => {
    // Given accounts cut at byte 100 (inside side_z_pk / exchange_pk, both at 82)
    const link = fixtureBytes('link').slice(0, 100);
    const device = fixtureBytes('device').slice(0, 100);
    // Then
    expect(decodeErr(() => decodeAccount(link))).toMatchObject({ accountType: 'Link', field: 'side_z_pk', offset: 82 });
    expect(decodeErr(() => decodeAccount(device))).toMatchObject({ accountType: 'Device', field: 'exchange_pk', offset: 82 });
  });

  it('checks the owner for every type, unsupported ones included', () => {
    const programId = new PublicKey(new Uint8Array(32).fill(7));
    const other = new PublicKey(new Uint8Array(32).fill(8));
    for (const [, bytes] of CASES) {
      expect(() => decodeAccount({ data: bytes, owner: other }, { programId })).toThrow(WrongOwnerError);
      expect(decodeAccount({ data: bytes, owner: programId }, { programId })).toBeTruthy();
    }
    expect(() => decodeAccount({ data: new Uint8Array([7]), owner: other }, { programId })).toThrow(WrongOwnerError);
  });

  it('narrows by accountType', () => {
    // Given every fixture decoded through the union
    for (const [, bytes] of CASES) {
      const a = decodeAccount(bytes);
      // When switching on accountType, Then each branch sees its own fields (compile-time check)
      switch (a.accountType) {
        case AccountType.Device:
          expect(a.dzPrefixes.length).toBeGreaterThan(0);
          break;
        case AccountType.Link:
          expect(a.sideAIfaceName).toBe('Ethernet2');
          break;
        case AccountType.GlobalState:
          expect(a.foundationAllowlist).toHaveLength(1);
          break;
        case AccountType.GlobalConfig:
          expect(a.nextBgpCommunity).toBe(10042);
          break;
        case AccountType.Location:
          expect(a.country).toBe('NL');
          break;
        case AccountType.Exchange:
          expect(a.bgpCommunity).toBe(10100);
          break;
        case AccountType.Contributor:
          expect(a.code).toBe('co01');
          break;
        case AccountType.Permission:
          expect(a.permissions).toBe((1n << 127n) | 0x808n);
          break;
        default:
          expect(a.data).toBeInstanceOf(Uint8Array);
      }
    }
  });
});

describe('encodeAccount', () => {
  it('refuses unknown types and unsupported accounts with mismatching bytes', () => {
    expect(() => encodeAccount({ accountType: 14 } as unknown as Account)).toThrow(EncodeError);
    expect(() => encodeAccount({ accountType: 0, data: new Uint8Array([0]) } as unknown as Account)).toThrow(EncodeError);
    expect(() => encodeAccount({ accountType: AccountType.User, data: new Uint8Array([8]) })).toThrow(EncodeError);
    expect(() => encodeAccount({ accountType: AccountType.User, data: [7] as unknown as Uint8Array })).toThrow(EncodeError);
    expect(() => encodeAccount(undefined as unknown as Account)).toThrow(ValidationError);
    expect(() => encodeAccount(undefined as unknown as Account)).toThrow(/invalid account: must be an object/);
  });
});

describe('decodeAccount properties', () => {
  it('any bytes starting with an unsupported type byte pass through unchanged', () => {
    fc.assert(
      fc.property(fc.constantFrom(...UNSUPPORTED), fc.uint8Array({ maxLength: 64 }), (t, rest) => {
        const bytes = new Uint8Array([t, ...rest]);
        expect(encodeAccount(decodeAccount(bytes))).toEqual(bytes);
      }),
    );
  });
});
