/**
 * A full disk while processing the capture queue keeps every turn queued (none dropped) and
 * says why in the status; processing resumes once writes succeed again.
 */
import { describe, expect, it } from 'vitest';
import { MemoryService } from '../../../src/background/service';
import { StorageFullError } from '../../../src/store/store';
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
