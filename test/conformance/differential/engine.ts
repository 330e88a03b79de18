/**
 * One differential case: the drawn state is written to the ledger, dzprov decides on what it
 * reads back (decoded by dzprov, roles resolved from the chain data the way the client resolves
 * them), and the program judges:
 *
 * - built ⇒ the program succeeds and writes what dzprov expected (the kind's `expect`, byte for
 *   byte where the kind can say the bytes);
 * - predicted (InstructionArgumentError) ⇒ the same request sent unchecked fails with exactly
 *   that error, at that instruction (a panic is predicted as a panic, never as a custom code);
 * - refused by policy (IllegalTransitionError, or a ValidationError / EncodeError for a request
 *   dzprov never builds) ⇒ the unchecked request's answer is tabulated (the stricter-than-program
 *   table); a request the kind calls never valid must be refused by the program too.
 */
import fc from 'fast-check';
import { Keypair, PublicKey, type TransactionInstruction } from '@solana/web3.js';
import {
  AccountType,
  DecodeError,
  EncodeError,
  IllegalTransitionError,
  InstructionArgumentError,
  PERMISSION_FLAG_HEALTH_ORACLE,
  PERMISSION_FLAG_NETWORK_ADMIN,
  PermissionStatus,
  ValidationError,
  decodeContributor,
  decodeDevice,
  decodeGlobalState,
  decodeLink,
  decodePermission,
  encodeGlobalState,
  encodePermission,
  getGlobalStatePda,
  getPermissionPda,
  resolveRoles,
  type Device,
  type GlobalState,
  type Link,
  type Permission,
  type ProgramErrorRef,
  type Role,
} from '../../../src/index.js';
import { outcome, type ExecResult } from '../oracle.js';
import { deviceBytes, linkBytes } from './bytes.js';
import { CLEAN_DEVICE, CLEAN_LINK, shapeDevice, shapeLink, type CallerShape, type DeviceShape, type LinkShape } from './shapes.js';
import { putProgramAccount, restore, SYSTEM, type World } from './world.js';

export interface StateShape {
  devA: DeviceShape;
  devZ: DeviceShape;
  link: LinkShape;
}

/** What a case wrote, decoded by dzprov as a client would read it. */
export interface CaseState {
  w: World;
  caller: Keypair;
  callerShape: CallerShape;
  /** GlobalState as written (its feature flags drawn). */
  gs: GlobalState;
  /** The caller's Permission account as the client reads it: append its PDA? what does it grant? */
  permission: Permission | null;
  appendPermission: boolean;
  devAPk: PublicKey;
  devZPk: PublicKey;
  linkPk: PublicKey;
  /** The written accounts, decoded by dzprov (null: dzprov cannot decode them). */
  devA: Device | null;
  devZ: Device | null;
  link: Link | null;
  /** The bytes written. */
  bytes: { devA: Uint8Array; devZ: Uint8Array; link: Uint8Array };
  /** Every account the case wrote. */
  written: Set<string>;
}

function tryDecode<T>(f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (e instanceof DecodeError) return null;
    throw e;
  }
}

