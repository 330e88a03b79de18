import { parseArgs } from 'node:util';
import type { Network } from '../index.js';
import { UsageError } from './errors.js';
import { EXIT_CODE_ROWS } from './exitCodes.js';
import { hangingWrap } from './format.js';

/** Help text is wrapped to this many columns. */
const HELP_WIDTH = 100;

/**
 * The `dzprov` command line: `dzprov [options] <command> [arguments] [options]`.
 * Options may appear anywhere; `--` ends option parsing.
 */

export type CommandKind = 'read' | 'plan' | 'action' | 'watch' | 'help';

export interface CommandDef {
  /** The command as typed ("devices", "drain-device", "plan drain-device"). */
  readonly name: string;
  readonly kind: CommandKind;
  /** Positional argument names, in order, as shown in the usage line. */
  readonly args: readonly string[];
  /** How many of `args` may be left out (from the end). */
  readonly optionalArgs?: number;
  readonly summary: string;
  /** Extra lines for `--help`. */
  readonly details?: readonly string[];
}

interface OptionDef {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly value?: string;
  readonly help: string;
  /** Which command kinds accept the option ("all" for every command). */
  readonly for: readonly CommandKind[] | 'all';
}

export const OPTIONS = {
  url: {
    type: 'string',
    short: 'u',
    value: '<url|moniker>',
    help: 'RPC URL or cluster moniker: mainnet-beta, testnet, devnet, localhost (or m, t, d, l); env DZPROV_RPC_URL',
    for: 'all',
  },
  rpc: { type: 'string', value: '<url>', help: 'same as --url', for: 'all' },
  ws: { type: 'string', value: '<url>', help: 'WebSocket URL (default: derived from the RPC URL); env DZPROV_WS_URL', for: ['watch'] },
  network: {
    type: 'string',
    value: '<name>',
    help: 'program id of mainnet-beta, testnet, devnet or localnet (default: the moniker\'s)',
    for: 'all',
  },
  commitment: { type: 'string', value: '<level>', help: 'processed, confirmed (default) or finalized', for: 'all' },
  as: {
    type: 'string',
    value: '<pubkey>',
    help: 'whose roles to assume in a dry run (default: the keypair, or a sample identity)',
    for: 'all',
  },
  json: { type: 'boolean', help: 'machine-readable JSON output (errors: a JSON object on stderr)', for: 'all' },
  wide: { type: 'boolean', help: 'never cut table cells (default: fit the terminal width, or 100 columns)', for: ['read', 'plan', 'watch'] },
  'include-hard-drained': {
    type: 'boolean',
    help: 'plan return-device: also reactivate hard-drained links',
    for: ['plan'],
  },
  send: { type: 'boolean', help: 'sign and send the transaction (with --keypair, or ~/.config/solana/id.json)', for: ['action'] },
  keypair: {
    type: 'string',
    short: 'k',
    value: '<file>',
    help: 'Solana CLI keypair file to sign with (default with --send: ~/.config/solana/id.json)',
    for: ['action'],
  },
  'compute-unit-price': {
    type: 'string',
    value: '<micro-lamports>',
    help: 'priority fee: price per compute unit, in micro-lamports (SetComputeUnitPrice)',
    for: ['action'],
  },
  count: { type: 'string', value: '<n>', help: 'stop after n changes', for: ['watch'] },
  timeout: {
    type: 'string',
    value: '<seconds>',
    help: 'watch: stop after this many seconds; other commands: the deadline for the whole command (a transaction already broadcast is then reported unknown, exit 4)',
    for: 'all',
  },
  help: { type: 'boolean', short: 'h', help: 'show help', for: 'all' },
  version: { type: 'boolean', help: 'print the version', for: 'all' },
} as const satisfies Record<string, OptionDef>;

export type OptionName = keyof typeof OPTIONS;

export type CommitmentLevel = 'processed' | 'confirmed' | 'finalized';
export const COMMITMENTS: readonly CommitmentLevel[] = ['processed', 'confirmed', 'finalized'];

export interface GlobalOptions {
  includeHardDrained: boolean;
  network?: string;
  /** The RPC URL from -u/--url/--rpc, a moniker already resolved to its URL. */
  url?: string;
  /** The cluster the -u/--url/--rpc moniker named (undefined for a URL). */
  moniker?: Network;
  /** How the URL was given ("--url", "-u", "--rpc"), for messages. */
  urlFlag?: string;
  ws?: string;
  commitment?: CommitmentLevel;
  as?: string;
  json: boolean;
  wide: boolean;
  send: boolean;
  keypair?: string;
  /** --compute-unit-price, in micro-lamports. */
  computeUnitPrice?: bigint;
  /** watch: stop after this many changes. */
  count?: number;
  /** --timeout: watch stops after this many milliseconds; any other command's deadline. */
  timeoutMs?: number;
  help: boolean;
  version: boolean;
}

