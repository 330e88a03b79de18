/**
 * The requests of DzClient's device onboarding intents (createDevice, updateDevice, the interface
 * intents): their typed-input checks, made before anything is read (a ValidationError naming the
 * field), the program's arguments they become (with the `doublezero` CLI's defaults), and how an
 * account as read compares with them (the same fields: "already done"; others: a conflict).
 */
import {
  DeviceDesiredStatusSpec,
  DeviceType,
  DeviceTypeSpec,
  InterfaceCYOA,
  InterfaceCYOASpec,
  InterfaceDIA,
  InterfaceDIASpec,
  InterfaceStatusSpec,
  LoopbackType,
  LoopbackTypeSpec,
  RoutingMode,
  RoutingModeSpec,
  type DeviceDesiredStatus,
  type InterfaceStatus,
} from '../enums.js';
import { ValidationError } from '../errors.js';
import { isKey, keyEquals, keyText, type KeyInput } from '../keys.js';
import { beforeReading } from './beforeReading.js';
import { validateCreateDeviceArgs, type CreateDeviceArgs } from '../instructions/createDevice.js';
import { validateCreateDeviceInterfaceArgs, type CreateDeviceInterfaceArgs } from '../instructions/createDeviceInterface.js';
import type { UpdateDeviceArgs } from '../instructions/updateDevice.js';
import type { UpdateDeviceInterfaceArgs } from '../instructions/updateDeviceInterface.js';
import { CYOA_DIA_INTERFACE_MTU, INTERFACE_MTU, checkIpv4Syntax, checkNetworkSyntax, normalizeInterfaceName } from '../instructions/validation.js';
import { EXPECTED_PROGRAM_ERRORS } from '../instructions/errors.js';
import type { Device, Interface } from '../state/device.js';
import { describeValue, expectBoolean, expectDeclared, expectInteger, expectKey, expectObject, expectString, expectStringArray, expectWhole } from '../validate.js';

/** A Contributor, Location, Exchange or Device named by its code (a non-empty string) or its address (a key). */
export type CodeOrKey = string | KeyInput;

/** What createDevice creates. Codes or addresses wherever the `doublezero` CLI takes either. */
export interface CreateDeviceRequest {
  /** Stored ASCII-lowercased by the program. */
  code: string;
  /** The Contributor the device belongs to (its owner or a network admin creates it). */
  contributor: CodeOrKey;
  /** The Location the device is at: its code or its address. */
  location: CodeOrKey;
  /** The Exchange the device belongs to: its code or its address. */
  exchange: CodeOrKey;
  /** The device's public IPv4 address, "a.b.c.d" (no other device may have it or hold it in a dz prefix). */
  publicIp: string;
  /** At least one, e.g. ["100.0.0.0/29"]. */
  dzPrefixes: readonly string[];
  /** Default hybrid (as `doublezero device create`). */
  deviceType?: DeviceType;
  /** Default "default". */
  mgmtVrf?: string;
  /** Default: the payer (as `doublezero device create`). */
  metricsPublisher?: KeyInput;
  /** Default: none (the program stores activated). */
  desiredStatus?: DeviceDesiredStatus;
}

/**
 * What updateDevice changes (absent: unchanged). Status and desired status are not fields: the
 * lifecycle intents write them (drainDevice, changeDeviceStatus, setDeviceDesiredStatus...). The
 * counters and `contributor` are written by the program only for a network admin.
 */
