/**
 * The kinds executed through the oracle node (test/oracle-node/): the client's intents, batch
 * health and the maintenance planner, each drawn over the same states, callers and roles as the
 * builder kinds. The client reads the chain over JSON-RPC, decides, simulates, sends and confirms
 * through the node; what landed is checked against the bank's bytes; a refusal is judged like a
 * builder's (the unchecked request sent to the program). The client's decision is also compared
 * with the checked builder's on the same state: a client that resolves roles or reads accounts
 * differently would decide differently.
 */
import fc from 'fast-check';
import { Connection, PublicKey, Transaction, type Keypair, type TransactionInstruction } from '@solana/web3.js';
import {
  AccountConflictError,
  DecodeError,
  DeviceDesiredStatus,
  DeviceStatus,
  DzClient,
  EncodeError,
  IllegalTransitionError,
  InstructionArgumentError,
  LinkDesiredStatus,
  LinkStatus,
  DeviceHealth,
  LinkHealth,
  ValidationError,
  changeDeviceStatus,
  changeLinkStatus,
  computeBudgetPrelude,
  createSetDeviceHealthInstruction,
  createSetLinkHealthInstruction,
  decodeDevice,
  decodeLink,
  encodeDevice,
  encodeLink,
  planDeviceMaintenance,
  planDeviceReturn,
  validateDeleteDeviceInterfaceArgs,
  type Device,
  type Link,
  type MaintenancePlan,
  type ProgramErrorRef,
} from '../../../src/index.js';
import { outcome, type ExecResult, type OracleAccount } from '../oracle.js';
import { anyCaller, arbFocused, arbState, deviceIs, firstProblem, linkIs, withDevA, withLink } from './common.js';
import { PROGRAM_IX, big, describeState, matchesPrediction, policyClass, rolesOf, verdictOf, writeState, type CaseState, type Kind, type KindTally, type Prepared, type StateShape } from './engine.js';
import { deviceKinds, deviceStatusArgs, rawUpdateDevice } from './kinds-device.js';
import { deviceOnboardKinds } from './kinds-device-onboard.js';
import { createInterfaceArgs, spelled, updateDeviceArgs, updateInterfaceArgs, type CreateInterfaceReq, type UpdateDeviceReq, type UpdateInterfaceReq } from './kinds-raw.js';
import { deviceAt, linkKinds, linkStatusArgs, rawUpdateLink } from './kinds-link.js';
import { checkedLinkWriteKinds, createLinkParts, linkChangesOf, type CreateLinkReq, type UpdateLinkReq } from './kinds-raw-link.js';
import type { CallerShape } from './shapes.js';
import { restore, type World } from './world.js';

export interface NodeCtx {
  w: World;
  client: DzClient;
  conn: Connection;
  /** The accounts a transaction that landed on the node names (they are restored after the case). */
  accountsOf(signature: string): string[];
}

type Decision = 'built' | 'predicted' | 'policy';

function classify(e: unknown): { decision: Exclude<Decision, 'built'>; error?: ProgramErrorRef } | null {
  if (e instanceof InstructionArgumentError) return { decision: 'predicted', error: e.programError };
  if (e instanceof IllegalTransitionError || e instanceof ValidationError || e instanceof DecodeError || e instanceof EncodeError || e instanceof AccountConflictError) return { decision: 'policy' };
  return null;
}

/** The bank's accounts a case may change, as an ExecResult the kinds' expectations read. */
async function bankResult(st: CaseState, extra: readonly PublicKey[] = []): Promise<ExecResult> {
  const keys = [st.devAPk, st.devZPk, st.linkPk, ...extra];
  const accounts = new Map<string, OracleAccount>();
  for (const a of await st.w.oracle.getAccounts(keys)) accounts.set(a.pubkey.toBase58(), a);
  return { success: true, error: null, logs: [], computeUnits: 0, accounts };
}

/** The bank's accounts of the case as the current program would write them back unchanged (a legacy layout re-encoded). */
async function reencoded(st: CaseState): Promise<ExecResult> {
  const res = await bankResult(st);
  for (const [k, a] of res.accounts) {
    if (!a.exists || a.data.length === 0) continue;
    try {
      const data = a.data[0] === 5 ? encodeDevice({ ...decodeDevice(a.data) }) : a.data[0] === 6 ? encodeLink({ ...decodeLink(a.data) }) : a.data;
      res.accounts.set(k, { ...a, data });
    } catch {
      // undeclared values: kept as they are
    }
  }
  return res;
}

