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
  /** Whether `v` is a declared discriminant (a real variant, not a raw number kept from the chain). */
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

/** The kind of a serviceability account: byte 0 of its data (docs/wire-format.md#account-type-byte). Discriminants are the program's; 14 is unused. */
export enum AccountType {
  /** No account type (an uninitialised or foreign account). */
  None = 0,
  /** The program's global state: allowlists, the health oracle, account counters. */
  GlobalState = 1,
  /** The program's global network configuration (ASNs, prefixes). */
  GlobalConfig = 2,
  /** A site (city or data centre) with coordinates. */
  Location = 3,
  /** An exchange point where devices meet. */
  Exchange = 4,
  /** A network device (switch or router). */
  Device = 5,
  /** A link between two devices (Display string "tunnel"). */
  Link = 6,
  /** A user connection to a device. */
  User = 7,
  /** A multicast group. */
  MulticastGroup = 8,
  /** The program's version and configuration. */
  ProgramConfig = 9,
  /** A contributor: the organisation that owns and operates devices and links. */
  Contributor = 10,
  /** An access pass that lets a user connect. */
  AccessPass = 11,
  /** An allocation table of a resource (tunnel ids, link ids, segment routing ids, prefixes). */
  ResourceExtension = 12,
  /** A tenant. */
  Tenant = 13,
  /** A Permission account: the role bits granted to one key. */
  Permission = 15,
  /** An index account (code to address). */
  Index = 16,
  /** A routing topology (flex-algo). */
  Topology = 17,
  /** A feed. */
  Feed = 18,
}

/** AccountType's variant names, Display strings and parser. */
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
/** The program's Display string of an AccountType (`"device"`, `"tunnel"` for Link, ...); `unknown (<n>)` for an undeclared value. */
export const accountTypeLabel = (v: number): string => AccountTypeSpec.label(v);

// ---------------------------------------------------------------------------------------------
// Device enums

/** What role a Device plays in the network. */
export enum DeviceType {
  /** Both carries transit traffic and connects users. */
  Hybrid = 0,
  /** Carries traffic between links only; connects no users. */
  Transit = 1,
  /** Connects users at the edge of the network. */
  Edge = 2,
}
/** DeviceType's variant names, Display strings and parser. */
export const DeviceTypeSpec = defineEnum<DeviceType>({
  name: 'DeviceType',
  table: { 0: ['Hybrid', 'hybrid'], 1: ['Transit', 'transit'], 2: ['Edge', 'edge'] },
  defaultValue: DeviceType.Hybrid,
  parse: { hybrid: 0, transit: 1, edge: 2 },
  parseLowercases: true,
});

/** A Device's lifecycle status (docs/lifecycle.md#device-status says which writes dzprov allows). Discriminant 2 (once Suspended) no longer exists. */
export enum DeviceStatus {
  /** Created and awaiting provisioning (the old initial status; not written by new code). */
  PendingDeprecated = 0,
  /** In service. */
  Activated = 1,
  // 2 was Suspended; removed from the program and not a valid value.
  /** Being deleted (set by DeleteDevice only). */
  Deleting = 3,
  /** Rejected by the activator (old status; never a write target). */
  RejectedDeprecated = 4,
  /** Taken out of service for maintenance; keeps its configuration. */
  Drained = 5,
  /** Being provisioned: the device itself is being set up. */
  DeviceProvisioning = 6,
  /** Being provisioned: the device's links are being brought up. */
  LinkProvisioning = 7,
}
/** DeviceStatus's variant names, Display strings and parser. */
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

/** A Device's health as its health oracle reports it: what the device is ready for. */
export enum DeviceHealth {
  /** No health reported. */
  Unknown = 0,
  /** Not yet checked (the value when the field is absent). */
  Pending = 1,
  /** Healthy enough for its links to be provisioned. */
  ReadyForLinks = 2,
  /** Healthy enough to carry users: the requirement for activation and undrain. */
  ReadyForUsers = 3,
  /** Not healthy. */
  Impaired = 4,
}
/** DeviceHealth's variant names, Display strings and parser. */
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