export interface UpdateDeviceRequest {
  /** The new code; unchanged when absent. */
  code?: string;
  /** The device's role in the network; unchanged when absent. */
  deviceType?: DeviceType;
  /** The device's public IPv4 address, "a.b.c.d"; unchanged when absent. */
  publicIp?: string;
  /** The DoubleZero IPv4 prefixes the device serves users from, as "a.b.c.d/n"; unchanged when absent. */
  dzPrefixes?: readonly string[];
  /** The key that publishes the device's telemetry; unchanged when absent. */
  metricsPublisher?: KeyInput;
  /** The management VRF ("" = the default VRF); unchanged when absent. */
  mgmtVrf?: string;
  /** The most users the device accepts (all kinds); unchanged when absent. */
  maxUsers?: number;
  /** The most unicast users the device accepts; unchanged when absent. */
  maxUnicastUsers?: number;
  /** The most multicast subscribers the device accepts; unchanged when absent. */
  maxMulticastSubscribers?: number;
  /** The most multicast publishers the device accepts; unchanged when absent. */
  maxMulticastPublishers?: number;
  /** Moves the device to this Location. */
  location?: CodeOrKey;
  /** (network admin) Gives the device to this Contributor. */
  contributor?: CodeOrKey;
  /** How many users are connected (all kinds); unchanged when absent. */
  usersCount?: number;
  /** How many accounts refer to it; unchanged when absent. */
  referenceCount?: number;
  /** How many unicast users are connected; unchanged when absent. */
  unicastUsersCount?: number;
  /** How many multicast subscribers are connected; unchanged when absent. */
  multicastSubscribersCount?: number;
  /** How many multicast publishers are connected; unchanged when absent. */
  multicastPublishersCount?: number;
}

/** What createDeviceInterface adds; absent fields take the `doublezero` CLI's defaults. */
export interface CreateDeviceInterfaceRequest {
  /** As the program normalises it (`et1` → `Ethernet1`, `lo0` → `Loopback0`). */
  name: string;
  /** Default none. */
  loopbackType?: LoopbackType;
  /** Default none. */
  interfaceCyoa?: InterfaceCYOA;
  /** Default none. */
  interfaceDia?: InterfaceDIA;
  /** The interface's IPv4 address and prefix length, "a.b.c.d/n"; default none. */
  ipNet?: string;
  /** In bits per second; default 0. */
  bandwidth?: number | bigint;
  /** In bits per second; default 0. */
  cir?: number | bigint;
  /** Default 1500 for a CYOA/DIA interface, 9000 otherwise (the only values the program takes). */
  mtu?: number;
  /** Default static. */
  routingMode?: RoutingMode;
  /** Default 0. */
  vlanId?: number;
  /** Default false. */
  userTunnelEndpoint?: boolean;
}

/** What updateDeviceInterface changes on the interface `name` (absent: unchanged). */
export type UpdateDeviceInterfaceRequest = CreateDeviceInterfaceRequest & {
  /** The interface status to write; unchanged when absent. */
  status?: InterfaceStatus;
  /** (network admin) */
  nodeSegmentIdx?: number;
};

/** A code or an address, of the right type (ValidationError naming `field`). */
export function expectCodeOrKey(v: unknown, field: string): asserts v is CodeOrKey {
  if ((typeof v === 'string' && v.trim() !== '') || (typeof v !== 'string' && isKey(v))) return;
  throw new ValidationError(field, 'must be a code or an address', `invalid ${field}: must be a code or an address, got ${describeValue(v)}`);
}

const U16 = 0xffff;
const U32 = 0xffffffff;

/** Throws for a key of `req` that `known` does not name: a misspelt field must not be dropped silently. */
function expectKnownFields(req: Record<string, unknown>, known: readonly string[], name: string): void {
  for (const k of Object.keys(req)) {
    if (!known.includes(k)) throw new ValidationError(`${name}.${k}`, `is not a field (fields: ${known.join(', ')})`);
  }
}

const CREATE_DEVICE_FIELDS = ['code', 'contributor', 'location', 'exchange', 'publicIp', 'dzPrefixes', 'deviceType', 'mgmtVrf', 'metricsPublisher', 'desiredStatus'] as const;

/**
 * Checks a CreateDeviceRequest before anything is read: types, then the program's own rules on
 * the arguments (code, public IP outside the prefixes and globally routable, prefixes...).
 * Returns the program's arguments, the metrics publisher defaulting to `payer`.
 */
