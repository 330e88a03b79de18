import { expectInteger } from '../validate.js';
/**
 * The serviceability program's instruction tags: byte 0 of every instruction's data is the
 * position of the variant in the program's instruction enum (docs/wire-format.md#instruction-data, #tags). The
 * enum is contiguous from 0 to 118; every value is listed so that a decoder can name any tag.
 */
export enum DoubleZeroInstructionTag {
  /** The program's `Migrate` instruction: data byte 0 is 0. */
  Migrate = 0,
  /** The program's `InitGlobalState` instruction: data byte 0 is 1. */
  InitGlobalState = 1,
  /** The program's `SetAuthority` instruction: data byte 0 is 2. */
  SetAuthority = 2,
  /** The program's `SetGlobalConfig` instruction: data byte 0 is 3. */
  SetGlobalConfig = 3,
  /** The program's `AddFoundationAllowlist` instruction: data byte 0 is 4. */
  AddFoundationAllowlist = 4,
  /** The program's `RemoveFoundationAllowlist` instruction: data byte 0 is 5. */
  RemoveFoundationAllowlist = 5,
  /** The program's `AddDeviceAllowlist` instruction: data byte 0 is 6. */
  AddDeviceAllowlist = 6,
  /** The program's `RemoveDeviceAllowlist` instruction: data byte 0 is 7. */
  RemoveDeviceAllowlist = 7,
  /** The program's `AddUserAllowlist` instruction: data byte 0 is 8. */
  AddUserAllowlist = 8,
  /** The program's `RemoveUserAllowlist` instruction: data byte 0 is 9. */
  RemoveUserAllowlist = 9,
  /** The program's `CreateLocation` instruction: data byte 0 is 10. */
  CreateLocation = 10,
  /** The program's `UpdateLocation` instruction: data byte 0 is 11. */
  UpdateLocation = 11,
  /** The program's `SuspendLocation` instruction: data byte 0 is 12. */
  SuspendLocation = 12,
  /** The program's `ResumeLocation` instruction: data byte 0 is 13. */
  ResumeLocation = 13,
  /** The program's `DeleteLocation` instruction: data byte 0 is 14. */
  DeleteLocation = 14,
  /** The program's `CreateExchange` instruction: data byte 0 is 15. */
  CreateExchange = 15,
  /** The program's `UpdateExchange` instruction: data byte 0 is 16. */
  UpdateExchange = 16,
  /** The program's `SuspendExchange` instruction: data byte 0 is 17. */
  SuspendExchange = 17,
  /** The program's `ResumeExchange` instruction: data byte 0 is 18. */
  ResumeExchange = 18,
  /** The program's `DeleteExchange` instruction: data byte 0 is 19. */
  DeleteExchange = 19,
  /** The program's `CreateDevice` instruction: data byte 0 is 20. */
  CreateDevice = 20,
  /** The program's `ActivateDevice` instruction: data byte 0 is 21. */
  ActivateDevice = 21,
  /** The program's `RejectDevice` instruction: data byte 0 is 22. */
  RejectDevice = 22,
  /** The program's `UpdateDevice` instruction: data byte 0 is 23. */
  UpdateDevice = 23,
  /** The program's `SuspendDevice` instruction: data byte 0 is 24. */
  SuspendDevice = 24,
  /** The program's `ResumeDevice` instruction: data byte 0 is 25. */
  ResumeDevice = 25,
  /** The program's `DeleteDevice` instruction: data byte 0 is 26. */
  DeleteDevice = 26,
  /** The program's `CloseAccountDevice` instruction: data byte 0 is 27. */
  CloseAccountDevice = 27,
  /** The program's `CreateLink` instruction: data byte 0 is 28. */
  CreateLink = 28,
  /** The program's `ActivateLink` instruction: data byte 0 is 29. */
  ActivateLink = 29,
  /** The program's `RejectLink` instruction: data byte 0 is 30. */
  RejectLink = 30,
  /** The program's `UpdateLink` instruction: data byte 0 is 31. */
  UpdateLink = 31,
  /** The program's `SuspendLink` instruction: data byte 0 is 32. */
  SuspendLink = 32,
  /** The program's `ResumeLink` instruction: data byte 0 is 33. */
  ResumeLink = 33,
  /** The program's `DeleteLink` instruction: data byte 0 is 34. */
  DeleteLink = 34,
  /** The program's `CloseAccountLink` instruction: data byte 0 is 35. */
  CloseAccountLink = 35,
  /** The program's `CreateUser` instruction: data byte 0 is 36. */
  CreateUser = 36,
  /** The program's `ActivateUser` instruction: data byte 0 is 37. */
  ActivateUser = 37,
  /** The program's `RejectUser` instruction: data byte 0 is 38. */
  RejectUser = 38,
  /** The program's `UpdateUser` instruction: data byte 0 is 39. */
  UpdateUser = 39,
  /** The program's `SuspendUser` instruction: data byte 0 is 40. */
  SuspendUser = 40,
  /** The program's `ResumeUser` instruction: data byte 0 is 41. */
  ResumeUser = 41,
  /** The program's `DeleteUser` instruction: data byte 0 is 42. */
  DeleteUser = 42,
  /** The program's `CloseAccountUser` instruction: data byte 0 is 43. */
  CloseAccountUser = 43,
  /** The program's `RequestBanUser` instruction: data byte 0 is 44. */
  RequestBanUser = 44,
  /** The program's `BanUser` instruction: data byte 0 is 45. */
  BanUser = 45,
  /** The program's `CreateMulticastGroup` instruction: data byte 0 is 46. */
  CreateMulticastGroup = 46,
  /** The program's `ActivateMulticastGroup` instruction: data byte 0 is 47. */
  ActivateMulticastGroup = 47,
  /** The program's `RejectMulticastGroup` instruction: data byte 0 is 48. */
  RejectMulticastGroup = 48,
  /** The program's `UpdateMulticastGroup` instruction: data byte 0 is 49. */
  UpdateMulticastGroup = 49,
  /** The program's `SuspendMulticastGroup` instruction: data byte 0 is 50. */
  SuspendMulticastGroup = 50,
  /** The program's `ReactivateMulticastGroup` instruction: data byte 0 is 51. */
  ReactivateMulticastGroup = 51,
  /** The program's `DeleteMulticastGroup` instruction: data byte 0 is 52. */
  DeleteMulticastGroup = 52,
  /** The program's `DeactivateMulticastGroup` instruction: data byte 0 is 53. */
  DeactivateMulticastGroup = 53,
  /** The program's `AddMulticastGroupPubAllowlist` instruction: data byte 0 is 54. */
  AddMulticastGroupPubAllowlist = 54,
  /** The program's `RemoveMulticastGroupPubAllowlist` instruction: data byte 0 is 55. */
  RemoveMulticastGroupPubAllowlist = 55,
  /** The program's `AddMulticastGroupSubAllowlist` instruction: data byte 0 is 56. */
  AddMulticastGroupSubAllowlist = 56,
  /** The program's `RemoveMulticastGroupSubAllowlist` instruction: data byte 0 is 57. */
  RemoveMulticastGroupSubAllowlist = 57,
  /** The program's `UpdateMulticastGroupRoles` instruction: data byte 0 is 58. */
  UpdateMulticastGroupRoles = 58,
  /** The program's `CreateSubscribeUser` instruction: data byte 0 is 59. */
  CreateSubscribeUser = 59,
  /** The program's `CreateContributor` instruction: data byte 0 is 60. */
  CreateContributor = 60,
  /** The program's `UpdateContributor` instruction: data byte 0 is 61. */
  UpdateContributor = 61,
  /** The program's `SuspendContributor` instruction: data byte 0 is 62. */
  SuspendContributor = 62,
  /** The program's `ResumeContributor` instruction: data byte 0 is 63. */
  ResumeContributor = 63,
  /** The program's `DeleteContributor` instruction: data byte 0 is 64. */
  DeleteContributor = 64,
  /** The program's `SetDeviceExchange` instruction: data byte 0 is 65. */
  SetDeviceExchange = 65,
  /** The program's `AcceptLink` instruction: data byte 0 is 66. */
  AcceptLink = 66,
  /** The program's `SetAccessPass` instruction: data byte 0 is 67. */
  SetAccessPass = 67,
  /** The program's `SetAirdrop` instruction: data byte 0 is 68. */
  SetAirdrop = 68,
  /** The program's `CloseAccessPass` instruction: data byte 0 is 69. */
  CloseAccessPass = 69,
  /** The program's `CheckStatusAccessPass` instruction: data byte 0 is 70. */
  CheckStatusAccessPass = 70,
  /** The program's `CheckUserAccessPass` instruction: data byte 0 is 71. */
  CheckUserAccessPass = 71,
  /** The program's `ActivateDeviceInterface` instruction: data byte 0 is 72. */
  ActivateDeviceInterface = 72,
  /** The program's `CreateDeviceInterface` instruction: data byte 0 is 73. */
  CreateDeviceInterface = 73,
  /** The program's `DeleteDeviceInterface` instruction: data byte 0 is 74. */
  DeleteDeviceInterface = 74,
  /** The program's `RemoveDeviceInterface` instruction: data byte 0 is 75. */
  RemoveDeviceInterface = 75,
  /** The program's `UpdateDeviceInterface` instruction: data byte 0 is 76. */
  UpdateDeviceInterface = 76,
  /** The program's `UnlinkDeviceInterface` instruction: data byte 0 is 77. */
  UnlinkDeviceInterface = 77,
  /** The program's `RejectDeviceInterface` instruction: data byte 0 is 78. */
  RejectDeviceInterface = 78,
  /** The program's `SetMinVersion` instruction: data byte 0 is 79. */
  SetMinVersion = 79,
  /** The program's `AllocateResource` instruction: data byte 0 is 80. */
  AllocateResource = 80,
  /** The program's `CreateResource` instruction: data byte 0 is 81. */
  CreateResource = 81,
  /** The program's `DeallocateResource` instruction: data byte 0 is 82. */
  DeallocateResource = 82,
  /** The program's `SetDeviceHealth` instruction: data byte 0 is 83. */
  SetDeviceHealth = 83,
  /** The program's `SetLinkHealth` instruction: data byte 0 is 84. */
  SetLinkHealth = 84,
  /** The program's `CloseResource` instruction: data byte 0 is 85. */
  CloseResource = 85,
  /** The program's `AddQaAllowlist` instruction: data byte 0 is 86. */
  AddQaAllowlist = 86,
  /** The program's `RemoveQaAllowlist` instruction: data byte 0 is 87. */
  RemoveQaAllowlist = 87,
  /** The program's `CreateTenant` instruction: data byte 0 is 88. */
  CreateTenant = 88,
  /** The program's `UpdateTenant` instruction: data byte 0 is 89. */
  UpdateTenant = 89,
  /** The program's `DeleteTenant` instruction: data byte 0 is 90. */
  DeleteTenant = 90,
  /** The program's `TenantAddAdministrator` instruction: data byte 0 is 91. */
  TenantAddAdministrator = 91,
  /** The program's `TenantRemoveAdministrator` instruction: data byte 0 is 92. */
  TenantRemoveAdministrator = 92,
  /** The program's `UpdatePaymentStatus` instruction: data byte 0 is 93. */
  UpdatePaymentStatus = 93,
  /** The program's `SetFeatureFlags` instruction: data byte 0 is 94. */
  SetFeatureFlags = 94,
  /** The program's `Deprecated95` instruction: data byte 0 is 95. */
  Deprecated95 = 95,
  /** The program's `Deprecated96` instruction: data byte 0 is 96. */
  Deprecated96 = 96,
  /** The program's `CreatePermission` instruction: data byte 0 is 97. */
  CreatePermission = 97,
  /** The program's `UpdatePermission` instruction: data byte 0 is 98. */
  UpdatePermission = 98,
  /** The program's `SuspendPermission` instruction: data byte 0 is 99. */
  SuspendPermission = 99,
  /** The program's `ResumePermission` instruction: data byte 0 is 100. */
  ResumePermission = 100,
  /** The program's `DeletePermission` instruction: data byte 0 is 101. */
  DeletePermission = 101,
  /** The program's `Deprecated102` instruction: data byte 0 is 102. */
  Deprecated102 = 102,
  /** The program's `Deprecated103` instruction: data byte 0 is 103. */
  Deprecated103 = 103,
  /** The program's `CreateIndex` instruction: data byte 0 is 104. */
  CreateIndex = 104,
  /** The program's `DeleteIndex` instruction: data byte 0 is 105. */
  DeleteIndex = 105,
  /** The program's `SetUserBGPStatus` instruction: data byte 0 is 106. */
  SetUserBGPStatus = 106,
  /** The program's `CreateTopology` instruction: data byte 0 is 107. */
  CreateTopology = 107,
  /** The program's `DeleteTopology` instruction: data byte 0 is 108. */
  DeleteTopology = 108,
  /** The program's `ClearTopology` instruction: data byte 0 is 109. */
  ClearTopology = 109,
  /** The program's `AssignTopologyNodeSegments` instruction: data byte 0 is 110. */
  AssignTopologyNodeSegments = 110,
  /** The program's `Deprecated111` instruction: data byte 0 is 111. */
  Deprecated111 = 111,
  /** The program's `CreateFeed` instruction: data byte 0 is 112. */
  CreateFeed = 112,
  /** The program's `UpdateFeed` instruction: data byte 0 is 113. */
  UpdateFeed = 113,
  /** The program's `DeleteFeed` instruction: data byte 0 is 114. */
  DeleteFeed = 114,
  /** The program's `SetAccessPassFeeds` instruction: data byte 0 is 115. */
  SetAccessPassFeeds = 115,
  /** The program's `SetAccessPassFlags` instruction: data byte 0 is 116. */
  SetAccessPassFlags = 116,
  /** The program's `SubscribeFeed` instruction: data byte 0 is 117. */
  SubscribeFeed = 117,
  /** The program's `UnsubscribeFeed` instruction: data byte 0 is 118. */
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
