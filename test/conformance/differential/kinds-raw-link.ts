/**
 * The raw link builders, every argument field drawn: CreateLink (with the side devices, on any
 * state; without, on clean ones), UpdateLink (with the current link and side devices, on any
 * state; without, on clean ones), and AcceptLink and DeleteLink without accounts, on clean ones.
 */
import fc from 'fast-check';
import { Keypair, PublicKey } from '@solana/web3.js';
import {
  AccountType,
  InterfaceStatus,
  LinkDesiredStatus,
  LinkHealth,
  LinkLinkType,
  LinkStatus,
  applyUpdateLinkArgs,
  createAcceptLinkInstruction,
  createCreateLinkInstruction,
  createDeleteLinkInstruction,
  createUpdateLinkInstruction,
  createLink as checkedCreateLink,
  getLinkPda,
  linkDesiredStatusWrittenWith,
  updateLink as checkedUpdateLink,
  linkUpdateAuthority,
  type Device,
  type Interface,
  type Link,
  type UpdateLinkArgs,
} from '../../../src/index.js';
import type { ExecResult } from '../oracle.js';
import { after, anyCaller, arbCleanState, arbMostlyMild, arbState, deviceIs, deviceOrThrow, firstProblem, linkIs, linkOrThrow } from './common.js';
import { Unjudged, rolesOf, type CaseState, type Kind, type Prepared } from './engine.js';
import { checkedLinkInput, deviceAt } from './kinds-link.js';
import { arbPrivilegedCaller, mostly, weighted } from './shapes.js';
import { decodeLinkOf, type World } from './world.js';

/** An optional field: absent most of the time, else one of `values`, the first (a valid one) three times as often. */
const opt = <T>(values: readonly T[], absent = 3): fc.Arbitrary<T | undefined> =>
  weighted<T | undefined>([[undefined, absent * 2], ...values.map((v, i) => [v, i === 0 ? 3 : 1] as const)]);

/** The owner of `contributorPk`'s Contributor (null: not one of the world's). */
function ownerOf(w: World, contributorPk: PublicKey): Keypair | null {
  return w.l.contributors.find((c) => c.pk.equals(contributorPk))?.owner ?? null;
}

const nth = (net: string, n: number): string => {
  const [addr, prefix] = net.split('/') as [string, string];
  const v = addr.split('.').reduce((a, o) => a * 256 + Number(o), 0) + n;
  return `${[v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff].join('.')}/${prefix}`;
};

function withIfaceAt(d: Device, name: string, change: (f: Interface) => Interface): Device {
  const i = d.interfaces.findIndex((f) => f.name.toLowerCase() === name.toLowerCase());
  return i < 0 ? d : { ...d, interfaces: d.interfaces.map((f, j) => (j === i ? change(f) : f)) };
}

// ---------------------------------------------------------------------------------------------
// CreateLink

const arbCreateLink = fc.record({
  code: weighted([
    ['new-link', 6],
    ['NEW:Link', 1],
    ['bad link', 1],
  ] as const),
  linkType: weighted([
    [LinkLinkType.WAN, 3],
    [LinkLinkType.DZX, 2],
  ] as const),
  bandwidth: weighted([
    [10_000_000_000n, 4],
    [100_000_000_000n, 2],
    [1_000_000_000n, 1],
    [500_000_000_000n, 1],
  ] as const),
  mtu: mostly(9000, [1500], 8),
  delayNs: mostly(1_000_000n, [5n, 2_000_000_000n], 8),
  jitterNs: mostly(10_000n, [1n], 8),
  sideA: weighted([
    [1, 4],
    [0, 1],
    [2, 1],
    [3, 1],
  ] as const),
  sideASpelling: mostly('stored', ['lower', 'shorthand'] as const, 8),
  sideZ: weighted<number | null>([
    [null, 3],
    [1, 3],
    [0, 1],
    [2, 1],
    [3, 1],
  ]),
  desiredStatus: weighted<number | null>([
    [null, 3],
    [1, 2],
    [0, 1],
    [6, 1],
  ]),
  contributor: mostly('sideA', ['other'] as const, 6),
  byOwner: mostly(false, [true], 2),
  withDevices: mostly(true, [false], 3),
});
type CreateLinkReq = typeof arbCreateLink extends fc.Arbitrary<infer T> ? T : never;

