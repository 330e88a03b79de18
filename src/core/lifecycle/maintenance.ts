/**
 * Device maintenance (docs/lifecycle.md#device-maintenance, RFC 12) as ordered abstract steps.
 * Instructions are attached to the steps by a later layer; this one only orders them and
 * checks each against the lifecycle tables, on the state the earlier steps leave behind.
 */
import { keyEquals, keyText, type KeyInput } from '../keys.js';
import { DeviceDesiredStatus, DeviceStatus, LinkDesiredStatus, LinkStatus } from '../enums.js';
import { ValidationError } from '../errors.js';
import type { Link } from '../state/link.js';
import { canChangeDeviceStatus, type DeviceStatusState } from './device.js';
import { canChangeLinkStatus, type LinkStatusState } from './link.js';
import { requireAccount } from './machine.js';
import type { LifecycleResult } from './result.js';
import { expectArray, expectBoolean, expectInteger, expectObject, expectKey, expectRoles } from '../validate.js';
import { roleSet, type Role } from './roles.js';

/** What a maintenance step does. */
export type MaintenanceStepKind = 'soft-drain-link' | 'drain-device' | 'undrain-device' | 'activate-link';

/** One step of a device maintenance or return, checked on the state the earlier steps leave behind. */
export interface MaintenanceStep<K = KeyInput> {
  /** What the step does. */
  readonly kind: MaintenanceStepKind;
  /** The device's or the link's address. */
  readonly target: K;
  /** Status the target has when this step runs (after the earlier legal steps). */
  readonly from: number;
  /** Status the step writes. */
  readonly to: number;
  /** The desired status written in the same update (drain/undrain/activate builders write both). */
  readonly desiredStatus: number;
  /** Whether the step is legal on that state, or why it is blocked. */
  readonly check: LifecycleResult;
}

/** A link the maintenance planner may step (its address, status state and sides). */
export interface MaintenanceLink<K = KeyInput> {
  /** The link's address. */
  readonly pubkey: K;
  /** The link's status, desired status, health and sides. */
  readonly link: LinkStatusState & Pick<Link<KeyInput>, 'sideAPk' | 'sideZPk'>;
  /**
   * The caller's roles towards this link (contributor / sideZContributor depend on the link).
   * Defaults to the planner's `roles`.
   */
  readonly roles?: readonly Role[];
}

/** What planDeviceMaintenanceSteps plans from: the device, its links and the caller's roles. */
export interface MaintenancePlanInput<K = KeyInput> {
  /** The device's status, desired status and health. */
  readonly device: DeviceStatusState;
  /** The device's address. */
  readonly devicePk: K;
  /** Candidate links, in the order their steps should run; links not touching the device are ignored. */
  readonly links: readonly MaintenanceLink<K>[];
  /** The caller's roles towards the device (and towards links without their own `roles`). */
  readonly roles: readonly Role[];
}

/** What planDeviceReturnSteps plans from. */
export interface ReturnPlanInput<K = KeyInput> extends MaintenancePlanInput<K> {
  /**
   * Also return HardDrained links to Activated. Default false: maintenance only soft-drains,
   * so a HardDrained link was drained on purpose for some other reason and stays drained
   * unless the caller asks.
   */
  readonly includeHardDrained?: boolean;
}

interface LinkSim<K> {
  readonly entry: MaintenanceLink<K>;
  readonly roles: readonly Role[];
  state: LinkStatusState;
}

function touching<K extends KeyInput>(input: MaintenancePlanInput<K>, statuses: readonly number[]): LinkSim<K>[] {
  requireAccount(input, 'plan input');
  requireAccount(input.device, 'device');
  roleSet(input.roles);
  if (!Array.isArray(input.links)) throw new ValidationError('links', 'must be an array', 'invalid links: expected an array of { pubkey, link }');
  const seen = new Set<string>();
  const out: LinkSim<K>[] = [];
  for (const entry of input.links) {
    requireAccount(entry, 'links[]');
    requireAccount(entry.link, 'link');
    const key = keyText(entry.pubkey);
    if (seen.has(key)) throw new ValidationError('links', 'duplicate link', `invalid links: link ${key} is listed twice`);
    seen.add(key);
    const roles = entry.roles ?? input.roles;
    roleSet(roles);
    const touches = keyEquals(entry.link.sideAPk, input.devicePk) || keyEquals(entry.link.sideZPk, input.devicePk);
    if (touches && statuses.includes(entry.link.status)) out.push({ entry, roles, state: entry.link });
  }
  return out;
}

