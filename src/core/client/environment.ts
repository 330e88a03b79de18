import { ValidationError } from '../errors.js';
import { ledgerWsUrlFor, resolveEnvironment } from '../environments.js';
import type { Network } from '../programIds.js';
import { describeValue, expectObject, expectString } from '../validate.js';

/** The options every door's `DzClient.forEnv` reads: the endpoints, and where DZ_LEDGER_* come from. */
export interface ForEnvBaseOptions {
  /** Wins over the environment's ledger RPC URL (and DZ_LEDGER_RPC_URL). */
  rpcUrl?: string;
  /** Wins over the environment's WebSocket URL; default the one of the environment, or derived from `rpcUrl`. */
  wsUrl?: string;
  /** Variables to take DZ_LEDGER_RPC_URL / DZ_LEDGER_WS_RPC_URL from (e.g. `process.env`); the library never reads the process environment. */
  env?: Record<string, string | undefined>;
}

/** What an environment resolves to for a client: its network preset, endpoints and program id (base58). */
export interface EnvironmentEndpoints {
  network: Network;
  rpcUrl: string;
  wsUrl: string;
  programId: string;
}

/**
 * The endpoints and program id of DoubleZero environment `name` for `DzClient.forEnv`: the
 * environment's, with DZ_LEDGER_* of `opts.env` applied, then `opts.rpcUrl` / `opts.wsUrl` over
 * them (a `rpcUrl` without `wsUrl` takes the WebSocket URL derived from it). `network` in the
 * options is refused: the environment is the first argument.
 */
export function environmentEndpoints(name: string, opts: ForEnvBaseOptions): EnvironmentEndpoints {
  expectString(name, 'name');
  expectObject(opts, 'opts');
  if ('network' in opts && (opts as { network?: unknown }).network !== undefined) {
    throw new ValidationError('opts.network', 'forEnv takes the environment as its first argument; leave network out');
  }
  if (opts.env !== undefined) expectObject(opts.env, 'opts.env');
  for (const k of ['rpcUrl', 'wsUrl'] as const) {
    if (opts[k] !== undefined && typeof opts[k] !== 'string') {
      throw new ValidationError(`opts.${k}`, `must be a string, got ${describeValue(opts[k])}`);
    }
  }
  const resolved = resolveEnvironment(name, opts.env);
  const rpcUrl = opts.rpcUrl ?? resolved.rpcUrl;
  const wsUrl = opts.wsUrl ?? (opts.rpcUrl !== undefined ? ledgerWsUrlFor(opts.rpcUrl) : resolved.wsUrl);
  return { network: resolved.environment.network, rpcUrl, wsUrl, programId: resolved.programId };
}
