/**
 * The interpreter shared by devices and links: it reads the tables of tables.ts and turns a
 * request into a LifecycleResult with an operator-readable reason. Nothing here knows a
 * specific status; every rule comes from the tables.
 */
import { ValidationError } from '../errors.js';
import { describeValue, expectNumber } from '../validate.js';
import type { EnumSpec } from '../enums.js';
import { LEGAL, refuse, refuseAll, type LifecycleResult } from './result.js';
import { anyRoleAllowed, heldPhrase, roleSet, rolesPhrase, type Role } from './roles.js';
import type { NeverWritten, ReconcilerRow, StatusTransition, ValueWriteRule } from './tables.js';

/** The three fields a status check reads, whatever the account calls its health field. */
export interface StatusView {
  readonly status: number;
  readonly desiredStatus: number;
  readonly health: number;
}

/** Everything the interpreter needs to know about one kind of account. */
export interface StatusMachine {
  /** "device" or "link". */
  readonly subject: string;
  /** The status enum. */
  readonly status: EnumSpec;
  /** The desired-status enum. */
  readonly desired: EnumSpec;
  /** The health enum. */
  readonly health: EnumSpec;
  /** The allowed status writes. */
  readonly transitions: readonly StatusTransition<number, number, number>[];
  /** The statuses no write may set. */
  readonly neverWritten: readonly NeverWritten[];
  /** The reconciler table. */
  readonly reconciler: readonly ReconcilerRow<number, number, number>[];
}

/** Throws a ValidationError when the account argument is not an object (a caller bug). */
export function requireAccount(x: unknown, name: string): void {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) {
    throw new ValidationError(name, 'must be a decoded account', `invalid ${name}: expected a decoded ${name} account, got ${describeValue(x)}`);
  }
}

function oneOf(spec: EnumSpec, values: readonly number[]): string {
  return rolesPhraseLike(values.map((v) => spec.label(v)));
}

