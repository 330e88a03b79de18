import type { PublicKey } from './publicKey.js';
import {
  AccountTypeSpec,
  DeviceDesiredStatusSpec,
  DeviceHealthSpec,
  DeviceStatus,
  DeviceStatusSpec,
  DeviceTypeSpec,
  InterfaceCYOASpec,
  InterfaceDIASpec,
  InterfaceStatusSpec,
  InterfaceTypeSpec,
  LinkDesiredStatusSpec,
  LinkHealthSpec,
  LinkLinkTypeSpec,
  LinkStatus,
  LinkStatusSpec,
  LoopbackTypeSpec,
  RoutingModeSpec,
  type EnumSpec,
} from './sdk.js';
import {
  canAcceptLink,
  canChangeDeviceStatus,
  canChangeLinkStatus,
  legalDeviceStatusTargets,
  legalLinkStatusTargets,
  nextDeviceStatus,
  nextLinkStatus,
  type LifecycleResult,
  type Role,
} from './sdk.js';
import type { Device, Interface } from './sdk.js';
import type { Link } from './sdk.js';
import { enumJson, toJsonValue, type EnumJson } from './format.js';

/**
 * What the CLI shows about a device or a link: the actions the caller may take now, the
 * reconciler's next step, and JSON shapes. Pure functions of decoded accounts and roles.
 */

export type DeviceActionName = 'drain-device' | 'undrain-device' | 'promote-device';
export type LinkActionName = 'soft-drain-link' | 'hard-drain-link' | 'activate-link' | 'accept-link';
export type ActionName = DeviceActionName | LinkActionName;

export interface ActionCheck {
  action: ActionName;
  /** The status the action writes. */
  to: number;
  result: LifecycleResult;
}

/**
 * The device status promote-device moves to: the reconciler's next step, as the checked
 * builder `promoteDevice` does (it never invents intent), or undefined when nothing is due.
 */
export function promoteTarget(device: Device): DeviceStatus | undefined {
  return nextDeviceStatus(device);
}

/**
 * The command line that takes the step `action` (to `to`) for `code`: promote-device names its
 * target status, the other actions need only the code.
 */
export function actionCommand(action: ActionName, code: string, to: string): string {
  return action === 'promote-device' ? `${action} ${code} ${to}` : `${action} ${code}`;
}

/** The CLI action that performs the device status change `from → to`, if there is one. */
export function deviceActionFor(from: number, to: number): DeviceActionName | undefined {
  if (to === DeviceStatus.Drained) return 'drain-device';
  if (from === DeviceStatus.Drained && to === DeviceStatus.Activated) return 'undrain-device';
  if (
    (from === DeviceStatus.DeviceProvisioning && to === DeviceStatus.LinkProvisioning) ||
    (from === DeviceStatus.LinkProvisioning && to === DeviceStatus.Activated)
  ) {
    return 'promote-device';
  }
  return undefined;
}

/** The CLI action that performs the link status change `from → to`, if there is one. */
export function linkActionFor(from: number, to: number): LinkActionName | undefined {
  if (to === LinkStatus.SoftDrained) return 'soft-drain-link';
  if (to === LinkStatus.HardDrained) return 'hard-drain-link';
  if (to === LinkStatus.Activated) return from === LinkStatus.Requested ? 'accept-link' : 'activate-link';
  return undefined;
}

function refused(reason: string): LifecycleResult {
  return { ok: false, reason };
}

/** Every device action with its lifecycle check for `roles`. */
export function deviceActionChecks(device: Device, roles: readonly Role[]): ActionCheck[] {
  const label = DeviceStatusSpec.label(device.status);
  const promote = promoteTarget(device);
  return [
    { action: 'drain-device', to: DeviceStatus.Drained, result: canChangeDeviceStatus(device, DeviceStatus.Drained, roles) },
    {
      action: 'undrain-device',
      to: DeviceStatus.Activated,
      result:
        device.status === DeviceStatus.Drained
          ? canChangeDeviceStatus(device, DeviceStatus.Activated, roles)
          : refused(`device is ${label}; undrain-device needs a drained device`),
    },
    {
      action: 'promote-device',
      to: promote ?? device.status,
      result:
        promote === undefined
          ? refused(
              `nothing is due: device is ${label} with desired status ${DeviceDesiredStatusSpec.label(device.desiredStatus)} and health ${DeviceHealthSpec.label(device.deviceHealth)}`,
            )
          : canChangeDeviceStatus(device, promote, roles),
    },
  ];
}

