/**
 * Device maintenance planner (docs/lifecycle.md#device-maintenance, RFC 12): the ordered steps
 * to drain a device for maintenance and to return it, each with its checked instruction or
 * with the reason it is blocked. The ordering and the per-step checks (on the state the
 * earlier steps leave behind) come from src/core/lifecycle/maintenance.ts; this layer attaches
 * the instructions the checked builders would build for each legal step.
 */
import { keyText, type KeyInput } from '../keys.js';
import type { CoreInstruction } from './common.js';
import { DeviceStatus, LinkStatus } from '../enums.js';
import { ValidationError } from '../errors.js';
import {
  planDeviceMaintenanceSteps,
  planDeviceReturnSteps,
  type MaintenanceStep,
  type Role,
} from '../lifecycle/index.js';
import type { Device } from '../state/device.js';
import type { Link } from '../state/link.js';
import { type CheckedBuilderBase, linkUpdateAuthority } from './checked.js';
import { createUpdateDeviceInstruction } from './updateDevice.js';
import { expectArray, expectBoolean, expectBuilderBase, expectDevice, expectLink, expectObject, expectOptionalKey, expectKey, expectRoles } from '../validate.js';
import { createUpdateLinkInstruction } from './updateLink.js';

export interface PlannedLink<K = KeyInput> {
  pubkey: K;
  link: Link;
  /** The caller's roles towards this link; defaults to the plan's `roles`. */
  roles?: readonly Role[];
  /** contributor_pk of the link's side-Z device (needed when the caller acts as side Z's contributor). */
  sideZContributorPk?: KeyInput;
}

export interface DeviceMaintenancePlanInput<K = KeyInput> extends CheckedBuilderBase {
  devicePk: K;
  device: Device;
  /** Candidate links (e.g. every link of the network); only those touching the device are planned. */
  links: readonly PlannedLink<K>[];
}

export interface DeviceReturnPlanInput<K = KeyInput> extends DeviceMaintenancePlanInput<K> {
  /** Also return HardDrained links to Activated (default: only SoftDrained ones). */
  includeHardDrained?: boolean;
}

/** One step: legal (with its instruction) or blocked (with the reason). */
export type PlannedStep<K = KeyInput, Ix = CoreInstruction> = MaintenanceStep<K> &
  ({ blocked: false; instruction: Ix } | { blocked: true; reason: string });

export interface MaintenancePlan<K = KeyInput, Ix = CoreInstruction> {
  steps: PlannedStep<K, Ix>[];
  /** True when every step is legal and can be sent in order. */
  ready: boolean;
}

/** Drain for maintenance: soft-drain every Activated link touching the device, then drain it. */
export function planDeviceMaintenance<K extends KeyInput>(input: DeviceMaintenancePlanInput<K>): MaintenancePlan<K> {
  checkPlannerInput(input);
  return attach(input, planDeviceMaintenanceSteps(lifecycleInput(input)));
}

/** Return from maintenance: undrain the device, then return its drained links to Activated. */
export function planDeviceReturn<K extends KeyInput>(input: DeviceReturnPlanInput<K>): MaintenancePlan<K> {
  checkPlannerInput(input);
  if (input.includeHardDrained !== undefined) expectBoolean(input.includeHardDrained, 'input.includeHardDrained');
  return attach(input, planDeviceReturnSteps({ ...lifecycleInput(input), includeHardDrained: input.includeHardDrained }));
}

/** The planner's input, of the right types (ValidationError naming the field). */
function checkPlannerInput(input: unknown): asserts input is DeviceMaintenancePlanInput<KeyInput> {
  expectBuilderBase(input);
  expectKey(input.devicePk, 'input.devicePk');
  expectDevice(input.device, 'input.device');
  expectArray(input.links, 'input.links');
  input.links.forEach((l, i) => {
    const name = `input.links[${i}]`;
    expectObject(l, name);
    expectKey(l.pubkey, `${name}.pubkey`);
    expectLink(l.link, `${name}.link`);
    if (l.roles !== undefined) expectRoles(l.roles, `${name}.roles`);
    expectOptionalKey(l.sideZContributorPk, `${name}.sideZContributorPk`);
  });
}

function lifecycleInput<K extends KeyInput>(input: DeviceMaintenancePlanInput<K>) {
  return {
    device: input.device,
    devicePk: input.devicePk,
    roles: input.roles,
    links: input.links.map((l) => (l.roles ? { pubkey: l.pubkey, link: l.link, roles: l.roles } : { pubkey: l.pubkey, link: l.link })),
  };
}

function attach<K extends KeyInput>(input: DeviceMaintenancePlanInput<K>, steps: MaintenanceStep<K>[]): MaintenancePlan<K> {
  const byKey = new Map(input.links.map((l) => [keyText(l.pubkey), l]));
  const planned = steps.map((step): PlannedStep<K> => {
    if (!step.check.ok) return { ...step, blocked: true, reason: step.check.reason };
    try {
      return { ...step, blocked: false, instruction: build(input, step, byKey) };
    } catch (e) {
      // A legal step that cannot be built from what was given (e.g. a side-Z contributor's
      // link without sideZContributorPk) is reported as blocked, like any other blocker.
      if (e instanceof ValidationError) return { ...step, blocked: true, reason: e.message };
      throw e;
    }
  });
  return { steps: planned, ready: planned.every((s) => !s.blocked) };
}

/**
 * The instruction of a step already found legal by the lifecycle planner: the same UpdateDevice
 * / UpdateLink the checked builders produce (status and desired status written together).
 */
function build<K extends KeyInput>(input: DeviceMaintenancePlanInput<K>, step: MaintenanceStep<K>, links: Map<string, PlannedLink<K>>): CoreInstruction {
  const { programId, payer, appendPermission } = input;
  if (step.kind === 'drain-device' || step.kind === 'undrain-device') {
    const d = input.device;
    return createUpdateDeviceInstruction({
      programId,
      payer,
      device: input.devicePk,
      currentContributor: d.contributorPk,
      currentLocation: d.locationPk,
      currentDeviceType: d.deviceType,
      args: { status: step.to as DeviceStatus, desiredStatus: step.desiredStatus },
      appendPermission,
    });
  }
  const entry = links.get(keyText(step.target))!;
  const roles = entry.roles ?? input.roles;
  return createUpdateLinkInstruction({
    programId,
    payer,
    link: entry.pubkey,
    authority: linkUpdateAuthority({ ...input, linkPk: entry.pubkey, link: entry.link, roles, sideZContributorPk: entry.sideZContributorPk }),
    sideA: entry.link.sideAPk,
    sideZ: entry.link.sideZPk,
    args: { status: step.to as LinkStatus, desiredStatus: step.desiredStatus },
    appendPermission,
  });
}
