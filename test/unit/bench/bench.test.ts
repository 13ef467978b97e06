import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  parseSessionDate,
  recallAt,
  runLocomo,
  evidenceIds,
  type LocomoSample,
} from '../../../src/bench/locomo';
import { Bm25Baseline } from '../../../src/bench/baselines';
import { percentile } from '../../../src/bench/stats';
import { syntheticTurns } from '../../../src/bench/synthetic';
import { RuleExtractor } from '../../../src/extract/rules';
import { realEmbedder } from '../../helpers/engine';

const tiny: LocomoSample = {
  sample_id: 'tiny',
  conversation: {
    speaker_a: 'Ada',
    speaker_b: 'Bo',
    session_1_date_time: '1:56 pm on 8 May, 2023',
    session_1: [
      { speaker: 'Ada', dia_id: 'D1:1', text: 'Hi Bo! I adopted a puppy named Pixel last week.' },
      { speaker: 'Bo', dia_id: 'D1:2', text: 'Congrats! What breed is Pixel?' },
      { speaker: 'Ada', dia_id: 'D1:3', text: 'A beagle, and he loves the beach.' },
    ],
    session_2_date_time: '10:00 am on 20 June, 2023',
    session_2: [
      { speaker: 'Bo', dia_id: 'D2:1', text: 'I started pottery classes on Tuesday.' },
      { speaker: 'Ada', dia_id: 'D2:2', text: 'That sounds relaxing, enjoy it!' },
    ],
  },
  qa: [
    {
      question: 'What breed is the puppy Ada adopted?',
      answer: 'beagle',
      evidence: ['D1:3'],
      category: 4,
    },
    {
      question: 'When did Bo start pottery classes?',
      answer: 'June 2023',
      evidence: ['D2:1'],
      category: 2,
    },
    { question: 'Unanswerable', adversarial_answer: 'x', evidence: [], category: 5 },
  ],
  observation: { session_1_observation: { Ada: [['Ada adopted a puppy named Pixel.', 'D1:1']] } },
};

describe('benchmark cores', () => {
  it('parses LoCoMo dates and evidence, scores recall with the credit cap', () => {
    expect(parseSessionDate('1:56 pm on 8 May, 2023')).toBe(Date.UTC(2023, 4, 8, 13, 56));
    expect(parseSessionDate('12:05 am on 1 January, 2024')).toBe(Date.UTC(2024, 0, 1, 0, 5));
    expect(evidenceIds({ question: '', category: 1, evidence: ['D8:6; D9:17', 'D1:2'] })).toEqual([
      'D8:6',
      'D9:17',
      'D1:2',
    ]);
    expect(recallAt([['D1:1', 'D1:2', 'D1:3', 'D1:4']], ['D1:4', 'D1:1'], 5)).toBe(0.5);
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
  });

  it('BM25 baseline and the synthetic corpus are deterministic', () => {
    const bm = new Bm25Baseline([
      { id: 'a', text: 'Ada: I love the beach', at: 0 },
      { id: 'b', text: 'Bo: pottery classes', at: 0 },
    ]);
    expect(bm.search('pottery', 5)).toEqual(['b']);
    expect(syntheticTurns(5, 3)).toEqual(syntheticTurns(5, 3));
    expect(new Set(syntheticTurns(200, 3).map((t) => t.turn)).size).toBeGreaterThan(190);
  });

  it('runs the LoCoMo benchmark end to end on a tiny conversation', async () => {
    const r = await runLocomo([tiny], {
      embedder: await realEmbedder(),
      extractor: () => new RuleExtractor(),
      genericPrompts: ['How do I reverse a linked list in Python?'],
      dbPrefix: 'bench-smoke',
    });
    expect(r.dataset).toEqual({ conversations: 1, turns: 5, questions: 2 });
    expect(r.recall['20']).toBe(100);
    expect(r.baselines.bm25.recall['20']).toBe(100);
    expect(r.extraction.observations).toBe(1);
    expect(r.ingestMs.n).toBe(10);
    expect(Object.keys(r.byCategory)).toEqual(['2', '4']);
    // One conversation: its row is the whole run's.
    expect(Object.keys(r.byConversation)).toEqual([tiny.sample_id]);
    expect(r.byConversation[tiny.sample_id]).toMatchObject({
      ...r.recall,
      budget400: r.recallAtBudget400,
      n: 2,
    });
    // The gating curve: at the extension's threshold it says what the headline figures say,
    // and a stricter gate never lets more through.
    const at = r.gating.curve.find((c) => c.threshold === r.gating.threshold)!;
    expect(at.genericInjectedPct).toBe(r.gating.genericInjectedPct);
    expect(at.questionsInjectedPct).toBe(r.gating.questionsInjectedPct);
    for (const [a, b] of r.gating.curve.slice(1).map((c, i) => [r.gating.curve[i]!, c]))
      expect(b!.questionsInjectedPct).toBeLessThanOrEqual(a!.questionsInjectedPct);
  });
});
