import type { PublicKey } from './publicKey.js';
import type { CliInstruction as TransactionInstruction } from './sdk.js';
import { DzprovError, ValidationError } from './sdk.js';
import {
  DeviceDesiredStatusSpec,
  DeviceHealthSpec,
  DeviceStatusSpec,
  LinkDesiredStatusSpec,
  LinkHealthSpec,
  LinkLinkTypeSpec,
  LinkStatusSpec,
  parseDeviceDesiredStatus,
  parseDeviceHealth,
  parseDeviceStatus,
  parseLinkDesiredStatus,
  parseLinkHealth,
  parseLinkStatus,
  type EnumSpec,
} from './sdk.js';
import { DEVICE_PROMOTION_TARGETS, type DeviceStatus } from './sdk.js';
import { decodeInstruction } from './sdk.js';
import type { PreparedIntent } from './sdk.js';
import { DeadlineExceededError, LinkStatus, outcomeOf, RpcAccountSource, StateRefreshError, type TransactionConfirmationError } from './sdk.js';
import type { Device } from './sdk.js';
import type { Link } from './sdk.js';
import type { CommandDef, GlobalOptions } from './args.js';
import {
  announce,
  commandKeypair,
  describeActor,
  loadActor,
  Out,
  readActor,
  reading,
  resolveTarget,
  type ActorChoice,
  type CliIo,
  type FoundKeypair,
  type Target,
} from './context.js';
import {
  FailedOnChainError,
  NotLandedError,
  RpcUnavailableError,
  SampleLedgerSendError,
  SimulationFailedError,
  UnconfirmedSendError,
  UsageError,
} from './errors.js';
import { enumJson, hangingWrap, hex, oneLine, paint, safeField, TERMINAL_TEXT_MAX } from './format.js';
import { findDevice, findLink, loadSnapshot, type Snapshot } from './ledger.js';
import { interfaceNameArg } from './interfaceName.js';
import { isLinkWrite, parseLinkWrite, type LinkWrite } from './linkWrite.js';

/**
 * The action commands: build the lifecycle-checked instruction for the caller's roles, print
 * it (accounts, data, decoded), simulate it on a cluster, and send it with --send.
 */

type Parsed<T> = { value: T; label: string };

function parseValue<T extends number>(parse: (s: string) => T, spec: EnumSpec, text: string, command: string): Parsed<T> {
  try {
    const value = parse(text);
    return { value, label: spec.label(value) };
  } catch (e) {
    if (e instanceof ValidationError) throw new UsageError(`${command}: ${e.rule}`, command);
    throw e;
  }
}

export interface Built {
  /** "status activated → drained, desired status → drained", "health pending → ready-for-users"... */
  change: string;
  /** Its kind, target, roles and the account as read (`before`: null before a create) are what the output shows. */
  prepared: PreparedIntent<Device | Link | null>;
  /** The target's code when `before` has none to show (a create). */
  code?: string;
}

function done(change: string, prepared: Built['prepared']): Built {
  return { change, prepared };
}

/** ", desired status → <label>" when the built UpdateDevice / UpdateLink writes the desired status too. */
export function desiredWritten(prepared: Built['prepared'], spec: EnumSpec): string {
  const ix = prepared.instructions[prepared.instructions.length - 1];
  if (!ix) return '';
  const d = decodeInstruction(ix, { programId: ix.programId });
  const desired = (d.args as { desiredStatus?: number | null }).desiredStatus;
  return typeof desired === 'number' ? `, desired status → ${spec.label(desired)}` : '';
}

/**
 * Resolves the target in the snapshot (for a helpful "unknown device" message), then lets the
 * client prepare the intent: fresh read, role resolution, lifecycle-checked builder (which
 * throws IllegalTransitionError for an illegal change), compute-budget prelude.
 */
