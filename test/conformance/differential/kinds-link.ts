/**
 * Link kinds: the lifecycle-checked link builders (every caller, every state, side devices as
 * varied as the link) and the raw SetLinkHealth.
 */
import fc from 'fast-check';
import { PublicKey, type TransactionInstruction } from '@solana/web3.js';
import {
  InterfaceCYOA,
  InterfaceDIA,
  InterfaceStatus,
  InterfaceType,
  LinkDesiredStatus,
  LinkStatus,
  acceptLink,
  activateLink,
  changeLinkStatus,
  createAcceptLinkInstruction,
  createDeleteLinkInstruction,
  createSetLinkHealthInstruction,
  createUpdateLinkInstruction,
  deleteLink,
  hardDrainLink,
  linkUpdateAuthority,
  setLinkDesiredStatus,
  setLinkHealth,
  softDrainLink,
  type Device,
  type Interface,
  type Link,
  type UpdateLinkArgs,
} from '../../../src/index.js';
import type { ExecResult } from '../oracle.js';
import { after, anyCaller, arbCleanState, arbFocused, arbMildState, arbState, deviceIs, firstProblem, linkIs, linkOrThrow, unwritable, withDevA, withDevZ, withLink } from './common.js';
import { rolesOf, type CaseState, type Kind, type Prepared, type StateShape } from './engine.js';
import { arbPrivilegedCaller, weighted, type CallerShape } from './shapes.js';
import { decodeLinkOf } from './world.js';

export const LINK_STATUSES = [0, 1, 3, 4, 5, 6, 7, 8, 2, 200];
export const LINK_HEALTHS = [0, 1, 2, 3, 9];
export const LINK_DESIRED = [0, 1, 6, 7, 3];

/** The device at `pk` as the case wrote it (a client reads it from the chain): side A, side Z, or none. */
export function deviceAt(st: CaseState, pk: PublicKey): Device | undefined {
  if (pk.equals(st.devAPk)) return st.devA ?? undefined;
  if (pk.equals(st.devZPk)) return st.devZ ?? undefined;
  return undefined;
}

/** The checked builders' common input for the link, with its side devices as the client passes them. */
export function checkedLinkInput(st: CaseState) {
  const link = linkOrThrow(st);
  const sideZDevice = deviceAt(st, link.sideZPk as PublicKey);
  const sideADevice = deviceAt(st, link.sideAPk as PublicKey);
  return {
    programId: st.w.programId,
    payer: st.caller.publicKey,
    roles: rolesOf(st, link.contributorPk as PublicKey, sideZDevice?.contributorPk as PublicKey | undefined),
    appendPermission: st.appendPermission,
    linkPk: st.linkPk,
    link,
    ...(sideZDevice ? { sideZContributorPk: sideZDevice.contributorPk, sideZDevice } : {}),
    ...(sideADevice ? { sideADevice } : {}),
  };
}

/** The raw UpdateLink of the link with `args` and no checks, in the preamble the caller's roles select. */
export function rawUpdateLink(st: CaseState, args: UpdateLinkArgs, validate = false): TransactionInstruction {
  const input = checkedLinkInput(st);
  let authority;
  try {
    authority = linkUpdateAuthority(input);
  } catch {
    authority = { kind: 'contributor' as const, contributor: input.link.contributorPk };
  }
  return createUpdateLinkInstruction({
    programId: st.w.programId,
    payer: st.caller.publicKey,
    link: st.linkPk,
    authority,
    sideA: input.link.sideAPk,
    sideZ: input.link.sideZPk,
    currentSideZIfaceName: input.link.sideZIfaceName,
    args,
    appendPermission: st.appendPermission,
    validate,
  });
}

export function linkStatusArgs(to: number): UpdateLinkArgs {
  const desired = { [LinkStatus.Activated]: LinkDesiredStatus.Activated, [LinkStatus.SoftDrained]: LinkDesiredStatus.SoftDrained, [LinkStatus.HardDrained]: LinkDesiredStatus.HardDrained }[to as 1 | 6 | 7];
  return desired === undefined ? { status: to } : { status: to, desiredStatus: desired };
}