/** An expectation, or why a write was built over a value the program does not declare (its expected state cannot be encoded). */
function expectOrUnwritable(f: () => string | undefined): string | undefined {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof EncodeError)) throw e;
    return `the expected account cannot be written (${e.message}): dzprov built a write over a value the program does not declare`;
  }
}

async function sendUnchecked(st: CaseState, ixs: TransactionInstruction[], signers: Keypair[], nonce: number): Promise<ExecResult> {
  return st.w.oracle.send(ixs, signers, { fresh: false, nonce });
}

function tallyPolicy(t: KindTally, res: ExecResult, e: unknown): void {
  t.policy++;
  const answer = res.success ? `program accepts (${policyClass(e, (e as Error).message)})` : `program refuses (${String(outcome(res))})`;
  t.stricter.set(answer, (t.stricter.get(answer) ?? 0) + 1);
}

// ---------------------------------------------------------------------------------------------
// Intents

/** Each client intent, by the checked kind that judges the same request. */
const INTENTS: Record<string, (c: DzClient, target: PublicKey, payer: PublicKey, st: CaseState, r: never) => Promise<unknown>> = {
  drainDevice: (c, t, p) => c.prepareDrainDevice(t, p),
  undrainDevice: (c, t, p) => c.prepareUndrainDevice(t, p),
  promoteDevice: (c, t, p, _s, r: number) => c.preparePromoteDevice(t, r, p),
  changeDeviceStatus: (c, t, p, _s, r: number) => c.prepareChangeDeviceStatus(t, r, p),
  setDeviceDesiredStatus: (c, t, p, _s, r: number) => c.prepareSetDeviceDesiredStatus(t, r, p),
  setDeviceHealth: (c, t, p, _s, r: number) => c.prepareSetDeviceHealth(t, r, p),
  deleteDevice: (c, t, p) => c.prepareDeleteDevice(t, p),
  softDrainLink: (c, t, p) => c.prepareSoftDrainLink(t, p),
  hardDrainLink: (c, t, p) => c.prepareHardDrainLink(t, p),
  activateLink: (c, t, p) => c.prepareActivateLink(t, p),
  changeLinkStatus: (c, t, p, _s, r: number) => c.prepareChangeLinkStatus(t, r, p),
  acceptLink: (c, t, p, st, r: string | number) => c.prepareAcceptLink(t, acceptName(st, r), p),
  setLinkDesiredStatus: (c, t, p, _s, r: number) => c.prepareSetLinkDesiredStatus(t, r, p),
  setLinkHealth: (c, t, p, _s, r: number) => c.prepareSetLinkHealth(t, r, p),
  deleteLink: (c, t, p) => c.prepareDeleteLink(t, p),
  // Device changes: the checked kinds' requests in the client's form (codes or keys, no derived fields).
  updateDeviceFields: (c, t, p, st, r: UpdateDeviceReq) => c.prepareUpdateDevice(t, updateRequestOf(st, r), p),
  updateDeviceInterface: (c, t, p, st, r: UpdateInterfaceReq) => {
    const { name, ...rest } = updateInterfaceArgs(spelled(st.devA, r.target, r.spelling), r);
    return c.prepareUpdateDeviceInterface(t, { name, ...(rest as object) }, p);
  },
  deleteDeviceInterface: (c, t, p, st, r: { target: number; spelling: UpdateInterfaceReq['spelling'] }) => c.prepareDeleteDeviceInterface(t, spelled(st.devA, r.target, r.spelling), p),
  // The checked kind's request (no flex-algo topologies), the client deriving the resource accounts itself.
  createDeviceInterface: (c, t, p, _st, r: CreateInterfaceReq) => {
    const a = createInterfaceArgs(r);
    return c.prepareCreateDeviceInterface(
      t,
      {
        name: a.name,
        loopbackType: a.loopbackType,
        interfaceCyoa: a.interfaceCyoa,
        interfaceDia: a.interfaceDia,
        ...(a.ipNet ? { ipNet: a.ipNet } : {}),
        bandwidth: a.bandwidth,
        cir: a.cir,
        mtu: Number(a.mtu),
        routingMode: a.routingMode,
        vlanId: Number(a.vlanId),
        userTunnelEndpoint: a.userTunnelEndpoint,
      },
      p,
    );
  },
  // The devices and the contributor by address: the client reads them from the chain.
  createLink: (c, _t, p, st, r: CreateLinkReq) => {
    const { contributorPk, args } = createLinkParts(st, r);
    return c.prepareCreateLink({ ...args, mtu: Number(args.mtu), contributor: contributorPk, sideA: st.devAPk, sideZ: st.devZPk }, p);
  },
  updateLink: (c, t, p, st, r: UpdateLinkReq) => c.prepareUpdateLink(t, linkChangesOf(st, r), p),
};

