import { PublicKey, SendTransactionError as Web3SendTransactionError } from '@solana/web3.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DzprovError, ValidationError } from '../src/index.js';
import * as pe from '../src/core/programErrors.js';
import { SYSTEM_PROGRAM_ID } from '../src/index.js';
import {
  BUILTIN_INSTRUCTION_ERRORS,
  BuiltinAccountAlreadyInitializedError,
  BuiltinInvalidAccountDataError,
  BuiltinInvalidArgumentError,
  BuiltinInvalidInstructionDataError,
  BuiltinNotEnoughAccountKeysError,
  BuiltinProgramError,
  DzProgramError,
  ForeignProgramError,
  InvalidArgumentError,
  InvalidStatusError,
  NotAllowedError,
  PROGRAM_ERRORS,
  PROGRAM_ERROR_CLASSES,
  ProgramPanicError,
  UnknownCustomProgramError,
  builtinProgramError,
  parseProgramError,
  programErrorFromCode,
  programErrorInfo,
  programErrorInfoByName,
} from '../src/index.js';

const DZ = 'JAQxrJ2WuDF4APfSifurJJ4HzV5Z3FyBuBeSMj7mo9aw'; // pk(255), the fixtures' program id
const CB = 'ComputeBudget111111111111111111111111111111';

/** Logs of a transaction [SetComputeUnitLimit, RequestHeapFrame, <DZ instruction failing with `failure`>]. */
function dzLogs(failure: string, extra: string[] = []): string[] {
  return [
    `Program ${CB} invoke [1]`,
    `Program ${CB} success`,
    `Program ${CB} invoke [1]`,
    `Program ${CB} success`,
    `Program ${DZ} invoke [1]`,
    ...extra,
    `Program ${DZ} consumed 4321 of 1399700 compute units`,
    `Program ${DZ} failed: ${failure}`,
  ];
}

