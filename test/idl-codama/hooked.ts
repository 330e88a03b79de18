import { AccountRole, address, isOption, unwrapOption, type AccountMeta, type Address } from '@solana/kit';
import { PublicKey } from '@solana/web3.js';

/**
 * The resolvers a JavaScript client rendered from idl/serviceability.json by @codama/renderers-js
 * asks for: the generated instructions import one function per resolverValueNode from
 * `src/hooked` (relative `../../hooked`). Written by hand from the IDL's docs, as a Codama user
 * would; render.test.ts copies this file to `<package>/src/hooked/index.ts`. Test-only, never part
 * of dzprov.
 *
 * The renderer calls every resolver synchronously, in the sync and the async builders alike (a name
 * listed in its `asyncResolvers` option is awaited in the async builder and silently dropped from
 * the sync one). @solana/kit derives PDAs asynchronously, so the PDA resolvers derive them with
 * web3.js v1's findProgramAddressSync (a dzprov dependency) from the IDL's seeds.
 */

/** What the generated builders pass: `{ programAddress, accounts, args }`, each with its own precise type. */
export interface ResolverScope {
  programAddress: Address;
  accounts: Record<string, { value: unknown }>;
  args: object;
}

const enc = new TextEncoder();
const arg = (scope: ResolverScope, name: string): unknown => (scope.args as Record<string, unknown>)[name];

/** An `OptionOrNullable<T>` (null, T, or an Option object) as `T | null`. */
function some<T>(value: unknown): T | null {
  if (value === undefined || value === null) return null;
  return isOption(value) ? (unwrapOption(value) as T | null) : (value as T);
}

function list<T>(scope: ResolverScope, name: string): T[] {
  return some<T[]>(arg(scope, name)) ?? [];
}

/** The address of a resolved account: an Address, a ProgramDerivedAddress tuple or a TransactionSigner. */
function accountKey(scope: ResolverScope, name: string): PublicKey {
  const value = scope.accounts[name]?.value;
  const key = Array.isArray(value) ? value[0] : typeof value === 'object' && value !== null && 'address' in value ? value.address : value;
  if (typeof key !== 'string') throw new Error(`resolver: account ${name} is not resolved`);
  return new PublicKey(key);
}

const u64le = (n: number | bigint): Uint8Array => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
};

/** pda nodes: every seed list starts with the constant "doublezero". */
function pda(scope: ResolverScope, seeds: Uint8Array[]): Address {
  const [key] = PublicKey.findProgramAddressSync([enc.encode('doublezero'), ...seeds], new PublicKey(scope.programAddress));
  return address(key.toBase58());
}

/** pda tunnelIds(device, 0), then pda dzPrefixBlock(device, i) for i < count - 1; writable. */
function resourcePdas(scope: ResolverScope, count: number): AccountMeta[] {
  const device = accountKey(scope, 'device').toBytes();
  return Array.from({ length: count }, (_, i) => ({
    address: i === 0 ? pda(scope, [enc.encode('tunnelids'), device, u64le(0)]) : pda(scope, [enc.encode('dzprefixblock'), device, u64le(i - 1)]),
    role: AccountRole.WRITABLE,
  }));
}

/** pda topology(name with its ASCII letters upper-cased: NOT EXPRESSIBLE in the IDL), read-only. */
function topologyAccounts(scope: ResolverScope, names: readonly string[]): AccountMeta[] {
  return names.map((n) => ({
    address: pda(scope, [enc.encode('topology'), enc.encode(n.replace(/[a-z]/g, (c) => c.toUpperCase()))]),
    role: AccountRole.READONLY,
  }));
}

function oldDzPrefixCount(scope: ResolverScope): number {
  const old = some<number | bigint>(arg(scope, 'oldDzPrefixCount'));
  if (old === null) throw new Error('resolver: oldDzPrefixCount is required when dzPrefixes is given');
  return Number(old);
}

function updateDeviceCount(scope: ResolverScope): number {
  const prefixes = some<unknown[]>(arg(scope, 'dzPrefixes'));
  return prefixes === null ? 0 : Math.max(oldDzPrefixCount(scope), prefixes.length) + 1;
}

/** LoopbackType Vpnv4: its position in the generated enum, also its value (loopbackType has no gaps). */
const VPNV4 = 1;
const vpnv4Names = (scope: ResolverScope): string[] => (arg(scope, 'loopbackType') === VPNV4 ? list<string>(scope, 'topologyNames') : []);

/** 1 + len(dzPrefixes). */
export const deviceResourceCount = (scope: ResolverScope): number => 1 + list(scope, 'dzPrefixes').length;
/** dzPrefixes None: 0; else max(oldDzPrefixCount, len(dzPrefixes)) + 1. */
export const updateDeviceResourceCount = (scope: ResolverScope): bigint => BigInt(updateDeviceCount(scope));
/** len(resourceOwners); 0 for the legacy form. */
export const resourceOwnerCount = (scope: ResolverScope): number => list(scope, 'resourceOwners').length;
/** tunnelId is Some or tunnelNet is Some. */
export const tunnelFieldsGiven = (scope: ResolverScope): boolean => some(arg(scope, 'tunnelId')) !== null || some(arg(scope, 'tunnelNet')) !== null;
/** loopbackType Vpnv4: len(topologyNames); else 0. */
export const vpnv4TopologyCount = (scope: ResolverScope): number => vpnv4Names(scope).length;
/** len(topologyNames), 0 when None. */
export const topologyNameCount = (scope: ResolverScope): number => list(scope, 'topologyNames').length;
/** topologyNames is Some. */
export const topologyNamesGiven = (scope: ResolverScope): boolean => some(arg(scope, 'topologyNames')) !== null;

export const deviceResourcePdas = (scope: ResolverScope): AccountMeta[] => resourcePdas(scope, 1 + list(scope, 'dzPrefixes').length);
export const updateDeviceResourcePdas = (scope: ResolverScope): AccountMeta[] => resourcePdas(scope, updateDeviceCount(scope));
export const deleteDeviceResourcePdas = (scope: ResolverScope): AccountMeta[] => resourcePdas(scope, list(scope, 'resourceOwners').length);
export const vpnv4TopologyPdas = (scope: ResolverScope): AccountMeta[] => topologyAccounts(scope, vpnv4Names(scope));
export const topologyPdas = (scope: ResolverScope): AccountMeta[] => topologyAccounts(scope, list<string>(scope, 'topologyNames'));
