/**
 * Issue #9 (5): every public function given a value of the wrong type (null, undefined, a number
 * for a key, a string for bytes, {} or [] for anything else) throws a DzprovError whose message
 * names the argument — never a TypeError or RangeError from deep inside.
 *
 * The table is data-driven: every function exported from the package root (and every public
 * method of DzClient) must have a case here, so a newly exported function without one fails.
 * A case gives a valid call (`args`) and the kind of each parameter; each parameter is then
 * replaced in turn by every value of the wrong kind. Object parameters also have each field
 * (and each field of a nested plain object) replaced by every bad value: whatever is thrown
 * must be a DzprovError.
 */
import { Keypair, PublicKey, type TransactionInstruction } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import * as lib from '../src/index.js';
import * as kitLib from '../src/kit/index.js';
import {
  AccountType,
  DeviceDesiredStatus,
  DeviceHealth,
  DeviceStatus,
  DeviceType,
  DzClient,
  DzprovError,
  InterfaceCYOA,
  InterfaceDIA,
  LinkDesiredStatus,
  LinkHealth,
  LinkLinkType,
  LinkStatus,
  LoopbackType,
  MemoryAccountSource,
  PermissionStatus,
  RoutingMode,
} from '../src/index.js';
import { buildSampleLedger, sampleKeypair } from './helpers/sampleLedger.js';
import * as graphLib from '../src/graph/index.js';
import * as sampleNodeLib from '../src/cli/node/index.js';
import { fixtureBytes, PERMISSION_GOLDEN } from './helpers/fixtures.js';
import { pk, sampleDevice, sampleInterface, sampleLink } from './helpers/accounts.js';

/**
 * The kind of a parameter: which of the bad values are of the wrong type for it.
 * bytes, pubkey, bigint, fn, ix: all of them; string: all but 'str'; int/whole: all but 42;
 * object: all but {} (which has the right type; it may still be refused, as a DzprovError);
 * array: all but []; any: none (a total function or a type guard: it must not throw a
 * TypeError, and may return false).
 */
type Kind = 'bytes' | 'pubkey' | 'string' | 'int' | 'whole' | 'bigint' | 'bool' | 'object' | 'array' | 'fn' | 'ix' | 'any';
interface Param {
  name: string;
  kind: Kind;
  /** undefined is accepted (an optional parameter or options bag). */
  optional?: boolean;
  /** null is accepted too ("none"). */
  nullable?: boolean;
}
interface Case {
  /** A valid call's arguments (built fresh for each call). */
  args: () => unknown[];
  params: Param[];
  /** Also replace each field of object parameters (default true). */
  fields?: boolean;
}

const p = (name: string, kind: Kind, optional = false, nullable = false): Param => ({ name, kind, optional, nullable });

const BAD: readonly [string, () => unknown][] = [
  ['null', () => null],
  ['undefined', () => undefined],
  ['42', () => 42],
  ["'str'", () => 'str'],
  ['{}', () => ({})],
  ['[]', () => []],
];

function wrongFor(kind: Kind, optional: boolean, label: string, nullable = false): boolean {
  if (optional && label === 'undefined') return false;
  if (nullable && label === 'null') return false;
  switch (kind) {
    case 'any':
      return false;
    case 'string':
      return label !== "'str'";
    case 'int':
    case 'whole':
      return label !== '42';
    case 'object':
      return label !== '{}';
    case 'array':
      return label !== '[]';
    default:
      return true;
  }
}

// ---------------------------------------------------------------------------------------------
// Valid inputs

const programId = pk(255);
const payer = pk(1);
const devicePk = pk(30);
const linkPk = pk(31);
const deviceBytes = fixtureBytes('device');
const linkBytes = fixtureBytes('link');
const bytesOf: Record<string, () => Uint8Array> = {
  Contributor: () => fixtureBytes('contributor'),
  Device: () => fixtureBytes('device'),
  Exchange: () => fixtureBytes('exchange'),
  GlobalConfig: () => fixtureBytes('global_config'),
  GlobalState: () => fixtureBytes('global_state'),
  Link: () => fixtureBytes('link'),
  Location: () => fixtureBytes('location'),
  Permission: () => PERMISSION_GOLDEN.slice(),
};

const createDeviceArgs = () => ({
  code: 'dz1',
  deviceType: DeviceType.Hybrid,
  publicIp: '45.77.113.1',
  dzPrefixes: ['46.51.100.0/24'],
  metricsPublisherPk: pk(13),
  mgmtVrf: 'mgmt',
});
const createLinkArgs = () => ({
  code: 'ams-fra',
  linkType: LinkLinkType.WAN,
  bandwidth: 10_000_000_000n,
  mtu: 9000,
  delayNs: 5_000_000n,
  jitterNs: 100_000n,
  sideAIfaceName: 'Ethernet1',
  sideZIfaceName: 'Ethernet2',
});
const createIfaceArgs = () => ({
  name: 'Ethernet9',
  loopbackType: LoopbackType.None,
  vlanId: 0,
  userTunnelEndpoint: false,
  interfaceCyoa: InterfaceCYOA.None,
  interfaceDia: InterfaceDIA.None,
  bandwidth: 0n,
  cir: 0n,
  mtu: 9000,
  routingMode: RoutingMode.Static,
});
const base = () => ({ programId, payer });
const linkAuthority = () => ({ kind: 'contributor' as const, contributor: pk(23) });

/** Valid inputs of the raw builders, by instruction name. */
const RAW: Record<string, () => Record<string, unknown>> = {
  CreateDevice: () => ({ ...base(), contributor: pk(14), location: pk(11), exchange: pk(12), deviceIndex: 7, args: createDeviceArgs() }),
  CreateLink: () => ({ ...base(), contributor: pk(23), sideA: pk(21), sideZ: pk(22), linkIndex: 9, args: createLinkArgs() }),
  CreateDeviceInterface: () => ({ ...base(), device: devicePk, contributor: pk(14), args: createIfaceArgs() }),
  UpdateDevice: () => ({ ...base(), device: devicePk, currentContributor: pk(14), currentLocation: pk(11), args: { code: 'dz2' } }),
  UpdateLink: () => ({ ...base(), link: linkPk, authority: linkAuthority(), args: { code: 'ams-fra2' } }),
  UpdateDeviceInterface: () => ({ ...base(), device: devicePk, contributor: pk(14), args: { name: 'Ethernet9', mtu: 9000 } }),
  DeleteDevice: () => ({ ...base(), device: devicePk, contributor: pk(14), resources: { kind: 'legacy' } }),
  DeleteLink: () => ({ ...base(), link: linkPk, contributor: pk(23), sideA: pk(21), sideZ: pk(22), owner: pk(20) }),
  DeleteDeviceInterface: () => ({ ...base(), device: devicePk, contributor: pk(14), args: { name: 'Ethernet9' } }),
  AcceptLink: () => ({ ...base(), link: linkPk, contributor: pk(24), sideZ: pk(22), sideA: pk(21), args: { sideZIfaceName: 'Ethernet2' } }),
  SetDeviceHealth: () => ({ ...base(), device: devicePk, args: { health: DeviceHealth.ReadyForUsers } }),
  SetLinkHealth: () => ({ ...base(), link: linkPk, args: { health: LinkHealth.ReadyForService } }),
};
const ARGS: Record<string, () => Record<string, unknown>> = Object.fromEntries(
  Object.entries(RAW).map(([k, f]) => [k, () => (f().args as Record<string, unknown>) ?? {}]),
);
ARGS.DeleteDevice = () => ({ resourceCount: 0 });
ARGS.DeleteLink = () => ({ useOnchainDeallocation: false });


const roles = () => ['contributor', 'networkAdmin'];
const activatedDevice = () => sampleDevice({ status: DeviceStatus.Activated });
const drainedDevice = () =>
  sampleDevice({ status: DeviceStatus.Drained, desiredStatus: DeviceDesiredStatus.Drained, deviceHealth: DeviceHealth.ReadyForUsers });
