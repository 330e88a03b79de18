import { PublicKey } from './publicKey.js';
import { AccountNotFoundError, type DzprovError } from './sdk.js';
import type { Device } from './sdk.js';
import type { Link } from './sdk.js';
import type { Contributor } from './sdk.js';
import type { Location } from './sdk.js';
import type { Exchange } from './sdk.js';
import type { GlobalState } from './sdk.js';
import type { Permission } from './sdk.js';
import { getGlobalStatePda } from './sdk.js';
import type { DzClient, Entry } from './sdk.js';
import type { Role } from './sdk.js';
import { permissionGrants, requiresPermissionAccounts, resolveRoles } from './sdk.js';
import { PERMISSION_FLAG_HEALTH_ORACLE, PERMISSION_FLAG_NETWORK_ADMIN } from './sdk.js';
import { UnknownAccountError } from './errors.js';
import type { Names } from './views.js';

/**
 * One consistent read of everything the CLI shows: devices, links, their contributors,
 * locations and exchanges, GlobalState and (for role resolution) the acting key's Permission
 * account. Read through an AccountSource — the same code for the sample ledger and a cluster.
 */

export type { Entry };

export interface Snapshot {
  programId: PublicKey;
  globalState: GlobalState;
  devices: Entry<Device>[];
  links: Entry<Link>[];
  contributors: Entry<Contributor>[];
  locations: Entry<Location>[];
  exchanges: Entry<Exchange>[];
  /**
   * The highest context slot the listings were read at (RPC only): later reads of the same
   * command pass it as minContextSlot, so one screen never mixes two ledger states.
   */
  slot?: number;
}

function byCode<T extends { code: string }>(entries: Entry<T>[]): Entry<T>[] {
  return entries.sort((a, b) => (a.account.code < b.account.code ? -1 : a.account.code > b.account.code ? 1 : 0));
}

/** The program's GlobalState; a missing one means a program that was never initialised on this ledger. */
export function fetchGlobalState(client: DzClient): Promise<GlobalState> {
  return client.fetchGlobalState().catch((e: unknown) => {
    if (e instanceof AccountNotFoundError) {
      throw new UnknownAccountError(
        'GlobalState',
        getGlobalStatePda(client.programId)[0].toBase58(),
        `the serviceability program ${client.programId.toBase58()} is not initialised on this ledger; check -e/--env, --url and --program-id`,
      );
    }
    throw e;
  });
}

/**
 * Reads everything through the client. An account of the right type that does not decode is
 * left out of the listing and reported through `warn` (one line each), not silently dropped.
 */
export async function loadSnapshot(
  client: DzClient,
  warn: (message: string) => void,
  /** `links: false` leaves the links out (an empty list): for commands that never show them. */
  what: { links?: boolean } = {},
): Promise<Snapshot> {
  const onDecodeError = (pubkey: PublicKey, error: DzprovError) => warn(`skipped account ${pubkey.toBase58()}: ${error.message}`);
  const opts = { onDecodeError, onWarning: warn };
  const [globalState, devices, links, contributors, locations, exchanges] = await Promise.all([
    fetchGlobalState(client),
    client.listDevices(opts),
    what.links === false ? Promise.resolve([]) : client.listLinks(opts),
    client.listContributors(opts),
    client.listLocations(opts),
    client.listExchanges(opts),
  ]);
  const slots = [devices, links, contributors, locations, exchanges]
    .map((l) => (l as { slot?: number }).slot)
    .filter((s): s is number => typeof s === 'number');
  return {
    ...(slots.length > 0 ? { slot: Math.max(...slots) } : {}),
    programId: client.programId,
    globalState,
    devices: byCode(devices),
    links: byCode(links),
    contributors: byCode(contributors),
    locations: byCode(locations),
    exchanges: byCode(exchanges),
  };
}

// ---------------------------------------------------------------------------------------------
// Roles (docs/lifecycle.md#roles), derived from chain data

export interface Actor {
  pubkey: PublicKey;
  /** The actor's Permission account, if it has one. */
  permission: Permission | null;
  /** Roles that do not depend on the account: networkAdmin, healthOracle. */
  global: Role[];
  /** Why the actor holds its roles, for display. */
  sources: string[];
}

export function resolveActor(snapshot: Snapshot, key: PublicKey, permission: Permission | null): Actor {
  const gs = snapshot.globalState;
  const global = resolveRoles({ payer: key, globalState: gs, permission });
  const sources: string[] = [];
  const legacy = !requiresPermissionAccounts(gs);
  if (permissionGrants(permission, key, PERMISSION_FLAG_NETWORK_ADMIN)) sources.push('Permission NETWORK_ADMIN');
  else if (legacy && gs.foundationAllowlist.some((k) => k.equals(key))) sources.push('foundation allowlist');
  if (permissionGrants(permission, key, PERMISSION_FLAG_HEALTH_ORACLE)) sources.push('Permission HEALTH_ORACLE');
  else if (legacy && gs.healthOraclePk.equals(key)) sources.push('GlobalState health oracle');
  const owned = snapshot.contributors.filter((c) => c.account.owner.equals(key)).map((c) => c.account.code);
  if (owned.length > 0) sources.push(`owner of contributor ${owned.join(', ')}`);
  return { pubkey: key, permission, global, sources };
}