/** Every link action with its lifecycle check for `roles`. */
export function linkActionChecks(link: Link, roles: readonly Role[]): ActionCheck[] {
  return [
    { action: 'soft-drain-link', to: LinkStatus.SoftDrained, result: canChangeLinkStatus(link, LinkStatus.SoftDrained, roles) },
    { action: 'hard-drain-link', to: LinkStatus.HardDrained, result: canChangeLinkStatus(link, LinkStatus.HardDrained, roles) },
    { action: 'activate-link', to: LinkStatus.Activated, result: canChangeLinkStatus(link, LinkStatus.Activated, roles) },
    { action: 'accept-link', to: LinkStatus.Activated, result: canAcceptLink(link, roles) },
  ];
}

/**
 * The legal next status changes as commands (from the lifecycle's legal targets): the dedicated
 * action when there is one, else "set-device-status <status>".
 */
export function deviceNextActions(device: Device, roles: readonly Role[]): string[] {
  // The answer depends on status, desired status, health and roles only (DeviceStatusState):
  // a listing of thousands of devices computes it once per combination.
  const key = `${device.status}|${device.desiredStatus}|${device.deviceHealth}|${roles.join(',')}`;
  let actions = DEVICE_NEXT_ACTIONS.get(key);
  if (actions === undefined) {
    actions = legalDeviceStatusTargets(device, roles).map((to) => {
      const action = deviceActionFor(device.status, to);
      // promote-device names the step it takes (a re-run is then "already done").
      if (action === 'promote-device') return `${action} ${DeviceStatusSpec.label(to)}`;
      return action ?? `set-device-status ${DeviceStatusSpec.label(to)}`;
    });
    if (DEVICE_NEXT_ACTIONS.size < 4096) DEVICE_NEXT_ACTIONS.set(key, actions);
  }
  return [...actions];
}

const DEVICE_NEXT_ACTIONS = new Map<string, readonly string[]>();

const LINK_ACTION_ORDER: readonly string[] = ['activate-link', 'soft-drain-link', 'hard-drain-link', 'accept-link'];

export function linkNextActions(link: Link, roles: readonly Role[]): string[] {
  const out = legalLinkStatusTargets(link, roles).map(
    (to) => linkActionFor(link.status, to) ?? `set-link-status ${LinkStatusSpec.label(to)}`,
  );
  if (canAcceptLink(link, roles).ok) out.push('accept-link');
  // activate, soft drain, hard drain, accept; set-link-status (moves no dedicated command makes) last
  const rank = (a: string) => (LINK_ACTION_ORDER.includes(a) ? LINK_ACTION_ORDER.indexOf(a) : LINK_ACTION_ORDER.length);
  return out.sort((a, b) => rank(a) - rank(b));
}

// ---------------------------------------------------------------------------------------------
// JSON shapes (stable; bigint as strings, keys as base58)

/** A device's or link's status, health and desired status, and the reconciler's next step. */
export interface StateView {
  status: EnumJson;
  health: EnumJson;
  desiredStatus: EnumJson;
  /** The status the reconciler moves to next; null when nothing is due. */
  next: EnumJson | null;
  /** The CLI action that performs that step, if one does. */
  action: ActionName | undefined;
}

export function deviceState(device: Device): StateView {
  const next = nextDeviceStatus(device);
  return {
    status: enumJson(DeviceStatusSpec, device.status),
    health: enumJson(DeviceHealthSpec, device.deviceHealth),
    desiredStatus: enumJson(DeviceDesiredStatusSpec, device.desiredStatus),
    next: next === undefined ? null : enumJson(DeviceStatusSpec, next),
    action: next === undefined ? undefined : deviceActionFor(device.status, next),
  };
}

export function linkState(link: Link): StateView {
  const next = nextLinkStatus(link);
  return {
    status: enumJson(LinkStatusSpec, link.status),
    health: enumJson(LinkHealthSpec, link.linkHealth),
    desiredStatus: enumJson(LinkDesiredStatusSpec, link.desiredStatus),
    next: next === undefined ? null : enumJson(LinkStatusSpec, next),
    action: next === undefined ? undefined : linkActionFor(link.status, next),
  };
}

/** One row of `devices --json`; `links --json` rows add the link type and sides. */
interface SummaryJson {
  code: string;
  pubkey: string;
  status: EnumJson;
  health: EnumJson;
  desiredStatus: EnumJson;
  contributor: string;
  roles: Role[];
  nextActions: string[];
  reconcilerNext: EnumJson | null;
}

export type DeviceSummaryJson = SummaryJson;