/** The status a Device's operator wants it in (its intent); the lifecycle steps require it before they move the status. */
export enum DeviceDesiredStatus {
  /** No intent recorded yet. */
  Pending = 0,
  /** The operator wants the device in service. */
  Activated = 1,
  /** The operator wants the device drained. */
  Drained = 6,
}
/** DeviceDesiredStatus's variant names, Display strings and parser. */
export const DeviceDesiredStatusSpec = defineEnum<DeviceDesiredStatus>({
  name: 'DeviceDesiredStatus',
  table: { 0: ['Pending', 'pending'], 1: ['Activated', 'activated'], 6: ['Drained', 'drained'] },
  defaultValue: DeviceDesiredStatus.Pending,
  parseLowercases: true,
});

// ---------------------------------------------------------------------------------------------
// Link enums

/** The kind of a Link. */
export enum LinkLinkType {
  /** A wide-area link between two devices in different places. */
  WAN = 1,
  /** A DoubleZero exchange link: a cross-connect between two contributors' devices, created by one and accepted by the other. */
  DZX = 127,
}
/** LinkLinkType's variant names, Display strings and (case-sensitive) parser. */
export const LinkLinkTypeSpec = defineEnum<LinkLinkType>({
  name: 'LinkLinkType',
  table: { 1: ['WAN', 'WAN'], 127: ['DZX', 'DZX'] },
  defaultValue: LinkLinkType.WAN,
  // The program's FromStr is case-sensitive for link types.
  parseLowercases: false,
});

/** A Link's lifecycle status (docs/lifecycle.md#link-status says which writes dzprov allows). Discriminant 2 (once Suspended) no longer exists. */
export enum LinkStatus {
  /** Created and awaiting provisioning (old initial status). */
  PendingDeprecated = 0,
  /** In service. */
  Activated = 1,
  // 2 was Suspended; removed.
  /** Being deleted (set by DeleteLink only). */
  Deleting = 3,
  /** Rejected (old status; never a write target). */
  RejectedDeprecated = 4,
  /** A DZX link created by side A and awaiting side Z's AcceptLink. */
  Requested = 5,
  /** Out of service: carries no traffic. */
  HardDrained = 6,
  /** Draining: kept as a last resort, traffic steered away. */
  SoftDrained = 7,
  /** Being provisioned. */
  Provisioning = 8,
}
/** LinkStatus's variant names, Display strings and parser. */
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

/** A Link's health as its health oracle reports it. */
export enum LinkHealth {
  /** No health reported. */
  Unknown = 0,
  /** Not yet checked (the value when the field is absent). */
  Pending = 1,
  /** Healthy enough to carry traffic: the requirement for activation. */
  ReadyForService = 2,
  /** Not healthy. */
  Impaired = 3,
}
/** LinkHealth's variant names, Display strings and parser. */
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

/** The status a Link's operators want it in (their intent). */
export enum LinkDesiredStatus {
  /** No intent recorded yet. */
  Pending = 0,
  /** The operators want the link in service. */
  Activated = 1,
  /** The operators want the link hard-drained. */
  HardDrained = 6,
  /** The operators want the link soft-drained. */
  SoftDrained = 7,
}
/** LinkDesiredStatus's variant names, Display strings and parser. */
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

/** The provisioning status of one Device interface. */
export enum InterfaceStatus {
  /** Not a valid status (the default of an unset field). */
  Invalid = 0,
  /** Present on the device but not managed by the network. */
  Unmanaged = 1,
  /** Created, awaiting activation. */
  Pending = 2,
  /** Active. */
  Activated = 3,
  /** Being removed. */
  Deleting = 4,
  /** Rejected by the activator. */
  Rejected = 5,
  /** Activated but not used by any link. */
  Unlinked = 6,
}
/** InterfaceStatus's variant names, Display strings and parser (which does not accept "invalid"). */
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

/** Whether a Device interface is a loopback or a physical port. */
export enum InterfaceType {
  /** Not a valid type (the default of an unset field). */
  Invalid = 0,
  /** A loopback (virtual) interface. */
  Loopback = 1,
  /** A physical port. */
  Physical = 2,
}
/** InterfaceType's variant names, Display strings and parser. */
export const InterfaceTypeSpec = defineEnum<InterfaceType>({
  name: 'InterfaceType',
  table: { 0: ['Invalid', 'invalid'], 1: ['Loopback', 'loopback'], 2: ['Physical', 'physical'] },
  defaultValue: InterfaceType.Invalid,
  parseLowercases: true,
});

