/**
 * Hostile import files (≥ 100, from ./import-files.ts) through the real path: the options
 * page parses the text (parseExportText), the background validates the request
 * (validateParams → validateExport) and imports (service → engine.importMemories). Each file
 * gets a clear error and leaves the database unchanged, or imports with a clean report of
 * what was skipped and leaves a database Mnemo can still start on.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MemoryService } from '../../../src/background/service';
import { parseExportText, validateExport } from '../../../src/io/format';
import type { ImportSummary } from '../../../src/io/plan';
import { MemoryEngine } from '../../../src/memory/engine';
import { validateParams } from '../../../src/messaging/validate';
import type { MnemoDatabase } from '../../../src/store/db';
import { MemoryStore } from '../../../src/store/store';
import {
  ScriptedExtractor,
  TestClock,
  fact,
  makeEngine,
  realEmbedder,
  turn,
} from '../../helpers/engine';
import { goodMemory, hostileFiles } from './import-files';

async function snapshot(db: MnemoDatabase): Promise<string> {
  const parts: unknown[] = [];
  for (const s of [...db.objectStoreNames].sort()) parts.push(s, await db.getAll(s));
  return JSON.stringify(parts, (_k, v) => (v instanceof Float32Array ? Array.from(v) : v));
}

async function rig() {
  const ex = new ScriptedExtractor({
    'I have a cat named Miso': [fact('User has a cat named Miso.')],
  });
  const { engine, store, db } = await makeEngine(ex);
  await engine.ingest(turn('I have a cat named Miso'), 'site:demo');
  await engine.importMemories([goodMemory('stored', 'User keeps bees.')]);
  const service = new MemoryService({
    engine: async () => engine,
    store: async () => store,
    extractor: ex,
    siteOf: () => null,
    now: () => 1_700_000_000_000,
    notify: () => undefined,
  });
  return { engine, store, db, service, ex };
}

type Outcome = { name: string; result: 'refused' | 'imported'; detail: string };

describe('hostile import files', () => {
  const files = hostileFiles();

  it(`${files.length} files: a clear error and nothing changed, or a clean partial-skip report`, async () => {
    expect(files.length).toBeGreaterThanOrEqual(100);
    const outcomes: Outcome[] = [];
    for (const f of files) {
      const { db, store, service, ex } = await rig();
      const before = await snapshot(db);
      const parsed = f.text !== undefined ? parseExportText(f.text) : validateExport(f.value);
      let refusal: string[] | undefined = parsed.ok ? undefined : parsed.errors;
      let summary: ImportSummary | undefined;
      if (parsed.ok) {
        try {
          // What the background does with the request: validate, then import.
          const params = validateParams('import', { file: parsed.file });
          summary = await service.handle('import', params, { fromExtensionPage: true });
        } catch (err) {
          refusal = [(err as Error).message];
        }
      }
      expect(({} as Record<string, unknown>).polluted, f.name).toBeUndefined();
      if (refusal) {
        expect(refusal.length, f.name).toBeGreaterThan(0);
        expect(refusal.length, f.name).toBeLessThanOrEqual(21); // the first 20, then "…and N more"
        for (const e of refusal) {
          expect(typeof e).toBe('string');
          expect(e.length, f.name).toBeLessThan(2000); // never echoes a 10 MB value back
        }
        expect((await snapshot(db)) === before, `${f.name}: database changed`).toBe(true);
        outcomes.push({ name: f.name, result: 'refused', detail: refusal[0]!.slice(0, 100) });
        continue;
      }
      // Imported: every entry accounted for, every skip with a reason.
      const n = (parsed as { file: { memories: unknown[] } }).file.memories.length;
      expect(summary!.added + summary!.merged + summary!.skipped.length, f.name).toBe(n);
      for (const s of summary!.skipped) {
        expect(s.reason, f.name).toMatch(/\w/);
        expect(s.text.length).toBeLessThanOrEqual(80);
      }
      // Mnemo starts again on what was stored (a worker restart), and finds it.
      const restarted = new MemoryEngine({
        store: new MemoryStore(store.db),
        embedder: await realEmbedder(),
        extractor: ex,
        clock: new TestClock(),
        redact: (t) => t,
      });
      await expect(restarted.init(), f.name).resolves.toBeUndefined();
      for (const m of await store.allMemories()) {
        expect(m.text.length, f.name).toBeLessThanOrEqual(2000);
        expect(Object.getPrototypeOf(m), f.name).toBe(Object.prototype);
      }
      expect((await restarted.search('cat named Miso'))[0]?.text, f.name).toBe(
        'User has a cat named Miso.',
      );
      outcomes.push({
        name: f.name,
        result: 'imported',
        detail: `added ${summary!.added}, merged ${summary!.merged}, skipped ${summary!.skipped.length}`,
      });
    }
    const refused = outcomes.filter((o) => o.result === 'refused').length;
    console.info(
      `[reliability] import: ${outcomes.length} hostile files, ${refused} refused with nothing changed, ${outcomes.length - refused} imported with a report`,
    );
    console.info(outcomes.map((o) => `  ${o.result.padEnd(8)} ${o.name}: ${o.detail}`).join('\n'));
  }, 240_000);
});
