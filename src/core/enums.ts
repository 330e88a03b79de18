import { ValidationError } from './errors.js';
import { describeValue } from './validate.js';

/**
 * The program's enums, at their on-chain discriminants (not declaration indexes), with the
 * program's own Display strings and FromStr spellings (docs/wire-format.md#enums; program sources
 * state/device.rs, state/link.rs, state/interface.rs, ...).
 *
 * An account field holding an undeclared discriminant is decoded as the raw number (it is not
 * turned into a real variant); its label is `unknown (<n>)`. Encoders refuse such values.
 */
export interface EnumSpec<E extends number = number> {
  /** The program's enum name, e.g. "DeviceStatus". */
  readonly name: string;
  /** Declared discriminants in ascending order. */
  readonly values: readonly E[];
  /** Variant names by discriminant (the Rust variant identifiers). */
  readonly variants: Readonly<Record<number, string>>;
  /** The program's Display string for each declared discriminant. */
  readonly labels: Readonly<Record<number, string>>;
  /** The variant the program's account decoder uses when the field is missing. */
  readonly defaultValue: E;
  isKnown(v: number): v is E;
  /** Display string; `unknown (<n>)` for an undeclared value. */
  label(v: number): string;
  /** The program's FromStr: accepts the spellings the program's parser accepts; throws ValidationError. */
  parse(text: string): E;
}

interface EnumDef<E extends number> {
  name: string;
  /** discriminant → [Rust variant name, Display string] */
  table: Record<number, readonly [string, string]>;
  defaultValue: E;
  /**
   * The strings the program's FromStr accepts (after its own normalisation), mapped to the
   * discriminant. When the program has no FromStr for the enum, the Display strings are used.
   */
  parse?: Record<string, E>;
  /** Whether the program lower-cases the input before matching (most FromStr impls do). */
  parseLowercases?: boolean;
}

function defineEnum<E extends number>(def: EnumDef<E>): EnumSpec<E> {
  const values = Object.keys(def.table)
    .map(Number)
    .sort((a, b) => a - b) as E[];
  const variants: Record<number, string> = {};
  const labels: Record<number, string> = {};
  for (const v of values) {
    variants[v] = def.table[v]![0];
    labels[v] = def.table[v]![1];
  }
  const known = new Set<number>(values);
  const parseTable = new Map<string, E>();
  if (def.parse) {
    for (const [k, v] of Object.entries(def.parse)) parseTable.set(k, v);
  } else {
    for (const v of values) parseTable.set(def.parseLowercases ? labels[v]!.toLowerCase() : labels[v]!, v);
  }
  const lower = def.parseLowercases ?? false;
  const accepted = [...parseTable.keys()].map((k) => `"${k}"`).join(', ');
  return Object.freeze({
    name: def.name,
    values: Object.freeze(values),
    variants: Object.freeze(variants),
    labels: Object.freeze(labels),
    defaultValue: def.defaultValue,
    isKnown(v: number): v is E {
      return known.has(v);
    },
    label(v: number): string {
      if (typeof v !== 'number') {
        throw new ValidationError(def.name, 'must be a number', `invalid ${def.name} value: must be a number, got ${describeValue(v)}`);
      }
      return known.has(v) ? labels[v]! : `unknown (${v})`;
    },
    parse(text: string): E {
      if (typeof text !== 'string') {
        throw new ValidationError(def.name, `expected one of ${accepted}`, `invalid ${def.name} text: must be a string (one of ${accepted}), got ${describeValue(text)}`);
      }
      const v = parseTable.get(lower ? text.toLowerCase() : text);
      if (v === undefined) {
        throw new ValidationError(def.name, `"${text}" is not a valid ${def.name} (expected one of ${accepted})`);
      }
      return v;
    },
  });
}

// ---------------------------------------------------------------------------------------------
// AccountType (byte 0 of every account)

export enum AccountType {
  None = 0,
  GlobalState = 1,
  GlobalConfig = 2,
  Location = 3,
  Exchange = 4,
  Device = 5,
  Link = 6,
  User = 7,
  MulticastGroup = 8,
  ProgramConfig = 9,
  Contributor = 10,
  AccessPass = 11,
  ResourceExtension = 12,
  Tenant = 13,
  Permission = 15,
  Index = 16,
  Topology = 17,
  Feed = 18,
}

