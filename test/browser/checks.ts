/**
 * The checks of the browser suite (test/browser/browser.test.ts). Each returns plain JSON. The
 * bundle of entry.ts runs them in headless Chromium; the offline ones also run in Node, so the
 * suite can compare both results besides checking them against the fixtures.
 *
 * Runtime-neutral like the library: no Node module, no Node global (no Buffer, no process), no
 * vitest. Fixtures come through a loader (fetch in the page, the file system in Node).
 */
import { Keypair, PublicKey, TransactionInstruction } from '@solana/web3.js';
import {
  AccountNotFoundError,
  AccountType,
  acceptLink,
  activateLink,
  changeDeviceStatus,
  changeLinkStatus,
  createCreateDeviceInstruction,
  createCreateLinkInstruction,
  decodeAccount,
  decodeContributor,
  decodeDevice,
  decodeDeviceLegacyInterfaces,
  decodeExchange,
  decodeGlobalConfig,
  decodeGlobalState,
  decodeInstruction,
  decodeLink,
  decodeLocation,
  decodePermission,
  DecodeError,
  deleteDevice,
  deleteLink,
  DeviceDesiredStatus,
  DeviceDesiredStatusSpec,
  DeviceHealth,
  DeviceStatus,
  DeviceTypeSpec,
  drainDevice,
  DzClient,
  DzprovError,
  encodeAccount,
  encodeContributor,
  encodeDevice,
  encodeExchange,
  encodeGlobalConfig,
  encodeGlobalState,
  encodeLink,
  encodeLocation,
  encodePermission,
  hardDrainLink,
  IllegalTransitionError,
  InstructionArgumentError,
  InstructionDecodeError,
  InterfaceCYOA,
  InterfaceDIA,
  InterfaceStatus,
  InterfaceType,
  LinkDesiredStatus,
  LinkDesiredStatusSpec,
  LinkHealth,
  LinkLinkTypeSpec,
  LinkStatus,
  LoopbackType,
  NotAllowedError,
  planDeviceMaintenance,
  planDeviceReturn,
  promoteDevice,
  RoutingMode,
  setDeviceDesiredStatus,
  setDeviceHealth,
  setLinkDesiredStatus,
  setLinkHealth,
  softDrainLink,
  undrainDevice,
  ValidationError,
  WrongOwnerError,
  type CreateDeviceArgs,
  type CreateLinkArgs,
  type DecodeOptions,
  type Device,
  type DeviceEvent,
  type EnumSpec,
  type LegacyInterface,
  type Role,
  type Unsubscribe,
} from '../../src/index.js';
import { pk, sampleDevice, sampleInterface, sampleLink } from '../helpers/accounts.js';

// ---------------------------------------------------------------------------------------------
// JSON

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export function fromHex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A value as JSON: bigint → "<n>n", PublicKey → base58, bytes → "hex:…", undefined → null. */
export function toJson(v: unknown): Json {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof PublicKey) return v.toBase58();
  if (v instanceof Uint8Array) return `hex:${hex(v)}`;
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === 'object') {
    const o: { [k: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) o[k] = toJson(x);
    return o;
  }
  return String(v);
}

/** What the suite needs to know of a thrown error: class (by instanceof, not by name), name, code, fields. */
export function errorJson(e: unknown, extra: Record<string, unknown> = {}): Json {
  if (!(e instanceof Error)) return { thrown: String(e) };
  const d = e as Error & Record<string, unknown>;
  return toJson({
    name: e.name,
    message: e.message,
    code: d.code ?? null,
    dzprovError: e instanceof DzprovError,
    ...extra,
  });
}

function thrown(f: () => unknown, extra: (e: unknown) => Record<string, unknown> = () => ({})): Json {
  try {
    f();
  } catch (e) {
    return errorJson(e, extra(e));
  }
  return { thrown: null };
}

async function rejected(p: Promise<unknown>, extra: (e: unknown) => Record<string, unknown> = () => ({})): Promise<Json> {
  try {
    await p;
  } catch (e) {
    return errorJson(e, extra(e));
  }
  return { thrown: null };
}

function ixJson(ix: TransactionInstruction): Json {
  return {
    programId: ix.programId.toBase58(),
    data: hex(ix.data),
    accounts: ix.keys.map((k) => ({ pubkey: k.pubkey.toBase58(), is_signer: k.isSigner, is_writable: k.isWritable })),
  };
}

/** decodeInstruction's view of an instruction: name, tag, args, named accounts. */
function decodedJson(ix: TransactionInstruction, programId?: PublicKey): Json {
  const d = decodeInstruction(ix, programId ? { programId } : {});
  return toJson({ name: d.name, tag: d.tag, args: d.args, accounts: d.accounts });
}

// ---------------------------------------------------------------------------------------------
// Environment