function linkStep<K>(kind: MaintenanceStepKind, sim: LinkSim<K>, to: LinkStatus, desired: LinkDesiredStatus): MaintenanceStep<K> {
  const check = canChangeLinkStatus(sim.state, to, sim.roles);
  const step: MaintenanceStep<K> = { kind, target: sim.entry.pubkey, from: sim.state.status, to, desiredStatus: desired, check };
  if (check.ok) sim.state = { ...sim.state, status: to, desiredStatus: desired };
  return step;
}

/** The planner's input, of the right types (ValidationError naming the field). */
function checkPlanInput(input: unknown): asserts input is MaintenancePlanInput {
  expectObject(input, 'input');
  expectObject(input.device, 'input.device');
  expectInteger(input.device.status, 'input.device.status');
  expectKey(input.devicePk, 'input.devicePk');
  expectRoles(input.roles, 'input.roles');
  expectArray(input.links, 'input.links');
  input.links.forEach((l, i) => {
    const name = `input.links[${i}]`;
    expectObject(l, name);
    expectKey(l.pubkey, `${name}.pubkey`);
    expectObject(l.link, `${name}.link`);
    expectInteger(l.link.status, `${name}.link.status`);
    expectKey(l.link.sideAPk, `${name}.link.sideAPk`);
    expectKey(l.link.sideZPk, `${name}.link.sideZPk`);
    if (l.roles !== undefined) expectRoles(l.roles, `${name}.roles`);
  });
}

/**
 * Maintenance: soft-drain every Activated link that touches the device (side A or side Z is
 * `devicePk`), in input order, then drain the device. A blocked step leaves the simulated
 * state unchanged; later steps are checked regardless, so every blocker is reported.
 */
export function planDeviceMaintenanceSteps<K extends KeyInput>(input: MaintenancePlanInput<K>): MaintenanceStep<K>[] {
  checkPlanInput(input);
  const links = touching(input, [LinkStatus.Activated]);
  const steps = links.map((sim) => linkStep('soft-drain-link', sim, LinkStatus.SoftDrained, LinkDesiredStatus.SoftDrained));
  const device = input.device;
  steps.push({
    kind: 'drain-device',
    target: input.devicePk,
    from: device.status,
    to: DeviceStatus.Drained,
    desiredStatus: DeviceDesiredStatus.Drained,
    check: canChangeDeviceStatus(device, DeviceStatus.Drained, input.roles),
  });
  return steps;
}

/**
 * Return from maintenance: undrain the device (needs health ReadyForUsers), then return each
 * SoftDrained link touching it (and HardDrained ones with `includeHardDrained`) to Activated
 * (needs health ReadyForService), in input order.
 */
export function planDeviceReturnSteps<K extends KeyInput>(input: ReturnPlanInput<K>): MaintenanceStep<K>[] {
  checkPlanInput(input);
  if (input.includeHardDrained !== undefined) expectBoolean(input.includeHardDrained, 'input.includeHardDrained');
  const statuses = input.includeHardDrained ? [LinkStatus.SoftDrained, LinkStatus.HardDrained] : [LinkStatus.SoftDrained];
  const links = touching(input, statuses);
  const device = input.device;
  const steps: MaintenanceStep<K>[] = [
    {
      kind: 'undrain-device',
      target: input.devicePk,
      from: device.status,
      to: DeviceStatus.Activated,
      desiredStatus: DeviceDesiredStatus.Activated,
      check: canChangeDeviceStatus(device, DeviceStatus.Activated, input.roles),
    },
  ];
  for (const sim of links) steps.push(linkStep('activate-link', sim, LinkStatus.Activated, LinkDesiredStatus.Activated));
  return steps;
}
