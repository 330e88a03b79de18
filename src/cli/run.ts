import { DzprovError } from './sdk.js';
import {
  DeviceDesiredStatusSpec,
  DeviceHealthSpec,
  DeviceStatusSpec,
  LinkDesiredStatusSpec,
  LinkHealthSpec,
  LinkStatusSpec,
  type EnumSpec,
} from './sdk.js';
import {
  canSetDeviceDesiredStatus,
  canSetDeviceHealth,
  canSetLinkDesiredStatus,
  canSetLinkHealth,
  DEVICE_DESIRED_STATUS_RULE,
  DEVICE_HEALTH_RULE,
  LINK_DESIRED_STATUS_RULE,
  LINK_HEALTH_RULE,
  legalDeviceStatusTargets,
  legalLinkStatusTargets,
  planDeviceMaintenanceSteps,
  planDeviceReturnSteps,
  type LifecycleResult,
  type MaintenanceStep,
  type Role,
} from './sdk.js';
import type { PublicKey } from './publicKey.js';
import type { CliInstruction as TransactionInstruction } from './sdk.js';
import type { Link } from './sdk.js';
import { planDeviceMaintenance, planDeviceReturn } from './sdk.js';
import { commandHelp, findCommand, groupHelp, parseCommandLine, planHelp, topLevelHelp, type CommandDef, type GlobalOptions } from './args.js';
import { ConfigFileError, FailedOnChainError, NotLandedError, SimulationFailedError, UnconfirmedSendError, UsageError } from './errors.js';
import { ProgramNotDeployedError } from './sdk.js';
import { EXIT, exitCodeOf } from './exitCodes.js';
import { enumJson, hangingWrap, hex, jsonLine, oneLine, paint, paintLabel, renderFields, renderTable, safeField, terminalSafe, TERMINAL_TEXT_MAX, type EnumJson } from './format.js';
import { runWatch } from './watch.js';
import { packageVersion, readContext, type CliIo, type Out, type ReadContext } from './context.js';
import { SAMPLE_NOTES } from './sampleLedger.js';
import { deviceRoles, findDevice, findDeviceOrLink, linkRoles, namesOf, type Entry, type Snapshot } from './ledger.js';
import {
  actionCommand,
  deviceActionChecks,
  deviceFieldLines,
  deviceFieldsJson,
  deviceNextActions,
  deviceState,
  deviceSummaryJson,
  interfaceCells,
  linkActionChecks,
  linkFieldLines,
  linkFieldsJson,
  linkNextActions,
  linkState,
  linkSummaryJson,
  type ActionCheck,
  type ActionName,
  type StateView,
} from './views.js';
import { runAction } from './actions.js';
import { runDeviceCommand } from './deviceCommands.js';
import { runSetHealth } from './setHealth.js';
import { runOperatorCommand } from './operator.js';
import { runSampleNode } from './sampleNodeCommand.js';
import { runGraph } from './graph.js';

/** An error message (it may embed a node's or the chain's text) for the terminal: escaped, one line, bounded. */
function errorText(message: string): string {
  return terminalSafe(message, { oneField: true, max: TERMINAL_TEXT_MAX });
}

/** The read and plan commands, and the entry point that dispatches every command. */