// ---------------------------------------------------------------------------------------------
// Cluster monikers (as the Solana CLI's -u/--url)

/** The Solana CLI's cluster monikers: the public RPC endpoint and the network whose program id goes with it. */
export const MONIKERS: Readonly<Record<string, { url: string; network: Network }>> = Object.freeze({
  'mainnet-beta': { url: 'https://api.mainnet-beta.solana.com', network: 'mainnet-beta' },
  testnet: { url: 'https://api.testnet.solana.com', network: 'testnet' },
  devnet: { url: 'https://api.devnet.solana.com', network: 'devnet' },
  localhost: { url: 'http://127.0.0.1:8899', network: 'localnet' },
  m: { url: 'https://api.mainnet-beta.solana.com', network: 'mainnet-beta' },
  t: { url: 'https://api.testnet.solana.com', network: 'testnet' },
  d: { url: 'https://api.devnet.solana.com', network: 'devnet' },
  l: { url: 'http://127.0.0.1:8899', network: 'localnet' },
  // --network spells the local cluster "localnet": accept that too.
  localnet: { url: 'http://127.0.0.1:8899', network: 'localnet' },
});

/** A -u/--url value: a moniker (its URL and network) or anything else (taken as a URL, checked later). */
export function resolveUrlArg(value: string): { url: string; network?: Network } {
  const m = Object.prototype.hasOwnProperty.call(MONIKERS, value) ? MONIKERS[value] : undefined;
  return m ? { url: m.url, network: m.network } : { url: value };
}

const U64_MAX = (1n << 64n) - 1n;

const D = '<device>';
const L = '<link>';

/** name, kind, positional arguments, summary — in the order `--help` lists them. */
const COMMAND_ROWS: readonly (readonly [string, CommandKind, readonly string[], string])[] = [
  ['devices', 'read', [], 'list devices: status, health, desired status and the legal next actions'],
  ['links', 'read', [], 'list links: status, health, desired status and the legal next actions'],
  ['show', 'read', ['<code|pubkey>'], 'show every field of one device or link, with labels and what may be done next'],
  ['next', 'read', [], 'what the reconciler would do next for every device and link'],
  ['plan drain-device', 'plan', [D], 'plan a device maintenance: soft-drain its active links, then drain it'],
  ['plan return-device', 'plan', [D], 'plan the return from maintenance: undrain the device, then reactivate its links'],
  ['drain-device', 'action', [D], 'activated → drained (status and desired status)'],
  ['undrain-device', 'action', [D], 'drained → activated (needs health ready-for-users)'],
  ['promote-device', 'action', [D], 'device-provisioning → link-provisioning → activated, one step'],
  ['soft-drain-link', 'action', [L], 'activated or hard-drained → soft-drained'],
  ['hard-drain-link', 'action', [L], 'activated or soft-drained → hard-drained'],
  ['activate-link', 'action', [L], 'provisioning or drained → activated (needs health ready-for-service)'],
  ['accept-link', 'action', [L, '<side-z-interface>'], 'accept a requested link on side Z (AcceptLink) with the side-Z interface name'],
  ['set-device-status', 'action', [D, '<status>'], 'write any device status the lifecycle allows you: device-provisioning, link-provisioning, activated, drained'],
  ['set-link-status', 'action', [L, '<status>'], 'write any link status the lifecycle allows you: provisioning, activated, soft-drained, hard-drained'],
  ['set-device-health', 'action', [D, '<health>'], 'set device health: pending, ready-for-links, ready-for-users, impaired'],
  ['set-link-health', 'action', [L, '<health>'], 'set link health: pending, ready-for-service, impaired'],
  ['set-device-desired-status', 'action', [D, '<desired-status>'], 'set device desired status: activated, drained'],
  ['set-link-desired-status', 'action', [L, '<desired-status>'], 'set link desired status: activated, soft-drained, hard-drained'],
  ['set-health', 'action', ['<file|->'], 'set the health of many devices and links (lines "<code> <health>" or JSON) in as few transactions as fit'],
  ['watch', 'watch', ['devices|links'], 'stream device and link changes (status, health, desired status) as they land'],
];

