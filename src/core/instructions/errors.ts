import { DzprovError, ValidationError } from '../errors.js';

/**
 * The program error an on-chain request would fail with. `code` is the `Custom(n)` value of a
 * DoubleZeroError (docs/wire-format.md#program-errors); the few rules the program enforces by a built-in
 * ProgramError carry `code: undefined` and the built-in's name.
 */
export interface ProgramErrorRef {
  /** The program's error variant name, e.g. "InvalidBandwidth" (or a built-in error's name). */
  readonly name: string;
  /** Its custom error code, or undefined for a built-in error. */
  readonly code: number | undefined;
}

/** DoubleZeroError variants the offline argument checks predict, with their on-chain codes. */
export const EXPECTED_PROGRAM_ERRORS = {
  InvalidOwnerPubkey: { name: 'InvalidOwnerPubkey', code: 1 },
  InvalidLocationPubkey: { name: 'InvalidLocationPubkey', code: 2 },
  InvalidExchangePubkey: { name: 'InvalidExchangePubkey', code: 3 },
  InvalidDevicePubkey: { name: 'InvalidDevicePubkey', code: 6 },
  InvalidStatus: { name: 'InvalidStatus', code: 7 },
  NotAllowed: { name: 'NotAllowed', code: 8 },
  InvalidInterfaceName: { name: 'InvalidInterfaceName', code: 12 },
  InvalidContributor: { name: 'InvalidContributor', code: 14 },
  InvalidInterfaceZForExternal: { name: 'InvalidInterfaceZForExternal', code: 15 },
  InvalidAccountCode: { name: 'InvalidAccountCode', code: 19 },
  InterfaceNotFound: { name: 'InterfaceNotFound', code: 24 },
  InvalidTunnelNet: { name: 'InvalidTunnelNet', code: 28 },
  InvalidTunnelId: { name: 'InvalidTunnelId', code: 29 },
  InvalidBandwidth: { name: 'InvalidBandwidth', code: 31 },
  InvalidDelay: { name: 'InvalidDelay', code: 32 },
  InvalidJitter: { name: 'InvalidJitter', code: 33 },
  CodeTooLong: { name: 'CodeTooLong', code: 34 },
  NoDzPrefixes: { name: 'NoDzPrefixes', code: 35 },
  InvalidLocation: { name: 'InvalidLocation', code: 36 },
  InvalidExchange: { name: 'InvalidExchange', code: 37 },
  InvalidDzPrefix: { name: 'InvalidDzPrefix', code: 38 },
  InvalidMtu: { name: 'InvalidMtu', code: 46 },
  InvalidInterfaceIp: { name: 'InvalidInterfaceIp', code: 47 },
  InvalidVlanId: { name: 'InvalidVlanId', code: 49 },
  InterfaceAlreadyExists: { name: 'InterfaceAlreadyExists', code: 56 },
  InvalidLoopbackType: { name: 'InvalidLoopbackType', code: 58 },
  InvalidActualLocation: { name: 'InvalidActualLocation', code: 60 },
  InvalidPublicIp: { name: 'InvalidPublicIp', code: 62 },
  AllocationFailed: { name: 'AllocationFailed', code: 63 },
  InvalidArgument: { name: 'InvalidArgument', code: 65 },
  CyoaRequiresPhysical: { name: 'CyoaRequiresPhysical', code: 69 },
  InterfaceHasEdgeAssignment: { name: 'InterfaceHasEdgeAssignment', code: 83 },
  /** Not a DoubleZeroError: the request would make the program panic (no error code). */
  Panic: { name: 'panic', code: undefined },
} as const satisfies Record<string, ProgramErrorRef>;

/**
 * A builder argument the program would reject, found offline before anything is built.
 * `field` is the program's snake_case name of the argument (`public_ip`, `dz_prefixes[1]`,
 * `side_z`), `rule` says which rule failed, and `programError` is what the program would
 * answer if the request were sent anyway.
 */
export class InstructionArgumentError extends ValidationError {
  /** Always `'InstructionArgumentError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'InstructionArgumentError';
  constructor(
    field: string,
    rule: string,
    /** The program error the instruction would fail with, had it been sent. */
    readonly programError: ProgramErrorRef,
    message?: string,
  ) {
    super(
      field,
      rule,
      message ??
        `invalid ${field}: ${rule} (the program would fail with ${programError.name}${
          programError.code === undefined ? '' : ` (${programError.code})`
        })`,
    );
  }
}

/** Why an instruction could not be decoded. */
export type InstructionDecodeReason =
  | 'wrong-program'
  | 'empty-data'
  | 'unknown-tag'
  | 'deprecated'
  | 'unsupported'
  | 'wrong-tag'
  | 'malformed-args'
  | 'accounts';

/**
 * An instruction that is not a well-formed serviceability Device/Link instruction: wrong
 * program id, empty data, an unknown / deprecated / unsupported tag, malformed Args (`field`
 * and `offset` name the place; the underlying DecodeError is the `cause`), or an account list
 * that does not match the layout the processor reads.
 */
export class InstructionDecodeError extends DzprovError {
  /** Always `'InstructionDecodeError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'InstructionDecodeError';
  readonly code = 'INSTRUCTION_DECODE_ERROR';
  constructor(
    /** What kind of failure this is. */
    readonly reason: InstructionDecodeReason,
    message: string,
    /** Where it failed, as far as known. */
    readonly details: {
      /** The instruction's tag (data byte 0), when known. */
      readonly tag?: number;
      /** The instruction's name, when known. */
      readonly instruction?: string;
      /** The field that failed (snake_case), when known. */
      readonly field?: string;
      /** The byte offset in the data where it failed, when known. */
      readonly offset?: number;
    } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The instruction's tag (data byte 0), when known (from `details`). */
  get tag(): number | undefined {
    return this.details.tag;
  }
  /** The field that failed, when known (from `details`). */
  get field(): string | undefined {
    return this.details.field;
  }
  /** The byte offset where it failed, when known (from `details`). */
  get offset(): number | undefined {
    return this.details.offset;
  }
}
