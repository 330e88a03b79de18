import { PublicKey } from '@solana/web3.js';
import { ValidationError } from './errors.js';
import { expectObject, expectPubkey, expectString } from './validate.js';

/**
 * Program-derived addresses of the serviceability program (docs/wire-format.md#pdas).
 * Every seed list starts with "doublezero"; indexes are u128 LE
 * (16 bytes), resource-extension indexes u64 LE (8 bytes). Each helper returns
 * `[address, bump]` like `PublicKey.findProgramAddressSync`.
 */
export type Pda = [PublicKey, number];

const enc = new TextEncoder();
const PREFIX = enc.encode('doublezero');
const seed = (s: string): Uint8Array => enc.encode(s);
/** Solana's limit on the length of one PDA seed. */
const MAX_SEED_BYTES = 32;

function find(programId: PublicKey, seeds: Uint8Array[]): Pda {
  return PublicKey.findProgramAddressSync([PREFIX, ...seeds], programId);
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

export function getGlobalStatePda(programId: PublicKey): Pda {
  expectPubkey(programId, 'programId');
  return find(programId, [seed('globalstate')]);
}

export function getGlobalConfigPda(programId: PublicKey): Pda {
  expectPubkey(programId, 'programId');
  return find(programId, [seed('config')]);
}

export function getProgramConfigPda(programId: PublicKey): Pda {
  expectPubkey(programId, 'programId');
  return find(programId, [seed('programconfig')]);
}

export function getLocationPda(programId: PublicKey, index: number | bigint): Pda {
  expectPubkey(programId, 'programId');
  return find(programId, [seed('location'), u128le(index, 'index')]);
}

export function getExchangePda(programId: PublicKey, index: number | bigint): Pda {
  expectPubkey(programId, 'programId');
  return find(programId, [seed('exchange'), u128le(index, 'index')]);
}

export function getDevicePda(programId: PublicKey, index: number | bigint): Pda {
  expectPubkey(programId, 'programId');
  return find(programId, [seed('device'), u128le(index, 'index')]);
}

export function getLinkPda(programId: PublicKey, index: number | bigint): Pda {
  expectPubkey(programId, 'programId');
  return find(programId, [seed('link'), u128le(index, 'index')]);
}

export function getContributorPda(programId: PublicKey, index: number | bigint): Pda {
  expectPubkey(programId, 'programId');
  return find(programId, [seed('contributor'), u128le(index, 'index')]);
}

/** Permission account of `userPayer` (the key the permission is granted to). */
export function getPermissionPda(programId: PublicKey, userPayer: PublicKey): Pda {
  expectPubkey(programId, 'programId');
  expectPubkey(userPayer, 'userPayer');
  return find(programId, [seed('permission'), userPayer.toBytes()]);
}

/** TopologyInfo PDA; the name's ASCII letters are upper-cased ("unicast-default" → "UNICAST-DEFAULT"). */
export function getTopologyPda(programId: PublicKey, name: string): Pda {
  expectPubkey(programId, 'programId');
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
  | { kind: 'DeviceTunnelBlock' }
  | { kind: 'UserTunnelBlock' }
  | { kind: 'MulticastGroupBlock' }
  | { kind: 'MulticastPublisherBlock' }
  | { kind: 'DzPrefixBlock'; device: PublicKey; index: number | bigint }
  | { kind: 'TunnelIds'; device: PublicKey; index: number | bigint }
  | { kind: 'LinkIds' }
  | { kind: 'SegmentRoutingIds' }
  | { kind: 'VrfIds' }
  | { kind: 'AdminGroupBits' };

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

export function getResourceExtensionPda(programId: PublicKey, resource: ResourceType): Pda {
  expectPubkey(programId, 'programId');
  expectObject(resource, 'resource');
  switch (resource.kind) {
    case 'DzPrefixBlock':
      expectPubkey(resource.device, 'resource.device');
      return find(programId, [seed('dzprefixblock'), resource.device.toBytes(), u64le(resource.index, 'index')]);
    case 'TunnelIds':
      expectPubkey(resource.device, 'resource.device');
      return find(programId, [seed('tunnelids'), resource.device.toBytes(), u64le(resource.index, 'index')]);
    default:
      if (!SINGLETON_RESOURCES.has(resource.kind)) {
        throw new ValidationError('resource', `"${String((resource as { kind: unknown }).kind)}" is not a ResourceType`);
      }
      return find(programId, [seed(resource.kind.toLowerCase())]);
  }
}

export function getDeviceTunnelBlockPda(programId: PublicKey): Pda {
  expectPubkey(programId, 'programId');
  return getResourceExtensionPda(programId, { kind: 'DeviceTunnelBlock' });
}

export function getLinkIdsPda(programId: PublicKey): Pda {
  expectPubkey(programId, 'programId');
  return getResourceExtensionPda(programId, { kind: 'LinkIds' });
}

export function getSegmentRoutingIdsPda(programId: PublicKey): Pda {
  expectPubkey(programId, 'programId');
  return getResourceExtensionPda(programId, { kind: 'SegmentRoutingIds' });
}

export function getTunnelIdsPda(programId: PublicKey, device: PublicKey, index: number | bigint = 0): Pda {
  expectPubkey(programId, 'programId');
  expectPubkey(device, 'device');
  return getResourceExtensionPda(programId, { kind: 'TunnelIds', device, index });
}

export function getDzPrefixBlockPda(programId: PublicKey, device: PublicKey, index: number | bigint): Pda {
  expectPubkey(programId, 'programId');
  expectPubkey(device, 'device');
  return getResourceExtensionPda(programId, { kind: 'DzPrefixBlock', device, index });
}

function asciiUpper(s: string): string {
  return s.replace(/[a-z]/g, (c) => c.toUpperCase());
}
