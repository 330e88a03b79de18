import { PublicKey } from './publicKey.js';
import { ENVIRONMENTS, environmentOfProgramId, findEnvironment, ledgerWsUrlFor, type DzEnvironment } from './sdk.js';
import { PROGRAM_IDS } from './sdk.js';
import { redactUrl } from '../core/client/url.js';
import { checkWebSocketUrl } from '../core/client/ws.js';
import type { GlobalOptions } from './args.js';
import { readDoublezeroConfig, type DoublezeroConfig } from './configFile.js';
import { UsageError } from './errors.js';
import { keypairPlaces, type KeypairPlace } from './keypair.js';

/**
 * Which ledger, program and key a command uses, and where each came from. The order, highest
 * first, for every value: a command-line flag, an environment variable, the `doublezero` config
 * file, a default.
 *
 *   RPC URL     -u/--url/--rpc > DZPROV_RPC_URL > DZ_LEDGER_RPC_URL > -e's ledger > config json_rpc_url > none (sample ledger)
 *   WS URL      --ws > DZPROV_WS_URL > DZ_LEDGER_WS_RPC_URL > derived from an RPC URL given by flag or variable
 *               > -e's ledger > config websocket_url > derived from the config's json_rpc_url
 *   program id  --program-id > -e's > config program_id > mainnet-beta's
 *   keypair     --keypair > DOUBLEZERO_KEYPAIR > config keypair_path > ~/.config/doublezero/id.json > ~/.config/solana/id.json
 *
 * As in the `doublezero` CLI, -e/--env selects an environment wholesale: the config file's URLs
 * and program id are then not used (its keypair_path still is), and --url, --ws or --program-id
 * given with it replace just their own value.
 */

/** Where a value came from. */
export type SourceKind = 'flag' | 'env' | 'config' | 'environment' | 'derived' | 'default';

export interface Sourced<T> {
  value: T;
  kind: SourceKind;
  /** For people: "--url", "DZ_LEDGER_RPC_URL", "/home/op/.config/doublezero/cli/config.yml line 2", "-e testnet"... */
  from: string;
}

export interface Settings {
  config: DoublezeroConfig;
  /** The environment in effect: chosen with -e, or the one whose program id is in use. */
  environment: Sourced<DzEnvironment | undefined>;
  /** undefined: no ledger at all, the embedded sample ledger is read. */
  rpcUrl: Sourced<string | undefined>;
  wsUrl: Sourced<string | undefined>;
  programId: Sourced<PublicKey>;
  /** Where a keypair is looked for, in order (see keypair.ts). */
  keypairPlaces: KeypairPlace[];
}

/** The flag an environment came with, for messages ("-e", "--env", "--network"). */
function envFlagOf(opts: GlobalOptions): string {
  return opts.envFlag ?? '--env';
}

/** Solana's own cluster monikers: never a DoubleZero ledger. */
const SOLANA_MONIKERS = new Set(['mainnet-beta', 'mainnet', 'testnet', 'devnet', 'localhost', 'localnet', 'm', 't', 'd', 'l']);

/** An -e/--env (or legacy --network) value: a DoubleZero environment. dzprov's old "localnet" is "local". */
export function parseEnvironmentFlag(value: string, flag: string): DzEnvironment {
  const e = findEnvironment(value === 'localnet' && flag === '--network' ? 'local' : value);
  if (!e) {
    throw new UsageError(`unknown environment "${value}" for ${flag} (expected ${ENVIRONMENTS.map((x) => `${x.name} or ${x.shortName}`).join(', ')})`);
  }
  return e;
}

/** A --program-id value: a base58 public key or an environment's name (its program id). */
export function parseProgramIdFlag(value: string): PublicKey {
  const e = findEnvironment(value);
  if (e) return e.programId;
  if (/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(value)) {
    try {
      return new PublicKey(value);
    } catch {
      /* not 32 bytes: refused below */
    }
  }
  throw new UsageError(
    `invalid --program-id "${value.slice(0, 64)}": expected a base58 public key or an environment (${ENVIRONMENTS.map((x) => `${x.name}/${x.shortName}`).join(', ')})`,
  );
}

/**
 * An RPC URL given on the command line or in a variable: http(s). An environment or cluster
 * name is refused with the -e it probably meant (-u m was Solana's mainnet once; the program is
 * not there). An unparsable value is quoted only when it cannot hold credentials.
 */
export function checkRpcUrl(url: string, source: string): string {
  if (SOLANA_MONIKERS.has(url) || findEnvironment(url)) {
    const env = findEnvironment(url === 'localhost' || url === 'localnet' ? 'local' : url === 'mainnet' ? 'mainnet-beta' : url);
    throw new UsageError(
      `${source} takes an RPC URL, and "${url}" is an environment name: the serviceability program lives on the DoubleZero ledger, not on Solana's clusters; use -e ${env!.name} (the DoubleZero ${env!.name} ledger), or give the ledger's URL`,
    );
  }
  checkUrl(url, source, ['http:', 'https:'], `RPC URL "${redactUrl(url)}" (${source}) must start with http:// or https://`);
  return url;
}

export function checkWsUrl(url: string, source: string): string {
  checkUrl(url, source, ['ws:', 'wss:'], `WebSocket URL "${redactUrl(url)}" (${source}) must start with ws:// or wss://`);
  // What the WebSocket library itself refuses (a fragment...) is a usage error too, not a failure later.
  try {
    checkWebSocketUrl(url, source);
  } catch (e) {
    throw new UsageError(`WebSocket URL "${redactUrl(url)}" (${source}) is refused: ${e instanceof Error ? e.message.replace(/^invalid [^:]*: /, '') : String(e)}`);
  }
  return url;
}

