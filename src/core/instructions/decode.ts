import { keyEquals, keyText, type KeyInput, type KeyKind } from '../keys.js';
import { checkInstruction, type CoreInstruction, type DecodeInstructionOptions } from './common.js';
import { InstructionDecodeError } from './errors.js';
import { DEPRECATED_INSTRUCTION_TAGS, DoubleZeroInstructionTag, instructionName, MAX_INSTRUCTION_TAG } from './tags.js';
import { decodeCreateDeviceInstruction, type DecodedCreateDeviceInstruction } from './createDevice.js';
import { decodeUpdateDeviceInstruction, type DecodedUpdateDeviceInstruction } from './updateDevice.js';
import { decodeDeleteDeviceInstruction, type DecodedDeleteDeviceInstruction } from './deleteDevice.js';
import { decodeSetDeviceHealthInstruction, type DecodedSetDeviceHealthInstruction } from './setDeviceHealth.js';
import {
  decodeCreateDeviceInterfaceInstruction,
  type DecodedCreateDeviceInterfaceInstruction,
} from './createDeviceInterface.js';
import {
  decodeUpdateDeviceInterfaceInstruction,
  type DecodedUpdateDeviceInterfaceInstruction,
} from './updateDeviceInterface.js';
import {
  decodeDeleteDeviceInterfaceInstruction,
  type DecodedDeleteDeviceInterfaceInstruction,
} from './deleteDeviceInterface.js';
import { decodeCreateLinkInstruction, type DecodedCreateLinkInstruction } from './createLink.js';
import { decodeAcceptLinkInstruction, type DecodedAcceptLinkInstruction } from './acceptLink.js';
import { decodeUpdateLinkInstruction, type DecodedUpdateLinkInstruction } from './updateLink.js';
import { decodeDeleteLinkInstruction, type DecodedDeleteLinkInstruction } from './deleteLink.js';
import { decodeSetLinkHealthInstruction, type DecodedSetLinkHealthInstruction } from './setLinkHealth.js';

/** Any decoded live Device/Link instruction; narrow on `name` (or `tag`). */
export type DecodedInstruction<K = KeyInput> =
  | DecodedCreateDeviceInstruction<K>
  | DecodedUpdateDeviceInstruction<K>
  | DecodedDeleteDeviceInstruction<K>
  | DecodedSetDeviceHealthInstruction<K>
  | DecodedCreateDeviceInterfaceInstruction<K>
  | DecodedUpdateDeviceInterfaceInstruction<K>
  | DecodedDeleteDeviceInterfaceInstruction<K>
  | DecodedCreateLinkInstruction<K>
  | DecodedAcceptLinkInstruction<K>
  | DecodedUpdateLinkInstruction<K>
  | DecodedDeleteLinkInstruction<K>
  | DecodedSetLinkHealthInstruction<K>;

type Decoder = <K>(keys: KeyKind<K>, ix: CoreInstruction, opts?: DecodeInstructionOptions) => DecodedInstruction<K>;

/** The per-instruction decoders by tag: every live Device and Link instruction. */
export const INSTRUCTION_DECODERS: Readonly<Partial<Record<DoubleZeroInstructionTag, Decoder>>> = Object.freeze({
  [DoubleZeroInstructionTag.CreateDevice]: decodeCreateDeviceInstruction,
  [DoubleZeroInstructionTag.UpdateDevice]: decodeUpdateDeviceInstruction,
  [DoubleZeroInstructionTag.DeleteDevice]: decodeDeleteDeviceInstruction,
  [DoubleZeroInstructionTag.SetDeviceHealth]: decodeSetDeviceHealthInstruction,
  [DoubleZeroInstructionTag.CreateDeviceInterface]: decodeCreateDeviceInterfaceInstruction,
  [DoubleZeroInstructionTag.UpdateDeviceInterface]: decodeUpdateDeviceInterfaceInstruction,
  [DoubleZeroInstructionTag.DeleteDeviceInterface]: decodeDeleteDeviceInterfaceInstruction,
  [DoubleZeroInstructionTag.CreateLink]: decodeCreateLinkInstruction,
  [DoubleZeroInstructionTag.AcceptLink]: decodeAcceptLinkInstruction,
  [DoubleZeroInstructionTag.UpdateLink]: decodeUpdateLinkInstruction,
  [DoubleZeroInstructionTag.DeleteLink]: decodeDeleteLinkInstruction,
  [DoubleZeroInstructionTag.SetLinkHealth]: decodeSetLinkHealthInstruction,
});

/** Tags the program's decoder does not know (InvalidInstructionData): gaps kept for stability. */
const ABSENT_TAGS = new Set<number>([95, 96, 102, 103]);

/**
 * Decodes any live Device/Link instruction of the serviceability program into
 * `{ programId, name, tag, args, accounts, defaultedFields, trailingBytes }` — the inverse of
 * the builders. Args are decoded like the program (a missing trailing field takes its
 * fallback, a field cut short is an error, extra bytes are ignored and counted); accounts are
 * named after the processor's layout, which may depend on the Args.
 *
 * Throws InstructionDecodeError: `wrong-program` (opts.programId given and different),
 * `empty-data`, `unknown-tag` (outside 0..118, or a tag the program's decoder lacks),
 * `deprecated` (a variant whose handler returns Deprecated, or the no-op placeholder 111),
 * `unsupported` (a live instruction that is not a Device/Link one), `malformed-args`
 * (`field` and `offset` name the place), `accounts` (the list does not fit the layout).
 */
export function decodeInstruction<K>(keys: KeyKind<K>, ix: CoreInstruction, options?: DecodeInstructionOptions): DecodedInstruction<K> {
  checkInstruction(ix, options);
  const opts = options ?? {};
  if (opts.programId !== undefined && !keyEquals(ix.programId, opts.programId)) {
    throw new InstructionDecodeError(
      'wrong-program',
      `instruction is for program ${keyText(ix.programId)}, not the serviceability program ${keyText(opts.programId)}`,
    );
  }
  if (ix.data.length === 0) throw new InstructionDecodeError('empty-data', 'instruction data is empty (no tag byte)');
  const tag = ix.data[0]!;
  const name = instructionName(tag);
  if (name === undefined || ABSENT_TAGS.has(tag)) {
    throw new InstructionDecodeError(
      'unknown-tag',
      `tag ${tag} is not an instruction of the serviceability program (known tags 0..${MAX_INSTRUCTION_TAG}${
        ABSENT_TAGS.has(tag) ? `; ${tag} is a removed placeholder` : ''
      })`,
      { tag },
    );
  }
  if (DEPRECATED_INSTRUCTION_TAGS.has(tag) || tag === DoubleZeroInstructionTag.Deprecated111) {
    throw new InstructionDecodeError(
      'deprecated',
      tag === DoubleZeroInstructionTag.Deprecated111
        ? `tag ${tag} (${name}) is a placeholder that does nothing`
        : `tag ${tag} (${name}) is deprecated: the program answers Deprecated (67)`,
      { tag, instruction: name },
    );
  }
  const decode = INSTRUCTION_DECODERS[tag as DoubleZeroInstructionTag];
  if (!decode) {
    throw new InstructionDecodeError('unsupported', `tag ${tag} (${name}) is not a Device or Link instruction`, {
      tag,
      instruction: name,
    });
  }
  return decode(keys, ix, opts);
}