function ifaceName(d: Device | null, i: number, how: 'stored' | 'lower' | 'shorthand'): string {
  const n = d && d.interfaces.length > 0 ? d.interfaces[i % d.interfaces.length]!.name : 'Ethernet2';
  return how === 'stored' ? n : how === 'lower' ? n.toLowerCase() : n.replace(/^Ethernet/, 'et');
}

/** A CreateLink request as drawn, resolved on the case: the contributor, the signer, the new link's index and the args. */
export function createLinkParts(st: CaseState, r: CreateLinkReq) {
  const w = st.w;
  const withDevices = r.withDevices;
  const [coa, cob] = w.l.contributors;
  const a = st.devA;
  const z = st.devZ;
  // Without the devices, the request names what the clean devices hold: side A's unlinked
  // Ethernet2 (spelled variously), side Z's or none, for side A's contributor.
  const contributorPk =
    r.contributor === 'sideA' || !withDevices ? ((a?.contributorPk as PublicKey | undefined) ?? coa!.pk) : (a?.contributorPk as PublicKey | undefined)?.equals(coa!.pk) ? cob!.pk : coa!.pk;
  const owner = ownerOf(w, contributorPk);
  const signer = r.byOwner && owner ? owner : st.caller;
  const append = signer === st.caller ? st.appendPermission : false;
  const index = w.base.gs.accountIndex + 1n;
  const spell = (n: string) => (r.sideASpelling === 'stored' ? n : r.sideASpelling === 'lower' ? n.toLowerCase() : n.replace(/^Ethernet/, 'et'));
  const sideAIfaceName = withDevices ? ifaceName(a, r.sideA, r.sideASpelling) : spell('Ethernet2');
  const sideZIfaceName = r.sideZ === null ? null : withDevices ? ifaceName(z, r.sideZ, 'stored') : 'Ethernet2';
  const args = { code: r.code, linkType: r.linkType, bandwidth: r.bandwidth, mtu: r.mtu, delayNs: r.delayNs, jitterNs: r.jitterNs, sideAIfaceName, sideZIfaceName, desiredStatus: r.desiredStatus };
  return { contributorPk, signer, append, index, args };
}