/** The Permission account bytes of a shape (or null: none; 'foreign': a system account holding lamports). */
function permissionBytes(w: World, c: CallerShape, payer: PublicKey): Uint8Array | null | 'foreign' {
  if (c.permission === 'none') return null;
  if (c.permission === 'foreign') return 'foreign';
  const flags = {
    networkAdmin: PERMISSION_FLAG_NETWORK_ADMIN,
    healthOracle: PERMISSION_FLAG_HEALTH_ORACLE,
    both: PERMISSION_FLAG_NETWORK_ADMIN | PERMISSION_FLAG_HEALTH_ORACLE,
    otherFlags: c.otherFlags,
    suspended: PERMISSION_FLAG_NETWORK_ADMIN | PERMISSION_FLAG_HEALTH_ORACLE,
    undeclaredStatus: PERMISSION_FLAG_NETWORK_ADMIN | PERMISSION_FLAG_HEALTH_ORACLE,
    wrongUserPayer: PERMISSION_FLAG_NETWORK_ADMIN | PERMISSION_FLAG_HEALTH_ORACLE,
    truncated: PERMISSION_FLAG_NETWORK_ADMIN | PERMISSION_FLAG_HEALTH_ORACLE,
    wrongType: PERMISSION_FLAG_NETWORK_ADMIN | PERMISSION_FLAG_HEALTH_ORACLE,
  }[c.permission];
  const [, bump] = getPermissionPda(w.programId, payer);
  const p: Permission = {
    accountType: AccountType.Permission,
    owner: w.keys.foundation.publicKey,
    bumpSeed: bump,
    status: c.permission === 'suspended' ? PermissionStatus.Suspended : PermissionStatus.Activated,
    userPayer: c.permission === 'wrongUserPayer' ? w.keys.stranger.publicKey.equals(payer) ? w.keys.qa.publicKey : w.keys.stranger.publicKey : payer,
    permissions: flags,
  };
  const bytes = encodePermission(p);
  if (c.permission === 'undeclaredStatus') bytes[34] = 7;
  if (c.permission === 'truncated') return bytes.slice(0, 70);
  if (c.permission === 'wrongType') bytes[0] = AccountType.Device;
  return bytes;
}

/**
 * What the client makes of the payer's Permission PDA: appended only when the program owns an
 * account there (a foreign one would fail authorization hard); it grants what it decodes to,
 * nothing when dzprov cannot decode it (the program then grants nothing either).
 */
export function readPermission(w: World, owner: PublicKey | null, data: Uint8Array | null): { permission: Permission | null; append: boolean } {
  const append = owner !== null && owner.equals(w.programId) && data !== null && data.length > 0;
  return { append, permission: append ? tryDecode(() => decodePermission(data!)) : null };
}

/** Writes the drawn state and reads it back as dzprov would. */
export async function writeState(w: World, s: StateShape, c: CallerShape): Promise<CaseState> {
  const which = s.link.which;
  const linkPk = which === 'wan' ? w.wan : w.dzx;
  const devZPk = which === 'wan' ? w.devZ : w.devX;
  const baseZ = which === 'wan' ? w.base.devZ : w.base.devX;
  const [coa, cob] = w.l.contributors as unknown as [{ pk: PublicKey }, { pk: PublicKey }];
  const valueA = shapeDevice(w.base.devA, s.devA, { otherContributor: cob.pk, flexTopology: w.topologies[1]!, salt: 0 });
  const valueZ = shapeDevice(baseZ, s.devZ, { otherContributor: baseZ.contributorPk.equals(coa.pk) ? cob.pk : coa.pk, flexTopology: w.topologies[2]!, salt: 1 });
  const valueL = shapeLink(which === 'wan' ? w.base.wan : w.base.dzx, s.link, w.topologies, cob.pk);
  const bytes = { devA: deviceBytes(valueA, s.devA.layout), devZ: deviceBytes(valueZ, s.devZ.layout), link: linkBytes(valueL, s.link.layout) };
  await putProgramAccount(w, w.devA, bytes.devA);
  await putProgramAccount(w, devZPk, bytes.devZ);
  await putProgramAccount(w, linkPk, bytes.link);
  const written = new Set([w.devA.toBase58(), devZPk.toBase58(), linkPk.toBase58()]);

  const gsPk = getGlobalStatePda(w.programId)[0];
  const gsSnap = w.snapshot.get(gsPk.toBase58())!;
  const gs = { ...decodeGlobalState(gsSnap.data), featureFlags: c.featureFlags };
  if (c.featureFlags !== 0n) {
    await w.oracle.setAccount(gsPk, { owner: w.programId, lamports: gsSnap.lamports, data: encodeGlobalState(gs) });
    written.add(gsPk.toBase58());
  }

  const caller = w.keys[c.who];
  const pda = getPermissionPda(w.programId, caller.publicKey)[0];
  const pb = permissionBytes(w, c, caller.publicKey);
  let perm = { permission: null as Permission | null, append: false };
  if (pb === 'foreign') {
    await w.oracle.setAccount(pda, { owner: SYSTEM, lamports: 1_000_000n });
    perm = readPermission(w, SYSTEM, new Uint8Array());
    written.add(pda.toBase58());
  } else if (pb) {
    await w.oracle.setAccount(pda, { owner: w.programId, lamports: 10_000_000n, data: pb });
    perm = readPermission(w, w.programId, pb);
    written.add(pda.toBase58());
  }
  return {
    w,
    caller,
    callerShape: c,
    gs,
    permission: perm.permission,
    appendPermission: perm.append,
    devAPk: w.devA,
    devZPk,
    linkPk,
    devA: tryDecode(() => decodeDeviceStrict(w, bytes.devA)),
    devZ: tryDecode(() => decodeDeviceStrict(w, bytes.devZ)),
    link: tryDecode(() => decodeLinkStrict(w, bytes.link)),
    bytes,
    written,
  };
}

