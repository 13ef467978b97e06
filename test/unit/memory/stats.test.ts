import { describe, expect, it } from 'vitest';
import { fact, makeEngine, ScriptedExtractor, turn } from '../../helpers/engine';

describe('status counts', () => {
  it('count buckets named like Object’s own properties as any other', async () => {
    const ex = new ScriptedExtractor({ 'I keep bees.': [fact('User keeps bees.')] });
    const { engine } = await makeEngine(ex);
    for (const bucket of ['constructor', 'toString', '__proto__'])
      await engine.ingest(turn('I keep bees.', { conversationId: bucket }), bucket);
    const { buckets } = engine.stats();
    expect(buckets.constructor).toBe(1);
    expect(buckets.toString).toBe(1);
    expect(Object.keys(buckets).sort()).toEqual(['__proto__', 'constructor', 'toString']);
  });
});
