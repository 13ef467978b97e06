import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['test/unit/**/*.test.ts', 'test/sites/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'threads',
  },
  define: {
    __MNEMO_LOCAL_HOSTS__: JSON.stringify(['127.0.0.1']),
  },
});