/** Where the checks run: the browser suite asserts there is no Node global in the page. */
export function environment(): Json {
  const g = globalThis as Record<string, unknown>;
  const nav = g.navigator as { userAgent?: string } | undefined;
  return {
    userAgent: nav?.userAgent ?? null,
    typeofBuffer: typeof g.Buffer,
    typeofProcess: typeof g.process,
    typeofRequire: typeof g.require,
    typeofGlobal: typeof g.global,
    typeofWebSocket: typeof g.WebSocket,
    typeofFetch: typeof g.fetch,
    cryptoSubtle: typeof (g.crypto as { subtle?: unknown } | undefined)?.subtle,
  };
}

// ---------------------------------------------------------------------------------------------
// Golden fixtures

export interface FixtureLoader {
  /** `<name>.bin` of test/fixtures/ (and `permission.bin`: the hand-made Permission golden vector). */
  bytes(name: string): Promise<Uint8Array>;
  /** `<name>.json` of test/fixtures/. */
  json<T>(name: string): Promise<T>;
}

interface FixtureField {
  name: string;
  value: string;
  typ: string;
}

interface Codec {
  name: string;
  accountType: AccountType;
  decode: (input: Uint8Array | { data: Uint8Array; owner: PublicKey }, opts?: DecodeOptions) => object;
  encode: (v: never) => Uint8Array;
  /** Whether test/fixtures/ has `<name>.json` (Permission's vector is hand-made: no JSON). */
  json: boolean;
  renames?: Record<string, string>;
}

/** Every account codec with its golden fixture (test/fixtures/, plus the Permission vector). */
export const CODECS: readonly Codec[] = [
  { name: 'contributor', accountType: AccountType.Contributor, decode: decodeContributor, encode: encodeContributor, json: true },
  { name: 'device', accountType: AccountType.Device, decode: decodeDevice, encode: encodeDevice, json: true },
  { name: 'exchange', accountType: AccountType.Exchange, decode: decodeExchange, encode: encodeExchange, json: true },
  {
    name: 'global_config',
    accountType: AccountType.GlobalConfig,
    decode: decodeGlobalConfig,
    encode: encodeGlobalConfig,
    json: true,
    renames: { MulticastGroupBlock: 'multicastgroupBlock' },
  },
  { name: 'global_state', accountType: AccountType.GlobalState, decode: decodeGlobalState, encode: encodeGlobalState, json: true },
  { name: 'link', accountType: AccountType.Link, decode: decodeLink, encode: encodeLink, json: true },
  { name: 'location', accountType: AccountType.Location, decode: decodeLocation, encode: encodeLocation, json: true },
  { name: 'permission', accountType: AccountType.Permission, decode: decodePermission, encode: encodePermission, json: false },
];

const own = (o: object, k: string, name: string): unknown => {
  if (!Object.prototype.hasOwnProperty.call(o, k)) throw new Error(`no counterpart ${k} for ${name}`);
  return (o as Record<string, unknown>)[k];
};

/**
 * A fixture field's decoded value: "FoundationAllowlistLen" → length of foundationAllowlist,
 * "QaAllowlist0" → its element 0, else the camelCase key (as test/helpers/codecSuite.ts).
 */
function genericField(v: object, name: string, renames: Record<string, string>): unknown {
  const m = /^(.*?)(Len|\d+)$/.exec(name);
  const camel = (s: string) => renames[s] ?? s[0]!.toLowerCase() + s.slice(1);
  if (m && /Allowlist$|Topologies$/.test(m[1]!)) {
    const list = own(v, camel(m[1]!), name) as unknown[];
    return m[2] === 'Len' ? list.length : list[Number(m[2])];
  }
  return own(v, camel(name), name);
}

/** device.json's field names (as test/state/device.test.ts): prefixes, the legacy records, the new interfaces. */
function deviceField(d: Device, legacy: LegacyInterface[], name: string): unknown {
  const renames: Record<string, string> = { InterfaceCYOA: 'interfaceCyoa', InterfaceDIA: 'interfaceDia' };
  const camel = (s: string): string => renames[s] ?? s[0]!.toLowerCase() + s.slice(1);
  let m: RegExpExecArray | null;
  if (name === 'DzPrefixesLen') return d.dzPrefixes.length;
  if ((m = /^DzPrefixes(\d+)$/.exec(name))) return d.dzPrefixes[Number(m[1])];
  if (name === 'InterfacesLen') return legacy.length;
  if ((m = /^Interface(\d+)Version$/.exec(name))) return legacy[Number(m[1])]!.tag;
  if ((m = /^Interface(\d+)(\w+)$/.exec(name))) return own(legacy[Number(m[1])]!, camel(m[2]!), name);
  if (name === 'NewInterfacesLen') return d.interfaces.length;
  if ((m = /^NewInterface(\d+)FlexAlgoNodeSegmentsLen$/.exec(name))) return d.interfaces[Number(m[1])]!.flexAlgoNodeSegments.length;
  if ((m = /^NewInterface(\d+)FlexAlgoNodeSegments(\d+)(\w+)$/.exec(name))) {
    return own(d.interfaces[Number(m[1])]!.flexAlgoNodeSegments[Number(m[2])]!, camel(m[3]!), name);
  }
  if ((m = /^NewInterface(\d+)(\w+)$/.exec(name))) return own(d.interfaces[Number(m[1])]!, camel(m[2]!), name);
  return own(d, camel(name), name);
}

