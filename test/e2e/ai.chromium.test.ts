/**
 * The AI tiers inside the real extension (Chrome test build, which carries src/ai/probe.ts in
 * the background and src/ai/probe-offscreen.ts in the offscreen page). web-llm and
 * transformers.js run in the offscreen document, which the background creates on demand:
 *  - no offscreen document until something needs one;
 *  - transformers.js loads tiny-random-bert (SYNTHETIC, random weights: this proves the
 *    loading and inference path, the shipped ORT wasm and the CSP, never quality) from the
 *    extension's own files in the offscreen page and embeds sentences for the background;
 *  - WebGPU detection there without a GPU flag (no adapter: a clear reason) and with
 *    `--enable-unsafe-webgpu` (Chromium's SwiftShader adapter, described);
 *  - the LLM tier (background proxy → offscreen engine) falls back to the rule-based
 *    extractor in both cases with a named error, and when the page was closed;
 *  - the page ignores the background's own protocol and refuses malformed requests;
 *  - the model manager runs in the options page and marks the LLMs unsupported.
 * The model files are copied into the test build for the run and removed after it.
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_TEST_BUILD, launch, type ChromiumSession } from './chromium';

const MODELS = process.env.MNEMO_MODELS_DIR ?? resolve(__dirname, '../../../shared/models');
const TINY = resolve(MODELS, 'test/tiny-random-bert');
const DEST = resolve(CHROME_TEST_BUILD, 'models/test');

interface Probe {
  detectWebGpu(): Promise<{
    available: boolean;
    description?: string;
    reason?: string;
    code?: string;
    shaderF16?: boolean;
    fallbackAdapter?: boolean;
  }>;
  embed(
    model: string,
    texts: string[],
  ): Promise<{ id: string; dims: number; tokens: number; ms: number; vectors: number[][] }>;
  extract(text: string): Promise<{
    path: string;
    errorName?: string;
    errorCode?: string;
    errorMessage?: string;
    candidates: string[];
  }>;
  offscreenDocuments(): Promise<string[]>;
  closeOffscreen(): Promise<void>;
  closeSelf(): Promise<null>;
}

/** `chrome` inside page.evaluate / sw.evaluate (types only; erased before serialising). */
type WithChrome = { chrome: { runtime: { sendMessage(msg: unknown): Promise<unknown> } } };

async function probe<T>(
  s: ChromiumSession,
  fn: (p: Probe, arg: unknown) => Promise<T>,
  arg?: unknown,
): Promise<T> {
  const sw = s.ctx.serviceWorkers()[0] ?? s.sw;
  return sw.evaluate(
    async ([src, a]) => {
      const p = (globalThis as unknown as { mnemoAi: unknown }).mnemoAi;
      return new Function('p', 'a', `return (${src})(p, a);`)(p, a);
    },
    [fn.toString(), arg] as const,
  ) as Promise<T>;
}

beforeAll(() => {
  if (!existsSync(TINY))
    throw new Error(`tiny-random-bert not found at ${TINY} (set MNEMO_MODELS_DIR).`);
  cpSync(TINY, resolve(DEST, 'tiny-random-bert'), { recursive: true });
});
afterAll(() => rmSync(DEST, { recursive: true, force: true }));