/** What a loopback interface is for (only meaningful when the interface type is Loopback). */
export enum LoopbackType {
  /** Not a loopback, or no special use. */
  None = 0,
  /** The loopback for VPNv4 routing. */
  Vpnv4 = 1,
  /** The loopback for IPv4 routing. */
  Ipv4 = 2,
  /** The PIM rendezvous-point address (multicast). */
  PimRpAddr = 3,
}
/** LoopbackType's variant names, Display strings and parser. */
export const LoopbackTypeSpec = defineEnum<LoopbackType>({
  name: 'LoopbackType',
  table: { 0: ['None', 'none'], 1: ['Vpnv4', 'vpnv4'], 2: ['Ipv4', 'ipv4'], 3: ['PimRpAddr', 'pim_rp_addr'] },
  defaultValue: LoopbackType.None,
  parseLowercases: true,
});

/** CYOA ("choose your own adventure"): how users may reach the device over this interface, as a GRE tunnel over which kind of underlay. None when the interface is not a user-facing one. */
export enum InterfaceCYOA {
  /** Not a CYOA interface. */
  None = 0,
  /** GRE over direct internet access. */
  GREOverDIA = 1,
  /** GRE over the site's fabric. */
  GREOverFabric = 2,
  /** GRE over a private peering. */
  GREOverPrivatePeering = 3,
  /** GRE over a public peering. */
  GREOverPublicPeering = 4,
  /** GRE over a direct cable. */
  GREOverCable = 5,
}
/** InterfaceCYOA's variant names, Display strings and (case-sensitive) parser. */
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

/** Whether the interface provides DIA (direct internet access). */
export enum InterfaceDIA {
  /** No direct internet access. */
  None = 0,
  /** Direct internet access. */
  DIA = 1,
}
/** InterfaceDIA's variant names, Display strings and parser. */
export const InterfaceDIASpec = defineEnum<InterfaceDIA>({
  name: 'InterfaceDIA',
  table: { 0: ['None', 'none'], 1: ['DIA', 'dia'] },
  defaultValue: InterfaceDIA.None,
  parseLowercases: true,
});

/** How routes are exchanged over an interface. */
export enum RoutingMode {
  /** Static routes. */
  Static = 0,
  /** Routes exchanged with BGP. */
  BGP = 1,
}
/** RoutingMode's variant names, Display strings and parser. */
export const RoutingModeSpec = defineEnum<RoutingMode>({
  name: 'RoutingMode',
  table: { 0: ['Static', 'static'], 1: ['BGP', 'bgp'] },
  defaultValue: RoutingMode.Static,
  parseLowercases: true,
});

// ---------------------------------------------------------------------------------------------
// Contributor, Location, Exchange, Permission enums

/** A Contributor account's status. */
export enum ContributorStatus {
  /** No status (uninitialised). */
  None = 0,
  /** Active. */
  Activated = 1,
  /** Suspended: present but not in use. */
  Suspended = 2,
  /** Being deleted. */
  Deleting = 3,
}
/** ContributorStatus's variant names, Display strings and parser. */
export const ContributorStatusSpec = defineEnum<ContributorStatus>({
  name: 'ContributorStatus',
  table: { 0: ['None', 'none'], 1: ['Activated', 'activated'], 2: ['Suspended', 'suspended'], 3: ['Deleting', 'deleting'] },
  defaultValue: ContributorStatus.None,
  parseLowercases: true,
});

/** A Location account's status. */
export enum LocationStatus {
  /** Awaiting activation (old initial status). */
  PendingDeprecated = 0,
  /** Active. */
  Activated = 1,
  /** Suspended: present but not in use. */
  Suspended = 2,
}
/** LocationStatus's variant names, Display strings and parser. */
export const LocationStatusSpec = defineEnum<LocationStatus>({
  name: 'LocationStatus',
  table: { 0: ['PendingDeprecated', 'pending (deprecated)'], 1: ['Activated', 'activated'], 2: ['Suspended', 'suspended'] },
  defaultValue: LocationStatus.Activated,
  parseLowercases: true,
});

