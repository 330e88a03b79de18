import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PublicKey } from '@solana/web3.js';
import fc from 'fast-check';

/**
 * A small, generic interpreter of the Codama type nodes used by idl/serviceability.json: Borsh
 * decode, encode, random values (fast-check) and PDA derivation, driven only by the JSON. It knows
 * nothing about DoubleZero; the agreement tests compare what it does with what the SDK does.
 *
 * Generic values: u8/u16/u32/f64 → number, u64/u128 → bigint, publicKey → PublicKey, bool →
 * boolean, string → string, fixed-size bytes → Uint8Array, struct → object (field order kept),
 * array → array, enum of empty variants → the discriminant number, enum with tuple variants →
 * `{ __kind, fields }`. A reserved variant (`Reserved<n>` at value n, a gap filler the program
 * never writes; see isReservedVariant) counts as undeclared: refused when read or written, and
 * never generated. An `Adapter` may convert a defined type's generic value to and from the
 * SDK's representation (the bytes are still read and written by the IDL's own nodes).
 */

export type Node = { kind: string } & Record<string, unknown>;

export interface IdlRoot {
  kind: 'rootNode';
  standard: string;
  version: string;
  program: {
    kind: 'programNode';
    name: string;
    publicKey: string;
    version: string;
    docs: string[];
    accounts: Node[];
    instructions: Node[];
    definedTypes: Node[];
    pdas: Node[];
    errors: Node[];
  };
  additionalPrograms: Node[];
}

const here = dirname(fileURLToPath(import.meta.url));
export const IDL_PATH = resolve(here, '../../idl/serviceability.json');

export function loadIdl(): IdlRoot {
  return JSON.parse(readFileSync(IDL_PATH, 'utf8')) as IdlRoot;
}

export class IdlError extends Error {}

/** Converts a defined type's generic value to the SDK's representation and back. */
export interface Adapter {
  toSdk(generic: unknown): unknown;
  fromSdk(sdk: unknown): unknown;
  /** Random values in the generic shape, when the IDL's own nodes allow values the type does not (e.g. prefix > 32). */
  arbitrary?: fc.Arbitrary<unknown>;
}

export interface DecodeResult {
  value: Record<string, unknown>;
  /** Offset just after the last field read. */
  end: number;
  /** Start offset of each top-level field. */
  offsets: Record<string, number>;
}

export interface ResolveContext {
  interp: IdlInterpreter;
  programId: PublicKey;
  /** The value of an argument or extra argument (resolved on demand). */
  arg(name: string): unknown;
  /** The key of an account, undefined when an optional account is omitted. */
  account(name: string): PublicKey | undefined;
}
export type Resolver = (ctx: ResolveContext) => unknown;

export interface ResolveInput {
  programId: PublicKey;
  accounts: Record<string, PublicKey | undefined>;
  args: Record<string, unknown>;
  resolvers: Record<string, Resolver>;
}

export interface ResolvedAccount {
  /** The account node's name, or `remaining:<anchor>` for a remaining account. */
  name: string;
  pubkey: PublicKey;
  isSigner: boolean;
  isWritable: boolean;
}

export interface ResolvedInstruction {
  keys: ResolvedAccount[];
  data: Uint8Array;
  /** Every argument and extra argument after defaults. */
  args: Record<string, unknown>;
}

/** Where a remaining-accounts group goes: the account named in its docs ("inserted right before account `x`"). */
export function remainingAccountsPosition(node: Node): string {
  const docs = ((node.docs as string[] | undefined) ?? []).join(' ');
  const m = /inserted right before account `(\w+)`/.exec(docs);
  if (!m) throw new IdlError('a remaining-accounts group does not document its position');
  return m[1]!;
}

/**
 * Whether an enum variant is one of the IDL's reserved gap fillers: an empty variant named
 * `Reserved<n>` whose value is n. The program declares no such variant and never writes one; the
 * IDL lists them only so that every variant's position equals its value (Codama's renderers number
 * variants by position).
 */
export function isReservedVariant(variant: Node): boolean {
  return variant.kind === 'enumEmptyVariantTypeNode' && variant.name === `Reserved${String(variant.discriminator)}`;
}

const NUMBER_SIZES: Record<string, number> = { u8: 1, u16: 2, u32: 4, u64: 8, u128: 16, f64: 8 };