/** Whether the client refuses the intent's arguments whatever the state (its checks before any read). */
function refusedByArguments(intent: string, st: CaseState, r: unknown): boolean {
  if (intent !== 'deleteDeviceInterface') return false;
  const q = r as { target: number; spelling: UpdateInterfaceReq['spelling'] };
  try {
    validateDeleteDeviceInterfaceArgs({ name: spelled(st.devA, q.target, q.spelling) });
    return false;
  } catch {
    return true;
  }
}

/** An UpdateDevice request of the raw kind as DzClient.updateDevice takes it. */
function updateRequestOf(st: CaseState, r: UpdateDeviceReq): Parameters<DzClient['prepareUpdateDevice']>[1] {
  const d = st.devA ?? ({ dzPrefixes: [] } as unknown as Device);
  const a = updateDeviceArgs(st.w, d, r);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined || v === null) continue;
    const key = k === 'contributorPk' ? 'contributor' : k === 'metricsPublisherPk' ? 'metricsPublisher' : k;
    out[key] = k === 'dzPrefixes' ? [...(v as string[])] : v;
  }
  const move = r.move && st.devA ? st.w.l.locations.find((l) => !l.equals(st.devA!.locationPk as PublicKey)) : undefined;
  if (move) out.location = move;
  return out as Parameters<DzClient['prepareUpdateDevice']>[1];
}

function acceptName(st: CaseState, r: string | number): string {
  return typeof r === 'number' ? (st.devZ?.interfaces[r % Math.max(1, st.devZ.interfaces.length)]?.name ?? 'Ethernet1') : r;
}

const checkedKinds = new Map([...deviceKinds, ...deviceOnboardKinds, ...linkKinds, ...checkedLinkWriteKinds].map((k) => [k.name, k]));

/**
 * A request the client refused before reading anything, by the builders' offline rules: the rule
 * names the program's error, but not as a prediction (the program checks the accounts first, so
 * a request with a bad account too gets another error). Its decision is the checked builder's
 * "refused", without the prediction.
 */
function refusedBeforeReading(e: unknown): boolean {
  return e instanceof ValidationError && !(e instanceof InstructionArgumentError) && /\(the program answers \w+\)$/.test(e.rule);
}

export const arbIntent = fc.oneof(...Object.keys(INTENTS).map((name) => checkedKinds.get(name)!.arb.map((c) => ({ ...c, intent: name }))));