/** Extra `--help` lines, by command. */
const DETAILS: Readonly<Record<string, readonly string[]>> = {
  watch: [
    'Subscribes to the program\'s Device and Link accounts (WebSocket) and prints one line per',
    'change of status, health or desired status, and per device or link created (closed ones show',
    'up when everything is read again); with --json, one JSON object per line (event, kind, pubkey,',
    'code, status, health, desired, slot, changed, previous, source).',
    'A dropped WebSocket is resubscribed and everything is read again, so no change is missed.',
    'Runs until Ctrl-C, --count <n> changes or --timeout <seconds> (exit code 0 for all three).',
    'Needs a cluster (-u/--url); the WebSocket URL is derived from the RPC URL unless --ws is given.',
  ],
  'set-health': [
    'Reads <file> (or stdin with -): one update per line, "<code|address> <health>" or',
    '"device|link <code> <health>" ("#" starts a comment), or a JSON array',
    '[{"code": "...", "health": "...", "kind"?: "device"|"link"}]. Health labels as for',
    'set-device-health / set-link-health. All targets are read in one pass and checked against',
    'the lifecycle; those already at the wanted health are skipped, the rest packed 21 to a',
    'transaction. Prints one line per target (one JSON object per line with --json): would update,',
    'updated, unchanged, refused (with the reason) or unknown (with the signature). With --send the',
    'transactions are sent 4 at a time; a transaction the program refuses is retried target by',
    'target. Exit code 1 when a target is refused, 4 when an outcome is unknown.',
    'Without --send it is a dry run: read, checked and packed, nothing simulated or sent.',
  ],
  'set-device-status': [
    'Covers the moves no dedicated command makes, e.g. pending (deprecated) → device-provisioning',
    'by a network admin; the devices table shows them as "set-device-status <status>".',
    'A write into activated or drained also writes that desired status (as undrain/drain-device).',
    "<status> is one of the program's labels: pending, activated, drained, device-provisioning, ...",
  ],
  'set-link-status': [
    'Covers the moves no dedicated command makes, e.g. pending (deprecated) → provisioning by a',
    'network admin; the links table shows them as "set-link-status <status>".',
    'A write into activated, soft-drained or hard-drained also writes that desired status.',
    'requested → activated is not a status write: use accept-link.',
  ],
};

export const COMMANDS: readonly CommandDef[] = [
  ...COMMAND_ROWS.map(
    ([name, kind, args, summary]): CommandDef => ({
      name,
      kind,
      args,
      summary,
      ...(kind === 'watch' ? { optionalArgs: 1 } : {}),
      ...(DETAILS[name] ? { details: DETAILS[name] } : {}),
    }),
  ),
  { name: 'help', kind: 'help', args: ['<command>'], optionalArgs: 1, summary: 'show help for a command' },
];

const COMMAND_BY_NAME = new Map(COMMANDS.map((c) => [c.name, c]));

export function findCommand(name: string): CommandDef | undefined {
  return COMMAND_BY_NAME.get(name);
}

export interface ParsedCommandLine {
  /** Undefined when no command was given (e.g. `dzprov --version` or bare `dzprov`). */
  command?: CommandDef;
  /** The positional arguments after the command name. */
  args: string[];
  options: GlobalOptions;
}

function parseErrorMessage(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const msg = String(e.message ?? err);
  const quoted = /'([^']+)'/.exec(msg)?.[1];
  const opt = quoted?.split(' ')[0];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${opt ?? msg}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (msg.includes('does not take an argument')) return `option ${opt} takes no value`;
      return `option ${opt} needs a value (${describeOptionValue(opt)})`;
    default:
      return msg.split('\n')[0]!;
  }
}

function describeOptionValue(flag: string | undefined): string {
  const name = flag?.replace(/^-+/, '') as OptionName | undefined;
  const def = name && name in OPTIONS ? OPTIONS[name] : undefined;
  return def && 'value' in def ? `${flag} ${def.value}` : 'a value';
}

