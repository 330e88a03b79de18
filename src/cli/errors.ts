import { DzprovError } from './sdk.js';

/**
 * The CLI's own error cases. Every one of them is a user mistake or an environment problem the
 * user can fix, so the CLI prints its message on one line and never a stack trace.
 */

/** A malformed command line: unknown command or option, missing or extra argument (exit code 2). */
export class UsageError extends DzprovError {
  override name = 'UsageError';
  readonly code: string = 'USAGE_ERROR';
  constructor(
    message: string,
    /** The command whose usage was wrong, for the "see --help" hint; undefined for the top level. */
    readonly command?: string,
  ) {
    super(message);
  }
}

/**
 * An input file (or stdin) that cannot be read: missing, unreadable, not a regular file (a
 * directory, a device such as /dev/zero, a FIFO), or larger than the bound. A usage error (exit 2).
 */
export class InputFileError extends UsageError {
  override name = 'InputFileError';
  override readonly code: string = 'INPUT_FILE_ERROR';
  constructor(
    /** The path as given ("-" for stdin). */
    readonly path: string,
    readonly reason: string,
    command?: string,
  ) {
    super(`${command ? `${command}: ` : ''}cannot read ${path === '-' ? 'stdin' : JSON.stringify(path)}: ${reason}`, command);
  }
}

/** A keypair file that cannot be read or is not a Solana CLI keypair (a JSON array of 64 numbers). */
export class KeypairFileError extends DzprovError {
  override name = 'KeypairFileError';
  readonly code = 'KEYPAIR_FILE_ERROR';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot read keypair ${JSON.stringify(path)}: ${reason}`);
  }
}

/** No device or link with the given code or address on the ledger being read. */
export class UnknownAccountError extends DzprovError {
  override name = 'UnknownAccountError';
  readonly code = 'UNKNOWN_ACCOUNT';
  constructor(
    /** "device", "link" or "device or link". */
    readonly kind: string,
    readonly query: string,
    hint?: string,
  ) {
    super(`unknown ${kind} ${JSON.stringify(query)}${hint ? ` (${hint})` : ''}`);
  }
}

/** `--send` asked of the embedded sample ledger, which is not a cluster. */
export class SampleLedgerSendError extends DzprovError {
  override name = 'SampleLedgerSendError';
  readonly code = 'SAMPLE_LEDGER_SEND';
  constructor() {
    super(
      'refusing --send: the embedded sample ledger is an offline demo, not a cluster; pass --rpc <url> or --network <name> to send to a real cluster',
    );
  }
}

/** The RPC node could not be read (unreachable, refusing, timing out, answering garbage). */
export class RpcUnavailableError extends DzprovError {
  override name = 'RpcUnavailableError';
  readonly code = 'RPC_UNAVAILABLE';
  constructor(
    readonly url: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot read from the RPC node ${url}: ${reason}`, options);
  }
}

/**
 * Send state "unknown" (exit code 4): a transaction may have been broadcast and nothing proves it
 * did not land. The message names every signature, until when it can land, and what is safe.
 */
export class UnconfirmedSendError extends DzprovError {
  override name = 'UnconfirmedSendError';
  readonly code = 'UNCONFIRMED_SEND';
  readonly state = 'unknown';
  constructor(
    /** Every signature signed; the last one is the newest. */
    readonly signatures: readonly string[],
    /** Why the outcome is unknown. */
    reason: string,
    options?: { cause?: unknown },
    /** The block height until which the newest signature can land. */
    readonly lastValidBlockHeight?: number,
  ) {
    const sigs = signatures.length === 1 ? `transaction ${signatures[0]}` : `transactions ${signatures.join(', ')}`;
    const until = lastValidBlockHeight !== undefined ? ` until block height ${lastValidBlockHeight}` : '';
    super(
      `outcome unknown: ${sigs} may have been broadcast and can still land${until} (${reason}). ` +
        `Do not send this change another way now: check the signature (solana confirm -v <signature>), or re-run this command` +
        `${until ? ` after block height ${lastValidBlockHeight}` : ''} — dzprov re-reads the account first and sends nothing if the change is already there`,
      options,
    );
  }
}

/**
 * Send state "expired" (exit code 1): PROVEN not landed — every signature's blockhash expired and
 * the node has no status for any of them. Nothing changed; running the command again is safe.
 */
export class NotLandedError extends DzprovError {
  override name = 'NotLandedError';
  readonly code = 'NOT_LANDED';
  readonly state = 'expired';
  constructor(
    readonly signatures: readonly string[],
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${reason}; nothing was changed, and running the command again is safe`, options);
  }
}

/**
 * Send state "landed" with an error (exit code 1): the transaction landed and failed on chain —
 * its fee was paid, nothing was written. `failure` is the program's error.
 */
export class FailedOnChainError extends DzprovError {
  override name = 'FailedOnChainError';
  readonly code = 'FAILED_ON_CHAIN';
  readonly state = 'landed';
  constructor(
    readonly signature: string,
    readonly signatures: readonly string[],
    readonly slot: number,
    /** The program's error ({ error: class name, code }). */
    readonly failure: { error: string; code: string },
    message: string,
    options?: { cause?: unknown },
  ) {
    super(
      `transaction ${signature} landed in slot ${slot} and failed on chain: ${message}; nothing was changed (the fee was paid), and running the command again is safe once the cause is fixed`,
      options,
    );
  }
}

/**
 * The node's simulation of an action failed (a program error, a refused transaction): nothing
 * was sent. The result, logs included, is printed before this error is reported.
 */
export class SimulationFailedError extends DzprovError {
  override name = 'SimulationFailedError';
  readonly code = 'SIMULATION_FAILED';
  constructor(
    reason: string,
    /** The name and code of the error the simulation failed with. */
    readonly failure: { error: string; code: string },
  ) {
    super(`simulation failed: ${reason}`);
  }
}

/**
 * The `doublezero` config file (DOUBLEZERO_CONFIG_FILE or ~/.config/doublezero/cli/config.yml)
 * exists but cannot be read or is malformed: the message names the file and, when it can, the
 * line. A configuration error (exit code 2); nothing was sent.
 */
export class ConfigFileError extends DzprovError {
  override name = 'ConfigFileError';
  readonly code = 'CONFIG_FILE_ERROR';
  constructor(
    readonly path: string,
    readonly reason: string,
    /** 1-based line, when the problem is on one. */
    readonly line?: number,
  ) {
    super(`config file ${JSON.stringify(path)}${line !== undefined ? ` line ${line}` : ''}: ${reason}`);
  }
}

/** `--send` (which must sign) found no keypair anywhere it looks. A configuration error (exit code 2). */
export class NoKeypairError extends DzprovError {
  override name = 'NoKeypairError';
  readonly code = 'NO_KEYPAIR';
  constructor(
    /** Where it looked, in order, and why each place gave nothing. */
    readonly tried: readonly string[],
    what: string,
  ) {
    super(`${what}: no keypair found (looked at ${tried.join('; ')}); pass --keypair <file> or set DOUBLEZERO_KEYPAIR`);
  }
}

/**
 * A `doublezero` command dzprov knows but does not do yet (device create, link create wan, ...):
 * a usage error (exit code 2) that says so, and which dzprov command does the job when one does.
 */
export class UnsupportedCommandError extends UsageError {
  override name = 'UnsupportedCommandError';
  override readonly code: string = 'UNSUPPORTED_COMMAND';
}