export function createDeviceArgsOf(req: CreateDeviceRequest, payer: KeyInput): CreateDeviceArgs {
  expectObject(req, 'request');
  expectKnownFields(req as unknown as Record<string, unknown>, CREATE_DEVICE_FIELDS, 'request');
  expectString(req.code, 'request.code');
  expectCodeOrKey(req.contributor, 'request.contributor');
  expectCodeOrKey(req.location, 'request.location');
  expectCodeOrKey(req.exchange, 'request.exchange');
  expectString(req.publicIp, 'request.publicIp');
  expectStringArray(req.dzPrefixes, 'request.dzPrefixes');
  if (req.deviceType !== undefined) expectDeclared(req.deviceType, DeviceTypeSpec, 'request.deviceType');
  if (req.mgmtVrf !== undefined) expectString(req.mgmtVrf, 'request.mgmtVrf');
  if (req.metricsPublisher !== undefined) expectKey(req.metricsPublisher, 'request.metricsPublisher');
  if (req.desiredStatus !== undefined) expectDeclared(req.desiredStatus, DeviceDesiredStatusSpec, 'request.desiredStatus');
  expectKey(payer, 'payer');
  const args: CreateDeviceArgs = {
    code: req.code,
    deviceType: req.deviceType ?? DeviceType.Hybrid,
    publicIp: req.publicIp,
    dzPrefixes: [...req.dzPrefixes],
    metricsPublisherPk: req.metricsPublisher ?? payer,
    mgmtVrf: req.mgmtVrf ?? 'default',
    ...(req.desiredStatus !== undefined ? { desiredStatus: req.desiredStatus } : {}),
  };
  beforeReading(() => validateCreateDeviceArgs(args));
  return args;
}

/** ASCII lower case, as the program stores codes. */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The fields in which `device` (as read) differs from what a CreateDevice with `args` on these
 * accounts would have made ([] when it is that device).
 */
export function createdDeviceDifferences(
  device: Device,
  want: { contributorPk: KeyInput; locationPk: KeyInput; exchangePk: KeyInput; args: CreateDeviceArgs },
): string[] {
  const out: string[] = [];
  const { args } = want;
  if (device.code !== asciiLower(args.code)) out.push(`code is ${device.code}`);
  if (!keyEquals(device.contributorPk, want.contributorPk)) out.push(`contributor is ${keyText(device.contributorPk)}`);
  if (!keyEquals(device.locationPk, want.locationPk)) out.push(`location is ${keyText(device.locationPk)}`);
  if (!keyEquals(device.exchangePk, want.exchangePk)) out.push(`exchange is ${keyText(device.exchangePk)}`);
  if (device.deviceType !== args.deviceType) out.push(`device type is ${DeviceTypeSpec.label(device.deviceType)}`);
  if (device.publicIp !== args.publicIp) out.push(`public IP is ${device.publicIp}`);
  if (!sameList(device.dzPrefixes, args.dzPrefixes)) out.push(`dz prefixes are ${device.dzPrefixes.join(',') || 'none'}`);
  if (device.mgmtVrf !== args.mgmtVrf) out.push(`mgmt VRF is ${device.mgmtVrf}`);
  if (!keyEquals(device.metricsPublisherPk, args.metricsPublisherPk)) out.push(`metrics publisher is ${keyText(device.metricsPublisherPk)}`);
  return out;
}

const COUNTERS = ['maxUsers', 'maxUnicastUsers', 'maxMulticastSubscribers', 'maxMulticastPublishers', 'usersCount', 'unicastUsersCount', 'multicastSubscribersCount', 'multicastPublishersCount'] as const;
const UPDATE_DEVICE_FIELDS = ['code', 'deviceType', 'publicIp', 'dzPrefixes', 'metricsPublisher', 'mgmtVrf', 'location', 'contributor', 'referenceCount', ...COUNTERS] as const;

