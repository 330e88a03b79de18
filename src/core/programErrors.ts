import { isKey, keyText, type KeyInput } from './keys.js';
import { DzprovError, ValidationError } from './errors.js';
import { describeValue, expectInteger, expectObject, expectString, expectStringArray } from './validate.js';

/**
 * Errors returned by the serviceability program, and a parser that turns what web3.js, an RPC
 * node or a log gives back into typed errors.
 *
 * Three kinds of failure reach a client (docs/wire-format.md#program-errors):
 * 1. `Custom(n)`: a DoubleZeroError of the program, converted by the program's explicit table
 *    (docs/wire-format.md#program-errors). Each known code has its own class (`InvalidStatusError`, `NotAllowedError`,
 *    ...) extending `DzProgramError`; an unlisted code is an `UnknownCustomProgramError` (the
 *    program passes `Custom(n)` through unchanged).
 * 2. A built-in Solana `InstructionError` (`InvalidAccountData` when an account does not decode,
 *    `NotEnoughAccountKeys` when an account is missing, ...): `BuiltinProgramError` and its
 *    subclasses. The built-in `InvalidArgument` is `BuiltinInvalidArgumentError`, unrelated to the
 *    program's own `InvalidArgument` (Custom 65, `InvalidArgumentError`).
 * 3. A program panic (a failed assertion: signer, owner, writable, PDA mismatch): the runtime
 *    reports `ProgramFailedToComplete`; that is a `ProgramPanicError`, with the panic text when the
 *    logs carry it.
 * A custom code raised by another program the instruction called (the System program refusing a
 * transfer, say) is a `ForeignProgramError`, so that System program code 1 is not mistaken for
 * the program's `InvalidOwnerPubkey` (1). This needs the logs, which show which program failed.
 */

/** One DoubleZeroError: its on-chain custom code, the program's variant name and what it means. */
export interface ProgramErrorInfo {
  /** The on-chain custom error code `n` of `Custom(n)` (1..104). */
  readonly code: number;
  /** The program's variant name, e.g. "InvalidStatus". */
  readonly name: string;
  /** What the error means, in dzprov's words. */
  readonly message: string;
}

// code, variant name (the program's), meaning (our words). Codes are the program's conversion
// table values (which differ from the enum's declaration order for 2..6).
const TABLE: ReadonlyArray<readonly [number, string, string]> = [
  [1, 'InvalidOwnerPubkey', 'the signer is not the owner this action requires'],
  [2, 'InvalidLocationPubkey', 'the account given as a Location is not a Location'],
  [3, 'InvalidExchangePubkey', 'the account given as an Exchange is not an Exchange'],
  [4, 'InvalidDeviceAPubkey', 'the account given as side A is not a Device'],
  [5, 'InvalidDeviceZPubkey', 'the account given as side Z is not a Device'],
  [6, 'InvalidDevicePubkey', 'the account given as a Device is not a valid Device, or two device keys that must differ are the same'],
  [7, 'InvalidStatus', 'the entity\'s current status does not permit this operation'],
  [8, 'NotAllowed', 'the caller is not permitted to perform this action'],
  [9, 'InvalidAccountType', 'the account\'s type byte is not the expected account type'],
  [10, 'InvalidContributorPubkey', 'the account given as a Contributor is not a Contributor'],
  [11, 'InvalidInterfaceVersion', 'the interface record version is not supported'],
  [12, 'InvalidInterfaceName', 'the interface name is not valid'],
  [13, 'ReferenceCountNotZero', 'the entity is still referenced by other accounts and cannot be removed'],
  [14, 'InvalidContributor', 'the contributor does not match or is not valid for this entity'],
  [15, 'InvalidInterfaceZForExternal', 'an external link must not name a side-Z interface'],
  [16, 'InvalidIndex', 'the index is not valid'],
  [17, 'DeviceAlreadySet', 'the device slot is already occupied'],
  [18, 'DeviceNotSet', 'the device slot is empty'],
  [19, 'InvalidAccountCode', 'the code may only hold letters, digits, \'_\', \'-\' and \':\''],
  [20, 'MaxUsersExceeded', 'the device has reached its user capacity'],
  [21, 'InvalidLastAccessEpoch', 'the access-pass epoch is not acceptable'],
  [22, 'Unauthorized', 'the caller does not hold the required authority'],
  [23, 'InvalidSolanaPubkey', 'the Solana validator identity key is not valid'],
  [24, 'InterfaceNotFound', 'the device has no interface with that name'],
  [25, 'AccessPassUnauthorized', 'the access pass does not allow this connection'],
  [26, 'InvalidClientIp', 'the client IP address is not acceptable'],
  [27, 'InvalidDzIp', 'the DoubleZero IP address is not acceptable'],
  [28, 'InvalidTunnelNet', 'the tunnel network is not acceptable (link tunnel networks must be private)'],
  [29, 'InvalidTunnelId', 'the tunnel id is out of range (at most 1024 for links)'],
  [30, 'InvalidTunnelIp', 'the tunnel IP address is not acceptable'],
  [31, 'InvalidBandwidth', 'the bandwidth is out of range (links: 10 to 400 Gbps)'],
  [32, 'InvalidDelay', 'the delay is out of range (10 microseconds to 1 second)'],
  [33, 'InvalidJitter', 'the jitter is out of range (10 microseconds to 1 second)'],
  [34, 'CodeTooLong', 'the code (or management VRF) is longer than 32 bytes'],
  [35, 'NoDzPrefixes', 'the device needs at least one DZ prefix'],
  [36, 'InvalidLocation', 'the location reference is missing or not valid'],
  [37, 'InvalidExchange', 'the exchange reference is missing or not valid'],
  [38, 'InvalidDzPrefix', 'the DZ prefix is not a globally routable network'],
  [39, 'NameTooLong', 'the name is longer than allowed'],
  [40, 'InvalidLatitude', 'the latitude is outside -90..90'],
  [41, 'InvalidLongitude', 'the longitude is outside -180..180'],
  [42, 'InvalidLocId', 'the location id is not valid'],
  [43, 'InvalidCountryCode', 'the country code must be two characters'],
  [44, 'InvalidLocalAsn', 'the local ASN must be between 1 and 4294967294'],
  [45, 'InvalidRemoteAsn', 'the remote ASN must be between 1 and 4294967294'],
  [46, 'InvalidMtu', 'the MTU is not acceptable'],
  [47, 'InvalidInterfaceIp', 'the interface IP address is not allowed here'],
  [48, 'InvalidInterfaceIpNet', 'the interface network is not acceptable'],
  [49, 'InvalidVlanId', 'the VLAN id is above 4094'],
  [50, 'InvalidMaxBandwidth', 'the multicast maximum bandwidth is not acceptable'],
  [51, 'InvalidMulticastIp', 'the multicast IP address is not acceptable'],
  [52, 'InvalidAccountOwner', 'the account is not owned by the expected program'],
  [53, 'AccessPassNotFound', 'no access pass exists for this request'],
  [54, 'UserAccountNotFound', 'no user account exists for this request'],
  [55, 'InvalidBgpCommunity', 'the BGP community is outside 10000..10999'],
  [56, 'InterfaceAlreadyExists', 'an interface with that name already exists on the device'],
  [57, 'InvalidInterfaceType', 'this interface type is not allowed here'],
  [58, 'InvalidLoopbackType', 'this loopback type is not allowed here'],
  [59, 'InvalidMinCompatibleVersion', 'the client version is below the program\'s minimum compatible version'],
  [60, 'InvalidActualLocation', 'the actual location is not acceptable'],
  [61, 'InvalidUserPubkey', 'the user account address is not the expected PDA'],
  [62, 'InvalidPublicIp', 'the public IP address is not acceptable (not globally routable, or overlaps a DZ prefix)'],
  [63, 'AllocationFailed', 'the resource pool has nothing left to allocate'],
  [64, 'SerializationFailure', 'the program could not write the account data'],
  [65, 'InvalidArgument', 'an instruction argument is not acceptable'],
  [66, 'InvalidFoundationAllowlist', 'the foundation allowlist cannot become empty'],
  [67, 'Deprecated', 'this instruction is deprecated and no longer does anything'],
  [68, 'ImmutableField', 'this field cannot be changed'],
  [69, 'CyoaRequiresPhysical', 'CYOA can only be set on a physical interface'],
  [70, 'DeviceHasInterfaces', 'the device still has interfaces'],
  [71, 'MulticastGroupNotEmpty', 'the multicast group still has publishers or subscribers'],
  [72, 'AccessPassInUse', 'the access pass still has active connections'],
  [73, 'InvalidTenantPubkey', 'the account given as a Tenant is not a Tenant'],
  [74, 'InvalidVrfId', 'the VRF id is not valid'],
  [75, 'VrfIdTooLong', 'the VRF id is too long'],
  [76, 'AdministratorAlreadyExists', 'that administrator is already on the tenant'],
  [77, 'AdministratorNotFound', 'that administrator is not on the tenant'],
  [78, 'InvalidPaymentStatus', 'the payment status is not valid'],
  [79, 'TenantNotInAccessPassAllowlist', 'the tenant is not in the access pass\'s tenant allowlist'],
  [80, 'InvalidTunnelEndpoint', 'the tunnel endpoint is not acceptable'],
  [81, 'MaxUnicastUsersExceeded', 'the device has reached its unicast user limit'],
  [82, 'MaxMulticastSubscribersExceeded', 'the device has reached its multicast subscriber limit'],
  [83, 'InterfaceHasEdgeAssignment', 'an interface cannot carry a link and a CYOA/DIA assignment at once'],
  [84, 'FeatureNotEnabled', 'a feature flag this action needs is switched off'],
  [85, 'MaxMulticastPublishersExceeded', 'the device has reached its multicast publisher limit'],
  [86, 'ArithmeticOverflow', 'a counter would overflow'],
  [87, 'InvalidName', 'the name is not valid'],
  [88, 'InvalidDeviceTunnelBlock', 'the device tunnel block must be a private or link-local network'],
  [89, 'AccessPassMaxUnicastUsersExceeded', 'the access pass has reached its unicast user limit'],
  [90, 'AccessPassMaxMulticastUsersExceeded', 'the access pass has reached its multicast user limit'],
  [91, 'MetroMismatch', 'no feed on the access pass covers the device\'s exchange'],
  [92, 'FeedAccountRequired', 'an EdgeSeat access pass needs a Feed account for this action'],
  [93, 'FeedNotOnAccessPass', 'the feed is not provisioned on the access pass'],
  [94, 'GroupNotInFeed', 'the multicast group cannot be joined through this feed at this exchange'],
  [95, 'FeedSeatFull', 'the feed has no free concurrent seat'],
  [96, 'FeedMaxUsersZero', 'a feed\'s max_users must be greater than zero'],
  [97, 'FeedMaxUsersBelowCurrentUsers', 'a feed\'s max_users cannot be below its current users'],
  [98, 'FeedMaxFutureUsersBelowMaxUsers', 'a feed\'s max_future_users cannot be below max_users'],
  [99, 'FeedInvalidAnniversaryDay', 'the anniversary day must be within 1..31'],
  [100, 'FeedInvalidBillingWindow', 'the billing window must end in the future and not after termination'],
  [101, 'EdgeSeatRequired', 'feed subscriptions need an EdgeSeat access pass'],
  [102, 'UserDeviceMismatch', 'the Device given is not the user\'s device'],
  [103, 'UserFeedLimitExceeded', 'the user would hold more feeds than the access pass allows'],
  [104, 'EdgeSeatIsMulticastOnly', 'EdgeSeat feed seats are only for multicast users'],
];

