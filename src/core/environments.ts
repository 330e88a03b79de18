import { ValidationError } from './errors.js';
import { isKey, keyText, type KeyInput, type KeyKind } from './keys.js';
import { PROGRAM_ADDRESSES, type Network } from './programIds.js';
import { describeValue, expectObject, expectString } from './validate.js';

/**
 * The DoubleZero environments. The serviceability program runs on the DoubleZero ledger, a chain
 * of its own with its own RPC and WebSocket endpoints per environment; Solana's public clusters
 * (api.mainnet-beta.solana.com, ...) do not hold it. The names, short names, ledger URLs and
 * program ids are the ones of the `doublezero` CLI's configuration crate (upstream
 * `config/src/constants.rs` and `config/src/env.rs`).
 *
 * Runtime-neutral: nothing here reads the process environment. The DZ_LEDGER_RPC_URL /
 * DZ_LEDGER_WS_RPC_URL overrides apply only when the caller passes an `env` object.
 */

/** An environment's name as `doublezero --env` spells it. */
export type EnvironmentName = 'mainnet-beta' | 'testnet' | 'devnet' | 'local';

/** One DoubleZero environment: where its ledger is and which program id the program has there (as the door gives addresses). */
export interface DzEnvironment<K = string> {
  /** "mainnet-beta", "testnet", "devnet" or "local". */
  readonly name: EnvironmentName;
  /** "m", "t", "d" or "l". */
  readonly shortName: string;
  /** The DoubleZero ledger's public JSON-RPC endpoint. */
  readonly ledgerRpcUrl: string;
  /** The DoubleZero ledger's public WebSocket endpoint. */
  readonly ledgerWsUrl: string;
  /** The serviceability program id in this environment. */
  readonly programId: K;
  /** The key of `PROGRAM_IDS` with the same program id ("local" is dzprov's "localnet"). */
  readonly network: Network;
}

function row(name: EnvironmentName, shortName: string, ledgerRpcUrl: string, ledgerWsUrl: string, network: Network): DzEnvironment {
  return Object.freeze({ name, shortName, ledgerRpcUrl, ledgerWsUrl, programId: PROGRAM_ADDRESSES[network], network });
}

// Testnet and devnet share one ledger endpoint (upstream's constants); their program ids differ.
const SHARED_TEST_LEDGER = 'doublezerolocalnet.rpcpool.com/8a4fd3f4-0977-449f-88c7-63d4b0f10f16';

/** Every DoubleZero environment, in upstream's order, program ids as base58 text. Frozen: the array and each row. */
export const ENVIRONMENT_TABLE: readonly DzEnvironment[] = Object.freeze([
  row(
    'mainnet-beta',
    'm',
    'https://doublezero-mainnet-beta.rpcpool.com/db336024-e7a8-46b1-80e5-352dd77060ab',
    'wss://doublezero-mainnet-beta.rpcpool.com/db336024-e7a8-46b1-80e5-352dd77060ab',
    'mainnet-beta',
  ),
  row('testnet', 't', `https://${SHARED_TEST_LEDGER}`, `wss://${SHARED_TEST_LEDGER}/whirligig`, 'testnet'),
  row('devnet', 'd', `https://${SHARED_TEST_LEDGER}`, `wss://${SHARED_TEST_LEDGER}/whirligig`, 'devnet'),
  row('local', 'l', 'http://localhost:8899', 'ws://localhost:8899', 'localnet'),
]);

/** The names `environmentFor` accepts, for messages: "mainnet-beta (m), testnet (t), devnet (d), local (l)". */
export const ENVIRONMENT_CHOICES = ENVIRONMENT_TABLE.map((e) => `${e.name} (${e.shortName})`).join(', ');

/** The environment named `name` or its short name (`doublezero --env` spellings); undefined otherwise. */
export function findEnvironment(name: string): DzEnvironment | undefined {
  expectString(name, 'name');
  return ENVIRONMENT_TABLE.find((e) => e.name === name || e.shortName === name);
}

/** The environment named `name` (or its short name); throws ValidationError naming the choices. */
export function environmentFor(name: string): DzEnvironment {
  const e = findEnvironment(name);
  if (!e) throw new ValidationError('env', `"${name}" is not a DoubleZero environment (one of ${ENVIRONMENT_CHOICES})`);
  return e;
}

/** The environment whose serviceability program id is `programId`, if any. */
export function environmentOfProgramId(programId: KeyInput): DzEnvironment | undefined {
  if (!isKey(programId)) {
    throw new ValidationError('programId', `must be a PublicKey or a base58 string, got ${describeValue(programId)}`);
  }
  const text = keyText(programId);
  return ENVIRONMENT_TABLE.find((e) => e.programId === text);
}

/**
 * The WebSocket URL that goes with a DoubleZero ledger RPC URL: an environment's own WebSocket
 * URL when `rpcUrl` is that environment's RPC URL, else the same URL with https → wss and
 * http → ws (host, port and path kept), as the `doublezero` CLI derives it.
 */
export function ledgerWsUrlFor(rpcUrl: string): string {
  expectString(rpcUrl, 'rpcUrl');
  const known = ENVIRONMENT_TABLE.find((e) => e.ledgerRpcUrl === rpcUrl);
  if (known) return known.ledgerWsUrl;
  if (rpcUrl.startsWith('https://')) return `wss://${rpcUrl.slice('https://'.length)}`;
  if (rpcUrl.startsWith('http://')) return `ws://${rpcUrl.slice('http://'.length)}`;
  throw new ValidationError('rpcUrl', `"${shownUrl(rpcUrl)}" is not an http(s) URL`);
}