/** An Exchange account's status. */
export enum ExchangeStatus {
  /** Awaiting activation (old initial status). */
  PendingDeprecated = 0,
  /** Active. */
  Activated = 1,
  /** Suspended: present but not in use. */
  Suspended = 2,
}
/** ExchangeStatus's variant names, Display strings and parser. */
export const ExchangeStatusSpec = defineEnum<ExchangeStatus>({
  name: 'ExchangeStatus',
  table: { 0: ['PendingDeprecated', 'pending (deprecated)'], 1: ['Activated', 'activated'], 2: ['Suspended', 'suspended'] },
  defaultValue: ExchangeStatus.Activated,
  parseLowercases: true,
});

/** A Permission account's status: only an Activated one grants its bits. */
export enum PermissionStatus {
  /** No status (uninitialised). */
  None = 0,
  /** Active: its bits are granted. */
  Activated = 1,
  /** Suspended: grants nothing. */
  Suspended = 2,
}
/** PermissionStatus's variant names, Display strings and parser. */
export const PermissionStatusSpec = defineEnum<PermissionStatus>({
  name: 'PermissionStatus',
  table: { 0: ['None', 'none'], 1: ['Activated', 'activated'], 2: ['Suspended', 'suspended'] },
  defaultValue: PermissionStatus.None,
  parseLowercases: true,
});

// ---------------------------------------------------------------------------------------------
// Label and parse functions, one pair per enum (the program's Display / FromStr).