export const AccountTypeSpec = defineEnum<AccountType>({
  name: 'AccountType',
  table: {
    0: ['None', 'none'],
    1: ['GlobalState', 'globalstate'],
    2: ['GlobalConfig', 'config'],
    3: ['Location', 'location'],
    4: ['Exchange', 'exchange'],
    5: ['Device', 'device'],
    6: ['Link', 'tunnel'],
    7: ['User', 'user'],
    8: ['MulticastGroup', 'multicastgroup'],
    9: ['ProgramConfig', 'programconfig'],
    10: ['Contributor', 'contributor'],
    11: ['AccessPass', 'accesspass'],
    12: ['ResourceExtension', 'resourceextension'],
    13: ['Tenant', 'tenant'],
    15: ['Permission', 'permission'],
    16: ['Index', 'index'],
    17: ['Topology', 'topology'],
    18: ['Feed', 'feed'],
  },
  defaultValue: AccountType.None,
});
export const accountTypeLabel = (v: number): string => AccountTypeSpec.label(v);

// ---------------------------------------------------------------------------------------------
// Device enums

export enum DeviceType {
  Hybrid = 0,
  Transit = 1,
  Edge = 2,
}
export const DeviceTypeSpec = defineEnum<DeviceType>({
  name: 'DeviceType',
  table: { 0: ['Hybrid', 'hybrid'], 1: ['Transit', 'transit'], 2: ['Edge', 'edge'] },
  defaultValue: DeviceType.Hybrid,
  parse: { hybrid: 0, transit: 1, edge: 2 },
  parseLowercases: true,
});

export enum DeviceStatus {
  PendingDeprecated = 0,
  Activated = 1,
  // 2 was Suspended; removed from the program and not a valid value.
  Deleting = 3,
  RejectedDeprecated = 4,
  Drained = 5,
  DeviceProvisioning = 6,
  LinkProvisioning = 7,
}
export const DeviceStatusSpec = defineEnum<DeviceStatus>({
  name: 'DeviceStatus',
  table: {
    0: ['PendingDeprecated', 'pending (deprecated)'],
    1: ['Activated', 'activated'],
    3: ['Deleting', 'deleting'],
    4: ['RejectedDeprecated', 'rejected (deprecated)'],
    5: ['Drained', 'drained'],
    6: ['DeviceProvisioning', 'device-provisioning'],
    7: ['LinkProvisioning', 'link-provisioning'],
  },
  defaultValue: DeviceStatus.Activated,
  parse: {
    pending: 0,
    'pending (deprecated)': 0,
    activated: 1,
    deleting: 3,
    rejected: 4,
    'rejected (deprecated)': 4,
    drained: 5,
    'device-provisioning': 6,
    'link-provisioning': 7,
  },
  parseLowercases: true,
});

export enum DeviceHealth {
  Unknown = 0,
  Pending = 1,
  ReadyForLinks = 2,
  ReadyForUsers = 3,
  Impaired = 4,
}
export const DeviceHealthSpec = defineEnum<DeviceHealth>({
  name: 'DeviceHealth',
  table: {
    0: ['Unknown', 'unknown'],
    1: ['Pending', 'pending'],
    2: ['ReadyForLinks', 'ready-for-links'],
    3: ['ReadyForUsers', 'ready-for-users'],
    4: ['Impaired', 'impaired'],
  },
  defaultValue: DeviceHealth.Pending,
  parseLowercases: true,
});

export enum DeviceDesiredStatus {
  Pending = 0,
  Activated = 1,
  Drained = 6,
}
export const DeviceDesiredStatusSpec = defineEnum<DeviceDesiredStatus>({
  name: 'DeviceDesiredStatus',
  table: { 0: ['Pending', 'pending'], 1: ['Activated', 'activated'], 6: ['Drained', 'drained'] },
  defaultValue: DeviceDesiredStatus.Pending,
  parseLowercases: true,
});

// ---------------------------------------------------------------------------------------------
// Link enums

export enum LinkLinkType {
  WAN = 1,
  DZX = 127,
}
export const LinkLinkTypeSpec = defineEnum<LinkLinkType>({
  name: 'LinkLinkType',
  table: { 1: ['WAN', 'WAN'], 127: ['DZX', 'DZX'] },
  defaultValue: LinkLinkType.WAN,
  // The program's FromStr is case-sensitive for link types.
  parseLowercases: false,
});

