import { KEY_EXPECTED, isKey, keyEquals, keyText, type KeyInput, type KeyKind } from '../keys.js';
import {
  LinkDesiredStatus,
  LinkDesiredStatusSpec,
  LinkLinkType,
  LinkLinkTypeSpec,
  LinkStatus,
  LinkStatusSpec,
  linkStatusLabel,
} from '../enums.js';
import { IllegalTransitionError, ValidationError } from '../errors.js';
import type { Device } from '../state/device.js';
import type { Link } from '../state/link.js';
import { linkUndeclaredValues, linkWriteProblem } from './accountRules.js';
import { checkDeclared, checkDeviceWrite, findInterfaceIndex, withInterfaceAt } from './interfaceRules.js';
import { ipv4ToNumber } from '../codec/net.js';
import {
  ArgsReader,
  beginData,
  checkKey,
  decodeInstructionAs,
  deviceTunnelBlockPda,
  finishInstruction,
  globalStatePda,
  linkIdsPda,
  readEnum,
  small,
  writable,
  writeEnum,
  type BaseBuilderInput,
  type DecodedInstructionBase,
  type DecodeInstructionOptions,
  type TailAccounts,
  checkBuilderInput,
  type CoreInstruction,
} from './common.js';
import { expectBoolean, expectDevice, expectLink, expectObject } from '../validate.js';
import { EXPECTED_PROGRAM_ERRORS } from './errors.js';
import { DoubleZeroInstructionTag } from './tags.js';
import {
  checkCode,
  checkNetworkSyntax,
  checkRange,
  fail,
  isLinkLocalIpv4,
  isPrivateIpv4,
  LINK_MTU,
  MAX_LINK_BANDWIDTH,
  MAX_LINK_DELAY_NS,
  MAX_LINK_TOPOLOGIES,
  MAX_TUNNEL_ID,
  MIN_LINK_BANDWIDTH,
  MIN_LINK_DELAY_NS,
  networkAddress,
} from './validation.js';

const TYPE = 'UpdateLink args';

/**
 * NetworkV4::default(). Not a way to clear a link's tunnel_net: the program moves the two sides'
 * interface addresses with the tunnel (side Z would get 0.0.0.1/0, which no interface may hold),
 * so UpdateLink never succeeds with it; the raw builder refuses it offline.
 */
export const CLEAR_TUNNEL_NET = '0.0.0.0/0';

/**
 * LinkUpdateArgs (docs/wire-format.md#updatelink); absent / null = unchanged. Field rights:
 * code, tunnelType, bandwidth, mtu, delayNs, jitterNs only apply for the link's own
 * contributor; tunnelId, tunnelNet, linkTopologies are privileged-only; contributorPk is
 * accepted but never applied by the program.
 */
export interface UpdateLinkArgs {
  /** The new code; unchanged when absent. */
  code?: string | null;
  /** The Contributor account that operates it; unchanged when absent. */
  contributorPk?: KeyInput | null;
  /** The kind of the link (its LinkLinkType); unchanged when absent. */
  tunnelType?: LinkLinkType | null;
  /** The bandwidth, in bits per second; unchanged when absent. */
  bandwidth?: number | bigint | null;
  /** The MTU, in bytes; unchanged when absent. */
  mtu?: number | bigint | null;
  /** The link's delay (round-trip time), in nanoseconds; unchanged when absent. */
  delayNs?: number | bigint | null;
  /** The link's jitter, in nanoseconds; unchanged when absent. */
  jitterNs?: number | bigint | null;
  /** The status to write; unchanged when absent. */
  status?: LinkStatus | null;
  /** A delay that overrides the measured one for routing, in nanoseconds (0 = no override); unchanged when absent. */
  delayOverrideNs?: number | bigint | null;
  /** The desired status (the operators' intent); unchanged when absent. */
  desiredStatus?: LinkDesiredStatus | null;
  /** The tunnel id of the link; unchanged when absent. */
  tunnelId?: number | bigint | null;
  /** "a.b.c.d/n": a free /31 of the DeviceTunnelBlock (privileged callers only). */
  tunnelNet?: string | null;
  /** Derived: the builder overwrites it with "tunnelId or tunnelNet given". */
  useOnchainAllocation?: boolean;
  /** The complete new topology set (≤ 8, no duplicates). */
  linkTopologies?: readonly KeyInput[] | null;
  /** Whether the link is administratively drained for unicast traffic (link flag bit 0); unchanged when absent. */
  unicastDrained?: boolean | null;
}