function indent(block: string, by = '  '): string {
  return block
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Prints `rows` as JSON, or as a table (fitted to the output width) followed by `footer`. */
function listing<R>(out: Out, rows: R[], headers: string[], cells: (r: R) => string[], footer: string, keyColumns: number[] = []): number {
  if (out.json) {
    out.data(rows);
    return 0;
  }
  out.line();
  out.line(renderTable(out.style, headers, rows.map(cells), { maxWidth: out.width, keyColumns }));
  out.line();
  out.line(footer);
  return 0;
}

function cmdDevices(ctx: ReadContext): number {
  const { out, snapshot, actor } = ctx;
  const names = namesOf(snapshot);
  const rows = snapshot.devices.map((e) =>
    deviceSummaryJson(e.pubkey, e.account, deviceRoles(snapshot, actor, e.account), names.contributor(e.account.contributorPk)),
  );
  return listing(
    out,
    rows,
    ['code', 'pubkey', 'status', 'health', 'desired', 'contributor', 'next actions'],
    (r) => [
      r.code,
      r.pubkey,
      paintLabel(out.style, r.status.label),
      paintLabel(out.style, r.health.label),
      r.desiredStatus.label,
      r.contributor,
      r.nextActions.join(', ') || '-',
    ],
    plural(rows.length, 'device'),
    [1],
  );
}

function cmdLinks(ctx: ReadContext): number {
  const { out, snapshot, actor } = ctx;
  const names = namesOf(snapshot);
  const rows = snapshot.links.map((e) =>
    linkSummaryJson(e.pubkey, e.account, linkRoles(snapshot, actor, e.account), names.device, names.contributor(e.account.contributorPk)),
  );
  return listing(
    out,
    rows,
    ['code', 'pubkey', 'type', 'side a', 'side z', 'status', 'health', 'desired', 'next actions'],
    (r) => [
      r.code,
      r.pubkey,
      r.linkType.label,
      r.sideA.code ?? r.sideA.pubkey,
      r.sideZ.code ?? r.sideZ.pubkey,
      paintLabel(out.style, r.status.label),
      paintLabel(out.style, r.health.label),
      r.desiredStatus.label,
      r.nextActions.join(', ') || '-',
    ],
    plural(rows.length, 'link'),
    [1, 3, 4],
  );
}

interface ValueWriteView {
  action: string;
  allowed: string[];
  reason?: string;
}

function valueWrites(action: string, values: readonly number[], spec: EnumSpec, check: (v: number) => LifecycleResult): ValueWriteView {
  const allowed: string[] = [];
  let reason: string | undefined;
  for (const v of values) {
    const r = check(v);
    if (r.ok) allowed.push(spec.label(v));
    else reason ??= r.reason;
  }
  return allowed.length > 0 ? { action, allowed } : { action, allowed, reason: reason ?? 'no legal value' };
}

/** The statuses set-device-status / set-link-status may write now (the lifecycle's legal targets). */
function statusWrites(action: string, statusLabel: string, targets: readonly number[], spec: EnumSpec, roles: readonly Role[]): ValueWriteView {
  const allowed = targets.map((v) => spec.label(v));
  return allowed.length > 0
    ? { action, allowed }
    : { action, allowed, reason: `no status write from ${statusLabel} is allowed for ${roles.length ? roles.join(', ') : 'a caller with no role'}` };
}

/** The parts of `show` a device and a link have in common. */
interface Shown {
  kind: 'device' | 'link';
  pubkey: PublicKey;
  code: string;
  roles: Role[];
  state: StateView;
  checks: ActionCheck[];
  statusSpec: EnumSpec;
  writes: ValueWriteView[];
}

function shownJson(s: Shown, account: Record<string, unknown>, nextActions: string[]): Record<string, unknown> {
  return {
    kind: s.kind,
    pubkey: s.pubkey.toBase58(),
    account,
    roles: s.roles,
    nextActions,
    reconcilerNext: s.state.next,
    actions: s.checks.map((c) => ({
      action: c.action,
      to: enumJson(s.statusSpec, c.to),
      legal: c.result.ok,
      ...(c.result.ok ? {} : { reason: c.result.reason }),
    })),
    valueWrites: s.writes,
  };
}

function printLifecycle(out: Out, s: Shown): void {
  const { checks, writes, state } = s;
  out.line(paint(out.style, 'bold', `lifecycle${s.roles.length ? ` (roles: ${s.roles.join(', ')})` : ' (no role)'}`));
  const w = Math.max(...[...checks.map((c) => c.action), ...writes.map((x) => x.action)].map((a) => a.length));
  const run = state.action && state.next ? ` (dzprov ${actionCommand(state.action, s.code, state.next.label)})` : '';
  out.line(hangingWrap('  reconciler next: ', state.next ? `${state.next.label}${run}` : 'nothing due', out.width));
  for (const c of checks) {
    const verdict = c.result.ok ? paint(out.style, 'green', 'allowed') : `${paint(out.style, 'red', 'blocked')}: ${c.result.reason}`;
    out.line(hangingWrap(`  ${c.action.padEnd(w)}  `, verdict, out.width));
  }
  for (const x of writes) {
    const verdict =
      x.allowed.length > 0 ? `${paint(out.style, 'green', 'allowed')}: ${x.allowed.join(', ')}` : `${paint(out.style, 'red', 'blocked')}: ${x.reason}`;
    out.line(hangingWrap(`  ${x.action.padEnd(w)}  `, verdict, out.width));
  }
}

function cmdShow(ctx: ReadContext, query: string): number {
  const { out, snapshot, actor } = ctx;
  const names = namesOf(snapshot);
  const found = findDeviceOrLink(snapshot, query);
  if (found.kind === 'device') {
    const { pubkey, account: d } = found.entry;
    const roles = deviceRoles(snapshot, actor, d);
    const shown: Shown = {
      kind: 'device',
      pubkey,
      code: d.code,
      roles,
      state: deviceState(d),
      checks: deviceActionChecks(d, roles),
      statusSpec: DeviceStatusSpec,
      writes: [
        statusWrites('set-device-status', DeviceStatusSpec.label(d.status), legalDeviceStatusTargets(d, roles), DeviceStatusSpec, roles),
        valueWrites('set-device-health', DEVICE_HEALTH_RULE.values, DeviceHealthSpec, (v) => canSetDeviceHealth(d, v, roles)),
        valueWrites('set-device-desired-status', DEVICE_DESIRED_STATUS_RULE.values, DeviceDesiredStatusSpec, (v) => canSetDeviceDesiredStatus(d, v, roles)),
      ],
    };
    const links = snapshot.links.filter((l) => l.account.sideAPk.equals(pubkey) || l.account.sideZPk.equals(pubkey));
    if (out.json) {
      out.data({
        ...shownJson(shown, deviceFieldsJson(d), deviceNextActions(d, roles)),
        links: links.map((l) => ({ code: l.account.code, pubkey: l.pubkey.toBase58(), status: enumJson(LinkStatusSpec, l.account.status) })),
      });
      return 0;
    }
    out.line();
    out.line(`${paint(out.style, 'bold', `device ${safeField(d.code)}`)}  ${pubkey.toBase58()}`);
    const note = ctx.target.mode === 'sample' ? SAMPLE_NOTES.get(d.code) : undefined;
    if (note) out.line(paint(out.style, 'dim', `  (sample ledger: ${note})`));
    out.line(renderFields(deviceFieldLines(d, names), '  ', out.width));
    out.line();
    out.line(paint(out.style, 'bold', `interfaces (${d.interfaces.length})`));
    const inner = { maxWidth: out.width === undefined ? undefined : out.width - 2 };
    if (d.interfaces.length > 0) {
      out.line(indent(renderTable(out.style, ['name', 'type', 'status', 'ip net', 'details'], d.interfaces.map(interfaceCells), inner)));
    }
    out.line();
    out.line(paint(out.style, 'bold', `links (${links.length})`));
    if (links.length > 0) {
      const rows = links.map((l) => {
        const other = l.account.sideAPk.equals(pubkey) ? l.account.sideZPk : l.account.sideAPk;
        return [
          l.account.code,
          l.pubkey.toBase58(),
          names.device(other) ?? other.toBase58(),
          paintLabel(out.style, LinkStatusSpec.label(l.account.status)),
          paintLabel(out.style, LinkHealthSpec.label(l.account.linkHealth)),
        ];
      });
      out.line(indent(renderTable(out.style, ['code', 'pubkey', 'to', 'status', 'health'], rows, { ...inner, keyColumns: [1] })));
    }
    out.line();
    printLifecycle(out, shown);
    return 0;
  }
  const { pubkey, account: l } = found.entry;
  const roles = linkRoles(snapshot, actor, l);
  const shown: Shown = {
    kind: 'link',
    pubkey,
    code: l.code,
    roles,
    state: linkState(l),
    checks: linkActionChecks(l, roles),
    statusSpec: LinkStatusSpec,
    writes: [
      statusWrites('set-link-status', LinkStatusSpec.label(l.status), legalLinkStatusTargets(l, roles), LinkStatusSpec, roles),
      valueWrites('set-link-health', LINK_HEALTH_RULE.values, LinkHealthSpec, (v) => canSetLinkHealth(l, v, roles)),
      valueWrites('set-link-desired-status', LINK_DESIRED_STATUS_RULE.values, LinkDesiredStatusSpec, (v) => canSetLinkDesiredStatus(l, v, roles)),
    ],
  };
  if (out.json) {
    out.data(shownJson(shown, linkFieldsJson(l), linkNextActions(l, roles)));
    return 0;
  }
  out.line();
  out.line(`${paint(out.style, 'bold', `link ${safeField(l.code)}`)}  ${pubkey.toBase58()}`);
  out.line(renderFields(linkFieldLines(l, names), '  ', out.width));
  out.line();
  printLifecycle(out, shown);
  return 0;
}

interface NextRow {
  kind: 'device' | 'link';
  code: string;
  pubkey: string;
  status: EnumJson;
  desiredStatus: EnumJson;
  health: EnumJson;
  next: EnumJson | null;
  action: ActionName | null;
  legal: boolean | null;
  reason?: string;
}

function nextRow(kind: NextRow['kind'], pubkey: PublicKey, code: string, s: StateView, checks: () => ActionCheck[]): NextRow {
  const check = s.action ? checks().find((c) => c.action === s.action)!.result : undefined;
  return {
    kind,
    code,
    pubkey: pubkey.toBase58(),
    status: s.status,
    desiredStatus: s.desiredStatus,
    health: s.health,
    next: s.next,
    action: s.action ?? null,
    legal: check ? check.ok : null,
    ...(check && !check.ok ? { reason: check.reason } : {}),
  };
}

function cmdNext(ctx: ReadContext): number {
  const { out, snapshot, actor } = ctx;
  const rows = [
    ...snapshot.devices.map(({ pubkey, account: d }) =>
      nextRow('device', pubkey, d.code, deviceState(d), () => deviceActionChecks(d, deviceRoles(snapshot, actor, d))),
    ),
    ...snapshot.links.map(({ pubkey, account: l }) =>
      nextRow('link', pubkey, l.code, linkState(l), () => linkActionChecks(l, linkRoles(snapshot, actor, l))),
    ),
  ];
  const due = rows.filter((r) => r.next !== null);
  return listing(
    out,
    rows,
    ['kind', 'code', 'status', 'desired', 'health', 'next', 'run'],
    (r) => [
      r.kind,
      r.code,
      paintLabel(out.style, r.status.label),
      r.desiredStatus.label,
      paintLabel(out.style, r.health.label),
      r.next ? paint(out.style, 'cyan', `→ ${r.next.label}`) : '-',
      r.action === null ? '' : r.legal ? `dzprov ${actionCommand(r.action, r.code, r.next!.label)}` : `(${r.action}: ${r.reason})`,
    ],
    `${due.length} of ${rows.length} devices and links have a reconciler step due`,
  );
}

// ---------------------------------------------------------------------------------------------
// Plans

function stepTargetCode(snapshot: Snapshot, step: MaintenanceStep): string {
  const names = namesOf(snapshot);
  const link = snapshot.links.find((l) => l.pubkey.equals(step.target));
  return link ? link.account.code : names.device(step.target) ?? step.target.toBase58();
}

function cmdPlan(ctx: ReadContext, which: 'drain-device' | 'return-device', query: string, includeHardDrained: boolean): number {
  const { out, snapshot, actor } = ctx;
  const { pubkey, account: device } = findDevice(snapshot, query);
  const links = snapshot.links.map((l: Entry<Link>) => {
    const z = snapshot.devices.find((d) => d.pubkey.equals(l.account.sideZPk));
    return {
      pubkey: l.pubkey,
      link: l.account,
      roles: linkRoles(snapshot, actor, l.account),
      ...(z ? { sideZContributorPk: z.account.contributorPk } : {}),
    };
  });
  const roles = deviceRoles(snapshot, actor, device);
  // With an actor the SDK planner also builds each legal step's instruction; without one only
  // the lifecycle checks are shown (every step is blocked for "no role").
  let steps: (MaintenanceStep & { instruction?: TransactionInstruction })[];
  if (actor) {
    const input = {
      programId: snapshot.programId,
      payer: actor.pubkey,
      roles,
      appendPermission: actor.permission !== null,
      devicePk: pubkey,
      device,
      links,
    };
    const plan = which === 'drain-device' ? planDeviceMaintenance(input) : planDeviceReturn({ ...input, includeHardDrained });
    steps = plan.steps.map((s) => (s.blocked ? s : { ...s, instruction: s.instruction }));
  } else {
    const input = { device, devicePk: pubkey, links, roles };
    steps = which === 'drain-device' ? planDeviceMaintenanceSteps(input) : planDeviceReturnSteps({ ...input, includeHardDrained });
  }
  const isLink = (s: MaintenanceStep) => s.kind === 'soft-drain-link' || s.kind === 'activate-link';
  const statusLabel = (s: MaintenanceStep, v: number) => (isLink(s) ? LinkStatusSpec.label(v) : DeviceStatusSpec.label(v));
  const desiredLabel = (s: MaintenanceStep, v: number) => (isLink(s) ? LinkDesiredStatusSpec.label(v) : DeviceDesiredStatusSpec.label(v));
  const blocked = steps.filter((s) => !s.check.ok).length;
  if (out.json) {
    out.data({
      plan: which,
      device: { code: device.code, pubkey: pubkey.toBase58() },
      payer: actor ? actor.pubkey.toBase58() : null,
      steps: steps.map((s, n) => ({
        step: n + 1,
        action: s.kind,
        target: { kind: isLink(s) ? 'link' : 'device', code: stepTargetCode(snapshot, s), pubkey: s.target.toBase58() },
        from: { value: s.from, label: statusLabel(s, s.from) },
        to: { value: s.to, label: statusLabel(s, s.to) },
        desiredStatus: { value: s.desiredStatus, label: desiredLabel(s, s.desiredStatus) },
        legal: s.check.ok,
        ...(s.check.ok ? {} : { reason: s.check.reason }),
        ...(s.instruction
          ? {
              instruction: {
                programId: s.instruction.programId.toBase58(),
                accounts: s.instruction.keys.map((k) => ({ pubkey: k.pubkey.toBase58(), isSigner: k.isSigner, isWritable: k.isWritable })),
                data: hex(s.instruction.data),
              },
            }
          : {}),
      })),
      blocked,
      ready: blocked === 0,
    });
    return 0;
  }
  const title =
    which === 'drain-device'
      ? `plan: drain ${device.code} for maintenance (soft-drain its activated links, then drain the device)`
      : `plan: return ${device.code} from maintenance (undrain the device, then reactivate its ${includeHardDrained ? 'drained' : 'soft-drained'} links)`;
  out.line();
  out.line(paint(out.style, 'bold', hangingWrap('', title, out.width)));
  out.line();
  out.line(
    renderTable(
      out.style,
      ['step', 'action', 'target', 'change', 'check'],
      steps.map((s, n) => [
        String(n + 1),
        s.kind,
        stepTargetCode(snapshot, s),
        `${statusLabel(s, s.from)} → ${statusLabel(s, s.to)}`,
        s.check.ok ? paint(out.style, 'green', 'ok') : `${paint(out.style, 'red', 'blocked')}: ${s.check.reason}`,
      ]),
      { maxWidth: out.width },
    ),
  );
  out.line();
  out.line(
    blocked === 0
      ? hangingWrap(
          `${plural(steps.length, 'step')}, all legal; run them in order: `,
          steps.map((s) => `dzprov ${s.kind} ${stepTargetCode(snapshot, s)}`).join(', then '),
          out.width,
        )
      : `${plural(steps.length, 'step')}, ${blocked} blocked`,
  );
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Entry point

function usageHint(command: string | undefined): string {
  return command && command !== 'help' ? `run "dzprov ${command} --help" for usage` : 'run "dzprov --help" for usage';
}

/** Whether `--json` is on the command line (before any `--`), even when the rest does not parse. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

/** The fields of an error's JSON object (--json) beyond error, code, message and exitCode. */
function errorDetails(e: unknown): Record<string, unknown> {
  if (e instanceof UnconfirmedSendError) {
    return { state: e.state, signature: e.signatures[e.signatures.length - 1] ?? null, signatures: e.signatures, lastValidBlockHeight: e.lastValidBlockHeight ?? null };
  }
  if (e instanceof NotLandedError) return { state: e.state, signatures: e.signatures };
  if (e instanceof FailedOnChainError) return { state: e.state, signature: e.signature, signatures: e.signatures, slot: e.slot, cause: e.failure };
  if (e instanceof SimulationFailedError) return { cause: e.failure };
  if (e instanceof UsageError && e.command) return { command: e.command };
  if (e instanceof ProgramNotDeployedError) return { programId: e.programId, rpcUrl: e.rpcUrl, reason: e.reason };
  if (e instanceof ConfigFileError) return { path: e.path, ...(e.line !== undefined ? { line: e.line } : {}) };
  return {};
}

/**
 * Runs the CLI; returns the process exit code (see exitCodes.ts: 0 ok, 1 failure, 2 usage
 * error, 3 RPC node unreachable, 4 sent but outcome unknown). Errors are one line on stderr,
 * or with --json one JSON object {error, code, message, exitCode, ...} on one line.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const debug = io.env.DZPROV_DEBUG !== undefined && io.env.DZPROV_DEBUG !== '' && io.env.DZPROV_DEBUG !== '0';
  const json = wantsJson(argv);
  let commandName: string | undefined;
  try {
    const parsed = parseCommandLine(argv);
    commandName = parsed.command?.name;
    const { command, args, options } = parsed;
    if (options.version) {
      io.stdout.write(`dzprov ${packageVersion()}\n`);
      return EXIT.OK;
    }
    if (!command) {
      io.stdout.write(`${topLevelHelp()}\n`);
      return options.help ? EXIT.OK : EXIT.USAGE;
    }
    if (options.help) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return EXIT.OK;
    }
    return await dispatch(command, args, options, io);
  } catch (e) {
    const exitCode = exitCodeOf(e);
    const known = e instanceof DzprovError;
    const msg = oneLine(e instanceof Error ? e.message : String(e));
    if (json) {
      const obj = {
        error: known ? e.name : 'UnexpectedError',
        code: known ? e.code : 'UNEXPECTED',
        message: msg,
        exitCode,
        ...errorDetails(e),
      };
      io.stderr.write(`${jsonLine(obj)}\n`);
    } else if (e instanceof UsageError) {
      io.stderr.write(`dzprov: error: ${errorText(e.message)} (${usageHint(e.command ?? commandName)})\n`);
    } else if (known) {
      io.stderr.write(`dzprov: error: ${errorText(msg)}\n`);
    } else {
      io.stderr.write(`dzprov: unexpected error: ${errorText(msg)} (set DZPROV_DEBUG=1 for the stack trace)\n`);
    }
    if (debug && e instanceof Error) io.stderr.write(`${terminalSafe(e.stack ?? '', { max: 64 * TERMINAL_TEXT_MAX })}\n`);
    return exitCode;
  }
}

async function dispatch(command: CommandDef, args: string[], options: GlobalOptions, io: CliIo): Promise<number> {
  switch (command.name) {
    case 'help': {
      const name = args.join(' ');
      if (!name) {
        io.stdout.write(`${topLevelHelp()}\n`);
        return 0;
      }
      if (name === 'plan') {
        io.stdout.write(`${planHelp()}\n`);
        return 0;
      }
      const group = groupHelp(name);
      if (group !== undefined) {
        io.stdout.write(`${group}\n`);
        return 0;
      }
      const c = findCommand(name) ?? findCommand(`plan ${name}`);
      if (!c) throw new UsageError(`unknown command "${name}"`, '');
      io.stdout.write(`${commandHelp(c)}\n`);
      return 0;
    }
    case 'devices':
      // The devices table needs no link: the listing skips them (at 30k links, most of the bytes).
      return cmdDevices(await readContext(options, io, { links: false }));
    case 'links':
      return cmdLinks(await readContext(options, io));
    case 'show':
      return cmdShow(await readContext(options, io), args[0]!);
    case 'next':
      return cmdNext(await readContext(options, io));
    case 'plan drain-device':
      return cmdPlan(await readContext(options, io), 'drain-device', args[0]!, false);
    case 'plan return-device':
      return cmdPlan(await readContext(options, io), 'return-device', args[0]!, options.includeHardDrained);
    case 'watch':
      return runWatch(args[0] as 'devices' | 'links' | undefined, options, io);
    case 'set-health':
      return runSetHealth(args, options, io);
    case 'sample-node':
      return runSampleNode(options, io);
    case 'graph':
      return runGraph(options, io);
    case 'device create':
    case 'device update':
    case 'device delete':
    case 'device interface create':
    case 'device interface update':
    case 'device interface delete':
      return runDeviceCommand(command, args, options, io);
    default:
      if (command.upstream) return runOperatorCommand(command, args, options, io);
      return runAction(command, args, options, io);
  }
}
