/**
 * npm run check:llm [-- --tier webllm|chrome] — an LLM tier end to end with a real model. Not
 * part of npm test.
 *
 * --tier chrome: Chrome's built-in model (the Prompt API); see scripts/check-llm-chrome.ts.
 *
 * --tier webllm (the default): on a machine with a GPU, loads the default model (web-llm,
 * WebGPU) in Chromium inside the extension's background (the Chrome test build) and extracts
 * facts from a few known turns, printing tokens/s and the facts.
 *
 * Weights: from the Hugging Face hub (network), or a local mirror in $MNEMO_MODELS_DIR laid
 * out as `<dir>/mlc-ai/<model_id>/…` (the hub repo's files) and, optionally,
 * `<dir>/mlc-ai/libs/<model_lib>.wasm`. Without either it fails fast, saying so.
 *
 *   MNEMO_LLM_MODEL=Llama-3.2-1B-Instruct-q4f16_1-MLC npm run check:llm
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { DEFAULT_LLM_MODEL } from '../src/extract/llm/models';
import { checkChrome } from './check-llm-chrome';
import { CHROME_TEST_BUILD, launch } from './chromium';

const modelId = process.env.MNEMO_LLM_MODEL ?? DEFAULT_LLM_MODEL;
const TURNS = [
  "I'm vegetarian and I'm allergic to peanuts.",
  'I moved to Lisbon last month for a new job at a fintech startup.',
  'My sister Ana is getting married next Saturday, and I still need to buy a suit.',
  'What is the capital of France?',
];

function fail(msg: string): never {
  console.error(`\ncheck:llm: ${msg}\n`);
  process.exit(2);
}

async function reachable(url: string): Promise<boolean> {
  try {
    const r = await fetch(url, {
      method: 'HEAD',
      signal: AbortSignal.timeout(8000),
      redirect: 'follow',
    });
    return r.ok;
  } catch {
    return false;
  }
}

async function main() {
  const localDir = process.env.MNEMO_MODELS_DIR && resolve(process.env.MNEMO_MODELS_DIR, 'mlc-ai');
  const local =
    localDir && existsSync(join(localDir, modelId, 'mlc-chat-config.json')) ? localDir : undefined;
  if (!local) {
    const hub = `https://huggingface.co/mlc-ai/${modelId}/resolve/main/mlc-chat-config.json`;
    console.log(`check:llm: no local weights for ${modelId}; trying the hub…`);
    if (!(await reachable(hub)))
      fail(
        `The weights of ${modelId} are unreachable: huggingface.co did not answer and ` +
          `$MNEMO_MODELS_DIR/mlc-ai/${modelId}/mlc-chat-config.json does not exist. ` +
          `Run this on a machine with network access, or mirror https://huggingface.co/mlc-ai/${modelId} into $MNEMO_MODELS_DIR/mlc-ai/.`,
      );
  }
  if (!existsSync(join(CHROME_TEST_BUILD, 'manifest.json'))) {
    console.log('check:llm: building the Chrome test build…');
    const r = spawnSync('node', ['scripts/build.mjs', '--test'], { stdio: 'inherit' });
    if (r.status !== 0) fail('The test build failed.');
  }

  let server: ReturnType<typeof createServer> | undefined;
  let base: string | undefined;
  let libBase: string | undefined;
  if (local) {
    server = createServer((req, res) => {
      // web-llm appends `resolve/main/` to a model URL (hub layout); the mirror is flat.
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(
        '/resolve/main/',
        '/',
      );
      const p = normalize(join(local, path));
      if (!p.startsWith(local) || !existsSync(p)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        'content-type': extname(p) === '.wasm' ? 'application/wasm' : 'application/octet-stream',
        'access-control-allow-origin': '*',
      });
      res.end(readFileSync(p));
    });
    await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    base = `http://127.0.0.1:${port}`;
    if (existsSync(join(local, 'libs'))) libBase = `${base}/libs`;
  }

  const s = await launch({
    extraArgs: ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--ignore-gpu-blocklist'],
  });
  try {
    const sw = s.ctx.serviceWorkers()[0] ?? s.sw;
    const gpu = await sw.evaluate(() =>
      (
        globalThis as unknown as { mnemoAi: { detectWebGpu(): Promise<Record<string, unknown>> } }
      ).mnemoAi.detectWebGpu(),
    );
    if (!gpu.available) fail(`No WebGPU in Chromium: ${String(gpu.reason)}`);
    console.log(
      `check:llm: WebGPU adapter: ${String(gpu.description)} (shader-f16: ${String(gpu.shaderF16)})`,
    );
    if (gpu.fallbackAdapter)
      console.log('check:llm: warning: a software adapter (SwiftShader): expect minutes per turn.');
    console.log(
      `check:llm: loading ${modelId} from ${local ? `${local} (local)` : 'the Hugging Face hub'}…`,
    );
    const out = (await sw.evaluate(
      ([id, texts, b, lb]) =>
        (
          globalThis as unknown as {
            mnemoAi: {
              checkLlm(i: string, t: string[], b?: string, lb?: string): Promise<unknown>;
            };
          }
        ).mnemoAi.checkLlm(id, texts, b ?? undefined, lb ?? undefined),
      [modelId, TURNS, base ?? null, libBase ?? null] as const,
    )) as {
      loadMs: number;
      stats: { stage: string; tokensPerSecond?: number; completionTokens: number; ms: number }[];
      results: {
        text: string;
        path: string;
        error?: string;
        facts: { text: string; kind: string; eventAt?: number }[];
      }[];
    };
    console.log(`\nloaded in ${(out.loadMs / 1000).toFixed(1)} s`);
    for (const r of out.results) {
      console.log(`\n> ${r.text}\n  path: ${r.path}${r.error ? ` (${r.error})` : ''}`);
      for (const f of r.facts)
        console.log(
          `  - [${f.kind}] ${f.text}${f.eventAt ? ` (date ${new Date(f.eventAt).toISOString().slice(0, 10)})` : ''}`,
        );
    }
    const tps = out.stats.map((x) => x.tokensPerSecond).filter((x): x is number => x !== undefined);
    const tokens = out.stats.reduce((a, x) => a + x.completionTokens, 0);
    console.log(
      `\ndecode: ${tps.length ? (tps.reduce((a, b) => a + b, 0) / tps.length).toFixed(1) : '?'} tokens/s (mean of ${tps.length} calls), ${tokens} tokens generated`,
    );
    if (out.results.some((r) => r.path !== 'llm')) process.exitCode = 1;
  } finally {
    await s.close();
    server?.close();
  }
}

const argv = process.argv.slice(2);
const tier = argv.includes('--tier') ? argv[argv.indexOf('--tier') + 1] : 'webllm';
if (tier === 'chrome') await checkChrome(argv);
else if (tier === 'webllm') await main();
else fail(`Unknown --tier "${String(tier)}": use webllm (the default) or chrome.`);
