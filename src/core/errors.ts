/**
 * Every error dzprov throws on purpose is a `DzprovError`. Each subclass has a stable
 * `name` (the class name, written out in each class so that minified bundles keep it) and a
 * stable machine-readable `code`, so callers can branch on
 * `err instanceof DecodeError` or on `err.code === 'DECODE_ERROR'` alike.
 *
 * Domain modules (program errors, instruction decoding, the RPC client) define further
 * subclasses next to the code that throws them; all of them extend `DzprovError`.
 */
export abstract class DzprovError extends Error {
  /** Stable machine-readable identifier of the error case. */
  abstract readonly code: string;
  /**
   * Set only on the error of a transaction that LANDED and failed on chain (its fee was paid,
   * nothing was written): the signature and slot it landed with. Every other error of a send
   * means the transaction was not sent, or its fate is stated by TransactionConfirmationError
   * (expired or unknown) or StateRefreshError (landed; only the read-back failed). `outcomeOf`
   * maps any of them to one outcome.
   */
  landed?: {
    /** The signature (base58) of the transaction that landed. */
    signature: string;
    /** Every signature signed for this send, in order (more than one only after a proven expiry and a re-sign). */
    signatures: readonly string[];
    /** The slot the transaction landed in. */
    slot: number;
  };

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Account bytes (or instruction bytes) that do not decode: wrong account-type byte, a
 * field cut short, an invalid bool byte, a prefix length above 32, invalid UTF-8, ...
 */
export class DecodeError extends DzprovError {
  /** Always `'DecodeError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'DecodeError';
  readonly code = 'DECODE_ERROR';
  constructor(
    /** The account (or instruction) type being decoded, e.g. "Device". */
    readonly accountType: string,
    /** The field being decoded, in the program's snake_case spelling, e.g. "device_health". */
    readonly field: string,
    /** Byte offset (from the start of the data) where the field starts. */
    readonly offset: number,
    /** Why the field does not decode. */
    readonly reason: string,
  ) {
    super(`${accountType}: cannot decode ${field} at byte ${offset}: ${reason}`);
  }
}

/** A value that cannot be encoded (an unknown enum value, an out-of-range integer, ...). */
export class EncodeError extends DzprovError {
  /** Always `'EncodeError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'EncodeError';
  readonly code = 'ENCODE_ERROR';
  constructor(
    /** The type being encoded, e.g. "Device". */
    readonly typeName: string,
    /** The field that cannot be encoded (the program's snake_case spelling). */
    readonly field: string,
    /** Why it cannot be encoded. */
    readonly reason: string,
  ) {
    super(`${typeName}: cannot encode ${field}: ${reason}`);
  }
}

/**
 * An input rejected before anything is built or sent: a bad argument, a string that does
 * not parse, a rule the program would enforce. `field` names the input, `rule` the rule.
 */
export class ValidationError extends DzprovError {
  /** Always `'ValidationError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'ValidationError';
  readonly code = 'VALIDATION_ERROR';
  constructor(
    /** The input that was refused, e.g. "bandwidth" or "opts.width". */
    readonly field: string,
    /** The rule it breaks, in words. */
    readonly rule: string,
    message?: string,
  ) {
    super(message ?? `invalid ${field}: ${rule}`);
  }
}

/** An account that is not owned by the serviceability program it was expected to belong to. */
export class WrongOwnerError extends DzprovError {
  /** Always `'WrongOwnerError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'WrongOwnerError';
  readonly code = 'WRONG_OWNER';
  constructor(
    /** The account's address (base58), when known. */
    readonly address: string | undefined,
    /** The serviceability program it should belong to (base58). */
    readonly expectedOwner: string,
    /** The program that owns it (base58). */
    readonly actualOwner: string,
  ) {
    super(
      `${address ? `account ${address}` : 'account'} is owned by ${actualOwner}, not by the serviceability program ${expectedOwner}`,
    );
  }
}

/** An account that does not exist (or has no data) where one was required. */
export class AccountNotFoundError extends DzprovError {
  /** Always `'AccountNotFoundError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'AccountNotFoundError';
  readonly code = 'ACCOUNT_NOT_FOUND';
  constructor(
    /** The address (base58) where the account was expected. */
    readonly address: string,
    /** The kind of account expected there, e.g. "Device". */
    readonly expected: string,
  ) {
    super(`${expected} account ${address} does not exist`);
  }
}

/**
 * A lifecycle change that docs/lifecycle.md does not allow for the caller's roles
 * (thrown by the lifecycle-checked builders before anything is built).
 */
export class IllegalTransitionError extends DzprovError {
  /** Always `'IllegalTransitionError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'IllegalTransitionError';
  readonly code = 'ILLEGAL_TRANSITION';
  constructor(
    /**
     * What is being changed ("device status", "link desired status", "device health"), or
     * for requests without a target value the action ("delete device", "promote device").
     */
    readonly subject: string,
    /** Current value's label (e.g. "activated"). */
    readonly from: string,
    /** Requested value's label (e.g. "drained"); "" for an action without a target value. */
    readonly to: string,
    /** The roles the caller holds (docs/lifecycle.md#roles); [] for none. */
    readonly roles: readonly string[],
    /** Why the change is refused, in one line. */
    readonly reason: string,
  ) {
    super(to ? `cannot change ${subject} from ${from} to ${to}: ${reason}` : `cannot ${subject} (it is ${from}): ${reason}`);
  }
}
