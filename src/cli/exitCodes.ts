import { DzprovError } from './sdk.js';
import { RpcError } from './sdk.js';
import { ProgramNotDeployedError } from './sdk.js';
import { ConfigFileError, KeypairFileError, NoKeypairError, RpcUnavailableError, UnconfirmedSendError, UsageError } from './errors.js';

/**
 * The process exit codes of `dzprov`, in one place: `--help` and the README list this table,
 * and `run()` maps every error through `exitCodeOf`.
 */
export const EXIT = {
  /** Done (a dry run included; `watch` stopped by Ctrl-C, --count or --timeout). */
  OK: 0,
  /** Failed or refused: illegal transition, simulation or transaction failed, unknown account. */
  FAILURE: 1,
  /**
   * Usage or configuration error: unknown command or option, missing or malformed argument, a
   * command dzprov does not support yet, a bad config or keypair file, no keypair to sign with,
   * or a node where the configured program is not deployed (wrong environment or URL).
   */
  USAGE: 2,
  /** The RPC node could not be reached or kept failing (nothing was sent). */
  RPC: 3,
  /** A transaction was sent but its outcome is unknown: check the signature before retrying. */
  UNKNOWN_OUTCOME: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** `[code, meaning]` rows, for `--help` and the README. */
export const EXIT_CODE_ROWS: readonly (readonly [ExitCode, string])[] = [
  [EXIT.OK, 'success (dry runs included; watch stopped by Ctrl-C, --count or --timeout)'],
  [EXIT.FAILURE, 'failed or refused (illegal change, simulation/transaction failed, unknown account...)'],
  [EXIT.USAGE, 'usage or configuration error (unknown or unsupported command, bad option or argument, bad config or keypair file, no keypair, the program not deployed on the node)'],
  [EXIT.RPC, 'RPC node unreachable or failing (nothing was sent)'],
  [EXIT.UNKNOWN_OUTCOME, 'sent, but the outcome is unknown: check the signature before retrying'],
];

/** The exit code an error ends the process with. */
export function exitCodeOf(e: unknown): ExitCode {
  if (e instanceof UsageError) return EXIT.USAGE;
  if (e instanceof ConfigFileError || e instanceof KeypairFileError || e instanceof NoKeypairError || e instanceof ProgramNotDeployedError) return EXIT.USAGE;
  if (e instanceof UnconfirmedSendError) return EXIT.UNKNOWN_OUTCOME;
  if (e instanceof RpcUnavailableError || e instanceof RpcError) return EXIT.RPC;
  if (e instanceof DzprovError) return EXIT.FAILURE;
  return EXIT.FAILURE;
}