/** The arguments of a UpdateLink instruction as decoded from its data; a field the data lacks holds the program's fallback. */
export interface DecodedUpdateLinkArgs<K = KeyInput> {
  /** The link's code (the chain does not keep codes unique). */
  code: string | null;
  /** The Contributor account that operates it. */
  contributorPk: K | null;
  /** The kind of the link (its LinkLinkType). */
  tunnelType: LinkLinkType | null;
  /** The bandwidth, in bits per second. */
  bandwidth: bigint | null;
  /** The MTU, in bytes. */
  mtu: number | null;
  /** The link's delay (round-trip time), in nanoseconds. */
  delayNs: bigint | null;
  /** The link's jitter, in nanoseconds. */
  jitterNs: bigint | null;
  /** The status to write. */
  status: LinkStatus | null;
  /** A delay that overrides the measured one for routing, in nanoseconds (0 = no override). */
  delayOverrideNs: bigint | null;
  /** The desired status (the operators' intent). */
  desiredStatus: LinkDesiredStatus | null;
  /** The tunnel id of the link. */
  tunnelId: number | null;
  /** The IPv4 network of the link's tunnel, as "a.b.c.d/n". */
  tunnelNet: string | null;
  /** Whether the program allocates the resources itself (always true for what dzprov builds). */
  useOnchainAllocation: boolean;
  /** The Topology accounts (PDAs) the link belongs to. */
  linkTopologies: K[] | null;
  /** Whether the link is administratively drained for unicast traffic (link flag bit 0). */
  unicastDrained: boolean | null;
}

/** Full UpdateLink instruction data: tag 31 + the complete LinkUpdateArgs, as given. */
export function encodeUpdateLinkArgs(args: UpdateLinkArgs): Uint8Array {
  expectObject(args, 'args');
  const w = beginData(TYPE, DoubleZeroInstructionTag.UpdateLink, 48);
  w.option(args.code, 'code', (w, v) => w.string(v, 'code'));
  w.option(args.contributorPk, 'contributor_pk', (w, v) => w.pubkey(v, 'contributor_pk'));
  w.option(args.tunnelType, 'tunnel_type', (w, v) => writeEnum(w, LinkLinkTypeSpec, v, 'tunnel_type'));
  w.option(args.bandwidth, 'bandwidth', (w, v) => w.u64(v, 'bandwidth'));
  w.option(args.mtu, 'mtu', (w, v) => w.u32(small(v), 'mtu'));
  w.option(args.delayNs, 'delay_ns', (w, v) => w.u64(v, 'delay_ns'));
  w.option(args.jitterNs, 'jitter_ns', (w, v) => w.u64(v, 'jitter_ns'));
  w.option(args.status, 'status', (w, v) => writeEnum(w, LinkStatusSpec, v, 'status'));
  w.option(args.delayOverrideNs, 'delay_override_ns', (w, v) => w.u64(v, 'delay_override_ns'));
  w.option(args.desiredStatus, 'desired_status', (w, v) => writeEnum(w, LinkDesiredStatusSpec, v, 'desired_status'));
  w.option(args.tunnelId, 'tunnel_id', (w, v) => w.u16(small(v), 'tunnel_id'));
  w.option(args.tunnelNet, 'tunnel_net', (w, v) => w.networkV4(v, 'tunnel_net'));
  w.bool(args.useOnchainAllocation ?? false, 'use_onchain_allocation');
  w.option(args.linkTopologies, 'link_topologies', (w, v) => w.pubkeyVec(v, 'link_topologies'));
  w.option(args.unicastDrained, 'unicast_drained', (w, v) => w.bool(v, 'unicast_drained'));
  return w.finish();
}