async function prepare(command: string, args: string[], snapshot: Snapshot, payer: PublicKey, target: Target): Promise<Built> {
  const client = target.client;
  if (command.endsWith('-device') || command.startsWith('set-device-')) {
    const { pubkey, account: device } = findDevice(snapshot, args[0]!);
    const st = DeviceStatusSpec.label(device.status);
    switch (command) {
      case 'drain-device':
        return done(`status ${st} → drained, desired status → drained`, await client.prepareDrainDevice(pubkey, payer));
      case 'undrain-device':
        return done(`status ${st} → activated, desired status → activated`, await client.prepareUndrainDevice(pubkey, payer));
      case 'promote-device': {
        const s = parsePromoteTarget(args[1]!, command);
        return done(`status ${st} → ${s.label}`, await client.preparePromoteDevice(pubkey, s.value, payer));
      }
      case 'set-device-status': {
        const s = parseValue(parseDeviceStatus, DeviceStatusSpec, args[1]!, command);
        const prepared = await client.prepareChangeDeviceStatus(pubkey, s.value, payer);
        return done(`status ${st} → ${s.label}${desiredWritten(prepared, DeviceDesiredStatusSpec)}`, prepared);
      }
      case 'set-device-health': {
        const h = parseValue(parseDeviceHealth, DeviceHealthSpec, args[1]!, command);
        return done(
          `health ${DeviceHealthSpec.label(device.deviceHealth)} → ${h.label}`,
          await client.prepareSetDeviceHealth(pubkey, h.value, payer),
        );
      }
      case 'set-device-desired-status': {
        const d = parseValue(parseDeviceDesiredStatus, DeviceDesiredStatusSpec, args[1]!, command);
        return done(
          `desired status ${DeviceDesiredStatusSpec.label(device.desiredStatus)} → ${d.label}`,
          await client.prepareSetDeviceDesiredStatus(pubkey, d.value, payer),
        );
      }
    }
  }
  const { pubkey, account: link } = findLink(snapshot, args[0]!);
  const st = LinkStatusSpec.label(link.status);
  switch (command) {
    case 'soft-drain-link':
      return done(`status ${st} → soft-drained, desired status → soft-drained`, await client.prepareSoftDrainLink(pubkey, payer));
    case 'hard-drain-link':
      return done(`status ${st} → hard-drained, desired status → hard-drained`, await client.prepareHardDrainLink(pubkey, payer));
    case 'activate-link':
      return done(`status ${st} → activated, desired status → activated`, await client.prepareActivateLink(pubkey, payer));
    case 'accept-link': {
      const iface = interfaceNameArg(args[1]!);
      return done(`status ${st} → activated (AcceptLink on side Z interface ${iface})`, await client.prepareAcceptLink(pubkey, iface, payer));
    }
    case 'set-link-status': {
      const s = parseValue(parseLinkStatus, LinkStatusSpec, args[1]!, command);
      const prepared = await client.prepareChangeLinkStatus(pubkey, s.value, payer);
      return done(`status ${st} → ${s.label}${desiredWritten(prepared, LinkDesiredStatusSpec)}`, prepared);
    }
    case 'set-link-health': {
      const h = parseValue(parseLinkHealth, LinkHealthSpec, args[1]!, command);
      return done(`health ${LinkHealthSpec.label(link.linkHealth)} → ${h.label}`, await client.prepareSetLinkHealth(pubkey, h.value, payer));
    }
    case 'set-link-desired-status': {
      const d = parseValue(parseLinkDesiredStatus, LinkDesiredStatusSpec, args[1]!, command);
      return done(
        `desired status ${LinkDesiredStatusSpec.label(link.desiredStatus)} → ${d.label}`,
        await client.prepareSetLinkDesiredStatus(pubkey, d.value, payer),
      );
    }
  }
  throw new UsageError(`unknown action "${command}"`);
}

/** promote-device's <status>: a device status a promotion leads to (UsageError, exit 2, otherwise). */
function parsePromoteTarget(text: string, command: string): Parsed<DeviceStatus> {
  const s = parseValue(parseDeviceStatus, DeviceStatusSpec, text, command);
  if (!DEVICE_PROMOTION_TARGETS.includes(s.value)) {
    const targets = DEVICE_PROMOTION_TARGETS.map((v) => DeviceStatusSpec.label(v)).join(', ');
    throw new UsageError(`${command}: ${s.label} is not a status a promotion leads to (${targets}); set-device-status writes the others`, command);
  }
  return s;
}

