/**
 * Health updates are typed by kind (issue #19, item 3): a device update takes only a
 * DeviceHealth, a link update only a LinkHealth, in both doors. Two proofs that the wrong kind
 * does not compile:
 * - the `@ts-expect-error` lines below: `npm test`'s typecheck step (tsc over test/) fails if any
 *   of them compiles, i.e. if the mistake stops being an error;
 * - the TypeScript compiler run here on a fixture program importing the built package (`dzprov`,
 *   `dzprov/kit`), which must report exactly the wrong lines (and nothing on the right ones).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DeviceHealth, LinkHealth, type DeviceHealthUpdate, type HealthUpdate, type LinkHealthUpdate } from '../../src/index.js';
import type * as kit from '../../src/kit/index.js';
import { dzprov, ensureBuilt } from '../cli/harness.js';
import { typeErrors } from '../helpers/typecheck.js';

// -- Checked by the typecheck step (never run). -------------------------------------------------
export function typeOnly(target: string, n: number): HealthUpdate[] {
  const ok: HealthUpdate[] = [
    { kind: 'device', target, health: DeviceHealth.ReadyForLinks },
    { kind: 'link', target, health: LinkHealth.ReadyForService },
  ];
  // @ts-expect-error a link health on a device update (it would write device health 2, ready-for-links)
  ok.push({ kind: 'device', target, health: LinkHealth.ReadyForService });
  // @ts-expect-error a device health on a link update
  ok.push({ kind: 'link', target, health: DeviceHealth.Impaired });
  // @ts-expect-error a literal no LinkHealth declares
  ok.push({ kind: 'link', target, health: 4 });
  // @ts-expect-error the wrong kind through the narrowed types too
  const d: DeviceHealthUpdate = { kind: 'device', target, health: LinkHealth.Impaired };
  // @ts-expect-error and in the kit door
  const k: kit.LinkHealthUpdate = { kind: 'link', target, health: DeviceHealth.Pending };
  const l: LinkHealthUpdate = { kind: 'link', target, health: LinkHealth.Pending };
  // A plain number still compiles (TypeScript lets any number into a numeric enum): the run-time
  // check (a ValidationError naming updates[i].health) covers it.
  ok.push({ kind: 'device', target, health: n });
  return [...ok, d, k as unknown as HealthUpdate, l];
}

// -- Checked by running the compiler on a fixture, against the built package. ------------------
const FIXTURE = `
import { DeviceHealth, LinkHealth, type HealthUpdate } from 'dzprov';
import * as kit from 'dzprov/kit';
export const good: HealthUpdate[] = [
  { kind: 'device', target: 'd', health: DeviceHealth.ReadyForUsers },
  { kind: 'link', target: 'l', health: LinkHealth.Impaired },
];
export const wrongDevice: HealthUpdate = { kind: 'device', target: 'd', health: LinkHealth.ReadyForService };
export const wrongLink: HealthUpdate = { kind: 'link', target: 'l', health: DeviceHealth.ReadyForUsers };
export const kitGood: kit.HealthUpdate = { kind: 'link', target: 'l', health: kit.LinkHealth.Pending };
export const kitWrong: kit.HealthUpdate = { kind: 'device', target: 'd', health: kit.LinkHealth.Impaired };
`;

describe('the wrong health kind does not compile', () => {
  beforeAll(() => ensureBuilt());

  it('tsc reports exactly the wrong-kind lines of the fixture, in both doors, and nothing else', () => {
    // Given the fixture program, compiled against the built package with the repository's strict settings
    // When
    const errors = typeErrors(FIXTURE);
    // Then exactly the three wrong lines fail, each because of the other kind's enum
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [8, 2322],
      [9, 2322],
      [11, 2322],
    ]);
    expect(errors[0]!.text).toMatch(/Type 'LinkHealth\.ReadyForService' is not assignable to type 'DeviceHealth'/);
    expect(errors[1]!.text).toMatch(/Type 'DeviceHealth\.ReadyForUsers' is not assignable to type 'LinkHealth'/);
    expect(errors[2]!.text).toMatch(/Type 'LinkHealth\.Impaired' is not assignable to type 'DeviceHealth'/);
  }, 120_000);
});

describe('the CLI takes health labels by kind', () => {
  beforeAll(() => ensureBuilt());

  it('set-health: the other kind\'s label (or a bare number) is refused for its target with a ValidationError naming the enum; the rest is planned', async () => {
    // Given a dry run on the sample ledger: a link label for a device, a device label for a link, a number
    const input = 'ams-dz1 ready-for-service\nams-fra-1 ready-for-links\nams-dz1 2\nlax-dz1 impaired\n';
    // When
    const r = await dzprov(['set-health', '-', '--json'], { input });
    // Then each bad line is refused on its own, and the good one is planned (exit 1: a target was refused)
    expect(r.code).toBe(1);
    const rows = r.lines.map((l) => JSON.parse(l) as { target: string; status: string; reason?: string; error?: { name: string } });
    expect(rows.map((x) => [x.target, x.status, x.error?.name ?? null])).toEqual([
      ['ams-dz1', 'refused', 'ValidationError'],
      ['ams-fra-1', 'refused', 'ValidationError'],
      ['ams-dz1', 'refused', 'ValidationError'],
      ['lax-dz1', 'planned', null],
    ]);
    expect(rows[0]!.reason).toMatch(/"ready-for-service" is not a valid DeviceHealth/);
    expect(rows[1]!.reason).toMatch(/"ready-for-links" is not a valid LinkHealth/);
    expect(rows[2]!.reason).toMatch(/"2" is not a valid DeviceHealth/);
  }, 60_000);
});
