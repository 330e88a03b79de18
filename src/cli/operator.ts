import type { PublicKey } from './publicKey.js';
import {
  AccountType,
  DeviceDesiredStatusSpec,
  DeviceHealthSpec,
  DeviceStatusSpec,
  DeviceTypeSpec,
  LinkDesiredStatusSpec,
  LinkHealthSpec,
  LinkLinkType,
  LinkLinkTypeSpec,
  LinkStatusSpec,
  type EnumSpec,
} from './sdk.js';
import { AccountNotFoundError, DzprovError, ValidationError } from './sdk.js';
import { RpcError } from './sdk.js';
import { ProgramNotDeployedError } from './sdk.js';
import { accountTypeFilter } from './sdk.js';
import type { Device } from './sdk.js';
import type { Link } from './sdk.js';
import type { DeviceFilters, LinkFilters } from './sdk.js';
import { RpcAccountSource } from '../core/client/source.js';
import type { CommandDef, GlobalOptions, ListFilterOptions } from './args.js';
import {
  announce,
  commandKeypair,
  describeActor,
  loadActor,
  Out,
  readActor,
  reading,
  redactUrl,
  resolveTarget,
  type CliIo,
  type Target,
} from './context.js';
import { UnknownAccountError, UsageError } from './errors.js';
import { interfaceNameArg } from './interfaceName.js';
import { deviceRoles, fetchGlobalState, linkRoles, parseKey, type Entry, type Snapshot } from './ledger.js';
import {
  DEVICE_GET_INTERFACE_VIEW,
  DEVICE_GET_VIEW,
  DEVICE_LIST_VIEW,
  INTERFACE_GET_VIEW,
  INTERFACE_LIST_VIEW,
  LINK_GET_VIEW,
  LINK_LIST_VIEW,
  type DeviceRow,
  type InterfaceRow,
  type LinkRow,
} from './operatorViews.js';
import { jsonRow, jsonText, renderFieldLines, renderTable, type View } from './rows.js';
import { findKeypair } from './keypair.js';
import { ENVIRONMENTS } from './sdk.js';
import type { Settings, Sourced } from './settings.js';

/**
 * The `doublezero` CLI's read commands, run by dzprov: `device list|get`, `device interface
 * list|get`, `link list|get` with upstream's flags, filters, table columns and JSON fields (and
 * dzprov's added fields), and `config get`. Filters go to the node as memcmp filters where the
 * account layout has the field at a fixed offset (location, exchange, device type, status; side
 * A, side Z, link type), the others are applied after decoding (DzClient's listing filters).
 * Codes given to a filter are looked up on the chain, as upstream does.
 */

// ---------------------------------------------------------------------------------------------
// Filter values (checked before anything is read: a bad one is a usage error, nothing is sent)

function enumFlag<T extends number>(spec: EnumSpec<T>, text: string | undefined, flag: string, choices: string): T | undefined {
  if (text === undefined) return undefined;
  try {
    return spec.parse(text);
  } catch (e) {
    if (e instanceof ValidationError) throw new UsageError(`${flag} "${text}" is not a ${choices.split(':')[0]} (${choices.split(': ')[1]})`);
    throw e;
  }
}

interface DeviceFilterSpec {
  filters: DeviceFilters;
  contributor?: string;
  location?: string;
  exchange?: string;
}

function deviceFilterSpec(f: ListFilterOptions): DeviceFilterSpec {
  const filters: DeviceFilters = {};
  const status = enumFlag(DeviceStatusSpec, f.status, '--status', 'device status: pending, activated, deleting, rejected, drained, device-provisioning, link-provisioning');
  const health = enumFlag(DeviceHealthSpec, f.health, '--health', 'device health: unknown, pending, ready-for-links, ready-for-users, impaired');
  const desired = enumFlag(DeviceDesiredStatusSpec, f.desiredStatus, '--desired-status', 'device desired status: pending, activated, drained');
  const type = enumFlag(DeviceTypeSpec, f.deviceType, '--device-type', 'device type: hybrid, transit, edge');
  if (status !== undefined) filters.status = status;
  if (health !== undefined) filters.health = health;
  if (desired !== undefined) filters.desiredStatus = desired;
  if (type !== undefined) filters.deviceType = type;
  if (f.code !== undefined) filters.codeIncludes = f.code;
  return { filters, ...pick(f, ['contributor', 'location', 'exchange']) };
}

