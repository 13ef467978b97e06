/**
 * TransformersEmbedder for real under Node (onnxruntime-node) on tiny-random-bert: a
 * SYNTHETIC model with random weights. These tests prove loading, dimensions, normalisation
 * and determinism; its similarities mean nothing, so no quality figure is measured here.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError } from '../../../src/embed/static';
import { TransformersEmbedder } from '../../../src/embed/transformers';

const MODELS = process.env.MNEMO_MODELS_DIR ?? resolve(__dirname, '../../../../shared/models');

describe.skipIf(!existsSync(resolve(MODELS, 'test/tiny-random-bert/onnx/model.onnx')))(
  'TransformersEmbedder on tiny-random-bert (Node)',
  () => {
    let e: TransformersEmbedder;
    beforeAll(async () => {
      e = await TransformersEmbedder.load({
        localModelPath: MODELS,
        model: 'test/tiny-random-bert',
        dtype: 'fp32',
      });
    });

    it('loads the local model offline and reports its dimensions', () => {
      expect(e.id).toBe('test/tiny-random-bert@fp32');
      expect(e.dims).toBe(32);
    });

    it('returns one unit-length Float32Array per text', async () => {
      const vs = await e.embed([
        'I adopted a puppy.',
        'I live in Lisbon and work as a nurse.',
        'ok',
      ]);
      expect(vs).toHaveLength(3);
      for (const v of vs) {
        expect(v).toBeInstanceOf(Float32Array);
        expect(v.length).toBe(32);
        expect(Math.hypot(...v)).toBeCloseTo(1, 5);
      }
    });

    it('is deterministic, and batch results equal single results', async () => {
      const [a] = await e.embed(['I adopted a puppy.']);
      const [b, c] = await e.embed(['I adopted a puppy.', 'Something else entirely.']);
      for (let i = 0; i < 32; i++) expect(a![i]).toBeCloseTo(b![i]!, 5);
      expect(Array.from(c!)).not.toEqual(Array.from(a!));
    });

    it('counts tokens with the model tokenizer (WordPiece), without special tokens', async () => {
      expect(e.countTokens('hello world')).toBe(2);
      await expect(e.embed([])).resolves.toEqual([]);
    });
  },
);

it('a model that is not local and remote downloads not allowed → ModelLoadError saying what to do', async () => {
  await expect(
    TransformersEmbedder.load({
      localModelPath: MODELS,
      model: 'Xenova/all-MiniLM-L6-v2',
      allowRemote: false,
    }),
  ).rejects.toSatisfy(
    (e) => e instanceof ModelLoadError && /Options → Models/.test((e as Error).message),
  );
});
