import { parseArgs } from 'node:util';
import { UnsupportedCommandError, UsageError } from './errors.js';
import { EXIT_CODE_ROWS } from './exitCodes.js';
import { hangingWrap } from './format.js';

/** Help text is wrapped to this many columns. */
const HELP_WIDTH = 100;

/**
 * The `dzprov` command line: `dzprov [options] <command> [arguments] [options]`.
 * Options may appear anywhere; `--` ends option parsing.
 */

export type CommandKind = 'read' | 'plan' | 'action' | 'watch' | 'serve' | 'help' | 'config' | 'unsupported';

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
  /** (unsupported) What to use instead, if anything. */
  readonly hint?: string;
  /** A command of the `doublezero` CLI: its name, flags, columns and JSON fields. */
  readonly upstream?: boolean;
}

interface OptionDef {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly value?: string;
  readonly help: string;
  /** Which command kinds, or commands by name, accept the option ("all" for every command). */
  readonly for: readonly string[] | 'all';
}

const DEVICE_LIST = 'device list';
// The device onboarding commands (the doublezero CLI's, same flags).
const DEVICE_CREATE = 'device create';
const DEVICE_UPDATE = 'device update';
const DEVICE_DELETE = 'device delete';
const IFACE_CREATE = 'device interface create';
const IFACE_UPDATE = 'device interface update';
const IFACE_DELETE = 'device interface delete';
const DEVICE_WRITES = [DEVICE_CREATE, DEVICE_UPDATE];
const IFACE_WRITES = [IFACE_CREATE, IFACE_UPDATE];
const LINK_LIST = 'link list';
const LISTS = [DEVICE_LIST, LINK_LIST];
/** The link writes of the `doublezero` CLI (flags as upstream's). */
const LINK_CREATE = ['link create wan', 'link create dzx'];
const LINK_WRITES = [...LINK_CREATE, 'link update', 'link accept', 'link delete'];

