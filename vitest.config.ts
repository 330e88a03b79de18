import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The program as the oracle runs in its own suite: npm run conformance.
    exclude: ['test/conformance/**', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