function checkedWrite<R>(
  name: string,
  weight: number,
  req: fc.Arbitrary<R>,
  build: (input: ReturnType<typeof checkedLinkInput>, r: R) => TransactionInstruction,
  unchecked: (st: CaseState, r: R) => TransactionInstruction,
  changes: (r: R) => Partial<Link>,
  state: fc.Arbitrary<StateShape> = arbState,
): Kind<R> {
  return {
    name,
    weight,
    arb: fc.record({ state, caller: anyCaller, req }),
    prepare: (st, r): Prepared => ({
      decide: () => [build(checkedLinkInput(st), r)],
      unchecked: () => [unchecked(st, r)],
      expect: (res) => linkIs(st.w, res, st.linkPk, { ...st.link!, ...changes(r) }),
    }),
  };
}

const nth = (net: string, n: number): string => {
  const [addr, prefix] = net.split('/') as [string, string];
  const v = addr.split('.').reduce((a, o) => a * 256 + Number(o), 0) + n;
  return `${[v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff].join('.')}/${prefix}`;
};

/** `d` with the first interface named `name` (ASCII case ignored, as the program finds it) changed. */
function withIface(d: Device, name: string, change: (f: Interface) => Interface): Device {
  const i = d.interfaces.findIndex((f) => f.name.toLowerCase() === name.toLowerCase());
  if (i < 0) return d;
  return { ...d, interfaces: d.interfaces.map((f, j) => (j === i ? change(f) : f)) };
}

/** The tunnel the program allocated: a /31 of the DeviceTunnelBlock (172.16.0.0/16) without host bits, and a tunnel id 1..1024. */
function allocatedTunnel(res: ExecResult, st: CaseState): { tunnelNet: string; tunnelId: number } | string {
  const a = after(res, st.linkPk);
  if (!a) return 'link is gone';
  const k = decodeLinkOf(st.w, a.data);
  const [addr, prefix] = k.tunnelNet.split('/');
  const last = Number(addr!.split('.')[3]);
  if (!k.tunnelNet.startsWith('172.16.') || prefix !== '31' || last % 2 !== 0) return `allocated tunnel_net ${k.tunnelNet} is not a /31 network of the block`;
  if (k.tunnelId > 1024) return `allocated tunnel_id ${k.tunnelId}`;
  return { tunnelNet: k.tunnelNet, tunnelId: k.tunnelId };
}

function expectAccepted(st: CaseState, name: string, res: ExecResult): string | undefined {
  const link = st.link!;
  let tunnelNet = link.tunnelNet;
  let tunnelId = link.tunnelId;
  if (tunnelNet === '0.0.0.0/0' || tunnelId === 0) {
    const t = allocatedTunnel(res, st);
    if (typeof t === 'string') return t;
    if (tunnelNet === '0.0.0.0/0') tunnelNet = t.tunnelNet;
    if (tunnelId === 0) tunnelId = t.tunnelId;
  }
  const activate = (n: number) => (f: Interface) => ({ ...f, status: InterfaceStatus.Activated, ipNet: f.ipNet === '0.0.0.0/0' ? nth(tunnelNet, n) : f.ipNet });
  const a = deviceAt(st, link.sideAPk as PublicKey)!;
  const z = deviceAt(st, link.sideZPk as PublicKey)!;
  const zName = z.interfaces.find((f) => f.name.toLowerCase() === name.toLowerCase())?.name ?? name;
  return firstProblem(
    linkIs(st.w, res, st.linkPk, { ...link, status: LinkStatus.Activated, sideZIfaceName: name, tunnelNet, tunnelId }),
    deviceIs(st.w, res, link.sideAPk as PublicKey, withIface(a, link.sideAIfaceName, activate(0)), 'side A'),
    deviceIs(st.w, res, link.sideZPk as PublicKey, withIface(z, zName, activate(1)), 'side Z'),
  );
}