const checkedDevice = (device: () => unknown, extra: Record<string, unknown> = {}) => () => [
  { programId, payer, devicePk, device: device(), roles: roles(), ...extra },
];
const checkedLink = (link: () => unknown, extra: Record<string, unknown> = {}) => () => [
  { programId, payer, linkPk, link: link(), roles: roles(), ...extra },
];
const plannerInput = (device: () => unknown, linkStatus: LinkStatus) => () => [
  {
    programId,
    payer,
    devicePk,
    device: device(),
    links: [{ pubkey: pk(60), link: sampleLink({ sideAPk: devicePk, status: linkStatus }) }],
    roles: roles(),
  },
];
const stepsInput = (device: () => unknown, linkStatus: LinkStatus) => () => [
  { device: device(), devicePk, links: [{ pubkey: pk(60), link: sampleLink({ sideAPk: devicePk, status: linkStatus }) }], roles: roles() },
];

/**
 * The typed-input cases of one door's exports (`lib`: the package root, web3.js, or dzprov/kit):
 * valid calls are built with that door's own functions (its instructions for its decoders).
 */
function buildCases(lib: Record<string, unknown>): Record<string, Case> {
  const fn = lib as unknown as Record<string, (...a: unknown[]) => unknown>;
  const rawIx = (name: string): unknown => fn[`create${name}Instruction`]!(RAW[name]!());
  const gsValue = () => fn.decodeGlobalState!(bytesOf.GlobalState!());
  const CASES: Record<string, Case> = {};
  const add = (name: string, c: Case) => {
    if (CASES[name]) throw new Error(`duplicate case ${name}`);
    CASES[name] = c;
  };
  // ---------------------------------------------------------------------------------------------
  // The cases: one per exported function


  // Account codecs
  for (const [type, bytes] of Object.entries(bytesOf)) {
    add(`decode${type}`, { args: () => [bytes()], params: [p('input', 'bytes'), p('opts', 'object', true)] });
    const lower = type[0]!.toLowerCase() + type.slice(1);
    add(`encode${type}`, { args: () => [fn[`decode${type}`]!(bytes())], params: [p(lower, 'object')] });
  }
  add('decodeDeviceLegacyInterfaces', { args: () => [deviceBytes], params: [p('input', 'bytes'), p('opts', 'object', true)] });
  add('decodeAccount', { args: () => [deviceBytes], params: [p('input', 'bytes'), p('opts', 'object', true)] });
  add('encodeAccount', { args: () => [fn.decodeAccount!(linkBytes)], params: [p('account', 'object')] });
  add('beginDecode', { args: () => [deviceBytes, AccountType.Device], params: [p('input', 'bytes'), p('accountType', 'int'), p('opts', 'object', true)] });
  add('attachLayout', { args: () => [{}, { trailing: 0 }], params: [p('value', 'object'), p('layout', 'any')] });
  add('layoutOf', { args: () => [{}], params: [p('value', 'object')] });
  add('accountTypeFilter', { args: () => [AccountType.Device], params: [p('accountType', 'int')] });
  add('pubkeyFilter', { args: () => [1, pk(3)], params: [p('offset', 'int'), p('key', 'pubkey')] });
  for (const f of ['contributor', 'device', 'exchange', 'globalConfig', 'globalState', 'link', 'location', 'permission']) {
    add(`${f}Filter`, { args: () => [], params: [] });
  }
  add('isUnsupportedAccountType', { args: () => [12], params: [p('accountType', 'any')] });
  add('isFeatureEnabled', { args: () => [gsValue(), 1n], params: [p('state', 'object'), p('flag', 'bigint')] });
  add('parseFeatureFlag', { args: () => ['require-permission-accounts'], params: [p('text', 'string')] });
  add('enabledFeatureFlags', { args: () => [3n], params: [p('flags', 'bigint')] });
  add('hasPermissionFlag', { args: () => [3n, 1n], params: [p('perm', 'object'), p('flag', 'bigint')], fields: false });
  add('permissionFlagNames', { args: () => [3n], params: [p('permissions', 'bigint')] });

  // Instruction data codecs, validators, raw builders, instruction decoders
  for (const name of Object.keys(RAW)) {
    add(`encode${name}Args`, { args: () => [ARGS[name]!()], params: [p('args', name === 'DeleteLink' ? 'object' : 'object', name === 'DeleteLink')] });
    add(`decode${name}Args`, { args: () => [fn[`encode${name}Args`]!(ARGS[name]!())], params: [p('data', 'bytes')] });
    add(`create${name}Instruction`, { args: () => [RAW[name]!()], params: [p('input', 'object')] });
    add(`decode${name}Instruction`, { args: () => [rawIx(name)], params: [p('ix', 'ix'), p('opts', 'object', true)] });
  }
  for (const name of ['AcceptLink', 'CreateDevice', 'CreateDeviceInterface', 'CreateLink', 'DeleteDeviceInterface', 'SetDeviceHealth', 'SetLinkHealth', 'UpdateDevice', 'UpdateDeviceInterface', 'UpdateLink']) {
    add(`validate${name}Args`, { args: () => [ARGS[name]!()], params: [p('args', 'object')] });
  }
  add('validateDeleteDeviceResources', { args: () => [{ kind: 'legacy' }], params: [p('resources', 'object')] });
  add('decodeInstruction', { args: () => [rawIx('CreateDevice')], params: [p('ix', 'ix'), p('opts', 'object', true)] });
  add('instructionName', { args: () => [83], params: [p('tag', 'int')] });
  add('computeBudgetPrelude', { args: () => [{ units: 200_000 }], params: [p('opts', 'object', true)] });

  // Lifecycle-checked builders
  add('drainDevice', { args: checkedDevice(activatedDevice), params: [p('input', 'object')] });
  add('undrainDevice', { args: checkedDevice(drainedDevice), params: [p('input', 'object')] });
  add('promoteDevice', { args: checkedDevice(() => sampleDevice({ status: DeviceStatus.DeviceProvisioning })), params: [p('input', 'object')] });
  add('changeDeviceStatus', { args: checkedDevice(activatedDevice, { to: DeviceStatus.Drained }), params: [p('input', 'object')] });
  add('setDeviceDesiredStatus', { args: checkedDevice(activatedDevice, { to: DeviceDesiredStatus.Drained }), params: [p('input', 'object')] });
  add('setDeviceHealth', { args: checkedDevice(activatedDevice, { to: DeviceHealth.Impaired }), params: [p('input', 'object')] });
  add('deleteDevice', {
    args: checkedDevice(() => sampleDevice({ status: DeviceStatus.Drained }), { resources: { kind: 'legacy' } }),
    params: [p('input', 'object')],
  });
  add('createDevice', {
    args: () => [{ programId, payer, roles: roles(), contributorPk: pk(14), locationPk: pk(11), exchangePk: pk(12), deviceIndex: 7, args: createDeviceArgs() }],
    params: [p('input', 'object')],
  });
  add('updateDeviceFields', { args: checkedDevice(activatedDevice, { args: { mgmtVrf: 'mgmt' } }), params: [p('input', 'object')] });
  add('createDeviceInterface', { args: checkedDevice(activatedDevice, { args: createIfaceArgs() }), params: [p('input', 'object')] });
  add('updateDeviceInterface', {
    args: checkedDevice(() => sampleDevice({ status: DeviceStatus.Activated, interfaces: [sampleInterface('Ethernet9')] }), { args: { name: 'Ethernet9', vlanId: 7 } }),
    params: [p('input', 'object')],
  });
  add('deleteDeviceInterface', {
    args: checkedDevice(() => sampleDevice({ status: DeviceStatus.Activated, interfaces: [sampleInterface('Ethernet9')] }), { name: 'Ethernet9' }),
    params: [p('input', 'object')],
  });
  add('softDrainLink', { args: checkedLink(() => sampleLink()), params: [p('input', 'object')] });
  add('hardDrainLink', { args: checkedLink(() => sampleLink()), params: [p('input', 'object')] });
  add('activateLink', { args: checkedLink(() => sampleLink({ status: LinkStatus.SoftDrained, desiredStatus: LinkDesiredStatus.SoftDrained })), params: [p('input', 'object')] });
  add('changeLinkStatus', { args: checkedLink(() => sampleLink(), { to: LinkStatus.SoftDrained }), params: [p('input', 'object')] });
  add('setLinkDesiredStatus', { args: checkedLink(() => sampleLink(), { to: LinkDesiredStatus.SoftDrained }), params: [p('input', 'object')] });
  add('setLinkHealth', { args: checkedLink(() => sampleLink(), { to: LinkHealth.Impaired }), params: [p('input', 'object')] });
  add('deleteLink', { args: checkedLink(() => sampleLink({ status: LinkStatus.SoftDrained }), { sideADevice: sampleDevice(), sideZDevice: sampleDevice() }), params: [p('input', 'object')] });
  add('acceptLink', {
    args: () => [
      {
        programId,
        payer,
        linkPk,
        link: sampleLink({ status: LinkStatus.Requested }),
        roles: ['sideZContributor'],
        sideZIfaceName: 'Ethernet2',
        sideZDevice: sampleDevice({ interfaces: [sampleInterface('Ethernet2')] }),
        sideADevice: sampleDevice({ interfaces: [sampleInterface('Ethernet2')] }),
      },
    ],
    params: [p('input', 'object')],
  });
  add('deviceDesiredStatusWrittenWith', { args: () => [DeviceStatus.Drained], params: [p('to', 'int')] });
  add('linkDesiredStatusWrittenWith', { args: () => [LinkStatus.SoftDrained], params: [p('to', 'int')] });
  add('linkUpdateAuthority', { args: checkedLink(() => sampleLink()), params: [p('input', 'object')] });
  add('checkLinkFieldChanges', { args: () => [{ delayNs: 2_000_000n }, 'changes'], params: [p('changes', 'object'), p('name', 'string', true)] });
  add('updateLink', { args: checkedLink(() => sampleLink(), { changes: { delayNs: 2_000_000n } }), params: [p('input', 'object')] });
  add('createLink', {
    args: () => [
      {
        programId,
        payer,
        roles: ['contributor'],
        contributorPk: sampleDevice().contributorPk,
        sideAPk: pk(21),
        sideADevice: sampleDevice({ interfaces: [sampleInterface('Ethernet1')] }),
        sideZPk: pk(22),
        sideZDevice: sampleDevice({ interfaces: [sampleInterface('Ethernet2')] }),
        linkIndex: 7n,
        args: ARGS.CreateLink!(),
      },
    ],
    params: [p('input', 'object')],
  });

  // Planners
  add('planDeviceMaintenance', { args: plannerInput(activatedDevice, LinkStatus.Activated), params: [p('input', 'object')] });
  add('planDeviceReturn', { args: plannerInput(drainedDevice, LinkStatus.SoftDrained), params: [p('input', 'object')] });
  add('planDeviceMaintenanceSteps', { args: stepsInput(activatedDevice, LinkStatus.Activated), params: [p('input', 'object')] });
  add('planDeviceReturnSteps', { args: stepsInput(drainedDevice, LinkStatus.SoftDrained), params: [p('input', 'object')] });

  // Lifecycle checks
  for (const [name, acc, to] of [
    ['canChangeDeviceStatus', activatedDevice, DeviceStatus.Drained],
    ['canSetDeviceDesiredStatus', activatedDevice, DeviceDesiredStatus.Drained],
    ['canSetDeviceHealth', activatedDevice, DeviceHealth.Impaired],
    ['canChangeLinkStatus', () => sampleLink(), LinkStatus.SoftDrained],
    ['canSetLinkDesiredStatus', () => sampleLink(), LinkDesiredStatus.SoftDrained],
    ['canSetLinkHealth', () => sampleLink(), LinkHealth.Impaired],
  ] as const) {
    const arg = name.includes('Device') ? 'device' : 'link';
    add(name, { args: () => [acc(), to, roles()], params: [p(arg, 'object'), p('to', 'int'), p('roles', 'array')] });
  }
  add('canDeleteDevice', { args: () => [sampleDevice({ status: DeviceStatus.Drained }), roles()], params: [p('device', 'object'), p('roles', 'array')] });
  add('canDeleteLink', { args: () => [sampleLink({ status: LinkStatus.SoftDrained }), roles()], params: [p('link', 'object'), p('roles', 'array')] });
  add('canAcceptLink', { args: () => [sampleLink({ status: LinkStatus.Requested }), ['sideZContributor']], params: [p('link', 'object'), p('roles', 'array')] });
  add('legalDeviceStatusTargets', { args: () => [activatedDevice(), roles()], params: [p('device', 'object'), p('roles', 'array')] });
  add('legalLinkStatusTargets', { args: () => [sampleLink(), roles()], params: [p('link', 'object'), p('roles', 'array')] });
  add('nextDeviceStatus', { args: () => [activatedDevice()], params: [p('device', 'object')] });
  add('nextLinkStatus', { args: () => [sampleLink()], params: [p('link', 'object')] });
  add('assertLifecycle', { args: () => [{ ok: true }, { subject: 'device status', from: 'a', to: 'b', roles: [] }], params: [p('result', 'object'), p('context', 'object')] });
  add('isRole', { args: () => ['contributor'], params: [p('x', 'any')] });
  add('resolveRoles', { args: () => [{ payer, globalState: gsValue() }], params: [p('input', 'object')] });
  add('requiresPermissionAccounts', { args: () => [gsValue()], params: [p('globalState', 'object')] });
  add('permissionGrants', {
    args: () => [{ status: PermissionStatus.Activated, userPayer: payer, permissions: 8n }, payer, 8n],
    params: [p('permission', 'object', true, true), p('payer', 'pubkey'), p('flag', 'bigint')],
  });

  add('permissionAccountOf', {
    args: () => [programId, { owner: programId, data: new Uint8Array(0) }, (d: Uint8Array) => d],
    params: [p('programId', 'pubkey'), p('account', 'object', true, true), p('decode', 'fn')],
  });
  // What the program writes, for a caller that knows the account (the differential's expectations)
  add('applyUpdateDeviceArgs', { args: () => [activatedDevice(), { code: 'ams-dz9' }, {}], params: [p('device', 'object'), p('args', 'object'), p('opts', 'object', true)] });
  add('applyUpdateLinkArgs', { args: () => [sampleLink(), { code: 'ams-fra-9' }, { contributorFields: true }], params: [p('link', 'object'), p('args', 'object'), p('opts', 'object')] });
  add('interfaceCreatedBy', { args: () => [createIfaceArgs(), []], params: [p('args', 'object'), p('topologies', 'array', true)] });

  // PDAs
  for (const name of ['getGlobalStatePda', 'getGlobalConfigPda', 'getProgramConfigPda', 'getDeviceTunnelBlockPda', 'getLinkIdsPda', 'getSegmentRoutingIdsPda']) {
    add(name, { args: () => [programId], params: [p('programId', 'pubkey')] });
  }
  for (const name of ['getLocationPda', 'getExchangePda', 'getDevicePda', 'getLinkPda', 'getContributorPda']) {
    add(name, { args: () => [programId, 3], params: [p('programId', 'pubkey'), p('index', 'whole')] });
  }
  add('getPermissionPda', { args: () => [programId, payer], params: [p('programId', 'pubkey'), p('userPayer', 'pubkey')] });
  add('getTopologyPda', { args: () => [programId, 'unicast-default'], params: [p('programId', 'pubkey'), p('name', 'string')] });
  add('getResourceExtensionPda', { args: () => [programId, { kind: 'LinkIds' }], params: [p('programId', 'pubkey'), p('resource', 'object')] });
  add('getTunnelIdsPda', { args: () => [programId, devicePk, 0], params: [p('programId', 'pubkey'), p('device', 'pubkey'), p('index', 'whole', true)] });
  add('getDzPrefixBlockPda', { args: () => [programId, devicePk, 0], params: [p('programId', 'pubkey'), p('device', 'pubkey'), p('index', 'whole')] });

  // Enums, program ids, network values
  for (const [k, v] of Object.entries(lib)) {
    if (typeof v !== 'function') continue;
    if (/^[a-z]\w*Label$/.test(k)) add(k, { args: () => [1], params: [p('value', 'int')] });
    else if (/^parse[A-Z]\w*$/.test(k) && (v as { length: number }).length === 1 && !['parseProgramError', 'parseFeatureFlag', 'parseIpv4', 'parseNetworkV4', 'parseProgramAccounts'].includes(k)) {
      const label = fn[`${k.slice(5, 6).toLowerCase()}${k.slice(6)}Label`]!;
      add(k, { args: () => [label(1)], params: [p('text', 'string')] });
    }
  }
  add('isNetwork', { args: () => ['devnet'], params: [p('s', 'any')] });
  add('programIdFor', { args: () => ['devnet'], params: [p('network', 'string')] });
  // DoubleZero environments and the program check
  add('findEnvironment', { args: () => ['d'], params: [p('name', 'string')] });
  add('environmentFor', { args: () => ['devnet'], params: [p('name', 'string')] });
  add('environmentOfProgramId', { args: () => ['GYhQDKuESrasNZGyhMJhGYFtbzNijYhcrN9poSqCQVah'], params: [p('programId', 'string')] });
  add('ledgerWsUrlFor', { args: () => ['http://127.0.0.1:8899'], params: [p('rpcUrl', 'string')] });
  add('resolveEnvironment', { args: () => ['devnet', { DZ_LEDGER_RPC_URL: 'http://127.0.0.1:8899' }], params: [p('name', 'string'), p('env', 'object', true)] });
  add('ensureProgramDeployed', { args: () => [{ source: {} }], params: [p('client', 'object')] });
  // Any result of a send or any error it threw; anything else is a ValidationError naming it.
  add('outcomeOf', {
    args: () => [new (lib.TransactionConfirmationError as new (...a: unknown[]) => Error)(['sig'], 'unknown', 'outcome unknown')],
    params: [p('resultOrError', 'object')],
  });
  add('parseIpv4', { args: () => ['10.0.0.1'], params: [p('ipv4', 'string'), p('field', 'string', true)] });
  add('parseNetworkV4', { args: () => ['10.0.0.0/8'], params: [p('network', 'string'), p('field', 'string', true)] });
  add('ipv4ToNumber', { args: () => ['10.0.0.1'], params: [p('ipv4', 'string'), p('field', 'string', true)] });
  add('formatIpv4', { args: () => [new Uint8Array([10, 0, 0, 1])], params: [p('bytes', 'bytes'), p('offset', 'int', true)] });
  add('formatNetworkV4', { args: () => [new Uint8Array([10, 0, 0, 0, 8])], params: [p('bytes', 'bytes'), p('offset', 'int', true)] });
  add('scanIpv4', { args: () => ['10.0.0.1', new Uint8Array(4)], params: [p('text', 'any'), p('out', 'bytes'), p('offset', 'int', true)] });
  add('scanNetworkV4', { args: () => ['10.0.0.0/8', new Uint8Array(5)], params: [p('text', 'any'), p('out', 'bytes'), p('offset', 'int', true)] });
  add('isGlobalIpv4', { args: () => ['8.8.8.8'], params: [p('ip', 'any')] });
  add('isLinkLocalIpv4', { args: () => ['169.254.0.1'], params: [p('ip', 'any')] });
  add('isPrivateIpv4', { args: () => ['10.0.0.1'], params: [p('ip', 'any')] });
  add('isValidAccountCode', { args: () => ['dz1'], params: [p('code', 'any')] });
  add('networkContains', { args: () => ['10.0.0.0/8', '10.0.0.1'], params: [p('net', 'string'), p('ip', 'string')] });
  add('normalizeInterfaceName', { args: () => ['et1'], params: [p('name', 'string'), p('field', 'string', true)] });
  add('tryNormalizeInterfaceName', { args: () => ['eth1'], params: [p('name', 'string')] });

  // Program errors
  add('parseProgramError', { args: () => [{ err: { InstructionError: [0, { Custom: 8 }] }, logs: [] }], params: [p('err', 'any'), p('opts', 'object', true)] });
  add('programErrorFromCode', { args: () => [8], params: [p('code', 'int'), p('ctx', 'object', true)] });
  add('programErrorInfo', { args: () => [8], params: [p('code', 'int')] });
  add('programErrorInfoByName', { args: () => ['NotAllowed'], params: [p('name', 'string')] });
  add('builtinProgramError', { args: () => ['InvalidArgument'], params: [p('variant', 'string'), p('ctx', 'object', true)] });

  // Client helpers
  add('withSlot', { args: () => [[], 5], params: [p('list', 'array'), p('slot', 'any')] });
  add('parseProgramAccounts', {
    args: () => [{ jsonrpc: '2.0', id: 1, result: { context: { slot: 5 }, value: [] } }, programId],
    params: [p('res', 'any'), p('programId', 'pubkey'), p('programIdText', 'string', true)],
  });
  add('memcmpBytes', { args: () => [fn.pubkeyFilter!(1, pk(3))], params: [p('filter', 'object')] });
  add('validateFilters', { args: () => [[fn.pubkeyFilter!(1, pk(3))]], params: [p('filters', 'array')] });
  add('matchesFilters', { args: () => [deviceBytes, [fn.deviceFilter!()]], params: [p('data', 'bytes'), p('filters', 'array')] });
  add('resolveRetry', { args: () => [{ maxAttempts: 3 }], params: [p('options', 'object', true)] });
  // The WebSocket layer's checks of a URL and of a notification
  add('checkWebSocketUrl', { args: () => ['ws://127.0.0.1:8900'], params: [p('url', 'string'), p('field', 'string', true)] });
  add('parseProgramNotification', {
    args: () => [
      { context: { slot: 5 }, value: { pubkey: pk(30).toBase58(), account: { owner: programId.toBase58(), lamports: 1, data: ['AAE=', 'base64'], executable: false, space: 2 } } },
      programId.toBase58(),
    ],
    params: [p('result', 'object'), p('programId', 'string')],
  });

  // Device views, legacy interface records, link flags
  add('viewDevice', { args: () => [deviceBytes], params: [p('input', 'bytes'), p('opts', 'object', true)] });
  add('isDeviceView', { args: () => [fn.viewDevice!(deviceBytes)], params: [p('device', 'any')] });
  add('viewToDevice', { args: () => [fn.viewDevice!(deviceBytes)], params: [p('device', 'object')], fields: false });
  add('deviceLegacyInterfaces', { args: () => [sampleDevice({ interfaces: [sampleInterface('Ethernet2')] })], params: [p('device', 'object')] });
  add('isUnicastDrained', { args: () => [sampleLink()], params: [p('link', 'object')] });
  add('withUnicastDrained', { args: () => [0, true], params: [p('flags', 'int'), p('on', 'bool')] });


  return CASES;
}

