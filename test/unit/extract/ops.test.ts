import { describe, expect, it } from 'vitest';
import { RuleExtractor } from '../../../src/extract/rules';
import type { Candidate, CandidateOp, CapturedTurn } from '../../../src/memory/types';

/** Thursday 16 April 2026, 10:00 UTC. */
const APR = Date.UTC(2026, 3, 16, 10);
const ex = new RuleExtractor();

function turn(text: string, role: 'user' | 'assistant' = 'user'): CapturedTurn {
  return {
    site: 'chatgpt',
    conversationId: 'c',
    turnId: 't',
    role,
    text,
    url: '',
    observedAt: APR,
  };
}
function extract(text: string, context: CapturedTurn[] = []): Candidate[] {
  return ex.extractSync({ turn: turn(text), context, similar: [] });
}

type OpCase = [text: string, slot: string | undefined, op: CandidateOp, value?: string];

/** What a clause does to the profile: its slot, operation and value or target. */
const OPS: OpCase[] = [
  ['Big news: we finally moved to Berlin last week!', 'home', 'set', 'Berlin'],
  ['We relocated to Porto in March.', 'home', 'set', 'Porto'],
  ['I just started a new job at Globex.', 'employer', 'set', 'Globex'],
  ['Last month I joined Initech as a designer.', 'employer', 'set', 'Initech'],
  ['I got hired at Umbrella Health!', 'employer', 'set', 'Umbrella Health'],
  ['I no longer work at Acme.', 'employer', 'end'],
  ['I got laid off on Friday.', 'employer', 'end'],
  ['I quit my job at the bakery.', 'employer', 'end'],
  ['We adopted a beagle named Rosie!', 'pet', 'set'],
  ['We sold the car last weekend.', 'vehicle', 'end'],
  ['Finally scrapped my old Fiesta.', 'vehicle', 'end'],
  ['We split up in March.', 'partner', 'end'],
  ['Dev and I broke up.', 'partner', 'end'],
  ['I went vegan in January.', 'diet', 'set', 'vegan'],
  ['I stopped eating meat.', 'diet', 'set', 'meat'],
  ['Since my knee injury I hate running.', 'opinion_running', 'set'],
  ["Sorry, typo, I'm 43, not 34.", 'age', 'correct', '43'],
  ['I make $95k as a pharmacist.', 'salary', 'set'],
  ['Transferred to Brookfield University this fall.', 'school', 'set', 'Brookfield University'],
  ['Switched to a Galaxy S24 last week.', 'phone', 'set'],
  ['These days I mostly drink oat lattes.', 'coffee_order', 'set'],
];