const decodeDeviceStrict = (w: World, b: Uint8Array) => decodeDevice(b, { programId: w.programId });
const decodeLinkStrict = (w: World, b: Uint8Array) => decodeLink(b, { programId: w.programId });

/** The owner of the Contributor account at `pk` (undefined: no such contributor). */
export function contributorOwner(w: World, pk: PublicKey): PublicKey | undefined {
  const a = w.snapshot.get(pk.toBase58());
  if (!a?.exists) return undefined;
  return tryDecode(() => decodeContributor(a.data).owner as PublicKey) ?? undefined;
}

/** The caller's roles towards an account of `contributorPk` (and, for links, side Z's contributor). */
export function rolesOf(st: CaseState, contributorPk: PublicKey, sideZContributorPk?: PublicKey): Role[] {
  return resolveRoles({
    payer: st.caller.publicKey,
    globalState: st.gs,
    permission: st.permission,
    contributorOwner: contributorOwner(st.w, contributorPk),
    sideZContributorOwner: sideZContributorPk ? contributorOwner(st.w, sideZContributorPk) : undefined,
  });
}

// ---------------------------------------------------------------------------------------------
// Verdicts and judging

export type Verdict =
  | { kind: 'built'; ixs: TransactionInstruction[] }
  | { kind: 'predicted'; error: ProgramErrorRef; message: string; at: number }
  | { kind: 'policy'; message: string; error: unknown };

/** What a kind does with one drawn case once its state is written. */
export interface Prepared {
  /** Signers, the first pays (default: the caller). */
  signers?: Keypair[];
  /** dzprov's decision: the instructions it builds (throws when it refuses). */
  decide(): TransactionInstruction[];
  /** The same request with no checks, as a caller without dzprov would send it. */
  unchecked(): TransactionInstruction[];
  /** For a built request that succeeded: what is wrong with what the program wrote (undefined: nothing). */
  expect?(res: ExecResult): string | undefined;
  /** A refusal the program must share (dzprov refuses the request as never valid). */
  neverValid?(e: unknown): boolean;
  /** The instruction index (within `unchecked()`) a prediction is about (default 0; multi-instruction kinds set it). */
  predictedAt?(e: InstructionArgumentError): number;
}

/** Thrown by a kind's decide() for a case it does not judge (a raw builder given no account, on an account it cannot see). */
export class Unjudged extends Error {}

export function verdictOf(p: Prepared): Verdict | null {
  try {
    return { kind: 'built', ixs: p.decide() };
  } catch (e) {
    if (e instanceof Unjudged) return null;
    if (e instanceof InstructionArgumentError) return { kind: 'predicted', error: e.programError, message: e.message, at: p.predictedAt?.(e) ?? 0 };
    if (e instanceof IllegalTransitionError || e instanceof ValidationError || e instanceof EncodeError || e instanceof DecodeError) {
      return { kind: 'policy', message: e.message, error: e };
    }
    throw e;
  }
}

/** The program's answer matches a predicted error: the code, or a panic for a predicted panic. */
export function matchesPrediction(res: ExecResult, error: ProgramErrorRef, index: number): boolean {
  if (res.success || res.error?.type !== 'instruction' || res.error.index !== index) return false;
  const o = outcome(res);
  if (error.code !== undefined) return o === error.code;
  if (error.name === 'panic') return o === 'ProgramFailedToComplete';
  return o === error.name;
}