/** One intent case through the node. */
export async function runIntent(ctx: NodeCtx, c: { state: StateShape; caller: CallerShape; req: never; intent: string }, t: KindTally, nonce: number): Promise<Set<string>> {
  const st = await writeState(ctx.w, c.state, c.caller);
  const touched = new Set(st.written);
  const kind = checkedKinds.get(c.intent)! as Kind<never>;
  const p: Prepared = kind.prepare(st, c.req);
  const where = () => `intent ${c.intent}(${JSON.stringify(c.req, big)}) on ${describeState(st, c.state)}`;
  const isDevice = !c.intent.includes('Link');
  const target = isDevice ? st.devAPk : st.linkPk;
  const checked = verdictOf(p);
  t.n++;
  let prepared: Awaited<ReturnType<DzClient['prepareDrainDevice']>> | undefined;
  let refusal: unknown;
  try {
    prepared = (await INTENTS[c.intent]!(ctx.client, target, st.caller.publicKey, st, c.req)) as typeof prepared;
  } catch (e) {
    if (!classify(e)) throw e;
    refusal = e;
  }
  const clientDecision: Decision = prepared ? 'built' : classify(refusal)!.decision;
  // "Already done" is the client's answer to a request the checked builder refuses as a no-op.
  const already = prepared?.alreadyDone !== undefined;
  // A refusal of the request's arguments alone comes before any read (the client validates its
  // input first), so it may name another reason than the checked builder, which reads the state
  // first: only the program judges it (below).
  const argumentsOnly = refusal !== undefined && refusedByArguments(c.intent, st, c.req);
  // Both refuse: the client before reading (by the program's rule) or on a conflict with the
  // account that exists (it names the fields that differ), the checked builder predicting the
  // program's error.
  const sameRefusal = clientDecision === 'policy' && checked?.kind === 'predicted' && (refusedBeforeReading(refusal) || refusal instanceof AccountConflictError);
  if (checked && !already && !argumentsOnly && !sameRefusal && checked.kind !== (clientDecision === 'policy' ? 'policy' : clientDecision)) {
    t.counterexamples.push(`the client decided ${clientDecision} (${(refusal as Error)?.message ?? ''}) where the checked builder decided ${checked.kind}: ${where()}`);
  }
  if (prepared) {
    t.built++;
    if (already) {
      // Nothing was sent: the account must already be where the intent leads (the expected state
      // of the request, in the current format, is the current one re-encoded), unless it holds
      // values no encoder writes.
      let wrong: string | undefined;
      try {
        // A device being deleted (status Deleting) is what a delete leads to: the program refuses
        // to delete it again (InvalidStatus).
        if (c.intent === 'deleteDevice') wrong = st.devA?.status === DeviceStatus.Deleting ? undefined : `device status ${st.devA?.status}`;
        else if (c.intent === 'deleteLink') wrong = st.link?.status === LinkStatus.Deleting ? undefined : `link status ${st.link?.status}`;
        // An accepted link: activated on that interface (what AcceptLink would allocate is not asked again).
        // No interface of that name: what a delete leads to.
        else if (c.intent === 'deleteDeviceInterface') {
          const r = c.req as { target: number; spelling: UpdateInterfaceReq['spelling'] };
          const name = spelled(st.devA, r.target, r.spelling).toLowerCase();
          wrong = st.devA?.interfaces.some((f) => f.name.toLowerCase() === name) ? `device A has an interface ${name}` : undefined;
        }
        // A created interface: device A has an interface of that name (the client compared the rest).
        else if (c.intent === 'createDeviceInterface') {
          const name = (c.req as unknown as CreateInterfaceReq).name.toLowerCase();
          wrong = st.devA?.interfaces.some((f) => f.name.toLowerCase() === name) ? undefined : `device A has no interface ${name}`;
        }
        // A created link: the link at the target holds the code asked for (the client compared the rest).
        else if (c.intent === 'createLink') {
          const a = await st.w.oracle.getAccount(prepared.target as PublicKey);
          const code = (c.req as unknown as CreateLinkReq).code.toLowerCase();
          wrong = a.exists && decodeLink(a.data).code === code ? undefined : `no link ${code} at ${(prepared.target as PublicKey).toBase58()}`;
        } else if (c.intent === 'acceptLink') wrong = st.link?.status === LinkStatus.Activated && st.link.sideZIfaceName === acceptName(st, c.req as string | number) ? undefined : 'the link is not accepted on that interface';
        else wrong = p.expect?.(await reencoded(st));
      } catch (e) {
        if (!(e instanceof EncodeError)) throw e;
      }
      if (wrong) t.counterexamples.push(`the client called it already done (${prepared.alreadyDone}) but ${wrong}: ${where()}`);
      return touched;
    }
    try {
      const sent = await ctx.client.send(prepared, st.caller);
      for (const sig of sent.signatures) for (const k of ctx.accountsOf(sig)) touched.add(k);
      if (sent.outcome !== 'landed') t.counterexamples.push(`sent but ${sent.outcome}: ${where()}`);
    } catch (e) {
      t.counterexamples.push(`built but the program refused through the node: ${(e as Error).message}: ${where()}`);
      return touched;
    }
    // A create's account is the new one (its target).
    const res = await bankResult(st, [prepared.target as PublicKey]);
    for (const k of res.accounts.keys()) touched.add(k);
    const wrong = expectOrUnwritable(() => p.expect?.(res));
    if (wrong) t.counterexamples.push(`landed through the node, but ${wrong}: ${where()}`);
    return touched;
  }
  const cls = classify(refusal)!;
  let unchecked: TransactionInstruction[];
  try {
    unchecked = p.unchecked();
  } catch (e) {
    if (!(e instanceof EncodeError) && !(e instanceof ValidationError)) throw e;
    if (cls.decision === 'predicted') t.counterexamples.push(`predicted but the unchecked request cannot be built: ${where()}`);
    cls.decision === 'predicted' ? t.predicted++ : t.policy++;
    return touched;
  }
  const res = await sendUnchecked(st, unchecked, [st.caller], nonce);
  for (const k of res.accounts.keys()) touched.add(k);
  if (cls.decision === 'predicted') {
    t.predicted++;
    if (!matchesPrediction(res, cls.error!, PROGRAM_IX)) {
      t.counterexamples.push(`the client predicted ${cls.error!.name} but the program answered ${JSON.stringify(outcome(res))}: ${where()}`);
    }
  } else {
    // Refused on its arguments before anything was read, by a rule of the program's: the program,
    // which checks the caller and the accounts first, may name another error, but must refuse it too.
    if ((argumentsOnly || refusedBeforeReading(refusal)) && res.success) {
      t.counterexamples.push(`the client refused the arguments before reading (${(refusal as Error).message}) but the program accepted them: ${where()}`);
    }
    tallyPolicy(t, res, refusal);
  }
  return touched;
}