/** Decodes UpdateLink instruction data (tag + Args) with the program's trailing-default rule. */
export function decodeUpdateLinkArgs<K = Uint8Array>(keys: KeyKind<K> | undefined, data: Uint8Array): DecodedUpdateLinkArgs<K> & {
  /** The fields (snake_case) the data lacks, which took the program's fallbacks. */
  defaultedFields: string[];
  /** Bytes after the last field (the program ignores them). */
  trailingBytes: number;
} {
  const a = new ArgsReader(data, TYPE, DoubleZeroInstructionTag.UpdateLink, keys);
  const args: DecodedUpdateLinkArgs<K> = {
    code: a.option('code', (r) => r.string('code')),
    contributorPk: a.option('contributor_pk', (r) => r.pubkey('contributor_pk')),
    tunnelType: a.option('tunnel_type', (r) => readEnum(r, LinkLinkTypeSpec, 'tunnel_type')),
    bandwidth: a.option('bandwidth', (r) => r.u64('bandwidth')),
    mtu: a.option('mtu', (r) => r.u32('mtu')),
    delayNs: a.option('delay_ns', (r) => r.u64('delay_ns')),
    jitterNs: a.option('jitter_ns', (r) => r.u64('jitter_ns')),
    status: a.option('status', (r) => readEnum(r, LinkStatusSpec, 'status')),
    delayOverrideNs: a.option('delay_override_ns', (r) => r.u64('delay_override_ns')),
    desiredStatus: a.option('desired_status', (r) => readEnum(r, LinkDesiredStatusSpec, 'desired_status')),
    tunnelId: a.option('tunnel_id', (r) => r.u16('tunnel_id')),
    tunnelNet: a.option('tunnel_net', (r) => r.networkV4('tunnel_net')),
    useOnchainAllocation: a.field('use_onchain_allocation', false, (r) => r.bool('use_onchain_allocation')),
    linkTopologies: a.option('link_topologies', (r) => r.pubkeyVec('link_topologies')),
    unicastDrained: a.option('unicast_drained', (r) => r.bool('unicast_drained')),
  };
  return a.done(args);
}

/**
 * What the raw builder knows of the link and the caller beyond the arguments (all optional; a
 * check that needs a missing value is skipped).
 */
export interface UpdateLinkValidationContext {
  /**
   * The link's side_z_iface_name now. Moving the tunnel readdresses both sides' interfaces, so a
   * link with none yet (a requested DZX link) cannot take one.
   */
  currentSideZIfaceName?: string;
  /**
   * Whether the caller signs through the side-Z preamble. The program applies code, tunnel_type,
   * bandwidth, mtu, delay and jitter only for the link's own contributor and silently ignores
   * them otherwise, so the side-Z form refuses them instead of reporting a change that never
   * happens; tunnel_id, tunnel_net, link_topologies and unicast_drained need the link's
   * contributor or a privileged caller, who sign through the contributor preamble.
   */
  sideZForm?: boolean;
  /**
   * The link as decoded now. With it the link the update leaves is checked whole, in the
   * program's order (a stored public tunnel_net, an out-of-range stored delay...), and a link
   * holding a value the program does not declare is not written unless the update replaces it.
   */
  currentLink?: Link;
  /** The contributor the preamble passes (with `currentLink`: in the contributor form it must be the link's). */
  contributor?: KeyInput;
  /**
   * The two side devices as decoded now: a tunnel_net update readdresses both sides' link
   * interfaces and writes both devices back, which these let the checks follow.
   */
  sideADevice?: Device;
  /** The Device on side Z, as read (its contributor decides side Z's rights). */
  sideZDevice?: Device;
  /** The topology accounts passed (with `currentLink`: every topology added or removed must be among them). */
  topologyUnion?: readonly KeyInput[];
}

