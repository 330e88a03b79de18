/**
 * Legacy transaction messages and their wire form, built by the core itself (no web3.js, no
 * kit): the payer is the only signer. Accounts are ordered as web3.js v1's
 * `Transaction.compileMessage` orders them (payer first, then signers, writable before
 * read-only, ties by base58 text), so a message is byte for byte what web3.js would sign.
 */
import { base58Decode, base58Encode } from '../codec/base58.js';
import { ValidationError } from '../errors.js';
import { keyBytes, keyText, type KeyInput } from '../keys.js';
import type { CoreInstruction } from '../instructions/common.js';

/** The most bytes a transaction may have on the wire (IPv6 MTU minus headers). */
export const PACKET_DATA_SIZE = 1232;

interface Meta {
  text: string;
  bytes: Uint8Array;
  isSigner: boolean;
  isWritable: boolean;
}

const SORT_OPTIONS: Intl.CollatorOptions = {
  localeMatcher: 'best fit',
  usage: 'sort',
  sensitivity: 'variant',
  ignorePunctuation: false,
  numeric: false,
  caseFirst: 'lower',
};

/** compact-u16 (Solana's "shortvec") length prefix. */
function shortVec(n: number, out: number[]): void {
  let v = n;
  for (;;) {
    let b = v & 0x7f;
    v >>= 7;
    if (v === 0) {
      out.push(b);
      return;
    }
    b |= 0x80;
    out.push(b);
  }
}

/**
 * The legacy message of `instructions` paid (and signed) by `payer`, with `recentBlockhash`
 * (base58). Throws ValidationError for an instruction asking another signer than the payer.
 */
export function compileLegacyMessage(payer: KeyInput, instructions: readonly CoreInstruction[], recentBlockhash: string): Uint8Array {
  const payerText = keyText(payer);
  const metas: Meta[] = [];
  const index = new Map<string, Meta>();
  const add = (k: KeyInput, isSigner: boolean, isWritable: boolean): void => {
    const text = keyText(k);
    const m = index.get(text);
    if (m) {
      m.isSigner ||= isSigner;
      m.isWritable ||= isWritable;
      return;
    }
    const meta = { text, bytes: keyBytes(k), isSigner, isWritable };
    index.set(text, meta);
    metas.push(meta);
  };
  const programs: KeyInput[] = [];
  const programTexts = new Set<string>();
  for (const ix of instructions) {
    for (const k of ix.keys) add(k.pubkey, k.isSigner, k.isWritable);
    const p = keyText(ix.programId);
    if (!programTexts.has(p)) {
      programTexts.add(p);
      programs.push(ix.programId);
    }
  }
  for (const p of programs) add(p, false, false);
  metas.sort((x, y) => {
    if (x.isSigner !== y.isSigner) return x.isSigner ? -1 : 1;
    if (x.isWritable !== y.isWritable) return x.isWritable ? -1 : 1;
    return x.text.localeCompare(y.text, 'en', SORT_OPTIONS);
  });
  const at = metas.findIndex((m) => m.text === payerText);
  const payerMeta: Meta = at >= 0 ? metas.splice(at, 1)[0]! : { text: payerText, bytes: keyBytes(payer), isSigner: true, isWritable: true };
  payerMeta.isSigner = true;
  payerMeta.isWritable = true;
  metas.unshift(payerMeta);
  if (metas.length > 256) throw new ValidationError('instructions', `a transaction may name at most 256 accounts, these name ${metas.length}`);

  const signers = metas.filter((m) => m.isSigner);
  if (signers.length > 1) {
    throw new ValidationError('instructions', `only the payer signs, but ${signers.slice(1).map((m) => m.text).join(', ')} must sign too`);
  }
  const position = new Map(metas.map((m, i) => [m.text, i]));
  const out: number[] = [
    1, // required signatures
    0, // read-only signed accounts (the payer is writable)
    metas.filter((m) => !m.isSigner && !m.isWritable).length,
  ];
  shortVec(metas.length, out);
  for (const m of metas) for (const b of m.bytes) out.push(b);
  const hash = base58Decode(recentBlockhash);
  if (hash.length !== 32) throw new ValidationError('recentBlockhash', 'is not 32 bytes of base58');
  for (const b of hash) out.push(b);
  shortVec(instructions.length, out);
  for (const ix of instructions) {
    out.push(position.get(keyText(ix.programId))!);
    shortVec(ix.keys.length, out);
    for (const k of ix.keys) out.push(position.get(keyText(k.pubkey))!);
    shortVec(ix.data.length, out);
    for (const b of ix.data) out.push(b);
  }
  return Uint8Array.from(out);
}

/** The wire bytes of a transaction signed by its one signer: shortvec(1), the signature, the message. */
export function serializeTransaction(signature: Uint8Array, message: Uint8Array): Uint8Array {
  if (signature.length !== 64) throw new ValidationError('signature', `must be 64 bytes, got ${signature.length}`);
  const wire = new Uint8Array(1 + 64 + message.length);
  wire[0] = 1;
  wire.set(signature, 1);
  wire.set(message, 65);
  return wire;
}

/** The wire size of a transaction with this message and one signature. */
export function transactionSize(message: Uint8Array): number {
  return 1 + 64 + message.length;
}

/** The base58 text of a signature (the transaction id). */
export function signatureText(signature: Uint8Array): string {
  return base58Encode(signature);
}