describe('operations', () => {
  it.each(OPS)('%s', (text, slot, op, value) => {
    const got = extract(text);
    const c = got.find((x) => x.op === op && x.slot === slot);
    expect(c, JSON.stringify(got.map((x) => [x.text, x.slot, x.op]))).toBeDefined();
    if (value) expect(c!.value).toBe(value);
  });

  it.each([
    'I joined Planet Fitness last week.',
    "I'm seeing Dr. Patel on Monday.",
    'I saw Taylor at the gym.',
    'I stopped by the store.',
    'I moved the meeting to Friday.',
    "I don't live in a big city.",
  ])('%s changes no attribute', (text) => {
    for (const c of extract(text)) expect([c.text, c.op ?? 'add']).toEqual([c.text, 'add']);
  });

  it('an ending names what ends', () => {
    const [c] = extract('I no longer drink coffee at all.');
    expect([c!.op, c!.target]).toEqual(['end', 'coffee']);
    const [d] = extract('I stopped taking melatonin two weeks ago, it gave me weird dreams.');
    expect(d!.op).toBe('end');
    expect(d!.target).toContain('melatonin');
  });

  it('a dated plan is a planned value of its slot, not yet a change', () => {
    const [c] = extract("We're moving to Denver next month.");
    expect([c!.kind, c!.slot, c!.op, c!.value]).toEqual(['plan', 'home', 'plan', 'Denver']);
    expect(c!.eventAt).toBe(Date.UTC(2026, 4, 1));
    const [t] = extract("ok it's happening, we're moving to Tallinn in three weeks!!");
    expect(t!.text).toBe('User is moving to Tallinn on 7 May 2026.');
    expect([t!.slot, t!.op, t!.eventAt]).toEqual(['home', 'plan', Date.UTC(2026, 4, 7)]);
    const [j] = extract("I'm starting at Deloitte in two weeks, so nervous.");
    expect([j!.slot, j!.op, j!.value]).toEqual(['employer', 'plan', 'Deloitte']);
    // Someone else's plan, or a plan about something no slot holds, is a plain plan.
    expect(extract('We are planning to repaint the kitchen next month.')[0]?.op).toBeUndefined();
  });

  it('a self-repair reads the previous turn again with the word the user meant', () => {
    const prev = turn('I live in Hamburg, any tips for rainy sundays with a 4 year old?');
    const [c] = extract('sorry, autocorrect again 🙄 I meant Bad Homburg, near Frankfurt', [prev]);
    expect([c!.text, c!.slot, c!.op, c!.target]).toEqual([
      'User lives in Bad Homburg.',
      'home',
      'correct',
      'Hamburg',
    ]);
    const age = turn('my daughter Leila is seven and suddenly hates reading. tips?');
    const [a] = extract('oops I mean nine', [age]);
    expect([a!.text, a!.op, a!.target]).toEqual([
      "User's daughter Leila is nine and suddenly hates reading.",
      'correct',
      'seven',
    ]);
    // The rest of the turn is read as usual.
    const kids = turn('my kids are picking up Dutch really fast at school');
    const d = extract("sorry I meant Danish lol, we're in Copenhagen.", [kids]);
    expect(d.map((x) => [x.text, x.op])).toEqual([
      ["User's kids are picking up Danish really fast at school.", 'correct'],
      ['User is in Copenhagen.', 'set'],
    ]);
    // "I mean" as filler repairs nothing.
    expect(extract("I mean, it's fine really", [kids])).toEqual([]);
  });

  it('a correction after the assistant guessed: correct, not set', () => {
    const prior = turn('Since you live in Toronto, try the islands.', 'assistant');
    const [c] = extract('haha no, I live in Calgary.', [prior]);
    expect([c!.slot, c!.op, c!.value]).toEqual(['home', 'correct', 'Calgary']);
    const pet = extract('Biscuit is a corgi lol.', [turn('Cats like Biscuit need…', 'assistant')]);
    expect(pet.map((p) => [p.slot, p.op])).toEqual([['pet', 'correct']]);
  });
});

describe('in-chat forget requests', () => {
  it.each([
    ['Please forget what I told you about my salary.', 'salary', 'salary'],
    ['Can you forget that I mentioned the IBS thing?', 'IBS', undefined],
    ['Wait, scratch that, forget everything I said about the trip.', 'trip', undefined],
    ["Don't remember my address, please.", 'address', 'home'],
    [
      "actually scratch what I said about the divorce, I'd rather you didn't keep that",
      'divorce',
      undefined,
    ],
    ["I'd rather you didn't hold on to anything about my arrest", 'arrest', undefined],
    ['erase the part where I mentioned my ex', 'ex', undefined],
    ['never mind the migraine stuff, keep that out of your memory', 'migraine', undefined],
    ["that bit about my dad's drinking — please drop it", "dad's drinking", undefined],
    ['you can forget I ever mentioned the lawsuit', 'lawsuit', undefined],
  ])('%s', (text, target, slot) => {
    const got = extract(text);
    expect(got).toHaveLength(1);
    expect([got[0]!.op, got[0]!.target, got[0]!.slot]).toEqual(['forget', target, slot]);
  });

  it('"don\'t forget to…" is no request to forget', () => {
    expect(
      extract("Don't forget to add eggs to the list.").filter((c) => c.op === 'forget'),
    ).toEqual([]);
  });

  it('"drop" and "scratch" are requests to forget only with what they drop', () => {
    for (const t of ['drop the kids off at 3', 'Scratch that, I meant Tuesday'])
      expect(
        extract(t).filter((c) => c.op === 'forget'),
        t,
      ).toEqual([]);
    // "I meant …" with no earlier turn to repair is no fact either.
    expect(extract('Scratch that, I meant Tuesday')).toEqual([]);
  });
});

