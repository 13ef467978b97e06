/**
 * bench:memory: the README's scoring on hand-made cases, the step timing, and the whole
 * runner on a tiny scenario file and a tiny RealMem-shaped persona (both beside this file),
 * through the real background path (potion-base-2M, the rule extractor, the service).
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryReport, runMemoryBench, UnknownBenchFileError } from '../../../src/bench/memory';
import {
  isScenarioFile,
  MINUTE,
  resultItemOf,
  runScenarios,
  stepStart,
  tenOclock,
} from '../../../src/bench/memory-scenarios';
import { RuleExtractor } from '../../../src/extract/local';
import type { Extractor } from '../../../src/memory/types';
import { checkProbe, summarise, type ProbeOutcome } from '../../../src/bench/memory-score';
import { goldSources, sessionStart, type RealMemFile } from '../../../src/bench/realmem';
import type { InjectionItem } from '../../../src/messaging/protocol';
import { realEmbedder } from '../../helpers/engine';

const fixture = (name: string) =>
  JSON.parse(readFileSync(resolve(__dirname, name), 'utf8')) as unknown;

describe('probe scoring (the README)', () => {
  const berlin = { text: 'User lives in Berlin.' };
  const lisbon = { text: 'I live in Lisbon. Any cheap lunch spots near me?' };

  it('a stale current item fails the probe, and says which string', () => {
    const c = checkProbe({ include: [['Berlin']], exclude: ['lisbon'] }, [berlin, lisbon]);
    expect(c).toMatchObject({ pass: false, stale: true, missed: false });
    expect(c.reasons).toEqual(['stale: lisbon']);
  });

  it('an item marked history: true is not stale, but does not count as current either', () => {
    const old = { ...lisbon, history: true };
    expect(checkProbe({ include: [['Berlin']], exclude: ['Lisbon'] }, [berlin, old]).pass).toBe(
      true,
    );
    const c = checkProbe({ include: [['Lisbon']] }, [old]);
    expect(c).toMatchObject({ pass: false, missed: true, reasons: ['missing: Lisbon'] });
  });

  it('include needs every group, matched by any alternative, case-insensitively', () => {
    const items = [{ text: 'User is VEGAN.' }, { text: 'User has a dog named Rex.' }];
    expect(checkProbe({ include: [['vegetarian', 'vegan'], ['rex']] }, items).pass).toBe(true);
    const c = checkProbe({ include: [['vegan'], ['cat']] }, items);
    expect(c.reasons).toEqual(['missing: cat']);
  });

  it('once: a group matched by two current items fails as a duplicate', () => {
    const twice = [{ text: 'User is vegetarian.' }, { text: "I'm vegetarian, so no meat." }];
    const c = checkProbe({ include: [['vegetarian']], once: true }, twice);
    expect(c).toMatchObject({ pass: false, duplicate: true, reasons: ['twice: vegetarian'] });
    // Without `once` the same items pass; with one of them as history, `once` passes too.
    expect(checkProbe({ include: [['vegetarian']] }, twice).pass).toBe(true);
    const hist = [twice[0]!, { ...twice[1]!, history: true }];
    expect(checkProbe({ include: [['vegetarian']], once: true }, hist).pass).toBe(true);
  });

  it('none: any item at all fails, history included', () => {
    expect(checkProbe({ none: true }, []).pass).toBe(true);
    const c = checkProbe({ none: true }, [{ text: 'x', history: true }, { text: 'y' }]);
    expect(c).toMatchObject({
      pass: false,
      falseInjection: true,
      reasons: ['injected: 2 item(s)'],
    });
  });

  it('the summary takes each share of the probes that have the condition', () => {
    const o = (expect: ProbeOutcome['expect'], items: { text: string }[], tags = ['t']) => ({
      tags,
      expect,
      check: checkProbe(expect, items),
      items: items.length,
      tokens: items.length * 30,
    });
    const s = summarise([
      o({ include: [['a']], exclude: ['b'] }, [{ text: 'a b' }], ['x']),
      o({ include: [['a']] }, []),
      o({ none: true }, []),
      o({ exclude: ['z'] }, [{ text: 'q' }, { text: 'r' }]),
    ]);
    expect(s).toMatchObject({
      probes: 4,
      passed: 2,
      passedPct: 50,
      stalePct: 50,
      missedPct: 50,
      falseInjectionPct: 0,
      emptyPassPct: 50,
      nonEmpty: 2,
      meanItems: 1.5,
      meanTokens: 45,
      denominators: { exclude: 2, include: 2, none: 1, once: 0 },
    });
    expect(s.byTag).toEqual({
      t: { n: 3, passed: 2, passedPct: 66.7 },
      x: { n: 1, passed: 0, passedPct: 0 },
    });
  });

  it('reads history: true from an injected item when the protocol carries it', () => {
    const item = { id: 'm', type: 'memory', text: 'x', tokens: 9 } as InjectionItem;
    expect(resultItemOf(item).history).toBeUndefined();
    expect(resultItemOf({ ...item, history: true } as InjectionItem).history).toBe(true);
  });
});

describe('step timing', () => {
  it('10:00 UTC of the date, or a minute after the last moment used; never back', () => {
    const day = tenOclock('2026-03-10');
    expect(new Date(day).toISOString()).toBe('2026-03-10T10:00:00.000Z');
    expect(stepStart('2026-03-10', undefined)).toBe(day);
    // Three turns at 10:00, 10:01, 10:02: a step on the same day starts at 10:03.
    expect(stepStart('2026-03-10', day + 2 * MINUTE)).toBe(day + 3 * MINUTE);
    expect(stepStart('2026-03-09', day)).toBe(day + MINUTE);
    expect(stepStart(undefined, day)).toBe(day + MINUTE);
    expect(stepStart('2026-03-11', day)).toBe(tenOclock('2026-03-11'));
    expect(() => stepStart(undefined, undefined)).toThrow(/needs an "at"/);
  });

  it('RealMem sessions: their date at 10:00, never before the previous session', () => {
    const day = tenOclock('2026-01-05');
    expect(sessionStart('2026-01-05 (Monday)', undefined)).toBe(day);
    expect(sessionStart('2026-01-05 (Monday)', day + MINUTE)).toBe(day + 2 * MINUTE);
    expect(sessionStart('2026-01-09 (Friday)', day + MINUTE)).toBe(tenOclock('2026-01-09'));
    // Out of sequence (December after January): replayed after the session before it.
    expect(sessionStart('2025-12-20 (Saturday)', day + 5 * MINUTE)).toBe(day + 6 * MINUTE);
  });
});

describe('RealMem gold points', () => {
  it('resolve to their source turn (source_turn 0 is the first), role from the turn', () => {
    const src = goldSources(fixture('memory-realmem.fixture.json') as RealMemFile);
    const train = src.get(
      'aaaa1111\u0000Booked the night train from Vienna to Venice for the March trip.',
    );
    expect(train).toMatchObject({ key: 'chatgpt|aaaa1111|t1', role: 'user' });
    const hotel = src.get(
      "aaaa1111\u0000Hotel shortlist: Ca' Rezzonico guesthouse near the Accademia.",
    );
    expect(hotel).toMatchObject({ key: 'chatgpt|aaaa1111|t2', role: 'assistant' });
  });
});

describe('the runner, end to end', () => {
  it('replays a scenario file through the service and scores it', async () => {
    const r = await runMemoryBench(
      [{ path: 'memory-scenarios.fixture.json', data: fixture('memory-scenarios.fixture.json') }],
      { embedder: await realEmbedder() },
    );
    const run = r.scenarios[0]!;
    expect(run.results.map((x) => [x.scenario, x.probe, x.pass, x.reasons])).toEqual([
      ['tiny-home', 1, true, []],
      // Claude reads only its own bucket...
      ['tiny-home', 2, true, []],
      // ...until the settings grant it ChatGPT's.
      ['tiny-home', 3, true, []],
      // The popup's delete: the fact and its turn are gone.
      ['tiny-home', 4, true, []],
      ['tiny-gating', 1, true, []],
    ]);
    // Asks at 10:00 and 10:01, the grant at 10:02 (no date: a minute on), the third ask at 10:03.
    expect(run.results[2]!.at).toBe('2026-03-11T10:03:00.000Z');
    expect(run.forgets[0]).toMatchObject({ scenario: 'tiny-home', text: 'lisbon' });
    expect(run.forgets[0]!.deleted).toBeGreaterThan(0);
    expect(run.summary).toMatchObject({ probes: 5, passedPct: 100, falseInjectionPct: 0 });
    expect(run.summary.byTag.smoke).toEqual({ n: 1, passed: 1, passedPct: 100 });
    expect(memoryReport(r, { verbose: true })).toContain('| passed % | 100 | 5 probes |');
  });

  it('runs the scenarios with another extractor in place of the rules (check:llm --tier chrome)', async () => {
    const rules = new RuleExtractor();
    const seen: string[] = [];
    const other: Extractor = {
      id: 'chrome',
      extract: (input, signal) => {
        seen.push(input.turn.role);
        return rules.extract(input, signal);
      },
    };
    const data = fixture('memory-scenarios.fixture.json');
    if (!isScenarioFile(data)) throw new Error('fixture');
    const run = await runScenarios(data, { embedder: await realEmbedder(), extractor: other });
    expect(seen).toContain('user');
    expect(run.summary).toMatchObject({ probes: 5, passedPct: 100 });
  });

  it('replays a RealMem persona, asking each query before its turn is captured', async () => {
    const r = await runMemoryBench(
      [{ path: 'x/Tiny_dialogues_256k.json', data: fixture('memory-realmem.fixture.json') }],
      {
        embedder: await realEmbedder(),
        genericPrompts: ['How does a heat pump work?', 'What should I pack for my night train?'],
      },
    );
    const p = r.realmem!.personas[0]!;
    expect(p).toMatchObject({ persona: 'Tiny Persona', sessions: 3, turns: 6, unresolved: 1 });
    const q = p.queries[0]!;
    expect(q).toMatchObject({ queryId: 'Q-1', category: 'Dynamic Updating' });
    // The user's own turn is searchable and comes in; the assistant's shortlist cannot.
    expect(q.gold.map((g) => [g.role, g.recalled])).toEqual([
      ['user', true],
      ['assistant', false],
      ['unresolved', false],
    ]);
    expect(r.realmem!.overall).toMatchObject({
      queries: 1,
      goldPoints: 2,
      recallPct: 50,
      recall400Pct: 50,
      reachablePct: 50,
      assistantSourcePct: 50,
      injectedPct: 100,
    });
    // The query itself was not captured before it was asked: nothing injected quotes it.
    expect(q.items.some((i) => i.text.includes('When does my night train'))).toBe(false);
    expect(r.realmem!.byCategory['Dynamic Updating']!.recallPct).toBe(50);
    // The generic prompts are asked after the history, in new chats: a question about the
    // world gets nothing; one about the user's own trip gets the trip.
    expect(p.generic).toEqual({ prompts: 2, injected: 1 });
    expect(memoryReport(r, { verbose: false })).toContain('1 of 2 injected (50 %)');
  });

  it('--persona keeps only the named personas; an unknown file says what to pass', async () => {
    const embedder = await realEmbedder();
    const data = fixture('memory-realmem.fixture.json');
    const r = await runMemoryBench([{ path: 'Tiny.json', data }], { embedder, persona: 'nobody' });
    expect(r.realmem).toBeUndefined();
    await expect(
      runMemoryBench([{ path: 'odd.json', data: { x: 1 } }], { embedder }),
    ).rejects.toBeInstanceOf(UnknownBenchFileError);
  });
});
