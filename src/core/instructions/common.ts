import { DecodeError } from '../errors.js';
import type { EnumSpec } from '../enums.js';
import { Reader } from '../codec/reader.js';
import { Writer } from '../codec/writer.js';
import {
  getDeviceTunnelBlockPda,
  getGlobalConfigPda,
  getGlobalStatePda,
  getLinkIdsPda,
  getPermissionPda,
  getSegmentRoutingIdsPda,
  getTopologyPda,
  UNICAST_DEFAULT_TOPOLOGY,
} from '../pda.js';
import { InstructionDecodeError } from './errors.js';
import { expectArray, expectBoolean, expectBytes, expectKey, expectObject, expectOptionalObject } from '../validate.js';
import { keyEquals, keyText, type KeyInput, type KeyKind } from '../keys.js';
import { DoubleZeroInstructionTag } from './tags.js';

/**
 * Plumbing shared by the one-file-per-instruction builders (docs/wire-format.md#account-lists): the
 * `[payer (signer, writable), system program (writable)]` tail, the optional read-only
 * Permission PDA, cached singleton PDAs, enum/integer encoding, and the account-list cursor
 * and trailing-default reads used by the decoders.
 */

/** The System program's address. */
export const SYSTEM_PROGRAM_ADDRESS = '11111111111111111111111111111111';

/**
 * One account of an instruction. The shape of web3.js v1's `AccountMeta`, with the address as
 * any key (src/core/keys.ts); the doors turn it into theirs.
 */
export interface CoreAccountMeta {
  /** The account's address. */
  pubkey: KeyInput;
  /** Whether the account signs the transaction. */
  isSigner: boolean;
  /** Whether the instruction may write the account. */
  isWritable: boolean;
}

/**
 * An instruction as the core builds it: web3.js v1's `TransactionInstruction` shape (so a
 * TransactionInstruction is one), with keys of any kind and the data as plain bytes. The web3.js
 * door returns a `TransactionInstruction`, the kit door a kit `Instruction`.
 */
export interface CoreInstruction {
  /** The program the instruction is for. */
  programId: KeyInput;
  /** The accounts the instruction reads and writes, in the program's order. */
  keys: CoreAccountMeta[];
  /** The instruction data: the tag byte, then the Borsh-encoded arguments. */
  data: Uint8Array;
}

/** Options every raw builder accepts besides its inputs. */
export interface BuilderOptions {
  /**
   * Append the payer's Permission PDA (`["doublezero", "permission", payer]`, read-only) as
   * the last account. Off by default, like the Rust builders. Only set it for a payer KNOWN
   * to have a Permission account: for a payer without one, authorization fails hard
   * (InvalidAccountData) and does not fall back to the foundation / health-oracle allowlists.
   */
  appendPermission?: boolean;
  /**
   * Run the program's offline argument checks (`validateXArgs`) before building; default
   * true. Set false to build exactly what the Rust builder would build from arguments the
   * program rejects (test vectors, negative tests). Encodability (enum values, integer
   * ranges, address syntax) is always checked.
   */
  validate?: boolean;
}

/** Inputs every builder takes. */
export interface BaseBuilderInput extends BuilderOptions {
  /** The serviceability program to address the instruction to. */
  programId: KeyInput;
  /** The fee payer and signer: the key whose roles authorize the change. */
  payer: KeyInput;
}

export const writable = (pubkey: KeyInput): CoreAccountMeta => ({ pubkey, isSigner: false, isWritable: true });
export const readonly = (pubkey: KeyInput): CoreAccountMeta => ({ pubkey, isSigner: false, isWritable: false });

/** Appends the shared tail (and the Permission PDA when asked) and wraps the instruction. */
export function finishInstruction(input: BaseBuilderInput, keys: CoreAccountMeta[], data: Uint8Array): CoreInstruction {
  const { programId, payer } = input;
  checkKey(programId, 'program_id');
  checkKey(payer, 'payer');
  keys.push({ pubkey: payer, isSigner: true, isWritable: true });
  keys.push({ pubkey: SYSTEM_PROGRAM_ADDRESS, isSigner: false, isWritable: true });
  if (input.appendPermission) keys.push(readonly(getPermissionPda(programId, payer)[0]));
  return { programId, keys, data };
}