// The on-chain codes of docs/wire-format.md#program-errors, written out independently of src/ (variant → code).
const EXPECTED: Array<[number, string]> = [
  [1, 'InvalidOwnerPubkey'], [2, 'InvalidLocationPubkey'], [3, 'InvalidExchangePubkey'], [4, 'InvalidDeviceAPubkey'],
  [5, 'InvalidDeviceZPubkey'], [6, 'InvalidDevicePubkey'], [7, 'InvalidStatus'], [8, 'NotAllowed'],
  [9, 'InvalidAccountType'], [10, 'InvalidContributorPubkey'], [11, 'InvalidInterfaceVersion'], [12, 'InvalidInterfaceName'],
  [13, 'ReferenceCountNotZero'], [14, 'InvalidContributor'], [15, 'InvalidInterfaceZForExternal'], [16, 'InvalidIndex'],
  [17, 'DeviceAlreadySet'], [18, 'DeviceNotSet'], [19, 'InvalidAccountCode'], [20, 'MaxUsersExceeded'],
  [21, 'InvalidLastAccessEpoch'], [22, 'Unauthorized'], [23, 'InvalidSolanaPubkey'], [24, 'InterfaceNotFound'],
  [25, 'AccessPassUnauthorized'], [26, 'InvalidClientIp'], [27, 'InvalidDzIp'], [28, 'InvalidTunnelNet'],
  [29, 'InvalidTunnelId'], [30, 'InvalidTunnelIp'], [31, 'InvalidBandwidth'], [32, 'InvalidDelay'],
  [33, 'InvalidJitter'], [34, 'CodeTooLong'], [35, 'NoDzPrefixes'], [36, 'InvalidLocation'],
  [37, 'InvalidExchange'], [38, 'InvalidDzPrefix'], [39, 'NameTooLong'], [40, 'InvalidLatitude'],
  [41, 'InvalidLongitude'], [42, 'InvalidLocId'], [43, 'InvalidCountryCode'], [44, 'InvalidLocalAsn'],
  [45, 'InvalidRemoteAsn'], [46, 'InvalidMtu'], [47, 'InvalidInterfaceIp'], [48, 'InvalidInterfaceIpNet'],
  [49, 'InvalidVlanId'], [50, 'InvalidMaxBandwidth'], [51, 'InvalidMulticastIp'], [52, 'InvalidAccountOwner'],
  [53, 'AccessPassNotFound'], [54, 'UserAccountNotFound'], [55, 'InvalidBgpCommunity'], [56, 'InterfaceAlreadyExists'],
  [57, 'InvalidInterfaceType'], [58, 'InvalidLoopbackType'], [59, 'InvalidMinCompatibleVersion'], [60, 'InvalidActualLocation'],
  [61, 'InvalidUserPubkey'], [62, 'InvalidPublicIp'], [63, 'AllocationFailed'], [64, 'SerializationFailure'],
  [65, 'InvalidArgument'], [66, 'InvalidFoundationAllowlist'], [67, 'Deprecated'], [68, 'ImmutableField'],
  [69, 'CyoaRequiresPhysical'], [70, 'DeviceHasInterfaces'], [71, 'MulticastGroupNotEmpty'], [72, 'AccessPassInUse'],
  [73, 'InvalidTenantPubkey'], [74, 'InvalidVrfId'], [75, 'VrfIdTooLong'], [76, 'AdministratorAlreadyExists'],
  [77, 'AdministratorNotFound'], [78, 'InvalidPaymentStatus'], [79, 'TenantNotInAccessPassAllowlist'], [80, 'InvalidTunnelEndpoint'],
  [81, 'MaxUnicastUsersExceeded'], [82, 'MaxMulticastSubscribersExceeded'], [83, 'InterfaceHasEdgeAssignment'], [84, 'FeatureNotEnabled'],
  [85, 'MaxMulticastPublishersExceeded'], [86, 'ArithmeticOverflow'], [87, 'InvalidName'], [88, 'InvalidDeviceTunnelBlock'],
  [89, 'AccessPassMaxUnicastUsersExceeded'], [90, 'AccessPassMaxMulticastUsersExceeded'], [91, 'MetroMismatch'], [92, 'FeedAccountRequired'],
  [93, 'FeedNotOnAccessPass'], [94, 'GroupNotInFeed'], [95, 'FeedSeatFull'], [96, 'FeedMaxUsersZero'],
  [97, 'FeedMaxUsersBelowCurrentUsers'], [98, 'FeedMaxFutureUsersBelowMaxUsers'], [99, 'FeedInvalidAnniversaryDay'], [100, 'FeedInvalidBillingWindow'],
  [101, 'EdgeSeatRequired'], [102, 'UserDeviceMismatch'], [103, 'UserFeedLimitExceeded'], [104, 'EdgeSeatIsMulticastOnly'],
];

describe('PROGRAM_ERRORS table', () => {
  it('holds exactly the 104 codes of the program conversion table, with their variant names', () => {
    // Given the independently written list of docs/wire-format.md#program-errors
    // When the table is read as (code, name) pairs
    const pairs = PROGRAM_ERRORS.map((e) => [e.code, e.name]);
    // Then it is that list, in ascending code order
    expect(pairs).toEqual(EXPECTED);
  });

  it('keeps the conversion-table codes for 2..6, not the declaration order', () => {
    // Given the variants whose declaration comments disagree with the conversion table
    // When looked up by name
    const codes = ['InvalidLocationPubkey', 'InvalidExchangePubkey', 'InvalidDeviceAPubkey', 'InvalidDeviceZPubkey', 'InvalidDevicePubkey'].map(
      (n) => programErrorInfoByName(n)?.code,
    );
    // Then the codes are the on-chain ones
    expect(codes).toEqual([2, 3, 4, 5, 6]);
  });

  it('gives every entry a non-empty message of its own and is frozen', () => {
    // Given the table
    // When its messages are collected
    const messages = PROGRAM_ERRORS.map((e) => e.message);
    // Then none is empty, all differ, and the data cannot be mutated
    expect(messages.every((m) => m.trim().length > 10)).toBe(true);
    expect(new Set(messages).size).toBe(PROGRAM_ERRORS.length);
    expect(Object.isFrozen(PROGRAM_ERRORS)).toBe(true);
    expect(Object.isFrozen(PROGRAM_ERRORS[0])).toBe(true);
  });

  it('looks entries up by code and by name, and misses cleanly', () => {
    expect(programErrorInfo(8)?.name).toBe('NotAllowed');
    expect(programErrorInfoByName('Deprecated')?.code).toBe(67);
    expect(programErrorInfo(0)).toBeUndefined();
    expect(programErrorInfo(105)).toBeUndefined();
    expect(programErrorInfoByName('Custom')).toBeUndefined();
  });
});