function expectDeleted(st: CaseState, res: ExecResult): string | undefined {
  const link = st.link!;
  if (after(res, st.linkPk)) return 'link not closed';
  const release = (f: Interface) => {
    const own = f.interfaceType === InterfaceType.Physical && (f.interfaceCyoa !== InterfaceCYOA.None || f.interfaceDia !== InterfaceDIA.None);
    return { ...f, status: InterfaceStatus.Unlinked, ipNet: own ? f.ipNet : '0.0.0.0/0' };
  };
  const side = (d: Device, name: string) => ({ ...withIface(d, name, release), referenceCount: Math.max(0, d.referenceCount - 1) });
  const a = deviceAt(st, link.sideAPk as PublicKey)!;
  const z = deviceAt(st, link.sideZPk as PublicKey)!;
  // Both sides one device: the program read it twice and wrote side Z's copy last.
  if ((link.sideAPk as PublicKey).equals(link.sideZPk as PublicKey)) return deviceIs(st.w, res, link.sideZPk as PublicKey, side(z, link.sideZIfaceName), 'the device of both sides');
  return firstProblem(
    deviceIs(st.w, res, link.sideAPk as PublicKey, side(a, link.sideAIfaceName), 'side A'),
    deviceIs(st.w, res, link.sideZPk as PublicKey, side(z, link.sideZIfaceName), 'side Z'),
  );
}

const to = (xs: readonly number[]) => fc.constantFrom(...xs);
const activeWan = arbFocused((s, n) => withLink(s, { which: 'wan', status: n < 4 ? 1 : 6 }));

/** Side-Z interface names an AcceptLink may ask for: fixed spellings, or one of the side-Z device's own. */
const arbAcceptName = fc.oneof(fc.constantFrom('Ethernet1', 'Ethernet2', 'ethernet1', 'et1', 'Ethernet7'), fc.nat({ max: 5 }));