/** The decoded value of one fixture field, as the fixture JSON writes it (with a type check). */
function fieldText(actual: unknown, typ: string): string {
  switch (typ) {
    case 'u8':
    case 'u16':
    case 'u32':
    case 'f64':
      return typeof actual === 'number' ? String(actual) : `<not a number: ${typeof actual}>`;
    case 'u64':
    case 'u128':
      return typeof actual === 'bigint' ? String(actual) : `<not a bigint: ${typeof actual}>`;
    case 'bool':
      return typeof actual === 'boolean' ? String(actual) : `<not a boolean: ${typeof actual}>`;
    case 'pubkey':
      return actual instanceof PublicKey ? actual.toBase58() : `<not a PublicKey>`;
    default:
      return typeof actual === 'string' ? actual : `<not a string: ${typeof actual}>`;
  }
}

function expectedText(f: FixtureField): string {
  if (f.typ === 'u64' || f.typ === 'u128') return String(BigInt(f.value));
  if (f.typ === 'u8' || f.typ === 'u16' || f.typ === 'u32' || f.typ === 'f64') return String(Number(f.value));
  return f.value;
}

/**
 * Decodes every golden account fixture with its decoder and with decodeAccount, compares every
 * field the fixture JSON lists, and checks the owner check and a cut account's DecodeError.
 */
export async function decodeFixtures(load: FixtureLoader): Promise<Json> {
  const programId = new PublicKey(new Uint8Array(32).fill(0xaa));
  const other = new PublicKey(new Uint8Array(32).fill(0xbb));
  const out: Json[] = [];
  for (const c of CODECS) {
    const bytes = await load.bytes(c.name);
    const v = c.decode(bytes) as Record<string, unknown>;
    const fields: Json[] = [];
    let jsonFields = 0;
    if (c.json) {
      const fx = await load.json<{ account_type: number; fields: FixtureField[] }>(c.name);
      jsonFields = fx.fields.length;
      const legacy = c.name === 'device' ? decodeDeviceLegacyInterfaces(bytes) : [];
      for (const f of fx.fields) {
        let actual: string;
        try {
          actual = fieldText(c.name === 'device' ? deviceField(v as unknown as Device, legacy, f.name) : genericField(v, f.name, c.renames ?? {}), f.typ);
        } catch (e) {
          actual = `<${(e as Error).message}>`;
        }
        fields.push({ name: f.name, expected: expectedText(f), actual });
      }
    }
    const viaAccount = decodeAccount(bytes);
    out.push({
      name: c.name,
      length: bytes.length,
      accountType: v.accountType as number,
      jsonFields,
      fields,
      decoded: toJson(v),
      decodeAccount: { accountType: viaAccount.accountType, same: JSON.stringify(toJson(viaAccount)) === JSON.stringify(toJson(v)) },
      ownerChecked: JSON.stringify(toJson(c.decode({ data: bytes, owner: programId }, { programId }))) === JSON.stringify(toJson(v)),
      wrongOwner: thrown(() => c.decode({ data: bytes, owner: other }, { programId }), (e) => ({ wrongOwnerError: e instanceof WrongOwnerError })),
      cut: thrown(
        () => c.decode(bytes.slice(0, 2)),
        (e) => (e instanceof DecodeError ? { decodeError: true, accountType: e.accountType, field: e.field, offset: e.offset } : { decodeError: false }),
      ),
    });
  }
  return out;
}

/**
 * Encode round trips of every golden fixture: the decoded value, a plain copy, bytes a newer
 * program wrote after the last field, encodeAccount; and values built by hand, changed, encoded
 * and decoded back.
 */
