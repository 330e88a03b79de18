/**
 * Transactions of several instructions: two to four checked requests on the two devices and the
 * link, in one transaction, each decided by dzprov on the state the instructions before it leave
 * (as dzprov expects them to leave it). All built ⇒ the transaction succeeds and every account is
 * what dzprov expected after the last instruction; the first refusal decides the rest: a predicted
 * error must be the program's, at that instruction.
 */
import fc from 'fast-check';
import type { PublicKey, TransactionInstruction } from '@solana/web3.js';
import {
  DecodeError,
  DeviceDesiredStatus,
  DeviceStatus,
  LinkDesiredStatus,
  LinkStatus,
  activateLink,
  createSetDeviceHealthInstruction,
  createSetLinkHealthInstruction,
  drainDevice,
  hardDrainLink,
  setDeviceDesiredStatus,
  setDeviceHealth,
  setLinkDesiredStatus,
  setLinkHealth,
  softDrainLink,
  undrainDevice,
  type Device,
  type Link,
} from '../../../src/index.js';
import { anyCaller, arbMildState, arbState, deviceIs, firstProblem, linkIs } from './common.js';
import { rolesOf, type CaseState, type Kind, type Prepared } from './engine.js';
import type { CallerShape } from './shapes.js';
import { deviceStatusArgs, rawUpdateDevice } from './kinds-device.js';
import { deviceAt, linkStatusArgs, rawUpdateLink } from './kinds-link.js';

const STEPS = [
  'setDeviceHealth',
  'setDeviceDesiredStatus',
  'drainDevice',
  'undrainDevice',
  'setLinkHealth',
  'setLinkDesiredStatus',
  'softDrainLink',
  'hardDrainLink',
  'activateLink',
] as const;
type StepKind = (typeof STEPS)[number];

const arbStep = fc.record({ kind: fc.constantFrom(...STEPS), device: fc.constantFrom<'devA' | 'devZ'>('devA', 'devZ'), value: fc.nat({ max: 4 }) });
type Step = typeof arbStep extends fc.Arbitrary<infer T> ? T : never;

const DEVICE_HEALTHS = [1, 2, 3, 3, 4];
const DEVICE_DESIRED = [1, 1, 6, 0, 6];
const LINK_HEALTHS = [1, 2, 2, 3, 2];
const LINK_DESIRED = [1, 6, 7, 1, 0];

/** The accounts as dzprov expects them after the instructions decided so far. */
interface Model {
  devA: Device;
  devZ: Device;
  link: Link;
}

/** dzprov's instruction for a step on the modeled state, its unchecked twin, and the change it makes. */
function stepOf(st: CaseState, m: Model, s: Step): { build: () => TransactionInstruction; unchecked: () => TransactionInstruction; apply: (m: Model) => Model } {
  const w = st.w;
  const isDevice = !s.kind.includes('Link');
  if (isDevice) {
    const d = m[s.device];
    const pk = s.device === 'devA' ? st.devAPk : st.devZPk;
    const input = { programId: w.programId, payer: st.caller.publicKey, roles: rolesOf(st, d.contributorPk as PublicKey), appendPermission: st.appendPermission, devicePk: pk, device: d };
    const set = (changes: Partial<Device>) => (x: Model): Model => ({ ...x, [s.device]: { ...x[s.device], ...changes } });
    const raw = (args: Parameters<typeof rawUpdateDevice>[1]) => rawOn(st, pk, d, args);
    switch (s.kind as Exclude<StepKind, `${string}Link${string}`>) {
      case 'setDeviceHealth': {
        const to = DEVICE_HEALTHS[s.value]!;
        const ix = () => createSetDeviceHealthInstruction({ programId: w.programId, payer: st.caller.publicKey, device: pk, args: { health: to }, appendPermission: st.appendPermission });
        return { build: () => setDeviceHealth({ ...input, to }), unchecked: ix, apply: set({ deviceHealth: to }) };
      }
      case 'setDeviceDesiredStatus': {
        const to = DEVICE_DESIRED[s.value]!;
        return { build: () => setDeviceDesiredStatus({ ...input, to }), unchecked: () => raw({ desiredStatus: to }), apply: set({ desiredStatus: to }) };
      }
      case 'drainDevice':
        return { build: () => drainDevice(input), unchecked: () => raw(deviceStatusArgs(DeviceStatus.Drained)), apply: set({ status: DeviceStatus.Drained, desiredStatus: DeviceDesiredStatus.Drained }) };
      case 'undrainDevice':
        return { build: () => undrainDevice(input), unchecked: () => raw(deviceStatusArgs(DeviceStatus.Activated)), apply: set({ status: DeviceStatus.Activated, desiredStatus: DeviceDesiredStatus.Activated }) };
    }
  }
  const link = m.link;
  const z = deviceAt(st, link.sideZPk as PublicKey);
  const input = {
    programId: w.programId,
    payer: st.caller.publicKey,
    roles: rolesOf(st, link.contributorPk as PublicKey, z?.contributorPk as PublicKey | undefined),
    appendPermission: st.appendPermission,
    linkPk: st.linkPk,
    link,
    ...(z ? { sideZContributorPk: z.contributorPk, sideZDevice: z } : {}),
  };
  const set = (changes: Partial<Link>) => (x: Model): Model => ({ ...x, link: { ...x.link, ...changes } });
  const raw = (args: Parameters<typeof rawUpdateLink>[1]) => rawUpdateLink({ ...st, link }, args);
  switch (s.kind) {
    case 'setLinkHealth': {
      const to = LINK_HEALTHS[s.value]!;
      const ix = () => createSetLinkHealthInstruction({ programId: w.programId, payer: st.caller.publicKey, link: st.linkPk, args: { health: to }, appendPermission: st.appendPermission });
      return { build: () => setLinkHealth({ ...input, to }), unchecked: ix, apply: set({ linkHealth: to }) };
    }
    case 'setLinkDesiredStatus': {
      const to = LINK_DESIRED[s.value]!;
      return { build: () => setLinkDesiredStatus({ ...input, to }), unchecked: () => raw({ desiredStatus: to }), apply: set({ desiredStatus: to }) };
    }
    case 'softDrainLink':
      return { build: () => softDrainLink(input), unchecked: () => raw(linkStatusArgs(LinkStatus.SoftDrained)), apply: set({ status: LinkStatus.SoftDrained, desiredStatus: LinkDesiredStatus.SoftDrained }) };
    case 'hardDrainLink':
      return { build: () => hardDrainLink(input), unchecked: () => raw(linkStatusArgs(LinkStatus.HardDrained)), apply: set({ status: LinkStatus.HardDrained, desiredStatus: LinkDesiredStatus.HardDrained }) };
    default:
      return { build: () => activateLink(input), unchecked: () => raw(linkStatusArgs(LinkStatus.Activated)), apply: set({ status: LinkStatus.Activated, desiredStatus: LinkDesiredStatus.Activated }) };
  }
}