/** The kind of rule behind a policy refusal, for the stricter-than-program table. */
export function policyClass(e: unknown, message: string): string {
  if (e instanceof EncodeError) return 'not encodable';
  if (e instanceof DecodeError) return 'undecodable account';
  const rules: [RegExp, string][] = [
    [/does not declare: any write would replace/, 'undeclared value on the account'],
    [/a value the program does not declare/, 'undeclared current status'],
    [/requires role/, 'role'],
    [/needs (desired status|health)/, 'requirement unmet'],
    [/is not a step of the/, 'not a lifecycle step'],
    [/is already/, 'no-op'],
    [/never written|no status write may set/, 'value never written'],
    [/through AcceptLink|AcceptLink only accepts/, 'AcceptLink only'],
    [/nothing is due/, 'nothing due'],
    [/cannot delete/, 'deletion rule'],
  ];
  const r = rules.find(([re]) => re.test(message))?.[1];
  if (r) return r;
  if (e instanceof ValidationError) return `input rule (${e.field})`;
  return 'other';
}

export interface KindTally {
  n: number;
  built: number;
  predicted: number;
  policy: number;
  /** Drawn cases the kind does not judge (not counted in n). */
  unjudged: number;
  counterexamples: string[];
  /** program answer to the unchecked request when dzprov refused by policy → count */
  stricter: Map<string, number>;
}

export const newTally = (): KindTally => ({ n: 0, built: 0, predicted: 0, policy: 0, unjudged: 0, counterexamples: [], stricter: new Map() });

/** The instruction index the program reports for the i-th instruction dzprov built (after the prelude and the nonce). */
export const PROGRAM_IX = 3;

/** Judges one prepared case (state already written); returns the accounts it touched. */
export async function judge(st: CaseState, p: Prepared, t: KindTally, nonce: number, where: () => string): Promise<Set<string>> {
  const v = verdictOf(p);
  if (v === null) {
    t.unjudged++;
    return new Set(st.written);
  }
  t.n++;
  const signers = p.signers ?? [st.caller];
  const touched = new Set(st.written);
  const send = async (ixs: TransactionInstruction[]) => {
    const res = await st.w.oracle.send(ixs, signers, { fresh: false, nonce });
    for (const k of res.accounts.keys()) touched.add(k);
    return res;
  };
  const logs = (res: ExecResult) => res.logs.filter((x) => x.includes(' log: ') || x.includes('panicked')).slice(-4).join('\n    ');
  if (v.kind === 'built') {
    t.built++;
    const res = await send(v.ixs);
    if (!res.success) t.counterexamples.push(`built but the program failed with ${JSON.stringify(outcome(res))} at #${res.error?.index}: ${where()}\n    ${logs(res)}`);
    else {
      let wrong: string | undefined;
      try {
        wrong = p.expect?.(res);
      } catch (e) {
        // dzprov built a write on an account whose expected state no encoder writes (an undeclared value)
        if (!(e instanceof EncodeError)) throw e;
        wrong = `the expected account cannot be written (${e.message}): dzprov built a write over a value the program does not declare`;
      }
      if (wrong) t.counterexamples.push(`built, succeeded, but ${wrong}: ${where()}`);
    }
    return touched;
  }
  let unchecked: TransactionInstruction[];
  try {
    unchecked = p.unchecked();
  } catch (e) {
    if (!(e instanceof EncodeError) && !(e instanceof ValidationError)) throw e;
    // nothing can be sent: an undeclared value (or a shape no builder writes)
    if (v.kind === 'predicted') {
      t.predicted++;
      t.counterexamples.push(`predicted ${v.error.name} but the unchecked request cannot be built (${(e as Error).message}): ${where()}`);
    } else {
      t.policy++;
      t.stricter.set('not sendable', (t.stricter.get('not sendable') ?? 0) + 1);
    }
    return touched;
  }
  const res = await send(unchecked);
  if (v.kind === 'predicted') {
    t.predicted++;
    if (!matchesPrediction(res, v.error, PROGRAM_IX + v.at)) {
      t.counterexamples.push(
        `predicted ${v.error.name} at #${PROGRAM_IX + v.at} (${v.message}) but the program answered ${JSON.stringify(outcome(res))} at #${res.error?.index}: ${where()}\n    ${logs(res)}`,
      );
    }
    return touched;
  }
  t.policy++;
  if (p.neverValid?.(v.error) && res.success) t.counterexamples.push(`refused as never valid (${v.message}) but the program accepted: ${where()}`);
  const answer = res.success ? `program accepts (${policyClass(v.error, v.message)})` : `program refuses (${String(outcome(res))})`;
  t.stricter.set(answer, (t.stricter.get(answer) ?? 0) + 1);
  // DZPROV_DIFF_EXPLAIN=<class>: print the cases where the program accepted what dzprov refused for that class.
  const explain = process.env.DZPROV_DIFF_EXPLAIN;
  if (explain && res.success && policyClass(v.error, v.message).includes(explain)) console.log(`EXPLAIN ${v.message}: ${where()}`);
  return touched;
}

