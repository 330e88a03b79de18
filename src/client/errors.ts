import { DzprovError } from '../errors.js';

/**
 * Errors of the RPC client. Transport failures are `RpcError` (or one of its subclasses, so
 * `err instanceof RpcError` catches every failure to talk to the node); failures of a
 * transaction the node did process have their own classes.
 */

/** A JSON-RPC call failed: an HTTP error status, a JSON-RPC error object, a dropped connection. */
export class RpcError extends DzprovError {
  override name = 'RpcError';
  readonly code: string = 'RPC_ERROR';
  constructor(
    /** The JSON-RPC method, e.g. "getMultipleAccounts". */
    readonly method: string,
    message: string,
    readonly details: {
      /** HTTP status when the server answered with a non-2xx status. */
      httpStatus?: number;
      /** JSON-RPC error code when the server answered with an error object. */
      rpcCode?: number;
      /** How many attempts were made before giving up. */
      attempts?: number;
      /** Whether the failure is one a retry may cure (429, 5xx, dropped connection, timeout). */
      transient?: boolean;
      cause?: unknown;
    } = {},
  ) {
    super(`${method}: ${message}`, details.cause === undefined ? undefined : { cause: details.cause });
  }
  get httpStatus(): number | undefined {
    return this.details.httpStatus;
  }
  get rpcCode(): number | undefined {
    return this.details.rpcCode;
  }
  get attempts(): number | undefined {
    return this.details.attempts;
  }
}

/** The node did not answer within the configured timeout. */
export class RpcTimeoutError extends RpcError {
  override name = 'RpcTimeoutError';
  override readonly code: string = 'RPC_TIMEOUT';
  constructor(method: string, readonly timeoutMs: number, details: RpcError['details'] = {}) {
    super(method, `no answer within ${timeoutMs} ms`, { ...details, transient: true });
  }
}

/** The node answered HTTP 429 (Too Many Requests) and kept doing so until the retry bound. */
export class RateLimitedError extends RpcError {
  override name = 'RateLimitedError';
  override readonly code: string = 'RATE_LIMITED';
  constructor(method: string, details: RpcError['details'] = {}) {
    super(method, 'rate limited by the RPC node (HTTP 429)', { ...details, httpStatus: 429, transient: true });
  }
}

/** The node answered something that is not a well-formed answer to the call. */
export class MalformedRpcResponseError extends RpcError {
  override name = 'MalformedRpcResponseError';
  override readonly code: string = 'MALFORMED_RPC_RESPONSE';
  constructor(method: string, reason: string, details: RpcError['details'] = {}) {
    super(method, `malformed response: ${reason}`, { ...details, transient: false });
  }
}

/**
 * Simulation or execution of a transaction failed for a reason that is not a program error of
 * the serviceability program (an invalid signature, an unknown blockhash, an insufficient fee
 * balance...). Program errors are reported with the typed errors of `src/programErrors.ts`.
 */
export class TransactionFailedError extends DzprovError {
  override name = 'TransactionFailedError';
  readonly code = 'TRANSACTION_FAILED';
  constructor(
    /** "simulation" or "execution". */
    readonly stage: 'simulation' | 'execution',
    /** The `err` value the node reported, as JSON. */
    readonly err: unknown,
    readonly logs: readonly string[],
    readonly signature?: string,
  ) {
    super(`transaction ${stage} failed: ${JSON.stringify(err)}${signature ? ` (signature ${signature})` : ''}`);
  }
}

/**
 * A sent transaction could not be confirmed: its blockhash expired after every allowed re-sign
 * ("expired": known not to have landed), the confirmation polls ran out while the blockhash was
 * still valid ("timeout"), or the status could not be read from the node ("unknown", `cause` is
 * the RpcError). After "timeout" and "unknown" the transaction may still land: check
 * `signature` before retrying.
 */
export class TransactionConfirmationError extends DzprovError {
  override name = 'TransactionConfirmationError';
  readonly code = 'TRANSACTION_NOT_CONFIRMED';
  constructor(
    /** Every signature sent, in order; the last one is the one that may still land. */
    readonly signatures: readonly string[],
    /**
     * "expired": known not to have landed; "timeout": the polls ran out, may still land;
     * "unknown": the status could not be read (see `cause`), may still land.
     */
    readonly outcome: 'expired' | 'timeout' | 'unknown',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  get signature(): string {
    return this.signatures[this.signatures.length - 1] ?? '';
  }
}

/**
 * The transaction landed (it is confirmed), but re-reading the account afterwards failed. The
 * intent is done; `signature`/`slot` say where, `cause` why the new state is not known.
 */
export class StateRefreshError extends DzprovError {
  override name = 'StateRefreshError';
  readonly code = 'STATE_REFRESH_FAILED';
  constructor(
    readonly signature: string,
    readonly signatures: readonly string[],
    readonly slot: number,
    options?: { cause?: unknown },
  ) {
    const cause = options?.cause instanceof Error ? options.cause.message : String(options?.cause);
    super(`transaction ${signature} is confirmed (slot ${slot}), but the account could not be read back: ${cause}`, options);
  }
}

/** The node refused a transaction outright when it was sent. */
export class SendTransactionError extends DzprovError {
  override name = 'SendTransactionError';
  readonly code = 'SEND_TRANSACTION_FAILED';
  constructor(
    readonly signature: string,
    message: string,
    readonly logs: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(`sending transaction ${signature} failed: ${message}`, options);
  }
}

/** A code that names more than one account of the type (codes are not unique on chain). */
export class AmbiguousCodeError extends DzprovError {
  override name = 'AmbiguousCodeError';
  readonly code = 'AMBIGUOUS_CODE';
  constructor(
    readonly accountType: string,
    readonly accountCode: string,
    readonly addresses: readonly string[],
  ) {
    super(`${addresses.length} ${accountType} accounts have the code "${accountCode}" (${addresses.join(', ')}): name one by its address`);
  }
}
