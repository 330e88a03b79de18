import { IllegalTransitionError } from '../errors.js';
import { expectBoolean, expectObject, expectString, expectStringArray } from '../validate.js';
import type { Role } from './roles.js';

/**
 * The answer of every lifecycle check: legal, or refused with a sentence an operator can act
 * on (current state, target, what is missing, which roles may do it).
 */
export type LifecycleResult =
  | {
      /** The change is allowed. */
      ok: true;
    }
  | {
      /** The change is refused. */
      ok: false;
      /** Why, in one line. */
      reason: string;
    };

export const LEGAL: LifecycleResult = Object.freeze({ ok: true as const });

export function refuse(reason: string): LifecycleResult {
  return Object.freeze({ ok: false as const, reason });
}

/** Several independent problems (missing role, unmet requirement...) become one reason. */
export function refuseAll(problems: readonly string[]): LifecycleResult {
  return problems.length === 0 ? LEGAL : refuse(problems.join('. Also, '));
}

/**
 * Throws `IllegalTransitionError` when `result` is a refusal (for the lifecycle-checked
 * builders); returns nothing when it is legal.
 */
export function assertLifecycle(
  result: LifecycleResult,
  context: { subject: string; from: string; to: string; roles: readonly Role[] },
): void {
  expectObject(result, 'result');
  expectBoolean(result.ok, 'result.ok');
  expectObject(context, 'context');
  expectString(context.subject, 'context.subject');
  expectString(context.from, 'context.from');
  expectString(context.to, 'context.to');
  expectStringArray(context.roles, 'context.roles');
  if (!result.ok) {
    expectString(result.reason, 'result.reason');
    throw new IllegalTransitionError(context.subject, context.from, context.to, [...context.roles], result.reason);
  }
}
