import { DzprovError } from '../errors.js';

/**
 * Errors of the RPC client. Transport failures are `RpcError` (or one of its subclasses, so
 * `err instanceof RpcError` catches every failure to talk to the node); failures of a
 * transaction the node did process have their own classes.
 */

/** A JSON-RPC call failed: an HTTP error status, a JSON-RPC error object, a dropped connection. */
export class RpcError extends DzprovError {
  /** Always `'RpcError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'RpcError';
  readonly code: string = 'RPC_ERROR';
  constructor(
    /** The JSON-RPC method, e.g. "getMultipleAccounts". */
    readonly method: string,
    message: string,
    /** What is known of the failure. */
    readonly details: {
      /** HTTP status when the server answered with a non-2xx status. */
      httpStatus?: number;
      /** JSON-RPC error code when the server answered with an error object. */
      rpcCode?: number;
      /** How many attempts were made before giving up. */
      attempts?: number;
      /** Whether the failure is one a retry may cure (429, 5xx, dropped connection, timeout). */
      transient?: boolean;
      /** The underlying error (a network error, a parse error, ...), kept as the error's `cause`. */
      cause?: unknown;
    } = {},
  ) {
    super(`${method}: ${message}`, details.cause === undefined ? undefined : { cause: details.cause });
  }
  /** HTTP status when the server answered with a non-2xx status (from `details`). */
  /** HTTP status when the server answered with a non-2xx status (from `details`). */
  get httpStatus(): number | undefined {
    return this.details.httpStatus;
  }
  /** JSON-RPC error code when the server answered with an error object (from `details`). */
  /** JSON-RPC error code when the server answered with an error object (from `details`). */
  get rpcCode(): number | undefined {
    return this.details.rpcCode;
  }
  /** How many attempts were made before giving up (from `details`). */
  /** How many attempts were made before giving up (from `details`). */
  get attempts(): number | undefined {
    return this.details.attempts;
  }
}

/** The node did not answer within the configured timeout. */
export class RpcTimeoutError extends RpcError {
  /** Always `'RpcTimeoutError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'RpcTimeoutError';
  override readonly code: string = 'RPC_TIMEOUT';
  constructor(
    method: string,
    /** The timeout that passed without an answer, in milliseconds. */
    readonly timeoutMs: number,
    details: RpcError['details'] = {},
  ) {
    super(method, `no answer within ${timeoutMs} ms`, { ...details, transient: true });
  }
}

/**
 * The node answered HTTP 429 (Too Many Requests) and kept doing so until the retry bound, or
 * asked (Retry-After) for a longer wait than the client allows.
 */