function rolesPhraseLike(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]!}`;
}

function arrow(m: StatusMachine, from: number, to: number): string {
  return `${m.status.label(from)} → ${m.status.label(to)}`;
}

/** "from activated the lifecycle allows → drained" / "from deleting no status write is legal" (status-write rows only). */
function stepsFrom(m: StatusMachine, from: number): string {
  const rows = m.transitions.filter((r) => r.from === from && r.onlyThrough === undefined);
  const label = m.status.label(from);
  if (rows.length === 0) return `from ${label} no status write is legal`;
  return `from ${label} the lifecycle allows ${rows.map((r) => `→ ${m.status.label(r.to)}`).join(', ')}`;
}

/** The requirement problems of a row against the account as it is now (empty when all are met). */
function unmetRequirements(m: StatusMachine, row: StatusTransition<number, number, number>, acc: StatusView): string | undefined {
  const missing: string[] = [];
  const { desiredStatus, health } = row.requires;
  if (desiredStatus && !desiredStatus.includes(acc.desiredStatus)) {
    missing.push(`desired status ${oneOf(m.desired, desiredStatus)} (it is ${m.desired.label(acc.desiredStatus)})`);
  }
  if (health && !health.includes(acc.health)) {
    missing.push(`health ${oneOf(m.health, health)} (it is ${m.health.label(acc.health)})`);
  }
  if (missing.length === 0) return undefined;
  return `${m.subject} is ${m.status.label(acc.status)}; ${m.status.label(row.to)} needs ${missing.join(' and ')}`;
}

function missingRole(action: string, allowed: readonly Role[], held: ReadonlySet<Role>): string | undefined {
  if (anyRoleAllowed(held, allowed)) return undefined;
  return `${action} requires role ${rolesPhrase(allowed)}; ${heldPhrase(held)}`;
}

/**
 * Checks a transition `acc.status → to`. With `through === 'status write'` the rows marked
 * `onlyThrough` are refused (they point at their instruction); with `through === 'AcceptLink'`
 * only such rows are considered.
 */
export function checkStatusChange(
  m: StatusMachine,
  acc: StatusView,
  to: number,
  roles: readonly Role[],
  through: 'status write' | 'AcceptLink' = 'status write',
): LifecycleResult {
  expectNumber(to, 'to');
  const held = roleSet(roles);
  const from = acc.status;
  const fromLabel = m.status.label(from);
  if (!m.status.isKnown(from)) {
    return refuse(`${m.subject} status is ${fromLabel}, a value the program does not declare; no status change out of it is legal`);
  }
  let row: StatusTransition<number, number, number> | undefined;
  if (through === 'AcceptLink') {
    row = m.transitions.find((r) => r.onlyThrough === 'AcceptLink' && r.from === from && r.to === to);
    if (!row) {
      const froms = m.transitions.filter((r) => r.onlyThrough === 'AcceptLink').map((r) => m.status.label(r.from));
      return refuse(`${m.subject} is ${fromLabel}; AcceptLink only accepts a ${m.subject} that is ${rolesPhraseLike(froms)}`);
    }
  } else {
    const never = m.neverWritten.find((n) => n.status === to);
    if (!m.status.isKnown(to)) {
      return refuse(
        `${m.status.label(to)} is not a ${m.subject} status the program declares${never ? `: ${never.why}` : ''}; ${stepsFrom(m, from)}`,
      );
    }
    if (to === from) {
      return refuse(`${m.subject} is already ${fromLabel}; a status change must move to another status (${stepsFrom(m, from)})`);
    }
    if (never) {
      return refuse(`no status write may set a ${m.subject} to ${m.status.label(to)}: ${never.why}; ${stepsFrom(m, from)}`);
    }
    row = m.transitions.find((r) => r.from === from && r.to === to);
    if (!row) {
      return refuse(`${arrow(m, from, to)} is not a step of the ${m.subject} lifecycle; ${stepsFrom(m, from)}`);
    }
    if (row.onlyThrough) {
      return refuse(
        `${arrow(m, from, to)} only happens through ${row.onlyThrough} (role ${rolesPhrase(row.roles)}), never through a status write`,
      );
    }
  }
  const problems: string[] = [];
  const action = through === 'AcceptLink' ? `AcceptLink (${arrow(m, from, to)})` : arrow(m, from, to);
  const roleProblem = missingRole(action, row.roles, held);
  if (roleProblem) problems.push(roleProblem);
  const reqProblem = unmetRequirements(m, row, acc);
  if (reqProblem) problems.push(reqProblem);
  return refuseAll(problems);
}

/** Every declared target, in ascending order, for which `checkStatusChange` is legal. */
export function legalTargets(m: StatusMachine, acc: StatusView, roles: readonly Role[]): number[] {
  roleSet(roles);
  return m.status.values.filter((to) => checkStatusChange(m, acc, to, roles).ok);
}

/** Checks a write of desired status or health (`what` names the field in reasons). */
export function checkValueWrite(
  spec: EnumSpec,
  rule: ValueWriteRule<number>,
  what: string,
  to: number,
  roles: readonly Role[],
): LifecycleResult {
  expectNumber(to, 'to');
  const held = roleSet(roles);
  const legal = `legal values: ${rule.values.map((v) => spec.label(v)).join(', ')}`;
  if (!spec.isKnown(to)) {
    return refuse(`${spec.label(to)} is not a ${what} the program declares; ${legal}`);
  }
  if (!rule.values.includes(to)) {
    return refuse(`${what} ${spec.label(to)} is never written; ${legal}`);
  }
  const roleProblem = missingRole(`setting ${what} to ${spec.label(to)}`, rule.roles, held);
  return roleProblem ? refuse(roleProblem) : LEGAL;
}

/** The reconciler: the first matching row's `next`, or undefined. */
export function reconcile(m: StatusMachine, acc: StatusView): number | undefined {
  for (const row of m.reconciler) {
    if (!row.status.includes(acc.status)) continue;
    if (row.desiredStatus !== acc.desiredStatus) continue;
    if (row.health !== 'any' && !row.health.includes(acc.health)) continue;
    return row.next;
  }
  return undefined;
}

export { missingRole, rolesPhraseLike };