/**
 * Parses `argv` (without the node and script paths). Throws UsageError for anything malformed.
 * `--help` and `--version` are reported in the options, not acted on.
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const parseOptions: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, def] of Object.entries(OPTIONS) as [string, OptionDef][]) {
    parseOptions[name] = def.short ? { type: def.type, short: def.short } : { type: def.type };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: parseOptions, strict: true, allowPositionals: true, tokens: true });
  } catch (err) {
    throw new UsageError(parseErrorMessage(err));
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const options: GlobalOptions = {
    json: values.json === true,
    wide: values.wide === true,
    includeHardDrained: values['include-hard-drained'] === true,
    send: values.send === true,
    help: values.help === true,
    version: values.version === true,
  };
  // An option given twice keeps the last value silently in parseArgs; refuse it instead.
  const seen = new Set<string>();
  const raw = new Map<string, string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option') continue;
    if (seen.has(t.name)) throw new UsageError(`option --${t.name} given more than once`);
    seen.add(t.name);
    raw.set(t.name, t.rawName);
  }
  const text = (k: string): string | undefined => {
    const v = values[k];
    if (typeof v !== 'string') return undefined;
    if (v.trim() === '') throw new UsageError(`option ${raw.get(k) ?? `--${k}`} needs a non-empty value`);
    return v.trim();
  };
  for (const k of ['network', 'as', 'keypair', 'ws'] as const) {
    const v = text(k);
    if (v !== undefined) options[k] = v;
  }
  if (seen.has('url') && seen.has('rpc')) throw new UsageError(`options ${raw.get('url')} and --rpc are the same option: give one`);
  const urlKey = seen.has('url') ? 'url' : 'rpc';
  const url = text(urlKey);
  if (url !== undefined) {
    const r = resolveUrlArg(url);
    options.url = r.url;
    options.urlFlag = raw.get(urlKey) ?? `--${urlKey}`;
    if (r.network) options.moniker = r.network;
  }
  const commitment = text('commitment');
  if (commitment !== undefined) {
    if (!(COMMITMENTS as readonly string[]).includes(commitment)) {
      throw new UsageError(`unknown commitment "${commitment}" (expected one of ${COMMITMENTS.join(', ')})`);
    }
    options.commitment = commitment as CommitmentLevel;
  }
  const price = text('compute-unit-price');
  if (price !== undefined) {
    if (!/^\d+$/.test(price) || BigInt(price) > U64_MAX) {
      throw new UsageError(`--compute-unit-price "${price}" is not a whole number of micro-lamports (0..${U64_MAX})`);
    }
    options.computeUnitPrice = BigInt(price);
  }
  const count = text('count');
  if (count !== undefined) {
    if (!/^\d+$/.test(count) || Number(count) < 1 || !Number.isSafeInteger(Number(count))) {
      throw new UsageError(`--count "${count}" is not a positive whole number`);
    }
    options.count = Number(count);
  }
  const timeout = text('timeout');
  if (timeout !== undefined) {
    const secs = Number(timeout);
    if (!/^\d+(\.\d+)?$/.test(timeout) || !(secs > 0) || secs > 2_000_000) {
      throw new UsageError(`--timeout "${timeout}" is not a positive number of seconds`);
    }
    options.timeoutMs = Math.round(secs * 1000);
  }

  const positionals = [...parsed.positionals];
  if (positionals.length === 0) return { args: [], options };

  const first = positionals.shift()!;
  let command: CommandDef | undefined;
  if (first === 'plan') {
    const sub = positionals.shift();
    if (sub === undefined && options.help) {
      return { command: findCommand('help')!, args: ['plan'], options: { ...options, help: false } };
    }
    if (sub === undefined) {
      throw new UsageError('plan needs a subcommand: drain-device or return-device', 'plan');
    }
    command = findCommand(`plan ${sub}`);
    if (!command) {
      throw new UsageError(`unknown plan ${JSON.stringify(sub)} (expected drain-device or return-device)`, 'plan');
    }
  } else {
    command = findCommand(first);
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(first)}${suggest(first)}`);
  }

  for (const name of seen) {
    const def = (OPTIONS as Record<string, OptionDef>)[name];
    if (def && def.for !== 'all' && !def.for.includes(command.kind)) {
      throw new UsageError(`option ${raw.get(name) ?? `--${name}`} does not apply to ${command.name}`, command.name);
    }
  }
  if (options.includeHardDrained && command.name !== 'plan return-device') {
    throw new UsageError(`option --include-hard-drained only applies to plan return-device`, command.name);
  }
  if (options.help) return { command, args: positionals, options };

  const min = command.args.length - (command.optionalArgs ?? 0);
  if (positionals.length < min) {
    const missing = command.args.slice(positionals.length, min).join(' ');
    throw new UsageError(`${command.name}: missing ${missing}`, command.name);
  }
  if (positionals.length > command.args.length) {
    const extra = positionals.slice(command.args.length).map((a) => JSON.stringify(a)).join(' ');
    throw new UsageError(`${command.name}: unexpected argument ${extra}`, command.name);
  }
  if (command.name === 'watch' && positionals[0] !== undefined && positionals[0] !== 'devices' && positionals[0] !== 'links') {
    throw new UsageError(`watch: ${JSON.stringify(positionals[0])} is not devices or links`, command.name);
  }
  return { command, args: positionals, options };
}

/** " (did you mean ...?)" when a command name is one edit or a prefix away from the input. */
function suggest(input: string): string {
  const names = [...new Set(COMMANDS.map((c) => c.name.split(' ')[0]!))];
  const close = names.filter((n) => (input.length >= 3 && n.startsWith(input)) || editDistance(n, input) <= 2);
  return close.length > 0 && close.length <= 3 ? ` (did you mean ${close.map((c) => `"${c}"`).join(' or ')}?)` : '';
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

// ---------------------------------------------------------------------------------------------
// Help text

function optionLines(kind: CommandKind | 'top'): string[] {
  const rows: [string, string][] = [];
  for (const [name, def] of Object.entries(OPTIONS) as [string, OptionDef][]) {
    if (kind !== 'top' && def.for !== 'all' && !def.for.includes(kind)) continue;
    const flag = `${def.short ? `-${def.short}, ` : '    '}--${name}${'value' in def && def.value ? ` ${def.value}` : ''}`;
    rows.push([flag, def.help]);
  }
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([f, h]) => hangingWrap(`  ${f.padEnd(w)}  `, h, HELP_WIDTH));
}