const createLink = (withDevices: boolean): Kind<CreateLinkReq> => ({
  name: withDevices ? 'CreateLink' : 'CreateLink (no account)',
  weight: withDevices ? 5 : 2,
  arb: fc.record({ state: withDevices ? arbMostlyMild : arbCleanState(), caller: arbPrivilegedCaller, req: arbCreateLink.map((r) => ({ ...r, withDevices })) }),
  prepare: (st, r): Prepared => {
    const w = st.w;
    const a = st.devA;
    const z = st.devZ;
    const { contributorPk, signer, append, index, args } = createLinkParts(st, r);
    const { sideAIfaceName, sideZIfaceName } = args;
    const build = (validate: boolean) =>
      createCreateLinkInstruction({
        programId: w.programId,
        payer: signer.publicKey,
        contributor: contributorPk,
        sideA: st.devAPk,
        sideZ: st.devZPk,
        linkIndex: index,
        args,
        ...(withDevices ? { sideADevice: deviceOrThrow(st, 'devA'), sideZDevice: deviceOrThrow(st, 'devZ') } : {}),
        appendPermission: append,
        validate,
      });
    // Without the devices: judged only where the named interfaces are clean, unlinked, wide enough and the contributor's.
    const judged = () => {
      if (withDevices) return true;
      if (!a || !z) return false;
      const dzx = r.linkType === LinkLinkType.DZX;
      if (!(a.contributorPk as PublicKey).equals(contributorPk) || (!dzx && !(z.contributorPk as PublicKey).equals(contributorPk))) return false;
      const ok = (d: Device, name: string) => {
        const f = d.interfaces.find((g) => g.name.toLowerCase() === name.toLowerCase());
        return !f || (f.status === InterfaceStatus.Unlinked && f.interfaceCyoa === 0 && f.interfaceDia === 0 && (f.bandwidth >= r.bandwidth || r.bandwidth > 400_000_000_000n));
      };
      const aOk = r.sideASpelling !== 'stored' || (a.interfaces.some((f) => f.name === sideAIfaceName) && ok(a, sideAIfaceName));
      return aOk && (sideZIfaceName === null || (z.interfaces.some((f) => f.name === sideZIfaceName) && ok(z, sideZIfaceName)));
    };
    return {
      signers: [signer],
      decide: () => {
        if (!judged()) throw new Unjudged();
        return [build(true)];
      },
      unchecked: () => [build(false)],
      expect: (res) => {
        const [pk, bump] = getLinkPda(w.programId, index);
        const dzx = r.linkType === LinkLinkType.DZX;
        const gotRaw = after(res, pk);
        if (!gotRaw) return 'no link created';
        const got = decodeLinkOf(w, gotRaw.data);
        if (!dzx && !(/^172\.16\.\d+\.\d+\/31$/.test(got.tunnelNet) && got.tunnelId <= 1024)) return `allocated tunnel ${got.tunnelNet} / ${got.tunnelId}`;
        const want: Link = {
          accountType: AccountType.Link,
          owner: signer.publicKey,
          index,
          bumpSeed: bump,
          sideAPk: st.devAPk,
          sideZPk: st.devZPk,
          linkType: r.linkType,
          bandwidth: r.bandwidth,
          mtu: r.mtu,
          delayNs: r.delayNs,
          jitterNs: r.jitterNs,
          tunnelId: dzx ? 0 : got.tunnelId,
          tunnelNet: dzx ? '0.0.0.0/0' : got.tunnelNet,
          status: dzx ? LinkStatus.Requested : LinkStatus.Activated,
          code: r.code.replace(/[A-Z]/g, (c) => c.toLowerCase()),
          contributorPk,
          sideAIfaceName,
          sideZIfaceName: sideZIfaceName ?? '',
          delayOverrideNs: 0n,
          linkHealth: LinkHealth.ReadyForService,
          desiredStatus: r.desiredStatus ?? LinkDesiredStatus.Activated,
          linkTopologies: [w.topologies[0]!],
          linkFlags: 0,
        };
        const activate = (n: number) => (f: Interface) => ({ ...f, status: InterfaceStatus.Activated, ipNet: f.ipNet === '0.0.0.0/0' ? nth(got.tunnelNet, n) : f.ipNet });
        let wantA: Device = { ...a!, referenceCount: a!.referenceCount + 1 };
        let wantZ: Device = { ...z!, referenceCount: z!.referenceCount + 1 };
        if (!dzx) {
          wantA = withIfaceAt(wantA, sideAIfaceName, activate(0));
          if (sideZIfaceName !== null) wantZ = withIfaceAt(wantZ, sideZIfaceName, activate(1));
        }
        return firstProblem(linkIs(w, res, pk, want, 'the new link'), deviceIs(w, res, st.devAPk, wantA, 'side A'), deviceIs(w, res, st.devZPk, wantZ, 'side Z'));
      },
    };
  },
  describe: (st, r) => `CreateLink(${JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}, A=${ifaceName(st.devA, r.sideA, r.sideASpelling)})`,
});

// ---------------------------------------------------------------------------------------------
// UpdateLink

const arbUpdateLink = fc.record({
  code: opt(['new-code', 'Mixed:Case', 'bad code']),
  tunnelType: opt([LinkLinkType.WAN, LinkLinkType.DZX], 5),
  bandwidth: opt([10_000_000_000n, 100_000_000_000n, 1_000n, 500_000_000_000n]),
  mtu: opt([9000, 1500], 4),
  delayNs: opt([1_000_000n, 5n]),
  jitterNs: opt([20_000n, 2_000_000_000n]),
  status: opt([0, 1, 3, 4, 5, 6, 7, 8], 3),
  delayOverrideNs: opt([0n, 500_000n, 5n]),
  desiredStatus: opt([0, 1, 6, 7], 3),
  tunnelId: opt(['own', 700, 1024, 1025, 2000] as const, 6),
  tunnelNet: opt(['own', '172.16.0.64/31', '45.1.2.0/31', '172.16.0.64/32', '172.16.0.65/31', '169.254.9.0/31'] as const, 6),
  topologies: opt(['none', 'default', 'two', 'dup', 'nine'] as const, 5),
  unicastDrained: opt([true, false], 5),
  contributorPk: opt([true], 8),
});
type UpdateLinkReq = typeof arbUpdateLink extends fc.Arbitrary<infer T> ? T : never;