function checkUrl(url: string, source: string, protocols: readonly string[], wrongProtocol: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const shown = /[@?#:]/.test(url) ? '(an unparsable URL, not shown: it may hold credentials)' : `"${url}"`;
    throw new UsageError(`${source} ${shown} is not a URL`);
  }
  if (!protocols.includes(parsed.protocol)) throw new UsageError(wrongProtocol);
}

function variable(env: Record<string, string | undefined>, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

/** Resolves every setting (reads the config file; no network). Throws UsageError / ConfigFileError. */
export function resolveSettings(opts: GlobalOptions, env: Record<string, string | undefined>): Settings {
  const config = readDoublezeroConfig(env);
  const cfgAt = (line: number) => `${config.path} line ${line}`;

  // The environment chosen with a flag.
  const flagEnv = opts.env !== undefined ? parseEnvironmentFlag(opts.env, envFlagOf(opts)) : undefined;
  const envName = flagEnv ? `${envFlagOf(opts)} ${flagEnv.name}` : '';
  // The config file's URLs and program id count only without -e (as in the doublezero CLI).
  const cfg = flagEnv ? undefined : config.exists ? config : undefined;

  // RPC URL.
  let rpcUrl: Sourced<string | undefined>;
  const urlVar = variable(env, 'DZPROV_RPC_URL') !== undefined ? 'DZPROV_RPC_URL' : variable(env, 'DZ_LEDGER_RPC_URL') !== undefined ? 'DZ_LEDGER_RPC_URL' : undefined;
  if (opts.url !== undefined) {
    const flag = opts.urlFlag ?? '--url';
    rpcUrl = { value: checkRpcUrl(opts.url, flag), kind: 'flag', from: flag };
  } else if (urlVar !== undefined) {
    rpcUrl = { value: checkRpcUrl(variable(env, urlVar)!, urlVar), kind: 'env', from: urlVar };
  } else if (flagEnv) {
    rpcUrl = { value: flagEnv.ledgerRpcUrl, kind: 'environment', from: envName };
  } else if (cfg?.jsonRpcUrl) {
    rpcUrl = { value: cfg.jsonRpcUrl.value, kind: 'config', from: cfgAt(cfg.jsonRpcUrl.line) };
  } else {
    rpcUrl = { value: undefined, kind: 'default', from: 'none given: the embedded sample ledger' };
  }

  // WebSocket URL.
  let wsUrl: Sourced<string | undefined>;
  const wsVar = variable(env, 'DZPROV_WS_URL') !== undefined ? 'DZPROV_WS_URL' : variable(env, 'DZ_LEDGER_WS_RPC_URL') !== undefined ? 'DZ_LEDGER_WS_RPC_URL' : undefined;
  if (opts.ws !== undefined) {
    wsUrl = { value: checkWsUrl(opts.ws, '--ws'), kind: 'flag', from: '--ws' };
  } else if (wsVar !== undefined) {
    wsUrl = { value: checkWsUrl(variable(env, wsVar)!, wsVar), kind: 'env', from: wsVar };
  } else if (rpcUrl.value === undefined) {
    wsUrl = { value: undefined, kind: 'default', from: 'none (no ledger)' };
  } else if (rpcUrl.kind === 'flag' || rpcUrl.kind === 'env') {
    // A ledger named by hand is not paired with another node's WebSocket.
    wsUrl = { value: ledgerWsUrlFor(rpcUrl.value), kind: 'derived', from: `derived from the RPC URL (${rpcUrl.from})` };
  } else if (flagEnv) {
    wsUrl = { value: flagEnv.ledgerWsUrl, kind: 'environment', from: envName };
  } else if (cfg?.websocketUrl) {
    wsUrl = { value: cfg.websocketUrl.value, kind: 'config', from: cfgAt(cfg.websocketUrl.line) };
  } else {
    wsUrl = { value: ledgerWsUrlFor(rpcUrl.value), kind: 'derived', from: `derived from the RPC URL (${rpcUrl.from})` };
  }

  // Program id.
  let programId: Sourced<PublicKey>;
  if (opts.programId !== undefined) {
    programId = { value: parseProgramIdFlag(opts.programId), kind: 'flag', from: '--program-id' };
  } else if (flagEnv) {
    programId = { value: flagEnv.programId, kind: 'environment', from: envName };
  } else if (cfg?.programId) {
    programId = { value: cfg.programId.value, kind: 'config', from: cfgAt(cfg.programId.line) };
  } else {
    programId = { value: PROGRAM_IDS['mainnet-beta'], kind: 'default', from: "default (mainnet-beta's)" };
  }

  // The environment in effect.
  let environment: Sourced<DzEnvironment | undefined>;
  if (flagEnv) {
    environment = { value: flagEnv, kind: 'flag', from: envFlagOf(opts) };
  } else {
    const byProgram = environmentOfProgramId(programId.value);
    environment = byProgram
      ? { value: byProgram, kind: programId.kind, from: `the program id's (${programId.from})` }
      : { value: undefined, kind: 'default', from: 'none: the program id is no environment\'s' };
  }

  if (rpcUrl.value === undefined) {
    if (opts.ws !== undefined) throw new UsageError('--ws needs a ledger: pass -e <environment> or --url <url> too');
    if (opts.programId !== undefined) throw new UsageError('--program-id needs a ledger: pass -e <environment> or --url <url> too');
  }
  return { config, environment, rpcUrl, wsUrl, programId, keypairPlaces: keypairPlaces(opts.keypair, env, config.exists ? config : undefined) };
}