/** The exit-code table of `--help`. */
export function exitCodeLines(): string[] {
  return EXIT_CODE_ROWS.map(([code, meaning]) => `  ${code}  ${meaning}`);
}

export function topLevelHelp(): string {
  const groups: [string, CommandKind][] = [
    ['Read', 'read'],
    ['Plan', 'plan'],
    ['Actions (dry run unless --send)', 'action'],
    ['Watch', 'watch'],
  ];
  const lines = [
    'dzprov — read and drive the provisioning lifecycle of DoubleZero devices and links',
    '',
    'Usage: dzprov <command> [arguments] [options]',
  ];
  for (const [title, kind] of groups) {
    lines.push('', `${title}:`);
    const group = COMMANDS.filter((x) => x.kind === kind);
    const w = Math.max(...group.map((c) => usageOf(c).length));
    for (const c of group) lines.push(hangingWrap(`  ${usageOf(c).padEnd(w)}  `, c.summary, HELP_WIDTH));
  }
  lines.push('', 'Options:', ...optionLines('top'));
  lines.push(
    '',
    'Without -u/--url, --network or DZPROV_RPC_URL, dzprov reads an embedded sample ledger (offline).',
    'A moniker selects the public RPC endpoint and that cluster\'s program id (--network overrides);',
    'a URL alone uses the mainnet-beta program id. --network alone works for localnet only.',
    'Set DZPROV_DEBUG=1 to see stack traces of unexpected errors.',
    "Run 'dzprov <command> --help' for a command's details.",
    '',
    'Exit codes:',
    ...exitCodeLines(),
  );
  return lines.join('\n');
}

export function usageOf(c: CommandDef): string {
  const opt = c.optionalArgs ?? 0;
  const args = c.args.map((a, i) => (i >= c.args.length - opt ? `[${a}]` : a));
  return [c.name, ...args].join(' ');
}

/** Help for `plan` alone: its two subcommands. */
export function planHelp(): string {
  const plans = COMMANDS.filter((c) => c.kind === 'plan');
  const w = Math.max(...plans.map((c) => usageOf(c).length));
  return [
    'Usage: dzprov plan <drain-device|return-device> <device> [options]',
    '',
    ...plans.map((c) => hangingWrap(`  ${usageOf(c).padEnd(w)}  `, c.summary, HELP_WIDTH)),
    '',
    'Each step is checked against the lifecycle for your roles (--as); blocked steps say why.',
    '',
    'Options:',
    ...optionLines('plan'),
  ].join('\n');
}

export function commandHelp(c: CommandDef): string {
  const lines = [`Usage: dzprov ${usageOf(c)} [options]`, '', hangingWrap('', c.summary, HELP_WIDTH)];
  if (c.details) lines.push('', ...c.details);
  if (c.kind === 'action' && c.name !== 'set-health') {
    lines.push(
      '',
      'Dry run by default: prints the checked instruction (program id, accounts, data, decoded)',
      'and the simulation result. With --send it signs with --keypair <file> (default',
      '~/.config/solana/id.json) and sends; --compute-unit-price <micro-lamports> adds a priority fee.',
      'The lifecycle policy is checked first; an illegal change is refused before anything is built.',
    );
  }
  if (c.kind !== 'help') lines.push('', 'Options:', ...optionLines(c.kind));
  if (c.kind !== 'help') lines.push('', 'Exit codes:', ...exitCodeLines());
  return lines.join('\n');
}