/** Checks the value argument before anything is read, so a typo fails fast with exit code 2. */
function precheckValue(command: string, args: string[]): void {
  const v = args[1]!;
  if (command === 'promote-device') parsePromoteTarget(v, command);
  if (command === 'set-device-status') parseValue(parseDeviceStatus, DeviceStatusSpec, v, command);
  if (command === 'set-link-status') parseValue(parseLinkStatus, LinkStatusSpec, v, command);
  if (command === 'set-device-health') parseValue(parseDeviceHealth, DeviceHealthSpec, v, command);
  if (command === 'set-device-desired-status') parseValue(parseDeviceDesiredStatus, DeviceDesiredStatusSpec, v, command);
  if (command === 'set-link-health') parseValue(parseLinkHealth, LinkHealthSpec, v, command);
  if (command === 'set-link-desired-status') parseValue(parseLinkDesiredStatus, LinkDesiredStatusSpec, v, command);
  if (command === 'accept-link' && v.trim() === '') throw new UsageError('accept-link: the side-Z interface name is empty', command);
}

// ---------------------------------------------------------------------------------------------
// Showing an instruction

/** Enum-valued instruction args, by field name, for the decoded view. */
const ARG_ENUMS: Record<string, Record<string, EnumSpec>> = {
  UpdateDevice: { status: DeviceStatusSpec, desiredStatus: DeviceDesiredStatusSpec },
  SetDeviceHealth: { health: DeviceHealthSpec },
  UpdateLink: { status: LinkStatusSpec, desiredStatus: LinkDesiredStatusSpec },
  CreateLink: { linkType: LinkLinkTypeSpec, desiredStatus: LinkDesiredStatusSpec },
  SetLinkHealth: { health: LinkHealthSpec },
};

interface InstructionView {
  programId: string;
  name: string;
  tag: number | null;
  accounts: { pubkey: string; name: string | null; isSigner: boolean; isWritable: boolean }[];
  data: string;
  decoded: Record<string, unknown> | null;
}

function accountNames(accounts: unknown): Map<string, string[]> {
  const names = new Map<string, string[]>();
  if (!accounts || typeof accounts !== 'object') return names;
  for (const [k, v] of Object.entries(accounts)) {
    const keys = Array.isArray(v) ? v : [v];
    keys.forEach((pk, i) => {
      if (pk && typeof (pk as PublicKey).toBase58 === 'function') {
        const id = (pk as PublicKey).toBase58();
        const list = names.get(id) ?? [];
        list.push(Array.isArray(v) ? `${k}[${i}]` : k);
        names.set(id, list);
      }
    });
  }
  return names;
}

function decodedArgs(name: string, args: unknown): Record<string, unknown> {
  const enums = ARG_ENUMS[name] ?? {};
  const out: Record<string, unknown> = {};
  if (!args || typeof args !== 'object') return out;
  for (const [k, v] of Object.entries(args)) {
    if (v === null || v === undefined) continue;
    const spec = enums[k];
    out[k] = spec && typeof v === 'number' ? enumJson(spec, v) : v;
  }
  return out;
}

export function instructionView(ix: TransactionInstruction, programId: PublicKey): InstructionView {
  let decoded: ReturnType<typeof decodeInstruction> | undefined;
  try {
    decoded = decodeInstruction(ix, { programId });
  } catch {
    decoded = undefined;
  }
  const names = accountNames(decoded?.accounts);
  const used = new Map<string, number>();
  return {
    programId: ix.programId.toBase58(),
    name: decoded?.name ?? 'unknown',
    tag: decoded?.tag ?? ix.data[0] ?? null,
    accounts: ix.keys.map((k) => {
      const id = k.pubkey.toBase58();
      const list = names.get(id) ?? [];
      const n = used.get(id) ?? 0;
      used.set(id, n + 1);
      return { pubkey: id, name: list[n] ?? list[0] ?? null, isSigner: k.isSigner, isWritable: k.isWritable };
    }),
    data: hex(ix.data),
    decoded: decoded ? { name: decoded.name, tag: decoded.tag, args: decodedArgs(decoded.name, decoded.args) } : null,
  };
}

