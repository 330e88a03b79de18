/**
 * Lifecycle-checked builders: what applications call. Each takes the decoded current
 * account(s) and the caller's roles, checks the request against ../shared/spec/lifecycle.md
 * (src/lifecycle), and either throws `IllegalTransitionError` or returns the instruction. The
 * drain, undrain and activate builders write status and desired status together, so intent and
 * state never disagree after them. Pure and synchronous: fetching state and resolving roles
 * from chain data is the client's job.
 */
import type { PublicKey, TransactionInstruction } from '@solana/web3.js';
import {
  DeviceDesiredStatus,
  DeviceStatus,
  InterfaceCYOA,
  InterfaceDIA,
  InterfaceStatus,
  interfaceStatusLabel,
  LinkDesiredStatus,
  LinkStatus,
  deviceDesiredStatusLabel,
  deviceHealthLabel,
  deviceStatusLabel,
  linkDesiredStatusLabel,
  linkHealthLabel,
  linkStatusLabel,
} from '../enums.js';
import { IllegalTransitionError, ValidationError } from '../errors.js';
import { InstructionArgumentError, EXPECTED_PROGRAM_ERRORS } from './errors.js';
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
import type { Device } from '../state/device.js';
import type { Link } from '../state/link.js';
import { createAcceptLinkInstruction } from './acceptLink.js';
import { createDeleteDeviceInstruction, type DeviceDeleteResources } from './deleteDevice.js';
import { createDeleteLinkInstruction } from './deleteLink.js';
import { createSetDeviceHealthInstruction } from './setDeviceHealth.js';
import { createSetLinkHealthInstruction } from './setLinkHealth.js';
import { createUpdateDeviceInstruction, type UpdateDeviceArgs } from './updateDevice.js';
import { createUpdateLinkInstruction, type LinkUpdateAuthority, type UpdateLinkArgs } from './updateLink.js';

/** Inputs shared by every checked builder. */
export interface CheckedBuilderBase {
  programId: PublicKey;
  /** The fee payer and authority (the only signer). */
  payer: PublicKey;
  /** The payer's roles towards the account, as resolved from chain data (lifecycle.md "Roles"). */
  roles: readonly Role[];
  /**
   * Append the payer's Permission PDA. Only for a payer known to have a Permission account
   * (see BuilderOptions.appendPermission).
   */
  appendPermission?: boolean;
}

export interface CheckedDeviceInput extends CheckedBuilderBase {
  /** The device account's address. */
  devicePk: PublicKey;
  /** The device as decoded now. */
  device: Device;
}

export interface CheckedLinkInput extends CheckedBuilderBase {
  /** The link account's address. */
  linkPk: PublicKey;
  /** The link as decoded now. */
  link: Link;
  /**
   * contributor_pk of the link's side-Z device. Needed by acceptLink, and by UpdateLink when the
   * caller acts as side Z's contributor (the side-Z account preamble).
   */
  sideZContributorPk?: PublicKey;
  /**
   * The link's side-Z device as decoded now. When given, acceptLink also checks offline what the
   * program checks on it (the named interface exists, is Unlinked, has no CYOA/DIA and enough
   * bandwidth), and its contributor_pk serves as `sideZContributorPk`.
   */
  sideZDevice?: Device;
}

// ---------------------------------------------------------------------------------------------
// Devices

function check(result: LifecycleResult, subject: string, from: string, to: string, roles: readonly Role[]): void {
  assertLifecycle(result, { subject, from, to, roles });
}

function updateDevice(input: CheckedDeviceInput, args: UpdateDeviceArgs): TransactionInstruction {
  const { programId, payer, devicePk, device, appendPermission } = input;
  return createUpdateDeviceInstruction({
    programId,
    payer,
    device: devicePk,
    currentContributor: device.contributorPk,
    currentLocation: device.locationPk,
    currentDeviceType: device.deviceType,
    args,
    appendPermission,
  });
}

/** The desired status written together with a status write into Activated or Drained. */
const DEVICE_DESIRED_FOR: Partial<Record<number, DeviceDesiredStatus>> = {
  [DeviceStatus.Activated]: DeviceDesiredStatus.Activated,
  [DeviceStatus.Drained]: DeviceDesiredStatus.Drained,
};

/** Builds the UpdateDevice that moves the device to `to`, writing `desired` with it when given. */
function deviceStatusChange(input: CheckedDeviceInput, to: number, desired: number | undefined): TransactionInstruction {
  const { device, roles } = input;
  check(canChangeDeviceStatus(device, to, roles), 'device status', deviceStatusLabel(device.status), deviceStatusLabel(to), roles);
  return updateDevice(input, desired === undefined ? { status: to } : { status: to, desiredStatus: desired });
}

/**
 * Any status write the lifecycle allows for the caller (e.g. PendingDeprecated →
 * DeviceProvisioning by a network admin). A write into Activated or Drained carries the
 * matching desired status in the same UpdateDevice.
 */
export function changeDeviceStatus(input: CheckedDeviceInput & { to: DeviceStatus }): TransactionInstruction {
  return deviceStatusChange(input, input.to, DEVICE_DESIRED_FOR[input.to]);
}

