import { createRequire } from 'node:module';
import WebSocket from 'ws';
import type { SubscriptionOptions } from '../core/client/ws.js';
import type { PublicKey } from './publicKey.js';
import type { Keypair } from './signer.js';
import type { Network } from './sdk.js';
import type { DzEnvironment } from './sdk.js';
import { MemoryAccountSource } from './sdk.js';
import { RpcAccountSource } from '../core/client/source.js';
import { RpcError } from './sdk.js';
import { DzClient } from './sdk.js';
import { redactUrl } from '../core/client/url.js';
import type { GlobalOptions } from './args.js';
import { NoKeypairError, RpcUnavailableError, UsageError } from './errors.js';
import { findKeypair, type KeypairPlace } from './keypair.js';
import { resolveSettings, type Settings } from './settings.js';
import { formatJson, forTerminal, hangingWrap, jsonLine, paint, terminalSafe, TERMINAL_TEXT_MAX, toJsonValue, type Style } from './format.js';
import { loadSnapshot, parseKey, resolveActor, type Actor, type Snapshot } from './ledger.js';
import { sampleLedger, type SampleIdentity } from './sampleLedger.js';

/**
 * What every command needs: where to read from (the sample ledger or an RPC node), where to
 * write, and who is acting.
 */

/** Where the CLI writes and what it reads from its environment (injectable for tests). */
export interface CliIo {
  /**
   * Where results go. A `write` that returns false means the stream cannot take more for now;
   * with `once('drain')` it says when it can again (`watch` stops reading the node meanwhile).
   */
  stdout: {
    write(s: string): unknown;
    isTTY?: boolean;
    columns?: number;
    once?(event: 'drain', listener: () => void): unknown;
    removeListener?(event: 'drain', listener: () => void): unknown;
  };
  stderr: { write(s: string): unknown };
  env: Record<string, string | undefined>;
  /** Aborted to stop a running `watch` (main.ts aborts it on SIGINT / SIGTERM). */
  signal?: AbortSignal;
  /** Reads all of stdin (`set-health -`); default: file descriptor 0. */
  readStdin?: () => string;
  /** How subscriptions retry and notice a silent socket (default: the SDK's; tests make them quicker). */
  subscriptions?: SubscriptionOptions;
}

export const SAMPLE_NOTICE =
  'dzprov: using the embedded sample ledger (offline); pass -e <env> or --url for a DoubleZero ledger';

export function packageVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}

// ---------------------------------------------------------------------------------------------
// Where to read from

export interface Target {
  mode: 'sample' | 'rpc';
  programId: PublicKey;
  /** The environment in effect (undefined: none, e.g. a program id of no environment). */
  environment?: DzEnvironment;
  /** The PROGRAM_IDS key of that environment. */
  network?: Network;
  /** The ledger RPC URL (rpc mode). */
  url?: string;
  /** The ledger WebSocket URL (rpc mode). */
  wsUrl?: string;
  /** Every setting and where it came from. */
  settings: Settings;
  /** Reads (and, on a ledger, simulates and sends) through the SDK's client. */
  client: DzClient;
}

/**
 * CLI reads: each request has its own budget of 6 attempts with jittered backoff (0.25 s doubling
 * to 4 s: about 8 s of waiting at most), or the node's Retry-After up to 30 s, so concurrent
 * reads on a flaky node do not fail together; 20 s per attempt. --timeout bounds the whole command.
 */
export const CLI_RETRY = { maxAttempts: 6, baseDelayMs: 250, maxDelayMs: 4000, timeoutMs: 20_000, maxRetryAfterMs: 30_000 };

/** Where to read from: the ledger the settings name (settings.ts), or the embedded sample ledger. */
export function resolveTarget(opts: GlobalOptions, env: CliIo['env'], deadline: number | undefined = opts.timeoutMs, subscriptions?: SubscriptionOptions): Target {
  const settings = resolveSettings(opts, env);
  const rpcUrl = settings.rpcUrl.value;
  if (rpcUrl === undefined) {
    const s = sampleLedger();
    // No connection at all: the client reads the in-memory ledger and cannot simulate or send.
    const client = new DzClient({ source: new MemoryAccountSource(s.records), programId: s.programId });
    return { mode: 'sample', programId: s.programId, settings, client };
  }
  const environment = settings.environment.value;
  const wsUrl = settings.wsUrl.value!;
  const client = new DzClient({
    ...(environment ? { network: environment.network } : {}),
    programId: settings.programId.value,
    rpcUrl,
    wsUrl,
    // Node 20 has no global WebSocket: the CLI subscribes with the ws package's.
    WebSocket,
    ...(subscriptions ? { subscriptions } : {}),
    // --timeout is the deadline of the whole command (watch stops by its own timer instead).
    retry: deadline !== undefined ? { ...CLI_RETRY, signal: AbortSignal.timeout(deadline) } : CLI_RETRY,
    ...(opts.commitment !== undefined ? { commitment: opts.commitment } : {}),
    ...(opts.computeUnitPrice !== undefined ? { computeUnitPrice: opts.computeUnitPrice } : {}),
  });
  return {
    mode: 'rpc',
    programId: client.programId,
    ...(environment ? { environment, network: environment.network } : {}),
    url: rpcUrl,
    wsUrl,
    settings,
    client,
  };
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
    /** --json-compact: `data` writes the JSON on one line. */
    readonly compact = false,
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
  /** Writes one line; false when stdout cannot take more for now (see CliIo.stdout). */
  line(s = ''): boolean {
    return this.io.stdout.write(`${forTerminal(terminalSafe(s, this.style.color))}\n`) !== false;
  }
  /**
   * Notes go to stderr even without --json (the doublezero CLI's commands keep stdout to the
   * table, which scripts parse).
   */
  notesOnStderr = false;
  /** Context lines: on stdout for humans, on stderr with --json (stdout stays pure JSON). */
  note(s: string): void {
    if (this.json || this.notesOnStderr) this.io.stderr.write(`${terminalSafe(s, { max: TERMINAL_TEXT_MAX })}\n`);
    else this.line(paint(this.style, 'dim', this.wrap(s, '  ')));
  }
  /** A warning that does not stop the command (always on stderr). */
  warn(s: string): void {
    this.io.stderr.write(`dzprov: warning: ${terminalSafe(s, { oneField: true, max: TERMINAL_TEXT_MAX })}\n`);
  }
  data(value: unknown): void {
    this.io.stdout.write(`${this.compact ? jsonLine(toJsonValue(value)) : formatJson(value)}\n`);
  }
  /** One compact JSON object on its own line (watch --json). */
  record(value: unknown): boolean {
    return this.io.stdout.write(`${jsonLine(toJsonValue(value))}\n`) !== false;
  }
}