function argText(v: unknown): string {
  if (v && typeof v === 'object' && 'label' in v && 'value' in v) return `${(v as { label: string }).label} (${(v as { value: number }).value})`;
  if (typeof v === 'bigint') return v.toString();
  if (v && typeof (v as PublicKey).toBase58 === 'function') return (v as PublicKey).toBase58();
  return JSON.stringify(v);
}

function printInstruction(out: Out, view: InstructionView, label: string, snapshot: Snapshot): void {
  const codeOf = (id: string): string | undefined => {
    const d = snapshot.devices.find((e) => e.pubkey.toBase58() === id);
    if (d) return d.account.code;
    const l = snapshot.links.find((e) => e.pubkey.toBase58() === id);
    if (l) return l.account.code;
    const c = snapshot.contributors.find((e) => e.pubkey.toBase58() === id);
    if (c) return c.account.code;
    const loc = snapshot.locations.find((e) => e.pubkey.toBase58() === id);
    return loc?.account.code;
  };
  out.line(paint(out.style, 'bold', `${label}: ${view.name}${view.tag !== null ? ` (tag ${view.tag})` : ''}`));
  out.line(`  program   ${view.programId}`);
  out.line('  accounts');
  const w = Math.max(...view.accounts.map((a) => a.pubkey.length));
  view.accounts.forEach((a, i) => {
    const flags = `${a.isSigner ? 'signer' : '      '}  ${a.isWritable ? 'writable' : 'readonly'}`;
    const code = codeOf(a.pubkey);
    const what = [a.name, code ? `(${safeField(code)})` : ''].filter(Boolean).join(' ');
    out.line(`    ${String(i).padStart(2)}  ${a.pubkey.padEnd(w)}  ${flags}  ${what}`.trimEnd());
  });
  out.line(`  data      ${view.data}`);
  if (view.decoded) {
    const args = Object.entries(view.decoded.args as Record<string, unknown>)
      .map(([k, v]) => `${k}=${argText(v)}`)
      .join(', ');
    out.line(hangingWrap('  decoded   ', safeField(`${view.decoded.name} { ${args} }`, 4096), out.width));
  }
}

// ---------------------------------------------------------------------------------------------
// The command

export function choosePayer(options: GlobalOptions, target: Target, found: FoundKeypair | undefined, command: string): ActorChoice {
  const choice = readActor(options, target, found);
  if (!choice) throw new UsageError(`${command}: say who acts: --as <pubkey> for a dry run, or a keypair (--keypair <file>, DOUBLEZERO_KEYPAIR, ~/.config/doublezero/id.json)`, command);
  const keypair = found?.keypair;
  if (choice.how === 'as' && options.send && keypair && !choice.key.equals(keypair.publicKey)) {
    throw new UsageError(
      `${command}: --as ${choice.key.toBase58()} is not the keypair's key ${keypair.publicKey.toBase58()}; --send signs and pays with the keypair`,
      command,
    );
  }
  return choice;
}

/**
 * The keypair an action signs with (--send) or takes its roles from (a dry run without --as):
 * the first one found (keypair.ts); a note says which, unless --keypair named it.
 */
export function actionKeypair(options: GlobalOptions, target: Target, io: CliIo, out: Out, command: string): FoundKeypair | undefined {
  const need = options.send ? 'sign' : options.as === undefined ? 'act' : undefined;
  if (need === undefined) return undefined;
  const found = commandKeypair(options, target, io, need, `${command} --send`);
  if (found && found.place.kind !== 'flag') {
    const where = found.place.path !== undefined ? `${found.place.path} (${found.place.from})` : found.place.from;
    out.note(`${options.send ? 'signing with' : 'acting with'} the keypair ${where}: ${found.keypair.publicKey.toBase58()}`);
  }
  return found;
}