interface LinkFilterSpec {
  filters: LinkFilters;
  contributor?: string;
  sideA?: string;
  sideZ?: string;
  topology?: string;
}

function linkFilterSpec(f: ListFilterOptions): LinkFilterSpec {
  const filters: LinkFilters = {};
  const status = enumFlag(LinkStatusSpec, f.status, '--status', 'link status: pending, activated, deleting, rejected, requested, hard-drained, soft-drained, provisioning');
  const health = enumFlag(LinkHealthSpec, f.health, '--health', 'link health: unknown, pending, ready-for-service, impaired');
  const desired = enumFlag(LinkDesiredStatusSpec, f.desiredStatus, '--desired-status', 'link desired status: pending, activated, hard-drained, soft-drained');
  const type = enumFlag(LinkLinkTypeSpec, f.linkType, '--link-type', 'link type: WAN, DZX (upper case, as the program spells them)');
  if (status !== undefined) filters.status = status;
  if (health !== undefined) filters.health = health;
  if (desired !== undefined) filters.desiredStatus = desired;
  if (type !== undefined) filters.linkType = type;
  if (f.wan) filters.linkType = LinkLinkType.WAN;
  if (f.dzx) filters.linkType = LinkLinkType.DZX;
  if (f.code !== undefined) filters.codeIncludes = f.code;
  if (f.topology !== undefined && f.topology.toUpperCase() === 'DEFAULT') filters.topology = 'none';
  return { filters, ...pick(f, ['contributor', 'sideA', 'sideZ', 'topology']) };
}

function pick<K extends keyof ListFilterOptions>(f: ListFilterOptions, keys: K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const k of keys) if (typeof f[k] === 'string') out[k] = f[k] as string;
  return out;
}

/** The entry a filter's code or address names among `entries` (exact code, or base58 address). */
function named<T extends { code: string }>(entries: readonly Entry<T>[], value: string, what: string, flag: string): PublicKey {
  const key = parseKey(value);
  const hit = entries.find((e) => e.account.code === value || (key !== undefined && e.pubkey.equals(key)));
  if (!hit) {
    const close = entries.filter((e) => e.account.code.toLowerCase() === value.toLowerCase()).map((e) => `"${e.account.code}"`);
    throw new UnknownAccountError(what, value, close.length > 0 ? `did you mean ${close.join(', ')}?` : `${flag} takes a ${what}'s code or address`);
  }
  return hit.pubkey;
}

// ---------------------------------------------------------------------------------------------
// Shared plumbing

interface Ctx {
  out: Out;
  target: Target;
  compact: boolean;
  warn: (pubkey: PublicKey, e: DzprovError) => void;
}

function begin(options: GlobalOptions, io: CliIo): Ctx {
  const out = new Out(io, options.json, options.wide, options.jsonCompact);
  out.notesOnStderr = true;
  const target = resolveTarget(options, io.env);
  announce(out, target);
  return { out, target, compact: options.jsonCompact, warn: (pubkey, e) => out.warn(`skipped account ${pubkey.toBase58()}: ${e.message}`) };
}

/** The acting key's Actor (--as, else the keypair found), for the roles and next actions shown. */
async function actorFor(options: GlobalOptions, io: CliIo, ctx: Ctx, snapshot: Snapshot) {
  const found = options.as === undefined ? commandKeypair(options, ctx.target, io, 'read', 'reading', ctx.out) : undefined;
  const choice = readActor(options, ctx.target, found);
  const source = ctx.target.client.source;
  if (snapshot.slot !== undefined && source instanceof RpcAccountSource) source.minContextSlot = snapshot.slot;
  const actor = await loadActor(ctx.target, snapshot, choice);
  if (choice && actor) ctx.out.note(describeActor(choice, actor));
  return actor;
}

function emitJson(ctx: Ctx, value: unknown): void {
  ctx.out.io.stdout.write(`${jsonText(value, ctx.compact)}\n`);
}

function emitList<R>(ctx: Ctx, view: View<R>, rows: readonly R[], narrow: boolean): number {
  if (ctx.out.json) emitJson(ctx, rows.map((r) => jsonRow(view, r)));
  else ctx.out.io.stdout.write(`${renderTable(view, rows, narrow)}\n`);
  return 0;
}