/** Checks an UpdateDeviceRequest before anything is read (types; at least one field; syntax of the IP and prefixes). */
export function checkUpdateDeviceRequest(req: UpdateDeviceRequest): void {
  expectObject(req, 'changes');
  expectKnownFields(req as unknown as Record<string, unknown>, UPDATE_DEVICE_FIELDS, 'changes');
  if (Object.values(req).every((v) => v === undefined)) throw new ValidationError('changes', 'changes nothing: give at least one field');
  if (req.code !== undefined) expectString(req.code, 'changes.code');
  if (req.deviceType !== undefined) expectDeclared(req.deviceType, DeviceTypeSpec, 'changes.deviceType');
  if (req.publicIp !== undefined) {
    expectString(req.publicIp, 'changes.publicIp');
    checkIpv4Syntax(req.publicIp, 'changes.publicIp', EXPECTED_PROGRAM_ERRORS.InvalidPublicIp);
  }
  if (req.dzPrefixes !== undefined) {
    expectStringArray(req.dzPrefixes, 'changes.dzPrefixes');
    req.dzPrefixes.forEach((p, i) => checkNetworkSyntax(p, `changes.dzPrefixes[${i}]`, EXPECTED_PROGRAM_ERRORS.InvalidDzPrefix));
  }
  if (req.metricsPublisher !== undefined) expectKey(req.metricsPublisher, 'changes.metricsPublisher');
  if (req.mgmtVrf !== undefined) expectString(req.mgmtVrf, 'changes.mgmtVrf');
  if (req.location !== undefined) expectCodeOrKey(req.location, 'changes.location');
  if (req.contributor !== undefined) expectCodeOrKey(req.contributor, 'changes.contributor');
  for (const f of COUNTERS) if (req[f] !== undefined) expectInteger(req[f], `changes.${f}`, 0, U16);
  if (req.referenceCount !== undefined) expectInteger(req.referenceCount, 'changes.referenceCount', 0, U32);
}

/** The program's UpdateDevice arguments for a checked request whose contributor is resolved (`contributorPk`). */
export function updateDeviceArgsOf(req: UpdateDeviceRequest, contributorPk: KeyInput | undefined): UpdateDeviceArgs {
  const args: UpdateDeviceArgs = {};
  if (req.code !== undefined) args.code = req.code;
  if (req.deviceType !== undefined) args.deviceType = req.deviceType;
  if (req.publicIp !== undefined) args.publicIp = req.publicIp;
  if (req.dzPrefixes !== undefined) args.dzPrefixes = [...req.dzPrefixes];
  if (req.metricsPublisher !== undefined) args.metricsPublisherPk = req.metricsPublisher;
  if (req.mgmtVrf !== undefined) args.mgmtVrf = req.mgmtVrf;
  if (contributorPk !== undefined) args.contributorPk = contributorPk;
  if (req.referenceCount !== undefined) args.referenceCount = req.referenceCount;
  for (const f of COUNTERS) if (req[f] !== undefined) args[f] = req[f];
  return args;
}

/** The fields of `args` (and the location move) that would change `device`: [] when it already has them all. */
export function deviceUpdateChanges(device: Device, args: UpdateDeviceArgs, newLocation: KeyInput | undefined): string[] {
  const out: string[] = [];
  if (args.code != null && device.code !== asciiLower(args.code)) out.push(`code ${device.code} → ${asciiLower(args.code)}`);
  if (args.deviceType != null && device.deviceType !== args.deviceType) out.push(`device type ${DeviceTypeSpec.label(device.deviceType)} → ${DeviceTypeSpec.label(args.deviceType)}`);
  if (args.publicIp != null && device.publicIp !== args.publicIp) out.push(`public IP ${device.publicIp} → ${args.publicIp}`);
  if (args.dzPrefixes != null && !sameList(device.dzPrefixes, args.dzPrefixes)) out.push(`dz prefixes ${device.dzPrefixes.join(',') || 'none'} → ${args.dzPrefixes.join(',')}`);
  if (args.metricsPublisherPk != null && !keyEquals(device.metricsPublisherPk, args.metricsPublisherPk)) out.push(`metrics publisher → ${keyText(args.metricsPublisherPk)}`);
  if (args.mgmtVrf != null && device.mgmtVrf !== args.mgmtVrf) out.push(`mgmt VRF ${device.mgmtVrf} → ${args.mgmtVrf}`);
  if (args.contributorPk != null && !keyEquals(device.contributorPk, args.contributorPk)) out.push(`contributor → ${keyText(args.contributorPk)}`);
  if (args.referenceCount != null && device.referenceCount !== Number(args.referenceCount)) out.push(`reference count ${device.referenceCount} → ${String(args.referenceCount)}`);
  for (const f of COUNTERS) {
    const v = args[f];
    if (v != null && device[f] !== Number(v)) out.push(`${f} ${device[f]} → ${String(v)}`);
  }
  if (newLocation !== undefined && !keyEquals(newLocation, device.locationPk)) out.push(`location → ${keyText(newLocation)}`);
  return out;
}