export function deviceSummaryJson(pubkey: PublicKey, device: Device, roles: readonly Role[], contributorCode?: string): DeviceSummaryJson {
  const s = deviceState(device);
  return {
    code: device.code,
    pubkey: pubkey.toBase58(),
    status: s.status,
    health: s.health,
    desiredStatus: s.desiredStatus,
    contributor: contributorCode ?? device.contributorPk.toBase58(),
    roles: [...roles],
    nextActions: deviceNextActions(device, roles),
    reconcilerNext: s.next,
  };
}

export interface LinkSummaryJson extends SummaryJson {
  linkType: EnumJson;
  sideA: { pubkey: string; code: string | null };
  sideZ: { pubkey: string; code: string | null };
}

export function linkSummaryJson(
  pubkey: PublicKey,
  link: Link,
  roles: readonly Role[],
  deviceCode: (pk: PublicKey) => string | undefined,
  contributorCode?: string,
): LinkSummaryJson {
  const s = linkState(link);
  return {
    code: link.code,
    pubkey: pubkey.toBase58(),
    linkType: enumJson(LinkLinkTypeSpec, link.linkType),
    sideA: { pubkey: link.sideAPk.toBase58(), code: deviceCode(link.sideAPk) ?? null },
    sideZ: { pubkey: link.sideZPk.toBase58(), code: deviceCode(link.sideZPk) ?? null },
    status: s.status,
    health: s.health,
    desiredStatus: s.desiredStatus,
    contributor: contributorCode ?? link.contributorPk.toBase58(),
    roles: [...roles],
    nextActions: linkNextActions(link, roles),
    reconcilerNext: s.next,
  };
}

const DEVICE_ENUM_FIELDS: Record<string, EnumSpec> = {
  accountType: AccountTypeSpec,
  deviceType: DeviceTypeSpec,
  status: DeviceStatusSpec,
  deviceHealth: DeviceHealthSpec,
  desiredStatus: DeviceDesiredStatusSpec,
};

const INTERFACE_ENUM_FIELDS: Record<string, EnumSpec> = {
  status: InterfaceStatusSpec,
  interfaceType: InterfaceTypeSpec,
  interfaceCyoa: InterfaceCYOASpec,
  interfaceDia: InterfaceDIASpec,
  loopbackType: LoopbackTypeSpec,
  routingMode: RoutingModeSpec,
};

const LINK_ENUM_FIELDS: Record<string, EnumSpec> = {
  accountType: AccountTypeSpec,
  linkType: LinkLinkTypeSpec,
  status: LinkStatusSpec,
  linkHealth: LinkHealthSpec,
  desiredStatus: LinkDesiredStatusSpec,
};

function withEnums(value: object, specs: Record<string, EnumSpec>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const spec = specs[k];
    out[k] = spec && typeof v === 'number' ? enumJson(spec, v) : toJsonValue(v);
  }
  return out;
}

/** Every field of a decoded device; enums as {value, label}, interfaces likewise. */
export function deviceFieldsJson(device: Device): Record<string, unknown> {
  const out = withEnums(device, DEVICE_ENUM_FIELDS);
  out.interfaces = device.interfaces.map((i) => withEnums(i, INTERFACE_ENUM_FIELDS));
  return out;
}

export function linkFieldsJson(link: Link): Record<string, unknown> {
  return withEnums(link, LINK_ENUM_FIELDS);
}

// ---------------------------------------------------------------------------------------------
// Human-readable field lists (for `show`)

export function bitsPerSecond(v: bigint): string {
  if (v === 0n) return '0';
  const units: [bigint, string][] = [
    [1_000_000_000_000n, 'Tbps'],
    [1_000_000_000n, 'Gbps'],
    [1_000_000n, 'Mbps'],
    [1_000n, 'kbps'],
  ];
  for (const [u, name] of units) if (v >= u && v % u === 0n) return `${v / u} ${name} (${v} bps)`;
  return `${v} bps`;
}

export function nanoseconds(v: bigint): string {
  if (v === 0n) return '0';
  const ms = Number(v) / 1e6;
  return `${v} ns (${ms.toLocaleString('en-US', { maximumFractionDigits: 3 })} ms)`;
}

function enumText(spec: EnumSpec, v: number): string {
  return `${spec.label(v)} (${v})`;
}

