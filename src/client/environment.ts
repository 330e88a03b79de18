import { ValidationError } from '../errors.js';
import { ledgerWsUrlFor, resolveEnvironment } from '../environments.js';
import { describeValue, expectObject, expectString } from '../validate.js';
import type { DzClientOptions } from './client.js';

/**
 * Options of `DzClient.forEnv`: those of `new DzClient` but `network`. `rpcUrl`, `wsUrl` and
 * `programId`, when given, win over the environment's (a `rpcUrl` without `wsUrl` takes the
 * WebSocket URL derived from it). `env` (e.g. `process.env` on Node) is where DZ_LEDGER_RPC_URL
 * and DZ_LEDGER_WS_RPC_URL are taken from; the library never reads the process environment.
 */
export type ForEnvOptions = Omit<DzClientOptions, 'network'>;

/** The DzClient options for DoubleZero environment `name` (see DzClient.forEnv). */
export function clientOptionsForEnv(name: string, opts: ForEnvOptions = {}): DzClientOptions {
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
  let wsUrl = opts.wsUrl;
  if (wsUrl === undefined) wsUrl = opts.rpcUrl !== undefined ? ledgerWsUrlFor(opts.rpcUrl) : resolved.wsUrl;
  const programId = opts.programId ?? resolved.programId;
  // The options for the environment; the caller's env is no longer needed (its DZ_LEDGER_* are applied).
  return { ...opts, env: {}, network: resolved.environment.network, rpcUrl, wsUrl, programId };
}