describe('one class per DoubleZeroError', () => {
  it.each(EXPECTED)('Custom(%i) → %sError with a stable name and code', (code, name) => {
    // Given the class exported under `<Variant>Error`
    const cls = (pe as Record<string, unknown>)[`${name}Error`] as (new () => DzProgramError) | undefined;
    expect(cls).toBeTypeOf('function');
    // When the error for the code is built
    const err = programErrorFromCode(code, { instructionIndex: 3 });
    // Then it is an instance of exactly that class, with the case's name, code and fields
    expect(err).toBeInstanceOf(cls!);
    expect(err).toBeInstanceOf(DzProgramError);
    expect(err).toBeInstanceOf(DzprovError);
    expect(err.constructor).toBe(cls);
    expect(err.name).toBe(`${name}Error`);
    expect(err.code).toMatch(/^DZ_[A-Z0-9_]+$/);
    expect(err.code.replace(/_/g, '')).toBe(`DZ${name.toUpperCase()}`);
    expect(err.customCode).toBe(code);
    expect(err.programErrorName).toBe(name);
    expect(err.instructionIndex).toBe(3);
    expect(err.message).toContain(name);
    expect(err.message).toContain(`0x${code.toString(16)}`);
    expect(err.message).toContain(programErrorInfo(code)!.message);
  });

  it('has 104 distinct classes and 104 distinct codes', () => {
    // Given every class by code
    const classes = [...PROGRAM_ERROR_CLASSES.values()];
    // When instantiated
    const errs = classes.map((c) => new c());
    // Then classes, names and codes are pairwise distinct
    expect(new Set(classes).size).toBe(104);
    expect(new Set(errs.map((e) => e.name)).size).toBe(104);
    expect(new Set(errs.map((e) => e.code)).size).toBe(104);
  });

  it('spells codes in SCREAMING_SNAKE_CASE of the variant', () => {
    expect(new pe.InvalidDeviceAPubkeyError().code).toBe('DZ_INVALID_DEVICE_A_PUBKEY');
    expect(new pe.InvalidInterfaceZForExternalError().code).toBe('DZ_INVALID_INTERFACE_Z_FOR_EXTERNAL');
    expect(new NotAllowedError().code).toBe('DZ_NOT_ALLOWED');
    expect(new pe.InvalidDzIpError().code).toBe('DZ_INVALID_DZ_IP');
  });

  it('keeps the program InvalidArgument (65) apart from the built-in InvalidArgument', () => {
    // Given both errors
    const custom = programErrorFromCode(65);
    const builtin = builtinProgramError('InvalidArgument');
    // Then they are different classes with different codes
    expect(custom).toBeInstanceOf(InvalidArgumentError);
    expect(builtin).toBeInstanceOf(BuiltinInvalidArgumentError);
    expect(builtin).not.toBeInstanceOf(DzProgramError);
    expect(custom.code).not.toBe(builtin.code);
    expect(builtin.name).toBe('BuiltinInvalidArgumentError');
  });
});

describe('programErrorFromCode', () => {
  it('passes an undefined code through as UnknownCustomProgramError', () => {
    for (const n of [0, 105, 6000, 0xffffffff]) {
      // When a code outside the table is mapped
      const err = programErrorFromCode(n);
      // Then it is the unknown-code error keeping the number
      expect(err).toBeInstanceOf(UnknownCustomProgramError);
      expect(err.customCode).toBe(n);
      expect(err.programErrorName).toBe('Custom');
      expect(err.code).toBe('DZ_UNKNOWN_CUSTOM');
    }
  });

  it('maps every u32 either to its table class or to the unknown-code error (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const err = programErrorFromCode(n);
        const info = programErrorInfo(n);
        expect(err.customCode).toBe(n);
        if (info) expect(err.name).toBe(`${info.name}Error`);
        else expect(err).toBeInstanceOf(UnknownCustomProgramError);
      }),
    );
  });

  it('refuses a code that is not a u32', () => {
    for (const bad of [-1, 1.5, 2 ** 32, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => programErrorFromCode(bad)).toThrow(ValidationError);
    }
  });

  it('attaches a copy of the logs', () => {
    const logs = ['Program x invoke [1]'];
    const err = programErrorFromCode(7, { logs });
    logs.push('later');
    expect(err.logs).toEqual(['Program x invoke [1]']);
  });
});

