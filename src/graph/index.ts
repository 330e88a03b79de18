/**
 * `dzprov/graph`: a picture of the network, runtime-neutral (a browser page and the CLI draw the
 * same one). Devices are placed by their Location's latitude and longitude (the devices of one
 * location around it), links are drawn between their two devices, and both are coloured by
 * status and health: drained is amber and dashed, impaired has a red ring or halo, at a glance.
 *
 * `networkGraph` lays the network out and counts it; `graphSvg` and `graphDot` write it as SVG
 * (for a page or a report) or as a Graphviz graph. Text read from the chain (codes, names) is
 * untrusted: control and bidirectional characters are shown escaped (`\u{202e}`), lengths are
 * bounded, and everything is escaped for the format it goes into.
 *
 * @module dzprov/graph
 */
import {
  DeviceHealth,
  DeviceHealthSpec,
  DeviceStatus,
  DeviceStatusSpec,
  LinkHealth,
  LinkHealthSpec,
  LinkLinkTypeSpec,
  LinkStatus,
  LinkStatusSpec,
} from '../core/enums.js';
import { ValidationError } from '../core/errors.js';
import { keyText, type KeyInput } from '../core/keys.js';
import type { Device } from '../core/state/device.js';
import type { Link } from '../core/state/link.js';
import type { Location } from '../core/state/location.js';
import { expectArray, expectInteger, expectObject } from '../core/validate.js';

/** A decoded account and its address (what the clients' listings return). */
export interface GraphEntry<T> {
  /** The account's address. */
  pubkey: KeyInput;
  /** The decoded account. */
  account: T;
}

/** What the picture is drawn from: the network's devices, links and locations, as listed. */
export interface NetworkInput {
  /** Every device to draw (e.g. `listDevices()`). */
  devices: readonly GraphEntry<Device<KeyInput>>[];
  /** Every link to draw (e.g. `listLinks()`). */
  links: readonly GraphEntry<Link<KeyInput>>[];
  /** The locations that place the devices (e.g. `listLocations()`). */
  locations: readonly GraphEntry<Location<KeyInput>>[];
}

/** Options of `networkGraph`, `graphSvg` and `graphDot`. */
export interface GraphOptions {
  /** Width of the picture in pixels (default 1000; at least 400). */
  width?: number;
  /** Height of the picture in pixels (default 560; at least 300). */
  height?: number;
  /** The title (default "DoubleZero network"). Untrusted text is fine: it is escaped. */
  title?: string;
}

/** How a status or health class is drawn. */
export interface GraphStyle {
  /** What the legend says. */
  readonly label: string;
  /** The colour, as CSS/SVG text (`#rrggbb`, or `none`). */
  readonly color: string;
  /** SVG stroke-dasharray (links), or undefined for a solid line. */
  readonly dash?: string;
}

/** The classes a device status falls into, and how each is drawn (its fill). */
export const DEVICE_STATUS_STYLES = Object.freeze({
  activated: { label: 'activated', color: '#1a9850' },
  drained: { label: 'drained', color: '#f59e0b' },
  provisioning: { label: 'device- or link-provisioning', color: '#3b82f6' },
  inactive: { label: 'pending, deleting or retired', color: '#9ca3af' },
  unknown: { label: 'undeclared status', color: '#8b5cf6' },
} satisfies Record<string, GraphStyle>);

/** The classes a device health falls into, and how each is drawn (its ring). */
export const DEVICE_HEALTH_STYLES = Object.freeze({
  ready: { label: 'ready-for-users', color: '#1f2937' },
  readyForLinks: { label: 'ready-for-links', color: '#2563eb' },
  pending: { label: 'pending or unknown', color: '#9ca3af', dash: '2 2' },
  impaired: { label: 'impaired', color: '#dc2626' },
} satisfies Record<string, GraphStyle>);

/** The classes a link status falls into, and how each is drawn (its line). */
export const LINK_STATUS_STYLES = Object.freeze({
  activated: { label: 'activated', color: '#1a9850' },
  softDrained: { label: 'soft-drained', color: '#f59e0b', dash: '8 4' },
  hardDrained: { label: 'hard-drained', color: '#ea580c', dash: '3 4' },
  provisioning: { label: 'provisioning', color: '#3b82f6', dash: '1 3' },
  requested: { label: 'requested', color: '#93c5fd', dash: '10 3 2 3' },
  inactive: { label: 'deleting or retired', color: '#9ca3af', dash: '2 6' },
  unknown: { label: 'undeclared status', color: '#8b5cf6', dash: '1 2' },
} satisfies Record<string, GraphStyle>);

