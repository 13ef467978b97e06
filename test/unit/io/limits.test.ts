/**
 * Imports with limits: a file over any limit is refused with a message that names what is
 * too large, the limit and what to do, before anything is written; an import that adds
 * buckets is held to the settings request's own limit, so later settings changes are never
 * refused; imported text is cleaned and redacted like captured text.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ImportLimitError, MemoryService } from '../../../src/background/service';
import { MAX_BUCKETS } from '../../../src/config/settings';
import {
  buildExport,
  IMPORT_LIMITS,
  parseExportText,
  validateExport,
  type ExportFile,
} from '../../../src/io/format';
import type { Memory, Provenance } from '../../../src/memory/types';
import { validateParams } from '../../../src/messaging/validate';
import { ScriptedExtractor, makeEngine } from '../../helpers/engine';
import { memory } from './fixtures';

const T = 1_700_000_000_000;
const file = (memories: Memory[], buckets = [{ id: 'site:demo', name: 'demo' }]): ExportFile => ({
  ...buildExport([], [], T),
  buckets,
  memories,
});
const source = (n: number, conv = 'c1'): Provenance => ({
  site: 'demo',
  conversationId: conv,
  url: 'http://x/c1',
  role: 'user',
  turnIds: Array.from({ length: n }, (_, i) => `t${i}`),
});

function refusal(f: unknown): string {
  const res = validateExport(f);
  expect(res.ok).toBe(false);
  return (res as { errors: string[] }).errors.join(' ');
}

async function rig() {
  const ex = new ScriptedExtractor();
  const { engine, store } = await makeEngine(ex);
  const service = new MemoryService({
    engine: async () => engine,
    store: async () => store,
    extractor: ex,
    siteOf: () => null,
    now: () => T,
    notify: () => undefined,
  });
  const PAGE = { fromExtensionPage: true };
  const importFile = (f: ExportFile) =>
    service.handle('import', validateParams('import', { file: f }), PAGE);
  return { engine, store, service, PAGE, importFile };
}

describe('import limits', () => {
  it('refuses more memories than the limit, saying the count, the limit and what to do', () => {
    const m = memory('m', 'User plays the oboe.');
    const msg = refusal(file(new Array(IMPORT_LIMITS.memories + 1).fill(m)));
    expect(msg).toContain('20,001 memories');
    expect(msg).toContain('at most 20,000');
    expect(msg).toMatch(/Export one bucket at a time/);
  });

  it('refuses a file larger than the character limit before parsing it', () => {
    const t0 = performance.now();
    const res = parseExportText(' '.repeat(IMPORT_LIMITS.chars + 1));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(res.ok).toBe(false);
    expect((res as { errors: string[] }).errors[0]).toContain('50,000,001 characters');
  });

  it('refuses a parsed file whose strings exceed the character limit', () => {
    const big = 'x'.repeat(2_000_000);
    const ms = Array.from({ length: 26 }, (_, i) => memory(`m${i}`, big));
    expect(refusal(file(ms))).toContain('characters of text');
  });

  it('refuses a memory with more source turn ids than the per-memory limit', () => {
    const m = memory('m', 'User plays the oboe.', {
      provenance: [source(1000, 'a'), source(1000, 'b'), source(1, 'c')],
    });
    const msg = refusal(file([m]));
    expect(msg).toContain('memories[0] has 2,001 source turn ids');
    expect(msg).toContain('at most 2,000');
  });

  it('refuses more turn ids in all than the file limit', () => {
    const ms = Array.from({ length: 201 }, (_, i) =>
      memory(`m${i}`, `User fact ${i}.`, { provenance: [source(1000)] }),
    );
    expect(refusal(file(ms))).toContain('201,000 source turn ids in all');
  });

  it('refuses a bucket list longer than the settings allow', () => {
    const buckets = Array.from({ length: MAX_BUCKETS + 1 }, (_, i) => ({
      id: `b:${i}`,
      name: `b${i}`,
    }));
    expect(refusal(file([memory('m', 'x')], buckets))).toContain('1,001 buckets');
  });

  it('refuses an import that would take the profile over the bucket limit; nothing is written; settings still save', async () => {
    const { service, PAGE, importFile, store } = await rig();
    const have = (await service.handle('getSettings', {}, PAGE)).buckets.length;
    const n = MAX_BUCKETS - have + 1;
    const ms = Array.from({ length: n }, (_, i) =>
      memory(`m${i}`, `User fact ${i}.`, { bucket: `b:${i}` }),
    );
    const err = await importFile(file(ms)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportLimitError);
    expect((err as Error).message).toContain(`at most ${MAX_BUCKETS - have}`);
    expect((err as Error).message).toContain('Options → Buckets');
    expect((err as Error).message).toContain('Nothing was imported.');
    expect((await store.counts()).memories).toBe(0);
    // The settings are as before, and a change is accepted.
    const s = await service.handle('getSettings', {}, PAGE);
    expect(s.buckets.length).toBe(have);
    const next = { ...s, injectBudget: 300 };
    await service.handle('setSettings', validateParams('setSettings', { settings: next }), PAGE);
  });

  it('an import that creates many buckets leaves settings that the settings request accepts', async () => {
    const { service, PAGE, importFile } = await rig();
    const have = (await service.handle('getSettings', {}, PAGE)).buckets.length;
    const n = MAX_BUCKETS - have;
    const ms = Array.from({ length: n }, (_, i) =>
      memory(`m${i}`, `User fact number ${i}.`, { bucket: `b:${i}` }),
    );
    const summary = await importFile(file(ms));
    expect(summary.added).toBe(n);
    const s = await service.handle('getSettings', {}, PAGE);
    expect(s.buckets.length).toBe(MAX_BUCKETS);
    await service.handle(
      'setSettings',
      validateParams('setSettings', { settings: { ...s, paused: true } }),
      PAGE,
    );
    expect((await service.handle('getSettings', {}, PAGE)).paused).toBe(true);
  }, 60_000);

  it('imported text is cleaned and redacted like captured text', async () => {
    const { engine, importFile } = await rig();
    await importFile(
      file([
        memory('a', 'User’s PIN for the debit card is 9379.'),
        memory('b', 'User lives in Be\u2060rlin\u0000 [MNEMO:memories].', {
          entities: ['Be\u200Brlin'],
        }),
        memory('c', 'User’s IBAN is de89 3704 0044 0532 0130 00.'),
      ]),
    );
    const texts = (await engine.list({})).items.map((m) => m.text).sort();
    expect(texts).toEqual([
      'User lives in Berlin .',
      'User’s IBAN is [redacted:iban].',
      'User’s PIN for the debit card is [redacted:pin].',
    ]);
    const b = (await engine.list({})).items.find((m) => m.text.includes('Berlin'));
    expect(b!.entities).toEqual(['Berlin']);
  });
});

describe('the files that took minutes are refused at once', () => {
  it('prints how long each refusal takes', () => {
    const m = memory('m', 'User plays the oboe.');
    const cases: [string, unknown][] = [
      ['100,000 memories', file(new Array(100_000).fill(m))],
      [
        'one memory with 1,000 × 1,000 turn ids',
        file([
          memory('m', 'x', {
            provenance: Array.from({ length: 1000 }, (_, i) => source(1000, `c${i}`)),
          }),
        ]),
      ],
      [
        '2,000 buckets',
        file(
          Array.from({ length: 2000 }, (_, i) => memory(`m${i}`, `f${i}`, { bucket: `b:${i}` })),
          Array.from({ length: 2000 }, (_, i) => ({ id: `b:${i}`, name: `b${i}` })),
        ),
      ],
    ];
    for (const [name, f] of cases) {
      const t = performance.now();
      expect(() => validateParams('import', { file: f })).toThrow(/at most/);
      console.info(`[import] ${name}: refused in ${(performance.now() - t).toFixed(0)} ms`);
    }
  });
});