/** A kind of request: how it is drawn and what it does once the state is written. */
export interface Kind<R> {
  name: string;
  /** Share of the run's cases. */
  weight: number;
  arb: fc.Arbitrary<{ state: StateShape; caller: CallerShape; req: R }>;
  prepare(st: CaseState, req: R): Prepared;
  describe?(st: CaseState, req: R): string;
}

/**
 * Runs `runs` judged cases of `kind` against the world (drawn cases the kind does not judge are
 * drawn again, with the next seed); the tally.
 */
export async function runKind<R>(w: World, kind: Kind<R>, runs: number, seed: number, tally: KindTally = newTally()): Promise<KindTally> {
  let touched = new Set<string>();
  let nonce = 0;
  for (let round = 0; tally.n < runs && round < 8; round++) {
    await fc.assert(
      fc.asyncProperty(kind.arb, async (c) => {
        await restore(w, touched);
        const st = await writeState(w, c.state, c.caller);
        touched = st.written;
        const p = kind.prepare(st, c.req);
        const where = () => `${kind.name} ${kind.describe?.(st, c.req) ?? JSON.stringify(c.req, big)} on ${describeState(st, c.state)}`;
        touched = await judge(st, p, tally, nonce++, where);
        return true;
      }),
      { numRuns: runs - tally.n, seed: seed + round, endOnFailure: true },
    );
  }
  await restore(w, touched);
  return tally;
}

/** A JSON.stringify replacer for cases: bigints as `123n`, keys shortened. */
export const big = (_: string, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof PublicKey ? v.toBase58().slice(0, 6) : v);

/** The fields of a shape that differ from the clean one (what a counterexample's reader needs). */
function compact(shape: object, clean: object): string {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(shape)) {
    const c = (clean as Record<string, unknown>)[k];
    if (JSON.stringify(v, big) !== JSON.stringify(c, big)) out[k] = k === 'baseIfaces' ? (v as { mod: string }[]).map((m) => (m.mod === 'kept' ? 'kept' : m)) : v;
  }
  return JSON.stringify(out, big);
}

export function describeState(st: CaseState, s: StateShape): string {
  const c = st.callerShape;
  return (
    `devA=${compact(s.devA, CLEAN_DEVICE)} devZ=${compact(s.devZ, CLEAN_DEVICE)} link=${compact(s.link, CLEAN_LINK)}; ` +
    `caller ${c.who} permission=${c.permission}${c.permission === 'otherFlags' ? `(${c.otherFlags})` : ''} flags=${c.featureFlags}`
  );
}

/** A one-line summary of a tally, in the form the conformance run ends with. */
export function kindLine(name: string, t: KindTally): string {
  return `differential ${name}: ${t.n} cases, ${t.built} built, ${t.predicted} predicted, ${t.policy} refused by policy, ${t.counterexamples.length} counterexamples`;
}

export function stricterLines(tallies: Map<string, KindTally>): string {
  return [...tallies.entries()]
    .filter(([, t]) => t.stricter.size > 0)
    .map(([k, t]) => `  ${k.padEnd(26)} ${[...t.stricter.entries()].sort((a, b) => b[1] - a[1]).map(([a, n]) => `${a}: ${n}`).join(', ')}`)
    .join('\n');
}