// ---------------------------------------------------------------------------------------------
// Batch health

const arbHealthUpdate = fc.record({
  target: fc.constantFrom<'devA' | 'devZ' | 'link'>('devA', 'devZ', 'link'),
  byCode: fc.constantFrom(false, false, false, true),
  // Mostly declared values; sometimes one the program does not declare (9), which the batch refuses whole.
  health: fc.oneof({ arbitrary: fc.constantFrom(0, 1, 2, 3, 4), weight: 12 }, { arbitrary: fc.constant(9), weight: 1 }),
});
export const arbBatch = fc.record({
  state: arbState,
  caller: fc.oneof(
    anyCaller,
    fc.record({ who: fc.constant<CallerShape['who']>('healthOracle'), permission: fc.constant<CallerShape['permission']>('none'), otherFlags: fc.constant(0n), featureFlags: fc.constant(0n) }),
  ),
  req: fc.array(arbHealthUpdate, { minLength: 1, maxLength: 5 }),
});

export async function runBatch(ctx: NodeCtx, c: { state: StateShape; caller: CallerShape; req: { target: 'devA' | 'devZ' | 'link'; byCode: boolean; health: number }[] }, t: KindTally, nonce: number): Promise<Set<string>> {
  const st = await writeState(ctx.w, c.state, c.caller);
  const touched = new Set(st.written);
  const where = () => `batch ${JSON.stringify(c.req)} on ${describeState(st, c.state)}`;
  const pkOf = (x: 'devA' | 'devZ' | 'link') => (x === 'devA' ? st.devAPk : x === 'devZ' ? st.devZPk : st.linkPk);
  const codeOf = (x: 'devA' | 'devZ' | 'link') => (x === 'link' ? st.link?.code : st[x]?.code);
  const updates = c.req.map((u) => ({ kind: u.target === 'link' ? ('link' as const) : ('device' as const), target: u.byCode && codeOf(u.target) ? codeOf(u.target)! : pkOf(u.target), health: u.health }));
  // A health its kind does not declare refuses the whole batch before anything is read or sent.
  const undeclared = c.req.findIndex((u) => (u.target === 'link' ? LinkHealth : DeviceHealth)[u.health] === undefined);
  const beforeBatch = await bankResult(st);
  let outcomes: Awaited<ReturnType<DzClient['setHealthMany']>>;
  try {
    outcomes = await ctx.client.setHealthMany(updates, st.caller, { concurrency: 1 });
  } catch (e) {
    if (!(e instanceof ValidationError) || undeclared < 0 || e.field !== `updates[${undeclared}].health`) throw e;
    const afterBatch = await bankResult(st);
    for (const [k, a] of afterBatch.accounts) {
      const b = beforeBatch.accounts.get(k);
      if (!b || b.exists !== a.exists || Buffer.compare(Buffer.from(b.data), Buffer.from(a.data)) !== 0) {
        t.counterexamples.push(`a batch refused for an undeclared health changed ${k}: ${where()}`);
      }
    }
    t.n += c.req.length;
    t.policy += c.req.length;
    return touched;
  }
  if (undeclared >= 0) t.counterexamples.push(`a batch with an undeclared health (#${undeclared}) was not refused: ${where()}`);
  for (const o of outcomes) for (const sig of o.signatures ?? []) for (const k of ctx.accountsOf(sig)) touched.add(k);
  const res = await bankResult(st);
  for (const k of res.accounts.keys()) touched.add(k);
  // The batch wrote each target once: the expected state of each is its health written (or kept).
  const roles = rolesOf(st, PublicKey.default);
  const seen = new Set<string>();
  for (const o of outcomes) {
    const u = c.req[o.index]!;
    t.n++;
    const pk = pkOf(u.target);
    const first = !seen.has(pk.toBase58());
    seen.add(pk.toBase58());
    const health = (x: Device | Link | null) => (x === null ? undefined : 'deviceHealth' in x ? x.deviceHealth : x.linkHealth);
    const before = u.target === 'link' ? st.link : st[u.target];
    if (o.status === 'updated' || o.status === 'unchanged') {
      t.built++;
      if (o.status === 'unchanged') {
        if (health(before) !== u.health) t.counterexamples.push(`#${o.index} reported unchanged but the health was ${health(before)}: ${where()}`);
        continue;
      }
      const wrong = expectOrUnwritable(() =>
        u.target === 'link' ? linkIs(st.w, res, pk, { ...st.link!, linkHealth: u.health }) : deviceIs(st.w, res, pk, { ...st[u.target]!, deviceHealth: u.health }),
      );
      if (wrong) t.counterexamples.push(`#${o.index} ${o.status}, but ${wrong}: ${where()}`);
      continue;
    }
    if (o.status !== 'refused') {
      t.counterexamples.push(`#${o.index} is ${o.status}: ${o.reason}: ${where()}`);
      continue;
    }
    // A refusal: dzprov's (predicted or policy), never the program's (it was planned: built).
    if (o.error?.name !== 'InstructionArgumentError' && !['IllegalTransitionError', 'ValidationError', 'AccountNotFoundError', 'AmbiguousCodeError', 'DecodeError', 'EncodeError'].includes(o.error?.name ?? '')) {
      t.built++;
      t.counterexamples.push(`#${o.index} planned, but refused by ${o.error?.name}: ${o.reason}: ${where()}`);
      continue;
    }
    if (!first || before === null) {
      // the same account twice (one write per target), or an account that does not decode
      t.policy++;
      continue;
    }
    const input = { programId: st.w.programId, payer: st.caller.publicKey, roles, appendPermission: st.appendPermission };
    let r: ExecResult;
    try {
      const ix =
        u.target === 'link'
          ? createSetLinkHealthInstruction({ ...input, link: pk, args: { health: u.health } })
          : createSetDeviceHealthInstruction({ ...input, device: pk, args: { health: u.health } });
      r = await sendUnchecked(st, [ix], [st.caller], nonce * 8 + o.index);
    } catch (e) {
      if (!(e instanceof EncodeError)) throw e;
      t.policy++;
      continue;
    }
    for (const k of r.accounts.keys()) touched.add(k);
    if (o.error?.name === 'InstructionArgumentError') {
      t.predicted++;
      if (r.success || !o.reason?.includes(`(${String(outcome(r))})`)) t.counterexamples.push(`#${o.index} predicted (${o.reason}) but the program answered ${JSON.stringify(outcome(r))}: ${where()}`);
    } else {
      tallyPolicy(t, r, Object.assign(new Error(o.reason), { name: o.error?.name }));
    }
  }
  return touched;
}