export class IdlInterpreter {
  readonly types = new Map<string, Node>();
  readonly accounts = new Map<string, Node>();
  readonly pdas = new Map<string, Node>();
  readonly instructions = new Map<string, Node>();
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  private readonly enc = new TextEncoder();

  constructor(
    readonly root: IdlRoot,
    readonly adapters: Record<string, Adapter> = {},
  ) {
    for (const t of root.program.definedTypes) this.types.set(t.name as string, t);
    for (const a of root.program.accounts) this.accounts.set(a.name as string, a);
    for (const p of root.program.pdas) this.pdas.set(p.name as string, p);
    for (const i of root.program.instructions) this.instructions.set(i.name as string, i);
  }

  // ---- type resolution

  definedType(name: string): Node {
    const t = this.types.get(name);
    if (!t) throw new IdlError(`unknown defined type ${name}`);
    return t.type as Node;
  }

  accountFields(name: string): Node[] {
    const a = this.accounts.get(name);
    if (!a) throw new IdlError(`unknown account ${name}`);
    const data = a.data as Node;
    if (data.kind !== 'structTypeNode') throw new IdlError(`account ${name}: data is ${data.kind}`);
    return data.fields as Node[];
  }

  /** The value an `omitted` field always has (its defaultValue), in the generic shape. */
  defaultValue(field: Node): unknown {
    const dv = field.defaultValue as Node | undefined;
    if (!dv) throw new IdlError(`field ${String(field.name)} has no default value`);
    if (dv.kind === 'numberValueNode') return dv.number;
    if (dv.kind === 'booleanValueNode') return dv.boolean;
    if (dv.kind === 'enumValueNode') {
      const enumType = this.definedType((dv.enum as Node).name as string);
      const v = (enumType.variants as Node[]).find((x) => x.name === dv.variant);
      if (!v) throw new IdlError(`enum value ${String(dv.variant)} not found`);
      if (isReservedVariant(v)) throw new IdlError(`enum value ${String(dv.variant)} is reserved`);
      return v.discriminator;
    }
    throw new IdlError(`unsupported default value ${dv.kind}`);
  }

  // ---- decoding

  decodeAccount(name: string, bytes: Uint8Array): DecodeResult {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const cursor = { pos: 0 };
    const value: Record<string, unknown> = {};
    const offsets: Record<string, number> = {};
    for (const f of this.accountFields(name)) {
      offsets[f.name as string] = cursor.pos;
      value[f.name as string] = this.read(f.type as Node, bytes, dv, cursor, f.name as string);
    }
    const account = this.accounts.get(name)!;
    for (const d of (account.discriminators as Node[] | undefined) ?? []) this.checkDiscriminator(d, bytes);
    return { value, end: cursor.pos, offsets };
  }

  /** Decodes a value of `type` at `offset`; returns the value and the offset after it. */
  decodeType(type: Node, bytes: Uint8Array, offset = 0): { value: unknown; end: number } {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const cursor = { pos: offset };
    const value = this.read(type, bytes, dv, cursor, '(type)');
    return { value, end: cursor.pos };
  }

  private checkDiscriminator(d: Node, bytes: Uint8Array): void {
    if (d.kind !== 'constantDiscriminatorNode') throw new IdlError(`unsupported discriminator ${d.kind}`);
    const c = d.constant as Node;
    const expected = this.encodeType(c.type as Node, (c.value as Node).number);
    const at = d.offset as number;
    const actual = bytes.subarray(at, at + expected.length);
    if (actual.length !== expected.length || actual.some((b, i) => b !== expected[i])) {
      throw new IdlError(`discriminator mismatch at ${at}`);
    }
  }

  private need(bytes: Uint8Array, cursor: { pos: number }, n: number, what: string): void {
    if (cursor.pos + n > bytes.length) throw new IdlError(`${what}: needs ${n} bytes at ${cursor.pos}, ${bytes.length - cursor.pos} left`);
  }