/** Every DoubleZeroError custom code the program defines (1..104), ascending. */
export const PROGRAM_ERRORS: readonly ProgramErrorInfo[] = Object.freeze(
  TABLE.map(([code, name, message]) => Object.freeze({ code, name, message })),
);

const INFO_BY_CODE = new Map<number, ProgramErrorInfo>(PROGRAM_ERRORS.map((e) => [e.code, e]));
const INFO_BY_NAME = new Map<string, ProgramErrorInfo>(PROGRAM_ERRORS.map((e) => [e.name, e]));

/** The table entry for a custom code, or undefined when the program does not define it. */
export function programErrorInfo(code: number): ProgramErrorInfo | undefined {
  expectInteger(code, 'code');
  return INFO_BY_CODE.get(code);
}

/** The table entry for a DoubleZeroError variant name ("InvalidStatus"), or undefined. */
export function programErrorInfoByName(name: string): ProgramErrorInfo | undefined {
  expectString(name, 'name');
  return INFO_BY_NAME.get(name);
}

/** "InvalidDeviceAPubkey" → "INVALID_DEVICE_A_PUBKEY". */
function screamingSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();
}

/** Where an error was seen: which instruction, the transaction logs, which program raised it. */
export interface ProgramErrorContext {
  /** Index of the failing instruction in the transaction. */
  instructionIndex?: number;
  /** The transaction's log lines, when known. */
  logs?: readonly string[];
  /** The program that raised the error, when the logs show it (base58). */
  programId?: string;
  /** The text of `panicked at ...` when the logs carry a panic. */
  panicMessage?: string;
  /** The underlying error, kept as the thrown error's `cause`. */
  cause?: unknown;
}

function where(ctx: ProgramErrorContext): string {
  return ctx.instructionIndex === undefined ? '' : ` in instruction ${ctx.instructionIndex}`;
}

const hex = (n: number): string => `0x${n.toString(16)}`;

/**
 * A custom error code (`InstructionError(i, Custom(n))`) returned by an instruction. Subclasses:
 * one per DoubleZeroError (`code` = `DZ_<NAME>`), `UnknownCustomProgramError` for a code the
 * program does not define, `ForeignProgramError` for a code raised by another program.
 */
export abstract class DzProgramError extends DzprovError {
  /** The subclass's name, `<Variant>Error` (e.g. `'NotAllowedError'`), set in its constructor so that minified bundles keep it. */
  override name = 'DzProgramError';
  /** `DZ_<VARIANT>` for a DoubleZeroError, `DZ_UNKNOWN_CUSTOM`, or `FOREIGN_PROGRAM_ERROR`. */
  readonly code: string;
  /** The on-chain custom error code `n` of `Custom(n)`. */
  readonly customCode: number;
  /** The program's variant name ("InvalidStatus"); "Custom" when the code is not in the table. */
  readonly programErrorName: string;
  /** What the error means. */
  readonly description: string;
  /** Index of the failing instruction in the transaction, when known. */
  readonly instructionIndex?: number;
  /** The transaction's log lines, when known (a copy). */
  readonly logs?: string[];
  /** The program that raised the error (base58), when the logs show it. */
  readonly programId?: string;

  constructor(code: string, customCode: number, programErrorName: string, description: string, ctx: ProgramErrorContext = {}) {
    super(
      `${programErrorName} (custom program error ${customCode} = ${hex(customCode)})${where(ctx)}: ${description}`,
      ctx.cause === undefined ? undefined : { cause: ctx.cause },
    );
    this.code = code;
    this.customCode = customCode;
    this.programErrorName = programErrorName;
    this.description = description;
    if (ctx.instructionIndex !== undefined) this.instructionIndex = ctx.instructionIndex;
    if (ctx.logs !== undefined) this.logs = [...ctx.logs];
    if (ctx.programId !== undefined) this.programId = ctx.programId;
  }
}