function contributorOwner(snapshot: Snapshot, contributorPk: PublicKey): PublicKey | undefined {
  return snapshot.contributors.find((e) => e.pubkey.equals(contributorPk))?.account.owner;
}

export function deviceRoles(snapshot: Snapshot, actor: Actor | undefined, device: Device): Role[] {
  if (!actor) return [];
  return resolveRoles({
    payer: actor.pubkey,
    globalState: snapshot.globalState,
    permission: actor.permission,
    contributorOwner: contributorOwner(snapshot, device.contributorPk),
  });
}

export function linkRoles(snapshot: Snapshot, actor: Actor | undefined, link: Link): Role[] {
  if (!actor) return [];
  const z = snapshot.devices.find((d) => d.pubkey.equals(link.sideZPk));
  return resolveRoles({
    payer: actor.pubkey,
    globalState: snapshot.globalState,
    permission: actor.permission,
    contributorOwner: contributorOwner(snapshot, link.contributorPk),
    sideZContributorOwner: z ? contributorOwner(snapshot, z.account.contributorPk) : undefined,
  });
}

// ---------------------------------------------------------------------------------------------
// Lookups

/** The key `text` spells in base58, or undefined when it is not one. */
export function parseKey(text: string): PublicKey | undefined {
  if (!/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(text)) return undefined;
  try {
    return new PublicKey(text);
  } catch {
    return undefined;
  }
}

/** Whether an entry is the one `query` names, by code or by base58 address. */
function named(query: string): (e: Entry<{ code: string }>) => boolean {
  const key = parseKey(query);
  return (e) => e.account.code === query || (key !== undefined && e.pubkey.equals(key));
}

/** The device `query` (a code or an address) names in `snapshot`, or undefined. */
export function lookupDevice(snapshot: Snapshot, query: string): Entry<Device> | undefined {
  return snapshot.devices.find(named(query));
}

export function findDevice(snapshot: Snapshot, query: string): Entry<Device> {
  const hit = lookupDevice(snapshot, query);
  if (!hit) throw new UnknownAccountError('device', query, hintFor(snapshot, query, 'device'));
  return hit;
}

export function findLink(snapshot: Snapshot, query: string): Entry<Link> {
  const hit = snapshot.links.find(named(query));
  if (!hit) throw new UnknownAccountError('link', query, hintFor(snapshot, query, 'link'));
  return hit;
}

export type Found = { kind: 'device'; entry: Entry<Device> } | { kind: 'link'; entry: Entry<Link> };

export function findDeviceOrLink(snapshot: Snapshot, query: string): Found {
  const d = snapshot.devices.find(named(query));
  const l = snapshot.links.find(named(query));
  if (d && l) {
    throw new UnknownAccountError('device or link', query, `both a device and a link are called that; pass the address instead`);
  }
  if (d) return { kind: 'device', entry: d };
  if (l) return { kind: 'link', entry: l };
  throw new UnknownAccountError('device or link', query, hintFor(snapshot, query, 'any'));
}

function hintFor(snapshot: Snapshot, query: string, kind: 'device' | 'link' | 'any'): string {
  const q = query.toLowerCase();
  const codes = [
    ...(kind !== 'link' ? snapshot.devices.map((d) => d.account.code) : []),
    ...(kind !== 'device' ? snapshot.links.map((l) => l.account.code) : []),
  ];
  const exactCase = codes.find((c) => c.toLowerCase() === q);
  if (exactCase) return `did you mean "${exactCase}"?`;
  const close = codes.filter((c) => c.includes(q) || q.includes(c)).slice(0, 3);
  if (close.length > 0) return `did you mean ${close.map((c) => `"${c}"`).join(', ')}?`;
  if (kind === 'device' && snapshot.links.some((l) => l.account.code === query)) return `"${query}" is a link`;
  if (kind === 'link' && snapshot.devices.some((d) => d.account.code === query)) return `"${query}" is a device`;
  if (kind === 'device') return 'run "dzprov devices" for the list';
  if (kind === 'link') return 'run "dzprov links" for the list';
  return 'run "dzprov devices" or "dzprov links" for the lists';
}

/** code → name lookups used when printing keys. */
export function namesOf(snapshot: Snapshot): Names {
  const index = <T extends { code: string }>(entries: Entry<T>[]) => {
    const m = new Map(entries.map((e) => [e.pubkey.toBase58(), e.account.code]));
    return (pk: PublicKey) => m.get(pk.toBase58());
  };
  return {
    device: index(snapshot.devices),
    contributor: index(snapshot.contributors),
    location: index(snapshot.locations),
    exchange: index(snapshot.exchanges),
  };
}