describe('builtinProgramError', () => {
  it.each([
    ['InvalidInstructionData', BuiltinInvalidInstructionDataError, 'BUILTIN_INVALID_INSTRUCTION_DATA'],
    ['InvalidArgument', BuiltinInvalidArgumentError, 'BUILTIN_INVALID_ARGUMENT'],
    ['InvalidAccountData', BuiltinInvalidAccountDataError, 'BUILTIN_INVALID_ACCOUNT_DATA'],
    ['AccountAlreadyInitialized', BuiltinAccountAlreadyInitializedError, 'BUILTIN_ACCOUNT_ALREADY_INITIALIZED'],
    ['NotEnoughAccountKeys', BuiltinNotEnoughAccountKeysError, 'BUILTIN_NOT_ENOUGH_ACCOUNT_KEYS'],
    ['ProgramFailedToComplete', ProgramPanicError, 'PROGRAM_PANIC'],
  ] as const)('%s has its own class', (variant, cls, code) => {
    const err = builtinProgramError(variant, { instructionIndex: 0 });
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(BuiltinProgramError);
    expect(err.name).toBe(cls.name);
    expect(err.builtin).toBe(variant);
    expect(err.code).toBe(code);
    expect(err.message).toContain('instruction 0');
  });

  it('covers every other runtime variant with the base class', () => {
    const err = builtinProgramError('AccountBorrowFailed');
    expect(err.constructor).toBe(BuiltinProgramError);
    expect(err.code).toBe('BUILTIN_ACCOUNT_BORROW_FAILED');
    expect(BUILTIN_INSTRUCTION_ERRORS).toContain('AccountBorrowFailed');
    expect(BUILTIN_INSTRUCTION_ERRORS).not.toContain('Custom');
  });

  it('refuses a name that is not a runtime variant', () => {
    expect(() => builtinProgramError('NoSuchVariant')).toThrow(ValidationError);
  });
});