export const OPTIONS = {
  env: {
    type: 'string',
    short: 'e',
    value: '<env>',
    help: 'DoubleZero environment: mainnet-beta, testnet, devnet or local (or m, t, d, l); selects its ledger RPC and WebSocket URLs and its program id together',
    for: 'all',
  },
  url: {
    type: 'string',
    short: 'u',
    value: '<url>',
    help: "DoubleZero ledger RPC URL (replaces the environment's); env DZPROV_RPC_URL or DZ_LEDGER_RPC_URL",
    for: 'all',
  },
  rpc: { type: 'string', value: '<url>', help: 'same as --url', for: 'all' },
  ws: {
    type: 'string',
    value: '<url>',
    help: "ledger WebSocket URL (default: the environment's, or derived from --url); env DZPROV_WS_URL or DZ_LEDGER_WS_RPC_URL",
    for: 'all',
  },
  'program-id': { type: 'string', value: '<pubkey|env>', help: 'serviceability program id, or an environment whose program id to use', for: 'all' },
  network: { type: 'string', value: '<env>', help: 'same as --env (dzprov 0.1; also takes localnet)', for: 'all' },
  keypair: {
    type: 'string',
    short: 'k',
    value: '<file>',
    help: "keypair file (default: DOUBLEZERO_KEYPAIR, the config file's keypair_path, ~/.config/doublezero/id.json, ~/.config/solana/id.json)",
    for: 'all',
  },
  commitment: { type: 'string', value: '<level>', help: 'processed, confirmed (default) or finalized', for: 'all' },
  as: {
    type: 'string',
    value: '<pubkey>',
    help: 'whose roles to assume (default: the keypair found, on a ledger; a sample identity on the sample ledger)',
    for: 'all',
  },
  json: { type: 'boolean', help: 'machine-readable JSON output (errors: a JSON object on stderr)', for: 'all' },
  'json-compact': { type: 'boolean', help: 'JSON output on one line', for: ['read', 'plan', 'config'] },
  narrow: { type: 'boolean', help: "device list, link list: the narrow table (the doublezero CLI's --narrow columns)", for: LISTS },
  wide: { type: 'boolean', help: 'never cut table cells (default: fit the terminal width, or 100 columns)', for: ['read', 'plan', 'watch'] },
  contributor: {
    type: 'string',
    short: 'c',
    value: '<code|pubkey>',
    help: "device list, link list: only those of this contributor; device create: the device's contributor; device update: give it to this contributor (network admin; me: the one Contributor the payer owns); link create: the contributor the link belongs to",
    for: [...LISTS, ...DEVICE_WRITES, ...LINK_CREATE],
  },
  exchange: { type: 'string', value: '<code|pubkey>', help: "device list: only devices at this exchange; device create: the device's exchange", for: [DEVICE_LIST, DEVICE_CREATE] },
  location: {
    type: 'string',
    value: '<code|pubkey>',
    help: "device list: only devices at this location; device create: the device's location; device update: move it there",
    for: [DEVICE_LIST, ...DEVICE_WRITES],
  },
  'device-type': {
    type: 'string',
    value: '<type>',
    help: 'device list: only devices of this type (hybrid, transit, edge); device create (default hybrid), device update: its type',
    for: [DEVICE_LIST, ...DEVICE_WRITES],
  },
  'side-a': { type: 'string', value: '<device>', help: 'link list: only links whose side A is this device (code or pubkey); link create: side A', for: [LINK_LIST, ...LINK_CREATE] },
  'side-z': { type: 'string', value: '<device>', help: 'link list: only links whose side Z is this device (code or pubkey); link create: side Z', for: [LINK_LIST, ...LINK_CREATE] },
  'link-type': { type: 'string', value: '<type>', help: 'link list: only links of this type (WAN, DZX)', for: [LINK_LIST] },
  wan: { type: 'boolean', help: 'link list: only WAN links', for: [LINK_LIST] },
  dzx: { type: 'boolean', help: 'link list: only DZX links', for: [LINK_LIST] },
  topology: { type: 'string', value: '<name>', help: 'link list: only links in this topology ("default": links in none)', for: [LINK_LIST] },
  status: {
    type: 'string',
    value: '<status>',
    help: "device list, link list: only those with this status; device update: change the device's status (lifecycle-checked, alone); device interface update: the interface's status; link update: the status to write",
    for: [...LISTS, DEVICE_UPDATE, IFACE_UPDATE, 'link update'],
  },
  health: { type: 'string', value: '<health>', help: 'device list, link list: only those with this health', for: LISTS },
  'desired-status': {
    type: 'string',
    value: '<status>',
    help: 'device list, link list: only those with this desired status; link create, link update: the desired status to write',
    for: [...LISTS, ...LINK_CREATE, 'link update'],
  },
  code: {
    type: 'string',
    value: '<code>',
    help: 'device list, link list: only codes containing this text; device get, link get, link accept: the device or link (code or pubkey); device create: the new code; device update: a new code; link create, link update: the code to write',
    for: [...LISTS, 'device get', 'link get', ...DEVICE_WRITES, ...LINK_WRITES],
  },
  pubkey: { type: 'string', value: '<pubkey|code>', help: 'device update, device delete: the device; link update, link delete: the link', for: [DEVICE_UPDATE, DEVICE_DELETE, 'link update', 'link delete'] },
  'public-ip': { type: 'string', value: '<ip>', help: "device create, device update: the device's public IPv4 address (unique among devices)", for: DEVICE_WRITES },
  'dz-prefixes': { type: 'string', value: '<a,b>', help: 'device create, device update: the DoubleZero prefixes, comma-separated (e.g. 100.0.0.0/29; as in doublezero, a bare address is a /32 and a dotted netmask works: 100.0.0.0/255.255.255.248)', for: DEVICE_WRITES },
  'mgmt-vrf': { type: 'string', value: '<vrf>', help: 'device create (default "default"), device update: the management VRF', for: DEVICE_WRITES },
  'metrics-publisher': { type: 'string', value: '<pubkey|me>', help: 'device create (default: the payer), device update: the metrics publisher', for: DEVICE_WRITES },
  'max-users': { type: 'string', value: '<n>', help: 'device update: maximum users', for: [DEVICE_UPDATE] },
  'max-unicast-users': { type: 'string', value: '<n>', help: 'device update: maximum unicast users', for: [DEVICE_UPDATE] },
  'max-multicast-subscribers': { type: 'string', value: '<n>', help: 'device update: maximum multicast subscribers', for: [DEVICE_UPDATE] },
  'max-multicast-publishers': { type: 'string', value: '<n>', help: 'device update: maximum multicast publishers', for: [DEVICE_UPDATE] },
  'users-count': { type: 'string', value: '<n>', help: 'device update (network admin): the users count', for: [DEVICE_UPDATE] },
  'reference-count': { type: 'string', value: '<n>', help: 'device update (network admin): the reference count', for: [DEVICE_UPDATE] },
  'unicast-users-count': { type: 'string', value: '<n>', help: 'device update (network admin): the unicast users count', for: [DEVICE_UPDATE] },
  'multicast-subscribers-count': { type: 'string', value: '<n>', help: 'device update (network admin): the multicast subscribers count', for: [DEVICE_UPDATE] },
  'multicast-publishers-count': { type: 'string', value: '<n>', help: 'device update (network admin): the multicast publishers count', for: [DEVICE_UPDATE] },
  'loopback-type': { type: 'string', value: '<type>', help: 'device interface create, update: vpnv4, ipv4, pim-rp-addr (or pim_rp_addr), none', for: IFACE_WRITES },
  'interface-cyoa': { type: 'string', value: '<cyoa>', help: 'device interface create, update: gre-over-dia, gre-over-fabric, gre-over-private-peering, gre-over-public-peering, gre-over-cable (or GREOverDIA, GREOverFabric...), none', for: IFACE_WRITES },
  'interface-dia': { type: 'string', value: '<dia>', help: 'device interface create, update: none or dia', for: IFACE_WRITES },
  'ip-net': { type: 'string', value: '<a.b.c.d/n>', help: 'device interface create, update: the interface address (CYOA, DIA or user-tunnel endpoint); a bare address is a /32, a dotted netmask works (10.0.0.0/255.255.255.0)', for: IFACE_WRITES },
  bandwidth: {
    type: 'string',
    value: '<bw>',
    help: 'device interface create (default 0bps), update; link create, link update: with a unit, e.g. 10G, 10Gbps, 100Mbps',
    for: [...IFACE_WRITES, ...LINK_CREATE, 'link update'],
  },
  cir: { type: 'string', value: '<bw>', help: 'device interface create (default 0bps), update: committed rate, with a unit', for: IFACE_WRITES },
  mtu: {
    type: 'string',
    value: '<n>',
    help: 'device interface create (default 1500 for CYOA/DIA, else 9000); device interface update (without it, as in doublezero, the MTU the interface needs after the update, 1500 for CYOA/DIA, else 9000, is written when it holds another); link create, link update (default 9000, the only value the program takes)',
    for: [...IFACE_WRITES, ...LINK_CREATE, 'link update'],
  },
  'routing-mode': { type: 'string', value: '<mode>', help: 'device interface create (default static), update: static or bgp', for: IFACE_WRITES },
  'vlan-id': { type: 'string', value: '<n>', help: 'device interface create (default 0), update: the VLAN id (0..4094)', for: IFACE_WRITES },
  'user-tunnel-endpoint': { type: 'string', value: '<true|false>', help: 'device interface create (default false), update', for: IFACE_WRITES },
  'node-segment-idx': { type: 'string', value: '<n>', help: 'device interface update (network admin): the node segment index', for: [IFACE_UPDATE] },
  'side-a-interface': { type: 'string', value: '<name>', help: "link create: side A's interface (shorthands expanded as doublezero does: et1 is Ethernet1)", for: LINK_CREATE },
  'side-z-interface': {
    type: 'string',
    value: '<name>',
    help: "link create wan, link accept: side Z's interface (shorthands expanded as doublezero does: et1 is Ethernet1)",
    for: ['link create wan', 'link accept'],
  },
  'delay-ms': { type: 'string', value: '<ms>', help: 'link create, link update: RTT delay in milliseconds', for: [...LINK_CREATE, 'link update'] },
  'jitter-ms': { type: 'string', value: '<ms>', help: 'link create, link update: jitter in milliseconds', for: [...LINK_CREATE, 'link update'] },
  'delay-override-ms': { type: 'string', value: '<ms>', help: 'link update: delay override in milliseconds (0 clears it)', for: ['link update'] },
  'tunnel-id': { type: 'string', value: '<id>', help: 'link update: tunnel id (network admin)', for: ['link update'] },
  'tunnel-net': { type: 'string', value: '<a.b.c.d/n>', help: 'link update: tunnel network (network admin); a dotted netmask works (10.0.0.0/255.255.255.254)', for: ['link update'] },
  'include-hard-drained': {
    type: 'boolean',
    help: 'plan return-device: also reactivate hard-drained links',
    for: ['plan'],
  },
  send: { type: 'boolean', help: 'sign and send the transaction (with the keypair found, see --keypair)', for: ['action'] },
  wait: {
    type: 'boolean',
    short: 'w',
    help:
      "device create, update, delete, device interface create, update, delete, link create, update, accept, delete (with --send): as doublezero's, wait for the account's new state: dzprov always waits for the confirmation and reads the account back; with --wait a read-back the node cannot answer yet is tried again every second, for up to 60 s (or until --timeout)",
    for: [...DEVICE_WRITES, DEVICE_DELETE, ...IFACE_WRITES, IFACE_DELETE, ...LINK_WRITES],
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
  port: {
    type: 'string',
    value: '<port>',
    help: 'sample-node: the port on 127.0.0.1 (default 8899, the local environment\'s; the WebSocket also on the next one; 0: any free port)',
    for: ['sample-node'],
  },
  'keys-dir': {
    type: 'string',
    value: '<dir>',
    help: "sample-node: write the sample identities' keypair files there (default: a new temporary directory)",
    for: ['sample-node'],
  },
  format: { type: 'string', value: '<svg|dot>', help: 'graph: svg (default) or dot (Graphviz)', for: ['graph'] },
  output: { type: 'string', short: 'o', value: '<file>', help: 'graph: write the picture to this file (default: stdout)', for: ['graph'] },
  help: { type: 'boolean', short: 'h', help: 'show help', for: 'all' },
  version: { type: 'boolean', help: 'print the version', for: 'all' },
} as const satisfies Record<string, OptionDef>;

export type OptionName = keyof typeof OPTIONS;

export type CommitmentLevel = 'processed' | 'confirmed' | 'finalized';
export const COMMITMENTS: readonly CommitmentLevel[] = ['processed', 'confirmed', 'finalized'];

/** The filters of `device list` and `link list`, as typed (the command checks them). */
export interface ListFilterOptions {
  contributor?: string;
  exchange?: string;
  location?: string;
  deviceType?: string;
  sideA?: string;
  sideZ?: string;
  linkType?: string;
  topology?: string;
  status?: string;
  health?: string;
  desiredStatus?: string;
  code?: string;
  wan: boolean;
  dzx: boolean;
}

/** The device onboarding flags whose values device create/update and device interface create/update parse. */
export const ONBOARD_FLAGS = [
  'pubkey',
  'public-ip',
  'dz-prefixes',
  'mgmt-vrf',
  'metrics-publisher',
  'max-users',
  'max-unicast-users',
  'max-multicast-subscribers',
  'max-multicast-publishers',
  'users-count',
  'reference-count',
  'unicast-users-count',
  'multicast-subscribers-count',
  'multicast-publishers-count',
  'loopback-type',
  'interface-cyoa',
  'interface-dia',
  'ip-net',
  'bandwidth',
  'cir',
  'mtu',
  'routing-mode',
  'vlan-id',
  'user-tunnel-endpoint',
  'node-segment-idx',
] as const satisfies readonly OptionName[];
export type OnboardFlag = (typeof ONBOARD_FLAGS)[number];

/** The filter options by their flag, and the ListFilterOptions key each fills. */
export const FILTER_FLAGS: readonly (readonly [OptionName, keyof ListFilterOptions])[] = [
  ['contributor', 'contributor'],
  ['exchange', 'exchange'],
  ['location', 'location'],
  ['device-type', 'deviceType'],
  ['side-a', 'sideA'],
  ['side-z', 'sideZ'],
  ['link-type', 'linkType'],
  ['topology', 'topology'],
  ['status', 'status'],
  ['health', 'health'],
  ['desired-status', 'desiredStatus'],
  ['code', 'code'],
];

/** The flags only the link writes take (the others they share with the lists fill `filters`). */
export const WRITE_FLAGS = ['pubkey', 'side-a-interface', 'side-z-interface', 'bandwidth', 'mtu', 'delay-ms', 'jitter-ms', 'delay-override-ms', 'tunnel-id', 'tunnel-net'] as const;
export type WriteFlag = (typeof WRITE_FLAGS)[number];

export interface GlobalOptions {
  includeHardDrained: boolean;
  /** -e/--env (or --network): a DoubleZero environment, as typed. */
  env?: string;
  /** How the environment was given ("-e", "--env", "--network"), for messages. */
  envFlag?: string;
  /** The RPC URL of -u/--url/--rpc, as typed (checked when the settings are resolved). */
  url?: string;
  /** How the URL was given ("--url", "-u", "--rpc"), for messages. */
  urlFlag?: string;
  ws?: string;
  /** --program-id, as typed (a pubkey or an environment). */
  programId?: string;
  commitment?: CommitmentLevel;
  as?: string;
  /** --json or --json-compact. */
  json: boolean;
  /** --json-compact: the JSON on one line. */
  jsonCompact: boolean;
  narrow: boolean;
  wide: boolean;
  send: boolean;
  /** -w/--wait: after a send, keep reading the account until the node shows its new state (bounded). */
  wait: boolean;
  keypair?: string;
  /** --compute-unit-price, in micro-lamports. */
  computeUnitPrice?: bigint;
  /** watch: stop after this many changes. */
  count?: number;
  /** --timeout: watch stops after this many milliseconds; any other command's deadline. */
  timeoutMs?: number;
  /** sample-node --port. */
  port?: number;
  /** sample-node --keys-dir. */
  keysDir?: string;
  /** graph --format. */
  format?: 'svg' | 'dot';
  /** graph -o/--output. */
  output?: string;
  filters: ListFilterOptions;
  /** The device onboarding flags (ONBOARD_FLAGS), as typed: the command parses them. */
  fields: Partial<Record<OnboardFlag, string>>;
  /** The link writes' own flags (--pubkey, --bandwidth, --delay-ms...), as typed, by flag name. */
  writes: Partial<Record<WriteFlag, string>>;
  help: boolean;
  version: boolean;
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
  ['promote-device', 'action', [D, '<status>'], "take the reconciler's next step, named by its status: device-provisioning → link-provisioning → activated"],
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
  ['link create wan', 'action', [], 'create a WAN link (the doublezero CLI\'s flags: --code --contributor --side-a --side-a-interface --side-z --side-z-interface --bandwidth --delay-ms --jitter-ms)'],
  ['link create dzx', 'action', [], 'create a DZX link between two contributors (as link create wan, without --side-z-interface: side Z names it when it accepts)'],
  ['link update', 'action', [], 'change a link\'s fields (--pubkey <code|pubkey>, then any of --code --bandwidth --mtu --delay-ms --jitter-ms --delay-override-ms --status --desired-status --tunnel-id --tunnel-net)'],
  ['link accept', 'action', [], 'accept a requested DZX link on side Z (--code <code|pubkey> --side-z-interface <name>)'],
  ['link delete', 'action', [], 'delete a link (--pubkey <code|pubkey>): a drained, provisioning or requested one'],
  ['set-health', 'action', ['<file|->'], 'set the health of many devices and links (lines "<code> <health>" or JSON) in as few transactions as fit'],
  ['watch', 'watch', ['devices|links'], 'stream device and link changes (status, health, desired status) as they land'],
  ['graph', 'read', [], 'draw the network as SVG or DOT: devices placed by location, links between them, coloured by status and health'],
  ['sample-node', 'serve', [], 'serve the embedded sample ledger as a local JSON-RPC and WebSocket node on 127.0.0.1, until Ctrl-C'],
];

/** Extra `--help` lines, by command. */
/** The interface name of the `device interface` commands. */
const IFACE_NAME_DETAILS = [
  '<name> is taken as the doublezero CLI takes it: the shorthands et, lo, po, vl and sw are expanded',
  'and the case set before anything is read (et6 is Ethernet6, lo255 Loopback255, po1 Port-channel1).',
];

const DETAILS: Readonly<Record<string, readonly string[]>> = {
  [IFACE_CREATE]: IFACE_NAME_DETAILS,
  [IFACE_UPDATE]: IFACE_NAME_DETAILS,
  [IFACE_DELETE]: IFACE_NAME_DETAILS,
  'device interface get': IFACE_NAME_DETAILS,
  watch: [
    'Subscribes to the program\'s Device and Link accounts (WebSocket) and prints one line per',
    'change of status, health or desired status, and per device or link created (closed ones show',
    'up when everything is read again); with --json, one JSON object per line (event, kind, pubkey,',
    'code, status, health, desired, slot, changed, previous, source).',
    'A dropped WebSocket is resubscribed and everything is read again: what differs is reported',
    '(source "resync"); a change undone during the outage leaves nothing to report.',
    'Runs until Ctrl-C, --count <n> changes or --timeout <seconds> (exit code 0 for all three).',
    'Needs a DoubleZero ledger (-e or --url); the WebSocket URL is the environment\'s, or derived',
    'from the RPC URL (https → wss, same host, port and path), unless --ws is given.',
  ],
  graph: [
    'Reads the devices, links and locations (of the ledger, or of the embedded sample ledger) and',
    'draws them: each device at its location\'s latitude and longitude (devices of one location around',
    'it), each link a line between its two devices. Fill: the status (green activated, amber drained,',
    'blue provisioning, grey pending or retired, purple unknown); ring and halo: the health (red',
    'impaired); a drained link is dashed. The same picture as the dashboard example\'s page',
    '(dzprov/graph). --format dot writes a Graphviz graph with the same colours and positions (render it',
    'with neato -n2 -Tpng). Codes read from the chain are escaped.',
  ],
  'sample-node': [
    'Serves the embedded sample ledger (the one dzprov reads offline) as a Solana JSON-RPC node:',
    'HTTP with CORS and WebSocket subscriptions, on 127.0.0.1 only, at the local environment\'s port, so',
    '"dzprov devices -e local" reads it. Transactions sent to it are checked (signatures, blockhash)',
    'and executed by dzprov\'s model of the program: status, desired status and health writes and',
    'device deletion, with the program\'s errors; what it does not model is refused (see',
    'docs/sample-node.md). Writes the sample identities\' keypairs (foundation, health-oracle, ops, acme,',
    'globex, visitor) as Solana CLI keypair files and prints where. Prints one line per transaction.',
    'Runs until Ctrl-C (or --timeout <seconds>); the ledger is gone when it stops.',
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
  'device list': [
    'As `doublezero device list`: the same filters, table columns (--narrow: its narrow ones) and',
    'JSON fields (--json, --json-compact), sorted by exchange name and code; dzprov\'s own fields',
    '(labels, roles, next actions) come after upstream\'s. Location, exchange, device type and status',
    'are filtered on the node (memcmp); contributor, health, desired status and --code (a substring)',
    'after decoding. Codes given to --contributor, --location and --exchange are looked up on the chain.',
  ],
  'link list': [
    'As `doublezero link list`: the same filters, table columns (--narrow: its narrow ones) and JSON',
    'fields, sorted by side A, side Z and code; dzprov\'s own fields come after upstream\'s. Side A,',
    'side Z, link type (--link-type, --wan, --dzx) and status are filtered on the node (memcmp); the',
    'others after decoding. --topology takes a topology name, or "default" for links in none.',
  ],
  'link create wan': [
    'Flags as `doublezero link create wan`: devices and the contributor by code or pubkey, bandwidth',
    'with its unit (10G, 10Gbps, 100Mbps), delay and jitter in milliseconds, --mtu 9000 by default.',
    'Everything is checked before anything is read (a bad value names its flag, exit code 2), then',
    'against the chain: a link with that code and the same fields is "already done" (nothing sent);',
    'with other fields, or an interface a side device does not have, exit code 2. Interface names',
    'are taken as doublezero takes them (et1 is Ethernet1). Dry run with simulation unless --send.',
  ],
  'link update': [
    'Only the fields given change; a link that already holds them is "already done". A status',
    'write is checked against the lifecycle (as set-link-status) and carries its desired status.',
    'The contributor\'s fields (code, bandwidth, mtu, delay, jitter) need the link\'s contributor or a',
    'network admin; the tunnel fields a network admin.',
  ],
  'config get': [
    'Reads no ledger: prints the doublezero config file, the environment, the ledger RPC and',
    'WebSocket URLs, the program id and the keypair dzprov would use, and where each came from (a',
    'flag, an environment variable, the config file and its line, a default). A URL that is not an',
    'environment\'s public one is shown as scheme and host: its path may hold an API key.',
  ],
  'promote-device': [
    '<status> is the step to take, the reconciler\'s next one: link-provisioning (from',
    'device-provisioning, with desired status activated and health ready-for-links or',
    'ready-for-users), activated (from link-provisioning or drained, with desired status activated and',
    'health ready-for-users) or drained (from activated, with desired status drained); `dzprov next`',
    'shows the step due. It is refused unless it is the step due now, and "already done" (nothing',
    'sent) once the device has that status, so re-running the same command after an unknown',
    'outcome never takes a second step (dzprov 0.1 took whatever step was due, so a re-run could',
    'take two; <status> is now required).',
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

/** The `doublezero` CLI's read commands, with dzprov's output (same flags, columns and JSON fields). */
const UPSTREAM_ROWS: readonly (readonly [string, CommandKind, readonly string[], number, string])[] = [
  ['device list', 'read', [], 0, 'list devices: the doublezero CLI\'s filters, columns and JSON fields, plus dzprov\'s'],
  ['device get', 'read', ['<code|pubkey>'], 1, 'one device (--code <code|pubkey>, or the argument): its fields and interfaces'],
  ['device interface list', 'read', ['<device>'], 1, 'the interfaces of one device, or of every device'],
  ['device interface get', 'read', ['<device>', '<name>'], 0, 'one interface of a device'],
  ['link list', 'read', [], 0, 'list links: the doublezero CLI\'s filters, columns and JSON fields, plus dzprov\'s'],
  ['link get', 'read', ['<code|pubkey>'], 1, 'one link (--code <code|pubkey>, or the argument)'],
  ['config get', 'config', [], 0, 'the ledger, program id and keypair in effect, and where each came from'],
];

/** The `doublezero` CLI's device onboarding commands: dry run with simulation unless --send. */
const ONBOARD_ROWS: readonly (readonly [string, readonly string[], string])[] = [
  [DEVICE_CREATE, [], 'create a device (--code --contributor --location --exchange --public-ip --dz-prefixes), with its resource accounts'],
  [DEVICE_UPDATE, [], "change a device's fields (--pubkey <device> and the fields), or its status (--status, lifecycle-checked)"],
  [DEVICE_DELETE, [], 'delete a device (--pubkey <device>): drained, no interfaces, no links or users left'],
  [IFACE_CREATE, [D, '<name>'], 'add an interface: physical, loopback, CYOA/DIA, subinterface (--bandwidth 10G, --loopback-type, --interface-cyoa...)'],
  [IFACE_UPDATE, [D, '<name>'], "change an interface's fields"],
  [IFACE_DELETE, [D, '<name>'], 'delete an interface (activated or unlinked)'],
];

/** `doublezero` commands dzprov does not run yet, and what to use meanwhile. */
const UNSUPPORTED_ROWS: readonly (readonly [string, string])[] = [
  ['device set-health', 'dzprov set-device-health <device> <health>'],
  ['link set-health', 'dzprov set-link-health <link> <health>'],
  ['link latency', ''],
  ['link topology', ''],
  ['config set', 'dzprov reads the doublezero config file and never writes it: use doublezero config set'],
];

/** The words that start a multi-word command, and their subcommands (for "needs a subcommand"). */
const GROUPS: Readonly<Record<string, string>> = {
  device: 'list, get, create, update, delete, interface',
  'device interface': 'list, get, create, update, delete',
  link: 'list, get, create wan, create dzx, accept, update, delete',
  'link create': 'wan, dzx',
  config: 'get',
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
  ...UPSTREAM_ROWS.map(
    ([name, kind, args, optionalArgs, summary]): CommandDef => ({
      name,
      kind,
      args,
      summary,
      upstream: true,
      ...(optionalArgs ? { optionalArgs } : {}),
      ...(DETAILS[name] ? { details: DETAILS[name] } : {}),
    }),
  ),
  ...ONBOARD_ROWS.map(
    ([name, args, summary]): CommandDef => ({ name, kind: 'action', args, summary, upstream: true, ...(DETAILS[name] ? { details: DETAILS[name] } : {}) }),
  ),
  ...UNSUPPORTED_ROWS.map(
    ([name, hint]): CommandDef => ({ name, kind: 'unsupported', args: [], summary: `doublezero ${name}: not yet supported by dzprov`, upstream: true, ...(hint ? { hint } : {}) }),
  ),
  { name: 'help', kind: 'help', args: ['<command>'], optionalArgs: 1, summary: 'show help for a command' },
];

const COMMAND_BY_NAME = new Map(COMMANDS.map((c) => [c.name, c]));

export function findCommand(name: string): CommandDef | undefined {
  return COMMAND_BY_NAME.get(name);
}

/** The longest command named by the first words of `words` (up to three), and how many words it took. */
function longestCommand(words: readonly string[]): { command: CommandDef; used: number } | undefined {
  for (let n = Math.min(3, words.length); n >= 1; n--) {
    const c = COMMAND_BY_NAME.get(words.slice(0, n).join(' '));
    if (c) return { command: c, used: n };
  }
  return undefined;
}

/** The error of a command dzprov knows from the doublezero CLI but does not run yet. */
export function unsupported(c: CommandDef): UnsupportedCommandError {
  // No "see <command> --help": there is no help for what dzprov does not do.
  return new UnsupportedCommandError(`"doublezero ${c.name}" is not yet supported by dzprov${c.hint ? `; meanwhile: ${c.hint}` : ''}`);
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
  const name = flag?.replace(/^-+/, '');
  const byShort = Object.entries(OPTIONS).find(([, d]) => 'short' in d && d.short === name)?.[0];
  const key = (name && name in OPTIONS ? name : byShort) as OptionName | undefined;
  const def = key ? OPTIONS[key] : undefined;
  return def && 'value' in def ? `${flag} ${def.value}` : 'a value';
}

function parseOptionsTable(): Record<string, { type: 'string' | 'boolean'; short?: string }> {
  const out: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, def] of Object.entries(OPTIONS) as [string, OptionDef][]) {
    out[name] = def.short ? { type: def.type, short: def.short } : { type: def.type };
  }
  return out;
}

/** Whether an option applies to a command. */
function applies(def: OptionDef, c: CommandDef): boolean {
  return def.for === 'all' || def.for.includes(c.kind) || def.for.includes(c.name);
}

/**
 * Parses `argv` (without the node and script paths). Throws UsageError for anything malformed.
 * `--help` and `--version` are reported in the options, not acted on.
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const parseOptions = parseOptionsTable();
  // A doublezero command dzprov does not run yet is refused as such, whatever its flags are.
  {
    const loose = parseArgs({ args: [...argv], options: parseOptions, strict: false, allowPositionals: true });
    const hit = longestCommand(loose.positionals);
    if (hit && hit.command.kind === 'unsupported' && loose.values.help !== true) throw unsupported(hit.command);
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: parseOptions, strict: true, allowPositionals: true, tokens: true });
  } catch (err) {
    throw new UsageError(parseErrorMessage(err));
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const options: GlobalOptions = {
    json: values.json === true || values['json-compact'] === true,
    jsonCompact: values['json-compact'] === true,
    narrow: values.narrow === true,
    wide: values.wide === true,
    includeHardDrained: values['include-hard-drained'] === true,
    send: values.send === true,
    wait: values.wait === true,
    help: values.help === true,
    version: values.version === true,
    filters: { wan: values.wan === true, dzx: values.dzx === true },
    fields: {},
    writes: {},
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
  const port = text('port');
  if (port !== undefined) {
    if (!/^\d+$/.test(port) || Number(port) > 65534) throw new UsageError(`--port "${port}" is not a port number (0 to 65534: the WebSocket also takes the next one)`);
    options.port = Number(port);
  }
  const keysDir = text('keys-dir');
  if (keysDir !== undefined) options.keysDir = keysDir;
  const format = text('format');
  if (format !== undefined) {
    if (format !== 'svg' && format !== 'dot') throw new UsageError(`--format "${format}" is not svg or dot`, 'graph');
    options.format = format;
  }
  const output = text('output');
  if (output !== undefined) options.output = output;
  for (const k of ['as', 'keypair', 'ws'] as const) {
    const v = text(k);
    if (v !== undefined) options[k] = v;
  }
  const programId = text('program-id');
  if (programId !== undefined) options.programId = programId;
  for (const flag of ONBOARD_FLAGS) {
    const v = text(flag);
    if (v !== undefined) options.fields[flag] = v;
  }
  for (const flag of WRITE_FLAGS) {
    const v = text(flag);
    if (v !== undefined) options.writes[flag] = v;
  }
  for (const [flag, key] of FILTER_FLAGS) {
    const v = text(flag);
    if (v !== undefined) (options.filters as unknown as Record<string, string>)[key] = v;
  }
  if (seen.has('env') && seen.has('network')) throw new UsageError(`options ${raw.get('env')} and --network are the same option: give one`);
  const envKey = seen.has('env') ? 'env' : 'network';
  const env = text(envKey);
  if (env !== undefined) {
    options.env = env;
    options.envFlag = raw.get(envKey) ?? `--${envKey}`;
  }
  if (seen.has('url') && seen.has('rpc')) throw new UsageError(`options ${raw.get('url')} and --rpc are the same option: give one`);
  const urlKey = seen.has('url') ? 'url' : 'rpc';
  const url = text(urlKey);
  if (url !== undefined) {
    options.url = url;
    options.urlFlag = raw.get(urlKey) ?? `--${urlKey}`;
  }
  if (seen.has('json') && seen.has('json-compact')) throw new UsageError('options --json and --json-compact exclude each other: give one');
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
      throw new UsageError(`--timeout "${timeout}" is not a positive number of seconds (a number, no unit: --timeout 30)`);
    }
    options.timeoutMs = Math.round(secs * 1000);
  }

  const positionals = [...parsed.positionals];
  if (positionals.length === 0) return { args: [], options };

  let command: CommandDef | undefined;
  const first = positionals[0]!;
  if (first === 'plan') {
    positionals.shift();
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
    const hit = longestCommand(positionals);
    // "device", "device interface", "link", "config": a group that needs a subcommand.
    const group = [3, 2, 1].map((n) => positionals.slice(0, n).join(' ')).find((g) => GROUPS[g] !== undefined);
    if (!hit || (group !== undefined && hit.used < group.split(' ').length)) {
      if (group !== undefined) {
        const next = positionals[group.split(' ').length];
        if (next === undefined && options.help) return { command: findCommand('help')!, args: [group], options: { ...options, help: false } };
        throw new UsageError(
          next === undefined ? `${group} needs a subcommand: ${GROUPS[group]}` : `unknown command "${group} ${next}" (${group}: ${GROUPS[group]})`,
          group,
        );
      }
      throw new UsageError(`unknown command ${JSON.stringify(first)}${suggest(first)}`);
    }
    command = hit.command;
    positionals.splice(0, hit.used);
  }
  if (command.kind === 'unsupported') throw unsupported(command);

  for (const name of seen) {
    const def = (OPTIONS as Record<string, OptionDef>)[name];
    if (def && !applies(def, command)) {
      throw new UsageError(`option ${raw.get(name) ?? `--${name}`} does not apply to ${command.name}`, command.name);
    }
  }
  if (options.help) return { command, args: positionals, options };

  const min = command.args.length - (command.optionalArgs ?? 0);
  if (positionals.length < min) {
    const missing = command.args.slice(positionals.length, min).join(' ');
    if (command.name === 'promote-device' && positionals.length === 1) {
      // dzprov 0.1's promote-device took no status: say what to add and where to find it.
      throw new UsageError(
        `promote-device: missing <status>: name the step to take, e.g. "dzprov promote-device ${positionals[0]} link-provisioning" (the step due is shown by "dzprov next" and "dzprov show ${positionals[0]}")`,
        command.name,
      );
    }
    throw new UsageError(`${command.name}: missing ${missing}`, command.name);
  }
  if (positionals.length > command.args.length) {
    const extra = positionals.slice(command.args.length).map((a) => JSON.stringify(a)).join(' ');
    throw new UsageError(`${command.name}: unexpected argument ${extra}`, command.name);
  }
  if (command.name === 'watch' && positionals[0] !== undefined && positionals[0] !== 'devices' && positionals[0] !== 'links') {
    throw new UsageError(`watch: ${JSON.stringify(positionals[0])} is not devices or links`, command.name);
  }
  if (command.name === 'device get' || command.name === 'link get') {
    // The doublezero CLI names the target with --code; dzprov also takes it as the argument.
    const code = options.filters.code;
    if (code !== undefined && positionals.length > 0) throw new UsageError(`${command.name}: give the code once (--code or the argument)`, command.name);
    if (code === undefined && positionals.length === 0) throw new UsageError(`${command.name}: missing --code <code|pubkey>`, command.name);
  }
  if (options.filters.wan && options.filters.dzx) throw new UsageError('link list: --wan and --dzx exclude each other', command.name);
  if (options.filters.linkType !== undefined && (options.filters.wan || options.filters.dzx)) {
    throw new UsageError(`link list: --link-type and --${options.filters.wan ? 'wan' : 'dzx'} both choose the type: give one`, command.name);
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

/** The option lines of `--help`: every option (top level), or those a command takes. */
function optionLines(c: CommandDef | 'top', only?: (name: string, def: OptionDef) => boolean): string[] {
  const rows: [string, string][] = [];
  for (const [name, def] of Object.entries(OPTIONS) as [string, OptionDef][]) {
    if (c !== 'top' && !applies(def, c)) continue;
    if (only && !only(name, def)) continue;
    const flag = `${def.short ? `-${def.short}, ` : '    '}--${name}${'value' in def && def.value ? ` ${def.value}` : ''}`;
    rows.push([flag, def.help]);
  }
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([f, h]) => hangingWrap(`  ${f.padEnd(w)}  `, h, HELP_WIDTH));
}

/** The exit-code table of `--help`. */
export function exitCodeLines(): string[] {
  return EXIT_CODE_ROWS.map(([code, meaning]) => hangingWrap(`  ${code}  `, meaning, HELP_WIDTH));
}

/** Where the ledger, program id and keypair come from: the lines of `--help`. */
const LEDGER_LINES: readonly string[] = [
  'The serviceability program lives on the DoubleZero ledger, not on Solana\'s clusters. Each value',
  'is taken from the first of: a flag, an environment variable, the doublezero CLI\'s config file',
  '(DOUBLEZERO_CONFIG_FILE, else ~/.config/doublezero/cli/config.yml), a default:',
  '  ledger RPC URL   -u/--url, DZPROV_RPC_URL, DZ_LEDGER_RPC_URL, -e\'s, config json_rpc_url',
  '  WebSocket URL    --ws, DZPROV_WS_URL, DZ_LEDGER_WS_RPC_URL, derived from a given RPC URL, -e\'s,',
  '                   config websocket_url, derived from the config\'s json_rpc_url',
  '  program id       --program-id, -e\'s, config program_id, mainnet-beta\'s',
  '  keypair          --keypair, DOUBLEZERO_KEYPAIR, config keypair_path, ~/.config/doublezero/id.json,',
  '                   ~/.config/solana/id.json',
  'With -e the config file\'s URLs and program id are not used. Without any ledger, dzprov reads an',
  'embedded sample ledger (offline). "dzprov config get" shows what is in effect and why.',
];

export function topLevelHelp(): string {
  const groups: [string, (c: CommandDef) => boolean][] = [
    ['Read (dzprov\'s lifecycle views)', (c) => c.kind === 'read' && !c.upstream],
    ['The doublezero CLI\'s read commands (its flags, columns and JSON fields, and dzprov\'s)', (c) => c.upstream === true && c.kind !== 'unsupported'],
    ['Plan', (c) => c.kind === 'plan'],
    ['Actions (dry run unless --send)', (c) => c.kind === 'action'],
    ['Watch', (c) => c.kind === 'watch'],
    ['Develop', (c) => c.kind === 'serve'],
  ];
  const lines = [
    'dzprov — read and drive the provisioning lifecycle of DoubleZero devices and links',
    '',
    'Usage: dzprov <command> [arguments] [options]',
  ];
  for (const [title, pick] of groups) {
    lines.push('', `${title}:`);
    const group = COMMANDS.filter(pick);
    const w = Math.max(...group.map((c) => usageOf(c).length));
    for (const c of group) lines.push(hangingWrap(`  ${usageOf(c).padEnd(w)}  `, c.summary, HELP_WIDTH));
  }
  const later = [...new Set(COMMANDS.filter((c) => c.kind === 'unsupported').map((c) => c.name))].join(', ');
  lines.push('', 'Not yet supported (usage error, exit code 2):', hangingWrap('  ', later, HELP_WIDTH));
  lines.push('', 'Options:', ...optionLines('top'));
  lines.push(
    '',
    ...LEDGER_LINES,
    '',
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
    ...optionLines(plans[0]!),
  ].join('\n');
}

/** Help for a command group ("device", "device interface", "link", "config"), or undefined. */
export function groupHelp(name: string): string | undefined {
  if (GROUPS[name] === undefined) return undefined;
  const members = COMMANDS.filter((c) => c.name.startsWith(`${name} `) && c.name.split(' ').length === name.split(' ').length + 1);
  const w = Math.max(...members.map((c) => usageOf(c).length));
  return [
    `Usage: dzprov ${name} <${GROUPS[name]}> [options]`,
    '',
    ...members.map((c) => hangingWrap(`  ${usageOf(c).padEnd(w)}  `, c.summary, HELP_WIDTH)),
  ].join('\n');
}

export function commandHelp(c: CommandDef): string {
  const lines = [`Usage: dzprov ${usageOf(c)} [options]`, '', hangingWrap('', c.summary, HELP_WIDTH)];
  if (c.details) lines.push('', ...c.details);
  if (c.kind === 'action' && c.name !== 'set-health') {
    lines.push(
      '',
      'Dry run by default: prints the checked instruction (program id, accounts, data, decoded)',
      'and the simulation result, for the roles of --as, else of the keypair found. With --send it',
      'signs with the keypair found (see --keypair) and sends; --compute-unit-price <micro-lamports>',
      'adds a priority fee. The lifecycle policy is checked first; an illegal change is refused before',
      'anything is built.',
    );
  }
  if (c.kind !== 'help') lines.push('', 'Options:', ...optionLines(c));
  if (c.kind !== 'help' && c.kind !== 'unsupported') lines.push('', ...LEDGER_LINES);
  if (c.kind !== 'help') lines.push('', 'Exit codes:', ...exitCodeLines());
  return lines.join('\n');
}
