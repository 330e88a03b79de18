import { isKey, keyEquals, type KeyInput } from '../keys.js';
import type { ProgramAccountsFilter } from '../state/common.js';
import { encodeBase64 } from '../codec/base64.js';
import type { DeviceDesiredStatus, DeviceHealth, DeviceType, LinkDesiredStatus, LinkHealth, LinkLinkType } from '../enums.js';
import { ValidationError } from '../errors.js';
import type { Device } from '../state/device.js';
import { DEVICE_OFFSETS } from '../state/device.js';
import type { Link } from '../state/link.js';
import { LINK_OFFSETS } from '../state/link.js';
import { describeValue, expectString } from '../validate.js';
import { memcmpBytes } from './source.js';

/**
 * The listing filters beyond location / exchange / status / sides / contributor (the ones the
 * `doublezero` CLI's `device list` and `link list` offer): the node filters a field at a fixed
 * offset (device and link type, memcmp); the trailing fields (health, desired status), the code
 * (a substring) and the link topologies are filtered here, after decoding.
 */

/** Further Device filters (see DeviceFilters). */
export interface DeviceFilterExtras {
  /** Only devices of this type (memcmp at 114). */
  deviceType?: DeviceType;
  /** Only devices with this health (a trailing field: filtered here). */
  health?: DeviceHealth;
  /** Only devices with this desired status (a trailing field: filtered here). */
  desiredStatus?: DeviceDesiredStatus;
  /** Only devices whose code contains this text, case-sensitively (filtered here). */
  codeIncludes?: string;
}

/** Further Link filters (see LinkFilters). */
export interface LinkFilterExtras {
  /** Only links of this type (memcmp at 114). */
  linkType?: LinkLinkType;
  /** Only links with this health (a trailing field: filtered here). */
  health?: LinkHealth;
  /** Only links with this desired status (a trailing field: filtered here). */
  desiredStatus?: LinkDesiredStatus;
  /** Only links whose code contains this text, case-sensitively (filtered here). */
  codeIncludes?: string;
  /** Only links tagged with this topology (its PDA, see getTopologyPda), or "none": links with no topology (filtered here). */
  topology?: KeyInput | 'none';
}

function byteValue(v: unknown, field: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) {
    throw new ValidationError(field, `must be an enum value (an integer 0..255), got ${describeValue(v)}`);
  }
  return v;
}

function byteFilter(offset: number, value: number | undefined): ProgramAccountsFilter[] {
  return value === undefined ? [] : [{ memcmp: { offset, bytes: encodeBase64(Uint8Array.of(value)), encoding: 'base64' } }];
}

function codeText(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  expectString(v, 'codeIncludes');
  return v;
}

/** The memcmp filters and the local test of DeviceFilterExtras (values checked: ValidationError). */
export function deviceExtraQuery(o: DeviceFilterExtras): { filters: ProgramAccountsFilter[]; keep: (d: Device<unknown>) => boolean } {
  const type = byteValue(o.deviceType, 'deviceType');
  const health = byteValue(o.health, 'health');
  const desired = byteValue(o.desiredStatus, 'desiredStatus');
  const code = codeText(o.codeIncludes);
  return {
    filters: byteFilter(DEVICE_OFFSETS.deviceType, type),
    keep: (d) =>
      (health === undefined || d.deviceHealth === health) &&
      (desired === undefined || d.desiredStatus === desired) &&
      (code === undefined || d.code.includes(code)),
  };
}

/** The memcmp filters and the local test of LinkFilterExtras (values checked: ValidationError). */
export function linkExtraQuery(o: LinkFilterExtras): { filters: ProgramAccountsFilter[]; keep: (l: Link<KeyInput>) => boolean } {
  const type = byteValue(o.linkType, 'linkType');
  const health = byteValue(o.health, 'health');
  const desired = byteValue(o.desiredStatus, 'desiredStatus');
  const code = codeText(o.codeIncludes);
  const topology = o.topology;
  if (topology !== undefined && topology !== 'none' && !isKey(topology)) {
    throw new ValidationError('topology', `must be an address or "none", got ${describeValue(topology)}`);
  }
  return {
    filters: byteFilter(LINK_OFFSETS.linkType, type),
    keep: (l) =>
      (health === undefined || l.linkHealth === health) &&
      (desired === undefined || l.desiredStatus === desired) &&
      (code === undefined || l.code.includes(code)) &&
      (topology === undefined ||
        (topology === 'none' ? l.linkTopologies.length === 0 : l.linkTopologies.some((t) => keyEquals(t, topology)))),
  };
}

/** The most filters a getProgramAccounts call or a programSubscribe may carry (the node's limit). */
export const MAX_NODE_FILTERS = 4;

/**
 * `filters` within `room` (default the node's limit of 4): when there are more, memcmp filters on
 * adjacent byte ranges (location + exchange + device type, side A + side Z + link type) are joined
 * into one. As many as fit are returned unchanged.
 */
export function fitFilters(filters: ProgramAccountsFilter[], room = MAX_NODE_FILTERS): ProgramAccountsFilter[] {
  if (filters.length <= room) return filters;
  type Range = { offset: number; bytes: Uint8Array };
  const ranges: Range[] = [];
  const others: ProgramAccountsFilter[] = [];
  for (const f of filters) {
    if ('memcmp' in f) ranges.push({ offset: f.memcmp.offset, bytes: memcmpBytes(f) });
    else others.push(f);
  }
  ranges.sort((a, b) => a.offset - b.offset);
  const joined: Range[] = [];
  for (const r of ranges) {
    const last = joined[joined.length - 1];
    if (last && last.offset + last.bytes.length === r.offset) {
      const bytes = new Uint8Array(last.bytes.length + r.bytes.length);
      bytes.set(last.bytes);
      bytes.set(r.bytes, last.bytes.length);
      last.bytes = bytes;
    } else {
      joined.push({ ...r });
    }
  }
  const out: ProgramAccountsFilter[] = [
    ...others,
    ...joined.map((r): ProgramAccountsFilter => ({ memcmp: { offset: r.offset, bytes: encodeBase64(r.bytes), encoding: 'base64' } })),
  ];
  if (out.length > room) {
    throw new ValidationError('filters', `${out.length} filters even after joining adjacent ones; a node takes at most ${MAX_NODE_FILTERS} (the account type among them)`);
  }
  return out;
}

/**
 * The filters of a listing or subscription of one account type, within the node's limit with a
 * place left for the account-type filter (adjacent memcmps joined only when needed).
 */
export function besideTypeFilter(filters: ProgramAccountsFilter[]): ProgramAccountsFilter[] {
  return fitFilters(filters, MAX_NODE_FILTERS - 1);
}

/** Keeps what both tests keep. */
export function both<T>(a: (v: T) => boolean, b: (v: T) => boolean): (v: T) => boolean {
  return (v) => a(v) && b(v);
}