/** 10/8, 172.16/12 or 192.168/16: what the raw builder lets through to the allocation. */
function isPrivateNet(net: string): boolean {
  const [a, b] = net.split('.').map(Number) as [number, number];
  return a === 10 || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168);
}

function updateLinkArgs(w: World, link: Link, r: UpdateLinkReq): UpdateLinkArgs {
  const args: UpdateLinkArgs = {};
  for (const k of ['code', 'tunnelType', 'bandwidth', 'mtu', 'delayNs', 'jitterNs', 'status', 'delayOverrideNs', 'desiredStatus', 'unicastDrained'] as const) {
    if (r[k] !== undefined) (args as Record<string, unknown>)[k] = r[k];
  }
  if (r.tunnelId !== undefined) args.tunnelId = r.tunnelId === 'own' ? link.tunnelId : r.tunnelId;
  if (r.tunnelNet !== undefined) args.tunnelNet = r.tunnelNet === 'own' ? link.tunnelNet : r.tunnelNet;
  if (r.topologies !== undefined) {
    const [ud, a, b] = w.topologies as [PublicKey, PublicKey, PublicKey];
    args.linkTopologies = { none: [], default: [ud], two: [a, b], dup: [a, a], nine: Array.from({ length: 9 }, () => ud) }[r.topologies];
  }
  if (r.contributorPk) args.contributorPk = w.l.contributors[1]!.pk;
  return args;
}

const updateLink = (withAccounts: boolean): Kind<UpdateLinkReq & { sideZForm: boolean }> => ({
  name: withAccounts ? 'UpdateLink' : 'UpdateLink (no account)',
  weight: withAccounts ? 6 : 2,
  arb: fc.record({
    state: withAccounts ? arbMostlyMild : arbCleanState({ link: 'wan' }),
    caller: arbPrivilegedCaller,
    req: fc.record({ args: arbUpdateLink, sideZForm: mostly(false, [true], 4) }).map((x) => ({ ...x.args, sideZForm: x.sideZForm })),
  }),
  prepare: (st, r): Prepared => {
    const w = st.w;
    const link = linkOrThrow(st);
    const z = deviceAt(st, link.sideZPk as PublicKey);
    // The side-Z form is signed by side Z's contributor; the contributor form by a privileged caller.
    const zOwner = z ? ownerOf(w, z.contributorPk as PublicKey) : null;
    const sideZForm = r.sideZForm && zOwner !== null;
    const signer = sideZForm ? zOwner! : st.caller;
    const append = signer === st.caller ? st.appendPermission : false;
    const topologyUnion = () => {
      const args = updateLinkArgs(w, link, r);
      if (args.linkTopologies == null) return undefined;
      const keys = [...link.linkTopologies, ...args.linkTopologies].map((t) => (t as PublicKey).toBase58());
      return [...new Set(keys)].map((k) => new PublicKey(k));
    };
    const build = (validate: boolean) =>
      createUpdateLinkInstruction({
        programId: w.programId,
        payer: signer.publicKey,
        link: st.linkPk,
        authority: sideZForm ? { kind: 'sideZContributor', contributor: z!.contributorPk } : { kind: 'contributor', contributor: link.contributorPk },
        sideA: link.sideAPk,
        sideZ: link.sideZPk,
        currentSideZIfaceName: link.sideZIfaceName,
        ...(topologyUnion() ? { topologyUnion: topologyUnion() } : {}),
        args: updateLinkArgs(w, link, r),
        ...(withAccounts
          ? { currentLink: link, ...(deviceAt(st, link.sideAPk as PublicKey) && z ? { sideADevice: deviceAt(st, link.sideAPk as PublicKey), sideZDevice: z } : {}) }
          : {}),
        appendPermission: append,
        validate,
      });
    return {
      signers: [signer],
      decide: () => {
        if (!withAccounts && sideZForm !== r.sideZForm) throw new Unjudged();
        // A private tunnel_net outside this ledger's DeviceTunnelBlock fails allocation (63): the
        // pool's range is in the DeviceTunnelBlock account, which no builder reads.
        const net = updateLinkArgs(w, link, r).tunnelNet;
        if (net != null && net !== '0.0.0.0/0' && isPrivateNet(net) && !net.startsWith('172.16.')) throw new Unjudged();
        return [build(true)];
      },
      unchecked: () => [build(false)],
      neverValid: (e) => (e as { field?: string }).field === 'tunnel_net',
      expect: (res) => {
        const args = updateLinkArgs(w, link, r);
        const contributorFields = !sideZForm || (z!.contributorPk as PublicKey).equals(link.contributorPk as PublicKey);
        const want = applyUpdateLinkArgs(link, args, { contributorFields }) as Link;
        const problems: (string | undefined)[] = [linkIs(w, res, st.linkPk, want)];
        if (args.tunnelNet != null) {
          const a = deviceAt(st, link.sideAPk as PublicKey)!;
          const readdress = (n: number) => (f: Interface) => ({ ...f, ipNet: nth(args.tunnelNet!, n) });
          // One device on both sides: the program read it twice and wrote side Z's copy last.
          if (!(link.sideAPk as PublicKey).equals(link.sideZPk as PublicKey)) problems.push(deviceIs(w, res, link.sideAPk as PublicKey, withIfaceAt(a, link.sideAIfaceName, readdress(0)), 'side A'));
          problems.push(deviceIs(w, res, link.sideZPk as PublicKey, withIfaceAt(z!, link.sideZIfaceName, readdress(1)), 'side Z'));
        }
        return firstProblem(...problems);
      },
    };
  },
  describe: (_st, r) => `UpdateLink(${JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))})`,
});

