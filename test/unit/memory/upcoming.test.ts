/**
 * A calendar prompt gets the plans dated in the window it names, found by their written-out
 * dates, and none outside it.
 */
import { describe, expect, it } from 'vitest';
import { windowOf } from '../../../src/memory/upcoming';
import { ScriptedExtractor, fact, makeEngine, turn } from '../../helpers/engine';

const WED = Date.UTC(2026, 9, 7, 9); // Wednesday 7 October 2026
const day = (m: number, d: number) => Date.UTC(2026, m, d);

describe('windowOf', () => {
  it('reads the days a prompt asks about', () => {
    expect(windowOf('What have I got on tomorrow?', WED)).toEqual({
      from: day(9, 8),
      to: day(9, 9),
    });
    expect(windowOf('anything on today?', WED)).toEqual({ from: day(9, 7), to: day(9, 8) });
    expect(windowOf('am I free this weekend?', WED)).toEqual({ from: day(9, 10), to: day(9, 12) });
    expect(windowOf('plan my week', WED)).toEqual({ from: day(9, 7), to: day(9, 12) });
    expect(windowOf("what's on next week", WED)).toEqual({ from: day(9, 12), to: day(9, 19) });
    expect(windowOf('am I free on Friday?', WED)).toEqual({ from: day(9, 9), to: day(9, 10) });
    // A month already past this year is next year's.
    expect(windowOf('anything coming up in March?', WED)).toEqual({
      from: Date.UTC(2027, 2, 1),
      to: Date.UTC(2027, 3, 1),
    });
    expect(windowOf("what's coming up?", WED)).toEqual({ from: day(9, 7), to: day(9, 21) });
  });
});

describe('a calendar prompt', () => {
  it('brings the plans dated in its window, and not the others', async () => {
    const B = 'site:demo';
    const env = await makeEngine(
      new ScriptedExtractor({
        a: [
          fact('User has a dentist appointment on 8 October 2026.', {
            kind: 'plan',
            eventAt: day(9, 8),
          }),
        ],
        b: [fact('User flies to Lima on 30 October 2026.', { kind: 'plan', eventAt: day(9, 30) })],
      }),
    );
    env.clock.t = WED;
    await env.engine.ingest(turn('a', { observedAt: WED }), B);
    await env.engine.ingest(turn('b', { observedAt: WED }), B);
    const texts = async (q: string) =>
      (await env.engine.injectionSearch(q, { buckets: [B] })).map((h) => h.text).join(' | ');
    const tomorrow = await texts('What have I got on tomorrow?');
    expect(tomorrow).toMatch(/dentist/);
    expect(tomorrow).not.toMatch(/Lima/);
    expect(await texts("What's coming up for me in October?")).toMatch(/Lima/);
  });
});