export async function runAction(command: CommandDef, args: string[], options: GlobalOptions, io: CliIo): Promise<number> {
  // A link write's flags are checked before anything is read (a bad one names its flag: exit 2).
  let linkWrite: LinkWrite | undefined;
  const precheck = () => {
    precheckValue(command.name, args);
    linkWrite = isLinkWrite(command.name) ? parseLinkWrite(command.name, options) : undefined;
  };
  return runIntent(command.name, options, io, precheck, (snapshot, payer, target) =>
    linkWrite ? linkWrite.prepare(target, payer) : prepare(command.name, args, snapshot, payer, target),
  );
}

/**
 * One action, whatever builds it: the target and the payer resolved, the ledger read, the intent
 * prepared by `build` (after `precheck`, which refuses bad input before anything is read), shown,
 * simulated, and sent with --send; "already done" sends nothing.
 */
export async function runIntent(
  name: string,
  options: GlobalOptions,
  io: CliIo,
  precheck: () => void,
  build: (snapshot: Snapshot, payer: PublicKey, target: Target) => Promise<Built>,
): Promise<number> {
  const out = new Out(io, options.json);
  const target = resolveTarget(options, io.env);
  if (options.send && target.mode === 'sample') throw new SampleLedgerSendError();
  precheck();
  announce(out, target);
  const found = actionKeypair(options, target, io, out, name);
  const keypair = found?.keypair;
  const choice = choosePayer(options, target, found, name);

  const snapshot = await reading(target, () => loadSnapshot(target.client, (m) => out.warn(m)));
  const actor = await loadActor(target, snapshot, choice);
  if (actor) out.note(describeActor(choice, actor));
  const built = await reading(target, () => build(snapshot, choice.key, target));
  const { change, prepared } = built;
  const { kind, roles, instructions } = prepared;
  const code = prepared.before?.code ?? built.code ?? '';
  // The head of the --json result, the same whatever follows.
  const head = {
    action: name,
    dryRun: !options.send,
    target: { kind, code, pubkey: prepared.target.toBase58() },
    payer: choice.key.toBase58(),
    roles,
    change,
  };
  if (prepared.alreadyDone !== undefined) {
    // The account already is where the action takes it: nothing is built, simulated or sent, so
    // re-running an action after an unknown outcome is always safe.
    if (out.json) {
      out.data({
        ...head,
        alreadyDone: prepared.alreadyDone,
        computeBudget: [],
        instructions: [],
        simulation: null,
        sent: null,
      });
    } else {
      out.line();
      out.line(out.wrap(`already done: ${safeField(prepared.alreadyDone)}; nothing to send`));
    }
    return 0;
  }
  const main = instructions[instructions.length - 1]!;
  const prelude = instructions.slice(0, -1);
  const view = instructionView(main, target.programId);

  type Simulation =
    | { available: false; reason: string }
    | { available: true; ok: true; unitsConsumed: number | null; logs: string[] }
    | { available: true; ok: false; error: string; code: string; name: string; logs: string[] };
  let simulation: Simulation;
  if (target.mode === 'sample') {
    simulation = { available: false, reason: 'simulation unavailable on the sample ledger (offline)' };
  } else {
    try {
      const res = await reading(target, () => target.client.simulate(prepared));
      simulation = { available: true, ok: true, unitsConsumed: res.unitsConsumed ?? null, logs: res.logs };
    } catch (e) {
      // A transaction the node refused is a result to show; a transport failure is an error.
      if (!(e instanceof DzprovError) || e instanceof RpcUnavailableError) throw e;
      const logs = (e as { logs?: readonly string[] }).logs ?? [];
      simulation = { available: true, ok: false, error: e.message, code: e.code, name: e.name, logs: [...logs] };
    }
  }

  /** What landed; `signatures` is every transaction signed for the action (more than one after a proven expiry). */
  let sent: { signature: string; signatures: string[]; slot: number; after: StatusLabel | null } | null = null;
  /** What --wait has to say about the state after the send, shown after it. */
  const afterNotes: string[] = [];
  if (options.send && simulation.available && simulation.ok && keypair) {
    const res = await reading(target, () => target.client.send(prepared, keypair, { simulate: false })).catch((e: unknown) => {
      // Confirmed, but the account could not be read back: the action is done; say so and go on.
      if (e instanceof StateRefreshError) return e;
      throw sendStateError(e);
    });
    if (res instanceof StateRefreshError) {
      let after: StatusLabel | null = null;
      if (options.wait) {
        // -w/--wait: the node could not show the new state yet; read it again, bounded.
        const waited = await waitForState(target, kind, prepared.target, res.slot);
        if ('after' in waited) {
          after = waited.after;
          afterNotes.push(`--wait: the account read back at slot ${res.slot} or later after ${waited.seconds} s`);
        } else {
          out.warn(oneLine(`${res.message}; --wait read it again for ${waited.seconds} s: ${waited.error instanceof Error ? waited.error.message : String(waited.error)}`));
        }
      } else {
        out.warn(oneLine(res.message));
      }
      sent = { signature: res.signature, signatures: [...res.signatures], slot: res.slot, after };
    } else if (res.signature !== null && res.slot !== null) {
      sent = { signature: res.signature, signatures: [...res.signatures], slot: res.slot, after: res.after ? statusLabel(kind, res.after.status) : null };
    }
    if (options.wait && kind === 'link' && sent?.after?.value === LinkStatus.Requested) {
      // What doublezero's --wait would go on waiting for is another party's action.
      afterNotes.push(
        `--wait: link ${safeField(code)} is requested: it is activated when side Z's contributor accepts it (link accept --code ${safeField(code)} --side-z-interface <name>); dzprov does not wait for that`,
      );
    }
  }

  const failure =
    simulation.available && !simulation.ok
      ? new SimulationFailedError(oneLine(simulation.error), { error: simulation.name, code: simulation.code })
      : undefined;
  if (out.json) {
    for (const n of afterNotes) out.note(n);
    out.data({
      ...head,
      computeBudget: prelude.map((ix) => ({ programId: ix.programId.toBase58(), data: hex(ix.data), ...computeBudgetJson(ix) })),
      instructions: [view],
      simulation,
      sent,
      alreadyDone: null,
    });
    // The result is on stdout; the failure is also reported as the error (exit code 1).
    if (failure) throw failure;
    return 0;
  }

  out.line();
  out.line(out.wrap(`${options.send ? 'send' : 'dry run'}: ${name} ${safeField(code)} — ${safeField(change)}`));
  out.line(`payer's roles towards ${kind} ${safeField(code)}: ${roles.length ? roles.join(', ') : 'none'}`);
  out.line();
  if (prelude.length > 0) {
    out.line(`compute budget: ${prelude.map((p) => computeBudgetText(p)).join(', ')}`);
  }
  printInstruction(out, view, 'instruction', snapshot);
  out.line();
  if (!simulation.available) {
    out.line(simulation.reason);
  } else if (simulation.ok) {
    out.line(`simulation: ${paint(out.style, 'green', 'ok')}${simulation.unitsConsumed !== null ? ` (${simulation.unitsConsumed} compute units)` : ''}`);
    for (const l of simulation.logs) out.line(`  ${safeField(l)}`);
  } else {
    out.line(`simulation: ${paint(out.style, 'red', 'failed')}: ${safeField(oneLine(simulation.error), TERMINAL_TEXT_MAX)}`);
    for (const l of simulation.logs) out.line(`  ${safeField(l)}`);
  }
  if (sent) {
    out.line(`landed: signature ${sent.signature} (slot ${sent.slot})${sent.after ? `; ${kind} status is now ${sent.after.label}` : ''}`);
    const others = sent.signatures.filter((x) => x !== sent!.signature);
    if (others.length > 0) out.line(out.wrap(`also signed and broadcast, proven expired without landing: ${others.join(', ')}`));
    for (const n of afterNotes) out.note(n);
  } else if (options.send) {
    out.line('not sent: the simulation failed');
  } else {
    out.line(target.mode === 'sample' ? 'not sent: dry run on the sample ledger' : 'not sent: dry run (pass --send to send)');
  }
  if (failure) throw failure;
  return 0;
}