/** Where an endpoint of `resolveEnvironment` came from. */
export type EndpointSource = 'environment' | 'DZ_LEDGER_RPC_URL' | 'DZ_LEDGER_WS_RPC_URL' | 'derived from DZ_LEDGER_RPC_URL';

/** An environment with its endpoints after the DZ_LEDGER_* overrides. */
export interface ResolvedEnvironment<K = string> {
  /** The environment as the table has it. */
  environment: DzEnvironment<K>;
  /** The JSON-RPC URL, after the overrides. */
  rpcUrl: string;
  /** The WebSocket URL, after the overrides. */
  wsUrl: string;
  /** The serviceability program id. */
  programId: K;
  /** Where `rpcUrl` came from. */
  rpcUrlSource: EndpointSource;
  /** Where `wsUrl` came from. */
  wsUrlSource: EndpointSource;
}

/** Scheme, host and port of a URL (providers put API keys in the path and query), for messages. */
function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(an unparsable URL)';
  }
}

function checkUrl(value: string, variable: string, protocols: readonly string[]): string {
  let u: URL | undefined;
  try {
    u = new URL(value);
  } catch {
    u = undefined;
  }
  if (!u || !protocols.includes(u.protocol)) {
    throw new ValidationError(variable, `"${shownUrl(value)}" is not a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return value;
}

/** A variable of `env`: its trimmed text, undefined when unset or empty; a non-string is a ValidationError. */
function variable(env: Record<string, string | undefined> | undefined, name: string): string | undefined {
  const v: unknown = env?.[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ValidationError(name, `must be a string, got ${describeValue(v)}`);
  return v.trim() || undefined;
}

/**
 * Environment `name` (or its short name) with the overrides of `env`, when given:
 * DZ_LEDGER_RPC_URL replaces the ledger RPC URL and DZ_LEDGER_WS_RPC_URL the WebSocket URL
 * (empty values count as unset). When only the RPC URL is overridden, the WebSocket URL is
 * derived from it (`ledgerWsUrlFor`) rather than left pointing at the environment's own node.
 * Throws ValidationError for an unknown name or an override that is not a URL of the right kind.
 */
export function resolveEnvironment(name: string, env?: Record<string, string | undefined>): ResolvedEnvironment {
  expectString(name, 'name');
  if (env !== undefined) expectObject(env, 'env');
  const environment = environmentFor(name);
  const rpcOverride = variable(env, 'DZ_LEDGER_RPC_URL');
  const wsOverride = variable(env, 'DZ_LEDGER_WS_RPC_URL');
  const rpcUrl = rpcOverride !== undefined ? checkUrl(rpcOverride, 'DZ_LEDGER_RPC_URL', ['http:', 'https:']) : environment.ledgerRpcUrl;
  let wsUrl: string;
  let wsUrlSource: EndpointSource;
  if (wsOverride !== undefined) {
    wsUrl = checkUrl(wsOverride, 'DZ_LEDGER_WS_RPC_URL', ['ws:', 'wss:']);
    wsUrlSource = 'DZ_LEDGER_WS_RPC_URL';
  } else if (rpcOverride !== undefined) {
    wsUrl = ledgerWsUrlFor(rpcUrl);
    wsUrlSource = 'derived from DZ_LEDGER_RPC_URL';
  } else {
    wsUrl = environment.ledgerWsUrl;
    wsUrlSource = 'environment';
  }
  return {
    environment,
    rpcUrl,
    wsUrl,
    programId: environment.programId,
    rpcUrlSource: rpcOverride !== undefined ? 'DZ_LEDGER_RPC_URL' : 'environment',
    wsUrlSource,
  };
}

/**
 * The environment table and lookups with program ids as a door gives addresses (`keys`): the
 * web3.js door's rows hold PublicKeys, the kit door's Addresses.
 */
export function environmentsWith<K>(keys: KeyKind<K>) {
  const table: readonly DzEnvironment<K>[] = Object.freeze(ENVIRONMENT_TABLE.map((e) => Object.freeze({ ...e, programId: keys.from(e.programId) })));
  const mine = (e: DzEnvironment | undefined): DzEnvironment<K> | undefined => (e ? table[ENVIRONMENT_TABLE.indexOf(e)] : undefined);
  return {
    /** Every DoubleZero environment, in upstream's order. Frozen: the array and each row. */
    ENVIRONMENTS: table,
    /** The environment named `name` or its short name (`doublezero --env` spellings); undefined otherwise. */
    findEnvironment: (name: string): DzEnvironment<K> | undefined => mine(findEnvironment(name)),
    /** The environment named `name` (or its short name); throws ValidationError naming the choices. */
    environmentFor: (name: string): DzEnvironment<K> => mine(environmentFor(name))!,
    /** The environment whose serviceability program id is `programId`, if any. */
    environmentOfProgramId: (programId: KeyInput): DzEnvironment<K> | undefined => mine(environmentOfProgramId(programId)),
    /** Environment `name` with the DZ_LEDGER_* overrides of `env` (see the core's resolveEnvironment). */
    resolveEnvironment: (name: string, env?: Record<string, string | undefined>): ResolvedEnvironment<K> => {
      const r = resolveEnvironment(name, env);
      const environment = mine(r.environment)!;
      return { ...r, environment, programId: environment.programId };
    },
  };
}
