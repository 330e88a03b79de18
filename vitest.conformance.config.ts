import { defineConfig } from 'vitest/config';

/** `npm run conformance`: every dzprov instruction judged by the program itself (oracle/). */
export default defineConfig({
  test: {
    include: ['test/conformance/**/*.test.ts'],
    globalSetup: ['test/conformance/globalSetup.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    // One oracle process per file; two cores on the reference machine.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