const CASES = buildCases(lib as unknown as Record<string, unknown>);
const fn = lib as unknown as Record<string, (...a: unknown[]) => unknown>;

// ---------------------------------------------------------------------------------------------
// Running a case

function isClass(v: unknown): boolean {
  return typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v));
}

/** Calls `f`, awaiting a promise; returns the error thrown, or undefined. */
async function thrownBy(f: () => unknown): Promise<unknown> {
  return (await outcomeOf(f)).error;
}

/** Calls `f`: what it threw (or its promise rejected with), whether it threw before returning, and whether it returned a promise. */
async function outcomeOf(f: () => unknown): Promise<{ error: unknown; sync: boolean; promise: boolean }> {
  let r: unknown;
  try {
    r = f();
  } catch (e) {
    return { error: e, sync: true, promise: false };
  }
  const promise = r !== null && typeof r === 'object' && typeof (r as Promise<unknown>).then === 'function';
  try {
    if (promise) await r;
    return { error: undefined, sync: false, promise };
  } catch (e) {
    return { error: e, sync: false, promise };
  }
}

/** Variants of `words`' spelling an error message may use: camelCase, snake_case, lower. */
function spellings(name: string): string[] {
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  return [name, snake, name.toLowerCase()];
}

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

interface Problem {
  fn: string;
  what: string;
  got: string;
}

