import { DzprovError } from '../errors.js';

/**
 * The CLI's own error cases. Every one of them is a user mistake or an environment problem the
 * user can fix, so the CLI prints its message on one line and never a stack trace.
 */

/** A malformed command line: unknown command or option, missing or extra argument (exit code 2). */
export class UsageError extends DzprovError {
  override name = 'UsageError';
  readonly code = 'USAGE_ERROR';
  constructor(
    message: string,
    /** The command whose usage was wrong, for the "see --help" hint; undefined for the top level. */
    readonly command?: string,
  ) {
    super(message);
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
 * A transaction was sent but its confirmation could not be established (the status polls ran
 * out, or the status could not be read): it may still land, so the user gets its signature.
 */
export class UnconfirmedSendError extends DzprovError {
  override name = 'UnconfirmedSendError';
  readonly code = 'UNCONFIRMED_SEND';
  constructor(
    /** Every signature sent; the last one is the one that may still land. */
    readonly signatures: readonly string[],
    /** Why it could not be confirmed. */
    reason: string,
    options?: { cause?: unknown },
  ) {
    const last = signatures[signatures.length - 1] ?? '(no signature)';
    const earlier = signatures.slice(0, -1);
    const expired = earlier.length > 0 ? ` (earlier signature${earlier.length > 1 ? 's' : ''} ${earlier.join(', ')} expired without landing)` : '';
    super(`sent ${last} but could not confirm it: ${reason}${expired}; check its status before retrying`, options);
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
