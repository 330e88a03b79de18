/**
 * Solana transactions on the wire, read by the sample node without web3.js: the signatures, the
 * message (legacy or v0) and what each account of it may do. Parsing is strict: a transaction
 * that does not parse whole is refused, never guessed at.
 */
import { createPublicKey, verify } from 'node:crypto';
import { base58Encode } from '../../core/codec/base58.js';
import type { CoreInstruction } from '../../core/instructions/common.js';

/** One compiled instruction: its program and accounts as indexes into the message's keys. */
export interface CompiledInstruction {
  programIdIndex: number;
  accounts: number[];
  data: Uint8Array;
}

export interface ParsedTransaction {
  /** The wire bytes. */
  raw: Uint8Array;
  /** One 64-byte signature per required signer (all zeros when unsigned, as simulations send). */
  signatures: Uint8Array[];
  /** The bytes the signatures sign. */
  message: Uint8Array;
  version: 'legacy' | 0;
  header: { numRequiredSignatures: number; numReadonlySignedAccounts: number; numReadonlyUnsignedAccounts: number };
  /** The message's account keys, base58. */
  accountKeys: string[];
  recentBlockhash: string;
  instructions: CompiledInstruction[];
}

/** A transaction that does not parse, with the reason. */
export class WireError extends Error {
  /** Always `'WireError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'WireError';
}

class Cursor {
  i = 0;
  constructor(private readonly b: Uint8Array) {}
  byte(what: string): number {
    if (this.i >= this.b.length) throw new WireError(`transaction ends before its ${what}`);
    return this.b[this.i++]!;
  }
  bytes(n: number, what: string): Uint8Array {
    if (this.i + n > this.b.length) throw new WireError(`transaction ends inside its ${what}`);
    const out = this.b.subarray(this.i, this.i + n);
    this.i += n;
    return out;
  }
  /** compact-u16 ("shortvec"). */
  shortVec(what: string): number {
    let v = 0;
    for (let shift = 0; shift <= 14; shift += 7) {
      const b = this.byte(what);
      v |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return v;
    }
    throw new WireError(`the length of its ${what} is not a compact-u16`);
  }
  get done(): boolean {
    return this.i === this.b.length;
  }
}

/** Parses wire bytes; throws WireError for anything malformed. */
export function parseTransaction(raw: Uint8Array): ParsedTransaction {
  const c = new Cursor(raw);
  const nsig = c.shortVec('signatures');
  const signatures: Uint8Array[] = [];
  for (let i = 0; i < nsig; i++) signatures.push(c.bytes(64, `signature ${i}`));
  const messageStart = c.i;
  const first = c.byte('message header');
  let version: 'legacy' | 0 = 'legacy';
  let numRequiredSignatures = first;
  if (first & 0x80) {
    const v = first & 0x7f;
    if (v !== 0) throw new WireError(`message version ${v} is not supported`);
    version = 0;
    numRequiredSignatures = c.byte('message header');
  }
  const header = { numRequiredSignatures, numReadonlySignedAccounts: c.byte('message header'), numReadonlyUnsignedAccounts: c.byte('message header') };
  const nkeys = c.shortVec('account keys');
  const accountKeys: string[] = [];
  for (let i = 0; i < nkeys; i++) accountKeys.push(base58Encode(c.bytes(32, `account key ${i}`)));
  const recentBlockhash = base58Encode(c.bytes(32, 'recent blockhash'));
  const nix = c.shortVec('instructions');
  const instructions: CompiledInstruction[] = [];
  for (let i = 0; i < nix; i++) {
    const programIdIndex = c.byte(`instruction ${i}`);
    const nacc = c.shortVec(`instruction ${i} accounts`);
    const accounts = [...c.bytes(nacc, `instruction ${i} accounts`)];
    const data = c.bytes(c.shortVec(`instruction ${i} data`), `instruction ${i} data`).slice();
    instructions.push({ programIdIndex, accounts, data });
  }
  if (version === 0) {
    const lookups = c.shortVec('address table lookups');
    if (lookups !== 0) throw new WireError('address table lookups are not supported by the sample node');
  }
  if (!c.done) throw new WireError(`${raw.length - c.i} bytes after the message`);
  if (nsig !== header.numRequiredSignatures) throw new WireError(`${nsig} signatures for ${header.numRequiredSignatures} required signers`);
  if (header.numRequiredSignatures === 0 || header.numRequiredSignatures > nkeys) throw new WireError('the message names no fee payer');
  if (header.numReadonlySignedAccounts >= header.numRequiredSignatures) throw new WireError('the fee payer is read-only');
  if (header.numReadonlyUnsignedAccounts > nkeys - header.numRequiredSignatures) throw new WireError('more read-only accounts than accounts');
  if (new Set(accountKeys).size !== accountKeys.length) throw new WireError('an account key is named twice');
  for (const [i, ix] of instructions.entries()) {
    if (ix.programIdIndex === 0 || ix.programIdIndex >= nkeys) throw new WireError(`instruction ${i} names no valid program`);
    if (ix.accounts.some((a) => a >= nkeys)) throw new WireError(`instruction ${i} names an account beyond the message's keys`);
  }
  return { raw, signatures, message: raw.subarray(messageStart), version, header, accountKeys, recentBlockhash, instructions };
}

export function isSigner(tx: ParsedTransaction, i: number): boolean {
  return i < tx.header.numRequiredSignatures;
}

export function isWritable(tx: ParsedTransaction, i: number): boolean {
  const h = tx.header;
  if (i < h.numRequiredSignatures) return i < h.numRequiredSignatures - h.numReadonlySignedAccounts;
  return i < tx.accountKeys.length - h.numReadonlyUnsignedAccounts;
}

/** The transaction's id: its first signature, base58. */
export function signatureOf(tx: ParsedTransaction): string {
  return base58Encode(tx.signatures[0]!);
}

/** A core instruction with its addresses as base58 text. */
export interface TextInstruction extends CoreInstruction {
  programId: string;
  keys: { pubkey: string; isSigner: boolean; isWritable: boolean }[];
}

/** Each instruction with its program, accounts (and their signer / writable flags) and data. */
export function instructionsOf(tx: ParsedTransaction): TextInstruction[] {
  return tx.instructions.map((ix) => ({
    programId: tx.accountKeys[ix.programIdIndex]!,
    keys: ix.accounts.map((a) => ({ pubkey: tx.accountKeys[a]!, isSigner: isSigner(tx, a), isWritable: isWritable(tx, a) })),
    data: ix.data,
  }));
}

/** SPKI DER of an Ed25519 public key, before its 32 bytes. */
const ED25519_SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

/** Whether every signature is its signer's Ed25519 signature of the message. */
export function signaturesValid(tx: ParsedTransaction, keyBytes: (text: string) => Uint8Array): boolean {
  return tx.signatures.every((sig, i) => {
    const der = new Uint8Array(ED25519_SPKI_PREFIX.length + 32);
    der.set(ED25519_SPKI_PREFIX);
    der.set(keyBytes(tx.accountKeys[i]!), ED25519_SPKI_PREFIX.length);
    try {
      return verify(null, tx.message, createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' }), sig);
    } catch {
      return false;
    }
  });
}