export enum LinkStatus {
  PendingDeprecated = 0,
  Activated = 1,
  // 2 was Suspended; removed.
  Deleting = 3,
  RejectedDeprecated = 4,
  Requested = 5,
  HardDrained = 6,
  SoftDrained = 7,
  Provisioning = 8,
}
export const LinkStatusSpec = defineEnum<LinkStatus>({
  name: 'LinkStatus',
  table: {
    0: ['PendingDeprecated', 'pending (deprecated)'],
    1: ['Activated', 'activated'],
    3: ['Deleting', 'deleting'],
    4: ['RejectedDeprecated', 'rejected (deprecated)'],
    5: ['Requested', 'requested'],
    6: ['HardDrained', 'hard-drained'],
    7: ['SoftDrained', 'soft-drained'],
    8: ['Provisioning', 'provisioning'],
  },
  defaultValue: LinkStatus.Activated,
  parse: {
    pending: 0,
    'pending (deprecated)': 0,
    activated: 1,
    deleting: 3,
    rejected: 4,
    'rejected (deprecated)': 4,
    requested: 5,
    'hard-drained': 6,
    'soft-drained': 7,
    provisioning: 8,
  },
  parseLowercases: true,
});

export enum LinkHealth {
  Unknown = 0,
  Pending = 1,
  ReadyForService = 2,
  Impaired = 3,
}
export const LinkHealthSpec = defineEnum<LinkHealth>({
  name: 'LinkHealth',
  table: {
    0: ['Unknown', 'unknown'],
    1: ['Pending', 'pending'],
    2: ['ReadyForService', 'ready-for-service'],
    3: ['Impaired', 'impaired'],
  },
  defaultValue: LinkHealth.Pending,
  parseLowercases: true,
});

export enum LinkDesiredStatus {
  Pending = 0,
  Activated = 1,
  HardDrained = 6,
  SoftDrained = 7,
}
export const LinkDesiredStatusSpec = defineEnum<LinkDesiredStatus>({
  name: 'LinkDesiredStatus',
  table: {
    0: ['Pending', 'pending'],
    1: ['Activated', 'activated'],
    6: ['HardDrained', 'hard-drained'],
    7: ['SoftDrained', 'soft-drained'],
  },
  defaultValue: LinkDesiredStatus.Pending,
  parseLowercases: true,
});

// ---------------------------------------------------------------------------------------------
// Interface enums

export enum InterfaceStatus {
  Invalid = 0,
  Unmanaged = 1,
  Pending = 2,
  Activated = 3,
  Deleting = 4,
  Rejected = 5,
  Unlinked = 6,
}
export const InterfaceStatusSpec = defineEnum<InterfaceStatus>({
  name: 'InterfaceStatus',
  table: {
    0: ['Invalid', 'invalid'],
    1: ['Unmanaged', 'unmanaged'],
    2: ['Pending', 'pending'],
    3: ['Activated', 'activated'],
    4: ['Deleting', 'deleting'],
    5: ['Rejected', 'rejected'],
    6: ['Unlinked', 'unlinked'],
  },
  defaultValue: InterfaceStatus.Invalid,
  // The program's FromStr does not accept "invalid".
  parse: { unmanaged: 1, pending: 2, activated: 3, deleting: 4, rejected: 5, unlinked: 6 },
  parseLowercases: true,
});

export enum InterfaceType {
  Invalid = 0,
  Loopback = 1,
  Physical = 2,
}
export const InterfaceTypeSpec = defineEnum<InterfaceType>({
  name: 'InterfaceType',
  table: { 0: ['Invalid', 'invalid'], 1: ['Loopback', 'loopback'], 2: ['Physical', 'physical'] },
  defaultValue: InterfaceType.Invalid,
  parseLowercases: true,
});

export enum LoopbackType {
  None = 0,
  Vpnv4 = 1,
  Ipv4 = 2,
  PimRpAddr = 3,
}
export const LoopbackTypeSpec = defineEnum<LoopbackType>({
  name: 'LoopbackType',
  table: { 0: ['None', 'none'], 1: ['Vpnv4', 'vpnv4'], 2: ['Ipv4', 'ipv4'], 3: ['PimRpAddr', 'pim_rp_addr'] },
  defaultValue: LoopbackType.None,
  parseLowercases: true,
});

