import { describe, expect, it } from 'vitest';
import {
  applyOps,
  pointMatches,
  runRealmem,
  runScenarios,
  type ExtractFn,
  type SimFact,
} from '../../../src/bench/extraction';
import { RuleExtractor } from '../../../src/extract/rules';

const ex = new RuleExtractor();
const extract: ExtractFn = (turn, context) => ex.extractSync({ turn, context, similar: [] });

describe('bench:extract', () => {
  it('matches a gold point by shared stems over the smaller set', () => {
    expect(
      pointMatches(
        'The user is training for a half marathon in May.',
        'User is training for a half marathon.',
      ),
    ).toBe(true);
    expect(
      pointMatches('The user is training for a half marathon in May.', 'User likes May.'),
    ).toBe(false);
  });

  it('applies operations as the engine should: a set replaces the slot, a forget retires', () => {
    const facts: SimFact[] = [];
    applyOps(
      facts,
      { text: 'User lives in Lisbon.', kind: 'fact', entities: [], confidence: 1, slot: 'home' },
      't1',
    );
    applyOps(
      facts,
      {
        text: 'User moved to Berlin.',
        kind: 'fact',
        entities: [],
        confidence: 1,
        slot: 'home',
        op: 'set',
      },
      't2',
    );
    applyOps(
      facts,
      { text: 'x', kind: 'fact', entities: [], confidence: 1, op: 'forget', target: 'Berlin' },
      't3',
    );
    expect(facts.map((f) => [f.text, f.current])).toEqual([
      ['User lives in Lisbon.', false],
      ['User moved to Berlin.', false],
    ]);
  });

  it('scores a scenario file by tag and a RealMem file by type', () => {
    const r = runScenarios(
      {
        format: 'mnemo-memory-scenarios/1',
        scenarios: [
          {
            id: 's',
            tags: ['supersession'],
            steps: [
              { at: '2026-03-01', site: 'chatgpt', turns: [['user', 'I live in Lisbon.']] },
              {
                at: '2026-05-01',
                site: 'chatgpt',
                turns: [['user', 'We moved to Berlin last week!']],
              },
              {
                at: '2026-06-01',
                site: 'chatgpt',
                ask: 'Where do I live?',
                expect: { include: [['Berlin']], exclude: ['Lisbon'] },
              },
            ],
          },
        ],
      },
      extract,
    );
    expect(r.byTag['supersession']).toEqual({ probes: 1, passedPct: 100 });
    const m = runRealmem(
      [
        {
          dialogues: [
            {
              session_identifier: 'a',
              session_uuid: 'u',
              current_time: '2026-01-05 (Monday)',
              extracted_memory: [
                {
                  type: 'Static',
                  content: '【Home】 The user is vegetarian and lives in Oslo.',
                  source_turn: 1,
                },
              ],
              dialogue_turns: [
                {
                  speaker: 'User',
                  content: "I'm vegetarian and I live in Oslo, any dinner ideas?",
                },
                { speaker: 'Assistant', content: 'Lentil curry.' },
              ],
            },
          ],
        },
      ],
      extract,
    );
    expect(m.user.points).toBe(1);
    expect(m.byType['Static']!.matchedPct).toBe(100);
  });
});