/** The raw UpdateDevice of device `pk` (as modeled) with no checks. */
function rawOn(st: CaseState, pk: PublicKey, d: Device, args: Parameters<typeof rawUpdateDevice>[1]): TransactionInstruction {
  return rawUpdateDevice({ ...st, devAPk: pk, devA: d }, args);
}

export const transactionKind: Kind<Step[]> = {
  name: 'transactions',
  weight: 8,
  arb: fc.record({
    state: fc.oneof({ weight: 3, arbitrary: arbMildState }, { weight: 1, arbitrary: arbState }),
    // Mostly the foundation (legacy mode), who may make every step; sometimes anyone.
    caller: fc.oneof(
      { weight: 1, arbitrary: anyCaller },
      { weight: 2, arbitrary: fc.constant<CallerShape>({ who: 'foundation', permission: 'none', otherFlags: 0n, featureFlags: 0n }) },
    ),
    req: fc.array(arbStep, { minLength: 2, maxLength: 4 }),
  }),
  prepare: (st, steps): Prepared => {
    let refusedAt = -1;
    let model: Model | null = null;
    const plan = () => {
      if (!st.devA || !st.devZ || !st.link) return null;
      let m: Model = { devA: st.devA, devZ: st.devZ, link: st.link };
      const built: TransactionInstruction[] = [];
      const unchecked: TransactionInstruction[] = [];
      for (let i = 0; i < steps.length; i++) {
        const s = stepOf(st, m, steps[i]!);
        unchecked.push(s.unchecked());
        try {
          built.push(s.build());
        } catch (e) {
          refusedAt = i;
          return { built, unchecked, error: e, model: m };
        }
        m = s.apply(m);
      }
      return { built, unchecked, error: undefined, model: m };
    };
    return {
      decide: () => {
        const p = plan();
        if (!p) throw new DecodeError('Device', 'account', 0, 'an account of the case does not decode');
        if (p.error) throw p.error;
        model = p.model;
        return p.built;
      },
      unchecked: () => {
        const p = plan();
        if (!p) throw new Error('undecodable state');
        return p.unchecked;
      },
      predictedAt: () => Math.max(0, refusedAt),
      expect: (res) => {
        const m = model!;
        // Every account the transaction wrote is what dzprov expected after its last instruction.
        const touched = new Set(steps.map((s) => (s.kind.includes('Link') ? 'link' : s.device)));
        const problems: (string | undefined)[] = [];
        if (touched.has('link')) problems.push(linkIs(st.w, res, st.linkPk, m.link));
        if (touched.has('devA')) problems.push(deviceIs(st.w, res, st.devAPk, m.devA, 'device A'));
        if (touched.has('devZ')) problems.push(deviceIs(st.w, res, st.devZPk, m.devZ, 'device Z'));
        return firstProblem(...problems);
      },
    };
  },
  describe: (_st, steps) => `transaction [${steps.map((s) => `${s.kind}${s.kind.includes('Link') ? '' : `(${s.device})`}#${s.value}`).join(', ')}]`,
};
