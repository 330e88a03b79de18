/**
 * Device onboarding kinds: the checked builders updateDeviceFields, createDeviceInterface,
 * updateDeviceInterface and deleteDeviceInterface, drawn over every caller (roles resolved as the
 * client resolves them) with the raw kinds' requests, states and expectations: what they build must
 * land as the raw kind expects, what they refuse the program judges (the unchecked request sent).
 * (createDevice makes a new account and moves GlobalState's index: the oracle-node suite
 * deviceOnboarding.test.ts judges it, and the raw CreateDevice kind its arguments.)
 */
import fc from 'fast-check';
import { PublicKey, type TransactionInstruction } from '@solana/web3.js';
import { createDeviceInterface, deleteDeviceInterface, updateDeviceFields, updateDeviceInterface, type DeviceFieldUpdate } from '../../../src/index.js';
import { anyCaller, arbMostlyMild, arbState, deviceOrThrow } from './common.js';
import type { CaseState, Kind, Prepared, StateShape } from './engine.js';
import type { CallerShape } from './shapes.js';
import { checkedDeviceInput } from './kinds-device.js';
import {
  arbCreateInterface,
  arbUpdateDeviceArgs,
  arbUpdateInterface,
  createInterface,
  createInterfaceArgs,
  deleteInterface,
  spelled,
  updateDevice,
  updateDeviceArgs,
  updateInterface,
  updateInterfaceArgs,
  type CreateInterfaceReq,
  type UpdateDeviceReq,
  type UpdateInterfaceReq,
} from './kinds-raw.js';

/** Any caller, mostly the ones who may write a device (its contributor's owner, the foundation). */
const arbWriter: fc.Arbitrary<CallerShape> = fc.oneof(
  { weight: 1, arbitrary: anyCaller },
  {
    weight: 2,
    arbitrary: fc.record({
      who: fc.constantFrom<CallerShape['who']>('contributorA', 'contributorA', 'foundation'),
      permission: fc.constant<CallerShape['permission']>('none'),
      otherFlags: fc.constant(0n),
      featureFlags: fc.constant(0n),
    }),
  },
);

/** A checked kind judged like `raw` (its unchecked request and expectation), decided by `decide` for any caller. */
function checkedLike<R>(name: string, weight: number, raw: Kind<R>, req: fc.Arbitrary<R>, state: fc.Arbitrary<StateShape>, decide: (st: CaseState, r: R) => TransactionInstruction): Kind<R> {
  return {
    name,
    weight,
    arb: fc.record({ state, caller: arbWriter, req }),
    prepare: (st, r): Prepared => {
      const p = raw.prepare(st, r);
      return { ...p, decide: () => [decide(st, r)] };
    },
    ...(raw.describe ? { describe: raw.describe } : {}),
  };
}

/** The new location of a move: the world's other location. */
function moveTo(st: CaseState, r: UpdateDeviceReq): PublicKey | undefined {
  const d = deviceOrThrow(st, 'devA');
  return r.move ? st.w.l.locations.find((l) => !l.equals(d.locationPk as PublicKey)) : undefined;
}

export const deviceOnboardKinds: Kind<never>[] = [
  checkedLike<UpdateDeviceReq>('updateDeviceFields', 3, updateDevice(true), arbUpdateDeviceArgs.map((r) => ({ ...r, status: undefined, desiredStatus: undefined })), arbMostlyMild, (st, r) => {
    const d = deviceOrThrow(st, 'devA');
    const newLocation = moveTo(st, r);
    return updateDeviceFields({ ...checkedDeviceInput(st), args: updateDeviceArgs(st.w, d, r) as DeviceFieldUpdate, ...(newLocation ? { newLocation } : {}) });
  }),
  // The checked builders take no flex-algo topologies for a new interface's request here (only
  // a network admin's update sets them, judged by the raw kinds); the caller signs.
  checkedLike<CreateInterfaceReq>('createDeviceInterface', 3, createInterface(true), arbCreateInterface.map((r) => ({ ...r, topologies: [], byOwner: false })), arbMostlyMild, (st, r) =>
    createDeviceInterface({ ...checkedDeviceInput(st), args: createInterfaceArgs(r) }),
  ),
  checkedLike<UpdateInterfaceReq>('updateDeviceInterface', 3, updateInterface(true), arbUpdateInterface.map((r) => ({ ...r, topologies: null })), arbMostlyMild, (st, r) =>
    updateDeviceInterface({ ...checkedDeviceInput(st), args: updateInterfaceArgs(spelled(st.devA, r.target, r.spelling), r) }),
  ),
  checkedLike<{ target: number; spelling: UpdateInterfaceReq['spelling'] }>(
    'deleteDeviceInterface',
    2,
    deleteInterface(true),
    fc.record({ target: fc.nat({ max: 6 }), spelling: fc.constantFrom<UpdateInterfaceReq['spelling']>('stored', 'stored', 'stored', 'lower', 'shorthand', 'missing', 'legacy') }),
    arbState,
    (st, r) => deleteDeviceInterface({ ...checkedDeviceInput(st), name: spelled(st.devA, r.target, r.spelling) }),
  ),
] as Kind<never>[];
