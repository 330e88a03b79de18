/**
 * Device kinds: the lifecycle-checked device builders (every caller, every state) and the raw
 * device builders.
 */
import fc from 'fast-check';
import { PublicKey, type TransactionInstruction } from '@solana/web3.js';
import {
  AccountType,
  DEVICE_PROMOTION_TARGETS,
  DeviceDesiredStatus,
  DeviceStatus,
  changeDeviceStatus,
  createDeleteDeviceInstruction,
  createSetDeviceHealthInstruction,
  createUpdateDeviceInstruction,
  deleteDevice,
  drainDevice,
  getDzPrefixBlockPda,
  getTunnelIdsPda,
  promoteDevice,
  setDeviceDesiredStatus,
  setDeviceHealth,
  undrainDevice,
  type Device,
  type DeviceDeleteResources,
  type UpdateDeviceArgs,
} from '../../../src/index.js';
import { after, anyCaller, arbCleanState, arbFocused, arbState, arbStateForDelete, deviceIs, withDevA, deviceOrThrow, firstProblem } from './common.js';
import { rolesOf, type CaseState, type Kind, type Prepared, type StateShape } from './engine.js';
import { arbPrivilegedCaller, weighted } from './shapes.js';
import type { World } from './world.js';

export const DEVICE_STATUSES = [0, 1, 3, 4, 5, 6, 7, 2, 200];
export const DEVICE_HEALTHS = [0, 1, 2, 3, 4, 9];
export const DEVICE_DESIRED = [0, 1, 6, 3];

/** The checked builders' common input for device A. */
export function checkedDeviceInput(st: CaseState) {
  const device = deviceOrThrow(st, 'devA');
  return {
    programId: st.w.programId,
    payer: st.caller.publicKey,
    roles: rolesOf(st, device.contributorPk as PublicKey),
    appendPermission: st.appendPermission,
    devicePk: st.devAPk,
    device,
  };
}

/** The raw UpdateDevice of device A with `args` and no checks. */
export function rawUpdateDevice(st: CaseState, args: UpdateDeviceArgs, validate = false): TransactionInstruction {
  const d = deviceOrThrow(st, 'devA');
  return createUpdateDeviceInstruction({
    programId: st.w.programId,
    payer: st.caller.publicKey,
    device: st.devAPk,
    currentContributor: d.contributorPk,
    currentLocation: d.locationPk,
    args,
    appendPermission: st.appendPermission,
    validate,
  });
}

/** The status write a checked status change makes, with the desired status it carries. */
export function deviceStatusArgs(to: number): UpdateDeviceArgs {
  const desired = to === DeviceStatus.Activated ? DeviceDesiredStatus.Activated : to === DeviceStatus.Drained ? DeviceDesiredStatus.Drained : undefined;
  return desired === undefined ? { status: to } : { status: to, desiredStatus: desired };
}

/** The resources of DeleteDevice as the client chooses them: atomic when every resource account exists. */
export function deleteResourcesOf(w: World, pk: PublicKey, d: Device): DeviceDeleteResources {
  const keys = [getTunnelIdsPda(w.programId, pk, 0)[0], ...d.dzPrefixes.map((_, i) => getDzPrefixBlockPda(w.programId, pk, i)[0])];
  const owners: PublicKey[] = [];
  for (const k of keys) {
    const a = w.snapshot.get(k.toBase58());
    if (!a?.exists || !a.owner.equals(w.programId) || a.data.length < 33 || a.data[0] !== AccountType.ResourceExtension) return { kind: 'legacy' };
    owners.push(new PublicKey(a.data.subarray(1, 33)));
  }
  return { kind: 'atomic', location: d.locationPk, exchange: d.exchangePk, owners, deviceOwner: d.owner };
}

/** A checked device kind: a status-like write of device A whose expected post-state is `changes`. */
function checkedWrite<R>(
  name: string,
  weight: number,
  req: fc.Arbitrary<R>,
  build: (input: ReturnType<typeof checkedDeviceInput>, r: R) => TransactionInstruction,
  unchecked: (st: CaseState, d: Device, r: R) => TransactionInstruction,
  changes: (d: Device, r: R) => Partial<Device>,
  state: fc.Arbitrary<StateShape> = arbState,
): Kind<R> {
  return {
    name,
    weight,
    arb: fc.record({ state, caller: anyCaller, req }),
    prepare: (st, r): Prepared => ({
      decide: () => [build(checkedDeviceInput(st), r)],
      unchecked: () => [unchecked(st, deviceOrThrow(st, 'devA'), r)],
      expect: (res) => deviceIs(st.w, res, st.devAPk, { ...st.devA!, ...changes(st.devA!, r) }),
    }),
  };
}

const to = (xs: readonly number[]) => fc.constantFrom(...xs);

