/**
 * A dated plan ("we're moving to Tallinn in three weeks") is the slot's value from its date
 * on: before it, the current value stays current; after it, the values stated before the plan
 * are history, at injection at once and in the store at the next turn ingested.
 */
import { describe, expect, it } from 'vitest';
import { RuleExtractor } from '../../../src/extract/rules';
import { fact, makeEngine, ScriptedExtractor, turn } from '../../helpers/engine';

const DAY = 86_400_000;
const FEB = Date.UTC(2026, 1, 17, 10);
const MAY = Date.UTC(2026, 4, 20, 10);
const JUNE_10 = Date.UTC(2026, 5, 10);
const INJECT = { includeEpisodes: true, episodeRoles: ['user'], statementsOnly: true } as const;

async function setUp() {
  const ex = new ScriptedExtractor({
    'I live in Nairobi.': [fact('User lives in Nairobi.', { slot: 'home', value: 'Nairobi' })],
    "We're moving to Tallinn in three weeks!": [
      fact('User is moving to Tallinn on 10 June 2026.', {
        kind: 'plan',
        slot: 'home',
        op: 'plan',
        value: 'Tallinn',
        eventAt: JUNE_10,
      }),
    ],
    'What a week.': [],
  });
  const made = await makeEngine(ex);
  await made.engine.ingest(turn('I live in Nairobi.', { observedAt: FEB }), 'b');
  await made.engine.ingest(
    turn("We're moving to Tallinn in three weeks!", { observedAt: MAY }),
    'b',
  );
  return made;
}

const texts = async (engine: Awaited<ReturnType<typeof setUp>>['engine'], prompt: string) =>
  (await engine.injectionSearch(prompt, { ...INJECT, buckets: ['b'] }))
    .filter((h) => !h.history)
    .map((h) => h.text);

describe('a planned value', () => {
  it('leaves the current value current until its date', async () => {
    const { engine, clock } = await setUp();
    clock.t = MAY + DAY;
    const listed = (await engine.list({ status: 'current' })).items;
    expect(listed.map((m) => m.text).sort()).toEqual([
      'User is moving to Tallinn on 10 June 2026.',
      'User lives in Nairobi.',
    ]);
    const got = await texts(engine, 'Where do I live?');
    expect(got).toContain('User lives in Nairobi.');
  });

  it('is the current value from its date on, at injection before any turn is ingested', async () => {
    const { engine, clock } = await setUp();
    clock.t = JUNE_10 + 30 * DAY;
    const got = await texts(engine, 'Where do I live?');
    expect(got).toContain('User is moving to Tallinn on 10 June 2026.');
    expect(got.join(' ')).not.toMatch(/Nairobi/);
  });

  it('makes the earlier value history in the store at the next turn ingested after its date', async () => {
    const { engine, clock } = await setUp();
    const later = JUNE_10 + 14 * DAY;
    clock.t = later;
    await engine.ingest(turn('What a week.', { observedAt: later }), 'b');
    const all = (await engine.list({ status: 'all' })).items;
    const nairobi = all.find((m) => m.text === 'User lives in Nairobi.')!;
    expect(nairobi.status).toBe('superseded');
    expect(nairobi.supersededAt).toBe(JUNE_10);
    const plan = all.find((m) => /Tallinn/.test(m.text))!;
    expect(nairobi.supersededBy).toBe(plan.id);
    expect((await engine.history(nairobi.id)).map((h) => h.action)).toContain('superseded');
  });

  it('a newer plan replaces an older one; a current value stated meanwhile keeps the plan', async () => {
    const ex = new RuleExtractor();
    const { engine } = await makeEngine(ex);
    await engine.ingest(turn('I live in Nairobi.', { observedAt: FEB }), 'b');
    await engine.ingest(turn("We're moving to Tallinn next month.", { observedAt: MAY }), 'b');
    await engine.ingest(
      turn("Change of plan, we're moving to Riga next month.", { observedAt: MAY + DAY }),
      'b',
    );
    const current = (await engine.list({ status: 'current' })).items.map((m) => m.text);
    expect(current.join(' ')).toMatch(/Riga/);
    expect(current.join(' ')).not.toMatch(/Tallinn/);
    expect(current).toContain('User lives in Nairobi.');
  });
});

describe('a self-repair corrects the slip everywhere', () => {
  it('the wrong value and its sentence leave the memory and the turn', async () => {
    const { engine } = await makeEngine(new RuleExtractor());
    const t1 = turn('my daughter Leila is seven and suddenly hates reading. Any tips?', {
      conversationId: 'r',
    });
    await engine.ingest(t1, 'b');
    await engine.ingest(
      turn('oops I mean nine', { conversationId: 'r', observedAt: t1.observedAt + 60_000 }),
      'b',
    );
    const current = (await engine.list({ status: 'current' })).items.map((m) => m.text);
    expect(current).toContain("User's daughter Leila is nine and suddenly hates reading.");
    expect(current.join(' ')).not.toMatch(/seven/);
    const hits = await engine.injectionSearch('book ideas for my daughter Leila', {
      ...INJECT,
      buckets: ['b'],
    });
    expect(hits.map((h) => h.text).join(' ')).not.toMatch(/seven/);
  });
});

describe('a plan called off', () => {
  it('ends the plans it names, not the other facts that share its words', async () => {
    const { engine } = await makeEngine(new RuleExtractor());
    await engine.ingest(turn('My sister lives in Lisbon.', { observedAt: FEB }), 'b');
    await engine.ingest(
      turn("We're flying to Lisbon on 12 June for a long weekend.", { observedAt: MAY }),
      'b',
    );
    await engine.ingest(
      turn('the Lisbon trip is off, work got crazy', { observedAt: MAY + DAY }),
      'b',
    );
    const current = (await engine.list({ status: 'current' })).items.map((m) => m.text);
    expect(current).toContain("User's sister lives in Lisbon.");
    expect(current).toContain("User's Lisbon trip is off.");
    expect(current.join(' ')).not.toMatch(/flying to Lisbon/);
  });
});
