import { ComputeBudgetProgram, PublicKey, TransactionInstruction } from '@solana/web3.js';
import { expectObject } from '../validate.js';
import { ValidationError } from '../errors.js';

/** The compute-unit limit the Rust client requests for every serviceability transaction. */
export const MAX_COMPUTE_UNIT_LIMIT = 1_400_000;
/** The heap frame the Rust client requests (256 KiB). */
export const MAX_HEAP_FRAME_BYTES = 256 * 1024;
/** The ComputeBudget program id. */
export const COMPUTE_BUDGET_PROGRAM_ID: PublicKey = ComputeBudgetProgram.programId;

export interface ComputeBudgetPreludeOptions {
  /** Compute-unit limit, 1..1,400,000 (default 1,400,000). */
  units?: number;
  /** Heap frame in bytes, a multiple of 1024 in 32 KiB..256 KiB (default 256 KiB). */
  heapFrameBytes?: number;
}

/**
 * The two ComputeBudget instructions the Rust client prepends to every serviceability
 * transaction (docs/wire-format.md#account-lists), in order: SetComputeUnitLimit(1,400,000) — data
 * `02c05c1500` — then RequestHeapFrame(262,144) — data `0100000400`. No accounts.
 * Transaction-level: put them before the serviceability instruction(s), not inside a builder.
 */
export function computeBudgetPrelude(opts: ComputeBudgetPreludeOptions = {}): [TransactionInstruction, TransactionInstruction] {
  expectObject(opts, 'opts');
  const units = opts.units ?? MAX_COMPUTE_UNIT_LIMIT;
  const bytes = opts.heapFrameBytes ?? MAX_HEAP_FRAME_BYTES;
  if (!Number.isInteger(units) || units < 1 || units > MAX_COMPUTE_UNIT_LIMIT) {
    throw new ValidationError('units', `must be an integer in 1..${MAX_COMPUTE_UNIT_LIMIT}, got ${String(units)}`);
  }
  if (!Number.isInteger(bytes) || bytes % 1024 !== 0 || bytes < 32 * 1024 || bytes > MAX_HEAP_FRAME_BYTES) {
    throw new ValidationError('heap_frame_bytes', `must be a multiple of 1024 in 32768..${MAX_HEAP_FRAME_BYTES}, got ${String(bytes)}`);
  }
  return [ComputeBudgetProgram.setComputeUnitLimit({ units }), ComputeBudgetProgram.requestHeapFrame({ bytes })];
}