/** The program's Display string of a DeviceType; `unknown (<n>)` for an undeclared value. */
export const deviceTypeLabel = (v: number): string => DeviceTypeSpec.label(v);
/** Parses a DeviceType as the program's FromStr does; throws ValidationError (naming the accepted spellings) for anything else. */
export const parseDeviceType = (s: string): DeviceType => DeviceTypeSpec.parse(s);
/** The program's Display string of a DeviceStatus; `unknown (<n>)` for an undeclared value. */
export const deviceStatusLabel = (v: number): string => DeviceStatusSpec.label(v);
/** Parses a DeviceStatus as the program's FromStr does; throws ValidationError (naming the accepted spellings) for anything else. */
export const parseDeviceStatus = (s: string): DeviceStatus => DeviceStatusSpec.parse(s);
/** The program's Display string of a DeviceHealth; `unknown (<n>)` for an undeclared value. */
export const deviceHealthLabel = (v: number): string => DeviceHealthSpec.label(v);
/** Parses a DeviceHealth as the program's FromStr does; throws ValidationError (naming the accepted spellings) for anything else. */
export const parseDeviceHealth = (s: string): DeviceHealth => DeviceHealthSpec.parse(s);
/** The program's Display string of a DeviceDesiredStatus; `unknown (<n>)` for an undeclared value. */
export const deviceDesiredStatusLabel = (v: number): string => DeviceDesiredStatusSpec.label(v);
/** Parses a DeviceDesiredStatus as the program's FromStr does; throws ValidationError (naming the accepted spellings) for anything else. */
export const parseDeviceDesiredStatus = (s: string): DeviceDesiredStatus => DeviceDesiredStatusSpec.parse(s);
/** The program's Display string of a LinkLinkType; `unknown (<n>)` for an undeclared value. */
export const linkLinkTypeLabel = (v: number): string => LinkLinkTypeSpec.label(v);
/** Parses a LinkLinkType as the program's FromStr does; throws ValidationError (naming the accepted spellings) for anything else. */
export const parseLinkLinkType = (s: string): LinkLinkType => LinkLinkTypeSpec.parse(s);
/** The program's Display string of a LinkStatus; `unknown (<n>)` for an undeclared value. */
export const linkStatusLabel = (v: number): string => LinkStatusSpec.label(v);
/** Parses a LinkStatus as the program's FromStr does; throws ValidationError (naming the accepted spellings) for anything else. */
export const parseLinkStatus = (s: string): LinkStatus => LinkStatusSpec.parse(s);
/** The program's Display string of a LinkHealth; `unknown (<n>)` for an undeclared value. */
export const linkHealthLabel = (v: number): string => LinkHealthSpec.label(v);
/** Parses a LinkHealth as the program's FromStr does; throws ValidationError (naming the accepted spellings) for anything else. */
export const parseLinkHealth = (s: string): LinkHealth => LinkHealthSpec.parse(s);
/** The program's Display string of a LinkDesiredStatus; `unknown (<n>)` for an undeclared value. */
export const linkDesiredStatusLabel = (v: number): string => LinkDesiredStatusSpec.label(v);
/** Parses a LinkDesiredStatus as the program's FromStr does; throws ValidationError (naming the accepted spellings) for anything else. */
export const parseLinkDesiredStatus = (s: string): LinkDesiredStatus => LinkDesiredStatusSpec.parse(s);
/** The program's Display string of a InterfaceStatus; `unknown (<n>)` for an undeclared value. */
export const interfaceStatusLabel = (v: number): string => InterfaceStatusSpec.label(v);
/** Parses a InterfaceStatus as the program's FromStr does; throws ValidationError (naming the accepted spellings) for anything else. */
export const parseInterfaceStatus = (s: string): InterfaceStatus => InterfaceStatusSpec.parse(s);
/** The program's Display string of a InterfaceType; `unknown (<n>)` for an undeclared value. */
export const interfaceTypeLabel = (v: number): string => InterfaceTypeSpec.label(v);
/** Parses a InterfaceType as the program's FromStr does; throws ValidationError (naming the accepted spellings) for anything else. */
export const parseInterfaceType = (s: string): InterfaceType => InterfaceTypeSpec.parse(s);
/** The program's Display string of a LoopbackType; `unknown (<n>)` for an undeclared value. */
export const loopbackTypeLabel = (v: number): string => LoopbackTypeSpec.label(v);
/** Parses a LoopbackType as the program's FromStr does; throws ValidationError (naming the accepted spellings) for anything else. */
export const parseLoopbackType = (s: string): LoopbackType => LoopbackTypeSpec.parse(s);
/** The program's Display string of a InterfaceCYOA; `unknown (<n>)` for an undeclared value. */
export const interfaceCyoaLabel = (v: number): string => InterfaceCYOASpec.label(v);
/** Parses a InterfaceCYOA as the program's FromStr does; throws ValidationError (naming the accepted spellings) for anything else. */
export const parseInterfaceCyoa = (s: string): InterfaceCYOA => InterfaceCYOASpec.parse(s);
/** The program's Display string of a InterfaceDIA; `unknown (<n>)` for an undeclared value. */
export const interfaceDiaLabel = (v: number): string => InterfaceDIASpec.label(v);
/** Parses a InterfaceDIA as the program's FromStr does; throws ValidationError (naming the accepted spellings) for anything else. */
export const parseInterfaceDia = (s: string): InterfaceDIA => InterfaceDIASpec.parse(s);
/** The program's Display string of a RoutingMode; `unknown (<n>)` for an undeclared value. */
export const routingModeLabel = (v: number): string => RoutingModeSpec.label(v);
/** Parses a RoutingMode as the program's FromStr does; throws ValidationError (naming the accepted spellings) for anything else. */
export const parseRoutingMode = (s: string): RoutingMode => RoutingModeSpec.parse(s);
/** The program's Display string of a ContributorStatus; `unknown (<n>)` for an undeclared value. */
export const contributorStatusLabel = (v: number): string => ContributorStatusSpec.label(v);
/** Parses a ContributorStatus as the program's FromStr does; throws ValidationError (naming the accepted spellings) for anything else. */
export const parseContributorStatus = (s: string): ContributorStatus => ContributorStatusSpec.parse(s);
/** The program's Display string of a LocationStatus; `unknown (<n>)` for an undeclared value. */
export const locationStatusLabel = (v: number): string => LocationStatusSpec.label(v);
/** Parses a LocationStatus as the program's FromStr does; throws ValidationError (naming the accepted spellings) for anything else. */
export const parseLocationStatus = (s: string): LocationStatus => LocationStatusSpec.parse(s);
/** The program's Display string of a ExchangeStatus; `unknown (<n>)` for an undeclared value. */
export const exchangeStatusLabel = (v: number): string => ExchangeStatusSpec.label(v);
/** Parses a ExchangeStatus as the program's FromStr does; throws ValidationError (naming the accepted spellings) for anything else. */
export const parseExchangeStatus = (s: string): ExchangeStatus => ExchangeStatusSpec.parse(s);
/** The program's Display string of a PermissionStatus; `unknown (<n>)` for an undeclared value. */
export const permissionStatusLabel = (v: number): string => PermissionStatusSpec.label(v);
/** Parses a PermissionStatus as the program's FromStr does; throws ValidationError (naming the accepted spellings) for anything else. */
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
