import { TransactionInstruction } from '@solana/web3.js';
import { Buffer } from 'buffer';
import type { CoreInstruction } from '../core/instructions/common.js';
import { PUBLIC_KEYS } from './publicKey.js';

/** A core instruction as a web3.js TransactionInstruction (keys already PublicKeys are kept as they are). */
export function toTransactionInstruction(ix: CoreInstruction): TransactionInstruction {
  if (ix instanceof TransactionInstruction) return ix;
  const d = ix.data;
  return new TransactionInstruction({
    programId: PUBLIC_KEYS.from(ix.programId),
    keys: ix.keys.map((k) => ({ pubkey: PUBLIC_KEYS.from(k.pubkey), isSigner: k.isSigner, isWritable: k.isWritable })),
    data: Buffer.from(d.buffer as ArrayBuffer, d.byteOffset, d.byteLength),
  });
}