/**
 * The class of one DoubleZeroError. Each exported subclass below is a distinct class whose `name`
 * is `<Variant>Error` and whose `code` is `DZ_<VARIANT>` (e.g. `NotAllowedError`, `DZ_NOT_ALLOWED`).
 */
export interface ProgramErrorCaseClass {
  new (ctx?: ProgramErrorContext): DzProgramError;
  /** The custom code the class stands for. */
  readonly customCode: number;
}

function programErrorCase(customCode: number): ProgramErrorCaseClass {
  const found = INFO_BY_CODE.get(customCode);
  if (!found) throw new Error(`programErrors: no table entry for custom code ${customCode}`);
  const info: ProgramErrorInfo = found;
  const code = `DZ_${screamingSnake(info.name)}`;
  return class extends DzProgramError {
    /** The custom code this class stands for. */
    static readonly customCode: number = customCode;
    constructor(ctx: ProgramErrorContext = {}) {
      super(code, info.code, info.name, info.message, ctx);
      // The class is named after the program's variant (`NotAllowed` → NotAllowedError); set here
      // so the name survives minification, which renames classes.
      this.name = `${info.name}Error`;
    }
  };
}

/** Custom(1): the signer is not the owner this action requires. */
export class InvalidOwnerPubkeyError extends programErrorCase(1) {}
/** Custom(2): the account given as a Location is not a Location. */
export class InvalidLocationPubkeyError extends programErrorCase(2) {}
/** Custom(3): the account given as an Exchange is not an Exchange. */
export class InvalidExchangePubkeyError extends programErrorCase(3) {}
/** Custom(4): the account given as side A is not a Device. */
export class InvalidDeviceAPubkeyError extends programErrorCase(4) {}
/** Custom(5): the account given as side Z is not a Device. */
export class InvalidDeviceZPubkeyError extends programErrorCase(5) {}
/** Custom(6): the account given as a Device is not a valid Device, or two device keys that must differ are the same. */
export class InvalidDevicePubkeyError extends programErrorCase(6) {}
/** Custom(7): the entity's current status does not permit this operation. */
export class InvalidStatusError extends programErrorCase(7) {}
/** Custom(8): the caller is not permitted to perform this action. */
export class NotAllowedError extends programErrorCase(8) {}
/** Custom(9): the account's type byte is not the expected account type. */
export class InvalidAccountTypeError extends programErrorCase(9) {}
/** Custom(10): the account given as a Contributor is not a Contributor. */
export class InvalidContributorPubkeyError extends programErrorCase(10) {}
/** Custom(11): the interface record version is not supported. */
export class InvalidInterfaceVersionError extends programErrorCase(11) {}
/** Custom(12): the interface name is not valid. */
export class InvalidInterfaceNameError extends programErrorCase(12) {}
/** Custom(13): the entity is still referenced by other accounts and cannot be removed. */
export class ReferenceCountNotZeroError extends programErrorCase(13) {}
/** Custom(14): the contributor does not match or is not valid for this entity. */
export class InvalidContributorError extends programErrorCase(14) {}
/** Custom(15): an external link must not name a side-Z interface. */
export class InvalidInterfaceZForExternalError extends programErrorCase(15) {}
/** Custom(16): the index is not valid. */
export class InvalidIndexError extends programErrorCase(16) {}
/** Custom(17): the device slot is already occupied. */
export class DeviceAlreadySetError extends programErrorCase(17) {}
/** Custom(18): the device slot is empty. */
export class DeviceNotSetError extends programErrorCase(18) {}
/** Custom(19): the code may only hold letters, digits, '_', '-' and ':'. */
export class InvalidAccountCodeError extends programErrorCase(19) {}
/** Custom(20): the device has reached its user capacity. */
export class MaxUsersExceededError extends programErrorCase(20) {}
/** Custom(21): the access-pass epoch is not acceptable. */
export class InvalidLastAccessEpochError extends programErrorCase(21) {}
/** Custom(22): the caller does not hold the required authority. */
export class UnauthorizedError extends programErrorCase(22) {}
/** Custom(23): the Solana validator identity key is not valid. */
export class InvalidSolanaPubkeyError extends programErrorCase(23) {}
/** Custom(24): the device has no interface with that name. */
export class InterfaceNotFoundError extends programErrorCase(24) {}
/** Custom(25): the access pass does not allow this connection. */
export class AccessPassUnauthorizedError extends programErrorCase(25) {}
/** Custom(26): the client IP address is not acceptable. */
export class InvalidClientIpError extends programErrorCase(26) {}
/** Custom(27): the DoubleZero IP address is not acceptable. */
export class InvalidDzIpError extends programErrorCase(27) {}
/** Custom(28): the tunnel network is not acceptable (link tunnel networks must be private). */
export class InvalidTunnelNetError extends programErrorCase(28) {}
/** Custom(29): the tunnel id is out of range (at most 1024 for links). */
export class InvalidTunnelIdError extends programErrorCase(29) {}
/** Custom(30): the tunnel IP address is not acceptable. */
export class InvalidTunnelIpError extends programErrorCase(30) {}
/** Custom(31): the bandwidth is out of range (links: 10 to 400 Gbps). */
export class InvalidBandwidthError extends programErrorCase(31) {}
/** Custom(32): the delay is out of range (10 microseconds to 1 second). */
export class InvalidDelayError extends programErrorCase(32) {}
/** Custom(33): the jitter is out of range (10 microseconds to 1 second). */
export class InvalidJitterError extends programErrorCase(33) {}
/** Custom(34): the code (or management VRF) is longer than 32 bytes. */
export class CodeTooLongError extends programErrorCase(34) {}
/** Custom(35): the device needs at least one DZ prefix. */
export class NoDzPrefixesError extends programErrorCase(35) {}
/** Custom(36): the location reference is missing or not valid. */
export class InvalidLocationError extends programErrorCase(36) {}
/** Custom(37): the exchange reference is missing or not valid. */
export class InvalidExchangeError extends programErrorCase(37) {}
/** Custom(38): the DZ prefix is not a globally routable network. */
export class InvalidDzPrefixError extends programErrorCase(38) {}
/** Custom(39): the name is longer than allowed. */
export class NameTooLongError extends programErrorCase(39) {}
/** Custom(40): the latitude is outside -90..90. */
export class InvalidLatitudeError extends programErrorCase(40) {}
/** Custom(41): the longitude is outside -180..180. */
export class InvalidLongitudeError extends programErrorCase(41) {}
/** Custom(42): the location id is not valid. */
export class InvalidLocIdError extends programErrorCase(42) {}
/** Custom(43): the country code must be two characters. */
export class InvalidCountryCodeError extends programErrorCase(43) {}
/** Custom(44): the local ASN must be between 1 and 4294967294. */
export class InvalidLocalAsnError extends programErrorCase(44) {}
/** Custom(45): the remote ASN must be between 1 and 4294967294. */
export class InvalidRemoteAsnError extends programErrorCase(45) {}
/** Custom(46): the MTU is not acceptable. */
export class InvalidMtuError extends programErrorCase(46) {}
/** Custom(47): the interface IP address is not allowed here. */
export class InvalidInterfaceIpError extends programErrorCase(47) {}
/** Custom(48): the interface network is not acceptable. */
export class InvalidInterfaceIpNetError extends programErrorCase(48) {}
/** Custom(49): the VLAN id is above 4094. */
export class InvalidVlanIdError extends programErrorCase(49) {}
/** Custom(50): the multicast maximum bandwidth is not acceptable. */
export class InvalidMaxBandwidthError extends programErrorCase(50) {}
/** Custom(51): the multicast IP address is not acceptable. */
export class InvalidMulticastIpError extends programErrorCase(51) {}
/** Custom(52): the account is not owned by the expected program. */
export class InvalidAccountOwnerError extends programErrorCase(52) {}
/** Custom(53): no access pass exists for this request. */
export class AccessPassNotFoundError extends programErrorCase(53) {}
/** Custom(54): no user account exists for this request. */
export class UserAccountNotFoundError extends programErrorCase(54) {}
/** Custom(55): the BGP community is outside 10000..10999. */
export class InvalidBgpCommunityError extends programErrorCase(55) {}
/** Custom(56): an interface with that name already exists on the device. */
export class InterfaceAlreadyExistsError extends programErrorCase(56) {}
/** Custom(57): this interface type is not allowed here. */
export class InvalidInterfaceTypeError extends programErrorCase(57) {}
/** Custom(58): this loopback type is not allowed here. */
export class InvalidLoopbackTypeError extends programErrorCase(58) {}
/** Custom(59): the client version is below the program's minimum compatible version. */
export class InvalidMinCompatibleVersionError extends programErrorCase(59) {}
/** Custom(60): the actual location is not acceptable. */
export class InvalidActualLocationError extends programErrorCase(60) {}
/** Custom(61): the user account address is not the expected PDA. */
export class InvalidUserPubkeyError extends programErrorCase(61) {}
/** Custom(62): the public IP address is not acceptable (not globally routable, or overlaps a DZ prefix). */
export class InvalidPublicIpError extends programErrorCase(62) {}
/** Custom(63): the resource pool has nothing left to allocate. */
export class AllocationFailedError extends programErrorCase(63) {}
/** Custom(64): the program could not write the account data. */
export class SerializationFailureError extends programErrorCase(64) {}
/** Custom(65): an instruction argument is not acceptable. */
export class InvalidArgumentError extends programErrorCase(65) {}
/** Custom(66): the foundation allowlist cannot become empty. */
export class InvalidFoundationAllowlistError extends programErrorCase(66) {}
/** Custom(67): this instruction is deprecated and no longer does anything. */
export class DeprecatedError extends programErrorCase(67) {}
/** Custom(68): this field cannot be changed. */
export class ImmutableFieldError extends programErrorCase(68) {}
/** Custom(69): CYOA can only be set on a physical interface. */
export class CyoaRequiresPhysicalError extends programErrorCase(69) {}
/** Custom(70): the device still has interfaces. */
export class DeviceHasInterfacesError extends programErrorCase(70) {}
/** Custom(71): the multicast group still has publishers or subscribers. */
export class MulticastGroupNotEmptyError extends programErrorCase(71) {}
/** Custom(72): the access pass still has active connections. */
export class AccessPassInUseError extends programErrorCase(72) {}
/** Custom(73): the account given as a Tenant is not a Tenant. */
export class InvalidTenantPubkeyError extends programErrorCase(73) {}
/** Custom(74): the VRF id is not valid. */
export class InvalidVrfIdError extends programErrorCase(74) {}
/** Custom(75): the VRF id is too long. */
export class VrfIdTooLongError extends programErrorCase(75) {}
/** Custom(76): that administrator is already on the tenant. */
export class AdministratorAlreadyExistsError extends programErrorCase(76) {}
/** Custom(77): that administrator is not on the tenant. */
export class AdministratorNotFoundError extends programErrorCase(77) {}
/** Custom(78): the payment status is not valid. */
export class InvalidPaymentStatusError extends programErrorCase(78) {}
/** Custom(79): the tenant is not in the access pass's tenant allowlist. */
export class TenantNotInAccessPassAllowlistError extends programErrorCase(79) {}
/** Custom(80): the tunnel endpoint is not acceptable. */
export class InvalidTunnelEndpointError extends programErrorCase(80) {}
/** Custom(81): the device has reached its unicast user limit. */
export class MaxUnicastUsersExceededError extends programErrorCase(81) {}
/** Custom(82): the device has reached its multicast subscriber limit. */
export class MaxMulticastSubscribersExceededError extends programErrorCase(82) {}
/** Custom(83): an interface cannot carry a link and a CYOA/DIA assignment at once. */
export class InterfaceHasEdgeAssignmentError extends programErrorCase(83) {}
/** Custom(84): a feature flag this action needs is switched off. */
export class FeatureNotEnabledError extends programErrorCase(84) {}
/** Custom(85): the device has reached its multicast publisher limit. */
export class MaxMulticastPublishersExceededError extends programErrorCase(85) {}
/** Custom(86): a counter would overflow. */
export class ArithmeticOverflowError extends programErrorCase(86) {}
/** Custom(87): the name is not valid. */
export class InvalidNameError extends programErrorCase(87) {}
/** Custom(88): the device tunnel block must be a private or link-local network. */
export class InvalidDeviceTunnelBlockError extends programErrorCase(88) {}
/** Custom(89): the access pass has reached its unicast user limit. */
export class AccessPassMaxUnicastUsersExceededError extends programErrorCase(89) {}
/** Custom(90): the access pass has reached its multicast user limit. */
export class AccessPassMaxMulticastUsersExceededError extends programErrorCase(90) {}
/** Custom(91): no feed on the access pass covers the device's exchange. */
export class MetroMismatchError extends programErrorCase(91) {}
/** Custom(92): an EdgeSeat access pass needs a Feed account for this action. */
export class FeedAccountRequiredError extends programErrorCase(92) {}
/** Custom(93): the feed is not provisioned on the access pass. */
export class FeedNotOnAccessPassError extends programErrorCase(93) {}
/** Custom(94): the multicast group cannot be joined through this feed at this exchange. */
export class GroupNotInFeedError extends programErrorCase(94) {}
/** Custom(95): the feed has no free concurrent seat. */
export class FeedSeatFullError extends programErrorCase(95) {}
/** Custom(96): a feed's max_users must be greater than zero. */
export class FeedMaxUsersZeroError extends programErrorCase(96) {}
/** Custom(97): a feed's max_users cannot be below its current users. */
export class FeedMaxUsersBelowCurrentUsersError extends programErrorCase(97) {}
/** Custom(98): a feed's max_future_users cannot be below max_users. */
export class FeedMaxFutureUsersBelowMaxUsersError extends programErrorCase(98) {}
/** Custom(99): the anniversary day must be within 1..31. */
export class FeedInvalidAnniversaryDayError extends programErrorCase(99) {}
/** Custom(100): the billing window must end in the future and not after termination. */
export class FeedInvalidBillingWindowError extends programErrorCase(100) {}
/** Custom(101): feed subscriptions need an EdgeSeat access pass. */
export class EdgeSeatRequiredError extends programErrorCase(101) {}
/** Custom(102): the Device given is not the user's device. */
export class UserDeviceMismatchError extends programErrorCase(102) {}
/** Custom(103): the user would hold more feeds than the access pass allows. */
export class UserFeedLimitExceededError extends programErrorCase(103) {}
/** Custom(104): EdgeSeat feed seats are only for multicast users. */
export class EdgeSeatIsMulticastOnlyError extends programErrorCase(104) {}