/** One interface as table cells: name, type, status, ip net, details. */
export function interfaceCells(i: Interface): [string, string, string, string, string] {
  const parts: string[] = [];
  if (i.loopbackType !== 0) parts.push(`loopback ${LoopbackTypeSpec.label(i.loopbackType)}`);
  if (i.bandwidth !== 0n) parts.push(bitsPerSecond(i.bandwidth).split(' (')[0]!);
  if (i.mtu) parts.push(`mtu ${i.mtu}`);
  if (i.vlanId) parts.push(`vlan ${i.vlanId}`);
  if (i.interfaceCyoa !== 0) parts.push(`cyoa ${InterfaceCYOASpec.label(i.interfaceCyoa)}`);
  if (i.interfaceDia !== 0) parts.push(`dia ${InterfaceDIASpec.label(i.interfaceDia)}`);
  if (i.nodeSegmentIdx) parts.push(`sid ${i.nodeSegmentIdx}`);
  if (i.userTunnelEndpoint) parts.push('user-tunnel-endpoint');
  if (i.flexAlgoNodeSegments.length) parts.push(`${i.flexAlgoNodeSegments.length} flex-algo segment(s)`);
  return [i.name, InterfaceTypeSpec.label(i.interfaceType), InterfaceStatusSpec.label(i.status), i.ipNet, parts.join(', ')];
}

export interface Names {
  device(pk: PublicKey): string | undefined;
  contributor(pk: PublicKey): string | undefined;
  location(pk: PublicKey): string | undefined;
  exchange(pk: PublicKey): string | undefined;
}

function named(pk: PublicKey, name: string | undefined): string {
  return name ? `${pk.toBase58()} (${name})` : pk.toBase58();
}

export function deviceFieldLines(device: Device, names: Names): [string, string][] {
  return [
    ['code', device.code],
    ['status', enumText(DeviceStatusSpec, device.status)],
    ['health', enumText(DeviceHealthSpec, device.deviceHealth)],
    ['desired status', enumText(DeviceDesiredStatusSpec, device.desiredStatus)],
    ['device type', enumText(DeviceTypeSpec, device.deviceType)],
    ['contributor', named(device.contributorPk, names.contributor(device.contributorPk))],
    ['location', named(device.locationPk, names.location(device.locationPk))],
    ['exchange', named(device.exchangePk, names.exchange(device.exchangePk))],
    ['public ip', device.publicIp],
    ['dz prefixes', device.dzPrefixes.join(', ') || '-'],
    ['mgmt vrf', device.mgmtVrf || '(default)'],
    ['metrics publisher', device.metricsPublisherPk.toBase58()],
    ['owner', device.owner.toBase58()],
    ['index', String(device.index)],
    ['bump seed', String(device.bumpSeed)],
    ['reference count', String(device.referenceCount)],
    ['users', `${device.usersCount} / max ${device.maxUsers}`],
    ['unicast users', `${device.unicastUsersCount} / max ${device.maxUnicastUsers}`],
    ['multicast subscribers', `${device.multicastSubscribersCount} / max ${device.maxMulticastSubscribers}`],
    ['multicast publishers', `${device.multicastPublishersCount} / max ${device.maxMulticastPublishers}`],
    ['reserved seats', String(device.reservedSeats)],
  ];
}

export function linkFieldLines(link: Link, names: Names): [string, string][] {
  return [
    ['code', link.code],
    ['status', enumText(LinkStatusSpec, link.status)],
    ['health', enumText(LinkHealthSpec, link.linkHealth)],
    ['desired status', enumText(LinkDesiredStatusSpec, link.desiredStatus)],
    ['link type', enumText(LinkLinkTypeSpec, link.linkType)],
    ['side A', `${named(link.sideAPk, names.device(link.sideAPk))}  ${link.sideAIfaceName || '(no interface)'}`],
    ['side Z', `${named(link.sideZPk, names.device(link.sideZPk))}  ${link.sideZIfaceName || '(no interface yet)'}`],
    ['contributor', named(link.contributorPk, names.contributor(link.contributorPk))],
    ['bandwidth', bitsPerSecond(link.bandwidth)],
    ['mtu', String(link.mtu)],
    ['delay', nanoseconds(link.delayNs)],
    ['jitter', nanoseconds(link.jitterNs)],
    ['delay override', link.delayOverrideNs === 0n ? 'none' : nanoseconds(link.delayOverrideNs)],
    ['tunnel id', String(link.tunnelId)],
    ['tunnel net', link.tunnelNet],
    ['link flags', `0x${link.linkFlags.toString(16)}${link.linkFlags & 1 ? ' (unicast-drained)' : ''}`],
    ['topologies', link.linkTopologies.map((t) => t.toBase58()).join(', ') || '-'],
    ['owner', link.owner.toBase58()],
    ['index', String(link.index)],
    ['bump seed', String(link.bumpSeed)],
  ];
}
