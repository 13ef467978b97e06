/**
 * The AI tiers inside the real extension background (Chrome test build, which carries
 * src/ai/probe.ts):
 *  - transformers.js loads tiny-random-bert (SYNTHETIC, random weights: this proves the
 *    loading and inference path, the shipped ORT wasm and the CSP, never quality) from the
 *    extension's own files and embeds sentences;
 *  - WebGPU detection without a GPU flag (no adapter: a clear reason) and with
 *    `--enable-unsafe-webgpu` (Chromium's SwiftShader adapter, described);
 *  - the LLM tier falls back to the rule-based extractor in both cases, with a named error.
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
  models: { list(): Promise<{ id: string; state: string; reason?: string }[]> };
}

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

  it('embeds with transformers.js on tiny-random-bert, using the shipped ORT wasm', async () => {
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

  it('the model manager marks the LLMs unsupported with the reason', async () => {
    const rows = await probe(s, (p) => p.models.list());
    const llm = rows.find((r) => r.id === 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC');
    expect(llm?.state).toBe('unsupported');
    expect(llm?.reason).toMatch(/No WebGPU/);
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