const PLAIN = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Every problem found calling `call` with the case's arguments and each wrong value. */
async function checkCase(name: string, c: Case, call: (args: unknown[]) => unknown, opts: { rejectsNotThrows?: boolean } = {}): Promise<Problem[]> {
  const problems: Problem[] = [];
  // The valid call works.
  const valid = await outcomeOf(() => call(c.args()));
  const ok = valid.error;
  if (ok !== undefined) problems.push({ fn: name, what: 'the valid call', got: describeError(ok) });
  // A method that returns a promise reports bad input by rejecting it, never by throwing.
  const mustReject = opts.rejectsNotThrows !== false && (valid.promise || (!valid.sync && ok !== undefined));
  for (let i = 0; i < c.params.length; i++) {
    const param = c.params[i]!;
    for (const [label, make] of BAD) {
      const args = c.args();
      args[i] = make();
      while (args.length > 0 && args.length - 1 > i && args[args.length - 1] === undefined) args.pop();
      const o = await outcomeOf(() => call(args));
      const e = o.error;
      const what = `${param.name} = ${label}`;
      if (mustReject && o.sync) problems.push({ fn: name, what, got: `threw before returning its promise: ${describeError(e)}` });
      if (e === undefined) {
        if (wrongFor(param.kind, param.optional ?? false, label, param.nullable)) problems.push({ fn: name, what, got: 'no error' });
        continue;
      }
      if (!(e instanceof DzprovError)) {
        problems.push({ fn: name, what, got: describeError(e) });
        continue;
      }
      if (wrongFor(param.kind, param.optional ?? false, label, param.nullable) && !spellings(param.name).some((s) => e.message.toLowerCase().includes(s.toLowerCase()))) {
        problems.push({ fn: name, what, got: `message does not name ${param.name}: ${describeError(e)}` });
      }
    }
    // Fields of an object parameter (and of its nested plain objects): never a TypeError.
    if (c.fields === false) continue;
    const sample = c.args()[i];
    if (!PLAIN(sample)) continue;
    const paths: string[][] = [];
    for (const [k, v] of Object.entries(sample)) {
      paths.push([k]);
      if (PLAIN(v)) for (const k2 of Object.keys(v)) paths.push([k, k2]);
    }
    for (const path of paths) {
      for (const [label, make] of BAD) {
        const args = c.args();
        const root = { ...(args[i] as Record<string, unknown>) };
        args[i] = root;
        if (path.length === 1) root[path[0]!] = make();
        else root[path[0]!] = { ...(root[path[0]!] as Record<string, unknown>), [path[1]!]: make() };
        const e = await thrownBy(() => call(args));
        if (e !== undefined && !(e instanceof DzprovError)) {
          problems.push({ fn: name, what: `${param.name}.${path.join('.')} = ${label}`, got: describeError(e) });
        }
      }
    }
  }
  return problems;
}

