/**
 * A full disk while processing the capture queue keeps every turn queued (none dropped) and
 * says why in the status; processing resumes once writes succeed again. The same holds for
 * an extractor that cannot run now (Chrome: its offscreen page could not be created or did
 * not answer), whereas a turn the extractor itself fails on is dropped after three tries.
 */
import { describe, expect, it } from 'vitest';
import { MemoryService } from '../../../src/background/service';
import { StorageFullError } from '../../../src/store/store';
import { ExtractorUnavailableError } from '../../../src/extract/unavailable';
import { ScriptedExtractor, fact, makeEngine, turn } from '../../helpers/engine';

describe('capture queue on a full disk', () => {
  it('keeps the turns queued and reports the error, then finishes when space is back', async () => {
    const ex = new ScriptedExtractor({
      a: [fact('User likes tea.')],
      b: [fact('User likes jazz.')],
    });
    const { engine, store } = await makeEngine(ex);
    const service = new MemoryService({
      engine: async () => engine,
      store: async () => store,
      extractor: ex,
      siteOf: () => 'demo',
      now: () => Date.now(),
    });
    await store.enqueue(turn('a'), 'site:demo', Date.now());
    await store.enqueue(turn('b'), 'site:demo', Date.now());
    const real = store.commitIngest.bind(store);
    let full = true;
    store.commitIngest = async (w) => {
      if (full) throw new StorageFullError(new DOMException('quota', 'QuotaExceededError'));
      return real(w);
    };
    for (let i = 0; i < 5; i++) await service.processQueue();
    expect((await store.pendingQueue()).length).toBe(2);
    const st = await service.status();
    expect(st.lastError?.name).toBe('StorageFullError');
    expect(st.lastError?.message).toMatch(/Free some disk space/);

    full = false;
    await service.processQueue();
    expect((await store.pendingQueue()).length).toBe(0);
    expect((await store.allMemories()).map((m) => m.text).sort()).toEqual([
      'User likes jazz.',
      'User likes tea.',
    ]);
    expect((await service.status()).lastError).toBeUndefined();
  });
});

describe('capture queue when the extractor cannot run', () => {
  async function setup() {
    const ex = new ScriptedExtractor({
      a: [fact('User likes tea.')],
      b: [fact('User likes jazz.')],
    });
    let failure: Error | undefined;
    const flaky = {
      id: ex.id,
      extract: async (input: Parameters<typeof ex.extract>[0]) => {
        if (failure) throw failure;
        return ex.extract(input);
      },
    };
    const { engine, store } = await makeEngine(flaky);
    const service = new MemoryService({
      engine: async () => engine,
      store: async () => store,
      extractor: flaky,
      siteOf: () => 'demo',
      now: () => Date.now(),
    });
    await store.enqueue(turn('a'), 'site:demo', Date.now());
    await store.enqueue(turn('b'), 'site:demo', Date.now());
    return { service, store, fail: (e: Error | undefined) => (failure = e) };
  }

  it('keeps every turn queued, however often, then finishes once it runs again', async () => {
    const { service, store, fail } = await setup();
    fail(new ExtractorUnavailableError('The offscreen document could not be created.'));
    for (let i = 0; i < 5; i++) await service.processQueue();
    const pending = await store.pendingQueue();
    expect(pending.length).toBe(2);
    expect(pending.every((r) => r.attempts === 0)).toBe(true);
    expect((await service.status()).lastError?.name).toBe('ExtractorUnavailableError');

    fail(undefined);
    await service.processQueue();
    expect((await store.pendingQueue()).length).toBe(0);
    expect((await store.allMemories()).map((m) => m.text).sort()).toEqual([
      'User likes jazz.',
      'User likes tea.',
    ]);
  });

  it('is recognised by name too (an error rebuilt from another context)', async () => {
    const { service, store, fail } = await setup();
    const e = new Error('no answer');
    e.name = 'ExtractorUnavailableError';
    fail(e);
    for (let i = 0; i < 4; i++) await service.processQueue();
    expect((await store.pendingQueue()).length).toBe(2);
  });

  it('an error of the extraction itself still drops the turn after three tries', async () => {
    const { service, store, fail } = await setup();
    fail(new TypeError('compromise failed on this text'));
    for (let i = 0; i < 3; i++) await service.processQueue();
    expect((await store.pendingQueue()).length).toBe(0);
  });
});
