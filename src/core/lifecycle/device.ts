/** Device lifecycle checks (docs/lifecycle.md#device-status, #desired-status-and-health, #deletion). */
import { DeviceDesiredStatusSpec, DeviceHealthSpec, DeviceStatus, DeviceStatusSpec } from '../enums.js';
import { ValidationError } from '../errors.js';
import type { Device } from '../state/device.js';
import {
  checkStatusChange,
  checkValueWrite,
  legalTargets,
  missingRole,
  reconcile,
  requireAccount,
  type StatusMachine,
  type StatusView,
} from './machine.js';
import { refuseAll, type LifecycleResult } from './result.js';
import { roleSet, type Role } from './roles.js';
import {
  DEVICE_DELETION_RULE,
  DEVICE_DESIRED_STATUS_RULE,
  DEVICE_HEALTH_RULE,
  DEVICE_RECONCILER,
  DEVICE_STATUS_NEVER_WRITTEN,
  DEVICE_STATUS_TRANSITIONS,
} from './tables.js';

/** The fields a device status check reads (a decoded `Device` fits). */
export type DeviceStatusState = Pick<Device, 'status' | 'desiredStatus' | 'deviceHealth'>;
/** The fields DeleteDevice's check reads; only `interfaces.length` is looked at. */
export type DeviceDeletionState = Pick<Device, 'status' | 'referenceCount'> & {
  /** The device's interfaces (a device with interfaces cannot be deleted). */
  readonly interfaces: readonly unknown[];
};
/** Everything the device checks read, together. */
export type DeviceLifecycleState = DeviceStatusState & DeviceDeletionState;

/** The device lifecycle: its enums and tables. */
export const DEVICE_MACHINE: StatusMachine = Object.freeze({
  subject: 'device',
  status: DeviceStatusSpec,
  desired: DeviceDesiredStatusSpec,
  health: DeviceHealthSpec,
  transitions: DEVICE_STATUS_TRANSITIONS,
  neverWritten: DEVICE_STATUS_NEVER_WRITTEN,
  reconciler: DEVICE_RECONCILER,
});

function view(device: DeviceStatusState): StatusView {
  requireAccount(device, 'device');
  return { status: device.status, desiredStatus: device.desiredStatus, health: device.deviceHealth };
}

/** May `roles` change the device's status to `to` by a status write (UpdateDevice.status)? */
export function canChangeDeviceStatus(device: DeviceStatusState, to: number, roles: readonly Role[]): LifecycleResult {
  return checkStatusChange(DEVICE_MACHINE, view(device), to, roles);
}

/** Every status `roles` may write on the device now, ascending (empty when none). */
export function legalDeviceStatusTargets(device: DeviceStatusState, roles: readonly Role[]): DeviceStatus[] {
  return legalTargets(DEVICE_MACHINE, view(device), roles) as DeviceStatus[];
}

/**
 * May `roles` write the device's desired_status `to`? Only the value matters (the table has
 * no "from" column): the current desired status, status or health do not, and re-writing the
 * current value is legal. The device argument is still checked to be an account.
 */
export function canSetDeviceDesiredStatus(device: DeviceStatusState, to: number, roles: readonly Role[]): LifecycleResult {
  requireAccount(device, 'device');
  return checkValueWrite(DeviceDesiredStatusSpec, DEVICE_DESIRED_STATUS_RULE, 'device desired status', to, roles);
}

/**
 * May `roles` set the device's health to `to` (SetDeviceHealth)? As for desired status only
 * the value matters; in particular an undeclared current health can be overwritten (that is
 * exactly what a health oracle must be able to repair).
 */
export function canSetDeviceHealth(device: DeviceStatusState, to: number, roles: readonly Role[]): LifecycleResult {
  requireAccount(device, 'device');
  return checkValueWrite(DeviceHealthSpec, DEVICE_HEALTH_RULE, 'device health', to, roles);
}

/**
 * May `roles` delete the device (DeleteDevice)? Needs a status that is declared and neither
 * Activated nor Deleting (an undeclared status is refused: its meaning is unknown), a
 * reference count of 0 and no interfaces left. Every unmet condition is named in the reason.
 */
export function canDeleteDevice(device: DeviceDeletionState, roles: readonly Role[]): LifecycleResult {
  requireAccount(device, 'device');
  const held = roleSet(roles);
  if (!Array.isArray(device.interfaces)) {
    throw new ValidationError('device.interfaces', 'must be an array', 'invalid device: interfaces must be an array');
  }
  const rule = DEVICE_DELETION_RULE;
  const problems: string[] = [];
  const roleProblem = missingRole('DeleteDevice', rule.roles, held);
  if (roleProblem) problems.push(roleProblem);
  const label = DeviceStatusSpec.label(device.status);
  if (!DeviceStatusSpec.isKnown(device.status)) {
    problems.push(`device status is ${label}, a value the program does not declare; it cannot be deleted`);
  } else if (device.status === DeviceStatus.Activated) {
    problems.push('device is activated; drain it first (DeleteDevice needs a status other than activated and deleting)');
  } else if (device.status === DeviceStatus.Deleting) {
    problems.push('device is already deleting');
  }
  if (device.referenceCount !== rule.referenceCount) {
    problems.push(`device reference count is ${String(device.referenceCount)} (links or users still use it; it must be 0)`);
  }
  const n = device.interfaces.length;
  if (n !== rule.interfaces) {
    problems.push(`device still has ${n} interface${n === 1 ? '' : 's'} (delete ${n === 1 ? 'it' : 'them'} first)`);
  }
  return refuseAll(problems);
}

/**
 * The statuses a promotion (the reconciler's next step, `promoteDevice`) can lead to, ascending:
 * every `next` of the device reconciler table.
 */
export const DEVICE_PROMOTION_TARGETS: readonly DeviceStatus[] = Object.freeze(
  [...new Set(DEVICE_RECONCILER.map((r) => r.next))].sort((a, b) => a - b),
);

/** The reconciler's next status for the device, or undefined when nothing is due. */
export function nextDeviceStatus(device: DeviceStatusState): DeviceStatus | undefined {
  return reconcile(DEVICE_MACHINE, view(device)) as DeviceStatus | undefined;
}
