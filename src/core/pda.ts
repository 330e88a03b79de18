import { AccountType } from './enums.js';
import { ValidationError } from './errors.js';
import { expectObject, expectKey, expectString } from './validate.js';
import { keyBytes, type KeyInput } from './keys.js';
import { sha256 } from './crypto/sha256.js';
import { isOnCurve } from './crypto/curve.js';

/**
 * Program-derived addresses of the serviceability program (docs/wire-format.md#pdas).
 * Every seed list starts with "doublezero"; indexes are u128 LE
 * (16 bytes), resource-extension indexes u64 LE (8 bytes). Each helper returns
 * `[address, bump]` like Solana's `find_program_address`: here the address as 32 bytes (the
 * doors give it as a PublicKey or an Address).
 */
export type Pda<K = Uint8Array> = [K, number];

const enc = new TextEncoder();
const PREFIX = enc.encode('doublezero');
const seed = (s: string): Uint8Array => enc.encode(s);
/** Solana's limit on the length of one PDA seed. */
const MAX_SEED_BYTES = 32;
/** Solana's limit on the number of seeds (the bump included). */
const MAX_SEEDS = 16;
const PDA_MARKER = enc.encode('ProgramDerivedAddress');

/**
 * Solana's `find_program_address`: the first bump from 255 down whose
 * sha256(seeds ‖ bump ‖ program id ‖ "ProgramDerivedAddress") is not a curve point.
 */
export function findProgramAddress(seeds: readonly Uint8Array[], programId: KeyInput): Pda {
  const pid = keyBytes(programId, 'programId');
  if (seeds.length >= MAX_SEEDS) throw new ValidationError('seeds', `at most ${MAX_SEEDS - 1} seeds besides the bump`);
  for (const s of seeds) {
    if (s.length > MAX_SEED_BYTES) throw new ValidationError('seeds', `a seed is at most ${MAX_SEED_BYTES} bytes, got ${s.length}`);
  }
  const bump = new Uint8Array(1);
  for (let b = 255; b >= 0; b--) {
    bump[0] = b;
    const h = sha256(...seeds, bump, pid, PDA_MARKER);
    if (!isOnCurve(h)) return [h, b];
  }
  throw new ValidationError('seeds', 'no bump seed gives an address off the curve');
}

function find(programId: KeyInput, seeds: Uint8Array[]): Pda {
  return findProgramAddress([PREFIX, ...seeds], programId);
}

function u128le(v: number | bigint, field: string): Uint8Array {
  const b = typeof v === 'bigint' ? v : Number.isSafeInteger(v) ? BigInt(v) : -1n;
  if (b < 0n || b >= 1n << 128n) throw new ValidationError(field, `${String(v)} is not a u128 index`);
  const out = new Uint8Array(16);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, b & 0xffffffffffffffffn, true);
  dv.setBigUint64(8, b >> 64n, true);
  return out;
}

function u64le(v: number | bigint, field: string): Uint8Array {
  const b = typeof v === 'bigint' ? v : Number.isSafeInteger(v) ? BigInt(v) : -1n;
  if (b < 0n || b >= 1n << 64n) throw new ValidationError(field, `${String(v)} is not a u64 index`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, b, true);
  return out;
}

/** The address of the program's GlobalState account (seed "globalstate"). Returns the address and its bump seed. */
export function getGlobalStatePda(programId: KeyInput): Pda {
  expectKey(programId, 'programId');
  return find(programId, [seed('globalstate')]);
}

/** The address of the program's GlobalConfig account (seed "config"). Returns the address and its bump seed. */
export function getGlobalConfigPda(programId: KeyInput): Pda {
  expectKey(programId, 'programId');
  return find(programId, [seed('config')]);
}

/** The address of the program's ProgramConfig account (seed "programconfig"). Returns the address and its bump seed. */
export function getProgramConfigPda(programId: KeyInput): Pda {
  expectKey(programId, 'programId');
  return find(programId, [seed('programconfig')]);
}

/** The address of the Location with index `index` (seeds "location", index as u128 LE). Returns the address and its bump seed. */
export function getLocationPda(programId: KeyInput, index: number | bigint): Pda {
  expectKey(programId, 'programId');
  return find(programId, [seed('location'), u128le(index, 'index')]);
}

/** The address of the Exchange with index `index` (seeds "exchange", index as u128 LE). Returns the address and its bump seed. */
export function getExchangePda(programId: KeyInput, index: number | bigint): Pda {
  expectKey(programId, 'programId');
  return find(programId, [seed('exchange'), u128le(index, 'index')]);
}