// ---------------------------------------------------------------------------------------------
// AcceptLink and DeleteLink, raw (no accounts): judged on clean requested / deletable links

const rawAccept: Kind<{ name: 'Ethernet1' | 'Ethernet2' | 'ethernet2' | 'et2' | 'Ethernet9'; byOwner: boolean }> = {
  name: 'AcceptLink',
  weight: 2,
  arb: fc.record({
    state: arbCleanState({ link: 'dzx', linkStatuses: [5] }),
    caller: arbPrivilegedCaller,
    req: fc.record({ name: weighted([['Ethernet2', 6], ['Ethernet1', 2], ['ethernet2', 1], ['et2', 1], ['Ethernet9', 1]] as const), byOwner: mostly(false, [true], 2) }),
  }),
  prepare: (st, r): Prepared => {
    const w = st.w;
    const link = linkOrThrow(st);
    const z = deviceOrThrow(st, 'devZ');
    const owner = r.byOwner ? ownerOf(w, z.contributorPk as PublicKey) : null;
    const signer = owner ?? st.caller;
    const build = (validate: boolean) =>
      createAcceptLinkInstruction({
        programId: w.programId,
        payer: signer.publicKey,
        link: st.linkPk,
        contributor: z.contributorPk,
        sideZ: link.sideZPk,
        sideA: link.sideAPk,
        args: { sideZIfaceName: r.name },
        appendPermission: owner ? false : st.appendPermission,
        validate,
      });
    return {
      signers: [signer],
      // Without the side devices only a name side Z holds (exactly, unlinked: the clean state's Ethernet2) or can never hold is judged.
      decide: () => {
        if (r.name === 'Ethernet1' || r.name === 'Ethernet9') throw new Unjudged();
        return [build(true)];
      },
      unchecked: () => [build(false)],
      expect: (res) => {
        const got = decodeLinkOf(w, after(res, st.linkPk)!.data);
        return linkIs(w, res, st.linkPk, { ...link, status: LinkStatus.Activated, sideZIfaceName: r.name, tunnelNet: got.tunnelNet, tunnelId: got.tunnelId });
      },
    };
  },
};

