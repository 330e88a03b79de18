import { describe, expect, it } from 'vitest';
import {
  LINK_STATUS_TRANSITIONS,
  ROLES,
  ValidationError,
  canAcceptLink,
  canChangeLinkStatus,
  legalLinkStatusTargets,
  type Role,
} from '../../src/index.js';

// The expected policy, transcribed by hand from docs/lifecycle.md#link-status,
// keyed "from>to" (status writes only). Role letters: C contributor, Z sideZContributor,
// N networkAdmin, H healthOracle. LinkDesiredStatus Activated = 1; LinkHealth ReadyForService = 2.
const EXPECTED_WRITES: Record<string, { roles: string; req: (desired: number, health: number) => boolean }> = {
  '0>8': { roles: 'N', req: () => true },
  '8>1': { roles: 'CZN', req: (d, h) => d === 1 && h === 2 },
  '1>7': { roles: 'CZN', req: () => true },
  '1>6': { roles: 'CZN', req: () => true },
  '7>6': { roles: 'CZN', req: () => true },
  '6>7': { roles: 'CZN', req: () => true },
  '7>1': { roles: 'CZN', req: (_d, h) => h === 2 },
  '6>1': { roles: 'CZN', req: (_d, h) => h === 2 },
};
// "Requested (5) → Activated (1): only through AcceptLink, never a status write — sideZContributor, networkAdmin"
const ACCEPT = { from: 5, roles: 'ZN' };
const LETTER: Record<Role, string> = { contributor: 'C', sideZContributor: 'Z', networkAdmin: 'N', healthOracle: 'H' };
const DECLARED_STATUS = [0, 1, 3, 4, 5, 6, 7, 8];
const ROLE_SUBSETS: Role[][] = Array.from({ length: 16 }, (_, mask) => ROLES.filter((_r, i) => (mask >> i) & 1));
const has = (roles: Role[], letters: string) => roles.some((r) => letters.includes(LETTER[r]));

function expectedWrite(status: number, desired: number, health: number, roles: Role[], to: number): boolean {
  const row = EXPECTED_WRITES[`${status}>${to}`];
  return row !== undefined && has(roles, row.roles) && row.req(desired, health);
}

const STATUSES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 255];
const DESIREDS = [0, 1, 6, 7, 2, 255];
const HEALTHS = [0, 1, 2, 3, 4, 200];
const TARGETS = [...STATUSES, -3, 7.5];