// ---------------------------------------------------------------------------------------------
// The maintenance planner

export const arbPlan = fc.record({
  // Device A about to be drained (its links activated) or returned; the drawn link sometimes of
  // the other contributor (a link on which the device's contributor holds no role).
  state: fc.tuple(
    arbFocused((s, n) =>
      n < 3
        ? withLink(withDevA(s, { status: DeviceStatus.Activated }), { status: LinkStatus.Activated, which: n % 2 ? 'dzx' : 'wan' })
        : withLink(withDevA(s, { status: DeviceStatus.Drained, health: 3 }), { status: n === 3 ? LinkStatus.SoftDrained : LinkStatus.HardDrained, health: 2, which: 'wan' }),
    ),
    fc.constantFrom<'kept' | 'other'>('kept', 'kept', 'other'),
  ).map(([s, c]) => withLink(s, { contributor: c })),
  // Mostly the operators of a device (its contributor, the other contributor, the foundation).
  caller: fc.oneof(
    { weight: 1, arbitrary: anyCaller },
    {
      weight: 2,
      arbitrary: fc.record({
        who: fc.constantFrom<CallerShape['who']>('contributorA', 'contributorA', 'contributorB', 'foundation'),
        permission: fc.constant<CallerShape['permission']>('none'),
        otherFlags: fc.constant(0n),
        featureFlags: fc.constant(0n),
      }),
    },
  ),
  req: fc.record({ which: fc.constantFrom<'maintenance' | 'return'>('maintenance', 'return'), includeHardDrained: fc.boolean(), perLinkRoles: fc.boolean() }),
});

