/**
 * The lifecycle policy of docs/lifecycle.md as data. Each table below is a
 * transcription of one table of that file, row for row, in its order; the check functions
 * (device.ts, link.ts, reconciler.ts) only interpret these tables. The CLI lists "legal next
 * actions" from them.
 */
import {
  DeviceDesiredStatus as DD,
  DeviceHealth as DH,
  DeviceStatus as DS,
  LinkDesiredStatus as LD,
  LinkHealth as LH,
  LinkStatus as LS,
} from '../enums.js';
import type { Role } from './roles.js';

// ---------------------------------------------------------------------------------------------
// Shapes

/** What a status change needs on the account as it is now. A missing key is "—". */
export interface Requires<D extends number, H extends number> {
  /** desired_status must be one of these. */
  readonly desiredStatus?: readonly D[];
  /** health must be one of these. */
  readonly health?: readonly H[];
}

/** One row of a status table: `from | to | requires | roles`. */
export interface StatusTransition<S extends number, D extends number, H extends number> {
  /** The status the account must have now. */
  readonly from: S;
  /** The status written. */
  readonly to: S;
  /** What the account must already have (read from the account, never from the request). */
  readonly requires: Requires<D, H>;
  /** The roles allowed to make the write (any one suffices). */
  readonly roles: readonly Role[];
  /**
   * Set when the change never happens through a status write but only through this
   * instruction (link Requested → Activated: AcceptLink).
   */
  readonly onlyThrough?: 'AcceptLink';
}

/** A status no status write may set, with the reason docs/lifecycle.md gives. */
export interface NeverWritten {
  /** A wire value (2 is the removed Suspended value and has no enum member). */
  readonly status: number;
  /** Why no write may set it. */
  readonly why: string;
}

/** One row of the "Desired status and health" table: the legal values and who may write them. */
export interface ValueWriteRule<V extends number> {
  /** The values that may be written. */
  readonly values: readonly V[];
  /** The roles allowed to write them (any one suffices). */
  readonly roles: readonly Role[];
}

/** One row of the reconciler table: `status | desired_status | health | next`. */
export interface ReconcilerRow<S extends number, D extends number, H extends number> {
  /** The current status is one of these. */
  readonly status: readonly S[];
  /** The desired status the account has. */
  readonly desiredStatus: D;
  /** The current health is one of these; `'any'` matches every value (undeclared ones too). */
  readonly health: readonly H[] | 'any';
  /** The status the reconciler moves it to. */
  readonly next: S;
}

function freezeRows<T extends object>(rows: T[]): readonly T[] {
  for (const r of rows) deepFreeze(r);
  return Object.freeze(rows);
}

function deepFreeze(o: object): void {
  for (const v of Object.values(o)) if (v !== null && typeof v === 'object') deepFreeze(v as object);
  Object.freeze(o);
}

// ---------------------------------------------------------------------------------------------
// Device status (docs/lifecycle.md#device-status)

/** One allowed device status write (docs/lifecycle.md#device-status). */
export type DeviceStatusTransition = StatusTransition<DS, DD, DH>;

/** Every allowed device status write (docs/lifecycle.md#device-status); anything else is refused. */
export const DEVICE_STATUS_TRANSITIONS: readonly DeviceStatusTransition[] = freezeRows<DeviceStatusTransition>([
  // from                     to                         requires (current account)                                                  roles
  { from: DS.PendingDeprecated, to: DS.DeviceProvisioning, requires: {}, roles: ['networkAdmin'] },
  { from: DS.DeviceProvisioning, to: DS.LinkProvisioning, requires: { desiredStatus: [DD.Activated], health: [DH.ReadyForLinks, DH.ReadyForUsers] }, roles: ['networkAdmin'] },
  { from: DS.LinkProvisioning, to: DS.Activated, requires: { desiredStatus: [DD.Activated], health: [DH.ReadyForUsers] }, roles: ['networkAdmin'] },
  { from: DS.Activated, to: DS.Drained, requires: {}, roles: ['contributor', 'networkAdmin'] },
  { from: DS.Drained, to: DS.Activated, requires: { health: [DH.ReadyForUsers] }, roles: ['contributor', 'networkAdmin'] },
]);