/** Each DoubleZeroError's class, by custom code (in table order). */
export const PROGRAM_ERROR_CLASSES: ReadonlyMap<number, ProgramErrorCaseClass> = new Map(
  [
      InvalidOwnerPubkeyError,
      InvalidLocationPubkeyError,
      InvalidExchangePubkeyError,
      InvalidDeviceAPubkeyError,
      InvalidDeviceZPubkeyError,
      InvalidDevicePubkeyError,
      InvalidStatusError,
      NotAllowedError,
      InvalidAccountTypeError,
      InvalidContributorPubkeyError,
      InvalidInterfaceVersionError,
      InvalidInterfaceNameError,
      ReferenceCountNotZeroError,
      InvalidContributorError,
      InvalidInterfaceZForExternalError,
      InvalidIndexError,
      DeviceAlreadySetError,
      DeviceNotSetError,
      InvalidAccountCodeError,
      MaxUsersExceededError,
      InvalidLastAccessEpochError,
      UnauthorizedError,
      InvalidSolanaPubkeyError,
      InterfaceNotFoundError,
      AccessPassUnauthorizedError,
      InvalidClientIpError,
      InvalidDzIpError,
      InvalidTunnelNetError,
      InvalidTunnelIdError,
      InvalidTunnelIpError,
      InvalidBandwidthError,
      InvalidDelayError,
      InvalidJitterError,
      CodeTooLongError,
      NoDzPrefixesError,
      InvalidLocationError,
      InvalidExchangeError,
      InvalidDzPrefixError,
      NameTooLongError,
      InvalidLatitudeError,
      InvalidLongitudeError,
      InvalidLocIdError,
      InvalidCountryCodeError,
      InvalidLocalAsnError,
      InvalidRemoteAsnError,
      InvalidMtuError,
      InvalidInterfaceIpError,
      InvalidInterfaceIpNetError,
      InvalidVlanIdError,
      InvalidMaxBandwidthError,
      InvalidMulticastIpError,
      InvalidAccountOwnerError,
      AccessPassNotFoundError,
      UserAccountNotFoundError,
      InvalidBgpCommunityError,
      InterfaceAlreadyExistsError,
      InvalidInterfaceTypeError,
      InvalidLoopbackTypeError,
      InvalidMinCompatibleVersionError,
      InvalidActualLocationError,
      InvalidUserPubkeyError,
      InvalidPublicIpError,
      AllocationFailedError,
      SerializationFailureError,
      InvalidArgumentError,
      InvalidFoundationAllowlistError,
      DeprecatedError,
      ImmutableFieldError,
      CyoaRequiresPhysicalError,
      DeviceHasInterfacesError,
      MulticastGroupNotEmptyError,
      AccessPassInUseError,
      InvalidTenantPubkeyError,
      InvalidVrfIdError,
      VrfIdTooLongError,
      AdministratorAlreadyExistsError,
      AdministratorNotFoundError,
      InvalidPaymentStatusError,
      TenantNotInAccessPassAllowlistError,
      InvalidTunnelEndpointError,
      MaxUnicastUsersExceededError,
      MaxMulticastSubscribersExceededError,
      InterfaceHasEdgeAssignmentError,
      FeatureNotEnabledError,
      MaxMulticastPublishersExceededError,
      ArithmeticOverflowError,
      InvalidNameError,
      InvalidDeviceTunnelBlockError,
      AccessPassMaxUnicastUsersExceededError,
      AccessPassMaxMulticastUsersExceededError,
      MetroMismatchError,
      FeedAccountRequiredError,
      FeedNotOnAccessPassError,
      GroupNotInFeedError,
      FeedSeatFullError,
      FeedMaxUsersZeroError,
      FeedMaxUsersBelowCurrentUsersError,
      FeedMaxFutureUsersBelowMaxUsersError,
      FeedInvalidAnniversaryDayError,
      FeedInvalidBillingWindowError,
      EdgeSeatRequiredError,
      UserDeviceMismatchError,
      UserFeedLimitExceededError,
      EdgeSeatIsMulticastOnlyError,
  ].map((cls) => [cls.customCode, cls] as const),
);

