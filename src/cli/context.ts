import { createRequire } from 'node:module';
import type { PublicKey } from '@solana/web3.js';
import { isNetwork, NETWORKS, type Network } from '../index.js';
import { MemoryAccountSource, RpcAccountSource } from '../index.js';
import { RpcError } from '../index.js';
import { DzClient, LOCALNET_RPC_URL } from '../index.js';
import { redactUrl } from '../core/client/url.js';
import { resolveUrlArg, type GlobalOptions } from './args.js';
import { RpcUnavailableError, UsageError } from './errors.js';
import { formatJson, hangingWrap, paint, terminalSafe, TERMINAL_TEXT_MAX, toJsonValue, type Style } from './format.js';
import { loadSnapshot, parseKey, resolveActor, type Actor, type Snapshot } from './ledger.js';
import { sampleLedger, type SampleIdentity } from './sampleLedger.js';

/**
 * What every command needs: where to read from (the sample ledger or an RPC node), where to
 * write, and who is acting.
 */

/** Where the CLI writes and what it reads from its environment (injectable for tests). */
export interface CliIo {
  stdout: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(s: string): unknown };
  env: Record<string, string | undefined>;
  /** Aborted to stop a running `watch` (main.ts aborts it on SIGINT / SIGTERM). */
  signal?: AbortSignal;
  /** Reads all of stdin (`set-health -`); default: file descriptor 0. */
  readStdin?: () => string;
}

export const SAMPLE_NOTICE =
  'dzprov: using the embedded sample ledger (offline); pass -u/--url or --network for a real cluster';

export function packageVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}

// ---------------------------------------------------------------------------------------------
// Where to read from

export interface Target {
  mode: 'sample' | 'rpc';
  programId: PublicKey;
  network?: Network;
  /** The RPC URL (rpc mode). */
  url?: string;
  /** Reads (and, on a cluster, simulates and sends) through the SDK's client. */
  client: DzClient;
}

/**
 * CLI reads: each request has its own budget of 6 attempts with jittered backoff (0.25 s doubling
 * to 4 s: about 8 s of waiting at most), or the node's Retry-After up to 30 s, so concurrent
 * reads on a flaky node do not fail together; 20 s per attempt. --timeout bounds the whole command.
 */
export const CLI_RETRY = { maxAttempts: 6, baseDelayMs: 250, maxDelayMs: 4000, timeoutMs: 20_000, maxRetryAfterMs: 30_000 };

export function resolveTarget(opts: GlobalOptions, env: CliIo['env'], deadline: number | undefined = opts.timeoutMs): Target {
  // DZPROV_RPC_URL takes a moniker too, like -u/--url.
  const envText = env.DZPROV_RPC_URL?.trim() || undefined;
  const fromEnv = envText === undefined ? undefined : resolveUrlArg(envText);
  const url = opts.url ?? fromEnv?.url;
  const urlSource = opts.url !== undefined ? (opts.urlFlag ?? '--url') : 'DZPROV_RPC_URL';
  if (opts.network !== undefined && !isNetwork(opts.network)) {
    throw new UsageError(`unknown network "${opts.network}" (expected one of ${NETWORKS.join(', ')})`);
  }
  // --network picks the program id; else the moniker's cluster; else mainnet-beta.
  const network = (opts.network as Network | undefined) ?? (opts.url !== undefined ? opts.moniker : fromEnv?.network);
  if (url === undefined && network === undefined) {
    if (opts.ws !== undefined) throw new UsageError('--ws needs a cluster: pass -u/--url <url|moniker>');
    const s = sampleLedger();
    // No connection at all: the client reads the in-memory ledger and cannot simulate or send.
    const client = new DzClient({ source: new MemoryAccountSource(s.records), programId: s.programId, env: {} });
    return { mode: 'sample', programId: s.programId, client };
  }
  let rpcUrl = url;
  if (rpcUrl === undefined) {
    if (network !== 'localnet') {
      throw new UsageError(
        `--network ${network} needs an RPC URL: pass -u/--url <url> (or the moniker ${network}) or set DZPROV_RPC_URL`,
      );
    }
    rpcUrl = LOCALNET_RPC_URL;
  }
  checkHttpUrl(rpcUrl, urlSource, true);
  const envWs = env.DZPROV_WS_URL?.trim() || undefined;
  const wsUrl = opts.ws ?? envWs;
  if (wsUrl !== undefined) checkWsUrl(wsUrl, opts.ws !== undefined ? '--ws' : 'DZPROV_WS_URL');
  const net = network ?? 'mainnet-beta';
  const client = new DzClient({
    network: net,
    rpcUrl,
    ...(wsUrl !== undefined ? { wsUrl } : {}),
    // --timeout is the deadline of the whole command (watch stops by its own timer instead).
    retry: deadline !== undefined ? { ...CLI_RETRY, signal: AbortSignal.timeout(deadline) } : CLI_RETRY,
    env: {},
    ...(opts.commitment !== undefined ? { commitment: opts.commitment } : {}),
    ...(opts.computeUnitPrice !== undefined ? { computeUnitPrice: opts.computeUnitPrice } : {}),
  });
  return { mode: 'rpc', programId: client.programId, network: net, url: rpcUrl, client };
}