type StatusLabel = { value: number; label: string };

function statusLabel(kind: 'device' | 'link', status: number): StatusLabel {
  return enumJson(kind === 'device' ? DeviceStatusSpec : LinkStatusSpec, status);
}

/** How long -w/--wait reads an account back after a send (doublezero's --wait polls a device or link for 60 s, once a second). */
export const WAIT_MS = 60_000;
const WAIT_POLL_MS = 1_000;

/**
 * -w/--wait after a send that landed but whose account the node could not show (it had not
 * reached the landed slot, or the read failed): reads it again, at the landed slot or later (never
 * the state from before the send), once a second until the node answers, for at most WAIT_MS and
 * never past --timeout. The status read (null: the account is closed), or the last error.
 */
async function waitForState(
  target: Target,
  kind: 'device' | 'link',
  pubkey: PublicKey,
  slot: number,
): Promise<{ after: StatusLabel | null; seconds: number } | { error: unknown; seconds: number }> {
  const source = target.client.source;
  if (source instanceof RpcAccountSource) source.minContextSlot = Math.max(source.minContextSlot ?? -1, slot);
  const start = Date.now();
  const seconds = () => Math.round((Date.now() - start) / 1000);
  const client = target.client.withSignal(AbortSignal.timeout(WAIT_MS));
  for (;;) {
    try {
      const account = kind === 'device' ? await client.fetchMaybeDevice(pubkey) : await client.fetchMaybeLink(pubkey);
      return { after: account === null ? null : statusLabel(kind, account.status), seconds: seconds() };
    } catch (e) {
      if (e instanceof DeadlineExceededError || Date.now() - start + WAIT_POLL_MS >= WAIT_MS) return { error: e, seconds: seconds() };
    }
    await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
  }
}