export class RateLimitedError extends RpcError {
  /** Always `'RateLimitedError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'RateLimitedError';
  override readonly code: string = 'RATE_LIMITED';
  /** The wait the node asked for with Retry-After, in ms (undefined when it sent none). */
  readonly retryAfterMs: number | undefined;
  constructor(method: string, details: RpcError['details'] & { retryAfterMs?: number } = {}) {
    const { retryAfterMs, ...rest } = details;
    super(
      method,
      `rate limited by the RPC node (HTTP 429${retryAfterMs !== undefined ? `, retry after ${retryAfterMs} ms` : ''})`,
      { ...rest, httpStatus: 429, transient: true },
    );
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * The caller's deadline (the `signal` of the retry options, e.g. the CLI's --timeout) fired
 * before the call could finish. Nothing new is started after it.
 */
export class DeadlineExceededError extends RpcError {
  /** Always `'DeadlineExceededError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'DeadlineExceededError';
  override readonly code: string = 'DEADLINE_EXCEEDED';
  constructor(method: string, details: RpcError['details'] = {}) {
    super(method, 'the deadline for this operation was reached', { ...details, transient: false });
  }
}

/** The node answered something that is not a well-formed answer to the call. */
export class MalformedRpcResponseError extends RpcError {
  /** Always `'MalformedRpcResponseError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'MalformedRpcResponseError';
  override readonly code: string = 'MALFORMED_RPC_RESPONSE';
  constructor(method: string, reason: string, details: RpcError['details'] = {}) {
    super(method, `malformed response: ${reason}`, { ...details, transient: false });
  }
}

/**
 * Simulation or execution of a transaction failed for a reason that is not a program error of
 * the serviceability program (an invalid signature, an unknown blockhash, an insufficient fee
 * balance...). Program errors are reported with the typed errors of `src/core/programErrors.ts`.
 */
export class TransactionFailedError extends DzprovError {
  /** Always `'TransactionFailedError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'TransactionFailedError';
  readonly code = 'TRANSACTION_FAILED';
  constructor(
    /** "simulation" or "execution". */
    readonly stage: 'simulation' | 'execution',
    /** The `err` value the node reported, as JSON. */
    readonly err: unknown,
    /** The transaction's log lines (from the simulation, or read back after it landed). */
    readonly logs: readonly string[],
    /** The transaction's signature (base58), when it was sent. */
    readonly signature?: string,
  ) {
    super(`transaction ${stage} failed: ${JSON.stringify(err)}${signature ? ` (signature ${signature})` : ''}`);
  }
}

/**
 * A send that did not land, or whose landing could not be established. `outcome` is the state:
 * - "expired": PROVEN not landed — every signature's blockhash expired by block height and the
 *   node had no status for any of them at a slot past the expiry. Nothing can land any more;
 *   sending again is safe.
 * - "unknown": the transaction may have been broadcast and nothing proves it did not land (its
 *   status could not be read, the deadline or the polls ran out, it was seen only "processed", the
 *   node's status view lagged). It can still land until `lastValidBlockHeight`: check the
 *   signatures (or re-run an idempotent intent, which re-reads first) before sending anything else.
 */
export class TransactionConfirmationError extends DzprovError {
  /** Always `'TransactionConfirmationError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'TransactionConfirmationError';
  readonly code = 'TRANSACTION_NOT_CONFIRMED';
  constructor(
    /** Every signature signed, in order; the last one is the newest. */
    readonly signatures: readonly string[],
    /** "expired": proven never to land (nothing landed, nothing can); "unknown": it may still land, nothing proves otherwise. */
    readonly outcome: 'expired' | 'unknown',
    message: string,
    options?: { cause?: unknown },
    /** ("unknown") The block height until which the newest signature can still land. */
    readonly lastValidBlockHeight?: number,
    /** ("unknown") What the status polls established, in one line (also in the message). */
    readonly reason?: string,
  ) {
    super(message, options);
  }
  /** The newest signature (base58). */
  get signature(): string {
    return this.signatures[this.signatures.length - 1] ?? '';
  }
}

/**
 * The transaction landed (it is confirmed), but re-reading the account afterwards failed. The
 * intent is done; `signature`/`slot` say where, `cause` why the new state is not known.
 */
export class StateRefreshError extends DzprovError {
  /** Always `'StateRefreshError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'StateRefreshError';
  readonly code = 'STATE_REFRESH_FAILED';
  constructor(
    /** The signature (base58) of the transaction that landed. */
    readonly signature: string,
    /** Every signature signed for the send, in order. */
    readonly signatures: readonly string[],
    /** The slot it landed in. */
    readonly slot: number,
    options?: { cause?: unknown },
  ) {
    const c = options?.cause;
    const cause = c instanceof Error ? c.message : String(c);
    // A node behind the landed slot (-32016, or an answer for an older slot): not known yet.
    const behind = c instanceof StaleAnswerError || (c instanceof RpcError && c.rpcCode === -32016);
    super(
      behind
        ? `transaction ${signature} is confirmed (slot ${slot}), but the node has not caught up with slot ${slot}: the account's new state is not known yet (${cause})`
        : `transaction ${signature} is confirmed (slot ${slot}), but the account could not be read back: ${cause}`,
      options,
    );
  }
}

/**
 * The node's answer to sendTransaction was not our signature (an error object, garbage, another
 * signature, no answer). Preflight is skipped, so this never proves a refusal: it is the `cause`
 * of the TransactionConfirmationError that reports what the status polls established.
 */
export class SendTransactionError extends DzprovError {
  /** Always `'SendTransactionError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'SendTransactionError';
  readonly code = 'SEND_TRANSACTION_FAILED';
  constructor(
    /** The signature (base58) of the transaction the node refused. */
    readonly signature: string,
    message: string,
    /** The log lines the node returned with the refusal, if any. */
    readonly logs: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(`sending transaction ${signature} failed: ${message}`, options);
  }
}

/** A code that names more than one account of the type (codes are not unique on chain). */
export class AmbiguousCodeError extends DzprovError {
  /** Always `'AmbiguousCodeError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'AmbiguousCodeError';
  readonly code = 'AMBIGUOUS_CODE';
  constructor(
    /** The account type searched, e.g. "Device". */
    readonly accountType: string,
    /** The code that names several accounts. */
    readonly accountCode: string,
    /** The addresses (base58) of every account with that code. */
    readonly addresses: readonly string[],
  ) {
    super(`${addresses.length} ${accountType} accounts have the code "${accountCode}" (${addresses.join(', ')}): name one by its address`);
  }
}

/**
 * A program subscription the node kept refusing (or a WebSocket that kept failing) until the
 * retry budget ran out: the subscription is given up. Nothing is delivered for it any more.
 */
export class SubscriptionFailedError extends RpcError {
  /** Always `'SubscriptionFailedError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'SubscriptionFailedError';
  override readonly code: string = 'SUBSCRIPTION_FAILED';
  constructor(
    /** The subscription method, e.g. "programSubscribe". */
    method: string,
    /** Attempts made (connections and subscribe requests) before giving up. */
    readonly failedAttempts: number,
    /** The last reason given (the node's error, a dropped connection...). */
    readonly reason: string,
    details: RpcError['details'] = {},
  ) {
    super(method, `gave up after ${failedAttempts} failed attempt${failedAttempts === 1 ? '' : 's'}: ${reason}`, { ...details, transient: false, attempts: failedAttempts });
  }
}

