/**
 * Device maintenance planner (docs/lifecycle.md#device-maintenance, RFC 12): the ordered steps
 * to drain a device for maintenance and to return it, each with its checked instruction or
 * with the reason it is blocked. The ordering and the per-step checks (on the state the
 * earlier steps leave behind) come from src/core/lifecycle/maintenance.ts; this layer attaches
 * the instructions the checked builders would build for each legal step.
 */
import { keyEquals, keyText, type KeyInput } from '../keys.js';
import type { CoreInstruction } from './common.js';
import { DeviceStatus, LinkStatus } from '../enums.js';
import { IllegalTransitionError, ValidationError } from '../errors.js';
import {
  planDeviceMaintenanceSteps,
  planDeviceReturnSteps,
  ROLES,
  type MaintenanceStep,
  type Role,
} from '../lifecycle/index.js';
import type { Device } from '../state/device.js';
import type { Link } from '../state/link.js';
import { type CheckedBuilderBase, changeDeviceStatus, changeLinkStatus } from './checked.js';
import { expectArray, expectBoolean, expectBuilderBase, expectDevice, expectLink, expectObject, expectOptionalKey, expectKey, expectRoles } from '../validate.js';

/** A link the maintenance planner may step, with the caller's roles towards it. */
export interface PlannedLink<K = KeyInput> {
  /** The link's address. */
  pubkey: K;
  /** The Link account. */
  link: Link;
  /**
   * The caller's roles towards this link. Without them they are derived from the plan's `roles`
   * towards the device: networkAdmin and healthOracle hold for every link; the device's
   * contributor is the link's contributor when the link belongs to the device's contributor, and
   * side Z's contributor when the device is the link's side Z (or `sideZContributorPk` is the
   * device's contributor).
   */
  roles?: readonly Role[];
  /** contributor_pk of the link's side-Z device (needed when the caller acts as side Z's contributor; known when the device is side Z). */
  sideZContributorPk?: KeyInput;
}

/** What planDeviceMaintenance plans from: the device, the candidate links and the caller. */
export interface DeviceMaintenancePlanInput<K = KeyInput> extends CheckedBuilderBase {
  /** The device's address. */
  devicePk: K;
  /** The Device account. */
  device: Device;
  /** Candidate links (e.g. every link of the network); only those touching the device are planned. */
  links: readonly PlannedLink<K>[];
}

/** What planDeviceReturn plans from. */
export interface DeviceReturnPlanInput<K = KeyInput> extends DeviceMaintenancePlanInput<K> {
  /** Also return HardDrained links to Activated (default: only SoftDrained ones). */
  includeHardDrained?: boolean;
}

/** One step: legal (with its instruction) or blocked (with the reason). */
export type PlannedStep<K = KeyInput, Ix = CoreInstruction> = MaintenanceStep<K> &
  (
    | {
        /** The step is legal. */
        blocked: false;
        /** The instruction that takes the step. */
        instruction: Ix;
      }
    | {
        /** The step is not legal on the state it meets. */
        blocked: true;
        /** Why. */
        reason: string;
      }
  );

/** The ordered steps of a maintenance or return, each legal with its instruction or blocked with its reason. */
export interface MaintenancePlan<K = KeyInput, Ix = CoreInstruction> {
  /** The steps, in the order they must be sent. */
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

/** The side-Z contributor of a link: as given, or the device's own when the device is the link's side Z. */
function sideZContributorOf(input: DeviceMaintenancePlanInput<KeyInput>, l: PlannedLink<KeyInput>): KeyInput | undefined {
  if (l.sideZContributorPk !== undefined) return l.sideZContributorPk;
  return keyEquals(l.link.sideZPk, input.devicePk) ? input.device.contributorPk : undefined;
}

/** The caller's roles towards a link: as given, or derived from its roles towards the device (see PlannedLink.roles). */
function linkRolesOf(input: DeviceMaintenancePlanInput<KeyInput>, l: PlannedLink<KeyInput>): readonly Role[] {
  if (l.roles) return l.roles;
  const held = new Set<Role>(input.roles.filter((r) => r === 'networkAdmin' || r === 'healthOracle'));
  if (input.roles.includes('contributor')) {
    if (keyEquals(l.link.contributorPk, input.device.contributorPk)) held.add('contributor');
    const z = sideZContributorOf(input, l);
    if (z !== undefined && keyEquals(z, input.device.contributorPk)) held.add('sideZContributor');
  }
  return ROLES.filter((r) => held.has(r));
}

function lifecycleInput<K extends KeyInput>(input: DeviceMaintenancePlanInput<K>) {
  return {
    device: input.device,
    devicePk: input.devicePk,
    roles: input.roles,
    links: input.links.map((l) => ({ pubkey: l.pubkey, link: l.link, roles: linkRolesOf(input, l) })),
  };
}

function attach<K extends KeyInput>(input: DeviceMaintenancePlanInput<K>, steps: MaintenanceStep<K>[]): MaintenancePlan<K> {
  const byKey = new Map(input.links.map((l) => [keyText(l.pubkey), l]));
  const planned = steps.map((step): PlannedStep<K> => {
    if (!step.check.ok) return { ...step, blocked: true, reason: step.check.reason };
    try {
      return { ...step, blocked: false, instruction: build(input, step, byKey) };
    } catch (e) {
      // A legal step the program would refuse (InstructionArgumentError), one dzprov does not
      // write (IllegalTransitionError: an undeclared value on the account), or one that cannot be
      // built from what was given (e.g. a side-Z contributor's link without sideZContributorPk) is
      // reported as blocked, like any other blocker.
      if (e instanceof ValidationError || e instanceof IllegalTransitionError) return { ...step, blocked: true, reason: e.message };
      throw e;
    }
  });
  return { steps: planned, ready: planned.every((s) => !s.blocked) };
}

/**
 * The instruction of a step already found legal by the lifecycle planner: built by the checked
 * builders (changeDeviceStatus / changeLinkStatus: status and desired status written together),
 * so a step the program would refuse to write (a device whose stored public IP is not globally
 * routable, a link whose tunnel_net is public, an account holding an undeclared value) is blocked
 * with the reason instead of reported ready.
 */
function build<K extends KeyInput>(input: DeviceMaintenancePlanInput<K>, step: MaintenanceStep<K>, links: Map<string, PlannedLink<K>>): CoreInstruction {
  const { programId, payer, appendPermission } = input;
  if (step.kind === 'drain-device' || step.kind === 'undrain-device') {
    return changeDeviceStatus({ programId, payer, appendPermission, roles: input.roles, devicePk: input.devicePk, device: input.device, to: step.to as DeviceStatus });
  }
  const entry = links.get(keyText(step.target))!;
  const sideZContributorPk = sideZContributorOf(input, entry);
  return changeLinkStatus({
    programId,
    payer,
    appendPermission,
    roles: linkRolesOf(input, entry),
    linkPk: entry.pubkey,
    link: entry.link,
    ...(sideZContributorPk !== undefined ? { sideZContributorPk } : {}),
    to: step.to as LinkStatus,
  });
}