/**
 * The CLI's error for a send that did not land without error, by its outcome (`outcomeOf`):
 * unknown → UnconfirmedSendError (exit 4), expired → NotLandedError, failed on chain →
 * FailedOnChainError; anything else was raised before a broadcast (nothing sent) and is returned
 * unchanged, as is an error that is not dzprov's.
 */
function sendStateError(e: unknown): unknown {
  if (!(e instanceof DzprovError)) return e;
  const o = outcomeOf(e);
  switch (o.outcome) {
    case 'expired':
      return new NotLandedError(o.signatures, oneLine(e.message), { cause: e });
    case 'unknown':
      return new UnconfirmedSendError(o.signatures, oneLine((e as TransactionConfirmationError).reason ?? e.message), { cause: e }, o.lastValidBlockHeight ?? undefined);
    case 'failed-on-chain':
      return new FailedOnChainError(o.signature!, o.signatures, o.slot!, { error: e.name, code: e.code }, oneLine(e.message), { cause: e });
    default:
      return e;
  }
}

/** The ComputeBudget instruction `ix` is, and its value (the first byte is the instruction's tag). */
function computeBudgetJson(ix: TransactionInstruction): { name: string; value: string } | Record<string, never> {
  const d = ix.data;
  const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
  if (d[0] === 2 && d.length === 5) return { name: 'SetComputeUnitLimit', value: String(view.getUint32(1, true)) };
  if (d[0] === 1 && d.length === 5) return { name: 'RequestHeapFrame', value: String(view.getUint32(1, true)) };
  if (d[0] === 3 && d.length === 9) return { name: 'SetComputeUnitPrice', value: view.getBigUint64(1, true).toString() };
  return {};
}

/** "SetComputeUnitLimit(1400000) 02c05c1500" for the prelude, else its data hex. */
function computeBudgetText(ix: TransactionInstruction): string {
  const j = computeBudgetJson(ix);
  return 'name' in j ? `${j.name}(${j.value}) ${hex(ix.data)}` : hex(ix.data);
}