const exportedFunctions = Object.entries(lib)
  .filter(([, v]) => typeof v === 'function' && !isClass(v))
  .map(([k]) => k)
  .sort();

describe('every exported function has a typed-input case', () => {
  it('the table covers every exported function (add a case for a new export)', () => {
    const missing = exportedFunctions.filter((k) => !CASES[k]);
    expect(missing).toEqual([]);
    const stale = Object.keys(CASES).filter((k) => !exportedFunctions.includes(k));
    expect(stale).toEqual([]);
    expect(Object.keys(CASES).length).toBeGreaterThan(200);
  });

  it('every exported class (but the error classes) is covered below', () => {
    const classes = Object.entries(lib)
      .filter(([, v]) => isClass(v) && !((v as { prototype: unknown }).prototype instanceof Error))
      .map(([k]) => k)
      .sort();
    expect(classes.filter((c) => !['DzClient', 'MemoryAccountSource', 'RpcAccountSource', 'Writer', 'Reader', 'TransactionRunner', 'WsPubSub'].includes(c))).toEqual([]);
  });
});

describe('wrong-typed arguments throw a DzprovError naming the argument', () => {
  const names = Object.keys(CASES).sort();
  const groups = new Map<string, string[]>();
  for (const n of names) {
    const g = n.match(/^(decode|encode|create|validate|get|can|parse|plan|is)/)?.[1] ?? 'other';
    groups.set(g, [...(groups.get(g) ?? []), n]);
  }
  for (const [group, members] of groups) {
    it(`${group}*: ${members.length} functions`, async () => {
      const problems: Problem[] = [];
      for (const n of members) {
        if (!exportedFunctions.includes(n)) continue;
        problems.push(...(await checkCase(n, CASES[n]!, (a) => fn[n]!(...a))));
      }
      expect(problems.map((x) => `${x.fn}(${x.what}): ${x.got}`)).toEqual([]);
    }, 60_000);
  }
});


// ---------------------------------------------------------------------------------------------
// The kit door (dzprov/kit) passes the same suite: the same cases built with its own functions,
// plus its own exports.

const KIT_CASES = buildCases(kitLib as unknown as Record<string, unknown>);
{
  const coreIx = () => ({ programId, keys: [{ pubkey: payer, isSigner: true, isWritable: true }], data: new Uint8Array([1]) });
  KIT_CASES.toKitInstruction = { args: () => [coreIx()], params: [p('ix', 'object')] };
  KIT_CASES.fromKitInstruction = { args: () => [kitLib.toKitInstruction(coreIx())], params: [p('instruction', 'object')], fields: false };
  KIT_CASES.toKitFilter = { args: () => [{ memcmp: { offset: 0, bytes: '6' } }], params: [p('filter', 'object')] };
  KIT_CASES.kitRpc = { args: () => [{}], params: [p('rpc', 'object')] };
  KIT_CASES.kitPubSub = { args: () => [{}], params: [p('rpcSubscriptions', 'object')] };
  KIT_CASES.kitSigner = { args: () => [{ address: payer.toBase58(), signTransactions: async () => [] }], params: [p('signer', 'object')], fields: false };
  KIT_CASES.parseProgramAccounts = {
    args: () => [{ context: { slot: 5 }, value: [] }, programId.toBase58()],
    params: [p('result', 'any'), p('programAddress', 'pubkey')],
  };
}
const kitFn = kitLib as unknown as Record<string, (...a: unknown[]) => unknown>;
const kitFunctions = Object.entries(kitLib)
  .filter(([, v]) => typeof v === 'function' && !isClass(v))
  .map(([k]) => k)
  .sort();

