import { ValidationError } from './errors.js';
import { KEY_EXPECTED, isKey, type KeyInput } from './keys.js';

/**
 * Argument checks for the public entry points: a value of the wrong type (null, undefined, a
 * number for a key, a string for bytes...) is a ValidationError naming the argument, never a
 * TypeError from deep inside. Internal: not re-exported from the package root.
 */

/** A short description of a value for a message: its type, and for primitives the value. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return `a Uint8Array of ${v.length} bytes`;
  if (typeof v === 'object' && typeof (v as { toBytes?: unknown }).toBytes === 'function' && typeof (v as { toBase58?: unknown }).toBase58 === 'function') {
    return 'a PublicKey';
  }
  switch (typeof v) {
    case 'string':
      return v.length > 40 ? 'a string' : `the string ${JSON.stringify(v)}`;
    case 'number':
    case 'bigint':
    case 'boolean':
      return `${typeof v} ${String(v)}`;
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default:
      return `an object${(v as object).constructor && (v as object).constructor !== Object ? ` (${(v as object).constructor.name})` : ''}`;
  }
}

function wrong(name: string, expected: string, v: unknown): never {
  throw new ValidationError(name, `must be ${expected}`, `invalid ${name}: must be ${expected}, got ${describeValue(v)}`);
}

/** `v` must be a Uint8Array (a Buffer is one). */
export function expectBytes(v: unknown, name: string): asserts v is Uint8Array {
  if (!(v instanceof Uint8Array)) wrong(name, 'a Uint8Array', v);
}

/** `v` must be a key (src/core/keys.ts): 32 bytes, a base58 address, or a PublicKey of any web3.js copy. */
export function expectKey(v: unknown, name: string): asserts v is KeyInput {
  if (!isKey(v)) wrong(name, KEY_EXPECTED, v);
}

/** `v` must be a key or undefined. */
export function expectOptionalKey(v: unknown, name: string): asserts v is KeyInput | undefined {
  if (v !== undefined) expectKey(v, name);
}

/** What expectObject narrows to: a record for an `unknown` value, else the value's own (object) type. */
export type ObjectOf<T> = T & (unknown extends T ? Record<string, unknown> : object);

/** `v` must be a non-null object that is not an array. */
export function expectObject<T>(v: T, name: string): asserts v is ObjectOf<T> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) wrong(name, 'an object', v);
}

/** `v` must be an object or undefined (an options bag). */
export function expectOptionalObject<T>(v: T, name: string): asserts v is ObjectOf<T> | Extract<T, undefined> {
  if (v !== undefined) expectObject(v, name);
}

/** `v` must be an array. */
export function expectArray(v: unknown, name: string): asserts v is unknown[] {
  if (!Array.isArray(v)) wrong(name, 'an array', v);
}

/** `v` must be a string. */
export function expectString(v: unknown, name: string): asserts v is string {
  if (typeof v !== 'string') wrong(name, 'a string', v);
}

/** `v` must be a boolean. */
export function expectBoolean(v: unknown, name: string): asserts v is boolean {
  if (typeof v !== 'boolean') wrong(name, 'a boolean', v);
}

/** `v` must be a function. */
export function expectFunction(v: unknown, name: string): asserts v is (...args: never[]) => unknown {
  if (typeof v !== 'function') wrong(name, 'a function', v);
}

/** `v` must be a bigint. */
export function expectBigint(v: unknown, name: string): asserts v is bigint {
  if (typeof v !== 'bigint') wrong(name, 'a bigint', v);
}

/** `v` must be a number (any number: a value out of range is the caller's to refuse). */
export function expectNumber(v: unknown, name: string): asserts v is number {
  if (typeof v !== 'number') wrong(name, 'a number', v);
}

/** `v` must be a safe integer number (`min`..`max` when given). */
export function expectInteger(v: unknown, name: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): asserts v is number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) wrong(name, 'an integer', v);
  if (v < min || v > max) wrong(name, `an integer in ${min}..${max}`, v);
}

/** What `expectDeclared` needs of an enum spec (src/core/enums.ts's EnumSpec fits). */
interface DeclaredValues {
  readonly name: string;
  readonly values: readonly number[];
  label(v: number): string;
}

/**
 * `v` must be a value `spec` declares (e.g. a DeviceHealth for a device's health): a number that is
 * not one, or a value of another enum that is not one of this one's, is a ValidationError naming
 * `name` and listing the declared values with their labels.
 */
export function expectDeclared(v: unknown, spec: DeclaredValues, name: string): asserts v is number {
  const declared = spec.values.map((x) => `${x} ${spec.label(x)}`).join(', ');
  if (typeof v !== 'number' || !spec.values.includes(v)) {
    throw new ValidationError(name, `must be a ${spec.name} (${declared})`, `invalid ${name}: must be a ${spec.name} (${declared}), got ${describeValue(v)}`);
  }
}

/** `v` must be a whole number: a safe integer number or a bigint (>= 0 with `unsigned`). */
export function expectWhole(v: unknown, name: string, unsigned = true): asserts v is number | bigint {
  const ok = typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v));
  if (!ok || (unsigned && (v as number | bigint) < 0)) wrong(name, unsigned ? 'a whole number >= 0 (number or bigint)' : 'a whole number', v);
}

/** `v` must be an array of strings. */
export function expectStringArray(v: unknown, name: string): asserts v is string[] {
  expectArray(v, name);
  v.forEach((x, i) => expectString(x, `${name}[${i}]`));
}

// ---------------------------------------------------------------------------------------------
// Account values passed back in (to the checked builders, planners, encoders): every field of
// the right type, so that nothing deeper meets a null or a string where a key is read.

type FieldKind = 'pubkey' | 'string' | 'int' | 'whole' | 'bool' | 'strings' | 'pubkeys' | 'array';