/** The classes a link health falls into: impaired links get a red halo. */
export const LINK_HEALTH_STYLES = Object.freeze({
  ready: { label: 'ready-for-service', color: 'none' },
  pending: { label: 'pending or unknown', color: 'none' },
  impaired: { label: 'impaired (red halo)', color: '#dc2626' },
} satisfies Record<string, GraphStyle>);

/** The class a device status is drawn as (a key of DEVICE_STATUS_STYLES). */
export type DeviceStatusClass = keyof typeof DEVICE_STATUS_STYLES;
/** The class a device health is drawn as (a key of DEVICE_HEALTH_STYLES). */
export type DeviceHealthClass = keyof typeof DEVICE_HEALTH_STYLES;
/** The class a link status is drawn as (a key of LINK_STATUS_STYLES). */
export type LinkStatusClass = keyof typeof LINK_STATUS_STYLES;
/** The class a link health is drawn as (a key of LINK_HEALTH_STYLES). */
export type LinkHealthClass = keyof typeof LINK_HEALTH_STYLES;

/** The class of a device status. */
export function deviceStatusClass(status: number): DeviceStatusClass {
  expectInteger(status, 'status');
  if (!DeviceStatusSpec.isKnown(status)) return 'unknown';
  if (status === DeviceStatus.Activated) return 'activated';
  if (status === DeviceStatus.Drained) return 'drained';
  if (status === DeviceStatus.DeviceProvisioning || status === DeviceStatus.LinkProvisioning) return 'provisioning';
  return 'inactive';
}

/** The class of a device health: ready (for users), readyForLinks, impaired, or pending (pending, unknown or undeclared). */
export function deviceHealthClass(health: number): DeviceHealthClass {
  expectInteger(health, 'health');
  if (health === DeviceHealth.ReadyForUsers) return 'ready';
  if (health === DeviceHealth.ReadyForLinks) return 'readyForLinks';
  if (health === DeviceHealth.Impaired) return 'impaired';
  return 'pending';
}

/** The class of a link status; `unknown` for an undeclared value, `inactive` for pending, deleting and rejected. */
export function linkStatusClass(status: number): LinkStatusClass {
  expectInteger(status, 'status');
  if (!LinkStatusSpec.isKnown(status)) return 'unknown';
  switch (status) {
    case LinkStatus.Activated:
      return 'activated';
    case LinkStatus.SoftDrained:
      return 'softDrained';
    case LinkStatus.HardDrained:
      return 'hardDrained';
    case LinkStatus.Provisioning:
      return 'provisioning';
    case LinkStatus.Requested:
      return 'requested';
    default:
      return 'inactive';
  }
}

/** The class of a link health: ready (for service), impaired, or pending (pending, unknown or undeclared). */
export function linkHealthClass(health: number): LinkHealthClass {
  expectInteger(health, 'health');
  if (health === LinkHealth.ReadyForService) return 'ready';
  if (health === LinkHealth.Impaired) return 'impaired';
  return 'pending';
}

// ---------------------------------------------------------------------------------------------
// The layout

/** A location placed in the picture. */
export interface GraphSite {
  /** The Location's address (base58). */
  pubkey: string;
  /** The Location's code. */
  code: string;
  /** The Location's name. */
  name: string;
  /** Latitude in degrees (north positive). */
  lat: number;
  /** Longitude in degrees (east positive). */
  lng: number;
  /** Horizontal position in the picture, in pixels from the left. */
  x: number;
  /** Vertical position in the picture, in pixels from the top. */
  y: number;
}