function checkHttpUrl(url: string, source: string, monikerHint: boolean): void {
  const hint = monikerHint ? ` nor a cluster moniker (mainnet-beta, testnet, devnet, localhost or m, t, d, l)` : '';
  checkUrl(url, source, ['http:', 'https:'], `RPC URL "${redactUrl(url)}" must start with http:// or https://`, hint);
}

function checkWsUrl(url: string, source: string): void {
  checkUrl(url, source, ['ws:', 'wss:'], `WebSocket URL "${redactUrl(url)}" must start with ws:// or wss://`, '');
}

/**
 * A URL option's value must parse and use one of `protocols`. An unparsable value is quoted only
 * when it cannot hold credentials or a key (no "@", "?", "#" or ":"): a typo'd moniker is shown,
 * a broken URL with a secret in it is not.
 */
function checkUrl(url: string, source: string, protocols: readonly string[], wrongProtocol: string, hint: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const shown = /[@?#:]/.test(url) ? '(an unparsable URL, not shown: it may hold credentials)' : `"${url}"`;
    throw new UsageError(`${source} ${shown} is not a URL${hint}`);
  }
  if (!protocols.includes(parsed.protocol)) throw new UsageError(wrongProtocol);
}

/** Runs an RPC call, turning a transport failure into one readable line. */
export async function reading<T>(target: Target, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof RpcError && target.url) {
      throw new RpcUnavailableError(redactUrl(target.url), e.message, { cause: e });
    }
    throw e;
  }
}

/**
 * An RPC URL for display: scheme, host and port only. Providers put credentials in the userinfo
 * and API keys in the path or the query string, and those must not end up in logs.
 */
export { redactUrl } from '../core/client/url.js';

// ---------------------------------------------------------------------------------------------
// Output

/** The width tables are fitted to: COLUMNS, else the terminal's, else 100; none with --wide. */
export function outputWidth(io: CliIo, wide: boolean): number | undefined {
  if (wide) return undefined;
  const env = Number(io.env.COLUMNS);
  if (Number.isInteger(env) && env >= 40) return env;
  const tty = io.stdout.isTTY === true ? io.stdout.columns : undefined;
  return tty !== undefined && tty >= 40 ? tty : 100;
}