/** The planner's input as the CLI builds it: the device, every link (the case's and the world's other one), roles. */
function planInput(st: CaseState, perLinkRoles: boolean, otherLink: { pk: PublicKey; link: Link; sideZ: Device | undefined }) {
  const device = st.devA!;
  const entry = (pk: PublicKey, link: Link, z: Device | undefined) => ({
    pubkey: pk,
    link,
    ...(perLinkRoles ? { roles: rolesOf(st, link.contributorPk as PublicKey, z?.contributorPk as PublicKey | undefined) } : {}),
    ...(perLinkRoles && z ? { sideZContributorPk: z.contributorPk } : {}),
  });
  return {
    programId: st.w.programId,
    payer: st.caller.publicKey,
    roles: rolesOf(st, device.contributorPk as PublicKey),
    appendPermission: st.appendPermission,
    devicePk: st.devAPk,
    device,
    links: [entry(st.linkPk, st.link!, deviceAt(st, st.link!.sideZPk as PublicKey)), entry(otherLink.pk, otherLink.link, otherLink.sideZ)],
  };
}

async function sendThroughNode(ctx: NodeCtx, ixs: TransactionInstruction[], signer: Keypair): Promise<{ ok: boolean; err: unknown; signature: string }> {
  const { blockhash } = await ctx.conn.getLatestBlockhash('processed');
  const tx = new Transaction({ feePayer: signer.publicKey, recentBlockhash: blockhash }).add(...computeBudgetPrelude(), ...ixs);
  tx.sign(signer);
  const sig = await ctx.conn.sendRawTransaction(tx.serialize(), { skipPreflight: true });
  for (let i = 0; i < 400; i++) {
    const s = (await ctx.conn.getSignatureStatuses([sig])).value[0];
    if (s) return { ok: s.err === null, err: s.err, signature: sig };
    await new Promise((r) => setTimeout(r, 5));
  }
  return { ok: false, err: 'not landed', signature: sig };
}

