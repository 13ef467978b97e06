import { describe, expect, it } from 'vitest';
import { buildExport } from '../../../src/io/format';
import { ScriptedExtractor, makeEngine } from '../../helpers/engine';
import { memory } from './fixtures';

describe('engine import and bucket moves (fake-indexeddb)', () => {
  it('imports in one transaction, is searchable, and a re-import merges everything', async () => {
    const { engine } = await makeEngine(new ScriptedExtractor());
    const file = buildExport(
      [memory('a', 'User is vegetarian.'), memory('b', 'User plays the cello.', { pinned: true })],
      [],
      0,
    );
    const progress: number[] = [];
    const res = await engine.importMemories(file.memories, { onProgress: (d) => progress.push(d) });
    expect(res).toEqual({ added: 2, merged: 0, skipped: [] });
    expect(progress.at(-1)).toBe(2);
    const hits = await engine.search('cello');
    expect(hits[0]?.id).toBe('b');
    expect((await engine.history('a')).map((h) => h.action)).toEqual(['imported']);
    const again = await engine.importMemories(file.memories);
    expect(again).toEqual({ added: 0, merged: 2, skipped: [] });
    expect((await engine.list({})).total).toBe(2);
  });

  it('writes nothing when the transaction fails', async () => {
    const { engine, store } = await makeEngine(new ScriptedExtractor());
    const orig = store.commitBatch.bind(store);
    store.commitBatch = async () => {
      throw new Error('disk on fire');
    };
    await expect(engine.importMemories([memory('a', 'User is vegetarian.')])).rejects.toThrow(
      'disk on fire',
    );
    store.commitBatch = orig;
    expect((await engine.list({})).total).toBe(0);
    expect(await store.allMemories()).toHaveLength(0);
  });

  it('moves a bucket into another (merge)', async () => {
    const { engine, store } = await makeEngine(new ScriptedExtractor());
    await engine.importMemories([
      memory('a', 'User is vegetarian.', { bucket: 'b:old' }),
      memory('b', 'User likes jazz.'),
    ]);
    expect(await engine.moveBucket('b:old', 'site:demo')).toBe(1);
    expect((await engine.list({ buckets: ['site:demo'] })).total).toBe(2);
    expect((await store.getMemory('a'))?.bucket).toBe('site:demo');
  });
});
