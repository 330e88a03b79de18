/**
 * Lifecycle-checked builders: what applications call. Each takes the decoded current
 * account(s) and the caller's roles, checks the request against docs/lifecycle.md
 * (src/core/lifecycle), and either throws `IllegalTransitionError` or returns the instruction. The
 * drain, undrain and activate builders write status and desired status together, so intent and
 * state never disagree after them. Pure and synchronous: fetching state and resolving roles
 * from chain data is the client's job.
 */
import { isZeroKey, keyEquals, keyText, type KeyInput } from '../keys.js';
import type { CoreInstruction } from './common.js';
import {
  DeviceDesiredStatus,
  DeviceStatus,
  InterfaceCYOA,
  InterfaceDIA,
  InterfaceStatus,
  InterfaceType,
  interfaceStatusLabel,
  LinkDesiredStatus,
  LinkDesiredStatusSpec,
  LinkStatus,
  LinkStatusSpec,
  deviceDesiredStatusLabel,
  deviceHealthLabel,
  deviceStatusLabel,
  linkDesiredStatusLabel,
  linkHealthLabel,
  linkStatusLabel,
} from '../enums.js';
import { IllegalTransitionError, ValidationError } from '../errors.js';
import { InstructionArgumentError, EXPECTED_PROGRAM_ERRORS, type ProgramErrorRef } from './errors.js';
import { NO_NETWORK } from './validation.js';
import { ipv4ToNumber } from '../codec/net.js';
import {
  assertLifecycle,
  canAcceptLink,
  canChangeDeviceStatus,
  canChangeLinkStatus,
  canDeleteDevice,
  canDeleteLink,
  canSetDeviceDesiredStatus,
  canSetDeviceHealth,
  canSetLinkDesiredStatus,
  canSetLinkHealth,
  nextDeviceStatus,
  type LifecycleResult,
  type Role,
} from '../lifecycle/index.js';
import type { Device, Interface } from '../state/device.js';
import { deviceUndeclaredValues, deviceWriteProblem, linkUndeclaredValues, linkWriteProblem, type AccountProblem } from './accountRules.js';
import type { Link } from '../state/link.js';
import { createAcceptLinkInstruction } from './acceptLink.js';
import { findInterfaceIndex, withInterfaceAt } from './interfaceRules.js';
import { createDeleteDeviceInstruction, type DeviceDeleteResources } from './deleteDevice.js';
import { createDeleteLinkInstruction } from './deleteLink.js';
import { createSetDeviceHealthInstruction } from './setDeviceHealth.js';
import { createSetLinkHealthInstruction } from './setLinkHealth.js';
import { createUpdateDeviceInstruction, type UpdateDeviceArgs } from './updateDevice.js';
import { createCreateDeviceInstruction, type CreateDeviceArgs } from './createDevice.js';
import { createCreateDeviceInterfaceInstruction, type CreateDeviceInterfaceArgs } from './createDeviceInterface.js';
import { createUpdateDeviceInterfaceInstruction, type UpdateDeviceInterfaceArgs } from './updateDeviceInterface.js';
import { createDeleteDeviceInterfaceInstruction } from './deleteDeviceInterface.js';
import { createUpdateLinkInstruction, type LinkUpdateAuthority, type UpdateLinkArgs } from './updateLink.js';
import { createCreateLinkInstruction, type CreateLinkArgs } from './createLink.js';
import {
  expectBoolean,
  expectBuilderBase,
  expectDeclared,
  expectWhole,
  expectDevice,
  expectNumber,
  expectLink,
  expectObject,
  expectOptionalKey,
  expectKey,
  expectRoles,
  expectString,
} from '../validate.js';

/** Inputs shared by every checked builder. */
export interface CheckedBuilderBase {
  /** The serviceability program to address the instruction to. */
  programId: KeyInput;
  /** The fee payer and authority (the only signer). */
  payer: KeyInput;
  /** The payer's roles towards the account, as resolved from chain data (docs/lifecycle.md#roles). */
  roles: readonly Role[];
  /**
   * Append the payer's Permission PDA. Only for a payer known to have a Permission account
   * (see BuilderOptions.appendPermission).
   */
  appendPermission?: boolean;
}

export interface CheckedDeviceInput extends CheckedBuilderBase {
  /** The device account's address. */
  devicePk: KeyInput;
  /** The device as decoded now. */
  device: Device;
}