export async function runPlan(ctx: NodeCtx, c: { state: StateShape; caller: CallerShape; req: { which: 'maintenance' | 'return'; includeHardDrained: boolean; perLinkRoles: boolean } }, t: KindTally, nonce: number): Promise<Set<string>> {
  const w = ctx.w;
  const st = await writeState(w, c.state, c.caller);
  const touched = new Set(st.written);
  const where = () => `plan ${JSON.stringify(c.req)} on ${describeState(st, c.state)}`;
  t.n++;
  if (!st.devA || !st.link) {
    t.policy++;
    return touched;
  }
  // The world's other link (not drawn: as the snapshot holds it) touches device A too.
  const otherPk = st.linkPk.equals(w.wan) ? w.dzx : w.wan;
  const otherLink = decodeLink(w.snapshot.get(otherPk.toBase58())!.data);
  const otherZPk = otherLink.sideZPk as PublicKey;
  const otherZ =
    deviceAt(st, otherZPk) ?? (otherZPk.equals(w.devZ) ? (w.base.devZ as Device) : otherZPk.equals(w.devX) ? (w.base.devX as Device) : undefined);
  const input = planInput(st, c.req.perLinkRoles, { pk: otherPk, link: otherLink as Link, sideZ: otherZ });
  let plan: MaintenancePlan;
  try {
    plan = c.req.which === 'maintenance' ? planDeviceMaintenance(input) : planDeviceReturn({ ...input, includeHardDrained: c.req.includeHardDrained });
  } catch (e) {
    if (!classify(e)) throw e;
    t.policy++;
    return touched;
  }
  // The state each step leaves, as dzprov expects it (only the accounts a step wrote are compared).
  const stepped = new Set<string>();
  const state = new Map<string, Device | Link>([
    [st.devAPk.toBase58(), st.devA],
    [st.linkPk.toBase58(), st.link],
    [otherPk.toBase58(), otherLink as Link],
  ]);
  for (const step of plan.steps) {
    const key = (step.target as PublicKey).toBase58();
    const isDevice = step.kind === 'drain-device' || step.kind === 'undrain-device';
    const current = state.get(key)!;
    if (!step.blocked) {
      const r = await sendThroughNode(ctx, [step.instruction as TransactionInstruction], st.caller);
      for (const k of [st.devAPk, st.linkPk, otherPk, st.devZPk]) touched.add(k.toBase58());
      for (const k of ctx.accountsOf(r.signature)) touched.add(k);
      if (!r.ok) {
        t.built++;
        t.counterexamples.push(`plan step ${step.kind} was ready but the program refused it through the node: ${JSON.stringify(r.err)}: ${where()}`);
        return touched;
      }
      state.set(key, { ...current, status: step.to, desiredStatus: step.desiredStatus } as Device | Link);
      stepped.add(key);
      continue;
    }
    // The first blocked step: the checked builder's refusal on that state, judged by the program.
    const link = current as Link;
    const z = isDevice ? undefined : key === otherPk.toBase58() ? otherZ : deviceAt(st, link.sideZPk as PublicKey);
    const roles = isDevice ? input.roles : (input.links.find((l) => l.pubkey.toBase58() === key)?.roles ?? rolesOf(st, link.contributorPk as PublicKey, z?.contributorPk as PublicKey | undefined));
    const base = { programId: w.programId, payer: st.caller.publicKey, roles, appendPermission: st.appendPermission };
    let refusal: unknown;
    try {
      if (isDevice) changeDeviceStatus({ ...base, devicePk: st.devAPk, device: current as Device, to: step.to as DeviceStatus });
      else changeLinkStatus({ ...base, linkPk: step.target as PublicKey, link, ...(z ? { sideZContributorPk: z.contributorPk } : {}), to: step.to as LinkStatus });
    } catch (e) {
      refusal = e;
    }
    const cls = refusal ? classify(refusal) : null;
    if (!cls) {
      // The checked builder, given the caller's real roles, builds it: the planner (without
      // per-link roles) could not derive the role that allows it. Its blocking is conservative.
      t.policy++;
      const k = 'planner lacks a per-link role the caller holds';
      t.stricter.set(k, (t.stricter.get(k) ?? 0) + 1);
      return touched;
    }
    const unchecked = isDevice
      ? rawUpdateDevice({ ...st, devA: current as Device }, deviceStatusArgs(step.to))
      : rawUpdateLink({ ...st, link, linkPk: step.target as PublicKey, devZ: (z as Device) ?? st.devZ }, linkStatusArgs(step.to));
    const res = await sendUnchecked(st, [unchecked], [st.caller], nonce);
    for (const k of res.accounts.keys()) touched.add(k);
    if (cls.decision === 'predicted') {
      t.predicted++;
      if (!matchesPrediction(res, cls.error!, PROGRAM_IX)) t.counterexamples.push(`plan step ${step.kind} blocked as ${cls.error!.name} but the program answered ${JSON.stringify(outcome(res))}: ${where()}`);
    } else tallyPolicy(t, res, refusal);
    return touched;
  }
  // Every step ran: each account is what the plan said it would be.
  t.built++;
  const res = await bankResult(st, [otherPk]);
  const wrong = expectOrUnwritable(() =>
    firstProblem(
      ...[...state.entries()]
        .filter(([k]) => stepped.has(k))
        .map(([k, v]) => {
          const pk = new PublicKey(k);
          return 'deviceHealth' in v ? deviceIs(w, res, pk, v as Device) : linkIs(w, res, pk, v as Link);
        }),
    ),
  );
  if (wrong) t.counterexamples.push(`the plan ran, but ${wrong}: ${where()}`);
  return touched;
}

export { restore, DeviceDesiredStatus, LinkDesiredStatus };