describe('parseProgramError', () => {
  it('reads a TransactionError with a custom code', () => {
    // Given the `err` of a failed transaction
    const txErr = { InstructionError: [2, { Custom: 7 }] };
    // When parsed
    const err = parseProgramError(txErr);
    // Then it is the typed program error at that instruction
    expect(err).toBeInstanceOf(InvalidStatusError);
    expect((err as DzProgramError).instructionIndex).toBe(2);
    expect(err?.logs).toBeUndefined();
  });

  it('reads string InstructionError variants as built-in errors', () => {
    for (const [variant, cls] of [
      ['InvalidAccountData', BuiltinInvalidAccountDataError],
      ['InvalidInstructionData', BuiltinInvalidInstructionDataError],
      ['InvalidArgument', BuiltinInvalidArgumentError],
      ['AccountAlreadyInitialized', BuiltinAccountAlreadyInitializedError],
      ['NotEnoughAccountKeys', BuiltinNotEnoughAccountKeysError],
      ['ProgramFailedToComplete', ProgramPanicError],
    ] as const) {
      const err = parseProgramError({ InstructionError: [0, variant] });
      expect(err).toBeInstanceOf(cls);
      expect((err as BuiltinProgramError).builtin).toBe(variant);
      expect(err?.instructionIndex).toBe(0);
    }
  });

  it('keeps a runtime variant it does not know and the BorshIoError payload', () => {
    const future = parseProgramError({ InstructionError: [1, 'SomeFutureVariant'] }) as BuiltinProgramError;
    expect(future).toBeInstanceOf(BuiltinProgramError);
    expect(future.builtin).toBe('SomeFutureVariant');
    const borsh = parseProgramError({ InstructionError: [0, { BorshIoError: 'Unexpected length of input' }] }) as BuiltinProgramError;
    expect(borsh.builtin).toBe('BorshIoError');
    expect(borsh.detail).toBe('Unexpected length of input');
  });

  it('reads a simulation result and attaches its logs', () => {
    // Given a simulateTransaction value, bare and wrapped in its RPC context
    const logs = dzLogs('custom program error: 0x8');
    const value = { err: { InstructionError: [2, { Custom: 8 }] }, logs, accounts: null, unitsConsumed: 4321 };
    for (const input of [value, { context: { slot: 1 }, value }]) {
      // When parsed
      const err = parseProgramError(input) as DzProgramError;
      // Then the code, the index, the logs and the failing program are known
      expect(err).toBeInstanceOf(NotAllowedError);
      expect(err.instructionIndex).toBe(2);
      expect(err.logs).toEqual(logs);
      expect(err.programId).toBe(DZ);
    }
  });

  it('reads a confirmed transaction (meta.err, meta.logMessages)', () => {
    const logs = dzLogs('invalid account data for instruction');
    const err = parseProgramError({ slot: 9, meta: { err: { InstructionError: [2, 'InvalidAccountData'] }, logMessages: logs } });
    expect(err).toBeInstanceOf(BuiltinInvalidAccountDataError);
    expect(err?.logs).toEqual(logs);
  });

  it('reads a web3.js SendTransactionError (simulation), with its logs', () => {
    // Given the error web3.js v1 throws when preflight simulation fails
    const logs = dzLogs('custom program error: 0x41');
    const e = new Web3SendTransactionError({
      action: 'simulate',
      signature: '',
      transactionMessage: 'Transaction simulation failed: Error processing Instruction 2: custom program error: 0x41',
      logs,
    });
    // When parsed
    const err = parseProgramError(e) as DzProgramError;
    // Then it is the program's InvalidArgument (65), at instruction 2, with the logs and the cause
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err.customCode).toBe(65);
    expect(err.instructionIndex).toBe(2);
    expect(err.logs).toEqual(logs);
    expect(err.cause).toBe(e);
  });

  it('reads a web3.js SendTransactionError carrying a built-in error and no logs', () => {
    const e = new Web3SendTransactionError({
      action: 'send',
      signature: '5sig',
      transactionMessage: 'Transaction simulation failed: Error processing Instruction 0: insufficient account keys for instruction',
    });
    const err = parseProgramError(e);
    expect(err).toBeInstanceOf(BuiltinNotEnoughAccountKeysError);
    expect(err?.instructionIndex).toBe(0);
    expect(err?.logs).toBeUndefined();
  });

  it('uses logs given in the options when the error has none', () => {
    const logs = dzLogs('custom program error: 0x7');
    const err = parseProgramError(new Error('Error processing Instruction 2: custom program error: 0x7'), { logs });
    expect(err).toBeInstanceOf(InvalidStatusError);
    expect(err?.logs).toEqual(logs);
  });

  it('prefers the error\'s own logs over empty logs given in the options', () => {
    // Given a simulation result with logs, and an empty log list from the caller
    const logs = dzLogs('custom program error: 0x7');
    const err = parseProgramError({ err: { InstructionError: [2, { Custom: 7 }] }, logs }, { logs: [], programId: DZ });
    // Then the result's logs are attached
    expect(err).toBeInstanceOf(InvalidStatusError);
    expect(err?.logs).toEqual(logs);
    // and with no logs anywhere the empty list is kept
    expect(parseProgramError({ InstructionError: [0, { Custom: 7 }] }, { logs: [] })?.logs).toEqual([]);
  });

  it('reads a TransactionError printed as JSON inside a message', () => {
    const e = new Error('Transaction 5abc failed ({"err":{"InstructionError":[2,{"Custom":13}]}})');
    const err = parseProgramError(e) as DzProgramError;
    expect(err).toBeInstanceOf(pe.ReferenceCountNotZeroError);
    expect(err.instructionIndex).toBe(2);
    const b = parseProgramError(new Error('failed: {"InstructionError":[0,"InvalidInstructionData"]}'));
    expect(b).toBeInstanceOf(BuiltinInvalidInstructionDataError);
  });

  it('reads plain log lines, as a string or an array', () => {
    // Given the failure line alone
    const line = `Program ${DZ} failed: custom program error: 0x7`;
    // When parsed as a string and as an array
    const a = parseProgramError(line) as DzProgramError;
    const b = parseProgramError([line]) as DzProgramError;
    // Then both are InvalidStatus raised by that program
    for (const err of [a, b]) {
      expect(err).toBeInstanceOf(InvalidStatusError);
      expect(err.programId).toBe(DZ);
      expect(err.logs).toEqual([line]);
      expect(err.instructionIndex).toBeUndefined();
    }
    // And a built-in failure line is read too
    expect(parseProgramError([`Program ${DZ} failed: invalid instruction data`])).toBeInstanceOf(BuiltinInvalidInstructionDataError);
  });

  it('reports a panic with its text', () => {
    // Given the logs of an assertion failure in the program
    const logs = dzLogs('SBF program panicked', ['Program log: panicked at src/processors/link/create.rs:88:5:\nassertion failed: payer.is_signer']);
    // When parsed from the logs alone and together with the TransactionError
    const fromLogs = parseProgramError(logs) as ProgramPanicError;
    const fromResult = parseProgramError({ err: { InstructionError: [2, 'ProgramFailedToComplete'] }, logs }) as ProgramPanicError;
    // Then both are panics carrying the panic text
    for (const err of [fromLogs, fromResult]) {
      expect(err).toBeInstanceOf(ProgramPanicError);
      expect(err.code).toBe('PROGRAM_PANIC');
      expect(err.panicMessage).toContain('assertion failed: payer.is_signer');
      expect(err.message).toContain('assertion failed: payer.is_signer');
    }
    expect(fromResult.instructionIndex).toBe(2);
  });

  it('keeps an unrecognised failure text from the logs as an Unknown built-in', () => {
    const err = parseProgramError(dzLogs('something the runtime says one day')) as BuiltinProgramError;
    expect(err).toBeInstanceOf(BuiltinProgramError);
    expect(err.builtin).toBe('Unknown');
    expect(err.detail).toBe('something the runtime says one day');
  });

  it('does not mistake a System program code raised in a CPI for a DoubleZeroError', () => {
    // Given the program creating an account and the System program refusing the transfer (code 1)
    const logs = dzLogs('custom program error: 0x1', [
      `Program ${SYSTEM_PROGRAM_ID.toBase58()} invoke [2]`,
      'Transfer: insufficient lamports 1000, need 2000000',
      `Program ${SYSTEM_PROGRAM_ID.toBase58()} failed: custom program error: 0x1`,
    ]);
    const result = { err: { InstructionError: [2, { Custom: 1 }] }, logs };
    // When parsed without and with the program id
    for (const err of [parseProgramError(result), parseProgramError(result, { programId: new PublicKey(DZ) })]) {
      // Then it is a foreign error naming the System program's code, not InvalidOwnerPubkey
      expect(err).toBeInstanceOf(ForeignProgramError);
      expect(err).not.toBeInstanceOf(pe.InvalidOwnerPubkeyError);
      const f = err as ForeignProgramError;
      expect(f.programId).toBe(SYSTEM_PROGRAM_ID.toBase58());
      expect(f.programErrorName).toBe('ResultWithNegativeLamports');
      expect(f.customCode).toBe(1);
      expect(f.code).toBe('FOREIGN_PROGRAM_ERROR');
    }
  });

  it('treats a code from another top-level program as foreign when the program id is given', () => {
    const other = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
    const logs = [`Program ${other} invoke [1]`, `Program ${other} failed: custom program error: 0x1`];
    const result = { err: { InstructionError: [0, { Custom: 1 }] }, logs };
    const err = parseProgramError(result, { programId: DZ }) as ForeignProgramError;
    expect(err).toBeInstanceOf(ForeignProgramError);
    expect(err.programErrorName).toBe('Custom');
    expect(err.programId).toBe(other);
    // Without the program id and without a CPI there is nothing to tell it apart
    expect(parseProgramError(result)).toBeInstanceOf(pe.InvalidOwnerPubkeyError);
  });

  it('keeps a code raised by the program itself after a successful CPI', () => {
    const logs = dzLogs('custom program error: 0x3f', [
      `Program ${SYSTEM_PROGRAM_ID.toBase58()} invoke [2]`,
      `Program ${SYSTEM_PROGRAM_ID.toBase58()} success`,
    ]);
    const err = parseProgramError({ err: { InstructionError: [2, { Custom: 63 }] }, logs }, { programId: DZ });
    expect(err).toBeInstanceOf(pe.AllocationFailedError);
  });

  it('follows the cause chain', () => {
    const inner = { err: { InstructionError: [0, { Custom: 67 }] }, logs: dzLogs('custom program error: 0x43') };
    const outer = new Error('createDevice failed', { cause: new Error('send failed', { cause: inner }) });
    const err = parseProgramError(outer) as DzProgramError;
    expect(err).toBeInstanceOf(pe.DeprecatedError);
    expect(err.logs).toEqual(inner.logs);
  });

  it('returns an already-parsed error unchanged', () => {
    const err = programErrorFromCode(7);
    expect(parseProgramError(err)).toBe(err);
  });

  it('returns undefined for anything that is not an instruction failure', () => {
    for (const input of [
      null,
      undefined,
      42,
      [],
      '',
      new Error('fetch failed'),
      { err: 'BlockhashNotFound', logs: [] },
      { err: null, logs: ['Program x invoke [1]', 'Program x success'] },
      { InstructionError: [0, { Custom: -1 }] },
      { InstructionError: [0, { Custom: 2 ** 32 }] },
      { InstructionError: ['0', { Custom: 1 }] },
      { InstructionError: [0] },
      { InstructionError: [0, 'Custom'] },
      'Program x log: hello',
    ]) {
      expect(parseProgramError(input)).toBeUndefined();
    }
  });

  it('reads the same custom code and index from every representation (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 63 }), (n, i) => {
        const hexCode = `0x${n.toString(16)}`;
        const forms: unknown[] = [
          { InstructionError: [i, { Custom: n }] },
          { err: { InstructionError: [i, { Custom: n }] } },
          new Error(`Transaction simulation failed: Error processing Instruction ${i}: custom program error: ${hexCode}`),
          new Error(JSON.stringify({ err: { InstructionError: [i, { Custom: n }] } })),
        ];
        for (const form of forms) {
          const err = parseProgramError(form) as DzProgramError;
          expect(err).toBeInstanceOf(DzProgramError);
          expect(err.customCode).toBe(n);
          expect(err.instructionIndex).toBe(i);
          expect(err.constructor).toBe(programErrorFromCode(n).constructor);
        }
      }),
    );
  });

  it('reads every built-in variant from its name', () => {
    for (const variant of BUILTIN_INSTRUCTION_ERRORS) {
      const err = parseProgramError({ InstructionError: [1, variant] }) as BuiltinProgramError;
      expect(err.builtin).toBe(variant);
      expect(err.instructionIndex).toBe(1);
    }
  });

  it.each([
    ['InvalidArgument', 'invalid program argument'],
    ['InvalidInstructionData', 'invalid instruction data'],
    ['InvalidAccountData', 'invalid account data for instruction'],
    ['AccountAlreadyInitialized', 'instruction requires an uninitialized account'],
    ['NotEnoughAccountKeys', 'insufficient account keys for instruction'],
    ['MissingRequiredSignature', 'missing required signature for instruction'],
    ['ProgramFailedToComplete', 'Program failed to complete'],
    ['ComputationalBudgetExceeded', 'Computational budget exceeded'],
    ['IllegalOwner', 'Provided owner is not allowed'],
  ])('reads built-in %s from the runtime text "%s"', (variant, text) => {
    // Given the runtime's text in a web3.js message and in a failure log line
    const byMessage = parseProgramError(new Error(`Transaction simulation failed: Error processing Instruction 1: ${text}. \nLogs: []`));
    const byLog = parseProgramError([`Program ${DZ} failed: ${text}`]);
    // Then both give the variant
    expect((byMessage as BuiltinProgramError).builtin).toBe(variant);
    expect(byMessage?.instructionIndex).toBe(1);
    expect((byLog as BuiltinProgramError).builtin).toBe(variant);
  });
});