/** The link as UpdateLink leaves it (tunnel fields as given; in the side-Z form the contributor-only fields stay). */
export function applyUpdateLinkArgs(link: Link, args: UpdateLinkArgs, opts: { contributorFields: boolean; privileged?: boolean }): Link {
  expectLink(link, 'link');
  encodeUpdateLinkArgs(args); // every field of the right type, or a typed error naming it
  expectObject(opts, 'opts');
  expectBoolean(opts.contributorFields, 'opts.contributorFields');
  if (opts.privileged !== undefined) expectBoolean(opts.privileged, 'opts.privileged');
  const k: Link = { ...link };
  if (opts.contributorFields) {
    if (args.code != null) k.code = args.code.replace(/[A-Z]/g, (c) => c.toLowerCase());
    if (args.tunnelType != null) k.linkType = args.tunnelType;
    if (args.bandwidth != null) k.bandwidth = BigInt(args.bandwidth);
    if (args.mtu != null) k.mtu = Number(args.mtu);
    if (args.delayNs != null) k.delayNs = BigInt(args.delayNs);
    if (args.jitterNs != null) k.jitterNs = BigInt(args.jitterNs);
  }
  if (args.delayOverrideNs != null) k.delayOverrideNs = BigInt(args.delayOverrideNs);
  if (args.desiredStatus != null) k.desiredStatus = args.desiredStatus;
  if (args.status != null) k.status = args.status;
  if (opts.privileged !== false) {
    if (args.tunnelId != null) k.tunnelId = Number(args.tunnelId);
    if (args.tunnelNet != null) k.tunnelNet = args.tunnelNet;
    if (args.linkTopologies != null) k.linkTopologies = [...args.linkTopologies];
  }
  if (args.unicastDrained != null) k.linkFlags = args.unicastDrained ? k.linkFlags | 1 : k.linkFlags & ~1;
  return k;
}

/** "a.b.c.d/p" → its n-th address with the same prefix (ipnetwork's nth). */
function nthAddress(net: string, n: number): string {
  const [addr, prefix] = net.split('/') as [string, string];
  const v = (ipv4ToNumber(addr) + n) >>> 0;
  return `${[v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff].join('.')}/${prefix}`;
}

/**
 * A tunnel_net the program can allocate and address both sides with: a network (no host bits)
 * inside a private DeviceTunnelBlock (SetGlobalConfig only accepts private or link-local blocks;
 * anything else fails allocation), with at least two addresses (the program takes the second for
 * side Z and panics on a /32), on a link that has a side-Z interface.
 */
function checkTunnelNet(net: string, context: UpdateLinkValidationContext): void {
  checkTunnelAllocation(net);
  checkTunnelAddresses(net, context.currentSideZIfaceName);
}

/** What the allocation of a tunnel_net refuses (it happens before the side devices are readdressed). */
function checkTunnelAllocation(net: string): void {
  const E = EXPECTED_PROGRAM_ERRORS;
  checkNetworkSyntax(net, 'tunnel_net', E.InvalidTunnelNet);
  if (net === CLEAR_TUNNEL_NET) {
    throw new ValidationError('tunnel_net', "cannot be cleared: the program would address side Z's interface as 0.0.0.1/0, which it refuses");
  }
  const prefix = Number(net.slice(net.indexOf('/') + 1));
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const value = ipv4ToNumber(networkAddress(net));
  const network = [24, 16, 8, 0].map((shift) => (((value & mask) >>> 0) >>> shift) & 0xff).join('.');
  if (!isPrivateIpv4(network) && !isLinkLocalIpv4(network)) {
    fail('tunnel_net', `${net} is not inside a private network, so it is in no DeviceTunnelBlock`, E.AllocationFailed);
  }
  if (((value & ~mask) >>> 0) !== 0) fail('tunnel_net', `${net} has host bits set: the pool only hands out whole networks`, E.AllocationFailed);
  if (!isPrivateIpv4(network)) {
    throw new ValidationError('tunnel_net', `${net} is link-local: a link's tunnel_net must be a private (RFC 1918) network`);
  }
}

/**
 * Readdressing the two sides: side Z's interface is looked up (a requested link has none) before
 * the tunnel's second address is taken (a /32 has none: the program panics).
 */