/**
 * The named input of a raw builder, of the right types before anything reads it: an object with
 * key programId and payer, boolean options, and (`hasArgs`) an `args` object.
 */
export function checkBuilderInput(input: unknown, hasArgs: boolean): asserts input is BaseBuilderInput & { args?: unknown } {
  expectObject(input, 'input');
  checkKey(input.programId, 'program_id');
  checkKey(input.payer, 'payer');
  if (input.appendPermission !== undefined) expectBoolean(input.appendPermission, 'appendPermission');
  if (input.validate !== undefined) expectBoolean(input.validate, 'validate');
  if (hasArgs) expectObject(input.args, 'args');
}

/** An instruction passed to a decoder: a CoreInstruction-shaped object (a TransactionInstruction is one) of the right types. */
export function checkInstruction(ix: unknown, opts: unknown): asserts ix is CoreInstruction {
  expectObject(ix, 'ix');
  expectKey(ix.programId, 'ix.programId');
  expectBytes(ix.data, 'ix.data');
  expectArray(ix.keys, 'ix.keys');
  ix.keys.forEach((k, i) => {
    expectObject(k, `ix.keys[${i}]`);
    expectKey(k.pubkey, `ix.keys[${i}].pubkey`);
  });
  expectOptionalObject(opts, 'opts');
  if (opts?.programId !== undefined) expectKey(opts.programId, 'opts.programId');
}

/** Throws a ValidationError (never skipped) naming `field` when an account input is not a key. */
export function checkKey(k: unknown, field: string): asserts k is KeyInput {
  expectKey(k, field);
}

// ---------------------------------------------------------------------------------------------
// Cached singleton PDAs (finding a PDA costs a few SHA-256 rounds; these never change).

interface SingletonPdas {
  globalState?: Uint8Array;
  globalConfig?: Uint8Array;
  deviceTunnelBlock?: Uint8Array;
  linkIds?: Uint8Array;
  segmentRoutingIds?: Uint8Array;
  unicastDefaultTopology?: Uint8Array;
}

const byObject = new WeakMap<object, SingletonPdas>();
const byAddress = new Map<string, SingletonPdas>();

function cacheFor(programId: KeyInput): SingletonPdas {
  // A PublicKey (or a byte array) is looked up by identity first: no base58 text to compute.
  const obj = typeof programId === 'object' ? programId : undefined;
  let c = obj ? byObject.get(obj) : undefined;
  if (c) return c;
  const key = keyText(programId);
  c = byAddress.get(key);
  if (!c) {
    c = {};
    byAddress.set(key, c);
  }
  if (obj) byObject.set(obj, c);
  return c;
}

export function globalStatePda(programId: KeyInput): Uint8Array {
  const c = cacheFor(programId);
  return (c.globalState ??= getGlobalStatePda(programId)[0]);
}
export function globalConfigPda(programId: KeyInput): Uint8Array {
  const c = cacheFor(programId);
  return (c.globalConfig ??= getGlobalConfigPda(programId)[0]);
}
export function deviceTunnelBlockPda(programId: KeyInput): Uint8Array {
  const c = cacheFor(programId);
  return (c.deviceTunnelBlock ??= getDeviceTunnelBlockPda(programId)[0]);
}
export function linkIdsPda(programId: KeyInput): Uint8Array {
  const c = cacheFor(programId);
  return (c.linkIds ??= getLinkIdsPda(programId)[0]);
}
export function segmentRoutingIdsPda(programId: KeyInput): Uint8Array {
  const c = cacheFor(programId);
  return (c.segmentRoutingIds ??= getSegmentRoutingIdsPda(programId)[0]);
}
export function unicastDefaultTopologyPda(programId: KeyInput): Uint8Array {
  const c = cacheFor(programId);
  return (c.unicastDefaultTopology ??= getTopologyPda(programId, UNICAST_DEFAULT_TOPOLOGY)[0]);
}

/** Max bytes of one PDA seed; topology names are one seed. */
export const MAX_SEED_BYTES = 32;

// ---------------------------------------------------------------------------------------------
// Encoding helpers