  private read(type: Node, bytes: Uint8Array, dv: DataView, cursor: { pos: number }, what: string): unknown {
    switch (type.kind) {
      case 'numberTypeNode': {
        const fmt = type.format as string;
        if (type.endian !== 'le') throw new IdlError(`${what}: only little-endian numbers are used`);
        const size = NUMBER_SIZES[fmt];
        if (size === undefined) throw new IdlError(`${what}: unsupported number format ${fmt}`);
        this.need(bytes, cursor, size, what);
        const p = cursor.pos;
        cursor.pos += size;
        switch (fmt) {
          case 'u8':
            return dv.getUint8(p);
          case 'u16':
            return dv.getUint16(p, true);
          case 'u32':
            return dv.getUint32(p, true);
          case 'u64':
            return dv.getBigUint64(p, true);
          case 'u128':
            return dv.getBigUint64(p, true) | (dv.getBigUint64(p + 8, true) << 64n);
          default: {
            const v = dv.getFloat64(p, true);
            if (Number.isNaN(v)) throw new IdlError(`${what}: NaN is not valid Borsh f64`);
            return v;
          }
        }
      }
      case 'publicKeyTypeNode':
        this.need(bytes, cursor, 32, what);
        cursor.pos += 32;
        return new PublicKey(bytes.slice(cursor.pos - 32, cursor.pos));
      case 'booleanTypeNode': {
        const b = this.read(type.size as Node, bytes, dv, cursor, what);
        if (b !== 0 && b !== 1) throw new IdlError(`${what}: bool byte ${String(b)}`);
        return b === 1;
      }
      case 'sizePrefixTypeNode': {
        const n = Number(this.read(type.prefix as Node, bytes, dv, cursor, what));
        this.need(bytes, cursor, n, what);
        const inner = type.type as Node;
        const slice = bytes.subarray(cursor.pos, cursor.pos + n);
        cursor.pos += n;
        if (inner.kind === 'stringTypeNode') {
          if (inner.encoding !== 'utf8') throw new IdlError(`${what}: unsupported encoding`);
          return this.utf8.decode(slice);
        }
        if (inner.kind === 'bytesTypeNode') return slice.slice();
        throw new IdlError(`${what}: unsupported size-prefixed ${inner.kind}`);
      }
      case 'fixedSizeTypeNode': {
        const inner = type.type as Node;
        if (inner.kind !== 'bytesTypeNode') throw new IdlError(`${what}: unsupported fixed-size ${inner.kind}`);
        const n = type.size as number;
        this.need(bytes, cursor, n, what);
        cursor.pos += n;
        return bytes.slice(cursor.pos - n, cursor.pos);
      }
      case 'arrayTypeNode': {
        const count = type.count as Node;
        if (count.kind !== 'prefixedCountNode') throw new IdlError(`${what}: unsupported count ${count.kind}`);
        const n = Number(this.read(count.prefix as Node, bytes, dv, cursor, what));
        if (n > bytes.length - cursor.pos) throw new IdlError(`${what}: count ${n} exceeds the remaining bytes`);
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) out.push(this.read(type.item as Node, bytes, dv, cursor, `${what}[${i}]`));
        return out;
      }
      case 'optionTypeNode': {
        if (type.fixed !== false) throw new IdlError(`${what}: only non-fixed (Borsh) options are used`);
        const tag = this.read(type.prefix as Node, bytes, dv, cursor, what);
        if (tag === 0) return null;
        if (tag !== 1) throw new IdlError(`${what}: option tag ${String(tag)}`);
        return this.read(type.item as Node, bytes, dv, cursor, what);
      }
      case 'structTypeNode': {
        const out: Record<string, unknown> = {};
        for (const f of type.fields as Node[]) out[f.name as string] = this.read(f.type as Node, bytes, dv, cursor, `${what}.${String(f.name)}`);
        return out;
      }
      case 'tupleTypeNode':
        return (type.items as Node[]).map((t, i) => this.read(t, bytes, dv, cursor, `${what}.${i}`));
      case 'enumTypeNode': {
        const d = this.read(type.size as Node, bytes, dv, cursor, what) as number;
        const variants = type.variants as Node[];
        const v = variants.find((x) => this.discriminatorOf(x, variants) === d);
        if (!v) throw new IdlError(`${what}: undeclared enum discriminant ${d}`);
        if (isReservedVariant(v)) throw new IdlError(`${what}: reserved enum discriminant ${d} (${String(v.name)})`);
        if (v.kind === 'enumEmptyVariantTypeNode') return d;
        if (v.kind === 'enumTupleVariantTypeNode') {
          return { __kind: v.name, fields: this.read(v.tuple as Node, bytes, dv, cursor, what) };
        }
        throw new IdlError(`${what}: unsupported variant ${v.kind}`);
      }
      case 'definedTypeLinkNode': {
        const name = type.name as string;
        const generic = this.read(this.definedType(name), bytes, dv, cursor, what);
        const adapter = this.adapters[name];
        return adapter ? adapter.toSdk(generic) : generic;
      }
      default:
        throw new IdlError(`${what}: unsupported type node ${type.kind}`);
    }
  }

  private discriminatorOf(variant: Node, variants: Node[]): number {
    return typeof variant.discriminator === 'number' ? variant.discriminator : variants.indexOf(variant);
  }

  // ---- encoding

  encodeAccount(name: string, value: Record<string, unknown>): Uint8Array {
    const out: number[] = [];
    for (const f of this.accountFields(name)) {
      const v = f.defaultValueStrategy === 'omitted' ? this.defaultValue(f) : value[f.name as string];
      this.write(f.type as Node, v, out, f.name as string);
    }
    return Uint8Array.from(out);
  }

  encodeType(type: Node, value: unknown): Uint8Array {
    const out: number[] = [];
    this.write(type, value, out, '(type)');
    return Uint8Array.from(out);
  }

  private write(type: Node, value: unknown, out: number[], what: string): void {
    switch (type.kind) {
      case 'numberTypeNode': {
        const fmt = type.format as string;
        const size = NUMBER_SIZES[fmt];
        if (size === undefined) throw new IdlError(`${what}: unsupported number format ${fmt}`);
        const buf = new Uint8Array(size);
        const dv = new DataView(buf.buffer);
        if (fmt === 'f64') {
          if (typeof value !== 'number' || Number.isNaN(value)) throw new IdlError(`${what}: not an f64`);
          dv.setFloat64(0, value, true);
        } else {
          const big = typeof value === 'bigint' ? value : typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : -1n;
          if (big < 0n || big >= 1n << BigInt(8 * size)) throw new IdlError(`${what}: ${String(value)} is not a ${fmt}`);
          for (let i = 0; i < size; i++) buf[i] = Number((big >> BigInt(8 * i)) & 0xffn);
        }
        out.push(...buf);
        return;
      }
      case 'publicKeyTypeNode':
        if (!(value instanceof PublicKey)) throw new IdlError(`${what}: not a PublicKey`);
        out.push(...value.toBytes());
        return;
      case 'booleanTypeNode':
        if (typeof value !== 'boolean') throw new IdlError(`${what}: not a boolean`);
        this.write(type.size as Node, value ? 1 : 0, out, what);
        return;
      case 'sizePrefixTypeNode': {
        const inner = type.type as Node;
        let bytes: Uint8Array;
        if (inner.kind === 'stringTypeNode') {
          if (typeof value !== 'string') throw new IdlError(`${what}: not a string`);
          bytes = this.enc.encode(value);
        } else if (inner.kind === 'bytesTypeNode' && value instanceof Uint8Array) {
          bytes = value;
        } else {
          throw new IdlError(`${what}: unsupported size-prefixed ${inner.kind}`);
        }
        this.write(type.prefix as Node, bytes.length, out, what);
        out.push(...bytes);
        return;
      }
      case 'fixedSizeTypeNode':
        if (!(value instanceof Uint8Array) || value.length !== type.size) throw new IdlError(`${what}: needs ${String(type.size)} bytes`);
        out.push(...value);
        return;
      case 'arrayTypeNode': {
        if (!Array.isArray(value)) throw new IdlError(`${what}: not an array`);
        this.write((type.count as Node).prefix as Node, value.length, out, what);
        value.forEach((v, i) => this.write(type.item as Node, v, out, `${what}[${i}]`));
        return;
      }
      case 'optionTypeNode':
        if (type.fixed !== false) throw new IdlError(`${what}: only non-fixed (Borsh) options are used`);
        if (value === null || value === undefined) {
          this.write(type.prefix as Node, 0, out, what);
        } else {
          this.write(type.prefix as Node, 1, out, what);
          this.write(type.item as Node, value, out, what);
        }
        return;
      case 'structTypeNode': {
        const obj = value as Record<string, unknown>;
        for (const f of type.fields as Node[]) this.write(f.type as Node, obj[f.name as string], out, `${what}.${String(f.name)}`);
        return;
      }
      case 'tupleTypeNode':
        (type.items as Node[]).forEach((t, i) => this.write(t, (value as unknown[])[i], out, `${what}.${i}`));
        return;
      case 'enumTypeNode': {
        const variants = type.variants as Node[];
        if (typeof value === 'number') {
          const v = variants.find((x) => this.discriminatorOf(x, variants) === value && x.kind === 'enumEmptyVariantTypeNode');
          if (!v || isReservedVariant(v)) throw new IdlError(`${what}: ${value} is not a declared empty variant`);
          this.write(type.size as Node, value, out, what);
          return;
        }
        const { __kind, fields } = value as { __kind: string; fields: unknown };
        const v = variants.find((x) => x.name === __kind);
        if (!v || v.kind !== 'enumTupleVariantTypeNode') throw new IdlError(`${what}: unknown variant ${String(__kind)}`);
        this.write(type.size as Node, this.discriminatorOf(v, variants), out, what);
        this.write(v.tuple as Node, fields, out, what);
        return;
      }
      case 'definedTypeLinkNode': {
        const name = type.name as string;
        const adapter = this.adapters[name];
        this.write(this.definedType(name), adapter ? adapter.fromSdk(value) : value, out, what);
        return;
      }
      default:
        throw new IdlError(`${what}: unsupported type node ${type.kind}`);
    }
  }

  // ---- random values (generic shape, adapters applied)

  arbitraryAccount(name: string): fc.Arbitrary<Record<string, unknown>> {
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    for (const f of this.accountFields(name)) {
      shape[f.name as string] = f.defaultValueStrategy === 'omitted' ? fc.constant(this.defaultValue(f)) : this.arbitrary(f.type as Node);
    }
    return fc.record(shape) as fc.Arbitrary<Record<string, unknown>>;
  }

  arbitrary(type: Node): fc.Arbitrary<unknown> {
    switch (type.kind) {
      case 'numberTypeNode': {
        const fmt = type.format as string;
        if (fmt === 'f64') return fc.double({ noNaN: true });
        const bits = 8 * NUMBER_SIZES[fmt]!;
        return bits <= 32 ? fc.integer({ min: 0, max: 2 ** bits - 1 }) : fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });
      }
      case 'publicKeyTypeNode':
        return fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => new PublicKey(b));
      case 'booleanTypeNode':
        return fc.boolean();
      case 'sizePrefixTypeNode':
        return fc.string({ unit: 'grapheme', maxLength: 12 });
      case 'fixedSizeTypeNode':
        return fc.uint8Array({ minLength: type.size as number, maxLength: type.size as number });
      case 'arrayTypeNode':
        return fc.array(this.arbitrary(type.item as Node), { maxLength: 3 });
      case 'optionTypeNode':
        return fc.option(this.arbitrary(type.item as Node), { nil: null });
      case 'structTypeNode': {
        const shape: Record<string, fc.Arbitrary<unknown>> = {};
        for (const f of type.fields as Node[]) shape[f.name as string] = this.arbitrary(f.type as Node);
        return fc.record(shape);
      }
      case 'tupleTypeNode':
        return fc.tuple(...(type.items as Node[]).map((t) => this.arbitrary(t)));
      case 'enumTypeNode': {
        const variants = type.variants as Node[];
        return fc.oneof(
          ...variants.filter((v) => !isReservedVariant(v)).map((v) =>
            v.kind === 'enumEmptyVariantTypeNode'
              ? fc.constant(this.discriminatorOf(v, variants))
              : this.arbitrary(v.tuple as Node).map((fields) => ({ __kind: v.name, fields })),
          ),
        );
      }
      case 'definedTypeLinkNode': {
        const name = type.name as string;
        const adapter = this.adapters[name];
        const generic = adapter?.arbitrary ?? this.arbitrary(this.definedType(name));
        return adapter ? generic.map((g) => adapter.toSdk(g)) : generic;
      }
      default:
        throw new IdlError(`unsupported type node ${type.kind}`);
    }
  }

  // ---- instructions

  instruction(name: string): Node {
    const i = this.instructions.get(name);
    if (!i) throw new IdlError(`unknown instruction ${name}`);
    return i;
  }

  instructionArguments(name: string): Node[] {
    return this.instruction(name).arguments as Node[];
  }

  /** A constant default (number, boolean, enum variant) or undefined for a contextual one (resolver, argument...). */
  private constantDefault(arg: Node): { value: unknown } | undefined {
    const dv = arg.defaultValue as Node | undefined;
    if (!dv || !['numberValueNode', 'booleanValueNode', 'enumValueNode'].includes(dv.kind)) return undefined;
    return { value: this.defaultValue(arg) };
  }

  /**
   * Encodes instruction `name`: every argument in order. An `omitted` argument with a constant
   * default (the discriminator, flags the builder forces) always takes it; any other argument
   * comes from `value` (an `optional` one falls back to its constant default).
   */
  encodeInstruction(name: string, value: Record<string, unknown>): Uint8Array {
    const out: number[] = [];
    for (const a of this.instructionArguments(name)) {
      const n = a.name as string;
      const c = this.constantDefault(a);
      let v = value[n];
      if (c && (a.defaultValueStrategy === 'omitted' || v === undefined)) v = c.value;
      if (v === undefined && (a.type as Node).kind !== 'optionTypeNode') throw new IdlError(`${name}: missing argument ${n}`);
      this.write(a.type as Node, v, out, `${name}.${n}`);
    }
    return Uint8Array.from(out);
  }

  /** Decodes instruction data as instruction `name` (strict Borsh: every field must be present); checks its discriminators. */
  decodeInstruction(name: string, bytes: Uint8Array): DecodeResult {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const cursor = { pos: 0 };
    const value: Record<string, unknown> = {};
    const offsets: Record<string, number> = {};
    const args = this.instructionArguments(name);
    for (const a of args) {
      offsets[a.name as string] = cursor.pos;
      value[a.name as string] = this.read(a.type as Node, bytes, dv, cursor, `${name}.${String(a.name)}`);
    }
    for (const d of (this.instruction(name).discriminators as Node[] | undefined) ?? []) {
      if (d.kind !== 'fieldDiscriminatorNode') throw new IdlError(`${name}: unsupported discriminator ${d.kind}`);
      const field = args.find((a) => a.name === d.name);
      if (!field) throw new IdlError(`${name}: discriminator field ${String(d.name)} is not an argument`);
      if (offsets[d.name as string] !== d.offset) throw new IdlError(`${name}: discriminator ${String(d.name)} is not at offset ${String(d.offset)}`);
      const expected = this.constantDefault(field);
      if (!expected || value[d.name as string] !== expected.value) {
        throw new IdlError(`${name}: discriminator ${String(value[d.name as string])}, expected ${String(expected?.value)}`);
      }
    }
    return { value, end: cursor.pos, offsets };
  }

  /** The instructions whose discriminators match `bytes`. */
  identifyInstruction(bytes: Uint8Array): string[] {
    const out: string[] = [];
    for (const [name, ix] of this.instructions) {
      const ok = ((ix.discriminators as Node[] | undefined) ?? []).every((d) => {
        const field = this.instructionArguments(name).find((a) => a.name === d.name);
        const c = field && this.constantDefault(field);
        if (!c) return false;
        const expected = this.encodeType(field.type as Node, c.value);
        const at = d.offset as number;
        return expected.every((b, i) => bytes[at + i] === b);
      });
      if (ok) out.push(name);
    }
    return out;
  }

  /** Random argument values of instruction `name`; omitted constant arguments take their constant. */
  arbitraryInstructionArgs(name: string): fc.Arbitrary<Record<string, unknown>> {
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    for (const a of this.instructionArguments(name)) {
      const c = this.constantDefault(a);
      shape[a.name as string] = c && a.defaultValueStrategy === 'omitted' ? fc.constant(c.value) : this.arbitrary(a.type as Node);
    }
    return fc.record(shape) as fc.Arbitrary<Record<string, unknown>>;
  }

  /**
   * Builds instruction `name` from the IDL alone, the way a Codama client would, plus the
   * documented positions of the remaining-account groups: arguments and extra arguments from
   * `input.args` or their default values (omitted ones always from the default; a contextual
   * default such as a resolver also replaces a falsy value, like the JS renderer's
   * `if (!args.x) args.x = ...`), accounts
   * from `input.accounts` or their default values (an optional account whose default yields
   * nothing is omitted), remaining accounts inserted before the account their docs name.
   * `resolvers` implement the resolverValueNodes by name.
   */
  resolveInstruction(name: string, input: ResolveInput): ResolvedInstruction {
    const ix = this.instruction(name);
    const argNodes = [...(ix.arguments as Node[]), ...((ix.extraArguments as Node[] | undefined) ?? [])];
    const accountNodes = ix.accounts as Node[];
    const args: Record<string, unknown> = {};
    const accounts = new Map<string, PublicKey | undefined>();
    const resolving = new Set<string>();
    const guard = <T>(key: string, f: () => T): T => {
      if (resolving.has(key)) throw new IdlError(`${name}: circular default for ${key}`);
      resolving.add(key);
      try {
        return f();
      } finally {
        resolving.delete(key);
      }
    };
    const ctx: ResolveContext = {
      interp: this,
      programId: input.programId,
      arg: (n) => {
        if (n in args) return args[n];
        const node = argNodes.find((a) => a.name === n);
        if (!node) throw new IdlError(`${name}: no argument ${n}`);
        const v = guard(`argument ${n}`, () => {
          const given = input.args[n];
          const dv = node.defaultValue as Node | undefined;
          const contextual = dv !== undefined && !['numberValueNode', 'booleanValueNode', 'enumValueNode'].includes(dv.kind);
          if (dv && (node.defaultValueStrategy === 'omitted' || given === undefined || (contextual && !given))) {
            return this.evaluate(dv, ctx, input.resolvers);
          }
          if (given === undefined && (node.type as Node).kind === 'optionTypeNode') return null;
          if (given === undefined) throw new IdlError(`${name}: argument ${n} is required`);
          return given;
        });
        args[n] = v;
        return v;
      },
      account: (n) => {
        if (accounts.has(n)) return accounts.get(n);
        const node = accountNodes.find((a) => a.name === n);
        if (!node) throw new IdlError(`${name}: no account ${n}`);
        const v = guard(`account ${n}`, () => {
          const given = input.accounts[n];
          if (given) return given;
          const dv = node.defaultValue as Node | undefined;
          const r = dv ? this.evaluate(dv, ctx, input.resolvers) : undefined;
          if (r !== undefined && !(r instanceof PublicKey)) throw new IdlError(`${name}: account ${n} resolved to a non-key`);
          if (r === undefined && node.isOptional !== true) throw new IdlError(`${name}: account ${n} is required`);
          return r as PublicKey | undefined;
        });
        accounts.set(n, v);
        return v;
      },
    };
    // The serialized arguments now; extra arguments only when a default value needs them.
    for (const a of ix.arguments as Node[]) ctx.arg(a.name as string);
    const keys: ResolvedAccount[] = [];
    for (const a of accountNodes) {
      const pubkey = ctx.account(a.name as string);
      if (pubkey) keys.push({ name: a.name as string, pubkey, isSigner: a.isSigner === true, isWritable: a.isWritable === true });
    }
    for (const r of (ix.remainingAccounts as Node[] | undefined) ?? []) {
      const value = this.evaluate(r.value as Node, ctx, input.resolvers);
      const list = value === null || value === undefined ? [] : value;
      if (!Array.isArray(list) || list.some((k) => !(k instanceof PublicKey))) throw new IdlError(`${name}: a remaining-accounts group is not a list of keys`);
      if (list.length === 0) continue;
      const before = remainingAccountsPosition(r);
      const at = keys.findIndex((k) => k.name === before);
      if (at < 0) throw new IdlError(`${name}: remaining accounts go before ${before}, which is absent`);
      // Right before the anchor, hence after any earlier group with the same anchor.
      keys.splice(
        at,
        0,
        ...(list as PublicKey[]).map((pubkey) => ({
          name: `remaining:${before}`,
          pubkey,
          isSigner: r.isSigner === true,
          isWritable: r.isWritable === true,
        })),
      );
    }
    return { keys, data: this.encodeInstruction(name, args), args };
  }

  /** Evaluates a Codama value / contextual value node. `undefined` means "no value" (an omitted optional account). */
  evaluate(node: Node, ctx: ResolveContext, resolvers: Record<string, Resolver>): unknown {
    switch (node.kind) {
      case 'numberValueNode':
        return node.number;
      case 'booleanValueNode':
        return node.boolean;
      case 'stringValueNode':
        return node.string;
      case 'arrayValueNode':
        return (node.items as Node[]).map((x) => this.evaluate(x, ctx, resolvers));
      case 'publicKeyValueNode':
        return new PublicKey(node.publicKey as string);
      case 'argumentValueNode':
        return ctx.arg(node.name as string);
      case 'accountValueNode':
        return ctx.account(node.name as string);
      case 'resolverValueNode': {
        const r = resolvers[node.name as string];
        if (!r) throw new IdlError(`no resolver ${String(node.name)}`);
        for (const d of (node.dependsOn as Node[] | undefined) ?? []) this.evaluate(d, ctx, resolvers);
        return r(ctx);
      }
      case 'pdaValueNode': {
        const seeds: Record<string, unknown> = {};
        for (const s of node.seeds as Node[]) {
          if (s.kind !== 'pdaSeedValueNode') throw new IdlError(`unsupported seed value ${s.kind}`);
          seeds[s.name as string] = this.evaluate(s.value as Node, ctx, resolvers);
        }
        return this.derivePda((node.pda as Node).name as string, ctx.programId, seeds)[0];
      }
      case 'conditionalValueNode': {
        const c = this.evaluate(node.condition as Node, ctx, resolvers);
        const truth = node.value ? c === this.evaluate(node.value as Node, ctx, resolvers) : c !== null && c !== undefined && c !== false;
        const branch = (truth ? node.ifTrue : node.ifFalse) as Node | undefined;
        return branch ? this.evaluate(branch, ctx, resolvers) : undefined;
      }
      default:
        throw new IdlError(`unsupported value node ${node.kind}`);
    }
  }

  // ---- PDAs

  /** Seeds of PDA `name` built from the JSON: constant seeds as given, variable seeds from `inputs`. */
  pdaSeeds(name: string, inputs: Record<string, unknown>): Uint8Array[] {
    const pda = this.pdas.get(name);
    if (!pda) throw new IdlError(`unknown pda ${name}`);
    return (pda.seeds as Node[]).map((s) => {
      if (s.kind === 'constantPdaSeedNode') return this.seedBytes(s.type as Node, (s.value as Node).string ?? (s.value as Node).number);
      if (s.kind === 'variablePdaSeedNode') {
        if (!((s.name as string) in inputs)) throw new IdlError(`pda ${name}: missing seed ${String(s.name)}`);
        return this.seedBytes(s.type as Node, inputs[s.name as string]);
      }
      throw new IdlError(`unsupported seed ${s.kind}`);
    });
  }

  derivePda(name: string, programId: PublicKey, inputs: Record<string, unknown> = {}): [PublicKey, number] {
    return PublicKey.findProgramAddressSync(this.pdaSeeds(name, inputs), programId);
  }

  /** A seed is the value's bytes with no length prefix (a plain stringTypeNode is the raw UTF-8). */
  private seedBytes(type: Node, value: unknown): Uint8Array {
    if (type.kind === 'stringTypeNode') {
      if (typeof value !== 'string') throw new IdlError('string seed expects a string');
      return this.enc.encode(value);
    }
    return this.encodeType(type, value);
  }
}