export interface CheckedLinkInput extends CheckedBuilderBase {
  /** The link account's address. */
  linkPk: KeyInput;
  /** The link as decoded now. */
  link: Link;
  /**
   * contributor_pk of the link's side-Z device. Needed by acceptLink, and by UpdateLink when the
   * caller acts as side Z's contributor (the side-Z account preamble).
   */
  sideZContributorPk?: KeyInput;
  /**
   * The link's side-Z device as decoded now. When given, acceptLink also checks offline what the
   * program checks on it (the named interface exists, is Unlinked, has no CYOA/DIA and enough
   * bandwidth), and its contributor_pk serves as `sideZContributorPk`.
   */
  sideZDevice?: Device;
  /**
   * The link's side-A device as decoded now. acceptLink and deleteLink check what the program
   * checks on it and that the program can write it back.
   */
  sideADevice?: Device;
  /**
   * AcceptLink and DeleteLink rewrite both side devices, so acceptLink and deleteLink need
   * `sideADevice` and `sideZDevice` (a ValidationError says which is missing). Set this to build
   * without them, the side devices unchecked.
   */
  skipSideDeviceChecks?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Devices

/** The inputs every checked device builder reads, of the right types (ValidationError naming the field). */
function checkDeviceInput(input: unknown): asserts input is CheckedDeviceInput {
  expectBuilderBase(input);
  expectKey(input.devicePk, 'input.devicePk');
  expectDevice(input.device, 'input.device');
}

/** The inputs every checked link builder reads, of the right types (ValidationError naming the field). */
function checkLinkInput(input: unknown): asserts input is CheckedLinkInput {
  expectBuilderBase(input);
  expectKey(input.linkPk, 'input.linkPk');
  expectLink(input.link, 'input.link');
  expectOptionalKey(input.sideZContributorPk, 'input.sideZContributorPk');
  if (input.sideZDevice !== undefined) expectDevice(input.sideZDevice, 'input.sideZDevice');
  if (input.sideADevice !== undefined) expectDevice(input.sideADevice, 'input.sideADevice');
  if (input.skipSideDeviceChecks !== undefined) expectBoolean(input.skipSideDeviceChecks, 'input.skipSideDeviceChecks');
}

/** The side devices AcceptLink and DeleteLink rewrite, required unless the caller skips their checks. */
function requireSideDevices(input: CheckedLinkInput, action: string): void {
  if (input.skipSideDeviceChecks) return;
  for (const [side, field] of [['A', 'sideADevice'], ['Z', 'sideZDevice']] as const) {
    if (input[field] === undefined) {
      throw new ValidationError(
        `input.${field}`,
        `required: ${action} rewrites both side devices, and the program refuses a write that leaves one invalid; pass the side-${side} device as read now (or skipSideDeviceChecks: true to build without checking them)`,
      );
    }
  }
}

/** A side device holding a value the program does not declare: it reads the device wrong (an interface enum) or writes its default back. */
function checkSideDeclared(input: CheckedLinkInput, side: Device | undefined, subject: string, to: string): void {
  if (!side) return;
  checkWrite(deviceUndeclaredValues(side), undefined, { subject, from: linkStatusLabel(input.link.status), to, roles: input.roles, kind: `side device ${side.code}` });
}

function check(result: LifecycleResult, subject: string, from: string, to: string, roles: readonly Role[]): void {
  assertLifecycle(result, { subject, from, to, roles });
}

/**
 * The rules every write must pass besides the lifecycle (src/core/instructions/accountRules.ts): the
 * account as the change leaves it must hold only values the program declares (else the program
 * would put its defaults over them: IllegalTransitionError), and must pass the program's
 * validation (InstructionArgumentError naming the error the program returns).
 */
function checkWrite(
  undeclaredValues: string | undefined,
  writeProblem: AccountProblem | undefined,
  ctx: { subject: string; from: string; to: string; roles: readonly Role[]; kind: string },
): void {
  if (undeclaredValues !== undefined) {
    throw new IllegalTransitionError(
      ctx.subject,
      ctx.from,
      ctx.to,
      [...ctx.roles],
      `the ${ctx.kind} holds ${undeclaredValues}, which the program does not declare: any write would replace them with the program's defaults`,
    );
  }
  if (writeProblem) throw new InstructionArgumentError(writeProblem.field, writeProblem.rule, writeProblem.programError);
}

// Both read the account as the write leaves it: a write that replaces an undeclared value (a
// health write over health 9) repairs it and is allowed.
function checkDeviceWrite(input: CheckedDeviceInput, post: Device, subject: string, from: string, to: string): void {
  checkWrite(deviceUndeclaredValues(post), deviceWriteProblem(post), { subject, from, to, roles: input.roles, kind: 'device' });
}

function checkLinkWrite(input: CheckedLinkInput, post: Link, subject: string, from: string, to: string): void {
  checkWrite(linkUndeclaredValues(post), linkWriteProblem(post), { subject, from, to, roles: input.roles, kind: 'link' });
}

function updateDevice(input: CheckedDeviceInput, args: UpdateDeviceArgs, extra: { newLocation?: KeyInput; currentDevice?: Device } = {}): CoreInstruction {
  const { programId, payer, devicePk, device, appendPermission } = input;
  return createUpdateDeviceInstruction({
    programId,
    payer,
    device: devicePk,
    currentContributor: device.contributorPk,
    currentLocation: device.locationPk,
    currentDeviceType: device.deviceType,
    ...extra,
    args,
    appendPermission,
  });
}

/** The desired status written together with a status write into Activated or Drained. */
const DEVICE_DESIRED_FOR: Partial<Record<number, DeviceDesiredStatus>> = {
  [DeviceStatus.Activated]: DeviceDesiredStatus.Activated,
  [DeviceStatus.Drained]: DeviceDesiredStatus.Drained,
};

/** The desired status a checked status write into device status `to` writes with it (undefined: none). */
export function deviceDesiredStatusWrittenWith(to: number): DeviceDesiredStatus | undefined {
  expectNumber(to, 'to');
  return DEVICE_DESIRED_FOR[to];
}

/** Builds the UpdateDevice that moves the device to `to`, writing `desired` with it when given. */
function deviceStatusChange(input: CheckedDeviceInput, to: number, desired: number | undefined): CoreInstruction {
  const { device, roles } = input;
  const from = deviceStatusLabel(device.status);
  check(canChangeDeviceStatus(device, to, roles), 'device status', from, deviceStatusLabel(to), roles);
  const args: UpdateDeviceArgs = desired === undefined ? { status: to } : { status: to, desiredStatus: desired };
  checkDeviceWrite(input, { ...device, status: to, desiredStatus: desired ?? device.desiredStatus }, 'device status', from, deviceStatusLabel(to));
  return updateDevice(input, args);
}

/**
 * Any status write the lifecycle allows for the caller (e.g. PendingDeprecated →
 * DeviceProvisioning by a network admin). A write into Activated or Drained carries the
 * matching desired status in the same UpdateDevice.
 */
export function changeDeviceStatus(input: CheckedDeviceInput & { to: DeviceStatus }): CoreInstruction {
  checkDeviceInput(input);
  expectNumber(input.to, 'input.to');
  return deviceStatusChange(input, input.to, DEVICE_DESIRED_FOR[input.to]);
}

/** Activated → Drained (maintenance), writing desired_status Drained in the same UpdateDevice. */
export function drainDevice(input: CheckedDeviceInput): CoreInstruction {
  checkDeviceInput(input);
  return changeDeviceStatus({ ...input, to: DeviceStatus.Drained });
}

/** Drained → Activated (health must be ReadyForUsers), writing desired_status Activated with it. */
export function undrainDevice(input: CheckedDeviceInput): CoreInstruction {
  checkDeviceInput(input);
  return changeDeviceStatus({ ...input, to: DeviceStatus.Activated });
}

/**
 * The reconciler's next step for the device (docs/lifecycle.md#the-reconciler): e.g.
 * DeviceProvisioning → LinkProvisioning once desired is Activated and health is ReadyForLinks.
 * Promotion never invents intent: only the status is written (the desired status already on
 * the account is what asked for it). Throws IllegalTransitionError when nothing is due, and,
 * when `to` is given, when the next step is not `to` (a promotion named by its target status
 * cannot take another step than the one its caller saw).
 */
export function promoteDevice(input: CheckedDeviceInput & { to?: DeviceStatus }): CoreInstruction {
  checkDeviceInput(input);
  if (input.to !== undefined) expectNumber(input.to, 'input.to');
  const { device, roles, to } = input;
  const next = nextDeviceStatus(device);
  const state =
    `device is ${deviceStatusLabel(device.status)} with desired status ` +
    `${deviceDesiredStatusLabel(device.desiredStatus)} and health ${deviceHealthLabel(device.deviceHealth)}`;
  // Without a target the request is an action ("cannot promote device"), with one a status change.
  const subject = to === undefined ? 'promote device' : 'device status (promote)';
  if (next === undefined) {
    throw new IllegalTransitionError(subject, deviceStatusLabel(device.status), to === undefined ? '' : deviceStatusLabel(to), roles, `nothing is due: ${state}`);
  }
  if (to !== undefined && to !== next) {
    throw new IllegalTransitionError(
      subject,
      deviceStatusLabel(device.status),
      deviceStatusLabel(to),
      roles,
      `the next provisioning step is ${deviceStatusLabel(next)}, not ${deviceStatusLabel(to)}: ${state}`,
    );
  }
  return deviceStatusChange(input, next, undefined);
}

/** Writes the device's desired status (Activated or Drained). */
export function setDeviceDesiredStatus(input: CheckedDeviceInput & { to: DeviceDesiredStatus }): CoreInstruction {
  checkDeviceInput(input);
  expectNumber(input.to, 'input.to');
  const { device, roles, to } = input;
  check(
    canSetDeviceDesiredStatus(device, to, roles),
    'device desired status',
    deviceDesiredStatusLabel(device.desiredStatus),
    deviceDesiredStatusLabel(to),
    roles,
  );
  checkDeviceWrite(input, { ...device, desiredStatus: to }, 'device desired status', deviceDesiredStatusLabel(device.desiredStatus), deviceDesiredStatusLabel(to));
  return updateDevice(input, { desiredStatus: to });
}

/** SetDeviceHealth (health oracle or network admin). */
export function setDeviceHealth(input: CheckedDeviceInput & { to: number }): CoreInstruction {
  checkDeviceInput(input);
  expectNumber(input.to, 'input.to');
  const { programId, payer, devicePk, device, roles, to, appendPermission } = input;
  check(canSetDeviceHealth(device, to, roles), 'device health', deviceHealthLabel(device.deviceHealth), deviceHealthLabel(to), roles);
  checkDeviceWrite(input, { ...device, deviceHealth: to }, 'device health', deviceHealthLabel(device.deviceHealth), deviceHealthLabel(to));
  return createSetDeviceHealthInstruction({ programId, payer, device: devicePk, args: { health: to }, appendPermission });
}

/**
 * DeleteDevice. `resources` selects the program's path explicitly: `{ kind: 'atomic', ... }`
 * closes the device and its resource accounts (owners read from chain), `{ kind: 'legacy' }`
 * only marks it Deleting.
 */
export function deleteDevice(input: CheckedDeviceInput & { resources: DeviceDeleteResources }): CoreInstruction {
  checkDeviceInput(input);
  expectObject(input.resources, 'input.resources');
  const { programId, payer, devicePk, device, roles, resources, appendPermission } = input;
  check(canDeleteDevice(device, roles), 'delete device', deviceStatusLabel(device.status), '', roles);
  // The atomic form closes the account; the legacy form writes it back marked Deleting.
  const post = resources?.kind === 'legacy' ? { ...device, status: DeviceStatus.Deleting } : undefined;
  checkWrite(deviceUndeclaredValues(device), post && deviceWriteProblem(post), {
    subject: 'delete device',
    from: deviceStatusLabel(device.status),
    to: '',
    roles,
    kind: 'device',
  });
  if (resources?.kind === 'atomic') checkAtomicDelete(device, resources);
  return createDeleteDeviceInstruction({ programId, payer, device: devicePk, contributor: device.contributorPk, resources, appendPermission });
}

/**
 * What the atomic DeleteDevice checks on the accounts it is given, in the program's order: the
 * location and exchange accounts are program-owned (an assertion: a device without either, whose
 * key is the all-zero one, makes the program panic), then they, and the owner, are the device's
 * (InvalidLocationPubkey, InvalidExchangePubkey, InvalidOwnerPubkey).
 */
function checkAtomicDelete(device: Device, r: Extract<DeviceDeleteResources, { kind: 'atomic' }>): void {
  const E = EXPECTED_PROGRAM_ERRORS;
  for (const [field, key] of [['location', r.location], ['exchange', r.exchange]] as const) {
    if (isZeroKey(key)) {
      throw new InstructionArgumentError(field, `the device has no ${field}: the program asserts that the ${field} account is its own and panics`, E.Panic);
    }
  }
  if (!keyEquals(r.location, device.locationPk)) throw new InstructionArgumentError('location', `the device's location is ${keyText(device.locationPk)}`, E.InvalidLocationPubkey);
  if (!keyEquals(r.exchange, device.exchangePk)) throw new InstructionArgumentError('exchange', `the device's exchange is ${keyText(device.exchangePk)}`, E.InvalidExchangePubkey);
  if (!keyEquals(r.deviceOwner, device.owner)) throw new InstructionArgumentError('device_owner', `the device's owner is ${keyText(device.owner)}`, E.InvalidOwnerPubkey);
}

// ---------------------------------------------------------------------------------------------
// Device onboarding and changes: CreateDevice, UpdateDevice (fields), device interfaces

/** The roles the program lets write a device and its interfaces: its Contributor's owner, or a network admin. */
const DEVICE_WRITERS: readonly Role[] = ['contributor', 'networkAdmin'];

/** Refuses (IllegalTransitionError) a caller who is neither the device Contributor's owner nor a network admin. */
function requireDeviceWriter(roles: readonly Role[], subject: string, from: string, programRule: string): void {
  if (roles.some((r) => DEVICE_WRITERS.includes(r))) return;
  throw new IllegalTransitionError(subject, from, '', [...roles], `needs contributor (the owner of the device's Contributor) or networkAdmin (${programRule})`);
}

export interface CheckedCreateDeviceInput extends CheckedBuilderBase {
  /** The Contributor the device belongs to (its owner, or a network admin, creates it). */
  contributorPk: KeyInput;
  /** The Location account the device is at. */
  locationPk: KeyInput;
  /** The Exchange account the device belongs to. */
  exchangePk: KeyInput;
  /** The new device's index: GlobalState.account_index + 1, as read now. */
  deviceIndex: number | bigint;
  /** The CreateDevice arguments. */
  args: CreateDeviceArgs;
}

/**
 * CreateDevice by the Contributor's owner or a network admin (the program: InvalidOwnerPubkey
 * otherwise), with its on-chain resource accounts (TunnelIds and one DzPrefixBlock per prefix,
 * created by the program). The arguments are checked offline as the program checks them.
 */
export function createDevice(input: CheckedCreateDeviceInput): CoreInstruction {
  expectBuilderBase(input);
  expectKey(input.contributorPk, 'input.contributorPk');
  expectKey(input.locationPk, 'input.locationPk');
  expectKey(input.exchangePk, 'input.exchangePk');
  expectObject(input.args, 'input.args');
  const { programId, payer, roles, contributorPk, locationPk, exchangePk, deviceIndex, args, appendPermission } = input;
  requireDeviceWriter(roles, 'create device', 'absent', 'the program: InvalidOwnerPubkey');
  return createCreateDeviceInstruction({ programId, payer, contributor: contributorPk, location: locationPk, exchange: exchangePk, deviceIndex, args, appendPermission });
}

/** The fields of a device an UpdateDevice may change besides its status (absent or null: unchanged). */
export type DeviceFieldUpdate = Omit<UpdateDeviceArgs, 'status' | 'desiredStatus' | 'resourceCount'>;

/** The fields the program writes only for a network admin (for anyone else it drops them silently). */
const PRIVILEGED_DEVICE_FIELDS = [
  'contributorPk',
  'usersCount',
  'referenceCount',
  'unicastUsersCount',
  'multicastSubscribersCount',
  'multicastPublishersCount',
] as const;

/**
 * UpdateDevice of the device's fields (code, type, public IP, dz prefixes, metrics publisher,
 * mgmt VRF, user limits, the contributor and the counters for a network admin) and, with
 * `newLocation`, a move to another location. Status and desired status are not fields: the
 * lifecycle-checked builders write them (changeDeviceStatus, drainDevice...). A field the program
 * would silently drop for the caller (a privileged one by a contributor) is refused, as is an
 * update that leaves a device the program refuses to write back.
 */
export function updateDeviceFields(input: CheckedDeviceInput & { args: DeviceFieldUpdate; newLocation?: KeyInput }): CoreInstruction {
  checkDeviceInput(input);
  expectObject(input.args, 'input.args');
  expectOptionalKey(input.newLocation, 'input.newLocation');
  const { device, roles, newLocation } = input;
  const args = input.args as UpdateDeviceArgs;
  const from = deviceStatusLabel(device.status);
  for (const f of ['status', 'desiredStatus'] as const) {
    if (args[f] != null) throw new ValidationError(`input.args.${f}`, 'is not a field: changeDeviceStatus, drainDevice and setDeviceDesiredStatus write it, checked against the lifecycle');
  }
  requireDeviceWriter(roles, 'update device', from, 'the program: NotAllowed');
  if (!roles.includes('networkAdmin')) {
    const dropped = PRIVILEGED_DEVICE_FIELDS.filter((f) => args[f] != null);
    if (dropped.length > 0) {
      throw new IllegalTransitionError('update device', from, '', [...roles], `${dropped.join(', ')} ${dropped.length === 1 ? 'is' : 'are'} written only for a network admin: the program would drop ${dropped.length === 1 ? 'it' : 'them'} silently`);
    }
  }
  if (Object.values(args).every((v) => v == null) && (newLocation === undefined || keyEquals(newLocation, device.locationPk))) {
    throw new ValidationError('input.args', 'changes nothing: give at least one field (or a new location)');
  }
  // The device the update leaves is checked whole, as the program checks it.
  return updateDevice(input, args, { ...(newLocation !== undefined ? { newLocation } : {}), currentDevice: device });
}

/**
 * CreateDeviceInterface by the device Contributor's owner or a network admin: the arguments and
 * the device the new interface leaves are checked as the program checks them (name, CYOA/DIA,
 * mtu, bandwidth, no interface of that name yet...).
 */
export function createDeviceInterface(input: CheckedDeviceInput & { args: CreateDeviceInterfaceArgs; topologyNames?: readonly string[] }): CoreInstruction {
  checkDeviceInput(input);
  expectObject(input.args, 'input.args');
  // The fields read before the encoder sees them (the device with the new interface is checked first).
  expectString(input.args.name, 'input.args.name');
  expectWhole(input.args.bandwidth, 'input.args.bandwidth');
  expectWhole(input.args.cir, 'input.args.cir');
  requireDeviceWriter(input.roles, 'create device interface', deviceStatusLabel(input.device.status), 'the program: NotAllowed');
  return createCreateDeviceInterfaceInstruction({ ...interfaceBuilderInput(input), args: input.args });
}

/** What the raw interface builders take of a checked input: the device, its contributor, the device as read (checked whole). */
function interfaceBuilderInput(input: CheckedDeviceInput & { topologyNames?: readonly string[] }) {
  const { programId, payer, devicePk, device, appendPermission, topologyNames } = input;
  return { programId, payer, device: devicePk, contributor: device.contributorPk, ...(topologyNames !== undefined ? { topologyNames } : {}), currentDevice: device, appendPermission };
}

/**
 * UpdateDeviceInterface by the device Contributor's owner or a network admin; node_segment_idx
 * and flex-algo topologies only by a network admin (the program: NotAllowed). The interface is
 * looked up and the device it leaves checked as the program does.
 */
export function updateDeviceInterface(input: CheckedDeviceInput & { args: UpdateDeviceInterfaceArgs; topologyNames?: readonly string[] }): CoreInstruction {
  checkDeviceInput(input);
  expectObject(input.args, 'input.args');
  expectString(input.args.name, 'input.args.name');
  for (const f of ['bandwidth', 'cir'] as const) if (input.args[f] != null) expectWhole(input.args[f], `input.args.${f}`);
  const { device, roles, args, topologyNames } = input;
  const from = deviceStatusLabel(device.status);
  requireDeviceWriter(roles, 'update device interface', from, 'the program: NotAllowed');
  if (!roles.includes('networkAdmin') && (args.nodeSegmentIdx != null || topologyNames !== undefined)) {
    throw new IllegalTransitionError('update device interface', from, '', [...roles], 'node_segment_idx and topologies are written only by a network admin');
  }
  return createUpdateDeviceInterfaceInstruction({ ...interfaceBuilderInput(input), args });
}

/** DeleteDeviceInterface by the device Contributor's owner or a network admin: the interface must exist and be activated or unlinked. */
export function deleteDeviceInterface(input: CheckedDeviceInput & { name: string }): CoreInstruction {
  checkDeviceInput(input);
  expectString(input.name, 'input.name');
  requireDeviceWriter(input.roles, 'delete device interface', deviceStatusLabel(input.device.status), 'the program: NotAllowed');
  return createDeleteDeviceInterfaceInstruction({ ...interfaceBuilderInput(input), args: { name: input.name } });
}

// ---------------------------------------------------------------------------------------------
// Links

/**
 * The UpdateLink account preamble for the caller: the link's own contributor when the caller
 * is that contributor or a network admin (the program binds even privileged callers to the
 * passed contributor), the side-Z form when the caller acts only as side Z's contributor.
 */
export function linkUpdateAuthority(input: CheckedLinkInput): LinkUpdateAuthority {
  checkLinkInput(input);
  const { link, roles, sideZContributorPk } = input;
  if (roles.includes('contributor') || roles.includes('networkAdmin') || !roles.includes('sideZContributor')) {
    return { kind: 'contributor', contributor: link.contributorPk };
  }
  if (!sideZContributorPk) {
    throw new ValidationError('side_z_contributor_pk', "required when the caller acts as side Z's contributor");
  }
  return { kind: 'sideZContributor', contributor: sideZContributorPk };
}

/**
 * The UpdateLink of `args` in the caller's preamble. With `whole`, the raw builder also checks the
 * link the update leaves (and, with a tunnel_net, both side devices it readdresses) in the
 * program's order.
 */
function buildLinkUpdate(input: CheckedLinkInput, args: UpdateLinkArgs, whole = false): CoreInstruction {
  const { programId, payer, linkPk, link, appendPermission, sideADevice, sideZDevice } = input;
  return createUpdateLinkInstruction({
    programId,
    payer,
    link: linkPk,
    authority: linkUpdateAuthority(input),
    sideA: link.sideAPk,
    sideZ: link.sideZPk,
    ...(whole
      ? { currentSideZIfaceName: link.sideZIfaceName, currentLink: link, ...(sideADevice && sideZDevice ? { sideADevice, sideZDevice } : {}) }
      : {}),
    args,
    appendPermission,
  });
}

/** Stands for the tunnel AcceptLink allocates from the DeviceTunnelBlock (a private network). */
const ALLOCATED_TUNNEL_NET = '10.0.0.0/31';
/** Stands for the tunnel id AcceptLink allocates from LinkIds. */
const ALLOCATED_TUNNEL_ID = 1;

/** The desired status written together with a status write into Activated, SoftDrained or HardDrained. */
const LINK_DESIRED_FOR: Partial<Record<number, LinkDesiredStatus>> = {
  [LinkStatus.Activated]: LinkDesiredStatus.Activated,
  [LinkStatus.SoftDrained]: LinkDesiredStatus.SoftDrained,
  [LinkStatus.HardDrained]: LinkDesiredStatus.HardDrained,
};

/** The desired status a checked status write into link status `to` writes with it (undefined: none). */
export function linkDesiredStatusWrittenWith(to: number): LinkDesiredStatus | undefined {
  expectNumber(to, 'to');
  return LINK_DESIRED_FOR[to];
}

/**
 * Any status write the lifecycle allows for the caller (e.g. PendingDeprecated → Provisioning
 * by a network admin). A write into Activated, SoftDrained or HardDrained carries the matching
 * desired status in the same UpdateLink. Requested → Activated is refused here: use acceptLink.
 */
export function changeLinkStatus(input: CheckedLinkInput & { to: LinkStatus }): CoreInstruction {
  checkLinkInput(input);
  expectNumber(input.to, 'input.to');
  const { link, roles, to } = input;
  const from = linkStatusLabel(link.status);
  check(canChangeLinkStatus(link, to, roles), 'link status', from, linkStatusLabel(to), roles);
  const desired = LINK_DESIRED_FOR[to];
  checkLinkWrite(input, { ...link, status: to, desiredStatus: desired ?? link.desiredStatus }, 'link status', from, linkStatusLabel(to));
  return buildLinkUpdate(input, desired === undefined ? { status: to } : { status: to, desiredStatus: desired });
}

/** Activated or HardDrained → SoftDrained (desired SoftDrained written with it). */
export function softDrainLink(input: CheckedLinkInput): CoreInstruction {
  checkLinkInput(input);
  return changeLinkStatus({ ...input, to: LinkStatus.SoftDrained });
}

/** Activated or SoftDrained → HardDrained (desired HardDrained written with it). */
export function hardDrainLink(input: CheckedLinkInput): CoreInstruction {
  checkLinkInput(input);
  return changeLinkStatus({ ...input, to: LinkStatus.HardDrained });
}

/**
 * Provisioning (desired Activated, health ReadyForService) or a drained link (health
 * ReadyForService) → Activated, desired Activated written with it.
 */
export function activateLink(input: CheckedLinkInput): CoreInstruction {
  checkLinkInput(input);
  return changeLinkStatus({ ...input, to: LinkStatus.Activated });
}

const InvalidStatus: ProgramErrorRef = { name: 'InvalidStatus', code: 7 };
const InterfaceHasEdgeAssignment: ProgramErrorRef = { name: 'InterfaceHasEdgeAssignment', code: 83 };

/** "a.b.c.d/p" with its address moved to the network's `n`-th address (ipnetwork's nth). */
function nthOfNetwork(net: string, n: number): string {
  const [addr, prefix] = net.split('/') as [string, string];
  const p = Number(prefix);
  const mask = p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0;
  const v = (((ipv4ToNumber(addr) & mask) >>> 0) + n) >>> 0;
  return `${[v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff].join('.')}/${p}`;
}

/** The device as a link change leaves it: the interface the program finds for `name` (the first, ASCII case ignored) changed by `change`. */
function withInterface(device: Device, name: string, change: (i: Interface) => Interface): Device {
  const i = findInterfaceIndex(device, name);
  return i < 0 ? device : withInterfaceAt(device, i, change(device.interfaces[i]!));
}

/** A side device the link change writes must hold only declared values and stay valid. */
function checkSideWrite(input: CheckedLinkInput, side: Device | undefined, post: (d: Device) => Device, subject: string, to: string): void {
  if (!side) return;
  const after = post(side);
  checkWrite(deviceUndeclaredValues(after), deviceWriteProblem(after), {
    subject,
    from: linkStatusLabel(input.link.status),
    to,
    roles: input.roles,
    kind: `side device ${side.code}`,
  });
}

/**
 * What AcceptLink checks (docs/wire-format.md#acceptlink), in the program's order, on the side
 * devices it is given: side Z has an interface of exactly that name (InvalidInterfaceName); side A
 * has the link's interface (InterfaceNotFound); both are Unlinked (InvalidStatus), carry no
 * CYOA/DIA (InterfaceHasEdgeAssignment) and cover the link's bandwidth (InvalidBandwidth).
 */
function checkAcceptInterfaces(link: Link, name: string, sideA: Device | undefined, sideZ: Device | undefined): void {
  const E = EXPECTED_PROGRAM_ERRORS;
  // Side Z must hold that exact name; the interface then used is the one the program's lookup
  // finds (the first whose name matches ignoring ASCII case), as for side A.
  if (sideZ && !sideZ.interfaces.some((i) => i.name === name)) {
    const names = sideZ.interfaces.map((i) => i.name).join(', ') || 'none';
    throw new InstructionArgumentError('side_z_iface_name', `side-Z device ${sideZ.code} has no interface "${name}" (it has: ${names})`, E.InvalidInterfaceName);
  }
  const ifaceZ = sideZ?.interfaces[findInterfaceIndex(sideZ, name)];
  const ifaceA = sideA?.interfaces[findInterfaceIndex(sideA, link.sideAIfaceName)];
  if (sideA && !ifaceA) {
    throw new InstructionArgumentError('side_a_iface_name', `side-A device ${sideA.code} has no interface "${link.sideAIfaceName}"`, E.InterfaceNotFound);
  }
  const ends = [ifaceA, ifaceZ].filter((i): i is Interface => i !== undefined);
  const bad = (test: (i: Interface) => boolean) => ends.find(test);
  let i = bad((f) => f.status !== InterfaceStatus.Unlinked);
  if (i) throw new InstructionArgumentError('interfaces', `interface ${i.name} is ${interfaceStatusLabel(i.status)}, not unlinked`, InvalidStatus);
  i = bad((f) => f.interfaceCyoa !== InterfaceCYOA.None || f.interfaceDia !== InterfaceDIA.None);
  if (i) throw new InstructionArgumentError('interfaces', `interface ${i.name} has a CYOA/DIA assignment`, InterfaceHasEdgeAssignment);
  i = bad((f) => f.bandwidth < link.bandwidth);
  if (i) throw new InstructionArgumentError('interfaces', `interface ${i.name} bandwidth ${i.bandwidth} is below the link's ${link.bandwidth} bps`, E.InvalidBandwidth);
}

/**
 * AcceptLink: a Requested (DZX) link → Activated, by side Z's contributor or a network admin.
 * With `sideZDevice` (and `sideADevice`) the interfaces and the devices the program rewrites are
 * checked offline too.
 */
export function acceptLink(input: CheckedLinkInput & { sideZIfaceName: string }): CoreInstruction {
  checkLinkInput(input);
  expectString(input.sideZIfaceName, 'input.sideZIfaceName');
  const { programId, payer, linkPk, link, roles, sideZDevice, sideADevice, sideZIfaceName, appendPermission } = input;
  check(canAcceptLink(link, roles), 'link status (AcceptLink)', linkStatusLabel(link.status), linkStatusLabel(LinkStatus.Activated), roles);
  const sideZContributorPk = input.sideZContributorPk ?? sideZDevice?.contributorPk;
  if (!sideZContributorPk) {
    throw new ValidationError('side_z_contributor_pk', "AcceptLink passes side Z's contributor: give the side-Z device's contributor_pk");
  }
  requireSideDevices(input, 'AcceptLink');
  const subject = 'link status (AcceptLink)';
  const activated = linkStatusLabel(LinkStatus.Activated);
  checkSideDeclared(input, sideADevice, subject, activated);
  checkSideDeclared(input, sideZDevice, subject, activated);
  checkAcceptInterfaces(link, sideZIfaceName, sideADevice, sideZDevice);
  // The tunnel is allocated (from the private DeviceTunnelBlock) when the link has none; each
  // side's interface takes one of its addresses when it has none.
  const tunnelNet = link.tunnelNet === NO_NETWORK ? ALLOCATED_TUNNEL_NET : link.tunnelNet;
  const tunnelId = link.tunnelId === 0 ? ALLOCATED_TUNNEL_ID : link.tunnelId;
  const to = linkStatusLabel(LinkStatus.Activated);
  const activate = (name: string, n: number) => (d: Device) =>
    withInterface(d, name, (f) => ({ ...f, status: InterfaceStatus.Activated, ipNet: f.ipNet === NO_NETWORK ? nthOfNetwork(tunnelNet, n) : f.ipNet }));
  checkSideWrite(input, sideADevice, activate(link.sideAIfaceName, 0), 'link status (AcceptLink)', to);
  checkSideWrite(input, sideZDevice, activate(sideZIfaceName, 1), 'link status (AcceptLink)', to);
  checkLinkWrite(input, { ...link, status: LinkStatus.Activated, sideZIfaceName, tunnelNet, tunnelId }, 'link status (AcceptLink)', linkStatusLabel(link.status), to);
  return createAcceptLinkInstruction({
    programId,
    payer,
    link: linkPk,
    contributor: sideZContributorPk,
    sideZ: link.sideZPk,
    sideA: link.sideAPk,
    args: { sideZIfaceName },
    appendPermission,
  });
}

/** Writes the link's desired status (Activated, SoftDrained or HardDrained). */
export function setLinkDesiredStatus(input: CheckedLinkInput & { to: LinkDesiredStatus }): CoreInstruction {
  checkLinkInput(input);
  expectNumber(input.to, 'input.to');
  const { link, roles, to } = input;
  check(
    canSetLinkDesiredStatus(link, to, roles),
    'link desired status',
    linkDesiredStatusLabel(link.desiredStatus),
    linkDesiredStatusLabel(to),
    roles,
  );
  checkLinkWrite(input, { ...link, desiredStatus: to }, 'link desired status', linkDesiredStatusLabel(link.desiredStatus), linkDesiredStatusLabel(to));
  return buildLinkUpdate(input, { desiredStatus: to });
}

/** SetLinkHealth (health oracle or network admin). */
export function setLinkHealth(input: CheckedLinkInput & { to: number }): CoreInstruction {
  checkLinkInput(input);
  expectNumber(input.to, 'input.to');
  const { programId, payer, linkPk, link, roles, to, appendPermission } = input;
  check(canSetLinkHealth(link, to, roles), 'link health', linkHealthLabel(link.linkHealth), linkHealthLabel(to), roles);
  checkLinkWrite(input, { ...link, linkHealth: to }, 'link health', linkHealthLabel(link.linkHealth), linkHealthLabel(to));
  return createSetLinkHealthInstruction({ programId, payer, link: linkPk, args: { health: to }, appendPermission });
}

/** DeleteLink: only a drained, Provisioning or Requested link (drain first), or a retired one (pending or rejected, deprecated). */
export function deleteLink(input: CheckedLinkInput): CoreInstruction {
  checkLinkInput(input);
  const { programId, payer, linkPk, link, roles, appendPermission } = input;
  check(canDeleteLink(link, roles), 'delete link', linkStatusLabel(link.status), '', roles);
  checkWrite(linkUndeclaredValues(link), undefined, { subject: 'delete link', from: linkStatusLabel(link.status), to: '', roles, kind: 'link' });
  requireSideDevices(input, 'DeleteLink');
  // The program writes both side devices back: their link interface Unlinked, its address
  // dropped unless it is a CYOA/DIA physical port's own, one reference fewer.
  const release = (name: string) => (d: Device) => ({
    ...withInterface(d, name, (f) => {
      const own = f.interfaceType === InterfaceType.Physical && (f.interfaceCyoa !== InterfaceCYOA.None || f.interfaceDia !== InterfaceDIA.None);
      return { ...f, status: InterfaceStatus.Unlinked, ipNet: own ? f.ipNet : NO_NETWORK };
    }),
    referenceCount: Math.max(0, d.referenceCount - 1),
  });
  checkSideWrite(input, input.sideADevice, release(link.sideAIfaceName), 'delete link', '');
  checkSideWrite(input, input.sideZDevice, release(link.sideZIfaceName), 'delete link', '');
  return createDeleteLinkInstruction({
    programId,
    payer,
    link: linkPk,
    contributor: link.contributorPk,
    sideA: link.sideAPk,
    sideZ: link.sideZPk,
    owner: link.owner,
    linkTopologies: link.linkTopologies,
    appendPermission,
  });
}

// ---------------------------------------------------------------------------------------------
// Link onboarding and field changes

/** Inputs of the checked createLink: the contributor, both side devices as decoded now, the new link's index. */
export interface CheckedCreateLinkInput extends CheckedBuilderBase {
  /** The Contributor account the link belongs to (the payer's roles are resolved towards it). */
  contributorPk: KeyInput;
  /** The address of the Device on side A. */
  sideAPk: KeyInput;
  /** The Device on side A, as read. */
  sideADevice: Device;
  /** The address of the Device on side Z. */
  sideZPk: KeyInput;
  /** The Device on side Z, as read. */
  sideZDevice: Device;
  /** GlobalState.account_index + 1, as read now: the new link's PDA seed. */
  linkIndex: number | bigint;
  /** The CreateLink arguments. */
  args: CreateLinkArgs;
}

/**
 * CreateLink, by the contributor's owner or a network admin (the program's authorization), for a
 * link between two distinct devices; then every check the raw builder makes with both side
 * devices (each side's contributor, the named interfaces, bandwidth, mtu, delay, jitter, the
 * devices and the link as the program writes them).
 */
export function createLink(input: CheckedCreateLinkInput): CoreInstruction {
  expectBuilderBase(input);
  expectKey(input.contributorPk, 'input.contributorPk');
  expectKey(input.sideAPk, 'input.sideAPk');
  expectKey(input.sideZPk, 'input.sideZPk');
  expectDevice(input.sideADevice, 'input.sideADevice');
  expectDevice(input.sideZDevice, 'input.sideZDevice');
  expectWhole(input.linkIndex, 'input.linkIndex');
  expectObject(input.args, 'input.args');
  expectString(input.args.code, 'input.args.code');
  expectString(input.args.sideAIfaceName, 'input.args.sideAIfaceName');
  for (const k of ['bandwidth', 'mtu', 'delayNs', 'jitterNs'] as const) expectWhole(input.args[k], `input.args.${k}`);
  const { programId, payer, roles, appendPermission, contributorPk, sideAPk, sideZPk, sideADevice, sideZDevice, linkIndex, args } = input;
  if (!roles.includes('contributor') && !roles.includes('networkAdmin')) {
    throw new IllegalTransitionError(
      'create link',
      '',
      '',
      [...roles],
      "only the contributor's owner or a network admin creates its links (the program answers InvalidOwnerPubkey)",
    );
  }
  if (keyEquals(sideAPk, sideZPk)) throw new ValidationError('sideZ', 'must be another device than side A');
  return createCreateLinkInstruction({ programId, payer, contributor: contributorPk, sideA: sideAPk, sideZ: sideZPk, linkIndex, args, sideADevice, sideZDevice, appendPermission });
}

/** The link fields an update may change (absent = unchanged), as UpdateLink takes them. */
export type LinkFieldChanges = Pick<
  UpdateLinkArgs,
  'code' | 'bandwidth' | 'mtu' | 'delayNs' | 'jitterNs' | 'delayOverrideNs' | 'status' | 'desiredStatus' | 'tunnelId' | 'tunnelNet' | 'unicastDrained'
>;

/** The keys of LinkFieldChanges, in UpdateLink's order. */
export const LINK_FIELD_CHANGES = Object.freeze([
  'code',
  'bandwidth',
  'mtu',
  'delayNs',
  'jitterNs',
  'status',
  'delayOverrideNs',
  'desiredStatus',
  'tunnelId',
  'tunnelNet',
  'unicastDrained',
] as const);

/**
 * Checks the types of link field changes (ValidationError naming the field, `name.<field>`),
 * refuses a field an update does not change and an empty change; returns the fields given.
 */
export function checkLinkFieldChanges(changes: unknown, name = 'changes'): (typeof LINK_FIELD_CHANGES)[number][] {
  expectString(name, 'name');
  expectObject(changes, name);
  const known = LINK_FIELD_CHANGES as readonly string[];
  for (const k of Object.keys(changes)) {
    if (!known.includes(k)) throw new ValidationError(`${name}.${k}`, `not a link field an update changes (${known.join(', ')})`);
  }
  const c = changes as Record<string, unknown>;
  const given = LINK_FIELD_CHANGES.filter((k) => c[k] != null);
  if (given.length === 0) throw new ValidationError(name, `nothing to change: give one of ${known.join(', ')}`);
  if (c.code != null) expectString(c.code, `${name}.code`);
  for (const k of ['bandwidth', 'mtu', 'delayNs', 'jitterNs', 'delayOverrideNs', 'tunnelId'] as const) if (c[k] != null) expectWhole(c[k], `${name}.${k}`);
  if (c.status != null) expectDeclared(c.status, LinkStatusSpec, `${name}.status`);
  if (c.desiredStatus != null) expectDeclared(c.desiredStatus, LinkDesiredStatusSpec, `${name}.desiredStatus`);
  if (c.tunnelNet != null) expectString(c.tunnelNet, `${name}.tunnelNet`);
  if (c.unicastDrained != null) expectBoolean(c.unicastDrained, `${name}.unicastDrained`);
  return given;
}

const CONTRIBUTOR_FIELDS = ['code', 'bandwidth', 'mtu', 'delayNs', 'jitterNs'] as const;
const PRIVILEGED_FIELDS = ['tunnelId', 'tunnelNet', 'unicastDrained'] as const;

/**
 * UpdateLink of the link's fields. The contributor's fields (code, bandwidth, mtu, delay,
 * jitter) need the link's contributor or a network admin (the program ignores them from side Z's
 * contributor); the tunnel and unicast_drained a network admin; a status write is checked
 * against the lifecycle like changeLinkStatus (and carries the desired status that goes with it
 * unless one is given), a desired status like setLinkDesiredStatus. The link the update leaves,
 * and with a tunnel_net both side devices, are checked as the program writes them.
 */
export function updateLink(input: CheckedLinkInput & { changes: LinkFieldChanges }): CoreInstruction {
  checkLinkInput(input);
  const given = checkLinkFieldChanges(input.changes, 'input.changes');
  const { link, roles, changes } = input;
  const from = linkStatusLabel(link.status);
  const owner = roles.includes('contributor') || roles.includes('networkAdmin');
  const refuse = (field: string, who: string) => {
    throw new IllegalTransitionError(`link ${field}`, from, '', [...roles], `only ${who} changes it`);
  };
  for (const k of CONTRIBUTOR_FIELDS) if (changes[k] != null && !owner) refuse(k, "the link's contributor or a network admin");
  for (const k of PRIVILEGED_FIELDS) if (changes[k] != null && !roles.includes('networkAdmin')) refuse(k, 'a network admin');
  if (changes.delayOverrideNs != null && roles.length === 0) refuse('delayOverrideNs', "the link's contributors or a network admin");
  const args: UpdateLinkArgs = {};
  for (const k of given) (args as Record<string, unknown>)[k] = changes[k];
  if (changes.status != null) {
    expectNumber(changes.status, 'input.changes.status');
    check(canChangeLinkStatus(link, changes.status, roles), 'link status', from, linkStatusLabel(changes.status), roles);
    const desired = LINK_DESIRED_FOR[changes.status];
    if (changes.desiredStatus == null && desired !== undefined) args.desiredStatus = desired;
  }
  if (args.desiredStatus != null) {
    expectNumber(args.desiredStatus, 'input.changes.desiredStatus');
    check(canSetLinkDesiredStatus(link, args.desiredStatus, roles), 'link desired status', linkDesiredStatusLabel(link.desiredStatus), linkDesiredStatusLabel(args.desiredStatus), roles);
  }
  return buildLinkUpdate(input, args, true);
}