/** A custom code the program's table does not define (`Custom(n)` passes through unchanged). */
export class UnknownCustomProgramError extends DzProgramError {
  /** Always `'UnknownCustomProgramError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'UnknownCustomProgramError';
  constructor(customCode: number, ctx: ProgramErrorContext = {}) {
    super('DZ_UNKNOWN_CUSTOM', customCode, 'Custom', 'a custom error code the serviceability program does not define', ctx);
  }
}

/**
 * The System program's address in base58, as program ids appear in logs (internal: the package
 * root exports SYSTEM_PROGRAM_ID as a PublicKey, like every other program id).
 */
const SYSTEM_PROGRAM_ADDRESS = '11111111111111111111111111111111';
/** The System program's custom error codes (the program calls it to create and fund accounts). */
const SYSTEM_ERRORS: Readonly<Record<number, readonly [string, string]>> = {
  0: ['AccountAlreadyInUse', 'an account with this address already exists'],
  1: ['ResultWithNegativeLamports', 'the paying account does not hold enough lamports'],
  2: ['InvalidProgramId', 'the program id cannot be assigned'],
  3: ['InvalidAccountDataLength', 'the requested account size is not allowed'],
  4: ['MaxSeedLengthExceeded', 'a seed is too long'],
  5: ['AddressWithSeedMismatch', 'the address does not match the derived seed address'],
  6: ['NonceNoRecentBlockhashes', 'no recent blockhashes are available for the nonce'],
  7: ['NonceBlockhashNotExpired', 'the nonce blockhash has not expired yet'],
  8: ['NonceUnexpectedBlockhashValue', 'the nonce blockhash is not the expected value'],
};

/**
 * A custom error code raised by a program other than the serviceability program: a program it
 * called (the System program when an account is created or funded), or another instruction's
 * program. `programId` says which one; the code means nothing in the DoubleZeroError table.
 */
export class ForeignProgramError extends DzProgramError {
  /** Always `'ForeignProgramError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'ForeignProgramError';
  constructor(customCode: number, programId: string, ctx: ProgramErrorContext = {}) {
    const system = programId === SYSTEM_PROGRAM_ADDRESS ? SYSTEM_ERRORS[customCode] : undefined;
    super(
      'FOREIGN_PROGRAM_ERROR',
      customCode,
      system ? system[0] : 'Custom',
      system ? `System program: ${system[1]}` : `custom error of program ${programId}`,
      { ...ctx, programId },
    );
  }
}

function checkCustomCode(n: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new ValidationError('customCode', `${describeValue(n)} is not a u32 custom error code`);
  }
}

/**
 * The typed error for custom code `n`: the code's own class when the program defines it,
 * otherwise `UnknownCustomProgramError`. Throws ValidationError when `n` is not a u32.
 */
export function programErrorFromCode(n: number, ctx: ProgramErrorContext = {}): DzProgramError {
  checkCustomCode(n);
  expectObject(ctx, 'ctx');
  const cls = PROGRAM_ERROR_CLASSES.get(n);
  return cls ? new cls(ctx) : new UnknownCustomProgramError(n, ctx);
}

// ---------------------------------------------------------------------------------------------
// Built-in instruction errors

/**
 * Every built-in `InstructionError` variant of the Solana runtime except `Custom`, with the
 * runtime's display text (as it appears in logs and in web3.js messages, "Error processing
 * Instruction 0: <text>").
 */
const BUILTIN_DISPLAY: Readonly<Record<string, string>> = {
  GenericError: 'generic instruction error',
  InvalidArgument: 'invalid program argument',
  InvalidInstructionData: 'invalid instruction data',
  InvalidAccountData: 'invalid account data for instruction',
  AccountDataTooSmall: 'account data too small for instruction',
  InsufficientFunds: 'insufficient funds for instruction',
  IncorrectProgramId: 'incorrect program id for instruction',
  MissingRequiredSignature: 'missing required signature for instruction',
  AccountAlreadyInitialized: 'instruction requires an uninitialized account',
  UninitializedAccount: 'instruction requires an initialized account',
  UnbalancedInstruction: 'sum of account balances before and after instruction do not match',
  ModifiedProgramId: 'instruction illegally modified the program id of an account',
  ExternalAccountLamportSpend: 'instruction spent from the balance of an account it does not own',
  ExternalAccountDataModified: 'instruction modified data of an account it does not own',
  ReadonlyLamportChange: 'instruction changed the balance of a read-only account',
  ReadonlyDataModified: 'instruction modified data of a read-only account',
  DuplicateAccountIndex: 'instruction contains duplicate accounts',
  ExecutableModified: 'instruction changed executable bit of an account',
  RentEpochModified: 'instruction modified rent epoch of an account',
  NotEnoughAccountKeys: 'insufficient account keys for instruction',
  AccountDataSizeChanged: "program other than the account's owner changed the size of the account data",
  AccountNotExecutable: 'instruction expected an executable account',
  AccountBorrowFailed: 'instruction tries to borrow reference for an account which is already borrowed',
  AccountBorrowOutstanding: 'instruction left account with an outstanding borrowed reference',
  DuplicateAccountOutOfSync: 'instruction modifications of multiply-passed account differ',
  InvalidError: 'program returned invalid error code',
  ExecutableDataModified: 'instruction changed executable accounts data',
  ExecutableLamportChange: 'instruction changed the balance of an executable account',
  ExecutableAccountNotRentExempt: 'executable accounts must be rent exempt',
  UnsupportedProgramId: 'Unsupported program id',
  CallDepth: 'Cross-program invocation call depth too deep',
  MissingAccount: 'An account required by the instruction is missing',
  ReentrancyNotAllowed: 'Cross-program invocation reentrancy not allowed for this instruction',
  MaxSeedLengthExceeded: 'Length of the seed is too long for address generation',
  InvalidSeeds: 'Provided seeds do not result in a valid address',
  InvalidRealloc: 'Failed to reallocate account data',
  ComputationalBudgetExceeded: 'Computational budget exceeded',
  PrivilegeEscalation: 'Cross-program invocation with unauthorized signer or writable account',
  ProgramEnvironmentSetupFailure: 'Failed to create program execution environment',
  ProgramFailedToComplete: 'Program failed to complete',
  ProgramFailedToCompile: 'Program failed to compile',
  Immutable: 'Account is immutable',
  IncorrectAuthority: 'Incorrect authority provided',
  BorshIoError: 'Failed to serialize or deserialize account data',
  AccountNotRentExempt: 'An account does not have enough lamports to be rent-exempt',
  InvalidAccountOwner: 'Invalid account owner',
  ArithmeticOverflow: 'Program arithmetic overflowed',
  UnsupportedSysvar: 'Unsupported sysvar',
  IllegalOwner: 'Provided owner is not allowed',
  MaxAccountsDataAllocationsExceeded: 'Accounts data allocations exceeded the maximum allowed per transaction',
  MaxAccountsExceeded: 'Max accounts exceeded',
  MaxInstructionTraceLengthExceeded: 'Max instruction trace length exceeded',
  BuiltinProgramsMustConsumeComputeUnits: 'Builtin programs must consume compute units',
};

/** The built-in InstructionError variant names dzprov knows (`Custom` excluded). */
export const BUILTIN_INSTRUCTION_ERRORS: readonly string[] = Object.freeze(Object.keys(BUILTIN_DISPLAY));

const BUILTIN_BY_DISPLAY = new Map<string, string>(Object.entries(BUILTIN_DISPLAY).map(([k, v]) => [v, k]));

/** What the built-in errors a serviceability client meets mean for it. */
const BUILTIN_HINT: Readonly<Record<string, string>> = {
  InvalidInstructionData: 'the instruction data does not decode (unknown tag or malformed arguments)',
  InvalidArgument: 'the runtime or the program rejected an argument (built-in InvalidArgument, not the program\'s Custom 65)',
  InvalidAccountData: 'an account does not decode as the expected account type, or a Permission account is not valid',
  AccountAlreadyInitialized: 'the account to create already exists',
  NotEnoughAccountKeys: 'the instruction has fewer accounts than the program reads',
  MissingRequiredSignature: 'an account that must sign did not',
  IncorrectProgramId: 'an account is not owned by the expected program',
  InsufficientFunds: 'an account does not hold enough lamports',
  ComputationalBudgetExceeded: 'the instruction ran out of compute units',
  ProgramFailedToComplete: 'the program aborted: a failed assertion or a panic',
};

/**
 * A built-in Solana `InstructionError` (anything but `Custom`). `builtin` is the runtime's variant
 * name ("InvalidAccountData"), or "Unknown" when only an unrecognised failure text was seen (then
 * `detail` holds the text). The common ones have subclasses.
 */
export class BuiltinProgramError extends DzprovError {
  /** Always `'BuiltinProgramError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'BuiltinProgramError';
  readonly code: string;
  /** The InstructionError variant name. */
  readonly builtin: string;
  /** Extra text: the BorshIoError message, or an unrecognised failure text from the logs. */
  readonly detail?: string;
  /** Index of the failing instruction in the transaction, when known. */
  readonly instructionIndex?: number;
  /** The transaction's log lines, when known (a copy). */
  readonly logs?: string[];
  /** The program that failed (base58), when the logs show it. */
  readonly programId?: string;