export class Out {
  readonly style: Style;
  /** The width tables and wrapped text are fitted to (undefined: no limit). */
  readonly width: number | undefined;
  constructor(
    readonly io: CliIo,
    readonly json: boolean,
    wide = false,
  ) {
    this.style = { color: !json && io.stdout.isTTY === true && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb' };
    this.width = outputWidth(io, wide);
  }
  /** `s` wrapped to the output width, continuation lines indented by `indent`. */
  wrap(s: string, indent = '  '): string {
    if (this.width === undefined) return s;
    const [first, ...rest] = hangingWrap(indent, s, this.width).split('\n');
    return [first!.slice(indent.length), ...rest].join('\n');
  }
  line(s = ''): void {
    this.io.stdout.write(`${terminalSafe(s, this.style.color)}\n`);
  }
  /** Context lines: on stdout for humans, on stderr with --json (stdout stays pure JSON). */
  note(s: string): void {
    if (this.json) this.io.stderr.write(`${terminalSafe(s, { max: TERMINAL_TEXT_MAX })}\n`);
    else this.line(paint(this.style, 'dim', this.wrap(s, '  ')));
  }
  /** A warning that does not stop the command (always on stderr). */
  warn(s: string): void {
    this.io.stderr.write(`dzprov: warning: ${terminalSafe(s, { oneField: true, max: TERMINAL_TEXT_MAX })}\n`);
  }
  data(value: unknown): void {
    this.io.stdout.write(`${formatJson(value)}\n`);
  }
  /** One compact JSON object on its own line (watch --json). */
  record(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(toJsonValue(value))}\n`);
  }
}

export function announce(out: Out, target: Target): void {
  if (target.mode === 'sample') out.note(SAMPLE_NOTICE);
  else out.note(`dzprov: ${redactUrl(target.url!)} · ${target.network} · program ${target.programId.toBase58()}`);
}

// ---------------------------------------------------------------------------------------------
// Who is acting

export interface ActorChoice {
  key: PublicKey;
  /** The sample identity it is, when it is one. */
  identity?: SampleIdentity;
  /** How it was chosen, for the "acting as" line. */
  how: 'as' | 'keypair' | 'sample default';
}

export function parseAs(text: string, target: Target): { key: PublicKey; identity?: SampleIdentity } {
  if (target.mode === 'sample') {
    const ids = sampleLedger().identities;
    const byName = ids.find((i) => i.name === text);
    if (byName) return { key: byName.pubkey, identity: byName };
    const key = parseKey(text);
    if (key) return { key, identity: ids.find((i) => i.pubkey.equals(key)) };
    throw new UsageError(
      `--as "${text}" is neither a base58 public key nor a sample identity (${ids.map((i) => i.name).join(', ')})`,
    );
  }
  const key = parseKey(text);
  if (!key) throw new UsageError(`--as "${text}" is not a base58 public key`);
  return { key };
}

/** The actor of a read command: --as, else the sample ledger's default identity, else nobody. */
export function readActor(opts: GlobalOptions, target: Target): ActorChoice | undefined {
  if (opts.as !== undefined) return { ...parseAs(opts.as, target), how: 'as' };
  if (target.mode === 'sample') {
    const id = sampleLedger().defaultIdentity;
    return { key: id.pubkey, identity: id, how: 'sample default' };
  }
  return undefined;
}

export async function loadActor(target: Target, snapshot: Snapshot, choice: ActorChoice | undefined): Promise<Actor | undefined> {
  if (!choice) return undefined;
  const permission = await reading(target, () => target.client.fetchPermissionOf(choice.key));
  return resolveActor(snapshot, choice.key, permission);
}

export function describeActor(choice: ActorChoice, actor: Actor): string {
  const who = choice.identity ? `${choice.identity.name} (${choice.key.toBase58()})` : choice.key.toBase58();
  const roles = actor.global.length > 0 ? actor.global.join(', ') : 'no global role';
  const why = actor.sources.length > 0 ? ` (${actor.sources.join('; ')})` : '';
  const hint = choice.how === 'sample default' ? '; --as <name|pubkey> to change' : '';
  return `acting as ${who}: ${roles}${why}${hint}`;
}

// ---------------------------------------------------------------------------------------------
// Read commands

export interface ReadContext {
  out: Out;
  target: Target;
  snapshot: Snapshot;
  choice?: ActorChoice;
  actor?: Actor;
}

export async function readContext(opts: GlobalOptions, io: CliIo, what: { links?: boolean } = {}): Promise<ReadContext> {
  const out = new Out(io, opts.json, opts.wide);
  const target = resolveTarget(opts, io.env);
  announce(out, target);
  const choice = readActor(opts, target);
  const snapshot = await reading(target, () => loadSnapshot(target.client, (m) => out.warn(m), what));
  // Reads after the listings (the actor's Permission...) see at least the listings' ledger state.
  const source = target.client.source;
  if (snapshot.slot !== undefined && source instanceof RpcAccountSource) source.minContextSlot = snapshot.slot;
  const actor = await loadActor(target, snapshot, choice);
  if (choice && actor) out.note(describeActor(choice, actor));
  else out.note('no --as given: next actions are shown for a caller with no role; pass --as <pubkey> for a key\'s actions');
  return { out, target, snapshot, choice, actor };
}

