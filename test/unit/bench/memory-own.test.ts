/**
 * The memory model end to end through the service, on scenarios written for this test (not
 * the dev file's people or sentences): a move, a new employer, an ending, a diet a meal
 * needs, a fact inside a question, a hypothetical, someone else's move, a pasted e-mail, an
 * in-chat forget, a popup delete, gating and a changed habit.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMemoryBench } from '../../../src/bench/memory';
import { realEmbedder } from '../../helpers/engine';

describe('memory scenarios of our own', () => {
  it('every probe passes: current values, no stale line, nothing for prompts no memory answers', async () => {
    const path = resolve(__dirname, '../../fixtures/memory-scenarios-own.json');
    const r = await runMemoryBench([{ path, data: JSON.parse(readFileSync(path, 'utf8')) }], {
      embedder: await realEmbedder(),
    });
    const run = r.scenarios[0]!;
    const failed = run.results
      .filter((x) => !x.pass)
      .map((x) => `${x.scenario}: ${x.reasons.join('; ')}`);
    expect(failed).toEqual([]);
    expect(run.summary).toMatchObject({ stalePct: 0, falseInjectionPct: 0 });
    // The popup delete reached the memory and its turn.
    expect(run.forgets[0]!.deleted).toBeGreaterThan(0);
  });
});
