import { defineConfig } from 'vitest/config';

/** End-to-end tests: the built extension in real browsers. Run after `npm run build:test`. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