/** A device placed in the picture, with its state as numbers, labels and drawing classes. */
export interface GraphDevice {
  /** The device's address (base58). */
  pubkey: string;
  /** The device's code. */
  code: string;
  /** The location's code, or null when the device's location is not among the locations. */
  site: string | null;
  /** Horizontal position in pixels from the left. */
  x: number;
  /** Vertical position in pixels from the top. */
  y: number;
  /** The device's status (a DeviceStatus value, possibly undeclared). */
  status: number;
  /** The device's health (a DeviceHealth value, possibly undeclared). */
  health: number;
  /** The device's desired status (a DeviceDesiredStatus value). */
  desiredStatus: number;
  /** The program's label of the status. */
  statusLabel: string;
  /** The program's label of the health. */
  healthLabel: string;
  /** How the status is drawn. */
  statusClass: DeviceStatusClass;
  /** How the health is drawn. */
  healthClass: DeviceHealthClass;
}

/** A link drawn between its two devices, with its state as numbers, labels and drawing classes. */
export interface GraphLink {
  /** The link's address (base58). */
  pubkey: string;
  /** The link's code. */
  code: string;
  /** The address (base58) of the device on side A. */
  sideA: string;
  /** The address (base58) of the device on side Z. */
  sideZ: string;
  /** The program's label of the link type (`WAN`, `DZX`). */
  linkTypeLabel: string;
  /** The link's status (a LinkStatus value, possibly undeclared). */
  status: number;
  /** The link's health (a LinkHealth value, possibly undeclared). */
  health: number;
  /** The program's label of the status. */
  statusLabel: string;
  /** The program's label of the health. */
  healthLabel: string;
  /** How the status is drawn. */
  statusClass: LinkStatusClass;
  /** How the health is drawn. */
  healthClass: LinkHealthClass;
  /** The SVG path between its devices (a curve when several links join the same two), or null when a side is missing. */
  path: string | null;
}

/** How many devices (or links) the picture holds, by state. */
export interface GraphCounts {
  /** How many there are. */
  total: number;
  /** By the program's label of the status / health ("activated", "unknown (9)"...). */
  byStatus: Record<string, number>;
  /** By the program's label of the health. */
  byHealth: Record<string, number>;
  /** Drained devices; soft- or hard-drained links. */
  drained: number;
  /** Those whose health is Impaired. */
  impaired: number;
}

/** The laid-out picture: the sizes, the placed sites, devices and links, and the counts. `graphSvg` and `graphDot` write it. */
export interface NetworkGraph {
  /** Width of the picture in pixels. */
  width: number;
  /** Height of the picture in pixels. */
  height: number;
  /** The picture's title (escaped when written). */
  title: string;
  /** The placed locations. */
  sites: GraphSite[];
  /** The placed devices. */
  devices: GraphDevice[];
  /** The links between them. */
  links: GraphLink[];
  /** The devices' and the links' counts. */
  counts: {
    /** The devices' counts. */
    devices: GraphCounts;
    /** The links' counts. */
    links: GraphCounts;
  };
}

const LEGEND_WIDTH = 230;
const MARGIN = 48;
const TOP = 56;
/** How much of a location's place is its true longitude / latitude (the rest is its rank). */
const LINEAR_SHARE = 0.35;

function checkInput(input: unknown, opts: unknown): asserts input is NetworkInput {
  expectObject(input, 'input');
  const i = input as unknown as Record<string, unknown>;
  for (const k of ['devices', 'links', 'locations']) {
    expectArray(i[k], `input.${k}`);
    (i[k] as unknown[]).forEach((e, n) => {
      expectObject(e, `input.${k}[${n}]`);
      expectObject((e as { account?: unknown }).account, `input.${k}[${n}].account`);
    });
  }
  if (opts === undefined) return;
  expectObject(opts, 'opts');
  const o = opts as Record<string, unknown>;
  if (o.width !== undefined && (!Number.isInteger(o.width) || (o.width as number) < 400 || (o.width as number) > 10_000)) {
    throw new ValidationError('opts.width', 'must be a whole number of pixels from 400 to 10000');
  }
  if (o.height !== undefined && (!Number.isInteger(o.height) || (o.height as number) < 300 || (o.height as number) > 10_000)) {
    throw new ValidationError('opts.height', 'must be a whole number of pixels from 300 to 10000');
  }
  if (o.title !== undefined && typeof o.title !== 'string') throw new ValidationError('opts.title', 'must be a string');
}