/** Activated → Drained (maintenance), writing desired_status Drained in the same UpdateDevice. */
export function drainDevice(input: CheckedDeviceInput): TransactionInstruction {
  return changeDeviceStatus({ ...input, to: DeviceStatus.Drained });
}

/** Drained → Activated (health must be ReadyForUsers), writing desired_status Activated with it. */
export function undrainDevice(input: CheckedDeviceInput): TransactionInstruction {
  return changeDeviceStatus({ ...input, to: DeviceStatus.Activated });
}

/**
 * The reconciler's next step for the device (lifecycle.md "The reconciler"): e.g.
 * DeviceProvisioning → LinkProvisioning once desired is Activated and health is ReadyForLinks.
 * Promotion never invents intent: only the status is written (the desired status already on
 * the account is what asked for it). Throws IllegalTransitionError when nothing is due.
 */
export function promoteDevice(input: CheckedDeviceInput): TransactionInstruction {
  const { device, roles } = input;
  const next = nextDeviceStatus(device);
  if (next === undefined) {
    throw new IllegalTransitionError(
      'promote device',
      deviceStatusLabel(device.status),
      '',
      roles,
      `nothing is due: device is ${deviceStatusLabel(device.status)} with desired status ` +
        `${deviceDesiredStatusLabel(device.desiredStatus)} and health ${deviceHealthLabel(device.deviceHealth)}`,
    );
  }
  return deviceStatusChange(input, next, undefined);
}

/** Writes the device's desired status (Activated or Drained). */
export function setDeviceDesiredStatus(input: CheckedDeviceInput & { to: DeviceDesiredStatus }): TransactionInstruction {
  const { device, roles, to } = input;
  check(
    canSetDeviceDesiredStatus(device, to, roles),
    'device desired status',
    deviceDesiredStatusLabel(device.desiredStatus),
    deviceDesiredStatusLabel(to),
    roles,
  );
  return updateDevice(input, { desiredStatus: to });
}

/** SetDeviceHealth (health oracle or network admin). */
export function setDeviceHealth(input: CheckedDeviceInput & { to: number }): TransactionInstruction {
  const { programId, payer, devicePk, device, roles, to, appendPermission } = input;
  check(canSetDeviceHealth(device, to, roles), 'device health', deviceHealthLabel(device.deviceHealth), deviceHealthLabel(to), roles);
  return createSetDeviceHealthInstruction({ programId, payer, device: devicePk, args: { health: to }, appendPermission });
}

/**
 * DeleteDevice. `resources` selects the program's path explicitly: `{ kind: 'atomic', ... }`
 * closes the device and its resource accounts (owners read from chain), `{ kind: 'legacy' }`
 * only marks it Deleting.
 */
export function deleteDevice(input: CheckedDeviceInput & { resources: DeviceDeleteResources }): TransactionInstruction {
  const { programId, payer, devicePk, device, roles, resources, appendPermission } = input;
  check(canDeleteDevice(device, roles), 'delete device', deviceStatusLabel(device.status), '', roles);
  return createDeleteDeviceInstruction({ programId, payer, device: devicePk, contributor: device.contributorPk, resources, appendPermission });
}

// ---------------------------------------------------------------------------------------------
// Links

/**
 * The UpdateLink account preamble for the caller: the link's own contributor when the caller
 * is that contributor or a network admin (the program binds even privileged callers to the
 * passed contributor), the side-Z form when the caller acts only as side Z's contributor.
 */
export function linkUpdateAuthority(input: CheckedLinkInput): LinkUpdateAuthority {
  const { link, roles, sideZContributorPk } = input;
  if (roles.includes('contributor') || roles.includes('networkAdmin') || !roles.includes('sideZContributor')) {
    return { kind: 'contributor', contributor: link.contributorPk };
  }
  if (!sideZContributorPk) {
    throw new ValidationError('side_z_contributor_pk', "required when the caller acts as side Z's contributor");
  }
  return { kind: 'sideZContributor', contributor: sideZContributorPk };
}

function updateLink(input: CheckedLinkInput, args: UpdateLinkArgs): TransactionInstruction {
  const { programId, payer, linkPk, link, appendPermission } = input;
  return createUpdateLinkInstruction({
    programId,
    payer,
    link: linkPk,
    authority: linkUpdateAuthority(input),
    sideA: link.sideAPk,
    sideZ: link.sideZPk,
    args,
    appendPermission,
  });
}

/** The desired status written together with a status write into Activated, SoftDrained or HardDrained. */
const LINK_DESIRED_FOR: Partial<Record<number, LinkDesiredStatus>> = {
  [LinkStatus.Activated]: LinkDesiredStatus.Activated,
  [LinkStatus.SoftDrained]: LinkDesiredStatus.SoftDrained,
  [LinkStatus.HardDrained]: LinkDesiredStatus.HardDrained,
};

/**
 * Any status write the lifecycle allows for the caller (e.g. PendingDeprecated → Provisioning
 * by a network admin). A write into Activated, SoftDrained or HardDrained carries the matching
 * desired status in the same UpdateLink. Requested → Activated is refused here: use acceptLink.
 */