function checkTunnelAddresses(net: string, sideZIfaceName: string | undefined): void {
  const E = EXPECTED_PROGRAM_ERRORS;
  if (sideZIfaceName === '') {
    fail('tunnel_net', 'the link has no side-Z interface yet (a requested link), so its tunnel cannot be set', E.InterfaceNotFound);
  }
  const prefix = Number(net.slice(net.indexOf('/') + 1));
  if (prefix > 31) fail('tunnel_net', `${net} has a single address: side Z's would not exist (the program panics)`, E.Panic);
}

/**
 * The program's offline-checkable rules for UpdateLink, in the order it meets them: at most 8
 * link_topologies without duplicates (InvalidArgument); in the side-Z form, none of the fields the
 * program only applies for the link's own contributor (refused: it would ignore them); code
 * charset (InvalidAccountCode); mtu 9000 (InvalidMtu); then the tunnel, which is allocated before
 * the link is validated (see checkTunnelNet: AllocationFailed, a panic, InterfaceNotFound, or
 * refused offline); and last the link's own validation: tunnel_id ≤ 1024 (InvalidTunnelId),
 * bandwidth 10–400 Gbps (InvalidBandwidth), delay, jitter and a non-zero delay override within
 * 10,000..1,000,000,000 ns (InvalidDelay / InvalidJitter / InvalidDelay). Who may set which field
 * needs the caller's role: see the checked builders.
 */