/** A u8/u16/u32 input given as number or bigint, for Writer (which range-checks it). */
export function small(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

/** Writes a 1-byte enum at its declared discriminant; an undeclared value is an EncodeError. */
export function writeEnum(w: Writer, spec: EnumSpec, v: number, field: string): void {
  if (typeof v !== 'number' || !spec.isKnown(v)) w.fail(field, `${String(v)} is not a ${spec.name}`);
  w.u8(v, field);
}

/** Starts the data of instruction `tag`. */
export function beginData(typeName: string, tag: DoubleZeroInstructionTag, capacity = 64): Writer {
  const w = new Writer(typeName, capacity);
  w.u8(tag, 'tag');
  return w;
}

// ---------------------------------------------------------------------------------------------
// Decoding helpers

/** Reads a 1-byte enum; an undeclared discriminant fails to decode (like the program). */
export function readEnum<E extends number>(r: Reader<unknown>, spec: EnumSpec<E>, field: string): E {
  const start = r.pos;
  const v = r.u8(field);
  if (!spec.isKnown(v)) r.fail(field, `${v} is not a ${spec.name}`, start);
  return v;
}

/**
 * The program's "incremental" Args decoding (docs/wire-format.md#trailing-defaults-in-args): a field whose first byte
 * would lie past the end of the data takes its fallback; a field cut short is an error; bytes
 * after the last field are ignored. Records which fields fell back.
 */
export class ArgsReader<K = Uint8Array> {
  readonly r: Reader<K>;
  readonly defaulted: string[] = [];

  /** Checks that `data` starts with `tag`, then reads the Args after it (addresses as `keys` makes them). */
  constructor(data: Uint8Array, typeName: string, tag: DoubleZeroInstructionTag, keys?: KeyKind<K>) {
    expectBytes(data, 'data');
    checkTag(data, tag, typeName);
    this.r = new Reader<K>(data, typeName, 1, keys);
  }

  /** Reads `field` with `read`, or returns `fallback` when the data ended before it. */
  field<T>(field: string, fallback: T, read: (r: Reader<K>) => T): T {
    if (this.r.remaining === 0) {
      this.defaulted.push(field);
      return fallback;
    }
    return read(this.r);
  }

  /** `Option<T>` field: None on exhaustion, else tag then T. */
  option<T>(field: string, read: (r: Reader<K>) => T): T | null {
    if (this.r.remaining === 0) {
      this.defaulted.push(field);
      return null;
    }
    return this.r.optionTag(field) ? read(this.r) : null;
  }

  get trailingBytes(): number {
    return this.r.remaining;
  }

  /** Returns the decoded `args` with the fields that fell back and the ignored trailing bytes. */
  done<T extends object>(args: T): T & DecodedArgsMeta {
    return Object.assign(args, { defaultedFields: this.defaulted, trailingBytes: this.trailingBytes });
  }
}

/** What every decodeXArgs adds to the decoded Args. */
export interface DecodedArgsMeta {
  defaultedFields: string[];
  trailingBytes: number;
}

/** Checks the tag byte of `data` before Args decoding. */
function checkTag(data: Uint8Array, tag: DoubleZeroInstructionTag, typeName: string): void {
  if (!(data instanceof Uint8Array)) throw new DecodeError(typeName, 'tag', 0, 'instruction data is not a byte array');
  if (data.length === 0) throw new DecodeError(typeName, 'tag', 0, 'instruction data is empty');
  if (data[0] !== tag) {
    throw new DecodeError(typeName, 'tag', 0, `tag is ${data[0]}, expected ${tag} (${DoubleZeroInstructionTag[tag]})`);
  }
}

/** How the processor finds the optional Permission account after `[payer, system]`. */
export type PermissionSlot = 'positional' | 'split-trailing';

/** Common shape of every decoded instruction. */
export interface DecodedInstructionBase<N extends string, T extends DoubleZeroInstructionTag, A, Acc, K = KeyInput> {
  /** The program the instruction was addressed to. */
  programId: K;
  /** The instruction's name, e.g. "UpdateDevice". */
  name: N;
  /** The instruction's tag (data byte 0). */
  tag: T;
  /** The decoded arguments. */
  args: A;
  /** The instruction's accounts, by role. */
  accounts: Acc;
  /** Args fields (snake_case) absent from the data, which took the program's fallback. */
  defaultedFields: string[];
  /** Bytes after the last Args field (the program ignores them). */
  trailingBytes: number;
}

/** Options of the per-instruction decoders and decodeInstruction. */
export interface DecodeInstructionOptions {
  /** When given, an instruction for another program is refused. */
  programId?: KeyInput;
}

/** The accounts every instruction ends with. */
export interface TailAccounts<K = KeyInput> {
  /** The fee payer and signer. */
  payer: K;
  /** The System program. */
  systemProgram: K;
  /** The payer's Permission PDA, when the instruction carries it. */
  permission?: K;
}

/**
 * Walks an instruction's account list in processor order, failing with an
 * InstructionDecodeError (reason 'accounts') that names the missing or unexpected account.
 */
export class AccountCursor<K = KeyInput> {
  private i = 0;
  constructor(
    readonly ix: CoreInstruction,
    readonly name: string,
    /** How the accounts are returned (each instruction key converted to this kind). */
    readonly keys: KeyKind<K>,
  ) {}

  get index(): number {
    return this.i;
  }
  get remaining(): number {
    return this.ix.keys.length - this.i;
  }

  fail(message: string): never {
    throw new InstructionDecodeError('accounts', `${this.name}: ${message}`, {
      tag: this.ix.data[0],
      instruction: this.name,
    });
  }

  next(account: string): K {
    const m = this.ix.keys[this.i];
    if (!m) this.fail(`missing account #${this.i} (${account}); the instruction has ${this.ix.keys.length}`);
    this.i++;
    return this.keys.from(m.pubkey);
  }

  take(n: number, account: string): K[] {
    const out: K[] = [];
    for (let k = 0; k < n; k++) out.push(this.next(`${account}[${k}]`));
    return out;
  }

  /**
   * Reads `[payer, system, permission?]`. In the positional form the account after the system
   * program is the Permission candidate; it must be the payer's Permission PDA.
   */
  tail(): TailAccounts<K> {
    const payer = this.next('payer');
    const systemProgram = this.next('system_program');
    if (!keyEquals(systemProgram as KeyInput, SYSTEM_PROGRAM_ADDRESS)) {
      this.fail(`account #${this.i - 1} should be the system program, got ${keyText(systemProgram as KeyInput)}`);
    }
    if (this.remaining === 0) return { payer, systemProgram };
    const permission = this.next('permission');
    if (!keyEquals(permission as KeyInput, getPermissionPda(this.ix.programId, payer as KeyInput)[0])) {
      this.fail(`account #${this.i - 1} after the system program is not the payer's Permission PDA`);
    }
    if (this.remaining > 0) this.fail(`${this.remaining} unexpected account(s) after the Permission account`);
    return { payer, systemProgram, permission };
  }

  /**
   * The "split trailing" rule of UpdateDevice / UpdateLink / DeleteLink /
   * UpdateDeviceInterface: the last account is the Permission account only if it is the
   * Permission PDA of the account three places from the end; the two before are
   * `[payer, system]`. Returns the tail and the number of accounts before it.
   */
  splitTail(): { tail: TailAccounts<K>; middle: number } {
    const keys = this.ix.keys;
    const n = keys.length;
    if (n - this.i < 2) this.fail(`needs at least the payer and system program after account #${this.i - 1}`);
    const last = keys[n - 1]!.pubkey;
    let end = n;
    let permission: K | undefined;
    if (n - this.i >= 3 && !keyEquals(last, SYSTEM_PROGRAM_ADDRESS)) {
      const pda = getPermissionPda(this.ix.programId, keys[n - 3]!.pubkey)[0];
      if (keyEquals(last, pda)) {
        permission = this.keys.from(last);
        end = n - 1;
      }
    }
    const payer = this.keys.from(keys[end - 2]!.pubkey);
    const systemRaw = keys[end - 1]!.pubkey;
    if (!keyEquals(systemRaw, SYSTEM_PROGRAM_ADDRESS)) {
      this.fail(`account #${end - 1} should be the system program, got ${keyText(systemRaw)}`);
    }
    const systemProgram = this.keys.from(systemRaw);
    return { tail: permission ? { payer, systemProgram, permission } : { payer, systemProgram }, middle: end - 2 - this.i };
  }
}

/** A name of the program's instruction enum. */
export type InstructionName = keyof typeof DoubleZeroInstructionTag;

/**
 * The body of every decodeXInstruction: checks program id and tag, decodes the Args (a
 * DecodeError becomes InstructionDecodeError 'malformed-args'), walks the account list with
 * `readAccounts` (processor order) and assembles the DecodedInstructionBase.
 */
export function decodeInstructionAs<N extends InstructionName, A, Acc, K>(
  name: N,
  ix: CoreInstruction,
  opts: DecodeInstructionOptions | undefined,
  keys: KeyKind<K>,
  decodeArgs: (data: Uint8Array) => A & DecodedArgsMeta,
  readAccounts: (c: AccountCursor<K>, args: A) => Acc,
): DecodedInstructionBase<N, (typeof DoubleZeroInstructionTag)[N], A, Acc, K> {
  const tag = DoubleZeroInstructionTag[name];
  const { defaultedFields, trailingBytes, ...rest } = beginInstructionDecode(ix, tag, opts, decodeArgs);
  const args = rest as A;
  const accounts = readAccounts(new AccountCursor(ix, name, keys), args);
  return { programId: keys.from(ix.programId), name, tag, args, accounts, defaultedFields, trailingBytes };
}

/** Checks program id and tag, then runs `decodeArgs`, wrapping DecodeError into InstructionDecodeError. */
function beginInstructionDecode<A>(
  ix: CoreInstruction,
  tag: DoubleZeroInstructionTag,
  opts: DecodeInstructionOptions | undefined,
  decodeArgs: (data: Uint8Array) => A,
): A {
  const name = DoubleZeroInstructionTag[tag]!;
  checkInstruction(ix, opts);
  if (opts?.programId !== undefined && !keyEquals(ix.programId, opts.programId)) {
    throw new InstructionDecodeError(
      'wrong-program',
      `${name}: instruction is for program ${keyText(ix.programId)}, not ${keyText(opts.programId)}`,
      { instruction: name },
    );
  }
  const data = ix.data;
  if (data.length === 0) throw new InstructionDecodeError('empty-data', `${name}: instruction data is empty`, { instruction: name });
  if (data[0] !== tag) {
    throw new InstructionDecodeError('wrong-tag', `${name}: tag is ${data[0]}, expected ${tag}`, {
      tag: data[0],
      instruction: name,
    });
  }
  try {
    return decodeArgs(data);
  } catch (e) {
    if (e instanceof DecodeError) {
      throw new InstructionDecodeError('malformed-args', `${name}: ${e.message}`, {
        tag,
        instruction: name,
        field: e.field,
        offset: e.offset,
      }, { cause: e });
    }
    throw e;
  }
}

/** Bytes of an instruction's data as a Uint8Array view. */
export function dataOf(ix: CoreInstruction): Uint8Array {
  const d = ix.data;
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

// ---------------------------------------------------------------------------------------------
// SetDeviceHealth / SetLinkHealth

/**
 * The two health instructions differ only in their target account and health enum: data =
 * tag + one health byte (a tag-only buffer decodes the enum default); accounts = target,
 * GlobalState, payer, system (Permission PDA with `appendPermission`). setDeviceHealth.ts and
 * setLinkHealth.ts export their named functions and types over this.
 */
export function healthInstruction<N extends 'SetDeviceHealth' | 'SetLinkHealth', H extends number, K extends string>(
  name: N,
  spec: EnumSpec<H>,
  target: K,
) {
  type Args = { health: H };
  const tag = DoubleZeroInstructionTag[name];
  const type = `${name} args`;

  const encodeArgs = (args: Args): Uint8Array => {
    expectObject(args, 'args');
    const w = beginData(type, tag, 2);
    writeEnum(w, spec, args.health, 'health');
    return w.finish();
  };
  const decodeArgs = (data: Uint8Array): Args & DecodedArgsMeta => {
    const a = new ArgsReader(data, type, tag);
    return a.done({ health: a.field('health', spec.defaultValue, (r) => readEnum(r, spec, 'health')) });
  };
  const create = (input: BaseBuilderInput & Record<K, KeyInput> & { args: Args }): CoreInstruction => {
    checkBuilderInput(input, true);
    const key: unknown = input[target];
    checkKey(key, target);
    return finishInstruction(input, [writable(key), writable(globalStatePda(input.programId))], encodeArgs(input.args));
  };
  return { encodeArgs, decodeArgs, create };
}