const INTERFACE_FIELDS = ['name', 'loopbackType', 'interfaceCyoa', 'interfaceDia', 'ipNet', 'bandwidth', 'cir', 'mtu', 'routingMode', 'vlanId', 'userTunnelEndpoint'] as const;

/** The request's optional interface fields, of the right types. */
function checkInterfaceFields(req: CreateDeviceInterfaceRequest | UpdateDeviceInterfaceRequest, name: string): void {
  expectString(req.name, `${name}.name`);
  if (req.loopbackType !== undefined) expectDeclared(req.loopbackType, LoopbackTypeSpec, `${name}.loopbackType`);
  if (req.interfaceCyoa !== undefined) expectDeclared(req.interfaceCyoa, InterfaceCYOASpec, `${name}.interfaceCyoa`);
  if (req.interfaceDia !== undefined) expectDeclared(req.interfaceDia, InterfaceDIASpec, `${name}.interfaceDia`);
  if (req.ipNet !== undefined) expectString(req.ipNet, `${name}.ipNet`);
  if (req.bandwidth !== undefined) expectWhole(req.bandwidth, `${name}.bandwidth`);
  if (req.cir !== undefined) expectWhole(req.cir, `${name}.cir`);
  if (req.mtu !== undefined) expectInteger(req.mtu, `${name}.mtu`, 0, U16);
  if (req.routingMode !== undefined) expectDeclared(req.routingMode, RoutingModeSpec, `${name}.routingMode`);
  if (req.vlanId !== undefined) expectInteger(req.vlanId, `${name}.vlanId`, 0, U16);
  if (req.userTunnelEndpoint !== undefined) expectBoolean(req.userTunnelEndpoint, `${name}.userTunnelEndpoint`);
}

/**
 * Checks a CreateDeviceInterfaceRequest before anything is read (types, then the program's rules
 * on the arguments: a name it would never match, CYOA/DIA, mtu, bandwidth...) and returns the
 * program's arguments with the `doublezero` CLI's defaults.
 */
export function createDeviceInterfaceArgsOf(req: CreateDeviceInterfaceRequest): CreateDeviceInterfaceArgs {
  expectObject(req, 'request');
  expectKnownFields(req as unknown as Record<string, unknown>, INTERFACE_FIELDS, 'request');
  checkInterfaceFields(req, 'request');
  const edge = (req.interfaceCyoa ?? InterfaceCYOA.None) !== InterfaceCYOA.None || (req.interfaceDia ?? InterfaceDIA.None) !== InterfaceDIA.None;
  const args: CreateDeviceInterfaceArgs = {
    name: beforeReading(() => normalizeInterfaceName(req.name, 'request.name')),
    loopbackType: req.loopbackType ?? LoopbackType.None,
    vlanId: req.vlanId ?? 0,
    ipNet: req.ipNet ?? null,
    userTunnelEndpoint: req.userTunnelEndpoint ?? false,
    interfaceCyoa: req.interfaceCyoa ?? InterfaceCYOA.None,
    interfaceDia: req.interfaceDia ?? InterfaceDIA.None,
    bandwidth: req.bandwidth ?? 0,
    cir: req.cir ?? 0,
    mtu: req.mtu ?? (edge ? CYOA_DIA_INTERFACE_MTU : INTERFACE_MTU),
    routingMode: req.routingMode ?? RoutingMode.Static,
  };
  beforeReading(() => validateCreateDeviceInterfaceArgs(args));
  return args;
}

/**
 * The fields in which `iface` (as read) differs from what CreateDeviceInterface with `args` makes
 * ([] when it is that interface). What the program allocates (a loopback's address) is compared
 * only when the request gave it.
 */