/**
 * A notification that is not a well-formed notification for the subscription (wrong shape, a
 * slot that is not a slot or is absurdly far ahead, data that is not base64, an account the
 * program does not own). It is skipped and counted; it never reaches the subscriber.
 */
export class MalformedNotificationError extends MalformedRpcResponseError {
  /** Always `'MalformedNotificationError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'MalformedNotificationError';
  override readonly code: string = 'MALFORMED_NOTIFICATION';
  constructor(
    method: string,
    /** Why the notification was skipped. */
    readonly reason: string,
  ) {
    super(method, reason);
  }
}

/**
 * The WebSocket went silent: nothing arrived (no notification, no heartbeat answer) for longer
 * than allowed. The socket is closed and the subscriptions are made again; updates in between
 * may have been missed, so re-read (the watcher does).
 */
export class SubscriptionStalledError extends RpcError {
  /** Always `'SubscriptionStalledError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'SubscriptionStalledError';
  override readonly code: string = 'SUBSCRIPTION_STALLED';
  constructor(
    /** How long nothing arrived, in ms. */
    readonly silentMs: number,
  ) {
    super('websocket', `nothing arrived for ${silentMs} ms (not even a heartbeat answer): the socket is closed and opened again`, { transient: true });
  }
}

/** The node answered with a context slot older than the minContextSlot asked for (it must not). */
export class StaleAnswerError extends RpcError {
  /** Always `'StaleAnswerError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'StaleAnswerError';
  override readonly code: string = 'STALE_ANSWER';
  constructor(
    method: string,
    /** The slot the answer was read at. */
    readonly contextSlot: number,
    /** The slot the answer had to be at least as new as. */
    readonly minContextSlot: number,
  ) {
    super(method, `the answer is for slot ${contextSlot}, older than the minimum context slot ${minContextSlot} asked for`, { transient: true });
  }
}

/**
 * An account the node returned is not the one asked for: its bytes say it lives at another
 * address (a Device's PDA from its index and bump), or it is of another account type, or a
 * listing returned the same address twice with different bytes. Nothing is done with it.
 */
export class AccountMismatchError extends MalformedRpcResponseError {
  /** Always `'AccountMismatchError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'AccountMismatchError';
  override readonly code: string = 'ACCOUNT_MISMATCH';
  constructor(
    method: string,
    /** The address (base58) the account was asked for. */
    readonly address: string,
    reason: string,
  ) {
    super(method, `account ${address}: ${reason}`);
  }
}

/** An answer body larger than the client accepts (`maxResponseBytes`). The rest is not read. */
export class ResponseTooLargeError extends RpcError {
  /** Always `'ResponseTooLargeError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'ResponseTooLargeError';
  override readonly code: string = 'RESPONSE_TOO_LARGE';
  constructor(
    method: string,
    /** The most bytes the client accepts in one answer. */
    readonly maxBytes: number,
  ) {
    super(method, `the answer is larger than ${maxBytes} bytes (maxResponseBytes); it was not read`, { transient: false });
  }
}

/**
 * Another intent on the same device or link is being sent by this client, or landed after
 * this intent was prepared: it is refused, nothing sent. Prepare it again (the fresh read
 * then says whether it is still needed).
 */
export class ConcurrentIntentError extends DzprovError {
  /** Always `'ConcurrentIntentError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'ConcurrentIntentError';
  readonly code = 'CONCURRENT_INTENT';
  constructor(
    /** The device or link (its address, base58) the intent is for. */
    readonly target: string,
    reason: string,
  ) {
    super(`${reason} (${target}); prepare the intent again`);
  }
}

/**
 * The node gave a blockhash whose last valid block height is already behind the chain's: a
 * transaction signed with it could never land (and its "expiry" would prove nothing). Refused
 * before signing; asked again within the read retries.
 */
export class ExpiredBlockhashError extends RpcError {
  /** Always `'ExpiredBlockhashError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'ExpiredBlockhashError';
  override readonly code: string = 'EXPIRED_BLOCKHASH';
  constructor(
    /** The last block height the blockhash was valid for (already passed). */
    readonly lastValidBlockHeight: number,
    /** The chain's block height when the blockhash was given. */
    readonly blockHeight: number,
  ) {
    super('getLatestBlockhash', `the node gave a blockhash valid until block height ${lastValidBlockHeight}, already behind the chain's height ${blockHeight}`, { transient: true });
  }
}

/**
 * What an onboarding intent was asked to create already exists with other fields (a device of
 * that code, an interface of that name), or a value that must be unique (a device's code or public
 * IP) is another account's: refused before anything is built or sent. `field` names the request
 * field, `existing` the account in the way.
 */
export class AccountConflictError extends DzprovError {
  /** Always `'AccountConflictError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'AccountConflictError';
  readonly code = 'ACCOUNT_CONFLICT';
  constructor(
    /** The request field that conflicts: "code" or "publicIp". */
    readonly field: string,
    /** The address (base58) of the device that already has it. */
    readonly existing: string,
    reason: string,
    /** For a create whose account exists with other fields: each as "field: on chain <value>, requested <value>". */
    readonly differences: readonly string[] = [],
  ) {
    super(`${field}: ${reason}`);
  }
}