/** The address of the Device with index `index` (seeds "device", index as u128 LE). Returns the address and its bump seed. */
export function getDevicePda(programId: KeyInput, index: number | bigint): Pda {
  expectKey(programId, 'programId');
  return find(programId, [seed('device'), u128le(index, 'index')]);
}

/** The address of the Link with index `index` (seeds "link", index as u128 LE). Returns the address and its bump seed. */
export function getLinkPda(programId: KeyInput, index: number | bigint): Pda {
  expectKey(programId, 'programId');
  return find(programId, [seed('link'), u128le(index, 'index')]);
}

/** The address of the Contributor with index `index` (seeds "contributor", index as u128 LE). Returns the address and its bump seed. */
export function getContributorPda(programId: KeyInput, index: number | bigint): Pda {
  expectKey(programId, 'programId');
  return find(programId, [seed('contributor'), u128le(index, 'index')]);
}

/** Permission account of `userPayer` (the key the permission is granted to). */
export function getPermissionPda(programId: KeyInput, userPayer: KeyInput): Pda {
  expectKey(programId, 'programId');
  expectKey(userPayer, 'userPayer');
  return find(programId, [seed('permission'), keyBytes(userPayer)]);
}

/** TopologyInfo PDA; the name's ASCII letters are upper-cased ("unicast-default" → "UNICAST-DEFAULT"). */
export function getTopologyPda(programId: KeyInput, name: string): Pda {
  expectKey(programId, 'programId');
  expectString(name, 'name');
  if (typeof name !== 'string') throw new ValidationError('name', 'a topology name must be a string');
  const bytes = enc.encode(asciiUpper(name));
  if (bytes.length > MAX_SEED_BYTES) {
    throw new ValidationError('name', `a topology name is a PDA seed of at most ${MAX_SEED_BYTES} bytes; "${name}" has ${bytes.length}`);
  }
  return find(programId, [seed('topology'), bytes]);
}

/** The topology every new link is tagged with, when it exists. */
export const UNICAST_DEFAULT_TOPOLOGY = 'unicast-default';

/** Resource-extension accounts (AccountType 12), one per ResourceType. */
export type ResourceType =
  | {
      /** The program-wide DeviceTunnelBlock table. */
      kind: 'DeviceTunnelBlock';
    }
  | {
      /** The program-wide UserTunnelBlock table. */
      kind: 'UserTunnelBlock';
    }
  | {
      /** The program-wide MulticastGroupBlock table. */
      kind: 'MulticastGroupBlock';
    }
  | {
      /** The program-wide MulticastPublisherBlock table. */
      kind: 'MulticastPublisherBlock';
    }
  | {
      /** The allocation table of one of a device's DoubleZero prefixes. */
      kind: 'DzPrefixBlock';
      /** The Device. */
      device: KeyInput;
      /** Which of the device's prefixes (its position in `dzPrefixes`). */
      index: number | bigint;
    }
  | {
      /** The allocation table of a device's user tunnel ids. */
      kind: 'TunnelIds';
      /** The Device. */
      device: KeyInput;
      /** Which table of the device (0 unless it has several). */
      index: number | bigint;
    }
  | {
      /** The program-wide LinkIds table. */
      kind: 'LinkIds';
    }
  | {
      /** The program-wide SegmentRoutingIds table. */
      kind: 'SegmentRoutingIds';
    }
  | {
      /** The program-wide VrfIds table. */
      kind: 'VrfIds';
    }
  | {
      /** The program-wide AdminGroupBits table. */
      kind: 'AdminGroupBits';
    };

const SINGLETON_RESOURCES: ReadonlySet<string> = new Set([
  'DeviceTunnelBlock',
  'UserTunnelBlock',
  'MulticastGroupBlock',
  'MulticastPublisherBlock',
  'LinkIds',
  'SegmentRoutingIds',
  'VrfIds',
  'AdminGroupBits',
]);

