/**
 * A date the prompt names ("on 9 November, 2022") ranks what was said that day first, even
 * when its words do not match; injection cuts long raw turns to the part the prompt is about.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN, INJECTION_SEARCH, planInjection } from '../../../src/inject/plan';
import { DEFAULT_WEIGHTS } from '../../../src/memory/rank';
import { ScriptedExtractor, makeEngine, turn } from '../../helpers/engine';

const B = 'site:demo';
const at = (m: number, d: number) => Date.UTC(2022, m - 1, d, 15);

async function diary(when = DEFAULT_WEIGHTS.when) {
  const env = await makeEngine(new ScriptedExtractor(), {
    weights: { ...DEFAULT_WEIGHTS, when },
  });
  const days: [number, number, string][] = [
    [11, 2, 'I made a pumpkin soup for dinner, it was a hit with everyone.'],
    [11, 9, 'I tried out some cooking this week: homemade coconut ice cream!'],
    [11, 16, 'I made a lasagna for dinner with fresh basil from the garden.'],
    [11, 23, 'I made pancakes for the whole family this morning.'],
  ];
  for (const [m, d, text] of days)
    await env.engine.ingest(turn(text, { conversationId: `c${m}-${d}`, observedAt: at(m, d) }), B);
  env.clock.t = at(12, 1);
  return env.engine;
}

describe('dates in a query', () => {
  const q = 'What dish did I make on 9 November, 2022?';
  it('ranks the turn said on the named day first, and says why', async () => {
    const e = await diary();
    const [top] = await e.search(q, { ...INJECTION_SEARCH, buckets: [B] });
    expect(top!.text).toContain('coconut ice cream');
    expect(top!.parts.when).toBe(1);
  });

  it('without the date weight, the words win instead (the control)', async () => {
    const e = await diary(0);
    const [top] = await e.search(q, { ...INJECTION_SEARCH, buckets: [B] });
    expect(top!.text).not.toContain('coconut ice cream');
  });

  it('leaves the date part out of a query that names no date', async () => {
    const e = await diary();
    const hits = await e.search('What did I cook for dinner?', {
      ...INJECTION_SEARCH,
      buckets: [B],
    });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.parts.when).toBeUndefined();
  });
});

describe('excerpts in the injected block', () => {
  it('injects the part of a long turn the prompt is about; facts and short turns whole', async () => {
    const env = await makeEngine(new ScriptedExtractor());
    const long =
      'Work has been hectic with all the deadlines and meetings piling up this month. ' +
      'On the bright side we adopted a cat named Bailey from the shelter on Saturday. ' +
      'The kids keep taking pictures of her all day, and the old dog is slowly getting used to her. ' +
      'Anyway, I should get back to the spreadsheets before my manager notices.';
    await env.engine.ingest(turn(long), B);
    await env.engine.ingest(turn('My cat sleeps on the piano.'), B);
    const prompt = 'What is the name of the cat we adopted?';
    const hits = await env.engine.search(prompt, { ...INJECTION_SEARCH, buckets: [B] });
    const count = (t: string) => env.engine.embedder.countTokens(t);
    const opts = { ...DEFAULT_PLAN, threshold: 0 };
    const plan = planInjection(hits, (h) => env.engine.relevance(h), count, opts, {
      text: prompt,
      similarity: env.engine.similarityTo(prompt),
    });
    const texts = plan.items.map((i) => i.text);
    const cut = texts.find((t) => t.includes('Bailey'))!;
    expect(cut).not.toBe(long);
    expect(cut).not.toContain('spreadsheets');
    expect(count(cut.replace(/…/g, ''))).toBeLessThanOrEqual(DEFAULT_PLAN.excerptTokens!);
    expect(texts).toContain('My cat sleeps on the piano.');
    // Without the prompt (as before), the turn goes in whole.
    const whole = planInjection(hits, (h) => env.engine.relevance(h), count, opts);
    expect(whole.items.map((i) => i.text)).toContain(long);
  });
});
