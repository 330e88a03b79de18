import { afterAll } from 'vitest';
import { Oracle } from './oracle.js';

/** One oracle process for the calling test file, closed after its tests. */
export function useOracle(): Oracle {
  const oracle = new Oracle();
  afterAll(() => oracle.close());
  return oracle;
}