const rawDelete: Kind<{ byOwner: boolean }> = {
  name: 'DeleteLink',
  weight: 1,
  arb: fc.record({ state: arbCleanState({ linkStatuses: [5, 6, 7, 8] }), caller: arbPrivilegedCaller, req: fc.record({ byOwner: mostly(false, [true], 2) }) }),
  prepare: (st, r): Prepared => {
    const w = st.w;
    const link = linkOrThrow(st);
    const owner = r.byOwner ? ownerOf(w, link.contributorPk as PublicKey) : null;
    const signer = owner ?? st.caller;
    const ix = () =>
      createDeleteLinkInstruction({
        programId: w.programId,
        payer: signer.publicKey,
        link: st.linkPk,
        contributor: link.contributorPk,
        sideA: link.sideAPk,
        sideZ: link.sideZPk,
        owner: link.owner,
        linkTopologies: link.linkTopologies,
        appendPermission: owner ? false : st.appendPermission,
      });
    return { signers: [signer], decide: () => [ix()], unchecked: () => [ix()], expect: (res) => (after(res, st.linkPk) ? 'link not closed' : undefined) };
  },
};

// ---------------------------------------------------------------------------------------------
// The checked createLink and updateLink: the same requests, by any caller (who pays), with the
// roles resolved for it; what they build must do what the raw kinds expect, what they refuse is
// judged by the program.

const checkedCreate: Kind<CreateLinkReq> = {
  name: 'createLink',
  weight: 4,
  arb: fc.record({ state: arbMostlyMild, caller: fc.oneof(anyCaller, arbPrivilegedCaller), req: arbCreateLink.map((r) => ({ ...r, withDevices: true, byOwner: false })) }),
  prepare: (st, r): Prepared => {
    const raw = createLink(true).prepare(st, r);
    const { contributorPk, index, args } = createLinkParts(st, r);
    return {
      ...raw,
      decide: () => [
        checkedCreateLink({
          programId: st.w.programId,
          payer: st.caller.publicKey,
          roles: rolesOf(st, contributorPk),
          appendPermission: st.appendPermission,
          contributorPk,
          sideAPk: st.devAPk,
          sideADevice: deviceOrThrow(st, 'devA'),
          sideZPk: st.devZPk,
          sideZDevice: deviceOrThrow(st, 'devZ'),
          linkIndex: index,
          args,
        }),
      ],
    };
  },
  describe: (st, r) => `createLink(${JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}, A=${ifaceName(st.devA, r.sideA, r.sideASpelling)})`,
};

/** An UpdateLink request of only the fields the checked updateLink changes; a status with the desired status written with it. */
const arbLinkChanges = arbUpdateLink.map((a) => {
  const r = { ...a, tunnelType: undefined, topologies: undefined, contributorPk: undefined, sideZForm: false };
  if (r.status !== undefined && r.desiredStatus === undefined) r.desiredStatus = linkDesiredStatusWrittenWith(r.status);
  return r;
});

/** The changes a checked updateLink is asked for. */
export function linkChangesOf(st: CaseState, r: UpdateLinkReq) {
  return updateLinkArgs(st.w, linkOrThrow(st), r);
}

const checkedUpdate: Kind<UpdateLinkReq & { sideZForm: boolean }> = {
  name: 'updateLink',
  weight: 4,
  arb: fc.record({ state: arbMostlyMild, caller: fc.oneof(anyCaller, arbPrivilegedCaller), req: arbLinkChanges }),
  prepare: (st, r): Prepared => {
    const raw = updateLink(true).prepare(st, r);
    return {
      ...raw,
      decide: () => {
        // As the raw kind: a private tunnel_net outside this ledger's block is not judged.
        const net = linkChangesOf(st, r).tunnelNet;
        if (net != null && net !== '0.0.0.0/0' && isPrivateNet(net) && !net.startsWith('172.16.')) throw new Unjudged();
        return [checkedUpdateLink({ ...checkedLinkInput(st), changes: linkChangesOf(st, r) })];
      },
    };
  },
  describe: (_st, r) => `updateLink(${JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))})`,
};

/** The checked link writes (also run as the client's intents through the oracle node). */
export const checkedLinkWriteKinds: Kind<never>[] = [checkedCreate, checkedUpdate] as Kind<never>[];

export const rawLinkKinds: Kind<never>[] = [createLink(true), createLink(false), updateLink(true), updateLink(false), rawAccept, rawDelete, ...checkedLinkWriteKinds] as Kind<never>[];
export type { CreateLinkReq, UpdateLinkReq };

export { rolesOf, checkedLinkInput, linkUpdateAuthority };