  constructor(builtin: string, ctx: ProgramErrorContext & { detail?: string } = {}) {
    const display = BUILTIN_DISPLAY[builtin];
    const hint = BUILTIN_HINT[builtin];
    const text = `${display ?? builtin}${ctx.detail !== undefined && builtin !== 'Unknown' ? ` (${ctx.detail})` : ''}`;
    super(
      builtin === 'Unknown'
        ? `program failed${where(ctx)}: ${ctx.detail ?? 'unknown failure'}`
        : `${builtin}${where(ctx)}: ${text}${hint ? ` — ${hint}` : ''}`,
      ctx.cause === undefined ? undefined : { cause: ctx.cause },
    );
    this.code = `BUILTIN_${screamingSnake(builtin)}`;
    this.builtin = builtin;
    if (ctx.detail !== undefined) this.detail = ctx.detail;
    if (ctx.instructionIndex !== undefined) this.instructionIndex = ctx.instructionIndex;
    if (ctx.logs !== undefined) this.logs = [...ctx.logs];
    if (ctx.programId !== undefined) this.programId = ctx.programId;
  }
}

type BuiltinCtx = ProgramErrorContext & { detail?: string };

/** Built-in `InvalidInstructionData`: the instruction data does not decode. */
export class BuiltinInvalidInstructionDataError extends BuiltinProgramError {
  /** Always `'BuiltinInvalidInstructionDataError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'BuiltinInvalidInstructionDataError';
  constructor(ctx: BuiltinCtx = {}) {
    super('InvalidInstructionData', ctx);
  }
}
/** Built-in `InvalidArgument` (not the program's Custom 65 `InvalidArgumentError`). */
export class BuiltinInvalidArgumentError extends BuiltinProgramError {
  /** Always `'BuiltinInvalidArgumentError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'BuiltinInvalidArgumentError';
  constructor(ctx: BuiltinCtx = {}) {
    super('InvalidArgument', ctx);
  }
}
/** Built-in `InvalidAccountData`: an account is not the expected account type (or not decodable). */
export class BuiltinInvalidAccountDataError extends BuiltinProgramError {
  /** Always `'BuiltinInvalidAccountDataError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'BuiltinInvalidAccountDataError';
  constructor(ctx: BuiltinCtx = {}) {
    super('InvalidAccountData', ctx);
  }
}
/** Built-in `AccountAlreadyInitialized`: the account to create exists already. */
export class BuiltinAccountAlreadyInitializedError extends BuiltinProgramError {
  /** Always `'BuiltinAccountAlreadyInitializedError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'BuiltinAccountAlreadyInitializedError';
  constructor(ctx: BuiltinCtx = {}) {
    super('AccountAlreadyInitialized', ctx);
  }
}
/** Built-in `NotEnoughAccountKeys`: an account the program reads is missing. */
export class BuiltinNotEnoughAccountKeysError extends BuiltinProgramError {
  /** Always `'BuiltinNotEnoughAccountKeysError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'BuiltinNotEnoughAccountKeysError';
  constructor(ctx: BuiltinCtx = {}) {
    super('NotEnoughAccountKeys', ctx);
  }
}
/** Built-in `MissingRequiredSignature`. */
export class BuiltinMissingRequiredSignatureError extends BuiltinProgramError {
  /** Always `'BuiltinMissingRequiredSignatureError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'BuiltinMissingRequiredSignatureError';
  constructor(ctx: BuiltinCtx = {}) {
    super('MissingRequiredSignature', ctx);
  }
}
/** Built-in `IncorrectProgramId`. */
export class BuiltinIncorrectProgramIdError extends BuiltinProgramError {
  /** Always `'BuiltinIncorrectProgramIdError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'BuiltinIncorrectProgramIdError';
  constructor(ctx: BuiltinCtx = {}) {
    super('IncorrectProgramId', ctx);
  }
}
/** Built-in `InsufficientFunds`. */
export class BuiltinInsufficientFundsError extends BuiltinProgramError {
  /** Always `'BuiltinInsufficientFundsError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'BuiltinInsufficientFundsError';
  constructor(ctx: BuiltinCtx = {}) {
    super('InsufficientFunds', ctx);
  }
}
/** Built-in `ComputationalBudgetExceeded`. */
export class BuiltinComputationalBudgetExceededError extends BuiltinProgramError {
  /** Always `'BuiltinComputationalBudgetExceededError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'BuiltinComputationalBudgetExceededError';
  constructor(ctx: BuiltinCtx = {}) {
    super('ComputationalBudgetExceeded', ctx);
  }
}

/**
 * The program aborted: the runtime reports `ProgramFailedToComplete`. The serviceability program's
 * account checks (signer, owner, writable, expected PDA) are assertions, so a wrong account often
 * ends here rather than with a custom code. `panicMessage` holds the `panicked at ...` text when
 * the logs carry it. `code` is `PROGRAM_PANIC`.
 */
export class ProgramPanicError extends BuiltinProgramError {
  /** Always `'ProgramPanicError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'ProgramPanicError';
  override readonly code: string = 'PROGRAM_PANIC';
  /** The text of the program's `panicked at ...` log line, when the logs carry it. */
  readonly panicMessage?: string;
  constructor(ctx: BuiltinCtx = {}) {
    super('ProgramFailedToComplete', ctx);
    if (ctx.panicMessage !== undefined) {
      this.panicMessage = ctx.panicMessage;
      this.message = `${this.message}; ${ctx.panicMessage}`;
    }
  }
}

const BUILTIN_CLASSES: Readonly<Record<string, new (ctx?: BuiltinCtx) => BuiltinProgramError>> = {
  InvalidInstructionData: BuiltinInvalidInstructionDataError,
  InvalidArgument: BuiltinInvalidArgumentError,
  InvalidAccountData: BuiltinInvalidAccountDataError,
  AccountAlreadyInitialized: BuiltinAccountAlreadyInitializedError,
  NotEnoughAccountKeys: BuiltinNotEnoughAccountKeysError,
  MissingRequiredSignature: BuiltinMissingRequiredSignatureError,
  IncorrectProgramId: BuiltinIncorrectProgramIdError,
  InsufficientFunds: BuiltinInsufficientFundsError,
  ComputationalBudgetExceeded: BuiltinComputationalBudgetExceededError,
  ProgramFailedToComplete: ProgramPanicError,
};

/** The typed error for a built-in InstructionError variant name ("InvalidAccountData"). */
export function builtinProgramError(variant: string, ctx: BuiltinCtx = {}): BuiltinProgramError {
  expectString(variant, 'variant');
  expectObject(ctx, 'ctx');
  if (variant !== 'Unknown' && BUILTIN_DISPLAY[variant] === undefined) {
    throw new ValidationError('builtin', `"${variant}" is not a built-in InstructionError variant`);
  }
  const cls = BUILTIN_CLASSES[variant];
  return cls ? new cls(ctx) : new BuiltinProgramError(variant, ctx);
}

// ---------------------------------------------------------------------------------------------
// Parsing what a client gets back

/** Options of parseProgramError: the logs and the program id that tell which program raised a code. */
export interface ParseProgramErrorOptions {
  /** The transaction's log lines, when the error value itself does not carry them. */
  logs?: readonly string[];
  /**
   * The serviceability program id. When the logs show that a custom code was raised by another
   * program, the result is a `ForeignProgramError`. Without it, a code raised by a program the
   * failing instruction called (the innermost failure differs from the outermost) is foreign.
   */
  programId?: KeyInput;
}

type Failure =
  | { kind: 'custom'; code: number; instructionIndex?: number }
  | { kind: 'builtin'; variant: string; detail?: string; instructionIndex?: number };

const CUSTOM_TEXT_RE = /custom program error: 0x([0-9a-fA-F]{1,8})\b/;
const BORSH_PREFIX = `${BUILTIN_DISPLAY.BorshIoError}: `;

/** A runtime display text ("custom program error: 0x7", "invalid account data for instruction"). */
function failureFromText(text: string, instructionIndex?: number): Failure | undefined {
  const t = text.trim().replace(/\.$/, '');
  const m = CUSTOM_TEXT_RE.exec(t);
  if (m && t.startsWith('custom program error')) return withIndex({ kind: 'custom', code: parseInt(m[1]!, 16) }, instructionIndex);
  const variant = BUILTIN_BY_DISPLAY.get(t);
  if (variant !== undefined) return withIndex({ kind: 'builtin', variant }, instructionIndex);
  if (t.startsWith(BORSH_PREFIX)) {
    return withIndex({ kind: 'builtin', variant: 'BorshIoError', detail: t.slice(BORSH_PREFIX.length) }, instructionIndex);
  }
  return undefined;
}

function withIndex(f: Failure, instructionIndex: number | undefined): Failure {
  return instructionIndex === undefined ? f : { ...f, instructionIndex };
}

const isU32 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;

/** `{ InstructionError: [i, { Custom: n }] }`, `{ InstructionError: [i, 'InvalidAccountData'] }`, ... */
function failureFromTransactionError(txErr: unknown): Failure | undefined {
  if (txErr === null || typeof txErr !== 'object' || !('InstructionError' in txErr)) return undefined;
  const ie = (txErr as { InstructionError: unknown }).InstructionError;
  if (!Array.isArray(ie) || ie.length !== 2 || !isU32(ie[0])) return undefined;
  const [index, inner] = ie as [number, unknown];
  if (typeof inner === 'string') return inner === 'Custom' ? undefined : { kind: 'builtin', variant: inner, instructionIndex: index };
  if (inner === null || typeof inner !== 'object') return undefined;
  const entries = Object.entries(inner);
  if (entries.length !== 1) return undefined;
  const [variant, payload] = entries[0]!;
  if (variant === 'Custom') return isU32(payload) ? { kind: 'custom', code: payload, instructionIndex: index } : undefined;
  return { kind: 'builtin', variant, instructionIndex: index, ...(typeof payload === 'string' ? { detail: payload } : {}) };
}

const JSON_IE_RE =
  /"?InstructionError"?\s*:\s*\[\s*(\d+)\s*,\s*(?:\{\s*"?Custom"?\s*:\s*(\d+)\s*\}|"([A-Za-z]+)"|\{\s*"?([A-Za-z]+)"?\s*:\s*"([^"]*)"\s*\})\s*\]/;
const PROCESSING_RE = /Error processing Instruction (\d+): ([^\n]*)/;

/** An error message: web3.js "Error processing Instruction 0: ...", a JSON-printed TransactionError, a log line. */
function failureFromMessage(message: string): Failure | undefined {
  const j = JSON_IE_RE.exec(message);
  if (j) {
    const index = Number(j[1]);
    if (j[2] !== undefined) {
      const code = Number(j[2]);
      if (isU32(code)) return { kind: 'custom', code, instructionIndex: index };
    } else if (j[3] !== undefined) {
      if (j[3] !== 'Custom') return { kind: 'builtin', variant: j[3], instructionIndex: index };
    } else if (j[4] !== undefined && j[4] !== 'Custom') {
      return { kind: 'builtin', variant: j[4], detail: j[5] ?? '', instructionIndex: index };
    }
  }
  const p = PROCESSING_RE.exec(message);
  if (p) {
    const f = failureFromText(p[2]!.replace(/\.\s*$/, ''), Number(p[1]));
    if (f) return f;
  }
  for (const line of message.split('\n')) {
    const facts = FAILED_RE.exec(line.trim());
    const f = facts ? failureFromText(facts[2]!) : undefined;
    if (f) return f;
  }
  const c = CUSTOM_TEXT_RE.exec(message);
  return c ? { kind: 'custom', code: parseInt(c[1]!, 16) } : undefined;
}

const FAILED_RE = /^Program ([1-9A-HJ-NP-Za-km-z]{32,44}) failed: (.*)$/s;
const PANIC_RE = /^Program log: (panicked at .*)$/s;

interface LogFacts {
  /** The first "Program X failed: ..." line: the program where the failure started. */
  innermost?: { programId: string; text: string };
  /** The last one: the failing instruction's own program. */
  outermost?: { programId: string; text: string };
  panicMessage?: string;
}

function analyseLogs(logs: readonly string[] | undefined): LogFacts {
  const facts: LogFacts = {};
  if (!logs) return facts;
  for (const line of logs) {
    if (typeof line !== 'string') continue;
    const f = FAILED_RE.exec(line);
    if (f) {
      const hit = { programId: f[1]!, text: f[2]! };
      facts.innermost ??= hit;
      facts.outermost = hit;
      continue;
    }
    const p = PANIC_RE.exec(line);
    if (p && facts.panicMessage === undefined) facts.panicMessage = p[1]!;
  }
  return facts;
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function get(o: unknown, key: string): unknown {
  return o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[key] : undefined;
}

/** Log lines carried by an error or result object, in the places web3.js and RPC results keep them. */
function logsOf(err: unknown): string[] | undefined {
  const candidates = [
    get(err, 'logs'),
    get(err, 'transactionLogs'),
    get(get(err, 'transactionError'), 'logs'),
    get(get(err, 'value'), 'logs'),
    get(get(err, 'meta'), 'logMessages'),
    get(err, 'logMessages'),
  ];
  return candidates.find(isStringArray);
}

/**
 * Turns what a failed transaction gives back into a typed program error, or `undefined` when it
 * is not an instruction failure (a network error, an expired blockhash, an unrelated exception).
 *
 * Accepts: a TransactionError (`{ InstructionError: [i, { Custom: n }] }`,
 * `{ InstructionError: [i, 'InvalidAccountData'] }`); a simulation result (`{ err, logs }`, or the
 * whole `{ context, value: { err, logs } }`); a confirmed transaction (`{ meta: { err, logMessages } }`);
 * a web3.js `SendTransactionError` (its logs and its "Error processing Instruction i: ..." message);
 * any Error whose message holds a printed TransactionError or a "custom program error: 0x.." text,
 * or whose `cause` does; log lines (an array, or a string holding
 * "Program <id> failed: custom program error: 0x7"). Logs, when found (or given in `opts.logs`),
 * are attached, name the failing program, and supply the panic text. An error already parsed is
 * returned as is.
 */
export function parseProgramError(
  err: unknown,
  opts: ParseProgramErrorOptions = {},
): DzProgramError | BuiltinProgramError | undefined {
  expectObject(opts, 'opts');
  const pid = opts.programId as unknown;
  if (pid !== undefined && !isKey(pid)) {
    throw new ValidationError('opts.programId', 'must be a PublicKey or a base58 string', `invalid opts.programId: must be a PublicKey or a base58 string, got ${describeValue(pid)}`);
  }
  if (opts.logs !== undefined) expectStringArray(opts.logs, 'opts.logs');
  return parseInner(err, opts, 0);
}

function parseInner(err: unknown, opts: ParseProgramErrorOptions, depth: number): DzProgramError | BuiltinProgramError | undefined {
  if (err === null || err === undefined || depth > 4) return undefined;
  if (err instanceof DzProgramError || err instanceof BuiltinProgramError) return err;

  // Logs given in the options win unless they are empty (then the error's own logs are used).
  let logs: readonly string[] | undefined = opts.logs && opts.logs.length > 0 ? opts.logs : undefined;
  let failure: Failure | undefined;
  if (typeof err === 'string') {
    failure = failureFromMessage(err);
    if (!logs) {
      const lines = err.split('\n').filter((l) => l.startsWith('Program '));
      if (lines.length > 0) logs = lines;
    }
  } else if (isStringArray(err)) {
    logs ??= err;
  } else if (typeof err === 'object') {
    logs ??= logsOf(err);
    failure =
      failureFromTransactionError(err) ??
      failureFromTransactionError(get(err, 'err')) ??
      failureFromTransactionError(get(get(err, 'value'), 'err')) ??
      failureFromTransactionError(get(get(err, 'meta'), 'err'));
    for (const m of [get(err, 'transactionMessage'), get(get(err, 'transactionError'), 'message'), get(err, 'message')]) {
      if (failure) break;
      if (typeof m === 'string') failure = failureFromMessage(m);
    }
  } else {
    return undefined;
  }
  logs ??= opts.logs;

  const facts = analyseLogs(logs);
  if (!failure && facts.innermost) {
    failure = failureFromText(facts.innermost.text) ?? {
      kind: 'builtin',
      variant: facts.panicMessage !== undefined || /panicked/i.test(facts.innermost.text) ? 'ProgramFailedToComplete' : 'Unknown',
      detail: facts.innermost.text,
    };
  }
  if (!failure) {
    const cause = get(err, 'cause');
    return cause === undefined ? undefined : parseInner(cause, logs ? { ...opts, logs } : opts, depth + 1);
  }

  const ctx: ProgramErrorContext = {};
  if (failure.instructionIndex !== undefined) ctx.instructionIndex = failure.instructionIndex;
  if (logs) ctx.logs = logs;
  if (facts.innermost) ctx.programId = facts.innermost.programId;
  if (facts.panicMessage !== undefined) ctx.panicMessage = facts.panicMessage;
  if (typeof err === 'object') ctx.cause = err;

  if (failure.kind === 'custom') {
    const origin = facts.innermost?.programId;
    const expected = opts.programId === undefined ? undefined : keyText(opts.programId);
    const foreign = origin !== undefined && (expected !== undefined ? origin !== expected : origin !== facts.outermost?.programId);
    return foreign ? new ForeignProgramError(failure.code, origin, ctx) : programErrorFromCode(failure.code, ctx);
  }
  const bctx: BuiltinCtx = failure.detail === undefined ? ctx : { ...ctx, detail: failure.detail };
  return failure.variant === 'Unknown' || BUILTIN_DISPLAY[failure.variant] !== undefined
    ? builtinProgramError(failure.variant, bctx)
    : new BuiltinProgramError(failure.variant, bctx);
}