export function changeLinkStatus(input: CheckedLinkInput & { to: LinkStatus }): TransactionInstruction {
  const { link, roles, to } = input;
  check(canChangeLinkStatus(link, to, roles), 'link status', linkStatusLabel(link.status), linkStatusLabel(to), roles);
  const desired = LINK_DESIRED_FOR[to];
  return updateLink(input, desired === undefined ? { status: to } : { status: to, desiredStatus: desired });
}

/** Activated or HardDrained → SoftDrained (desired SoftDrained written with it). */
export function softDrainLink(input: CheckedLinkInput): TransactionInstruction {
  return changeLinkStatus({ ...input, to: LinkStatus.SoftDrained });
}

/** Activated or SoftDrained → HardDrained (desired HardDrained written with it). */
export function hardDrainLink(input: CheckedLinkInput): TransactionInstruction {
  return changeLinkStatus({ ...input, to: LinkStatus.HardDrained });
}

/**
 * Provisioning (desired Activated, health ReadyForService) or a drained link (health
 * ReadyForService) → Activated, desired Activated written with it.
 */
export function activateLink(input: CheckedLinkInput): TransactionInstruction {
  return changeLinkStatus({ ...input, to: LinkStatus.Activated });
}

/**
 * What AcceptLink checks on the side-Z device's interface (instructions.md §4.4 e): it exists
 * under exactly that name, is Unlinked, carries no CYOA/DIA, and its bandwidth covers the link's.
 */
function checkSideZInterface(device: Device, link: Link, name: string): void {
  const iface = device.interfaces.find((i) => i.name === name);
  const E = EXPECTED_PROGRAM_ERRORS;
  if (!iface) {
    const names = device.interfaces.map((i) => i.name).join(', ') || 'none';
    throw new InstructionArgumentError('side_z_iface_name', `side-Z device ${device.code} has no interface "${name}" (it has: ${names})`, E.InvalidInterfaceName);
  }
  if (iface.status !== InterfaceStatus.Unlinked) {
    throw new InstructionArgumentError('side_z_iface_name', `interface ${name} is ${interfaceStatusLabel(iface.status)}, not unlinked`, {
      name: 'InvalidStatus',
      code: 7,
    });
  }
  if (iface.interfaceCyoa !== InterfaceCYOA.None || iface.interfaceDia !== InterfaceDIA.None) {
    throw new InstructionArgumentError('side_z_iface_name', `interface ${name} has a CYOA/DIA assignment`, {
      name: 'InterfaceHasEdgeAssignment',
      code: 83,
    });
  }
  if (iface.bandwidth < link.bandwidth) {
    throw new InstructionArgumentError(
      'side_z_iface_name',
      `interface ${name} bandwidth ${iface.bandwidth} is below the link's ${link.bandwidth} bps`,
      E.InvalidBandwidth,
    );
  }
}

/** AcceptLink: a Requested (DZX) link → Activated, by side Z's contributor or a network admin. */
export function acceptLink(input: CheckedLinkInput & { sideZIfaceName: string }): TransactionInstruction {
  const { programId, payer, linkPk, link, roles, sideZDevice, sideZIfaceName, appendPermission } = input;
  check(canAcceptLink(link, roles), 'link status (AcceptLink)', linkStatusLabel(link.status), linkStatusLabel(LinkStatus.Activated), roles);
  const sideZContributorPk = input.sideZContributorPk ?? sideZDevice?.contributorPk;
  if (!sideZContributorPk) {
    throw new ValidationError('side_z_contributor_pk', "AcceptLink passes side Z's contributor: give the side-Z device's contributor_pk");
  }
  if (sideZDevice) checkSideZInterface(sideZDevice, link, sideZIfaceName);
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
export function setLinkDesiredStatus(input: CheckedLinkInput & { to: LinkDesiredStatus }): TransactionInstruction {
  const { link, roles, to } = input;
  check(
    canSetLinkDesiredStatus(link, to, roles),
    'link desired status',
    linkDesiredStatusLabel(link.desiredStatus),
    linkDesiredStatusLabel(to),
    roles,
  );
  return updateLink(input, { desiredStatus: to });
}

/** SetLinkHealth (health oracle or network admin). */
export function setLinkHealth(input: CheckedLinkInput & { to: number }): TransactionInstruction {
  const { programId, payer, linkPk, link, roles, to, appendPermission } = input;
  check(canSetLinkHealth(link, to, roles), 'link health', linkHealthLabel(link.linkHealth), linkHealthLabel(to), roles);
  return createSetLinkHealthInstruction({ programId, payer, link: linkPk, args: { health: to }, appendPermission });
}

/** DeleteLink: only a drained, Provisioning or Requested link (drain first). */
export function deleteLink(input: CheckedLinkInput): TransactionInstruction {
  const { programId, payer, linkPk, link, roles, appendPermission } = input;
  check(canDeleteLink(link, roles), 'delete link', linkStatusLabel(link.status), '', roles);
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