export const deviceKinds: Kind<never>[] = [
  checkedWrite(
    'drainDevice',
    2,
    fc.constant(null),
    (i) => drainDevice(i),
    (st) => rawUpdateDevice(st, deviceStatusArgs(DeviceStatus.Drained)),
    () => ({ status: DeviceStatus.Drained, desiredStatus: DeviceDesiredStatus.Drained }),
    arbFocused((s) => withDevA(s, { status: DeviceStatus.Activated })),
  ),
  checkedWrite(
    'undrainDevice',
    2,
    fc.constant(null),
    (i) => undrainDevice(i),
    (st) => rawUpdateDevice(st, deviceStatusArgs(DeviceStatus.Activated)),
    () => ({ status: DeviceStatus.Activated, desiredStatus: DeviceDesiredStatus.Activated }),
    arbFocused((s, n) => withDevA(s, { status: DeviceStatus.Drained, health: n === 0 ? 2 : 3 })),
  ),
  checkedWrite(
    'promoteDevice',
    2,
    // Named by its target (the client's form): mostly a promotion target, sometimes any status.
    fc.oneof({ arbitrary: to(DEVICE_PROMOTION_TARGETS), weight: 3 }, { arbitrary: to(DEVICE_STATUSES), weight: 1 }),
    (i, t) => promoteDevice({ ...i, to: t }),
    (st, _d, t) => rawUpdateDevice(st, { status: t }),
    (_d, t) => ({ status: t }),
    arbFocused((s, n) => withDevA(s, { status: n % 2 ? DeviceStatus.DeviceProvisioning : DeviceStatus.LinkProvisioning, desired: 1, health: n < 2 ? 2 : 3 })),
  ),
  checkedWrite(
    'changeDeviceStatus',
    3,
    to(DEVICE_STATUSES),
    (i, t) => changeDeviceStatus({ ...i, to: t }),
    (st, _d, t) => rawUpdateDevice(st, deviceStatusArgs(t)),
    (_d, t) => deviceStatusArgs(t) as Partial<Device>,
    arbFocused((s, n) => withDevA(s, { status: [0, 6, 7, 1, 5, 1][n]!, desired: 1, health: 3 })),
  ),
  checkedWrite(
    'setDeviceDesiredStatus',
    2,
    to(DEVICE_DESIRED),
    (i, t) => setDeviceDesiredStatus({ ...i, to: t }),
    (st, _d, t) => rawUpdateDevice(st, { desiredStatus: t }),
    (_d, t) => ({ desiredStatus: t }),
  ),
  checkedWrite(
    'setDeviceHealth',
    3,
    to(DEVICE_HEALTHS),
    (i, t) => setDeviceHealth({ ...i, to: t }),
    (st, _d, t) =>
      createSetDeviceHealthInstruction({ programId: st.w.programId, payer: st.caller.publicKey, device: st.devAPk, args: { health: t }, appendPermission: st.appendPermission }),
    (_d, t) => ({ deviceHealth: t }),
  ),
  {
    name: 'deleteDevice',
    weight: 2,
    arb: fc.record({ state: arbStateForDelete, caller: anyCaller, req: fc.constant(null) }),
    prepare: (st): Prepared => {
      const resources = () => deleteResourcesOf(st.w, st.devAPk, deviceOrThrow(st, 'devA'));
      return {
        decide: () => [deleteDevice({ ...checkedDeviceInput(st), resources: resources() })],
        unchecked: () => {
          const d = deviceOrThrow(st, 'devA');
          return [createDeleteDeviceInstruction({ programId: st.w.programId, payer: st.caller.publicKey, device: st.devAPk, contributor: d.contributorPk, resources: resources(), appendPermission: st.appendPermission, validate: false })];
        },
        expect: (res) => {
          const r = resources();
          if (r.kind === 'legacy') return deviceIs(st.w, res, st.devAPk, { ...st.devA!, status: DeviceStatus.Deleting });
          return firstProblem(after(res, st.devAPk) ? 'device not closed' : undefined);
        },
      };
    },
  },
  // The raw SetDeviceHealth, judged where only its argument decides: a writable device and a
  // caller the program lets write health (the health oracle or the foundation).
  {
    name: 'SetDeviceHealth',
    weight: 1,
    arb: fc.record({
      state: arbCleanState(),
      caller: fc.oneof(arbPrivilegedCaller, fc.record({ who: fc.constant('healthOracle' as const), permission: fc.constant('none' as const), otherFlags: fc.constant(0n), featureFlags: fc.constantFrom(0n, 1n) })),
      req: weighted<number>([
        [0, 1],
        [1, 2],
        [2, 2],
        [3, 2],
        [4, 2],
        [9, 1],
      ]),
    }),
    prepare: (st, health): Prepared => {
      const ix = () =>
        createSetDeviceHealthInstruction({ programId: st.w.programId, payer: st.caller.publicKey, device: st.devAPk, args: { health }, appendPermission: st.appendPermission });
      return { decide: () => [ix()], unchecked: () => [ix()], expect: (res) => deviceIs(st.w, res, st.devAPk, { ...st.devA!, deviceHealth: health }) };
    },
  },
] as Kind<never>[];