export function validateUpdateLinkArgs(args: UpdateLinkArgs, context: UpdateLinkValidationContext = {}): void {
  expectObject(args, 'args');
  const E = EXPECTED_PROGRAM_ERRORS;
  const current = context.currentLink;
  if (current !== undefined) {
    const undeclared = linkUndeclaredValues(applyUpdateLinkArgs(current, args, { contributorFields: !context.sideZForm }));
    if (undeclared !== undefined) {
      throw new IllegalTransitionError('update link', linkStatusLabel(current.status), '', [], `the link holds ${undeclared}, which the program does not declare: any write would replace them with the program's defaults`);
    }
  }
  if (args.linkTopologies != null) {
    if (!Array.isArray(args.linkTopologies)) fail('link_topologies', 'must be an array of addresses', E.InvalidArgument);
    if (args.linkTopologies.length > MAX_LINK_TOPOLOGIES) {
      fail('link_topologies', `at most ${MAX_LINK_TOPOLOGIES} topologies, got ${args.linkTopologies.length}`, E.InvalidArgument);
    }
    const seen = new Set<string>();
    args.linkTopologies.forEach((t, i) => {
      if (!isKey(t)) throw new ValidationError(`link_topologies[${i}]`, `must be ${KEY_EXPECTED}`);
      const k = keyText(t);
      if (seen.has(k)) fail(`link_topologies[${i}]`, `duplicate topology ${k}`, E.InvalidArgument);
      seen.add(k);
    });
  }
  if (context.sideZForm) {
    const ignored = (['code', 'tunnelType', 'bandwidth', 'mtu', 'delayNs', 'jitterNs'] as const).filter((k) => args[k] != null);
    if (ignored.length > 0) {
      throw new ValidationError(ignored[0]!, "only the link's own contributor can change it: the program ignores it from side Z's contributor");
    }
    const privileged = (['tunnelId', 'tunnelNet', 'linkTopologies', 'unicastDrained'] as const).filter((k) => args[k] != null);
    if (privileged.length > 0) {
      throw new ValidationError(privileged[0]!, "only the link's own contributor or a network admin can change it, through the contributor preamble: the program refuses it from side Z's contributor");
    }
  }
  if (current !== undefined && !context.sideZForm && context.contributor !== undefined && !keyEquals(context.contributor, current.contributorPk)) {
    fail('contributor', `the link belongs to contributor ${keyText(current.contributorPk)}`, E.NotAllowed);
  }
  if (args.code != null) checkCode(args.code, 'code');
  if (args.mtu != null && Number(args.mtu) !== LINK_MTU) fail('mtu', `must be ${LINK_MTU}, got ${args.mtu}`, E.InvalidMtu);
  if (args.tunnelNet != null && current === undefined) checkTunnelNet(args.tunnelNet, context);
  if (current !== undefined) {
    // The tunnel is allocated, then both sides' addresses move with it and each side device is
    // written back.
    if (args.tunnelNet != null) {
      checkTunnelAllocation(args.tunnelNet);
      if (!(context.sideADevice && context.sideZDevice)) {
        throw new ValidationError('side_devices', 'required with currentLink to check a tunnel_net update: it readdresses and writes back both side devices (pass sideADevice and sideZDevice)');
      }
      checkDeclared(context.sideADevice, 'update link');
      checkDeclared(context.sideZDevice, 'update link');
      const find = (d: Device, name: string, field: string): number => {
        const i = findInterfaceIndex(d, name);
        if (i < 0) fail(field, `device ${d.code} has no interface "${name}"`, E.InterfaceNotFound);
        return i;
      };
      const ia = find(context.sideADevice, current.sideAIfaceName, 'side_a_iface_name');
      const iz = find(context.sideZDevice, current.sideZIfaceName, 'side_z_iface_name');
      checkTunnelAddresses(args.tunnelNet, current.sideZIfaceName || undefined);
      const readdress = (d: Device, i: number, n: number): Device => withInterfaceAt(d, i, { ...d.interfaces[i]!, ipNet: nthAddress(args.tunnelNet!, n) });
      checkDeviceWrite(readdress(context.sideADevice, ia, 0));
      checkDeviceWrite(readdress(context.sideZDevice, iz, 1));
    }
    if (args.linkTopologies != null && context.topologyUnion !== undefined) {
      const have = new Set(context.topologyUnion.map((t) => keyText(t)));
      const wanted = new Set(args.linkTopologies.map((t) => keyText(t)));
      const removed = current.linkTopologies.map((t) => keyText(t)).find((t) => !wanted.has(t) && !have.has(t));
      if (removed !== undefined) fail('topology_union', `topology ${removed} leaves the link but is missing from topology_union`, E.InvalidArgument);
    }
    const problem = linkWriteProblem(applyUpdateLinkArgs(current, args, { contributorFields: !context.sideZForm }));
    if (problem) fail(problem.field, problem.rule, problem.programError);
    return;
  }
  // The link is validated as the update leaves it, and a Deleting link is not validated at all.
  if (args.status === LinkStatus.Deleting) return;
  if (args.tunnelId != null) checkRange(args.tunnelId, 'tunnel_id', 0n, BigInt(MAX_TUNNEL_ID), E.InvalidTunnelId);
  if (args.bandwidth != null) {
    checkRange(args.bandwidth, 'bandwidth', MIN_LINK_BANDWIDTH, MAX_LINK_BANDWIDTH, E.InvalidBandwidth, ' bps');
  }
  if (args.delayNs != null) checkRange(args.delayNs, 'delay_ns', MIN_LINK_DELAY_NS, MAX_LINK_DELAY_NS, E.InvalidDelay, ' ns');
  if (args.jitterNs != null) {
    checkRange(args.jitterNs, 'jitter_ns', MIN_LINK_DELAY_NS, MAX_LINK_DELAY_NS, E.InvalidJitter, ' ns');
  }
  if (args.delayOverrideNs != null && Number(args.delayOverrideNs) !== 0) {
    checkRange(args.delayOverrideNs, 'delay_override_ns', MIN_LINK_DELAY_NS, MAX_LINK_DELAY_NS, E.InvalidDelay, ' ns (or 0)');
  }
}

/**
 * Who signs for the update, which selects the account preamble (the processor accepts
 * either the link's own contributor or side Z's contributor).
 */
export type LinkUpdateAuthority<K = KeyInput> =
  /** The link's contributor (link.contributor_pk). Preamble: link, contributor, GlobalState. */
  | { kind: 'contributor'; contributor: K }
  /** Side Z's contributor (the side-Z device's contributor_pk). Preamble: link, contributor, side Z, GlobalState. */
  | { kind: 'sideZContributor'; contributor: K };