/** Topology names by address (the program's TopologyInfo accounts: name at byte 34, u32 length then UTF-8). */
async function topologyNames(target: Target): Promise<Map<string, string>> {
  const recs = await reading(target, () => target.client.source.getProgramAccounts(target.programId, [accountTypeFilter(AccountType.Topology)]));
  const names = new Map<string, string>();
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  for (const r of recs) {
    const d = r.data;
    if (d.length < 38 || d[0] !== AccountType.Topology) continue;
    const len = new DataView(d.buffer, d.byteOffset, d.byteLength).getUint32(34, true);
    if (len > 32 || 38 + len > d.length) continue;
    try {
      names.set(r.pubkey.toBase58(), utf8.decode(d.subarray(38, 38 + len)));
    } catch {
      /* not UTF-8: shown by address, as upstream shows a topology it cannot read */
    }
  }
  return names;
}

/** A related account that cannot be read as what it should be shows as missing (as upstream); a node that fails is still an error. */
function orNull(e: unknown): null {
  if (e instanceof RpcError || e instanceof ProgramNotDeployedError || !(e instanceof DzprovError)) throw e;
  return null;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// ---------------------------------------------------------------------------------------------
// device list / device get

async function deviceList(options: GlobalOptions, io: CliIo): Promise<number> {
  const spec = deviceFilterSpec(options.filters);
  const ctx = begin(options, io);
  const { client } = ctx.target;
  const opts = { onDecodeError: ctx.warn };
  const [globalState, contributors, locations, exchanges] = await reading(ctx.target, () =>
    Promise.all([fetchGlobalState(client), client.listContributors(opts), client.listLocations(opts), client.listExchanges(opts)]),
  );
  const filters: DeviceFilters = { ...spec.filters, onDecodeError: ctx.warn } as DeviceFilters;
  if (spec.contributor !== undefined) filters.contributor = named(contributors, spec.contributor, 'contributor', '--contributor');
  if (spec.location !== undefined) filters.location = named(locations, spec.location, 'location', '--location');
  if (spec.exchange !== undefined) filters.exchange = named(exchanges, spec.exchange, 'exchange', '--exchange');
  const devices = await reading(ctx.target, () => client.listDevices(filters));
  const snapshot: Snapshot = { programId: ctx.target.programId, globalState, devices, links: [], contributors, locations, exchanges, ...(devices.slot !== undefined ? { slot: devices.slot } : {}) };
  const actor = await actorFor(options, io, ctx, snapshot);
  const find = <T>(entries: Entry<T>[], k: PublicKey) => entries.find((e) => e.pubkey.equals(k));
  const rows: (DeviceRow & { exchangeName: string })[] = devices.map((e) => {
    const exchange = find(exchanges, e.account.exchangePk);
    return {
      pubkey: e.pubkey,
      device: e.account,
      ...optional('contributor', find(contributors, e.account.contributorPk)),
      ...optional('location', find(locations, e.account.locationPk)),
      ...optional('exchange', exchange),
      roles: deviceRoles(snapshot, actor, e.account),
      exchangeName: exchange?.account.name ?? e.account.exchangePk.toBase58(),
    };
  });
  // Upstream's order: by exchange name, then code.
  rows.sort((a, b) => byText(a.exchangeName, b.exchangeName) || byText(a.device.code, b.device.code));
  return emitList(ctx, DEVICE_LIST_VIEW, rows, options.narrow);
}

function optional<K extends string, V>(key: K, v: V | undefined): Partial<Record<K, V>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, V>);
}

/** A device by code or address, as a CLI error when there is none. */
async function deviceNamed(ctx: Ctx, query: string): Promise<Entry<Device>> {
  try {
    return await reading(ctx.target, () => ctx.target.client.resolveDevice(query));
  } catch (e) {
    if (e instanceof AccountNotFoundError) throw new UnknownAccountError('device', query, 'run "dzprov device list" for the list');
    throw e;
  }
}

async function linkNamed(ctx: Ctx, query: string): Promise<Entry<Link>> {
  try {
    return await reading(ctx.target, () => ctx.target.client.resolveLink(query));
  } catch (e) {
    if (e instanceof AccountNotFoundError) throw new UnknownAccountError('link', query, 'run "dzprov link list" for the list');
    throw e;
  }
}