/** The address of the resource-extension account (allocation table) of `resource`. Returns the address and its bump seed. */
export function getResourceExtensionPda(programId: KeyInput, resource: ResourceType): Pda {
  expectKey(programId, 'programId');
  expectObject(resource, 'resource');
  switch (resource.kind) {
    case 'DzPrefixBlock':
      expectKey(resource.device, 'resource.device');
      return find(programId, [seed('dzprefixblock'), keyBytes(resource.device), u64le(resource.index, 'index')]);
    case 'TunnelIds':
      expectKey(resource.device, 'resource.device');
      return find(programId, [seed('tunnelids'), keyBytes(resource.device), u64le(resource.index, 'index')]);
    default:
      if (!SINGLETON_RESOURCES.has(resource.kind)) {
        throw new ValidationError('resource', `"${String((resource as { kind: unknown }).kind)}" is not a ResourceType`);
      }
      return find(programId, [seed(resource.kind.toLowerCase())]);
  }
}

/** The address of the allocation table of link tunnel networks (DeviceTunnelBlock). Returns the address and its bump seed. */
export function getDeviceTunnelBlockPda(programId: KeyInput): Pda {
  expectKey(programId, 'programId');
  return getResourceExtensionPda(programId, { kind: 'DeviceTunnelBlock' });
}

/** The address of the allocation table of link (tunnel) ids (LinkIds). Returns the address and its bump seed. */
export function getLinkIdsPda(programId: KeyInput): Pda {
  expectKey(programId, 'programId');
  return getResourceExtensionPda(programId, { kind: 'LinkIds' });
}

/** The address of the allocation table of segment routing ids (SegmentRoutingIds). Returns the address and its bump seed. */
export function getSegmentRoutingIdsPda(programId: KeyInput): Pda {
  expectKey(programId, 'programId');
  return getResourceExtensionPda(programId, { kind: 'SegmentRoutingIds' });
}

/** The address of the allocation table of user tunnel ids of `device` (TunnelIds; `index` 0 unless the device has several). Returns the address and its bump seed. */
export function getTunnelIdsPda(programId: KeyInput, device: KeyInput, index: number | bigint = 0): Pda {
  expectKey(programId, 'programId');
  expectKey(device, 'device');
  return getResourceExtensionPda(programId, { kind: 'TunnelIds', device, index });
}

/** The address of the allocation table of `device`'s DoubleZero prefix number `index` (DzPrefixBlock). Returns the address and its bump seed. */
export function getDzPrefixBlockPda(programId: KeyInput, device: KeyInput, index: number | bigint): Pda {
  expectKey(programId, 'programId');
  expectKey(device, 'device');
  return getResourceExtensionPda(programId, { kind: 'DzPrefixBlock', device, index });
}

function asciiUpper(s: string): string {
  return s.replace(/[a-z]/g, (c) => c.toUpperCase());
}

/**
 * The seeds (after "doublezero") an account of the serviceability program lives at, from its
 * own fields: a Device or Link, Contributor, Location or Exchange by its index, a Permission by
 * its user, GlobalState and GlobalConfig by name. Undefined for an account type without a PDA
 * derivable from its bytes.
 */
export function seedsOfAccount(account: { accountType?: unknown; index?: unknown; userPayer?: unknown }): Uint8Array[] | undefined {
  const byIndex: Partial<Record<number, string>> = {
    [AccountType.Location]: 'location',
    [AccountType.Exchange]: 'exchange',
    [AccountType.Device]: 'device',
    [AccountType.Link]: 'link',
    [AccountType.Contributor]: 'contributor',
  };
  const type = account.accountType;
  if (typeof type !== 'number') return undefined;
  const name = byIndex[type];
  if (name !== undefined && typeof account.index === 'bigint') return [seed(name), u128le(account.index, 'index')];
  if (type === AccountType.GlobalState) return [seed('globalstate')];
  if (type === AccountType.GlobalConfig) return [seed('config')];
  if (type === AccountType.Permission && account.userPayer !== undefined) return [seed('permission'), keyBytes(account.userPayer)];
  return undefined;
}

/**
 * Whether `address` is the PDA of `seeds` (after "doublezero") with `bump` under `programId`:
 * one SHA-256, no curve test (an address the program created at those seeds is off the curve;
 * what is checked here is that the bytes belong to the address, which SHA-256 alone proves).
 */
export function isPdaOf(address: KeyInput, seeds: readonly Uint8Array[], bump: number, programId: KeyInput): boolean {
  if (!Number.isInteger(bump) || bump < 0 || bump > 255) return false;
  const h = sha256(PREFIX, ...seeds, Uint8Array.of(bump), keyBytes(programId, 'programId'), PDA_MARKER);
  const a = keyBytes(address, 'address');
  for (let i = 0; i < 32; i++) if (h[i] !== a[i]) return false;
  return true;
}