export interface CreateUpdateLinkInstructionInput extends BaseBuilderInput {
  /** The Link account. */
  link: KeyInput;
  /** Who is updating the link (its side A contributor, side Z's, or a foundation/network admin): decides which fields may change. */
  authority: LinkUpdateAuthority;
  /** link.side_a_pk; required when `args.tunnelNet` is given. */
  sideA?: KeyInput;
  /** link.side_z_pk; required for the side-Z form and when `args.tunnelNet` is given. */
  sideZ?: KeyInput;
  /**
   * Every topology in (current link_topologies ∪ args.linkTopologies), appended (writable) in
   * the given order when `args.linkTopologies` is given; required then.
   */
  topologyUnion?: readonly KeyInput[];
  /** link.side_z_iface_name now, for the offline checks that depend on it. */
  currentSideZIfaceName?: string;
  /** The instruction's arguments. */
  args: UpdateLinkArgs;
  /**
   * The link as decoded now, for the offline checks: the link the update leaves is checked whole
   * in the program's order (see UpdateLinkValidationContext.currentLink), and, with the side
   * devices, a tunnel_net update's rewrite of both devices.
   */
  currentLink?: Link;
  /** The side devices as decoded now (see UpdateLinkValidationContext.sideADevice). */
  sideADevice?: Device;
  /** The Device on side Z, as read (its contributor decides side Z's rights). */
  sideZDevice?: Device;
}

/**
 * UpdateLink (tag 31). Accounts: the preamble of `authority`; side A, side Z when tunnelNet
 * is given; DeviceTunnelBlock, LinkIds when tunnelId or tunnelNet is given; the topology
 * union when linkTopologies is given; payer, system program (Permission PDA last with
 * `appendPermission`). `use_onchain_allocation` = tunnelId or tunnelNet given.
 */
export function createUpdateLinkInstruction(input: CreateUpdateLinkInstructionInput): CoreInstruction {
  checkBuilderInput(input, true);
  const { programId, link, authority, args } = input;
  checkKey(link, 'link');
  if (input.currentLink !== undefined) expectLink(input.currentLink, 'input.currentLink');
  if (input.sideADevice !== undefined) expectDevice(input.sideADevice, 'input.sideADevice');
  if (input.sideZDevice !== undefined) expectDevice(input.sideZDevice, 'input.sideZDevice');
  if (input.validate !== false) {
    validateUpdateLinkArgs(args, {
      currentSideZIfaceName: input.currentSideZIfaceName,
      sideZForm: authority?.kind === 'sideZContributor',
      currentLink: input.currentLink,
      contributor: authority?.contributor,
      sideADevice: input.sideADevice,
      sideZDevice: input.sideZDevice,
      topologyUnion: input.topologyUnion,
    });
  }
  const needsSideZ = authority?.kind === 'sideZContributor' || args.tunnelNet != null;
  if (needsSideZ) checkKey(input.sideZ, 'side_z');

  const gs = globalStatePda(programId);
  const keys = [writable(link)];
  if (authority?.kind === 'contributor') {
    checkKey(authority.contributor, 'contributor');
    keys.push(writable(authority.contributor), writable(gs));
  } else if (authority?.kind === 'sideZContributor') {
    checkKey(authority.contributor, 'contributor');
    keys.push(writable(authority.contributor), writable(input.sideZ!), writable(gs));
  } else {
    throw new ValidationError('authority', "must be { kind: 'contributor' | 'sideZContributor', contributor }");
  }
  if (args.tunnelNet != null) {
    checkKey(input.sideA, 'side_a');
    keys.push(writable(input.sideA), writable(input.sideZ!));
  }
  const tunnel = args.tunnelId != null || args.tunnelNet != null;
  if (tunnel) keys.push(writable(deviceTunnelBlockPda(programId)), writable(linkIdsPda(programId)));
  if (args.linkTopologies != null) {
    const union = input.topologyUnion;
    if (!Array.isArray(union)) {
      throw new ValidationError('topology_union', 'required when link_topologies is given (current ∪ new topologies)');
    }
    union.forEach((t, i) => checkKey(t, `topology_union[${i}]`));
    if (input.validate !== false) {
      const have = new Set(union.map((t) => keyText(t)));
      args.linkTopologies.forEach((t, i) => {
        if (!have.has(keyText(t))) {
          fail(`link_topologies[${i}]`, `topology ${keyText(t)} is missing from topology_union`, EXPECTED_PROGRAM_ERRORS.InvalidArgument);
        }
      });
    }
    for (const t of union) keys.push(writable(t));
  }
  const data = encodeUpdateLinkArgs(args.useOnchainAllocation === tunnel ? args : { ...args, useOnchainAllocation: tunnel });
  return finishInstruction(input, keys, data);
}