async function deviceGet(options: GlobalOptions, args: string[], io: CliIo): Promise<number> {
  const query = options.filters.code ?? args[0]!;
  const ctx = begin(options, io);
  const { client } = ctx.target;
  const { pubkey, account: device } = await deviceNamed(ctx, query);
  const [globalState, contributor, location, exchange] = await reading(ctx.target, () =>
    Promise.all([
      fetchGlobalState(client),
      client.fetchMaybeContributor(device.contributorPk).catch(orNull),
      client.fetchMaybeLocation(device.locationPk).catch(orNull),
      client.fetchMaybeExchange(device.exchangePk).catch(orNull),
    ]),
  );
  const entry = <T>(pk: PublicKey, v: T | null) => (v === null ? undefined : { pubkey: pk, account: v });
  const contributors = contributor ? [{ pubkey: device.contributorPk, account: contributor }] : [];
  const snapshot: Snapshot = { programId: ctx.target.programId, globalState, devices: [{ pubkey, account: device }], links: [], contributors, locations: [], exchanges: [] };
  const actor = await actorFor(options, io, ctx, snapshot);
  const row: DeviceRow = {
    pubkey,
    device,
    ...optional('contributor', entry(device.contributorPk, contributor)),
    ...optional('location', entry(device.locationPk, location)),
    ...optional('exchange', entry(device.exchangePk, exchange)),
    roles: deviceRoles(snapshot, actor, device),
  };
  if (ctx.out.json) {
    emitJson(ctx, jsonRow(DEVICE_GET_VIEW, row));
    return 0;
  }
  let text = renderFieldLines(DEVICE_GET_VIEW, row);
  if (device.interfaces.length > 0) text += `\n\n${renderTable(DEVICE_GET_INTERFACE_VIEW, device.interfaces)}`;
  io.stdout.write(`${text}\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// device interface list / get

async function interfaceList(options: GlobalOptions, args: string[], io: CliIo): Promise<number> {
  const ctx = begin(options, io);
  const devices =
    args[0] !== undefined
      ? [await deviceNamed(ctx, args[0])]
      : [...(await reading(ctx.target, () => ctx.target.client.listDevices({ onDecodeError: ctx.warn })))].sort((a, b) => byText(a.account.code, b.account.code));
  const rows: InterfaceRow[] = devices.flatMap((d) => d.account.interfaces.map((iface) => ({ devicePk: d.pubkey, deviceCode: d.account.code, iface })));
  return emitList(ctx, INTERFACE_LIST_VIEW, rows, false);
}

async function interfaceGet(options: GlobalOptions, args: string[], io: CliIo): Promise<number> {
  const ctx = begin(options, io);
  const d = await deviceNamed(ctx, args[0]!);
  // Shorthands expanded (et1: Ethernet1), then compared ignoring case, as upstream does.
  const name = interfaceNameArg(args[1]!);
  const iface = d.account.interfaces.find((i) => i.name.toLowerCase() === name.toLowerCase());
  if (!iface) {
    const names = d.account.interfaces.map((i) => `"${i.name}"`).join(', ');
    throw new UnknownAccountError(`interface of ${d.account.code}`, name, names ? `it has ${names}` : 'it has no interfaces');
  }
  let segments = '';
  if (iface.flexAlgoNodeSegments.length > 0) {
    const topologies = await topologyNames(ctx.target);
    segments = iface.flexAlgoNodeSegments
      .map((s) => `${topologies.get(s.topology.toBase58()) ?? `${s.topology.toBase58().slice(0, 8)}…`}:${s.nodeSegmentIdx}`)
      .join('\n');
  }
  const row: InterfaceRow = { devicePk: d.pubkey, deviceCode: d.account.code, iface, segments };
  if (ctx.out.json) emitJson(ctx, jsonRow(INTERFACE_GET_VIEW, row));
  else io.stdout.write(`${renderFieldLines(INTERFACE_GET_VIEW, row)}\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// link list / link get

async function linkList(options: GlobalOptions, io: CliIo): Promise<number> {
  const spec = linkFilterSpec(options.filters);
  const ctx = begin(options, io);
  const { client } = ctx.target;
  const opts = { onDecodeError: ctx.warn };
  const [globalState, contributors, devices, topologies] = await reading(ctx.target, () =>
    Promise.all([fetchGlobalState(client), client.listContributors(opts), client.listDevices(opts), topologyNames(ctx.target)]),
  );
  const filters: LinkFilters = { ...spec.filters, onDecodeError: ctx.warn } as LinkFilters;
  if (spec.contributor !== undefined) filters.contributor = named(contributors, spec.contributor, 'contributor', '--contributor');
  if (spec.sideA !== undefined) filters.sideA = named(devices, spec.sideA, 'device', '--side-a');
  if (spec.sideZ !== undefined) filters.sideZ = named(devices, spec.sideZ, 'device', '--side-z');
  if (spec.topology !== undefined && filters.topology === undefined) {
    // Topology names are upper case on chain; upstream upper-cases the filter too.
    const wanted = spec.topology.toUpperCase();
    const hit = [...topologies].find(([, n]) => n === wanted);
    if (!hit) throw new UnknownAccountError('topology', spec.topology, `known: ${['default', ...topologies.values()].join(', ')}`);
    filters.topology = parseKey(hit[0])!;
  }
  const links = await reading(ctx.target, () => client.listLinks(filters));
  const snapshot: Snapshot = { programId: ctx.target.programId, globalState, devices, links, contributors, locations: [], exchanges: [], ...(links.slot !== undefined ? { slot: links.slot } : {}) };
  const actor = await actorFor(options, io, ctx, snapshot);
  const find = <T>(entries: Entry<T>[], k: PublicKey) => entries.find((e) => e.pubkey.equals(k));
  const rows: LinkRow[] = links.map((e) => ({
    pubkey: e.pubkey,
    link: e.account,
    ...optional('contributor', find(contributors, e.account.contributorPk)),
    ...optional('sideA', find(devices, e.account.sideAPk)),
    ...optional('sideZ', find(devices, e.account.sideZPk)),
    topologies,
    roles: linkRoles(snapshot, actor, e.account),
  }));
  // Upstream's order: side A's name, side Z's name, code.
  const nameA = (r: LinkRow) => r.sideA?.account.code ?? r.link.sideAPk.toBase58();
  const nameZ = (r: LinkRow) => r.sideZ?.account.code ?? r.link.sideZPk.toBase58();
  rows.sort((a, b) => byText(nameA(a), nameA(b)) || byText(nameZ(a), nameZ(b)) || byText(a.link.code, b.link.code));
  return emitList(ctx, LINK_LIST_VIEW, rows, options.narrow);
}

async function linkGet(options: GlobalOptions, args: string[], io: CliIo): Promise<number> {
  const query = options.filters.code ?? args[0]!;
  const ctx = begin(options, io);
  const { client } = ctx.target;
  const { pubkey, account: link } = await linkNamed(ctx, query);
  const [globalState, contributor, sides, topologies] = await reading(ctx.target, () =>
    Promise.all([
      fetchGlobalState(client),
      client.fetchMaybeContributor(link.contributorPk).catch(orNull),
      client.fetchMultipleDevices([link.sideAPk, link.sideZPk]).catch(orNull).then((v) => v ?? [null, null]),
      topologyNames(ctx.target),
    ]),
  );
  const [sideA, sideZ] = sides;
  const zContributor =
    sideZ && !sideZ.contributorPk.equals(link.contributorPk)
      ? await reading(ctx.target, () => client.fetchMaybeContributor(sideZ.contributorPk).catch(orNull))
      : null;
  const devices = [
    ...(sideA ? [{ pubkey: link.sideAPk, account: sideA }] : []),
    ...(sideZ ? [{ pubkey: link.sideZPk, account: sideZ }] : []),
  ];
  const contributors = [
    ...(contributor ? [{ pubkey: link.contributorPk, account: contributor }] : []),
    ...(zContributor && sideZ ? [{ pubkey: sideZ.contributorPk, account: zContributor }] : []),
  ];
  const snapshot: Snapshot = { programId: ctx.target.programId, globalState, devices, links: [{ pubkey, account: link }], contributors, locations: [], exchanges: [] };
  const actor = await actorFor(options, io, ctx, snapshot);
  const row: LinkRow = {
    pubkey,
    link,
    ...optional('contributor', contributor ? { pubkey: link.contributorPk, account: contributor } : undefined),
    ...optional('sideA', sideA ? { pubkey: link.sideAPk, account: sideA } : undefined),
    ...optional('sideZ', sideZ ? { pubkey: link.sideZPk, account: sideZ } : undefined),
    topologies,
    roles: linkRoles(snapshot, actor, link),
  };
  if (ctx.out.json) emitJson(ctx, jsonRow(LINK_GET_VIEW, row));
  else io.stdout.write(`${renderFieldLines(LINK_GET_VIEW, row)}\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// config get

/** A URL for `config get`: whole when it is an environment's public one, else scheme, host and port. */
function shownUrl(url: string | undefined): string | null {
  if (url === undefined) return null;
  const publicOne = ENVIRONMENTS.some((e) => e.ledgerRpcUrl === url || e.ledgerWsUrl === url);
  if (publicOne) return url;
  const short = redactUrl(url);
  return short.length < url.replace(/\/$/, '').length ? `${short}/…` : short;
}

function sourced<T>(s: Sourced<T>, value: unknown): { value: unknown; source: string; from: string } {
  return { value, source: s.kind, from: s.from };
}

async function configGet(options: GlobalOptions, io: CliIo): Promise<number> {
  const out = new Out(io, options.json, options.wide, options.jsonCompact);
  // Only the settings: no ledger is read.
  const target = resolveTarget(options, io.env);
  const st: Settings = target.settings;
  let keypair: { path: string | null; pubkey: string | null; source: string; from: string; error?: string; skipped?: string[] };
  const places = target.mode === 'sample' ? st.keypairPlaces.filter((p) => p.kind === 'flag') : st.keypairPlaces;
  try {
    const found = findKeypair(places, io.env);
    keypair = found.found
      ? { path: found.place.path ?? null, pubkey: found.keypair.publicKey.toBase58(), source: found.place.kind, from: found.place.from, ...(found.skipped.length ? { skipped: found.skipped } : {}) }
      : { path: null, pubkey: null, source: 'default', from: target.mode === 'sample' ? 'none (the sample ledger takes only --keypair)' : 'none found', skipped: found.tried };
  } catch (e) {
    keypair = { path: places[0]?.path ?? null, pubkey: null, source: places[0]?.kind ?? 'default', from: places[0]?.from ?? '', error: e instanceof Error ? e.message : String(e) };
  }
  const value = {
    configFile: { path: st.config.path, exists: st.config.exists, from: st.config.fromEnv ? 'DOUBLEZERO_CONFIG_FILE' : 'default' },
    ledger: target.mode === 'sample' ? 'sample' : 'rpc',
    environment: sourced(st.environment, st.environment.value?.name ?? null),
    rpcUrl: sourced(st.rpcUrl, shownUrl(st.rpcUrl.value)),
    wsUrl: sourced(st.wsUrl, shownUrl(st.wsUrl.value)),
    programId: sourced(st.programId, st.programId.value.toBase58()),
    keypair,
  };
  if (out.json) {
    io.stdout.write(`${jsonText(value, options.jsonCompact)}\n`);
    return 0;
  }
  const lines: [string, string][] = [
    ['Config File', `${st.config.path} (${st.config.exists ? 'read' : 'not found: no configuration'}; ${st.config.fromEnv ? 'DOUBLEZERO_CONFIG_FILE' : 'the default path'})`],
    ['Environment', `${value.environment.value ?? '(none)'}  [${st.environment.from}]`],
    ['RPC URL', `${value.rpcUrl.value ?? '(none: the embedded sample ledger)'}  [${st.rpcUrl.from}]`],
    ['WebSocket URL', `${value.wsUrl.value ?? '(none)'}  [${st.wsUrl.from}]`],
    ['Program ID', `${value.programId.value}  [${st.programId.from}]`],
    [
      'Keypair Path',
      keypair.error
        ? `${keypair.path ?? keypair.from}: ${keypair.error}`
        : keypair.pubkey
          ? `${keypair.path ?? '(JSON in the variable)'} (${keypair.pubkey})  [${keypair.from}]`
          : `(none found)  [looked at: ${(keypair.skipped ?? []).join('; ') || keypair.from}]`,
    ],
  ];
  const w = Math.max(...lines.map(([k]) => k.length)) + 1;
  for (const [k, v] of lines) out.line(`${`${k}:`.padEnd(w)} ${v}`);
  return 0;
}

/** Runs one of the commands above. */
export function runOperatorCommand(command: CommandDef, args: string[], options: GlobalOptions, io: CliIo): Promise<number> {
  switch (command.name) {
    case 'device list':
      return deviceList(options, io);
    case 'device get':
      return deviceGet(options, args, io);
    case 'device interface list':
      return interfaceList(options, args, io);
    case 'device interface get':
      return interfaceGet(options, args, io);
    case 'link list':
      return linkList(options, io);
    case 'link get':
      return linkGet(options, args, io);
    case 'config get':
      return configGet(options, io);
  }
  throw new UsageError(`unknown command "${command.name}"`);
}