export async function roundTrips(load: FixtureLoader): Promise<Json> {
  const TAIL = Uint8Array.of(7, 8, 9);
  const fixtures: Json[] = [];
  for (const c of CODECS) {
    const bytes = await load.bytes(c.name);
    const encode = c.encode as (v: object) => Uint8Array;
    const v = c.decode(bytes);
    const withTail = new Uint8Array(bytes.length + TAIL.length);
    withTail.set(bytes);
    withTail.set(TAIL, bytes.length);
    const t = c.decode(withTail);
    fixtures.push({
      name: c.name,
      input: hex(bytes),
      encoded: hex(encode(v)),
      encodedCopy: hex(encode({ ...v })),
      encodedWithTail: hex(encode(t)),
      encodedCopyOfTail: hex(encode({ ...t })),
      encodeAccount: hex(encodeAccount(decodeAccount(bytes))),
    });
  }
  // Values built by hand: a drained device with an interface, a soft-drained link with a topology.
  const device = sampleDevice({
    status: DeviceStatus.Drained,
    desiredStatus: DeviceDesiredStatus.Drained,
    deviceHealth: DeviceHealth.Impaired,
    interfaces: [sampleInterface('Ethernet1', { status: InterfaceStatus.Activated, ipNet: '172.16.0.0/31' })],
    dzPrefixes: ['46.51.100.0/24', '46.51.101.0/28'],
  });
  const link = sampleLink({ status: LinkStatus.SoftDrained, desiredStatus: LinkDesiredStatus.SoftDrained, linkTopologies: [pk(50)], bandwidth: 2n ** 63n });
  const deviceBytes = encodeDevice(device);
  const linkBytes = encodeLink(link);
  return {
    fixtures,
    built: {
      device: { value: toJson(device), bytes: hex(deviceBytes), back: toJson(decodeDevice(deviceBytes)), again: hex(encodeDevice(decodeDevice(deviceBytes))) },
      link: { value: toJson(link), bytes: hex(linkBytes), back: toJson(decodeLink(linkBytes)), again: hex(encodeLink(decodeLink(linkBytes))) },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Checked builders


/** The names of every checked builder (README, "checked builders"). */
export const CHECKED_BUILDERS = [
  'drainDevice',
  'undrainDevice',
  'promoteDevice',
  'changeDeviceStatus',
  'changeLinkStatus',
  'setDeviceDesiredStatus',
  'setDeviceHealth',
  'deleteDevice',
  'softDrainLink',
  'hardDrainLink',
  'activateLink',
  'acceptLink',
  'setLinkDesiredStatus',
  'setLinkHealth',
  'deleteLink',
  'planDeviceMaintenance',
  'planDeviceReturn',
] as const;

/**
 * Every checked builder on a legal request (the instruction, and decodeInstruction's reading of
 * it), and the refusals: illegal transitions, a side-Z caller without its contributor, an
 * interface the program would refuse.
 */
export function checkedBuilders(): Json {
  const programId = pk(255);
  const payer = pk(1);
  const devicePk = pk(30);
  const linkPk = pk(31);
  const sideZContributorPk = pk(32);
  const d = { programId, payer, devicePk };
  const l = { programId, payer, linkPk };
  const built: Record<string, TransactionInstruction> = {
    drainDevice: drainDevice({ ...d, device: sampleDevice({ status: DeviceStatus.Activated }), roles: ['contributor'] }),
    undrainDevice: undrainDevice({
      ...d,
      device: sampleDevice({ status: DeviceStatus.Drained, desiredStatus: DeviceDesiredStatus.Drained, deviceHealth: DeviceHealth.ReadyForUsers }),
      roles: ['contributor'],
    }),
    promoteDevice: promoteDevice({
      ...d,
      device: sampleDevice({ status: DeviceStatus.DeviceProvisioning, desiredStatus: DeviceDesiredStatus.Activated, deviceHealth: DeviceHealth.ReadyForLinks }),
      roles: ['networkAdmin'],
    }),
    changeDeviceStatus: changeDeviceStatus({
      ...d,
      device: sampleDevice({ status: DeviceStatus.PendingDeprecated, desiredStatus: DeviceDesiredStatus.Pending }),
      roles: ['networkAdmin'],
      to: DeviceStatus.DeviceProvisioning,
    }),
    changeLinkStatus: changeLinkStatus({
      ...l,
      link: sampleLink({ status: LinkStatus.PendingDeprecated, desiredStatus: LinkDesiredStatus.Pending }),
      roles: ['networkAdmin'],
      to: LinkStatus.Provisioning,
    }),
    setDeviceDesiredStatus: setDeviceDesiredStatus({ ...d, device: sampleDevice(), roles: ['contributor'], to: DeviceDesiredStatus.Drained }),
    setDeviceHealth: setDeviceHealth({ ...d, device: sampleDevice(), roles: ['healthOracle'], to: DeviceHealth.ReadyForLinks }),
    deleteDevice: deleteDevice({
      ...d,
      device: sampleDevice({ status: DeviceStatus.Drained }),
      roles: ['contributor'],
      resources: { kind: 'atomic', location: pk(11), exchange: pk(12), owners: [pk(40), pk(41)], deviceOwner: pk(10) },
    }),
    softDrainLink: softDrainLink({ ...l, link: sampleLink(), roles: ['contributor'] }),
    hardDrainLink: hardDrainLink({ ...l, link: sampleLink(), roles: ['sideZContributor'], sideZContributorPk }),
    activateLink: activateLink({ ...l, link: sampleLink({ status: LinkStatus.SoftDrained, desiredStatus: LinkDesiredStatus.SoftDrained }), roles: ['networkAdmin'] }),
    acceptLink: acceptLink({
      ...l,
      link: sampleLink({ status: LinkStatus.Requested }),
      roles: ['sideZContributor'],
      sideZDevice: sampleDevice({ contributorPk: sideZContributorPk, interfaces: [sampleInterface('Ethernet1')] }),
      sideADevice: sampleDevice({ interfaces: [sampleInterface('Ethernet2')] }),
      sideZIfaceName: 'Ethernet1',
    }),
    setLinkDesiredStatus: setLinkDesiredStatus({ ...l, link: sampleLink(), roles: ['contributor'], to: LinkDesiredStatus.HardDrained }),
    setLinkHealth: setLinkHealth({ ...l, link: sampleLink(), roles: ['healthOracle'], to: LinkHealth.Impaired }),
    deleteLink: deleteLink({ ...l, link: sampleLink({ status: LinkStatus.HardDrained, linkTopologies: [pk(50)] }), roles: ['contributor'], sideADevice: sampleDevice(), sideZDevice: sampleDevice() }),
  };
  const instructions: Record<string, Json> = {};
  for (const [name, ix] of Object.entries(built)) instructions[name] = { ix: ixJson(ix), decoded: decodedJson(ix, programId) };

  // The planners: maintenance of a device with two Activated links, then its return.
  // (The side-A link is the device's contributor's: a contributor acts on its own links.)
  const links = [
    { pubkey: pk(60), link: sampleLink({ sideAPk: devicePk, contributorPk: sampleDevice().contributorPk }) },
    { pubkey: pk(61), link: sampleLink({ sideZPk: devicePk }) },
    { pubkey: pk(63), link: sampleLink() },
  ];
  const planJson = (plan: ReturnType<typeof planDeviceMaintenance>): Json => ({
    ready: plan.ready,
    steps: plan.steps.map((s) =>
      toJson({ kind: s.kind, target: s.target, blocked: s.blocked, ...(s.blocked ? { reason: s.reason } : { ix: ixJson(s.instruction), decoded: decodedJson(s.instruction, programId) }) }),
    ),
  });
  instructions.planDeviceMaintenance = planJson(planDeviceMaintenance({ ...d, device: sampleDevice(), links, roles: ['contributor'] }));
  const drainedLinks = [
    { pubkey: pk(60), link: sampleLink({ sideAPk: devicePk, contributorPk: sampleDevice().contributorPk, status: LinkStatus.SoftDrained, desiredStatus: LinkDesiredStatus.SoftDrained }) },
    { pubkey: pk(61), link: sampleLink({ sideZPk: devicePk, status: LinkStatus.SoftDrained, linkHealth: LinkHealth.Impaired }) },
  ];
  instructions.planDeviceReturn = planJson(
    planDeviceReturn({
      ...d,
      device: sampleDevice({ status: DeviceStatus.Drained, desiredStatus: DeviceDesiredStatus.Drained, deviceHealth: DeviceHealth.ReadyForUsers }),
      links: drainedLinks,
      roles: ['networkAdmin'],
    }),
  );

  const transition = (e: unknown) =>
    e instanceof IllegalTransitionError ? { illegalTransition: true, from: e.from, to: e.to, roles: [...e.roles] } : { illegalTransition: false };
  const requested = sampleLink({ status: LinkStatus.Requested });
  const sideZDevice = sampleDevice({ contributorPk: sideZContributorPk, interfaces: [sampleInterface('Ethernet1'), sampleInterface('Ethernet2', { status: InterfaceStatus.Activated })] });
  const refusals = {
    drainProvisioningDevice: thrown(
      () => drainDevice({ ...d, device: sampleDevice({ status: DeviceStatus.DeviceProvisioning }), roles: ['networkAdmin'] }),
      transition,
    ),
    drainAsHealthOracle: thrown(() => drainDevice({ ...d, device: sampleDevice(), roles: ['healthOracle'] }), transition),
    promoteIdle: thrown(() => promoteDevice({ ...d, device: sampleDevice(), roles: ['networkAdmin'] }), transition),
    deleteLiveLink: thrown(() => deleteLink({ ...l, link: sampleLink(), roles: ['contributor'] }), transition),
    setDeviceHealthAsContributor: thrown(
      () => setDeviceHealth({ ...d, device: sampleDevice(), roles: ['contributor'] as Role[], to: DeviceHealth.Impaired }),
      transition,
    ),
    hardDrainSideZWithoutContributor: thrown(
      () => hardDrainLink({ ...l, link: sampleLink(), roles: ['sideZContributor'] }),
      (e) => ({ validationError: e instanceof ValidationError, field: (e as ValidationError).field }),
    ),
    acceptOnActivatedInterface: thrown(
      () => acceptLink({ ...l, link: requested, roles: ['sideZContributor'], sideZDevice, sideADevice: sampleDevice({ interfaces: [sampleInterface(requested.sideAIfaceName)] }), sideZIfaceName: 'Ethernet2' }),
      (e) => ({ instructionArgumentError: e instanceof InstructionArgumentError, programError: (e as InstructionArgumentError).programError }),
    ),
    acceptOnMissingInterface: thrown(
      () => acceptLink({ ...l, link: requested, roles: ['sideZContributor'], sideZDevice, sideADevice: sampleDevice({ interfaces: [sampleInterface(requested.sideAIfaceName)] }), sideZIfaceName: 'Ethernet9' }),
      (e) => ({
        instructionArgumentError: e instanceof InstructionArgumentError,
        validationError: e instanceof ValidationError,
        programError: (e as InstructionArgumentError).programError,
      }),
    ),
  };
  return { instructions, refusals };
}

// ---------------------------------------------------------------------------------------------
// decodeInstruction

interface IxFixture {
  program_id: string;
  variant: number;
  data_hex: string;
  accounts: { pubkey: string; is_signer: boolean; is_writable: boolean }[];
}

interface IxInput {
  fixture: string;
  program_id: string;
  payer: string;
  'accounts-inputs': Record<string, string>;
  args: Record<string, unknown>;
}

const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function enumByName(spec: EnumSpec, name: unknown): number {
  const v = spec.values.find((x) => spec.variants[x] === name);
  if (v === undefined) throw new Error(`${String(name)} is not a ${spec.name} variant`);
  return v;
}

/** ix_inputs.json args (snake_case, u64 as strings, enums by name, base58 keys) → the builders' args. */
function mapArgs(raw: Record<string, unknown>, types: Record<string, 'u64' | 'pubkey' | EnumSpec>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const t = types[k];
    let value: unknown = v;
    if (v !== null && t === 'u64') value = BigInt(v as string);
    else if (v !== null && t === 'pubkey') value = new PublicKey(v as string);
    else if (v !== null && typeof t === 'object') value = enumByName(t, v);
    out[camel(k)] = value;
  }
  return out;
}

/**
 * decodeInstruction on the golden instruction fixtures (their .bin data with the JSON's
 * accounts), the same instructions rebuilt from ix_inputs.json, and its refusals.
 */
export async function decodeInstructions(load: FixtureLoader): Promise<Json> {
  const inputs = await load.json<IxInput[]>('ix_inputs');
  const fixtures: Json[] = [];
  for (const name of ['ix_create_device', 'ix_create_link']) {
    const fx = await load.json<IxFixture>(name);
    const data = await load.bytes(name);
    const ix = new TransactionInstruction({
      programId: new PublicKey(fx.program_id),
      keys: fx.accounts.map((a) => ({ pubkey: new PublicKey(a.pubkey), isSigner: a.is_signer, isWritable: a.is_writable })),
      // web3.js declares a Buffer; the bytes work as they are (no Buffer global in a browser).
      data: data as TransactionInstruction['data'],
    });
    fixtures.push({ name, decoded: decodedJson(ix, new PublicKey(fx.program_id)) });
  }
  const input = (name: string): IxInput => inputs.find((i) => i.fixture === name)!;
  const dev = input('ix_create_device');
  const createDevice = createCreateDeviceInstruction({
    programId: new PublicKey(dev.program_id),
    payer: new PublicKey(dev.payer),
    contributor: new PublicKey(dev['accounts-inputs'].contributor!),
    location: new PublicKey(dev['accounts-inputs'].location!),
    exchange: new PublicKey(dev['accounts-inputs'].exchange!),
    deviceIndex: BigInt(dev['accounts-inputs'].device_index!),
    args: mapArgs(dev.args, { device_type: DeviceTypeSpec, metrics_publisher_pk: 'pubkey', desired_status: DeviceDesiredStatusSpec }) as unknown as CreateDeviceArgs,
    // The fixture's public_ip lies inside its own prefix: a byte vector, not a valid request.
    validate: false,
  });
  const lnk = input('ix_create_link');
  const createLink = createCreateLinkInstruction({
    programId: new PublicKey(lnk.program_id),
    payer: new PublicKey(lnk.payer),
    contributor: new PublicKey(lnk['accounts-inputs'].contributor!),
    sideA: new PublicKey(lnk['accounts-inputs'].side_a!),
    sideZ: new PublicKey(lnk['accounts-inputs'].side_z!),
    linkIndex: BigInt(lnk['accounts-inputs'].link_index!),
    args: mapArgs(lnk.args, {
      link_type: LinkLinkTypeSpec,
      bandwidth: 'u64',
      delay_ns: 'u64',
      jitter_ns: 'u64',
      desired_status: LinkDesiredStatusSpec,
    }) as unknown as CreateLinkArgs,
  });
  const programId = pk(255);
  const raw = (data: number[], p = programId) => new TransactionInstruction({ programId: p, keys: [], data: Uint8Array.from(data) as TransactionInstruction['data'] });
  const reason = (e: unknown) => (e instanceof InstructionDecodeError ? { instructionDecodeError: true, reason: e.reason, tag: e.tag ?? null, instruction: e.details.instruction ?? null } : {});
  return {
    fixtures,
    rebuilt: {
      ix_create_device: { ix: ixJson(createDevice), decoded: decodedJson(createDevice) },
      ix_create_link: { ix: ixJson(createLink), decoded: decodedJson(createLink) },
    },
    refusals: {
      deprecated: thrown(() => decodeInstruction(raw([24])), reason),
      unsupported: thrown(() => decodeInstruction(raw([36])), reason),
      unknownTag: thrown(() => decodeInstruction(raw([200])), reason),
      empty: thrown(() => decodeInstruction(raw([])), reason),
      wrongProgram: thrown(() => decodeInstruction(createLink, { programId: pk(254) }), reason),
      missingAccounts: thrown(() => decodeInstruction(raw([83, 3])), reason),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// DzClient against the JSON-RPC test server (browser only)

/** The test network as the suite loaded it into the server (test/helpers/rpcFixtures.ts). */
export interface NetworkConfig {
  rpcUrl: string;
  wsUrl: string;
  programId: string;
  keys: Record<'acme' | 'globex' | 'foundation' | 'oracle' | 'ops' | 'visitor', string>;
  /** The 32-byte seed of acme's keypair, hex (for the signed send). */
  acmeSeed: string;
  acmePk: string;
  globexPk: string;
  devices: string[];
  links: string[];
  missingDevice: string;
}

let client: DzClient | undefined;
let config: NetworkConfig | undefined;

/** Creates the page's DzClient: plain URLs, as a browser application would. */
export function connect(cfg: NetworkConfig): Json {
  config = cfg;
  client = new DzClient({
    rpcUrl: cfg.rpcUrl,
    wsUrl: cfg.wsUrl,
    programId: new PublicKey(cfg.programId),
    retry: { maxAttempts: 2, timeoutMs: 5000 },
    confirm: { pollIntervalMs: 10 },
  });
  return { rpcEndpoint: client.connection.rpcEndpoint, programId: client.programId.toBase58() };
}

function ready(): { c: DzClient; cfg: NetworkConfig } {
  if (!client || !config) throw new Error('connect() first');
  return { c: client, cfg: config };
}

const key = (s: string) => new PublicKey(s);

/** Filtered listings: every device and link, by contributor, side A/Z, status; contributors and permissions. */
export async function listing(): Promise<Json> {
  const { c, cfg } = ready();
  const entries = <T>(es: { pubkey: PublicKey; account: T }[]) => es.map((e) => toJson({ pubkey: e.pubkey, account: e.account }));
  const mid = key(cfg.devices[2]!);
  return {
    devices: entries(await c.listDevices()),
    acmeDevices: (await c.listDevices({ contributor: key(cfg.acmePk) })).map((e) => e.account.code),
    drainedDevices: (await c.listDevices({ status: DeviceStatus.Drained })).map((e) => e.account.code),
    activatedDevices: (await c.listDevices({ status: DeviceStatus.Activated })).map((e) => e.account.code),
    links: entries(await c.listLinks()),
    linksFromMid: (await c.listLinks({ sideA: mid })).map((e) => e.account.code),
    linksToMid: (await c.listLinks({ sideZ: mid })).map((e) => e.account.code),
    globexLinks: (await c.listLinks({ contributor: key(cfg.globexPk) })).map((e) => e.account.code),
    contributors: (await c.listContributors()).map((e) => e.account.code).sort(),
    permissions: (await c.listPermissions()).map((e) => toJson({ userPayer: e.account.userPayer, permissions: e.account.permissions })),
  };
}

/** Single and batched fetches, lookups by code, and the typed not-found error. */
export async function fetching(): Promise<Json> {
  const { c, cfg } = ready();
  const missing = key(cfg.missingDevice);
  const gs = await c.fetchGlobalState();
  return {
    device: toJson(await c.fetchDevice(key(cfg.devices[0]!))),
    link: toJson(await c.fetchLink(key(cfg.links[0]!))),
    globalState: toJson(gs),
    acme: toJson(await c.fetchContributor(key(cfg.acmePk))),
    opsPermission: toJson(await c.fetchPermissionOf(key(cfg.keys.ops))),
    visitorPermission: toJson(await c.fetchPermissionOf(key(cfg.keys.visitor))),
    maybeMissing: toJson(await c.fetchMaybeDevice(missing)),
    missing: await rejected(c.fetchDevice(missing), (e) => ({ accountNotFound: e instanceof AccountNotFoundError, address: (e as AccountNotFoundError).address })),
    wrongType: await rejected(c.fetchDevice(key(cfg.links[0]!)), (e) => ({ decodeError: e instanceof DecodeError })),
    multiple: (await c.fetchMultipleDevices([...cfg.devices.map(key), missing])).map((d) => (d ? d.code : null)),
    byCode: toJson(await c.findDeviceByCode('dev-2').then((e) => e.pubkey)),
    resolvedLink: toJson(await c.resolveLink('link-1').then((e) => ({ pubkey: e.pubkey, code: e.account.code }))),
  };
}

/** Roles of each identity towards dev-0 (acme's) and link-0 (side Z is globex's dev-1), from chain data. */
export async function roles(): Promise<Json> {
  const { c, cfg } = ready();
  const device = await c.fetchDevice(key(cfg.devices[0]!));
  const link = await c.fetchLink(key(cfg.links[0]!));
  const deviceRoles: Record<string, Json> = {};
  const linkRoles: Record<string, Json> = {};
  for (const [name, k] of Object.entries(cfg.keys)) {
    const r = await c.resolveDeviceRoles(key(k), device);
    deviceRoles[name] = toJson({
      roles: r.roles,
      strict: r.strictPermissions,
      hasPermissionAccount: r.hasPermissionAccount,
      permissionPda: r.permissionPda,
      contributor: r.contributor?.code ?? null,
    });
    const lr = await c.resolveLinkRoles(key(k), link);
    linkRoles[name] = toJson({ roles: lr.roles, sideZDevice: lr.sideZDevice?.code ?? null, sideZContributor: lr.sideZContributor?.code ?? null });
  }
  return { deviceRoles, linkRoles };
}

/** A prepared drain of dev-0 by acme, simulated (the node's answer is scripted by the suite). */
export async function simulateDrain(): Promise<Json> {
  const { c, cfg } = ready();
  const p = await c.prepareDrainDevice('dev-0', key(cfg.keys.acme));
  const programId = key(cfg.programId);
  const instructions = p.instructions.map((ix) => (ix.programId.equals(programId) ? decodedJson(ix, programId) : toJson({ programId: ix.programId, data: hex(ix.data) })));
  try {
    const sim = await c.simulate(p);
    return toJson({ intent: p.intent, roles: p.roles, description: p.description, instructions, simulation: sim });
  } catch (e) {
    const error = errorJson(e, {
      notAllowed: e instanceof NotAllowedError,
      customCode: (e as NotAllowedError).customCode,
      instructionIndex: (e as NotAllowedError).instructionIndex,
      logs: (e as NotAllowedError).logs,
    });
    return toJson({ intent: p.intent, roles: p.roles, instructions, error });
  }
}

/** Signs (ed25519 in the page) and sends acme's drain of `code`, confirms it and re-reads the device. */
export async function sendDrain(code: string): Promise<Json> {
  const { c, cfg } = ready();
  const signer = Keypair.fromSeed(fromHex(cfg.acmeSeed));
  const r = await c.drainDevice(code, signer);
  return toJson({ signer: signer.publicKey, signature: r.signature, signatures: r.signatures, slot: r.slot, before: r.before.status, after: r.after?.status ?? null, afterDesired: r.after?.desiredStatus ?? null });
}

let subscription: { events: DeviceEvent[]; errors: { error: Json; pubkey: string }[]; unsubscribe: Unsubscribe } | undefined;

/** Subscribes to acme's devices over the WebSocket (the suite then changes accounts on the server). */
export function subscribeStart(): Json {
  const { c, cfg } = ready();
  const events: DeviceEvent[] = [];
  const errors: { error: Json; pubkey: string }[] = [];
  const unsubscribe = c.subscribeDevices((e) => events.push(e), {
    contributor: key(cfg.acmePk),
    onError: (e, ctx) => errors.push({ error: errorJson(e, { decodeError: e instanceof DecodeError }), pubkey: ctx.pubkey?.toBase58() ?? '' }),
  });
  subscription = { events, errors, unsubscribe };
  return { subscribed: true };
}

/** Waits (at most `ms`) until `events` events and `errors` errors arrived, then returns them. */
export async function subscribeWait(want: { events: number; errors: number; ms?: number }): Promise<Json> {
  const s = subscription;
  if (!s) throw new Error('subscribeStart() first');
  const deadline = Date.now() + (want.ms ?? 10_000);
  while ((s.events.length < want.events || s.errors.length < want.errors) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return {
    events: s.events.map((e) => toJson({ pubkey: e.pubkey, slot: e.slot, account: e.account })),
    errors: s.errors,
  };
}

/** Unsubscribes (twice: the second call is a no-op). */
export async function subscribeStop(): Promise<Json> {
  const s = subscription;
  if (!s) throw new Error('subscribeStart() first');
  await s.unsubscribe();
  await s.unsubscribe();
  subscription = undefined;
  return { unsubscribed: true };
}
