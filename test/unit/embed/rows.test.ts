/**
 * The embedder widens the F16 matrix row by row on first use (not all at load): its vectors
 * must be exactly those of the fully widened matrix (`parseSafetensors`).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeModelSource } from '../../../src/embed/node-source';
import { DEFAULT_STATIC_MODEL, parseSafetensors, StaticEmbedder } from '../../../src/embed/static';

const MODELS = resolve(__dirname, '../../../public/models');

describe('lazily widened rows', () => {
  it('give bit-identical embeddings to the eagerly widened matrix', async () => {
    const e = await StaticEmbedder.load(nodeModelSource(MODELS));
    const file = readFileSync(resolve(MODELS, DEFAULT_STATIC_MODEL, 'model.safetensors'));
    const m = parseSafetensors(new Uint8Array(file).buffer);
    const texts = ['I adopted a puppy named Rex', 'User is vegetarian.', 'zzqx ünïcode 東京', ''];
    for (const t of [...texts, ...texts]) {
      const ids = e.tokenIds(t).filter((id) => id >= 0 && id < m.rows);
      const want = new Float32Array(m.dims);
      let n = 0;
      for (const id of ids) {
        if (e.tokenIds('[UNK]').length === 1 && id === e.tokenIds('[UNK]')[0]) continue;
        for (let d = 0; d < m.dims; d++) want[d]! += m.data[id * m.dims + d]!;
        n++;
      }
      if (n > 0) {
        let norm = 0;
        for (let d = 0; d < m.dims; d++) norm += want[d]! * want[d]!;
        norm = Math.sqrt(norm) || 1;
        for (let d = 0; d < m.dims; d++) want[d]! /= norm;
      }
      expect(Array.from(e.embedOne(t))).toEqual(Array.from(want));
    }
  });
});