export enum InterfaceCYOA {
  None = 0,
  GREOverDIA = 1,
  GREOverFabric = 2,
  GREOverPrivatePeering = 3,
  GREOverPublicPeering = 4,
  GREOverCable = 5,
}
export const InterfaceCYOASpec = defineEnum<InterfaceCYOA>({
  name: 'InterfaceCYOA',
  table: {
    0: ['None', 'none'],
    1: ['GREOverDIA', 'GREOverDIA'],
    2: ['GREOverFabric', 'GREOverFabric'],
    3: ['GREOverPrivatePeering', 'GREOverPrivatePeering'],
    4: ['GREOverPublicPeering', 'GREOverPublicPeering'],
    5: ['GREOverCable', 'GREOverCable'],
  },
  defaultValue: InterfaceCYOA.None,
  parseLowercases: false,
});

export enum InterfaceDIA {
  None = 0,
  DIA = 1,
}
export const InterfaceDIASpec = defineEnum<InterfaceDIA>({
  name: 'InterfaceDIA',
  table: { 0: ['None', 'none'], 1: ['DIA', 'dia'] },
  defaultValue: InterfaceDIA.None,
  parseLowercases: true,
});

export enum RoutingMode {
  Static = 0,
  BGP = 1,
}
export const RoutingModeSpec = defineEnum<RoutingMode>({
  name: 'RoutingMode',
  table: { 0: ['Static', 'static'], 1: ['BGP', 'bgp'] },
  defaultValue: RoutingMode.Static,
  parseLowercases: true,
});

// ---------------------------------------------------------------------------------------------
// Contributor, Location, Exchange, Permission enums

export enum ContributorStatus {
  None = 0,
  Activated = 1,
  Suspended = 2,
  Deleting = 3,
}
export const ContributorStatusSpec = defineEnum<ContributorStatus>({
  name: 'ContributorStatus',
  table: { 0: ['None', 'none'], 1: ['Activated', 'activated'], 2: ['Suspended', 'suspended'], 3: ['Deleting', 'deleting'] },
  defaultValue: ContributorStatus.None,
  parseLowercases: true,
});

export enum LocationStatus {
  PendingDeprecated = 0,
  Activated = 1,
  Suspended = 2,
}
export const LocationStatusSpec = defineEnum<LocationStatus>({
  name: 'LocationStatus',
  table: { 0: ['PendingDeprecated', 'pending (deprecated)'], 1: ['Activated', 'activated'], 2: ['Suspended', 'suspended'] },
  defaultValue: LocationStatus.Activated,
  parseLowercases: true,
});

export enum ExchangeStatus {
  PendingDeprecated = 0,
  Activated = 1,
  Suspended = 2,
}
export const ExchangeStatusSpec = defineEnum<ExchangeStatus>({
  name: 'ExchangeStatus',
  table: { 0: ['PendingDeprecated', 'pending (deprecated)'], 1: ['Activated', 'activated'], 2: ['Suspended', 'suspended'] },
  defaultValue: ExchangeStatus.Activated,
  parseLowercases: true,
});

export enum PermissionStatus {
  None = 0,
  Activated = 1,
  Suspended = 2,
}
export const PermissionStatusSpec = defineEnum<PermissionStatus>({
  name: 'PermissionStatus',
  table: { 0: ['None', 'none'], 1: ['Activated', 'activated'], 2: ['Suspended', 'suspended'] },
  defaultValue: PermissionStatus.None,
  parseLowercases: true,
});

// ---------------------------------------------------------------------------------------------
// Label and parse functions, one pair per enum (the program's Display / FromStr).