export const linkKinds: Kind<never>[] = [
  checkedWrite('softDrainLink', 2, fc.constant(null), (i) => softDrainLink(i), (st) => rawUpdateLink(st, linkStatusArgs(LinkStatus.SoftDrained)), () => ({ status: LinkStatus.SoftDrained, desiredStatus: LinkDesiredStatus.SoftDrained }), activeWan),
  checkedWrite('hardDrainLink', 2, fc.constant(null), (i) => hardDrainLink(i), (st) => rawUpdateLink(st, linkStatusArgs(LinkStatus.HardDrained)), () => ({ status: LinkStatus.HardDrained, desiredStatus: LinkDesiredStatus.HardDrained }), activeWan),
  checkedWrite(
    'activateLink',
    2,
    fc.constant(null),
    (i) => activateLink(i),
    (st) => rawUpdateLink(st, linkStatusArgs(LinkStatus.Activated)),
    () => ({ status: LinkStatus.Activated, desiredStatus: LinkDesiredStatus.Activated }),
    arbFocused((s, n) => withLink(s, { which: 'wan', status: [6, 7, 8][n % 3]!, health: 2, desired: 1 })),
  ),
  checkedWrite(
    'changeLinkStatus',
    3,
    to(LINK_STATUSES),
    (i, t) => changeLinkStatus({ ...i, to: t }),
    (st, t) => rawUpdateLink(st, linkStatusArgs(t)),
    (t) => linkStatusArgs(t) as Partial<Link>,
    arbFocused((s, n) => withLink(s, { which: 'wan', status: [0, 1, 6, 7, 8, 1][n]!, health: 2, desired: 1 })),
  ),
  checkedWrite('setLinkDesiredStatus', 2, to(LINK_DESIRED), (i, t) => setLinkDesiredStatus({ ...i, to: t }), (st, t) => rawUpdateLink(st, { desiredStatus: t }), (t) => ({ desiredStatus: t })),
  checkedWrite(
    'setLinkHealth',
    3,
    to(LINK_HEALTHS),
    (i, t) => setLinkHealth({ ...i, to: t }),
    (st, t) => createSetLinkHealthInstruction({ programId: st.w.programId, payer: st.caller.publicKey, link: st.linkPk, args: { health: t }, appendPermission: st.appendPermission }),
    (t) => ({ linkHealth: t }),
  ),
  {
    name: 'acceptLink',
    weight: 3,
    arb: fc.record({
      // a requested DZX link, often with a side device the program can no longer write back
      state: fc.oneof(
        { weight: 3, arbitrary: arbFocused((s) => withLink(s, { which: 'dzx', status: 5 })) },
        {
          weight: 2,
          arbitrary: fc
            .tuple(arbMildState, fc.nat({ max: 31 }), fc.boolean())
            .map(([s, u, z]) => (z ? withDevZ : withDevA)(withLink(s, { which: 'dzx', status: 5 }), unwritable(u))),
        },
      ),
      // mostly side Z's contributor or the foundation
      caller: fc.oneof(
        { weight: 1, arbitrary: anyCaller },
        { weight: 1, arbitrary: fc.constantFrom<CallerShape>({ who: 'contributorB', permission: 'none', otherFlags: 0n, featureFlags: 0n }, { who: 'foundation', permission: 'none', otherFlags: 0n, featureFlags: 0n }) },
      ),
      req: arbAcceptName,
    }),
    prepare: (st, r): Prepared => {
      const name = () => (typeof r === 'number' ? (st.devZ?.interfaces[r % Math.max(1, st.devZ.interfaces.length)]?.name ?? 'Ethernet1') : r);
      return {
        decide: () => [acceptLink({ ...checkedLinkInput(st), sideZIfaceName: name() })],
        unchecked: () => {
          const link = linkOrThrow(st);
          const z = deviceAt(st, link.sideZPk as PublicKey);
          return [
            createAcceptLinkInstruction({
              programId: st.w.programId,
              payer: st.caller.publicKey,
              link: st.linkPk,
              contributor: z?.contributorPk ?? link.contributorPk,
              sideZ: link.sideZPk,
              sideA: link.sideAPk,
              args: { sideZIfaceName: name() },
              appendPermission: st.appendPermission,
              validate: false,
            }),
          ];
        },
        expect: (res) => expectAccepted(st, name(), res),
      };
    },
    describe: (st, r) => `acceptLink(${typeof r === 'number' ? `devZ iface #${r}` : r})`,
  },
  {
    name: 'deleteLink',
    weight: 2,
    arb: fc.record({ state: arbFocused((s, n) => withLink(s, { status: [5, 6, 7, 8, 6, 7][n]! })), caller: anyCaller, req: fc.constant(null) }),
    prepare: (st): Prepared => ({
      decide: () => [deleteLink(checkedLinkInput(st))],
      unchecked: () => {
        const l = linkOrThrow(st);
        return [
          createDeleteLinkInstruction({
            programId: st.w.programId,
            payer: st.caller.publicKey,
            link: st.linkPk,
            contributor: l.contributorPk,
            sideA: l.sideAPk,
            sideZ: l.sideZPk,
            owner: l.owner,
            linkTopologies: l.linkTopologies,
            appendPermission: st.appendPermission,
          }),
        ];
      },
      expect: (res) => expectDeleted(st, res),
    }),
  },
  // The raw SetLinkHealth, judged where only its argument decides.
  {
    name: 'SetLinkHealth',
    weight: 1,
    arb: fc.record({
      state: arbCleanState(),
      caller: fc.oneof(arbPrivilegedCaller, fc.record({ who: fc.constant('healthOracle' as const), permission: fc.constant('none' as const), otherFlags: fc.constant(0n), featureFlags: fc.constantFrom(0n, 1n) })),
      req: weighted<number>([
        [0, 1],
        [1, 2],
        [2, 2],
        [3, 2],
        [9, 1],
      ]),
    }),
    prepare: (st, health): Prepared => {
      const ix = () => createSetLinkHealthInstruction({ programId: st.w.programId, payer: st.caller.publicKey, link: st.linkPk, args: { health }, appendPermission: st.appendPermission });
      return { decide: () => [ix()], unchecked: () => [ix()], expect: (res) => linkIs(st.w, res, st.linkPk, { ...st.link!, linkHealth: health }) };
    },
  },
] as Kind<never>[];