function count(items: readonly { statusLabel: string; healthLabel: string }[], drained: (x: never) => boolean, impaired: (x: never) => boolean): GraphCounts {
  const c: GraphCounts = { total: items.length, byStatus: {}, byHealth: {}, drained: 0, impaired: 0 };
  for (const x of items) {
    c.byStatus[x.statusLabel] = (c.byStatus[x.statusLabel] ?? 0) + 1;
    c.byHealth[x.healthLabel] = (c.byHealth[x.healthLabel] ?? 0) + 1;
    if (drained(x as never)) c.drained++;
    if (impaired(x as never)) c.impaired++;
  }
  return c;
}

const round = (v: number): number => Math.round(v * 10) / 10;
const byCodeThenKey = (a: { code: string; pubkey: string }, b: { code: string; pubkey: string }) =>
  a.code < b.code ? -1 : a.code > b.code ? 1 : a.pubkey < b.pubkey ? -1 : a.pubkey > b.pubkey ? 1 : 0;

/**
 * Lays the network out: locations on a schematic map of their latitude and longitude (west to
 * east, south to north, spread so that nearby cities stay apart), each device at its location (several around it), each link
 * between its devices (several links between the same two devices spread as curves), and counts
 * devices and links by status and health.
 */
export function networkGraph(input: NetworkInput, opts?: GraphOptions): NetworkGraph {
  checkInput(input, opts);
  const width = opts?.width ?? 1000;
  const height = opts?.height ?? 560;
  const title = opts?.title ?? 'DoubleZero network';

  // Locations → points.
  const locs = input.locations
    .map((e) => ({ pubkey: keyText(e.pubkey), a: e.account }))
    .filter((l) => Number.isFinite(l.a.lat) && Number.isFinite(l.a.lng) && Math.abs(l.a.lat) <= 90 && Math.abs(l.a.lng) <= 180);
  const used = new Set(input.devices.map((d) => keyText(d.account.locationPk)));
  const placed = locs.filter((l) => used.has(l.pubkey));
  // A schematic map: each coordinate is partly its linear place between the extremes and partly
  // its rank among the locations', so that west stays west and north stays north while a cluster
  // of nearby cities (Amsterdam, Frankfurt, London) does not collapse into one point.
  const mapW = width - LEGEND_WIDTH - 2 * MARGIN;
  const mapH = height - TOP - 2 * MARGIN;
  const place = (values: number[]): ((v: number) => number) => {
    const distinct = [...new Set(values)].sort((a, b) => a - b);
    const lo = distinct[0] ?? 0;
    const span = (distinct.at(-1) ?? 0) - lo;
    return (v) => {
      if (distinct.length < 2) return 0.5;
      const linear = span === 0 ? 0.5 : (v - lo) / span;
      return LINEAR_SHARE * linear + (1 - LINEAR_SHARE) * (distinct.indexOf(v) / (distinct.length - 1));
    };
  };
  const px = place(placed.map((l) => l.a.lng));
  const py = place(placed.map((l) => l.a.lat));
  const sites: GraphSite[] = placed
    .map((l) => ({ pubkey: l.pubkey, code: l.a.code, name: l.a.name, lat: l.a.lat, lng: l.a.lng, x: round(MARGIN + px(l.a.lng) * mapW), y: round(TOP + MARGIN + (1 - py(l.a.lat)) * mapH) }))
    .sort(byCodeThenKey);
  const siteOf = new Map(sites.map((s) => [s.pubkey, s]));

  // Devices around their location (in code order), or in a row at the bottom when it is unknown.
  const devices: (GraphDevice & { siteKey: string | undefined })[] = input.devices
    .map((e) => {
      const d = e.account;
      const site = siteOf.get(keyText(d.locationPk));
      return {
        pubkey: keyText(e.pubkey),
        code: d.code,
        site: site ? site.code : null,
        siteKey: site?.pubkey,
        x: 0,
        y: 0,
        status: d.status,
        health: d.deviceHealth,
        desiredStatus: d.desiredStatus,
        statusLabel: DeviceStatusSpec.label(d.status),
        healthLabel: DeviceHealthSpec.label(d.deviceHealth),
        statusClass: deviceStatusClass(d.status),
        healthClass: deviceHealthClass(d.deviceHealth),
      };
    })
    .sort(byCodeThenKey);
  const atSite = new Map<string | undefined, typeof devices>();
  for (const d of devices) atSite.set(d.siteKey, [...(atSite.get(d.siteKey) ?? []), d]);
  for (const [key, group] of atSite) {
    const s = key === undefined ? undefined : siteOf.get(key);
    group.forEach((d, i) => {
      if (!s) {
        d.x = MARGIN + 16 + i * 22;
        d.y = height - 18;
        return;
      }
      const r = group.length === 1 ? 0 : 12 + 2 * group.length;
      const angle = -Math.PI / 2 + (2 * Math.PI * i) / group.length;
      d.x = round(s.x + r * Math.cos(angle));
      d.y = round(s.y + r * Math.sin(angle));
    });
  }
  const at = new Map(devices.map((d) => [d.pubkey, d]));

  // Links between their devices; the links joining the same two devices fan out as curves.
  const links = input.links
    .map((e) => ({ pubkey: keyText(e.pubkey), l: e.account, a: keyText(e.account.sideAPk), z: keyText(e.account.sideZPk) }))
    .sort((x, y) => byCodeThenKey({ code: x.l.code, pubkey: x.pubkey }, { code: y.l.code, pubkey: y.pubkey }));
  const pairs = new Map<string, number>();
  const pairKey = (a: string, z: string) => (a < z ? `${a} ${z}` : `${z} ${a}`);
  for (const k of links) pairs.set(pairKey(k.a, k.z), (pairs.get(pairKey(k.a, k.z)) ?? 0) + 1);
  const seen = new Map<string, number>();
  const graphLinks: GraphLink[] = links.map((k) => {
    const A = at.get(k.a);
    const Z = at.get(k.z);
    let path: string | null = null;
    if (A && Z) {
      const key = pairKey(k.a, k.z);
      const n = pairs.get(key)!;
      const i = seen.get(key) ?? 0;
      seen.set(key, i + 1);
      const [p, q] = k.a < k.z ? [A, Z] : [Z, A];
      const dx = q.x - p.x;
      const dy = q.y - p.y;
      const len = Math.hypot(dx, dy) || 1;
      const bend = (i - (n - 1) / 2) * 22;
      const cx = round((A.x + Z.x) / 2 + (-dy / len) * bend);
      const cy = round((A.y + Z.y) / 2 + (dx / len) * bend);
      path = `M${A.x} ${A.y} Q${cx} ${cy} ${Z.x} ${Z.y}`;
    }
    return {
      pubkey: k.pubkey,
      code: k.l.code,
      sideA: k.a,
      sideZ: k.z,
      linkTypeLabel: LinkLinkTypeSpec.label(k.l.linkType),
      status: k.l.status,
      health: k.l.linkHealth,
      statusLabel: LinkStatusSpec.label(k.l.status),
      healthLabel: LinkHealthSpec.label(k.l.linkHealth),
      statusClass: linkStatusClass(k.l.status),
      healthClass: linkHealthClass(k.l.linkHealth),
      path,
    };
  });

  const outDevices: GraphDevice[] = devices.map(({ siteKey: _s, ...d }) => d);
  return {
    width,
    height,
    title,
    sites,
    devices: outDevices,
    links: graphLinks,
    counts: {
      devices: count(outDevices, (d: GraphDevice) => d.status === DeviceStatus.Drained, (d: GraphDevice) => d.health === DeviceHealth.Impaired),
      links: count(graphLinks, (l: GraphLink) => l.status === LinkStatus.SoftDrained || l.status === LinkStatus.HardDrained, (l: GraphLink) => l.health === LinkHealth.Impaired),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Untrusted text

const TEXT_MAX = 64;

/**
 * Text read from the chain, made safe to show: control characters (C0, DEL, C1), bidirectional
 * controls and other invisible format characters are written as `\u{XXXX}`, and the text is cut
 * to 64 characters (with "…").
 */
export function visibleText(text: string): string {
  if (typeof text !== 'string') throw new ValidationError('text', 'must be a string');
  const chars = [...text];
  const cut = chars.length > TEXT_MAX ? [...chars.slice(0, TEXT_MAX - 1), '…'] : chars;
  return cut.map((c) => (/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(c) ? `\\u{${c.codePointAt(0)!.toString(16)}}` : c)).join('');
}

/** Text for SVG/XML content and attribute values. */
function xml(text: string): string {
  return visibleText(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Text for a double-quoted DOT string: backslashes (which DOT reads as escapes like \N) and quotes escaped. */
function dot(text: string): string {
  return `"${visibleText(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

// ---------------------------------------------------------------------------------------------
// SVG

function legendSvg(g: NetworkGraph): string[] {
  const x = g.width - LEGEND_WIDTH + 12;
  let y = TOP + 8;
  const out: string[] = [`<g class="legend" font-size="12" fill="#111827">`];
  const heading = (t: string) => {
    out.push(`<text x="${x}" y="${y}" font-weight="bold">${t}</text>`);
    y += 16;
  };
  heading('Devices (fill: status)');
  for (const [k, s] of Object.entries(DEVICE_STATUS_STYLES)) {
    out.push(`<g data-legend="device-status" data-class="${k}"><circle cx="${x + 7}" cy="${y - 4}" r="6" fill="${s.color}" stroke="#1f2937"/><text x="${x + 20}" y="${y}">${s.label}</text></g>`);
    y += 16;
  }
  y += 4;
  heading('Devices (ring: health)');
  for (const [k, s] of Object.entries(DEVICE_HEALTH_STYLES)) {
    const dash = 'dash' in s ? ` stroke-dasharray="${s.dash}"` : '';
    const w = k === 'impaired' ? 3 : 1.5;
    out.push(`<g data-legend="device-health" data-class="${k}"><circle cx="${x + 7}" cy="${y - 4}" r="6" fill="#ffffff" stroke="${s.color}" stroke-width="${w}"${dash}/><text x="${x + 20}" y="${y}">${s.label}</text></g>`);
    y += 16;
  }
  y += 4;
  heading('Links (line: status)');
  for (const [k, s] of Object.entries(LINK_STATUS_STYLES)) {
    const dash = 'dash' in s ? ` stroke-dasharray="${s.dash}"` : '';
    out.push(`<g data-legend="link-status" data-class="${k}"><line x1="${x}" y1="${y - 4}" x2="${x + 16}" y2="${y - 4}" stroke="${s.color}" stroke-width="3"${dash}/><text x="${x + 20}" y="${y}">${s.label}</text></g>`);
    y += 16;
  }
  out.push(`<g data-legend="link-health" data-class="impaired"><line x1="${x}" y1="${y - 4}" x2="${x + 16}" y2="${y - 4}" stroke="${LINK_HEALTH_STYLES.impaired.color}" stroke-opacity="0.35" stroke-width="9"/><line x1="${x}" y1="${y - 4}" x2="${x + 16}" y2="${y - 4}" stroke="#1a9850" stroke-width="3"/><text x="${x + 20}" y="${y}">${LINK_HEALTH_STYLES.impaired.label}</text></g>`);
  y += 24;
  const c = g.counts;
  out.push(`<text x="${x}" y="${y}">${c.devices.total} devices: ${c.devices.drained} drained, ${c.devices.impaired} impaired</text>`);
  out.push(`<text x="${x}" y="${y + 16}">${c.links.total} links: ${c.links.drained} drained, ${c.links.impaired} impaired</text>`);
  out.push('</g>');
  return out;
}

/** The picture as a standalone SVG document (also fit to be put in a page). */
export function graphSvg(g: NetworkGraph): string {
  expectObject(g, 'graph');
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${g.width}" height="${g.height}" viewBox="0 0 ${g.width} ${g.height}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="${xml(g.title)}">`,
    `<title>${xml(g.title)}</title>`,
    `<rect x="0" y="0" width="${g.width}" height="${g.height}" fill="#f8fafc"/>`,
    `<text x="${MARGIN}" y="32" font-size="20" font-weight="bold" fill="#111827">${xml(g.title)}</text>`,
    `<g class="sites" font-size="11" fill="#6b7280">`,
  ];
  for (const s of g.sites) {
    out.push(`<g data-site="${xml(s.code)}"><circle cx="${s.x}" cy="${s.y}" r="26" fill="#e5e7eb" fill-opacity="0.6"/><text x="${s.x}" y="${round(s.y + 40)}" text-anchor="middle">${xml(s.code)} · ${xml(s.name)}</text></g>`);
  }
  out.push('</g>', '<g class="links" fill="none">');
  for (const l of g.links) {
    if (!l.path) continue;
    const s = LINK_STATUS_STYLES[l.statusClass];
    const dash = 'dash' in s ? ` stroke-dasharray="${s.dash}"` : '';
    out.push(`<g data-kind="link" data-pubkey="${l.pubkey}" data-code="${xml(l.code)}" data-status="${xml(l.statusLabel)}" data-health="${xml(l.healthLabel)}">`);
    out.push(`<title>${xml(`link ${l.code} (${l.linkTypeLabel}): ${l.statusLabel}, health ${l.healthLabel}`)}</title>`);
    if (l.healthClass === 'impaired') out.push(`<path d="${l.path}" stroke="${LINK_HEALTH_STYLES.impaired.color}" stroke-opacity="0.35" stroke-width="9" stroke-linecap="round"/>`);
    out.push(`<path d="${l.path}" stroke="${s.color}" stroke-width="3"${dash}/>`, '</g>');
  }
  out.push('</g>', '<g class="devices" font-size="10" fill="#111827">');
  for (const d of g.devices) {
    const s = DEVICE_STATUS_STYLES[d.statusClass];
    const h = DEVICE_HEALTH_STYLES[d.healthClass];
    const dash = 'dash' in h ? ` stroke-dasharray="${h.dash}"` : '';
    const w = d.healthClass === 'impaired' ? 3.5 : 1.5;
    out.push(`<g data-kind="device" data-pubkey="${d.pubkey}" data-code="${xml(d.code)}" data-status="${xml(d.statusLabel)}" data-health="${xml(d.healthLabel)}">`);
    out.push(`<title>${xml(`device ${d.code}${d.site ? ` at ${d.site}` : ''}: ${d.statusLabel}, health ${d.healthLabel}`)}</title>`);
    out.push(`<circle cx="${d.x}" cy="${d.y}" r="7" fill="${s.color}" stroke="${h.color}" stroke-width="${w}"${dash}/>`);
    out.push(`<text x="${round(d.x + 10)}" y="${round(d.y - 8)}">${xml(d.code)}</text>`, '</g>');
  }
  out.push('</g>', ...legendSvg(g), '</svg>');
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// DOT

/**
 * The picture as a Graphviz graph: the same positions (pinned, in points; render with
 * `neato -n2`), colours and dashes, a tooltip per node and edge. Node ids are addresses.
 */
export function graphDot(g: NetworkGraph): string {
  expectObject(g, 'graph');
  const pos = (x: number, y: number) => `"${round(x)},${round(g.height - y)}!"`;
  const style = (dash: string | undefined) => (dash === undefined ? 'solid' : dash.split(' ').length > 2 ? 'dotted' : 'dashed');
  const out: string[] = [
    'graph dzprov {',
    `  graph [label=${dot(g.title)}, labelloc=t, fontname="Helvetica", bgcolor="#f8fafc", outputorder=edgesfirst];`,
    '  node [shape=circle, style=filled, fixedsize=true, width=0.2, label="", fontname="Helvetica", fontsize=9];',
    '  edge [penwidth=2];',
  ];
  for (const s of g.sites) out.push(`  ${dot(`site:${s.pubkey}`)} [shape=plaintext, style="", width=0, label=${dot(`${s.code} · ${s.name}`)}, fontcolor="#6b7280", pos=${pos(s.x, s.y + 40)}];`);
  for (const d of g.devices) {
    const s = DEVICE_STATUS_STYLES[d.statusClass];
    const h = DEVICE_HEALTH_STYLES[d.healthClass];
    out.push(
      `  ${dot(d.pubkey)} [xlabel=${dot(d.code)}, fillcolor="${s.color}", color="${h.color}", penwidth=${d.healthClass === 'impaired' ? 3 : 1}, pos=${pos(d.x, d.y)}, tooltip=${dot(`device ${d.code}: ${d.statusLabel}, health ${d.healthLabel}`)}];`,
    );
  }
  for (const l of g.links) {
    if (!l.path) continue;
    const s = LINK_STATUS_STYLES[l.statusClass];
    const color = l.healthClass === 'impaired' ? `"${s.color}:${LINK_HEALTH_STYLES.impaired.color}:${s.color}"` : `"${s.color}"`;
    out.push(`  ${dot(l.sideA)} -- ${dot(l.sideZ)} [color=${color}, style=${style('dash' in s ? s.dash : undefined)}, tooltip=${dot(`link ${l.code}: ${l.statusLabel}, health ${l.healthLabel}`)}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