export const deviceTypeLabel = (v: number): string => DeviceTypeSpec.label(v);
export const parseDeviceType = (s: string): DeviceType => DeviceTypeSpec.parse(s);
export const deviceStatusLabel = (v: number): string => DeviceStatusSpec.label(v);
export const parseDeviceStatus = (s: string): DeviceStatus => DeviceStatusSpec.parse(s);
export const deviceHealthLabel = (v: number): string => DeviceHealthSpec.label(v);
export const parseDeviceHealth = (s: string): DeviceHealth => DeviceHealthSpec.parse(s);
export const deviceDesiredStatusLabel = (v: number): string => DeviceDesiredStatusSpec.label(v);
export const parseDeviceDesiredStatus = (s: string): DeviceDesiredStatus => DeviceDesiredStatusSpec.parse(s);
export const linkLinkTypeLabel = (v: number): string => LinkLinkTypeSpec.label(v);
export const parseLinkLinkType = (s: string): LinkLinkType => LinkLinkTypeSpec.parse(s);
export const linkStatusLabel = (v: number): string => LinkStatusSpec.label(v);
export const parseLinkStatus = (s: string): LinkStatus => LinkStatusSpec.parse(s);
export const linkHealthLabel = (v: number): string => LinkHealthSpec.label(v);
export const parseLinkHealth = (s: string): LinkHealth => LinkHealthSpec.parse(s);
export const linkDesiredStatusLabel = (v: number): string => LinkDesiredStatusSpec.label(v);
export const parseLinkDesiredStatus = (s: string): LinkDesiredStatus => LinkDesiredStatusSpec.parse(s);
export const interfaceStatusLabel = (v: number): string => InterfaceStatusSpec.label(v);
export const parseInterfaceStatus = (s: string): InterfaceStatus => InterfaceStatusSpec.parse(s);
export const interfaceTypeLabel = (v: number): string => InterfaceTypeSpec.label(v);
export const parseInterfaceType = (s: string): InterfaceType => InterfaceTypeSpec.parse(s);
export const loopbackTypeLabel = (v: number): string => LoopbackTypeSpec.label(v);
export const parseLoopbackType = (s: string): LoopbackType => LoopbackTypeSpec.parse(s);
export const interfaceCyoaLabel = (v: number): string => InterfaceCYOASpec.label(v);
export const parseInterfaceCyoa = (s: string): InterfaceCYOA => InterfaceCYOASpec.parse(s);
export const interfaceDiaLabel = (v: number): string => InterfaceDIASpec.label(v);
export const parseInterfaceDia = (s: string): InterfaceDIA => InterfaceDIASpec.parse(s);
export const routingModeLabel = (v: number): string => RoutingModeSpec.label(v);
export const parseRoutingMode = (s: string): RoutingMode => RoutingModeSpec.parse(s);
export const contributorStatusLabel = (v: number): string => ContributorStatusSpec.label(v);
export const parseContributorStatus = (s: string): ContributorStatus => ContributorStatusSpec.parse(s);
export const locationStatusLabel = (v: number): string => LocationStatusSpec.label(v);
export const parseLocationStatus = (s: string): LocationStatus => LocationStatusSpec.parse(s);
export const exchangeStatusLabel = (v: number): string => ExchangeStatusSpec.label(v);
export const parseExchangeStatus = (s: string): ExchangeStatus => ExchangeStatusSpec.parse(s);
export const permissionStatusLabel = (v: number): string => PermissionStatusSpec.label(v);
export const parsePermissionStatus = (s: string): PermissionStatus => PermissionStatusSpec.parse(s);

/** Every enum spec, by the program's enum name (used by the IDL agreement test and the CLI). */
export const ENUM_SPECS = {
  AccountType: AccountTypeSpec,
  DeviceType: DeviceTypeSpec,
  DeviceStatus: DeviceStatusSpec,
  DeviceHealth: DeviceHealthSpec,
  DeviceDesiredStatus: DeviceDesiredStatusSpec,
  LinkLinkType: LinkLinkTypeSpec,
  LinkStatus: LinkStatusSpec,
  LinkHealth: LinkHealthSpec,
  LinkDesiredStatus: LinkDesiredStatusSpec,
  InterfaceStatus: InterfaceStatusSpec,
  InterfaceType: InterfaceTypeSpec,
  LoopbackType: LoopbackTypeSpec,
  InterfaceCYOA: InterfaceCYOASpec,
  InterfaceDIA: InterfaceDIASpec,
  RoutingMode: RoutingModeSpec,
  ContributorStatus: ContributorStatusSpec,
  LocationStatus: LocationStatusSpec,
  ExchangeStatus: ExchangeStatusSpec,
  PermissionStatus: PermissionStatusSpec,
} as const;
