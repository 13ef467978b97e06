import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { ALL_SITE_PATTERNS } from './src/sites/hosts';

/** Pages served on the loopback address: the demo site and saved chat pages in tests. */
const LOCAL_TEST_PATTERNS = ['http://127.0.0.1/*'];

/**
 * Builds made with `--mode test` (the demo and the end-to-end tests) also run on pages served
 * on 127.0.0.1. Store builds (`production`) never mention the loopback host.
 */
const isLocalMode = (mode: string) => mode === 'test';

const CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';";

export default defineConfig({
  modules: [],
  vite: (env) => ({
    plugins: [preact()],
    define: {
      __MNEMO_LOCAL_HOSTS__: JSON.stringify(isLocalMode(env.mode) ? ['127.0.0.1'] : []),
    },
    build: { chunkSizeWarningLimit: 4096 },
  }),
  manifest: ({ browser, manifestVersion, mode }) => {
    const hosts = [...ALL_SITE_PATTERNS, ...(isLocalMode(mode) ? LOCAL_TEST_PATTERNS : [])];
    const firefox = browser === 'firefox';
    return {
      name: 'Mnemo — private memory for AI chats',
      short_name: 'Mnemo',
      description:
        'Remembers what you tell AI chat sites, on your device only, and adds the relevant memories to your prompts.',
      permissions: ['storage', 'unlimitedStorage', 'tabs'],
      host_permissions: hosts,
      content_security_policy:
        manifestVersion === 3 ? { extension_pages: CSP } : (CSP as unknown as undefined),
      action: { default_title: 'Mnemo' },
      ...(firefox
        ? {
            browser_specific_settings: {
              gecko: {
                id: 'mnemo@mnemo.local',
                strict_min_version: '142.0',
                data_collection_permissions: { required: ['none'] },
              },
            },
          }
        : {}),
    };
  },
  hooks: {
    // Content-script matches follow the host list above, so the two can never disagree.
    'build:manifestGenerated': (wxt, manifest) => {
      const hosts = [
        ...ALL_SITE_PATTERNS,
        ...(isLocalMode(wxt.config.mode) ? LOCAL_TEST_PATTERNS : []),
      ];
      for (const cs of manifest.content_scripts ?? []) cs.matches = hosts;
    },
  },
});