describe('questions, hypotheticals and owners', () => {
  it('keeps the fact a question is built on', () => {
    const got = extract("Since I'm lactose intolerant, which cheeses are safe?");
    expect(got.map((c) => c.text)).toEqual(['User is lactose intolerant.']);
    const got2 = extract('I have two kids under five, what car should we get?');
    expect(got2.map((c) => c.text)).toEqual(['User has two kids under five.']);
  });

  it.each([
    'If I were vegetarian, how would I get protein?',
    'I wish I lived in Barcelona.',
    'Imagine I had a boat, where would I sail?',
    "Let's say I had a dog, which breed would suit a flat?",
    'Hypothetically, if I moved to Singapore, what would rent be?',
  ])('%s yields nothing', (text) => {
    expect(extract(text)).toEqual([]);
  });

  it('family facts keep their owner', () => {
    const got = extract('My daughter Mia is 6 and she is allergic to peanuts.');
    expect(got.map((c) => [c.text, c.slot, c.value])).toEqual([
      ["User's daughter Mia is 6.", 'daughter.age', '6'],
      ["User's daughter Mia is allergic to peanuts.", 'daughter.allergies', 'peanuts'],
    ]);
    const h = extract('My husband just got promoted to head chef.');
    expect(h[0]!.slot).toBe('partner.job');
  });
});

describe('dates keep the sentence whole', () => {
  it('a coming date said in April is this year', () => {
    const [c] = extract("We're getting married on June 20!");
    expect(c!.text).toBe('User is getting married on 20 June 2026.');
    expect(c!.eventAt).toBe(Date.UTC(2026, 5, 20));
  });
  it.each([
    ["I'm 12 weeks along.", 'User is 12 weeks along.'],
    ['I do 10k every Sunday.', 'User does 10k every Sunday.'],
    [
      'I take magnesium every night to fall asleep.',
      'User takes magnesium every night to fall asleep.',
    ],
    ["I'm a second-year law student.", 'User is a second-year law student.'],
  ])('%s', (text, expected) => {
    const got = extract(text);
    expect(got.map((c) => c.text)).toContain(expected);
    expect(got.find((c) => c.text === expected)!.eventAt).toBeUndefined();
  });
});

describe('a plan called off', () => {
  it.each([
    ['the Lisbon trip is off, work got crazy', "User's Lisbon trip is off.", 'Lisbon'],
    [
      'our trip to New York in July is off',
      "User's trip to New York in July 2026 is off.",
      'New York',
    ],
    ['the Japan trip fell through', "User's Japan trip fell through.", 'Japan'],
    ['we called off the move to Perth, staying put', undefined, 'Perth'],
    ['we cancelled the wedding', 'User cancelled the wedding.', 'wedding'],
    ['scrapped the plan to buy a house this year', undefined, 'buy house'],
  ])('%s', (text, statement, target) => {
    const [c] = extract(text);
    expect([c!.kind, c!.op, c!.target]).toEqual(['plan', 'end', target]);
    if (statement) expect(c!.text).toBe(statement);
  });

  it('a plan put off keeps its new date', () => {
    const [c] = extract('the marathon got postponed to October');
    expect(c!.text).toBe("User's marathon got postponed to October 2026.");
    expect(c!.eventAt).toBe(Date.UTC(2026, 9, 1));
  });

  it('something else that is off is no plan of the user', () => {
    expect(extract('the meeting room light is off')).toEqual([]);
  });
});
