import { describe, expect, it } from 'vitest';
import {
  computeBudgetPrelude,
  DEPRECATED_INSTRUCTION_TAGS,
  DoubleZeroInstructionTag,
  instructionName,
  MAX_INSTRUCTION_TAG,
  ValidationError,
} from '../../src/index.js';

describe('computeBudgetPrelude (docs/wire-format.md#account-lists)', () => {
  it('is SetComputeUnitLimit(1,400,000) then RequestHeapFrame(262,144), no accounts', () => {
    // When
    const [limit, heap] = computeBudgetPrelude();
    // Then
    for (const ix of [limit, heap]) {
      expect(ix.programId.toBase58()).toBe('ComputeBudget111111111111111111111111111111');
      expect(ix.keys).toEqual([]);
    }
    expect(limit.data.toString('hex')).toBe('02c05c1500');
    expect(heap.data.toString('hex')).toBe('0100000400');
  });

  it('takes other values', () => {
    const [limit, heap] = computeBudgetPrelude({ units: 200_000, heapFrameBytes: 32 * 1024 });
    expect(limit.data.toString('hex')).toBe('02400d0300');
    expect(heap.data.toString('hex')).toBe('0100800000');
  });

  it.each([
    [{ units: 0 }],
    [{ units: 1_400_001 }],
    [{ units: 1.5 }],
    [{ heapFrameBytes: 1000 }],
    [{ heapFrameBytes: 16 * 1024 }],
    [{ heapFrameBytes: 512 * 1024 }],
  ])('refuses %j', (opts) => {
    expect(() => computeBudgetPrelude(opts)).toThrow(ValidationError);
  });
});

describe('instruction tags (docs/wire-format.md#tags)', () => {
  it.each([
    ['CreateDevice', 20],
    ['ActivateDevice', 21],
    ['RejectDevice', 22],
    ['UpdateDevice', 23],
    ['SuspendDevice', 24],
    ['ResumeDevice', 25],
    ['DeleteDevice', 26],
    ['CloseAccountDevice', 27],
    ['CreateLink', 28],
    ['ActivateLink', 29],
    ['RejectLink', 30],
    ['UpdateLink', 31],
    ['SuspendLink', 32],
    ['ResumeLink', 33],
    ['DeleteLink', 34],
    ['CloseAccountLink', 35],
    ['AcceptLink', 66],
    ['ActivateDeviceInterface', 72],
    ['CreateDeviceInterface', 73],
    ['DeleteDeviceInterface', 74],
    ['RemoveDeviceInterface', 75],
    ['UpdateDeviceInterface', 76],
    ['UnlinkDeviceInterface', 77],
    ['RejectDeviceInterface', 78],
    ['SetDeviceHealth', 83],
    ['SetLinkHealth', 84],
    ['CreateUser', 36],
    ['CreateSubscribeUser', 59],
    ['SetGlobalConfig', 3],
    ['ClearTopology', 109],
    ['AssignTopologyNodeSegments', 110],
    ['UnsubscribeFeed', 118],
  ] as const)('%s = %i', (name, tag) => {
    expect(DoubleZeroInstructionTag[name]).toBe(tag);
    expect(instructionName(tag)).toBe(name);
  });

  it('is contiguous from 0 to 118', () => {
    for (let t = 0; t <= MAX_INSTRUCTION_TAG; t++) expect(instructionName(t)).toBeTypeOf('string');
    expect(MAX_INSTRUCTION_TAG).toBe(118);
    expect(instructionName(119)).toBeUndefined();
    expect(instructionName(-1)).toBeUndefined();
  });

  it('marks the deprecated Device/Link variants', () => {
    for (const t of [21, 22, 24, 25, 27, 29, 30, 32, 33, 35, 72, 75, 77, 78]) expect(DEPRECATED_INSTRUCTION_TAGS.has(t)).toBe(true);
    for (const t of [20, 23, 26, 28, 31, 34, 66, 73, 74, 76, 83, 84]) expect(DEPRECATED_INSTRUCTION_TAGS.has(t)).toBe(false);
  });
});