export function createdInterfaceDifferences(iface: Interface, args: CreateDeviceInterfaceArgs): string[] {
  const out: string[] = [];
  if (iface.loopbackType !== args.loopbackType) out.push(`loopback type is ${LoopbackTypeSpec.label(iface.loopbackType)}`);
  if (iface.interfaceCyoa !== args.interfaceCyoa) out.push(`CYOA is ${InterfaceCYOASpec.label(iface.interfaceCyoa)}`);
  if (iface.interfaceDia !== args.interfaceDia) out.push(`DIA is ${InterfaceDIASpec.label(iface.interfaceDia)}`);
  if (args.ipNet != null && iface.ipNet !== args.ipNet) out.push(`ip_net is ${iface.ipNet}`);
  if (iface.bandwidth !== BigInt(args.bandwidth)) out.push(`bandwidth is ${iface.bandwidth}`);
  if (iface.cir !== BigInt(args.cir)) out.push(`cir is ${iface.cir}`);
  if (iface.mtu !== Number(args.mtu)) out.push(`mtu is ${iface.mtu}`);
  if (iface.routingMode !== args.routingMode) out.push(`routing mode is ${RoutingModeSpec.label(iface.routingMode)}`);
  if (iface.vlanId !== Number(args.vlanId)) out.push(`vlan id is ${iface.vlanId}`);
  if (iface.userTunnelEndpoint !== args.userTunnelEndpoint) out.push(`user tunnel endpoint is ${String(iface.userTunnelEndpoint)}`);
  return out;
}

/** Checks an UpdateDeviceInterfaceRequest before anything is read and returns the program's arguments. */
export function updateDeviceInterfaceArgsOf(req: UpdateDeviceInterfaceRequest): UpdateDeviceInterfaceArgs {
  expectObject(req, 'changes');
  expectKnownFields(req as unknown as Record<string, unknown>, [...INTERFACE_FIELDS, 'status', 'nodeSegmentIdx'], 'changes');
  checkInterfaceFields(req, 'changes');
  if (req.status !== undefined) expectDeclared(req.status, InterfaceStatusSpec, 'changes.status');
  if (req.nodeSegmentIdx !== undefined) expectInteger(req.nodeSegmentIdx, 'changes.nodeSegmentIdx', 0, U16);
  if (req.ipNet !== undefined) checkNetworkSyntax(req.ipNet, 'changes.ipNet', EXPECTED_PROGRAM_ERRORS.InvalidInterfaceIp);
  const { name, ...rest } = req;
  if (Object.values(rest).every((v) => v === undefined)) throw new ValidationError('changes', `changes nothing on ${name}: give at least one field`);
  const args: UpdateDeviceInterfaceArgs = { name };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) (args as unknown as Record<string, unknown>)[k] = v;
  return args;
}

/** The fields of `args` that would change `iface`: [] when it already has them all. */
export function interfaceUpdateChanges(iface: Interface, args: UpdateDeviceInterfaceArgs): string[] {
  const out: string[] = [];
  const cmp = (field: string, now: unknown, want: unknown) => {
    if (want != null && String(now) !== String(want)) out.push(`${field} ${String(now)} → ${String(want)}`);
  };
  cmp('loopback type', iface.loopbackType, args.loopbackType);
  cmp('CYOA', iface.interfaceCyoa, args.interfaceCyoa);
  cmp('DIA', iface.interfaceDia, args.interfaceDia);
  cmp('ip_net', iface.ipNet, args.ipNet);
  cmp('bandwidth', iface.bandwidth, args.bandwidth);
  cmp('cir', iface.cir, args.cir);
  cmp('mtu', iface.mtu, args.mtu);
  cmp('routing mode', iface.routingMode, args.routingMode);
  cmp('vlan id', iface.vlanId, args.vlanId);
  cmp('user tunnel endpoint', iface.userTunnelEndpoint, args.userTunnelEndpoint);
  cmp('status', iface.status, args.status);
  cmp('node segment idx', iface.nodeSegmentIdx, args.nodeSegmentIdx);
  return out;
}