export function announce(out: Out, target: Target): void {
  if (target.mode === 'sample') out.note(SAMPLE_NOTICE);
  else out.note(`dzprov: ${redactUrl(target.url!)} · ${target.environment?.name ?? 'no environment'} · program ${target.programId.toBase58()}`);
}

// ---------------------------------------------------------------------------------------------
// Who is acting

export interface ActorChoice {
  key: PublicKey;
  /** The sample identity it is, when it is one. */
  identity?: SampleIdentity;
  /** How it was chosen, for the "acting as" line. */
  how: 'as' | 'keypair' | 'sample default';
  /** (keypair) Where the keypair was found. */
  place?: KeypairPlace;
}

/** A keypair this command found, and where. */
export interface FoundKeypair {
  keypair: Keypair;
  place: KeypairPlace;
  /** Places that had no file, looked at before it. */
  skipped: string[];
}

/**
 * The keypair of a command (keypair.ts for the order). On the sample ledger only --keypair
 * counts (its identities are sample ones). `need`: "sign" (--send: none found is NoKeypairError),
 * "act" (a dry run: the key's roles, when there is one), "read" (next actions: a broken key file
 * that was not named on purpose is a warning, not an error).
 */
export function commandKeypair(opts: GlobalOptions, target: Target, io: CliIo, need: 'sign' | 'act' | 'read', what: string, out?: Out): FoundKeypair | undefined {
  const places = target.mode === 'sample' ? target.settings.keypairPlaces.filter((p) => p.kind === 'flag') : target.settings.keypairPlaces;
  let search: ReturnType<typeof findKeypair>;
  try {
    search = findKeypair(places, io.env);
  } catch (e) {
    const named = places[0]?.kind === 'flag' || places[0]?.kind === 'env';
    if (need === 'read' && !named && out) {
      out.warn(`${e instanceof Error ? e.message : String(e)}; next actions are shown without a key`);
      return undefined;
    }
    throw e;
  }
  if (search.found) return { keypair: search.keypair, place: search.place, skipped: search.skipped };
  if (need === 'sign') throw new NoKeypairError(search.tried.length > 0 ? search.tried : ['nowhere (the sample ledger takes only --keypair)'], what);
  return undefined;
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

/** The actor of a command: --as, else the keypair found, else the sample ledger's default identity, else nobody. */
export function readActor(opts: GlobalOptions, target: Target, found?: FoundKeypair): ActorChoice | undefined {
  if (opts.as !== undefined) return { ...parseAs(opts.as, target), how: 'as' };
  if (found) {
    const identity = target.mode === 'sample' ? sampleLedger().identities.find((i) => i.pubkey.equals(found.keypair.publicKey)) : undefined;
    return { key: found.keypair.publicKey, ...(identity ? { identity } : {}), how: 'keypair', place: found.place };
  }
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
  const key = choice.how === 'keypair' && choice.place ? ` [keypair ${choice.place.path ?? choice.place.from}${choice.place.path ? `, ${choice.place.from}` : ''}]` : '';
  return `acting as ${who}${key}: ${roles}${why}${hint}`;
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
  const out = new Out(io, opts.json, opts.wide, opts.jsonCompact);
  const target = resolveTarget(opts, io.env);
  announce(out, target);
  const choice = readActor(opts, target, opts.as === undefined ? commandKeypair(opts, target, io, 'read', 'reading', out) : undefined);
  const snapshot = await reading(target, () => loadSnapshot(target.client, (m) => out.warn(m), what));
  // Reads after the listings (the actor's Permission...) see at least the listings' ledger state.
  const source = target.client.source;
  if (snapshot.slot !== undefined && source instanceof RpcAccountSource) source.minContextSlot = snapshot.slot;
  const actor = await loadActor(target, snapshot, choice);
  if (choice && actor) out.note(describeActor(choice, actor));
  else out.note('no --as given and no keypair found: next actions are shown for a caller with no role; pass --as <pubkey> for a key\'s actions');
  return { out, target, snapshot, choice, actor };
}