describe('canChangeLinkStatus — exhaustive against the hand-written table', () => {
  it('agrees on every status × desired × health × role set × target, and explains every refusal', () => {
    const mismatches: string[] = [];
    let checked = 0;
    const rowsSeenLegal = new Set<string>();
    for (const status of STATUSES)
      for (const desiredStatus of DESIREDS)
        for (const linkHealth of HEALTHS)
          for (const roles of ROLE_SUBSETS)
            for (const to of TARGETS) {
              // Given / When
              const got = canChangeLinkStatus({ status, desiredStatus, linkHealth }, to, roles);
              const want = expectedWrite(status, desiredStatus, linkHealth, roles, to);
              checked++;
              const where = `${status}>${to} d=${desiredStatus} h=${linkHealth} roles=[${roles.join(',')}]`;
              // Then
              if (got.ok !== want) mismatches.push(`${where}: got ${JSON.stringify(got)}, want ok=${want}`);
              if (got.ok) {
                rowsSeenLegal.add(`${status}>${to}`);
                continue;
              }
              if (typeof got.reason !== 'string' || got.reason.trim() === '') mismatches.push(`${where}: empty reason`);
              if (status === ACCEPT.from && to === 1 && !got.reason.includes('AcceptLink')) {
                mismatches.push(`${where}: requested → activated must point at AcceptLink: ${got.reason}`);
              }
              const row = EXPECTED_WRITES[`${status}>${to}`];
              if (row && DECLARED_STATUS.includes(status)) {
                if (got.reason.includes('requires role') !== !has(roles, row.roles)) mismatches.push(`${where}: role part wrong: ${got.reason}`);
                if (got.reason.includes(' needs ') !== !row.req(desiredStatus, linkHealth)) mismatches.push(`${where}: requirement part wrong: ${got.reason}`);
              }
              if (!DECLARED_STATUS.includes(status) && !got.reason.includes('does not declare')) {
                mismatches.push(`${where}: should say the current status is undeclared: ${got.reason}`);
              }
            }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(11 * 6 * 6 * 16 * 13);
    expect([...rowsSeenLegal].sort()).toEqual(Object.keys(EXPECTED_WRITES).sort());
  });

  it('legalLinkStatusTargets lists exactly the declared targets the table allows', () => {
    const mismatches: string[] = [];
    for (const status of STATUSES)
      for (const desiredStatus of DESIREDS)
        for (const linkHealth of HEALTHS)
          for (const roles of ROLE_SUBSETS) {
            const got = legalLinkStatusTargets({ status, desiredStatus, linkHealth }, roles);
            const want = DECLARED_STATUS.filter((to) => expectedWrite(status, desiredStatus, linkHealth, roles, to));
            if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${status} d=${desiredStatus} h=${linkHealth} [${roles}]: ${got} vs ${want}`);
          }
    expect(mismatches).toEqual([]);
  });

  it('exports the table with one row per row of docs/lifecycle.md, AcceptLink marked', () => {
    const rows = LINK_STATUS_TRANSITIONS.map((r) => `${r.from}>${r.to}${r.onlyThrough ? ` via ${r.onlyThrough}` : ''}`);
    expect(rows.sort()).toEqual([...Object.keys(EXPECTED_WRITES), '5>1 via AcceptLink'].sort());
  });
});

describe('canAcceptLink — exhaustive', () => {
  it('is legal exactly for a requested link and sideZContributor or networkAdmin, whatever desired status and health', () => {
    const mismatches: string[] = [];
    let legal = 0;
    for (const status of STATUSES)
      for (const desiredStatus of DESIREDS)
        for (const linkHealth of HEALTHS)
          for (const roles of ROLE_SUBSETS) {
            // When
            const got = canAcceptLink({ status, desiredStatus, linkHealth }, roles);
            // Then
            const want = status === ACCEPT.from && has(roles, ACCEPT.roles);
            if (got.ok !== want) mismatches.push(`${status} d=${desiredStatus} h=${linkHealth} [${roles}]: ${JSON.stringify(got)}`);
            if (got.ok) legal++;
            else if (got.reason.trim() === '') mismatches.push('empty reason');
          }
    expect(mismatches).toEqual([]);
    expect(legal).toBe(6 * 6 * 12); // 12 of the 16 role sets hold Z or N
  });

  it('explains a refusal', () => {
    const link = { status: 1, desiredStatus: 1, linkHealth: 2 };
    expect(canAcceptLink(link, ['networkAdmin'])).toEqual({ ok: false, reason: 'link is activated; AcceptLink only accepts a link that is requested' });
    expect(canAcceptLink({ ...link, status: 5 }, ['contributor'])).toEqual({
      ok: false,
      reason: 'AcceptLink (requested → activated) requires role sideZContributor or networkAdmin; caller has contributor',
    });
  });
});

describe('canChangeLinkStatus — reasons', () => {
  const link = (status: number, desiredStatus: number, linkHealth: number) => ({ status, desiredStatus, linkHealth });

  it('points requested → activated at AcceptLink, even for networkAdmin', () => {
    const r = canChangeLinkStatus(link(5, 1, 2), 1, ['networkAdmin']);
    expect(r).toEqual({
      ok: false,
      reason: 'requested → activated only happens through AcceptLink (role sideZContributor or networkAdmin), never through a status write',
    });
  });

  it('names the missing health on return from a drain', () => {
    const r = canChangeLinkStatus(link(7, 1, 3), 1, ['contributor']);
    expect(r).toEqual({ ok: false, reason: 'link is soft-drained; activated needs health ready-for-service (it is impaired)' });
  });

  it('refuses writes into requested and deleting with their reason', () => {
    const req = canChangeLinkStatus(link(1, 1, 2), 5, ['networkAdmin']);
    expect(!req.ok && req.reason).toContain('no status write may set a link to requested');
    const del = canChangeLinkStatus(link(6, 6, 2), 3, ['networkAdmin']);
    expect(!del.ok && del.reason).toContain('DeleteLink');
  });

  it('throws ValidationError for an unknown role', () => {
    expect(() => canChangeLinkStatus(link(1, 1, 2), 7, ['sideA' as Role])).toThrow(ValidationError);
  });
});