/** The accounts of a UpdateLink instruction by role (in the program's order on the wire). */
export interface UpdateLinkAccounts<K = KeyInput> extends TailAccounts<K> {
  /** The Link account. */
  link: K;
  /** The Contributor account that operates the device or link. */
  contributor: K;
  /** Present in the side-Z form (the processor sees a non-GlobalState third account). */
  preambleSideZ?: K;
  /** The program's GlobalState account. */
  globalState: K;
  /** Present when tunnel_net is given. */
  sideA?: K;
  /** The Device on side Z. */
  sideZ?: K;
  /** Present when tunnel_id or tunnel_net is given. */
  deviceTunnelBlock?: K;
  /** The allocation table of link ids. */
  linkIds?: K;
  /** The topology union (only meaningful when link_topologies is given). */
  topologies: K[];
}

/** A decoded UpdateLink instruction: its name, tag, arguments and accounts by role. */
export type DecodedUpdateLinkInstruction<K = KeyInput> = DecodedInstructionBase<
  'UpdateLink',
  DoubleZeroInstructionTag.UpdateLink,
  DecodedUpdateLinkArgs<K>,
  UpdateLinkAccounts<K>,
  K
> & {
  /** The preamble form, as the processor tells them apart (third account = GlobalState PDA?). */
  authority: LinkUpdateAuthority<K>;
};

/** Decodes an UpdateLink instruction (strict; see decodeInstruction). */
export function decodeUpdateLinkInstruction<K>(
  keys: KeyKind<K>,
  ix: CoreInstruction,
  opts?: DecodeInstructionOptions,
): DecodedUpdateLinkInstruction<K> {
  const decoded = decodeInstructionAs('UpdateLink', ix, opts, keys, (d) => decodeUpdateLinkArgs(keys, d), (c, args): UpdateLinkAccounts<K> => {
    const link = c.next('link');
    const contributor = c.next('contributor');
    const third = c.next('side_z or globalstate');
    const gs = globalStatePda(ix.programId);
    let preambleSideZ: K | undefined;
    let globalState = third;
    if (!keyEquals(third as KeyInput, gs)) {
      preambleSideZ = third;
      globalState = c.next('globalstate');
    }
    const pair = args.tunnelNet !== null ? { sideA: c.next('side_a'), sideZ: c.next('side_z') } : {};
    const pools =
      args.tunnelId !== null || args.tunnelNet !== null
        ? { deviceTunnelBlock: c.next('device_tunnel_block'), linkIds: c.next('link_ids') }
        : {};
    const { tail, middle } = c.splitTail();
    if (middle < 0) c.fail('the account list is too short for the sections its Args require');
    if (middle > 0 && args.linkTopologies === null) {
      c.fail(`${middle} unexpected account(s) before the payer (topologies are only read when link_topologies is given)`);
    }
    const topologies = c.take(middle, 'topologies');
    return {
      link,
      contributor,
      ...(preambleSideZ ? { preambleSideZ } : {}),
      globalState,
      ...pair,
      ...pools,
      topologies,
      ...tail,
    };
  });
  const { preambleSideZ, contributor } = decoded.accounts;
  const authority: LinkUpdateAuthority<K> = preambleSideZ ? { kind: 'sideZContributor', contributor } : { kind: 'contributor', contributor };
  return Object.assign(decoded, { authority });
}