/** "nothing into PendingDeprecated, RejectedDeprecated or the removed value 2, and nothing into Deleting by a status write". */
export const DEVICE_STATUS_NEVER_WRITTEN: readonly NeverWritten[] = freezeRows<NeverWritten>([
  { status: DS.PendingDeprecated, why: 'it is retired and nothing moves into it' },
  { status: DS.RejectedDeprecated, why: 'it is retired and nothing moves into it' },
  { status: 2, why: 'the value 2 (formerly Suspended) was removed from the program' },
  { status: DS.Deleting, why: 'a device only becomes deleting through DeleteDevice' },
]);

// ---------------------------------------------------------------------------------------------
// Link status (docs/lifecycle.md#link-status)

/** One allowed link status change (docs/lifecycle.md#link-status). */
export type LinkStatusTransition = StatusTransition<LS, LD, LH>;

const LINK_ANY: readonly Role[] = ['contributor', 'sideZContributor', 'networkAdmin'];

/** Every allowed link status change (docs/lifecycle.md#link-status), AcceptLink's included; anything else is refused. */
export const LINK_STATUS_TRANSITIONS: readonly LinkStatusTransition[] = freezeRows<LinkStatusTransition>([
  // from                  to                  requires                                                            roles
  { from: LS.PendingDeprecated, to: LS.Provisioning, requires: {}, roles: ['networkAdmin'] },
  { from: LS.Provisioning, to: LS.Activated, requires: { desiredStatus: [LD.Activated], health: [LH.ReadyForService] }, roles: [...LINK_ANY] },
  { from: LS.Activated, to: LS.SoftDrained, requires: {}, roles: [...LINK_ANY] },
  { from: LS.Activated, to: LS.HardDrained, requires: {}, roles: [...LINK_ANY] },
  { from: LS.SoftDrained, to: LS.HardDrained, requires: {}, roles: [...LINK_ANY] },
  { from: LS.HardDrained, to: LS.SoftDrained, requires: {}, roles: [...LINK_ANY] },
  { from: LS.SoftDrained, to: LS.Activated, requires: { health: [LH.ReadyForService] }, roles: [...LINK_ANY] },
  { from: LS.HardDrained, to: LS.Activated, requires: { health: [LH.ReadyForService] }, roles: [...LINK_ANY] },
  { from: LS.Requested, to: LS.Activated, requires: {}, roles: ['sideZContributor', 'networkAdmin'], onlyThrough: 'AcceptLink' },
]);

/** "no status write into Requested, Deleting, PendingDeprecated, RejectedDeprecated or 2". */
export const LINK_STATUS_NEVER_WRITTEN: readonly NeverWritten[] = freezeRows<NeverWritten>([
  { status: LS.Requested, why: 'a link is only requested when it is created' },
  { status: LS.Deleting, why: 'a link is only removed by DeleteLink' },
  { status: LS.PendingDeprecated, why: 'it is retired and nothing moves into it' },
  { status: LS.RejectedDeprecated, why: 'it is retired and nothing moves into it' },
  { status: 2, why: 'the value 2 (formerly Suspended) was removed from the program' },
]);

// ---------------------------------------------------------------------------------------------
// Desired status and health (docs/lifecycle.md#desired-status-and-health).
// No "from" column: the current value of the field (declared or not) does not matter, and
// writing the value already there is legal. Unknown (0) / Pending are never written.

/** Which device desired statuses may be written, and by whom. */
export const DEVICE_DESIRED_STATUS_RULE: ValueWriteRule<DD> = Object.freeze({
  values: Object.freeze([DD.Activated, DD.Drained]),
  roles: Object.freeze<Role[]>(['contributor', 'networkAdmin']),
});

/** Which link desired statuses may be written, and by whom. */
export const LINK_DESIRED_STATUS_RULE: ValueWriteRule<LD> = Object.freeze({
  values: Object.freeze([LD.Activated, LD.SoftDrained, LD.HardDrained]),
  roles: Object.freeze<Role[]>(['contributor', 'sideZContributor', 'networkAdmin']),
});