describe('AI tiers in the extension background, no GPU flag (Chromium)', () => {
  let s: ChromiumSession;
  beforeAll(async () => {
    s = await launch();
  });
  afterAll(async () => s?.close());

  it('opens no offscreen document until one is needed', async () => {
    expect(await probe(s, (p) => p.offscreenDocuments())).toEqual([]);
  });

  it('embeds with transformers.js on tiny-random-bert in the offscreen page, using the shipped ORT wasm', async () => {
    const r = await probe(s, (p) =>
      p.embed('test/tiny-random-bert', [
        'I adopted a puppy last week.',
        'I adopted a puppy last week.',
        'The capital of France is Paris.',
      ]),
    );
    expect(r.dims).toBe(32);
    expect(r.id).toBe('test/tiny-random-bert@fp32');
    expect(r.tokens).toBeGreaterThan(3);
    expect(r.vectors).toHaveLength(3);
    for (const v of r.vectors) {
      expect(v).toHaveLength(32);
      expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    }
    // Deterministic: the same sentence gives the same vector; a different one does not.
    expect(r.vectors[0]).toEqual(r.vectors[1]);
    expect(r.vectors[2]).not.toEqual(r.vectors[0]);
    const docs = await probe(s, (p) => p.offscreenDocuments());
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatch(/\/offscreen\.html$/);
  });

  it('the offscreen page ignores the background protocol and refuses malformed requests', async () => {
    await probe(s, (p) => p.detectWebGpu()); // the page is open
    const page = await s.ctx.newPage();
    try {
      await page.goto(`chrome-extension://${s.extensionId}/manifest.json`);
      // Every runtime message reaches the offscreen page too: had it answered one, the
      // page's reply could win the race. Each reply is the background's.
      const replies = await page.evaluate(() =>
        Promise.all(
          Array.from({ length: 20 }, () =>
            (globalThis as unknown as WithChrome).chrome.runtime.sendMessage({
              mnemo: 1,
              method: 'getSettings',
              params: {},
            }),
          ),
        ),
      );
      for (const r of replies) expect(r).toMatchObject({ ok: true, value: { extractor: 'rules' } });
    } finally {
      await page.close();
    }
    // The background is the page's only caller; a malformed request is refused by name.
    const malformed = await s.sw.evaluate(() =>
      (globalThis as unknown as WithChrome).chrome.runtime.sendMessage({
        target: 'mnemo-offscreen',
        op: 'llmLoad',
        params: { modelId: 42 },
      }),
    );
    expect(malformed).toMatchObject({
      ok: false,
      error: { name: 'OffscreenMessageError', message: /params\.modelId must be a string/ },
    });
  });

  it('detects no WebGPU adapter and says so', async () => {
    const gpu = await probe(s, (p) => p.detectWebGpu());
    expect(gpu.available).toBe(false);
    expect(gpu.code).toBe('no-adapter');
    expect(gpu.reason).toMatch(/No WebGPU adapter/);
  });

  it('extraction falls back to the rules with a named no-WebGPU error', async () => {
    const r = await probe(s, (p) => p.extract("I'm vegetarian and I live in Lisbon."));
    expect(r.path).toBe('fallback');
    expect(r.errorName).toBe('LlmUnavailableError');
    expect(r.errorCode).toBe('no-webgpu');
    expect(r.candidates.some((c) => /vegetarian/i.test(c))).toBe(true);
  });

  it('falls back again after the offscreen page was closed, and reopens it', async () => {
    await probe(s, (p) => p.closeOffscreen());
    expect(await probe(s, (p) => p.offscreenDocuments())).toEqual([]);
    const r = await probe(s, (p) => p.extract("I'm vegetarian and I live in Lisbon."));
    expect(r.path).toBe('fallback');
    expect(r.errorCode).toBe('no-webgpu');
    expect(await probe(s, (p) => p.offscreenDocuments())).toHaveLength(1);
  });

  it('the offscreen page can close itself (what it does when idle)', async () => {
    await probe(s, (p) => p.detectWebGpu());
    expect(await probe(s, (p) => p.offscreenDocuments())).toHaveLength(1);
    await probe(s, (p) => p.closeSelf());
    await expect.poll(() => probe(s, (p) => p.offscreenDocuments())).toEqual([]);
  });

  it("the rules read captured turns in the offscreen page (the worker's bundle has none), reopening it", async () => {
    await probe(s, (p) => p.closeOffscreen());
    expect(await probe(s, (p) => p.offscreenDocuments())).toEqual([]);
    const sw = s.ctx.serviceWorkers()[0] ?? s.sw;
    const r = await sw.evaluate(async () => {
      type Bg = {
        engine(): Promise<{
          ingest(t: unknown, b: string): Promise<{ status: string }>;
          list(p: unknown): Promise<{ items: { text: string }[] }>;
        }>;
      };
      const e = await (globalThis as unknown as { mnemo: Bg }).mnemo.engine();
      const rep = await e.ingest(
        {
          site: 'demo',
          conversationId: 'rules-offscreen',
          turnId: 'r1',
          role: 'user',
          text: "I'm allergic to peanuts and I moved to Porto last May.",
          url: 'http://127.0.0.1/demo/c/rules-offscreen',
          observedAt: Date.now(),
        },
        'site:demo',
      );
      return { status: rep.status, texts: (await e.list({ limit: 100 })).items.map((m) => m.text) };
    });
    expect(r.status).toBe('stored');
    expect(r.texts.some((t) => /allergic to peanuts/i.test(t))).toBe(true);
    expect(await probe(s, (p) => p.offscreenDocuments())).toHaveLength(1);
  });

  it('the model manager (in the options page) marks the LLMs unsupported with the reason', async () => {
    const page = await s.ctx.newPage();
    try {
      await page.goto(`chrome-extension://${s.extensionId}/options.html#models`);
      const gpu = page.getByTestId('webgpu');
      await expect.poll(() => gpu.textContent(), { timeout: 15_000 }).toMatch(/No WebGPU adapter/);
      const state = page.locator(
        '[data-model="Qwen2.5-1.5B-Instruct-q4f16_1-MLC"] [data-testid="state"]',
      );
      await expect.poll(() => state.textContent()).toMatch(/Cannot run here — No WebGPU/);
      const embedder = page.locator('[data-model="Xenova/all-MiniLM-L6-v2"]');
      await expect.poll(() => embedder.textContent()).toMatch(/Not downloaded/);
      await expect.poll(() => embedder.getByRole('button', { name: 'Download' }).count()).toBe(1);
    } finally {
      await page.close();
    }
  });
});

describe('with --enable-unsafe-webgpu (SwiftShader adapter)', () => {
  let s: ChromiumSession;
  beforeAll(async () => {
    s = await launch({ extraArgs: ['--enable-unsafe-webgpu'] });
  });
  afterAll(async () => s?.close());

  it('detects the adapter and describes it', async () => {
    const gpu = await probe(s, (p) => p.detectWebGpu());
    expect(gpu.available).toBe(true);
    expect(gpu.description).toMatch(/swiftshader/i);
    expect(gpu.fallbackAdapter).toBe(true);
  });

  it('extraction still falls back to the rules (no shader-f16 or no weights here), with a named error', async () => {
    const r = await probe(s, (p) => p.extract("I'm vegetarian and I live in Lisbon."));
    expect(r.path).toBe('fallback');
    expect(r.errorName).toBe('LlmUnavailableError');
    expect(['no-webgpu', 'not-downloaded']).toContain(r.errorCode);
    expect(r.errorMessage).toMatch(/Options → Models/);
    expect(r.candidates.some((c) => /vegetarian/i.test(c))).toBe(true);
  });
});
