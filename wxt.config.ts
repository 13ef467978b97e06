import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { ALL_SITE_PATTERNS } from './src/sites/hosts';

/** Pages served on the loopback address: the demo site and saved chat pages in tests. */
const LOCAL_TEST_PATTERNS = ['http://127.0.0.1/*'];

/**
 * Builds made with `--mode test` (the demo and the end-to-end tests) also run on pages served
 * on 127.0.0.1. Store builds (`production`) never mention the loopback host.
 */
const isLocalMode = (mode: string) => mode === 'test';

/**
 * AI tiers (Chrome only). The ONNX runtime's wasm is shipped inside the extension under
 * /ort/ (transformers.js loads it through `env.backends.onnx.wasm.wasmPaths`; no CDN). Its
 * `new URL('x.wasm', import.meta.url)` defaults would make Vite inline 27 MB of base64 into
 * the background: this plugin points them at the page's own location instead.
 */
const ORT_WASM = 'ort-wasm-simd-threaded.asyncify.wasm';
function ortWasmUrls(): Plugin {
  return {
    name: 'mnemo:ort-wasm-urls',
    enforce: 'pre',
    transform(code, id) {
      if (!/onnxruntime-web|@huggingface[\\/]transformers/.test(id)) return null;
      const out = code.replace(
        /new URL\((["'][^"']+\.wasm["'])\s*,\s*import\.meta\.url\)/g,
        'new URL($1, globalThis.location?.href)',
      );
      return out === code ? null : { code: out, map: null };
    },
  };
}
/**
 * Chrome test builds also carry src/ai/probe.ts, which exposes the AI tiers on the service
 * worker's global for the end-to-end test (test/e2e/ai.chromium.test.ts), and
 * src/ai/probe-offscreen.ts, its test-only operations in the offscreen page. Store builds
 * and Firefox builds never include them.
 */
function aiProbe(): Plugin {
  const probes: [RegExp, string][] = [
    [/entrypoints[\\/]background\.ts$/, resolve(__dirname, 'src/ai/probe.ts')],
    [/entrypoints[\\/]offscreen[\\/]main\.ts$/, resolve(__dirname, 'src/ai/probe-offscreen.ts')],
  ];
  return {
    name: 'mnemo:ai-probe',
    transform(code, id) {
      const probe = probes.find(([re]) => re.test(id))?.[1];
      if (!probe) return null;
      return { code: `${code}\nimport ${JSON.stringify(probe)};\n`, map: null };
    },
  };
}

/** Any server the user may choose for sync, asked for one origin at a time. */
const SYNC_SERVER_PATTERNS = ['https://*/*', 'http://*/*'];

/** Firefox test builds: src/background/probe-firefox.ts, which opens the options page. */
function firefoxProbe(): Plugin {
  const probe = resolve(__dirname, 'src/background/probe-firefox.ts');
  return {
    name: 'mnemo:firefox-probe',
    transform(code, id) {
      if (!/entrypoints[\\/]background\.ts$/.test(id)) return null;
      return { code: `${code}\nimport ${JSON.stringify(probe)};\n`, map: null };
    },
  };
}

const CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';";

export default defineConfig({
  modules: [],
  vite: (env) => ({
    plugins: [
      preact(),
      ...(env.browser === 'firefox' ? [] : [ortWasmUrls()]),
      ...(env.browser !== 'firefox' && isLocalMode(env.mode) ? [aiProbe()] : []),
      ...(env.browser === 'firefox' && isLocalMode(env.mode) ? [firefoxProbe()] : []),
    ],
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
      // `offscreen`: the AI models run in an offscreen document, out of the service worker's
      // bundle (Chrome only: Firefox rejects the permission and builds no AI tier).
      // No `tabs` and no `activeTab`: the popup reads the active tab's URL, which both browsers
      // give without them for the hosts below (the only pages the popup has settings for); on
      // any other page the popup has nothing to show about it.
      // `alarms`: wakes the service worker so sync catches up (no install warning).
      permissions: ['storage', 'unlimitedStorage', 'alarms', ...(firefox ? [] : ['offscreen'])],
      host_permissions: hosts,
      // Sync reaches only the server the user names: Options → Sync asks for that origin at
      // setup. Optional, so nothing is granted at install (Firefox MV2 lists origins among
      // its optional permissions).
      ...(manifestVersion === 3
        ? { optional_host_permissions: SYNC_SERVER_PATTERNS }
        : { optional_permissions: SYNC_SERVER_PATTERNS }),
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
    // Chrome only: the ORT wasm for transformers.js (27 MB; Firefox has a 4 MB file limit).
    'build:publicAssets': (wxt, files) => {
      // Voy's wasm as a file of its own (an import would inline it into the worker as base64).
      files.push({
        absoluteSrc: resolve(__dirname, 'node_modules/voy-search/voy_search_bg.wasm'),
        relativeDest: 'voy/voy_search_bg.wasm',
      });
      if (wxt.config.browser === 'firefox') return;
      files.push({
        absoluteSrc: resolve(__dirname, 'node_modules/onnxruntime-web/dist', ORT_WASM),
        relativeDest: `ort/${ORT_WASM}`,
      });
    },
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
