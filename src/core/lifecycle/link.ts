/** Link lifecycle checks (docs/lifecycle.md#link-status, #desired-status-and-health, #deletion). */
import { LinkDesiredStatusSpec, LinkHealthSpec, LinkStatus, LinkStatusSpec } from '../enums.js';
import type { Link } from '../state/link.js';
import {
  checkStatusChange,
  checkValueWrite,
  legalTargets,
  missingRole,
  reconcile,
  requireAccount,
  rolesPhraseLike,
  type StatusMachine,
  type StatusView,
} from './machine.js';
import { refuseAll, type LifecycleResult } from './result.js';
import { roleSet, type Role } from './roles.js';
import {
  LINK_DELETION_RULE,
  LINK_DESIRED_STATUS_RULE,
  LINK_HEALTH_RULE,
  LINK_RECONCILER,
  LINK_STATUS_NEVER_WRITTEN,
  LINK_STATUS_TRANSITIONS,
} from './tables.js';

/** The fields a link check reads (a decoded `Link` fits). */
export type LinkStatusState = Pick<Link, 'status' | 'desiredStatus' | 'linkHealth'>;

/** The link lifecycle: its enums and tables. */
export const LINK_MACHINE: StatusMachine = Object.freeze({
  subject: 'link',
  status: LinkStatusSpec,
  desired: LinkDesiredStatusSpec,
  health: LinkHealthSpec,
  transitions: LINK_STATUS_TRANSITIONS,
  neverWritten: LINK_STATUS_NEVER_WRITTEN,
  reconciler: LINK_RECONCILER,
});

function view(link: LinkStatusState): StatusView {
  requireAccount(link, 'link');
  return { status: link.status, desiredStatus: link.desiredStatus, health: link.linkHealth };
}

/**
 * May `roles` change the link's status to `to` by a status write (UpdateLink.status)?
 * Requested → Activated is refused here: it only happens through AcceptLink ({@link canAcceptLink}).
 */
export function canChangeLinkStatus(link: LinkStatusState, to: number, roles: readonly Role[]): LifecycleResult {
  return checkStatusChange(LINK_MACHINE, view(link), to, roles);
}

/** Every status `roles` may write on the link now by a status write, ascending. */
export function legalLinkStatusTargets(link: LinkStatusState, roles: readonly Role[]): LinkStatus[] {
  return legalTargets(LINK_MACHINE, view(link), roles) as LinkStatus[];
}

/** May `roles` accept the link (AcceptLink: Requested → Activated; sideZContributor or networkAdmin)? */
export function canAcceptLink(link: LinkStatusState, roles: readonly Role[]): LifecycleResult {
  return checkStatusChange(LINK_MACHINE, view(link), LinkStatus.Activated, roles, 'AcceptLink');
}

/** May `roles` write the link's desired_status `to`? Only the value matters (see canSetDeviceDesiredStatus). */
export function canSetLinkDesiredStatus(link: LinkStatusState, to: number, roles: readonly Role[]): LifecycleResult {
  requireAccount(link, 'link');
  return checkValueWrite(LinkDesiredStatusSpec, LINK_DESIRED_STATUS_RULE, 'link desired status', to, roles);
}

/** May `roles` set the link's health to `to` (SetLinkHealth)? Only the value matters. */
export function canSetLinkHealth(link: LinkStatusState, to: number, roles: readonly Role[]): LifecycleResult {
  requireAccount(link, 'link');
  return checkValueWrite(LinkHealthSpec, LINK_HEALTH_RULE, 'link health', to, roles);
}

/** May `roles` delete the link (DeleteLink)? Needs status SoftDrained, HardDrained, Provisioning or Requested, or a legacy dead end (PendingDeprecated, RejectedDeprecated: retirement). */
export function canDeleteLink(link: Pick<Link, 'status'>, roles: readonly Role[]): LifecycleResult {
  requireAccount(link, 'link');
  const held = roleSet(roles);
  const rule = LINK_DELETION_RULE;
  const problems: string[] = [];
  const roleProblem = missingRole('DeleteLink', rule.roles, held);
  if (roleProblem) problems.push(roleProblem);
  if (!(rule.statusIn as readonly number[]).includes(link.status)) {
    const need = rolesPhraseLike(rule.statusIn.map((s) => LinkStatusSpec.label(s)));
    const hint = link.status === LinkStatus.Activated ? ' (drain it first)' : '';
    problems.push(`link is ${LinkStatusSpec.label(link.status)}; DeleteLink needs ${need}${hint}`);
  }
  return refuseAll(problems);
}

/** The reconciler's next status for the link, or undefined when nothing is due. */
export function nextLinkStatus(link: LinkStatusState): LinkStatus | undefined {
  return reconcile(LINK_MACHINE, view(link)) as LinkStatus | undefined;
}
