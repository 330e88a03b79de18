export { ROLES, isRole, type Role } from './roles.js';
export { assertLifecycle, type LifecycleResult } from './result.js';
export * from './tables.js';
export {
  DEVICE_MACHINE,
  DEVICE_PROMOTION_TARGETS,
  canChangeDeviceStatus,
  canDeleteDevice,
  canSetDeviceDesiredStatus,
  canSetDeviceHealth,
  legalDeviceStatusTargets,
  nextDeviceStatus,
  type DeviceDeletionState,
  type DeviceLifecycleState,
  type DeviceStatusState,
} from './device.js';
export {
  LINK_MACHINE,
  canAcceptLink,
  canChangeLinkStatus,
  canDeleteLink,
  canSetLinkDesiredStatus,
  canSetLinkHealth,
  legalLinkStatusTargets,
  nextLinkStatus,
  type LinkStatusState,
} from './link.js';
export type { StatusMachine } from './machine.js';
export {
  planDeviceMaintenanceSteps,
  planDeviceReturnSteps,
  type MaintenanceLink,
  type MaintenancePlanInput,
  type MaintenanceStep,
  type MaintenanceStepKind,
  type ReturnPlanInput,
} from './maintenance.js';
