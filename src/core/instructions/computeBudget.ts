import type { CoreInstruction } from './common.js';
import { expectObject } from '../validate.js';
import { ValidationError } from '../errors.js';

/** The compute-unit limit the Rust client requests for every serviceability transaction. */
export const MAX_COMPUTE_UNIT_LIMIT = 1_400_000;
/** The heap frame the Rust client requests (256 KiB). */
export const MAX_HEAP_FRAME_BYTES = 256 * 1024;
/** The ComputeBudget program id. */
export const COMPUTE_BUDGET_PROGRAM_ADDRESS = 'ComputeBudget111111111111111111111111111111';

/** Options of computeBudgetPrelude: the compute-unit limit and heap frame it requests. */
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
export function computeBudgetPrelude(opts: ComputeBudgetPreludeOptions = {}): [CoreInstruction, CoreInstruction] {
  expectObject(opts, 'opts');
  const units = opts.units ?? MAX_COMPUTE_UNIT_LIMIT;
  const bytes = opts.heapFrameBytes ?? MAX_HEAP_FRAME_BYTES;
  if (!Number.isInteger(units) || units < 1 || units > MAX_COMPUTE_UNIT_LIMIT) {
    throw new ValidationError('units', `must be an integer in 1..${MAX_COMPUTE_UNIT_LIMIT}, got ${String(units)}`);
  }
  if (!Number.isInteger(bytes) || bytes % 1024 !== 0 || bytes < 32 * 1024 || bytes > MAX_HEAP_FRAME_BYTES) {
    throw new ValidationError('heap_frame_bytes', `must be a multiple of 1024 in 32768..${MAX_HEAP_FRAME_BYTES}, got ${String(bytes)}`);
  }
  return [computeBudgetInstruction(2, units, 4), computeBudgetInstruction(1, bytes, 4)];
}

/**
 * SetComputeUnitPrice: the priority fee, in micro-lamports per compute unit (a u64). Data: tag 3
 * then the price, little-endian. No accounts.
 */
export function setComputeUnitPriceInstruction(microLamports: number | bigint): CoreInstruction {
  const v = typeof microLamports === 'bigint' ? microLamports : Number.isSafeInteger(microLamports) ? BigInt(microLamports) : -1n;
  if (v < 0n || v >= 1n << 64n) {
    throw new ValidationError('micro_lamports', `must be a whole number in 0..2^64-1, got ${String(microLamports)}`);
  }
  return computeBudgetInstruction(3, v, 8);
}

/** A ComputeBudget instruction: its tag, then `value` as a little-endian integer of `size` bytes. */
function computeBudgetInstruction(tag: number, value: number | bigint, size: 4 | 8): CoreInstruction {
  const data = new Uint8Array(1 + size);
  data[0] = tag;
  const dv = new DataView(data.buffer);
  if (size === 4) dv.setUint32(1, Number(value), true);
  else dv.setBigUint64(1, BigInt(value), true);
  return { programId: COMPUTE_BUDGET_PROGRAM_ADDRESS, keys: [], data };
}