function expectField(v: unknown, name: string, kind: FieldKind): void {
  switch (kind) {
    case 'pubkey':
      return expectKey(v, name);
    case 'string':
      return expectString(v, name);
    case 'int':
      return expectInteger(v, name);
    case 'whole':
      return expectWhole(v, name, false);
    case 'bool':
      return expectBoolean(v, name);
    case 'strings':
      return expectStringArray(v, name);
    case 'pubkeys':
      expectArray(v, name);
      return v.forEach((k, i) => expectKey(k, `${name}[${i}]`));
    case 'array':
      return expectArray(v, name);
  }
}

/** Checks each field of `v` named in `shape` (an object named `name`). */
export function expectShape(v: unknown, name: string, shape: Readonly<Record<string, FieldKind>>): asserts v is Record<string, unknown> {
  expectObject(v, name);
  for (const [field, kind] of Object.entries(shape)) expectField(v[field], `${name}.${field}`, kind);
}

const INTERFACE_SHAPE: Readonly<Record<string, FieldKind>> = {
  status: 'int',
  name: 'string',
  interfaceType: 'int',
  interfaceCyoa: 'int',
  interfaceDia: 'int',
  loopbackType: 'int',
  bandwidth: 'whole',
  cir: 'whole',
  mtu: 'int',
  routingMode: 'int',
  vlanId: 'int',
  ipNet: 'string',
  nodeSegmentIdx: 'int',
  userTunnelEndpoint: 'bool',
  flexAlgoNodeSegments: 'array',
};

const DEVICE_SHAPE: Readonly<Record<string, FieldKind>> = {
  owner: 'pubkey',
  index: 'whole',
  bumpSeed: 'int',
  locationPk: 'pubkey',
  exchangePk: 'pubkey',
  deviceType: 'int',
  publicIp: 'string',
  status: 'int',
  code: 'string',
  dzPrefixes: 'strings',
  metricsPublisherPk: 'pubkey',
  contributorPk: 'pubkey',
  mgmtVrf: 'string',
  referenceCount: 'whole',
  usersCount: 'whole',
  maxUsers: 'whole',
  deviceHealth: 'int',
  desiredStatus: 'int',
  unicastUsersCount: 'whole',
  multicastSubscribersCount: 'whole',
  maxUnicastUsers: 'whole',
  maxMulticastSubscribers: 'whole',
  reservedSeats: 'whole',
  multicastPublishersCount: 'whole',
  maxMulticastPublishers: 'whole',
  interfaces: 'array',
};

const LINK_SHAPE: Readonly<Record<string, FieldKind>> = {
  owner: 'pubkey',
  index: 'whole',
  bumpSeed: 'int',
  sideAPk: 'pubkey',
  sideZPk: 'pubkey',
  linkType: 'int',
  bandwidth: 'whole',
  mtu: 'int',
  delayNs: 'whole',
  jitterNs: 'whole',
  tunnelId: 'int',
  tunnelNet: 'string',
  status: 'int',
  code: 'string',
  contributorPk: 'pubkey',
  sideAIfaceName: 'string',
  sideZIfaceName: 'string',
  delayOverrideNs: 'whole',
  linkHealth: 'int',
  desiredStatus: 'int',
  linkTopologies: 'pubkeys',
  linkFlags: 'int',
};

/** `v` must be a Device value (as decodeDevice returns) with every field of the right type. */
export function expectDevice(v: unknown, name: string): void {
  expectShape(v, name, DEVICE_SHAPE);
  (v.interfaces as unknown[]).forEach((iface, i) => expectShape(iface, `${name}.interfaces[${i}]`, INTERFACE_SHAPE));
}

/** `v` must be a Link value (as decodeLink returns) with every field of the right type. */
export function expectLink(v: unknown, name: string): void {
  expectShape(v, name, LINK_SHAPE);
}

/** `v` must be an array of role names (the roles themselves are checked by the lifecycle). */
export function expectRoles(v: unknown, name = 'roles'): void {
  expectStringArray(v, name);
}

// ---------------------------------------------------------------------------------------------
// Account decoders

/**
 * The arguments of every account decoder, of the right types: `input` a Uint8Array or an object
 * with a Uint8Array `data` (and optionally a PublicKey `owner`), `opts` an options object.
 */
export function checkAccountBytes(input: unknown, opts: unknown): asserts input is Uint8Array | { data: Uint8Array; owner?: KeyInput } {
  if (!(input instanceof Uint8Array)) {
    if (input === null || typeof input !== 'object' || Array.isArray(input) || !((input as { data?: unknown }).data instanceof Uint8Array)) {
      throw new ValidationError(
        'input',
        'must be account bytes',
        `invalid input: must be account bytes (a Uint8Array, or { data: Uint8Array }), got ${describeValue(input)}`,
      );
    }
    expectOptionalKey((input as { owner?: unknown }).owner, 'input.owner');
  }
  expectOptionalObject(opts, 'opts');
  if (opts !== undefined) {
    expectOptionalKey(opts.owner, 'opts.owner');
    expectOptionalKey(opts.programId, 'opts.programId');
    expectOptionalKey(opts.address, 'opts.address');
  }
}

/**
 * The fields every checked builder and planner reads besides its account: programId, payer,
 * roles, and the optional appendPermission (ValidationError naming `input.<field>`).
 */
export function expectBuilderBase(input: unknown): asserts input is Record<string, unknown> & {
  programId: KeyInput;
  payer: KeyInput;
} {
  expectObject(input, 'input');
  expectKey(input.programId, 'input.programId');
  expectKey(input.payer, 'input.payer');
  expectRoles(input.roles, 'input.roles');
  if (input.appendPermission !== undefined) expectBoolean(input.appendPermission, 'input.appendPermission');
}