describe('dzprov/kit: the same typed-input suite', () => {
  it('the table covers every function dzprov/kit exports', () => {
    expect(kitFunctions.filter((k) => !KIT_CASES[k])).toEqual([]);
    expect(Object.keys(KIT_CASES).filter((k) => !kitFunctions.includes(k))).toEqual([]);
  });

  it('every wrong-typed argument is a DzprovError naming it', async () => {
    const problems: Problem[] = [];
    for (const n of kitFunctions) problems.push(...(await checkCase(n, KIT_CASES[n]!, (a) => kitFn[n]!(...a))));
    expect(problems.map((x) => `${x.fn}(${x.what}): ${x.got}`)).toEqual([]);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Classes: Writer, MemoryAccountSource, DzClient (constructor and methods)

/** The public methods of DzClient (keyof sees only public members). */
type PublicMethod = { [K in keyof DzClient]: DzClient[K] extends (...a: never[]) => unknown ? K : never }[keyof DzClient];
const PUBLIC_METHODS: Record<PublicMethod, true> = {
  withSignal: true,
  fetchDevice: true,
  fetchMaybeDevice: true,
  fetchLink: true,
  fetchMaybeLink: true,
  fetchContributor: true,
  fetchMaybeContributor: true,
  fetchLocation: true,
  fetchMaybeLocation: true,
  fetchExchange: true,
  fetchMaybeExchange: true,
  fetchPermission: true,
  fetchMaybePermission: true,
  fetchPermissionOf: true,
  fetchGlobalState: true,
  fetchGlobalConfig: true,
  fetchMultipleDevices: true,
  fetchMultipleLinks: true,
  listDevices: true,
  listLinks: true,
  listContributors: true,
  listLocations: true,
  listExchanges: true,
  listPermissions: true,
  findDeviceByCode: true,
  findLinkByCode: true,
  resolveDevice: true,
  resolveLink: true,
  resolveDeviceRoles: true,
  resolveLinkRoles: true,
  subscribeDevices: true,
  subscribeLinks: true,
  watch: true,
  prepareDrainDevice: true,
  prepareUndrainDevice: true,
  preparePromoteDevice: true,
  prepareChangeDeviceStatus: true,
  prepareSetDeviceDesiredStatus: true,
  prepareSetDeviceHealth: true,
  prepareDeleteDevice: true,
  prepareSoftDrainLink: true,
  prepareHardDrainLink: true,
  prepareActivateLink: true,
  prepareChangeLinkStatus: true,
  prepareAcceptLink: true,
  prepareSetLinkDesiredStatus: true,
  prepareSetLinkHealth: true,
  prepareDeleteLink: true,
  prepareCreateLink: true,
  prepareUpdateLink: true,
  findContributorByCode: true,
  resolveContributor: true,
  simulate: true,
  send: true,
  prepareHealthMany: true,
  sendHealthMany: true,
  setHealthMany: true,
  drainDevice: true,
  undrainDevice: true,
  promoteDevice: true,
  changeDeviceStatus: true,
  setDeviceDesiredStatus: true,
  setDeviceHealth: true,
  deleteDevice: true,
  softDrainLink: true,
  hardDrainLink: true,
  activateLink: true,
  changeLinkStatus: true,
  acceptLink: true,
  setLinkDesiredStatus: true,
  setLinkHealth: true,
  deleteLink: true,
  prepareCreateDevice: true,
  prepareUpdateDevice: true,
  prepareCreateDeviceInterface: true,
  prepareUpdateDeviceInterface: true,
  prepareDeleteDeviceInterface: true,
  createDevice: true,
  updateDevice: true,
  createDeviceInterface: true,
  updateDeviceInterface: true,
  deleteDeviceInterface: true,
  createLink: true,
  updateLink: true,
};

describe('constructors and DzClient methods', () => {
  it('Writer, RpcAccountSource and MemoryAccountSource refuse wrong-typed arguments', async () => {
    const problems: Problem[] = [];
    problems.push(...(await checkCase('new Writer', { args: () => ['Device', 64], params: [p('typeName', 'string'), p('capacity', 'int', true)] }, (a) => new lib.Writer(...(a as [string, number])))));
    problems.push(
      ...(await checkCase(
        'new RpcAccountSource',
        { args: () => [new DzClient({ network: 'localnet', env: {} }).connection, {}], params: [p('connection', 'object'), p('opts', 'object', true)], fields: false },
        (a) => new lib.RpcAccountSource(...(a as [never])),
      )),
    );
    problems.push(
      ...(await checkCase('new MemoryAccountSource', { args: () => [[]], params: [p('records', 'array', true)] }, (a) => new MemoryAccountSource(...(a as [never[]])))),
    );
    problems.push(
      ...(await checkCase('new WsPubSub', { args: () => [{ url: 'ws://127.0.0.1:8900' }], params: [p('opts', 'object')] }, (a) => new lib.WsPubSub(...(a as [never])))),
    );
    expect(problems.map((x) => `${x.fn}(${x.what}): ${x.got}`)).toEqual([]);
  });

  it('Reader and TransactionRunner refuse wrong-typed arguments', async () => {
    const problems: Problem[] = [];
    problems.push(
      ...(await checkCase(
        'new Reader',
        { args: () => [new Uint8Array(8), 'Device', 1], params: [p('buf', 'bytes'), p('typeName', 'string'), p('offset', 'int', true)] },
        (a) => new lib.Reader(...(a as [Uint8Array, string, number])),
      )),
    );
    const connection = new DzClient({ network: 'localnet', env: {} }).connection!;
    const runnerArgs = () => [connection, programId, 'confirmed', lib.resolveRetry({ maxAttempts: 2 }), { maxPolls: 3 }];
    problems.push(
      ...(await checkCase(
        'new TransactionRunner',
        {
          args: runnerArgs,
          params: [p('connection', 'object'), p('programId', 'pubkey'), p('commitment', 'string'), p('retry', 'object'), p('confirm', 'object', true)],
        },
        (a) => new lib.TransactionRunner(...(a as [never, never, never, never])),
      )),
    );
    // Its methods check their arguments before any I/O (a fake node answers the valid simulation).
    const fakeNode = {
      _rpcRequest: async () => ({ jsonrpc: '2.0', id: 1, result: { context: { slot: 1 }, value: { err: null, logs: [], unitsConsumed: 1 } } }),
    };
    const runner = new lib.TransactionRunner(fakeNode as never, programId, 'confirmed', lib.resolveRetry({ maxAttempts: 1 }));
    const ix = () => [lib.createSetDeviceHealthInstruction(RAW.SetDeviceHealth!() as never)];
    problems.push(
      ...(await checkCase('runner.simulate', { args: () => [ix(), payer], params: [p('instructions', 'array'), p('payer', 'pubkey')] }, (a) =>
        runner.simulate(...(a as [never, never])),
      )),
    );
    problems.push(
      ...(
        await checkCase('runner.sendAndConfirm', { args: () => [ix(), Keypair.generate()], params: [p('instructions', 'array'), p('signer', 'object')], fields: false }, (a) =>
          runner.sendAndConfirm(...(a as [never, never])),
        )
      ).filter((x) => x.what !== 'the valid call'), // the fake node cannot send
    );
    expect(problems.map((x) => `${x.fn}(${x.what}): ${x.got}`)).toEqual([]);
  });

  it('DzClient.forEnv refuses wrong-typed arguments with a DzprovError naming them', async () => {
    const problems = await checkCase(
      'DzClient.forEnv',
      { args: () => ['local', { env: { DZ_LEDGER_RPC_URL: 'http://127.0.0.1:8899' }, commitment: 'confirmed' }], params: [p('name', 'string'), p('opts', 'object', true)] },
      (a) => DzClient.forEnv(...(a as [string])),
    );
    expect(problems.map((x) => `${x.fn}(${x.what}): ${x.got}`)).toEqual([]);
  });

  it('new DzClient refuses wrong-typed options', async () => {
    const problems = await checkCase(
      'new DzClient',
      { args: () => [{ network: 'localnet', rpcUrl: 'http://127.0.0.1:8899' }], params: [p('opts', 'object', true)] },
      (a) => new DzClient(...(a as [never])),
    );
    expect(problems.map((x) => `${x.fn}(${x.what}): ${x.got}`)).toEqual([]);
  });

  const ledger = buildSampleLedger();
  const client = () => new DzClient({ source: new MemoryAccountSource(ledger.records), programId: ledger.programId, env: {} });
  const dev = ledger.addresses.get('device:ams-dz1')!;
  const lnk = [...ledger.addresses.entries()].find(([k]) => k.startsWith('link:'))![1];
  const signer = Keypair.generate();
  const T = p('target', 'any');
  const K = (n = 'pk') => p(n, 'pubkey');
  const S = (n = 'signer') => p(n, 'object');

  /** Every public DzClient method that takes arguments: its valid arguments and parameters. */
  const METHODS: Record<string, Case | 'no-arguments' | 'sends'> = {};
  for (const kind of ['Device', 'Link', 'Contributor', 'Location', 'Exchange', 'Permission']) {
    const key = kind === 'Device' ? dev : kind === 'Link' ? lnk : ledger.records.find((r) => r.data[0] === (AccountType as unknown as Record<string, number>)[kind])?.pubkey ?? pk(9);
    METHODS[`fetch${kind}`] = { args: () => [key], params: [K()] };
    METHODS[`fetchMaybe${kind}`] = { args: () => [key], params: [K()] };
    METHODS[`list${kind}s`] = { args: () => [{}], params: [p('opts', 'object', true)] };
  }
  METHODS.fetchPermissionOf = { args: () => [payer], params: [K('user')] };
  METHODS.fetchMultipleDevices = { args: () => [[dev]], params: [p('pks', 'array')] };
  METHODS.fetchMultipleLinks = { args: () => [[lnk]], params: [p('pks', 'array')] };
  METHODS.fetchGlobalState = 'no-arguments';
  METHODS.fetchGlobalConfig = 'no-arguments';
  METHODS.findDeviceByCode = { args: () => ['ams-dz1'], params: [p('code', 'string')] };
  METHODS.findLinkByCode = { args: () => [ledger.records.length ? 'ams-fra-0' : 'x'], params: [p('code', 'string')] };
  METHODS.resolveDevice = { args: () => [dev], params: [p('codeOrPubkey', 'string')] };
  METHODS.resolveLink = { args: () => [lnk], params: [p('codeOrPubkey', 'string')] };
  METHODS.resolveDeviceRoles = { args: () => [payer, sampleDevice()], params: [K('payer'), p('device', 'object')] };
  METHODS.resolveLinkRoles = { args: () => [payer, sampleLink()], params: [K('payer'), p('link', 'object')] };
  for (const [m, extra] of [
    ['prepareDrainDevice', []],
    ['prepareUndrainDevice', []],
    ['prepareDeleteDevice', []],
    ['prepareSoftDrainLink', []],
    ['prepareHardDrainLink', []],
    ['prepareActivateLink', []],
    ['prepareDeleteLink', []],
  ] as const) {
    METHODS[m] = { args: () => [m.includes('Link') ? lnk : dev, payer, ...extra], params: [p('target', 'string'), K('payer')] };
  }
  for (const [m, to] of [
    ['prepareChangeDeviceStatus', DeviceStatus.Drained],
    ['preparePromoteDevice', DeviceStatus.LinkProvisioning],
    ['prepareSetDeviceDesiredStatus', DeviceDesiredStatus.Drained],
    ['prepareSetDeviceHealth', DeviceHealth.Impaired],
    ['prepareChangeLinkStatus', LinkStatus.SoftDrained],
    ['prepareSetLinkDesiredStatus', LinkDesiredStatus.SoftDrained],
    ['prepareSetLinkHealth', LinkHealth.Impaired],
  ] as const) {
    const health = m.includes('Health');
    METHODS[m] = { args: () => [m.includes('Link') ? lnk : dev, to, payer], params: [p('target', 'string'), p(health ? 'health' : 'to', 'int'), K('payer')] };
  }
  METHODS.prepareAcceptLink = { args: () => [lnk, 'Ethernet2', payer], params: [p('target', 'string'), p('sideZIfaceName', 'string'), K('payer')] };
  METHODS.prepareHealthMany = { args: () => [[{ kind: 'device', target: dev, health: DeviceHealth.Impaired }], payer], params: [p('updates', 'array'), K('payer')] };
  // Methods that go to the node (simulate, send, sendHealthMany, setHealthMany): their argument
  // checks are tested below, with a client that has no connection (they fail before any I/O).
  for (const m of ['simulate', 'send', 'sendHealthMany', 'setHealthMany']) METHODS[m] = 'sends';
  METHODS.subscribeDevices = { args: () => [() => {}, {}], params: [p('cb', 'fn'), p('opts', 'object', true)] };
  METHODS.subscribeLinks = { args: () => [() => {}, {}], params: [p('cb', 'fn'), p('opts', 'object', true)] };
  METHODS.watch = { args: () => [{ onEvent: () => {} }], params: [p('opts', 'object')] };
  METHODS.withSignal = { args: () => [new AbortController().signal], params: [p('signal', 'object')], fields: false };
  for (const m of ['drainDevice', 'undrainDevice', 'deleteDevice', 'softDrainLink', 'hardDrainLink', 'activateLink', 'deleteLink']) {
    METHODS[m] = { args: () => [m.includes('Link') ? lnk : dev, signer], params: [p('target', 'string'), S()] };
  }
  for (const m of ['changeDeviceStatus', 'promoteDevice', 'setDeviceDesiredStatus', 'setDeviceHealth', 'changeLinkStatus', 'setLinkDesiredStatus', 'setLinkHealth']) {
    METHODS[m] = { args: () => [m.includes('Link') ? lnk : dev, 1, signer], params: [p('target', 'string'), p(m.includes('Health') ? 'health' : 'to', 'int'), S()] };
  }
  const newDevice = () => ({ code: 'ams-dz9', contributor: 'acme', location: 'ams', exchange: 'xams', publicIp: '45.77.114.9', dzPrefixes: ['46.51.200.0/29'] });
  METHODS.prepareCreateDevice = { args: () => [newDevice(), payer], params: [p('request', 'object'), K('payer')] };
  METHODS.prepareUpdateDevice = { args: () => [dev, { mgmtVrf: 'mgmt' }, payer], params: [p('target', 'string'), p('changes', 'object'), K('payer')] };
  METHODS.prepareCreateDeviceInterface = { args: () => [dev, { name: 'Ethernet9' }, payer], params: [p('target', 'string'), p('request', 'object'), K('payer')] };
  METHODS.prepareUpdateDeviceInterface = { args: () => [dev, { name: 'Ethernet9', vlanId: 3 }, payer], params: [p('target', 'string'), p('changes', 'object'), K('payer')] };
  METHODS.prepareDeleteDeviceInterface = { args: () => [dev, 'Ethernet9', payer], params: [p('target', 'string'), p('name', 'string'), K('payer')] };
  METHODS.createDevice = { args: () => [newDevice(), signer], params: [p('request', 'object'), S()] };
  METHODS.updateDevice = { args: () => [dev, { mgmtVrf: 'mgmt' }, signer], params: [p('target', 'string'), p('changes', 'object'), S()] };
  METHODS.createDeviceInterface = { args: () => [dev, { name: 'Ethernet9' }, signer], params: [p('target', 'string'), p('request', 'object'), S()] };
  METHODS.updateDeviceInterface = { args: () => [dev, { name: 'Ethernet9', vlanId: 3 }, signer], params: [p('target', 'string'), p('changes', 'object'), S()] };
  METHODS.deleteDeviceInterface = { args: () => [dev, 'Ethernet9', signer], params: [p('target', 'string'), p('name', 'string'), S()] };
  METHODS.acceptLink = { args: () => [lnk, 'Ethernet2', signer], params: [p('target', 'string'), p('sideZIfaceName', 'string'), S()] };
  const contributorPk = () => ledger.records.find((r) => r.data[0] === AccountType.Contributor)!.pubkey;
  METHODS.findContributorByCode = { args: () => ['acme'], params: [p('code', 'string')] };
  METHODS.resolveContributor = { args: () => [contributorPk()], params: [p('codeOrPubkey', 'string')] };
  const linkRequest = () => ({
    code: 'new-link',
    linkType: 1,
    contributor: contributorPk(),
    sideA: dev,
    sideAIfaceName: 'Ethernet1',
    sideZ: ledger.addresses.get('device:fra-dz1') ?? pk(23),
    sideZIfaceName: 'Ethernet1',
    bandwidth: 10_000_000_000n,
    delayNs: 1_000_000n,
    jitterNs: 100_000n,
  });
  METHODS.prepareCreateLink = { args: () => [linkRequest(), payer], params: [p('request', 'object'), K('payer')] };
  METHODS.createLink = { args: () => [linkRequest(), signer], params: [p('request', 'object'), S()] };
  METHODS.prepareUpdateLink = { args: () => [lnk, { delayNs: 2_000_000n }, payer], params: [p('target', 'string'), p('changes', 'object'), K('payer')] };
  METHODS.updateLink = { args: () => [lnk, { delayNs: 2_000_000n }, signer], params: [p('target', 'string'), p('changes', 'object'), S()] };
  void T;

  it('the method table covers every public DzClient method', () => {
    // PUBLIC_METHODS is checked against the class by the type checker (npm run typecheck): a new
    // public method is a type error until it is listed, and then needs an entry in METHODS.
    const missing = Object.keys(PUBLIC_METHODS).filter(
      (m) => !(m in METHODS) && (DzClient.prototype as unknown as Record<string, { length: number }>)[m]!.length > 0,
    );
    expect(missing).toEqual([]);
    for (const m of Object.keys(METHODS)) expect(typeof (DzClient.prototype as unknown as Record<string, unknown>)[m], m).toBe('function');
  });

  it('DzClient methods (on an in-memory source) refuse wrong-typed arguments with a DzprovError naming them', async () => {
    const problems: Problem[] = [];
    for (const [m, c] of Object.entries(METHODS)) {
      if (typeof c === 'string') continue;
      const fnm = (DzClient.prototype as unknown as Record<string, ((...a: unknown[]) => unknown) | undefined>)[m];
      if (!fnm) continue;
      // Methods that need a node (intents: simulate and send) get only their argument checks
      // tested: the valid call is expected to fail for want of a connection, with a DzprovError.
      const cl = client();
      const res = await checkCase(`client.${m}`, c, (a) => fnm.apply(cl, a), { rejectsNotThrows: true });
      problems.push(...res.filter((x) => !(x.what === 'the valid call' && /needs an RPC connection|IllegalTransition|cannot|not allowed|AccountNotFound|does not exist|unknown/i.test(x.got))));
    }
    expect(problems.map((x) => `${x.fn}(${x.what}): ${x.got}`)).toEqual([]);
  }, 120_000);

  it('DzClient simulate / send / sendHealthMany / setHealthMany refuse wrong-typed arguments before any I/O', async () => {
    const cl = client();
    const admin = sampleKeypair('foundation');
    const prepared = await cl.prepareSetDeviceHealth(dev, DeviceHealth.Impaired, admin.publicKey);
    expect(prepared.alreadyDone).toBeUndefined();
    const plan = await cl.prepareHealthMany([{ kind: 'device', target: dev, health: DeviceHealth.Impaired }], admin.publicKey);
    const SENDS: Record<string, Case> = {
      simulate: { args: () => [{ ...prepared }, admin.publicKey], params: [p('prepared', 'object'), p('payer', 'pubkey', true)] },
      send: { args: () => [{ ...prepared }, admin, {}], params: [p('prepared', 'object'), S(), p('opts', 'object', true)] },
      sendHealthMany: { args: () => [{ ...plan }, admin, {}], params: [p('plan', 'object'), S(), p('opts', 'object', true)] },
      setHealthMany: {
        args: () => [[{ kind: 'device', target: dev, health: DeviceHealth.Impaired }], admin, {}],
        params: [p('updates', 'array'), S(), p('opts', 'object', true)],
      },
    };
    expect(Object.keys(SENDS).sort()).toEqual(Object.keys(METHODS).filter((m) => METHODS[m] === 'sends').sort());
    const problems: Problem[] = [];
    for (const [m, c] of Object.entries(SENDS)) {
      const fnm = (DzClient.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[m]!;
      const res = await checkCase(`client.${m}`, c, (a) => fnm.apply(client(), a));
      // The valid call reaches the node, which this client does not have.
      problems.push(...res.filter((x) => !(x.what === 'the valid call' && /needs an RPC connection/.test(x.got))));
    }
    // simulate's payer defaults to the prepared intent's (no argument read before the check).
    await expect(cl.simulate(null as never)).rejects.toThrow(/prepared/);
    await expect(cl.simulate(prepared)).rejects.toThrow(/needs an RPC connection/);
    expect(problems.map((x) => `${x.fn}(${x.what}): ${x.got}`)).toEqual([]);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// Exported constants: one type per kind

describe('exported constants', () => {
  it('every *PROGRAM_ID constant is a PublicKey (SYSTEM_PROGRAM_ID included; MAX_TUNNEL_ID is a number, not an id of a program)', () => {
    const ids = Object.entries(lib).filter(([k]) => /(^|_)PROGRAM_ID$/.test(k));
    expect(ids.map(([k]) => k)).toContain('SYSTEM_PROGRAM_ID');
    expect(ids.map(([k]) => k)).toContain('COMPUTE_BUDGET_PROGRAM_ID');
    for (const [k, v] of ids) expect(v, k).toBeInstanceOf(PublicKey);
    expect(lib.SYSTEM_PROGRAM_ID.toBase58()).toBe('11111111111111111111111111111111');
    for (const [k, v] of Object.entries(lib.PROGRAM_IDS)) expect(v, k).toBeInstanceOf(PublicKey);
  });
});

// ---------------------------------------------------------------------------------------------
// dzprov/graph and dzprov/sample-node: the same typed-input suite, over every function they export

describe('dzprov/graph and dzprov/sample-node: the same typed-input suite', () => {
  const sample = buildSampleLedger();
  const network = () => ({
    devices: sample.values.devices.map((account, i) => ({ pubkey: pk(100 + i), account })),
    links: sample.values.links.map((account, i) => ({ pubkey: pk(150 + i), account })),
    locations: sample.values.locations.map((account, i) => ({ pubkey: pk(200 + i), account })),
  });
  const graph = () => graphLib.networkGraph(network());
  const GRAPH_CASES: Record<string, Case> = {
    networkGraph: { args: () => [network(), { width: 800, height: 400, title: 't' }], params: [p('input', 'object'), p('opts', 'object', true)] },
    graphSvg: { args: () => [graph()], params: [p('graph', 'object')], fields: false },
    graphDot: { args: () => [graph()], params: [p('graph', 'object')], fields: false },
    visibleText: { args: () => ['ams-dz1'], params: [p('text', 'string')] },
    deviceStatusClass: { args: () => [DeviceStatus.Drained], params: [p('status', 'int')] },
    deviceHealthClass: { args: () => [DeviceHealth.Impaired], params: [p('health', 'int')] },
    linkStatusClass: { args: () => [LinkStatus.SoftDrained], params: [p('status', 'int')] },
    linkHealthClass: { args: () => [LinkHealth.Impaired], params: [p('health', 'int')] },
  };
  // The node is started on a free port (where no port is given it would take 8899, the local
  // environment's) and closed again by each call that succeeds.
  const SAMPLE_NODE_CASES: Record<string, Case> = {
    startSampleNode: { args: () => [{ port: 0, slotMs: 50 }], params: [p('opts', 'object', true)] },
  };
  const functionsOf = (m: Record<string, unknown>) => Object.entries(m).filter(([, v]) => typeof v === 'function' && !isClass(v)).map(([k]) => k).sort();

  it('the tables cover every function the two entry points export', () => {
    expect(functionsOf(graphLib)).toEqual(Object.keys(GRAPH_CASES).sort());
    expect(functionsOf(sampleNodeLib)).toEqual(Object.keys(SAMPLE_NODE_CASES).sort());
  });

  it('every wrong-typed argument is a DzprovError naming it', async () => {
    const problems: Problem[] = [];
    const g = graphLib as unknown as Record<string, (...a: unknown[]) => unknown>;
    for (const [n, c] of Object.entries(GRAPH_CASES)) problems.push(...(await checkCase(n, c, (a) => g[n]!(...a))));
    const start = async (a: unknown[]) => {
      const given = a[0] as Record<string, unknown> | undefined;
      const opts = given === undefined ? { port: 0 } : given !== null && typeof given === 'object' && !Array.isArray(given) && given.port === undefined ? { ...given, port: 0 } : given;
      const node = await sampleNodeLib.startSampleNode(opts as never);
      await node.close();
    };
    problems.push(...(await checkCase('startSampleNode', SAMPLE_NODE_CASES.startSampleNode!, start)));
    expect(problems.map((x) => `${x.fn}(${x.what}): ${x.got}`)).toEqual([]);
  }, 60_000);
});
