import { expectInteger } from '../validate.js';
/**
 * The serviceability program's instruction tags: byte 0 of every instruction's data is the
 * position of the variant in the program's instruction enum (docs/wire-format.md#instruction-data, #tags). The
 * enum is contiguous from 0 to 118; every value is listed so that a decoder can name any tag.
 */
export enum DoubleZeroInstructionTag {
  Migrate = 0,
  InitGlobalState = 1,
  SetAuthority = 2,
  SetGlobalConfig = 3,
  AddFoundationAllowlist = 4,
  RemoveFoundationAllowlist = 5,
  AddDeviceAllowlist = 6,
  RemoveDeviceAllowlist = 7,
  AddUserAllowlist = 8,
  RemoveUserAllowlist = 9,
  CreateLocation = 10,
  UpdateLocation = 11,
  SuspendLocation = 12,
  ResumeLocation = 13,
  DeleteLocation = 14,
  CreateExchange = 15,
  UpdateExchange = 16,
  SuspendExchange = 17,
  ResumeExchange = 18,
  DeleteExchange = 19,
  CreateDevice = 20,
  ActivateDevice = 21,
  RejectDevice = 22,
  UpdateDevice = 23,
  SuspendDevice = 24,
  ResumeDevice = 25,
  DeleteDevice = 26,
  CloseAccountDevice = 27,
  CreateLink = 28,
  ActivateLink = 29,
  RejectLink = 30,
  UpdateLink = 31,
  SuspendLink = 32,
  ResumeLink = 33,
  DeleteLink = 34,
  CloseAccountLink = 35,
  CreateUser = 36,
  ActivateUser = 37,
  RejectUser = 38,
  UpdateUser = 39,
  SuspendUser = 40,
  ResumeUser = 41,
  DeleteUser = 42,
  CloseAccountUser = 43,
  RequestBanUser = 44,
  BanUser = 45,
  CreateMulticastGroup = 46,
  ActivateMulticastGroup = 47,
  RejectMulticastGroup = 48,
  UpdateMulticastGroup = 49,
  SuspendMulticastGroup = 50,
  ReactivateMulticastGroup = 51,
  DeleteMulticastGroup = 52,
  DeactivateMulticastGroup = 53,
  AddMulticastGroupPubAllowlist = 54,
  RemoveMulticastGroupPubAllowlist = 55,
  AddMulticastGroupSubAllowlist = 56,
  RemoveMulticastGroupSubAllowlist = 57,
  UpdateMulticastGroupRoles = 58,
  CreateSubscribeUser = 59,
  CreateContributor = 60,
  UpdateContributor = 61,
  SuspendContributor = 62,
  ResumeContributor = 63,
  DeleteContributor = 64,
  SetDeviceExchange = 65,
  AcceptLink = 66,
  SetAccessPass = 67,
  SetAirdrop = 68,
  CloseAccessPass = 69,
  CheckStatusAccessPass = 70,
  CheckUserAccessPass = 71,
  ActivateDeviceInterface = 72,
  CreateDeviceInterface = 73,
  DeleteDeviceInterface = 74,
  RemoveDeviceInterface = 75,
  UpdateDeviceInterface = 76,
  UnlinkDeviceInterface = 77,
  RejectDeviceInterface = 78,
  SetMinVersion = 79,
  AllocateResource = 80,
  CreateResource = 81,
  DeallocateResource = 82,
  SetDeviceHealth = 83,
  SetLinkHealth = 84,
  CloseResource = 85,
  AddQaAllowlist = 86,
  RemoveQaAllowlist = 87,
  CreateTenant = 88,
  UpdateTenant = 89,
  DeleteTenant = 90,
  TenantAddAdministrator = 91,
  TenantRemoveAdministrator = 92,
  UpdatePaymentStatus = 93,
  SetFeatureFlags = 94,
  Deprecated95 = 95,
  Deprecated96 = 96,
  CreatePermission = 97,
  UpdatePermission = 98,
  SuspendPermission = 99,
  ResumePermission = 100,
  DeletePermission = 101,
  Deprecated102 = 102,
  Deprecated103 = 103,
  CreateIndex = 104,
  DeleteIndex = 105,
  SetUserBGPStatus = 106,
  CreateTopology = 107,
  DeleteTopology = 108,
  ClearTopology = 109,
  AssignTopologyNodeSegments = 110,
  Deprecated111 = 111,
  CreateFeed = 112,
  UpdateFeed = 113,
  DeleteFeed = 114,
  SetAccessPassFeeds = 115,
  SetAccessPassFlags = 116,
  SubscribeFeed = 117,
  UnsubscribeFeed = 118,
}

/**
 * Tags whose handler returns `Deprecated` (Custom 67) before reading any account
 * (docs/wire-format.md#tags).
 */
export const DEPRECATED_INSTRUCTION_TAGS: ReadonlySet<number> = new Set<number>([
  6, 7, 8, 9, 21, 22, 24, 25, 27, 29, 30, 32, 33, 35, 37, 38, 40, 41, 43, 45, 47, 48, 53, 72, 75, 77, 78,
]);

/**
 * Placeholder tags kept for discriminant stability. 95, 96, 102 and 103 are absent from the
 * program's decoder (InvalidInstructionData); 111 decodes and is a silent no-op.
 */
export const PLACEHOLDER_INSTRUCTION_TAGS: ReadonlySet<number> = new Set<number>([95, 96, 102, 103, 111]);

/** The highest tag the program's decoder knows. */
export const MAX_INSTRUCTION_TAG = DoubleZeroInstructionTag.UnsubscribeFeed;

/** The Rust variant name of `tag`, or undefined for a tag outside 0..118. */
export function instructionName(tag: number): string | undefined {
  if (typeof tag !== 'number') expectInteger(tag, 'tag');
  return Number.isInteger(tag) && tag >= 0 && tag <= MAX_INSTRUCTION_TAG ? DoubleZeroInstructionTag[tag] : undefined;
}