// ---- adapters to the SDK's representations of Ipv4Addr and NetworkV4

const dotted = (b: Uint8Array): string => Array.from(b).join('.');
function octets(s: unknown): Uint8Array {
  if (typeof s !== 'string') throw new IdlError(`${String(s)} is not a dotted IPv4 string`);
  const parts = s.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new IdlError(`bad IPv4 ${s}`);
  return Uint8Array.from(parts);
}

/** Ipv4Addr ↔ "a.b.c.d" and NetworkV4 ↔ "a.b.c.d/n", the SDK's shapes (ARCHITECTURE.md). */
export const SDK_ADAPTERS: Record<string, Adapter> = {
  ipv4Addr: { toSdk: (g) => dotted(g as Uint8Array), fromSdk: octets },
  networkV4: {
    toSdk: (g) => {
      const { address, prefix } = g as { address: string; prefix: number };
      return `${address}/${prefix}`;
    },
    fromSdk: (s) => {
      const [addr, prefix] = String(s).split('/');
      return { address: addr, prefix: Number(prefix) };
    },
    // The IDL says u8; NetworkV4 only accepts prefixes up to 32.
    arbitrary: fc.record({ address: fc.uint8Array({ minLength: 4, maxLength: 4 }).map(dotted), prefix: fc.integer({ min: 0, max: 32 }) }),
  },
};