/** SetDeviceHealth. */
export const DEVICE_HEALTH_RULE: ValueWriteRule<DH> = Object.freeze({
  values: Object.freeze([DH.Pending, DH.ReadyForLinks, DH.ReadyForUsers, DH.Impaired]),
  roles: Object.freeze<Role[]>(['healthOracle', 'networkAdmin']),
});

/** SetLinkHealth. */
export const LINK_HEALTH_RULE: ValueWriteRule<LH> = Object.freeze({
  values: Object.freeze([LH.Pending, LH.ReadyForService, LH.Impaired]),
  roles: Object.freeze<Role[]>(['healthOracle', 'networkAdmin']),
});

// ---------------------------------------------------------------------------------------------
// Deletion (docs/lifecycle.md#deletion)

/** DeleteDevice: status is not Activated and not Deleting; reference_count 0; no interfaces left. */
export const DEVICE_DELETION_RULE = Object.freeze({
  statusNot: Object.freeze([DS.Activated, DS.Deleting] as const),
  referenceCount: 0,
  interfaces: 0,
  roles: Object.freeze<Role[]>(['contributor', 'networkAdmin']),
});

/**
 * DeleteLink: status is SoftDrained, HardDrained, Provisioning or Requested (drain first), or one
 * of the legacy dead ends PendingDeprecated and RejectedDeprecated (retirement).
 */
export const LINK_DELETION_RULE = Object.freeze({
  statusIn: Object.freeze([LS.SoftDrained, LS.HardDrained, LS.Provisioning, LS.Requested, LS.PendingDeprecated, LS.RejectedDeprecated] as const),
  roles: Object.freeze<Role[]>(['contributor', 'networkAdmin']),
});

/** AcceptLink: the `onlyThrough: 'AcceptLink'` row of LINK_STATUS_TRANSITIONS. */
export const ACCEPT_LINK_RULE: LinkStatusTransition = LINK_STATUS_TRANSITIONS.find((r) => r.onlyThrough === 'AcceptLink')!;

// ---------------------------------------------------------------------------------------------
// The reconciler (docs/lifecycle.md#the-reconciler). Rows are tried in order; no match → none.

/** One row of the device reconciler table. */
export type DeviceReconcilerRow = ReconcilerRow<DS, DD, DH>;
/** One row of the link reconciler table. */
export type LinkReconcilerRow = ReconcilerRow<LS, LD, LH>;

/** The device reconciler table: from a status, desired status and health, the next status (what nextDeviceStatus reads). */
export const DEVICE_RECONCILER: readonly DeviceReconcilerRow[] = freezeRows<DeviceReconcilerRow>([
  // status                      desired_status    health                                  next
  { status: [DS.DeviceProvisioning], desiredStatus: DD.Activated, health: [DH.ReadyForLinks, DH.ReadyForUsers], next: DS.LinkProvisioning },
  { status: [DS.LinkProvisioning], desiredStatus: DD.Activated, health: [DH.ReadyForUsers], next: DS.Activated },
  { status: [DS.Activated], desiredStatus: DD.Drained, health: 'any', next: DS.Drained },
  { status: [DS.Drained], desiredStatus: DD.Activated, health: [DH.ReadyForUsers], next: DS.Activated },
]);

/** The link reconciler table: from a status, desired status and health, the next status. */
export const LINK_RECONCILER: readonly LinkReconcilerRow[] = freezeRows<LinkReconcilerRow>([
  { status: [LS.Provisioning], desiredStatus: LD.Activated, health: [LH.ReadyForService], next: LS.Activated },
  { status: [LS.Activated], desiredStatus: LD.SoftDrained, health: 'any', next: LS.SoftDrained },
  { status: [LS.Activated], desiredStatus: LD.HardDrained, health: 'any', next: LS.HardDrained },
  { status: [LS.SoftDrained], desiredStatus: LD.HardDrained, health: 'any', next: LS.HardDrained },
  { status: [LS.HardDrained], desiredStatus: LD.SoftDrained, health: 'any', next: LS.SoftDrained },
  { status: [LS.SoftDrained, LS.HardDrained], desiredStatus: LD.Activated, health: [LH.ReadyForService], next: LS.Activated },
]);
