import { redactSecrets } from '../../../src/extract/redact';
import { describe, expect, it } from 'vitest';
import { RuleExtractor, splitSentences, MAX_CHARS } from '../../../src/extract/rules';
import { formatMemoryBlock } from '../../../src/inject/marker';
import type { CapturedTurn, Candidate, MemoryKind } from '../../../src/memory/types';

/** Sunday 3 May 2026, noon UTC. */
const SUN = Date.UTC(2026, 4, 3, 12);
/** Monday 8 May 2023 (LoCoMo session date). */
const MON = Date.UTC(2023, 4, 8, 13);

function turn(text: string, observedAt = SUN, role: 'user' | 'assistant' = 'user'): CapturedTurn {
  return {
    site: 'chatgpt',
    conversationId: 'c1',
    turnId: 't1',
    role,
    text,
    url: 'https://chatgpt.com/c/c1',
    observedAt,
  };
}

const ex = new RuleExtractor();
async function run(text: string, observedAt = SUN, userName?: string): Promise<Candidate[]> {
  const input = userName
    ? { turn: turn(text, observedAt), context: [], similar: [], userName }
    : { turn: turn(text, observedAt), context: [], similar: [] };
  return (await ex.extract(input)).candidates;
}

type Pos = [input: string, expected: string, kind: MemoryKind, slot?: string];

/** Exact expected text: the rewrite is part of the contract. */
const POSITIVE: Pos[] = [
  // identity
  ['My name is Priya.', "User's name is Priya.", 'identity', 'name'],
  ["I'm 29.", 'User is 29.', 'identity', 'age'],
  ["I'm 32 years old.", 'User is 32 years old.', 'identity', 'age'],
  ["I'm Canadian.", 'User is Canadian.', 'identity', 'nationality'],
  ['My pronouns are they/them.', "User's pronouns are they/them.", 'identity', 'pronouns'],
  ["I'm originally from Sweden.", 'User is originally from Sweden.', 'identity', 'origin'],
  ['I speak French and German.', 'User speaks French and German.', 'identity'],
  // home and moves
  ['I live in Berlin now.', 'User lives in Berlin now.', 'fact', 'home'],
  ['I live in Berlin and work at SAP.', 'User lives in Berlin and works at SAP.', 'fact', 'home'],
  ['I moved to Lisbon last year.', 'User moved to Lisbon in 2025.', 'fact', 'home'],
  // A dated plan: the home it names from that date on (op 'plan', see ops.test.ts).
  ["We're moving to Denver next month.", 'User is moving to Denver in June 2026.', 'plan', 'home'],
  // work
  ['I work at Spotify.', 'User works at Spotify.', 'work', 'employer'],
  ["I'm a nurse.", 'User is a nurse.', 'work', 'job'],
  ['I work as a data scientist.', 'User works as a data scientist.', 'work', 'job'],
  ['I quit my job yesterday.', 'User quit their job on 2 May 2026.', 'work', 'employer'],
  [
    "I'm a software engineer at Google.",
    'User is a software engineer at Google.',
    'work',
    'employer',
  ],
  ['I got promoted to senior engineer!', 'User got promoted to senior engineer.', 'work', 'job'],
  ["I'm building a budgeting app in Rust.", 'User is building a budgeting app in Rust.', 'work'],
  // family and relationships
  [
    'My sister Anna lives in Lyon.',
    "User's sister Anna lives in Lyon.",
    'relationship',
    'sister.home',
  ],
  ['My wife Sarah is a teacher.', "User's wife Sarah is a teacher.", 'relationship', 'partner.job'],
  ["I'm single.", 'User is single.', 'relationship', 'relationship_status'],
  ['I have two daughters.', 'User has two daughters.', 'relationship'],
  ['My brother Tom just got engaged.', "User's brother Tom just got engaged.", 'relationship'],
  // pets
  ['I have a cat named Miso.', 'User has a cat named Miso.', 'fact', 'pet'],
  ['Our dog Biscuit is 5 years old.', "User's dog Biscuit is 5 years old.", 'fact', 'pet'],
  [
    'We adopted a kitten last week.',
    'User adopted a kitten in the week before 3 May 2026.',
    'fact',
    'pet',
  ],
  // health and diet
  ["I'm vegetarian", 'User is vegetarian.', 'health', 'diet'],
  ["I'm vegan.", 'User is vegan.', 'health', 'diet'],
  ['I have type 2 diabetes.', 'User has type 2 diabetes.', 'health'],
  ["I'm allergic to shellfish.", 'User is allergic to shellfish.', 'health', 'allergies'],
  ['I broke my wrist last month.', 'User broke their wrist in April 2026.', 'health'],
  ["I don't eat pork.", "User doesn't eat pork.", 'health'],
  ["Remember that I'm lactose intolerant.", 'User is lactose intolerant.', 'health'],
  // preferences
  ['I love jazz.', 'User loves jazz.', 'preference', 'opinion_jazz'],
  ['I hate cilantro.', 'User hates cilantro.', 'preference', 'opinion_cilantro'],
  ['My favorite book is Dune.', "User's favorite book is Dune.", 'preference', 'favorite_book'],
  ['I prefer tea over coffee.', 'User prefers tea over coffee.', 'preference', 'opinion_tea'],
  [
    'I usually go to the gym in the morning.',
    'User usually goes to the gym in the morning.',
    'preference',
    'exercise',
  ],
  // tools
  ['I use VS Code and Python.', 'User uses VS Code and Python.', 'tool', 'editor'],
  ['My editor is Neovim.', "User's editor is Neovim.", 'tool', 'editor'],
  ['We use PostgreSQL in production.', 'User uses PostgreSQL in production.', 'tool'],
  // decisions, plans, events
  ['I decided to learn Japanese.', 'User decided to learn Japanese.', 'fact'],
  ["I'm going to Japan in October.", 'User is going to Japan in October 2026.', 'plan'],
  ['My exam is next Tuesday.', "User's exam is on 5 May 2026.", 'plan'],
  [
    'I have a dentist appointment tomorrow.',
    'User has a dentist appointment on 4 May 2026.',
    'plan',
  ],
  ['My thesis is due on the 15th', "User's thesis is due on 15 May 2026.", 'plan'],
  [
    "My sister's wedding is on the 13th of June.",
    "User's sister's wedding is on 13 June 2026.",
    'relationship',
  ],
  ["We're away on the weekend of June 13.", 'User is away on the weekend of 13 June 2026.', 'plan'],
  ["We're adopting a puppy next Friday", 'User is adopting a puppy on 8 May 2026.', 'plan'],
  ['I ran a marathon in April.', 'User ran a marathon in April 2026.', 'event'],
  [
    'Last weekend I went hiking with my dad.',
    'User went hiking with their dad on the weekend before 3 May 2026.',
    'event',
  ],
  [
    'Yesterday my daughter and I baked cookies.',
    'User baked cookies with their daughter on 2 May 2026.',
    'event',
  ],
  [
    "I think I'm going to quit my job next month",
    'User is going to quit their job in June 2026.',
    'plan',
  ],
  [
    "I'm flying to Tokyo next week for a conference",
    'User is flying to Tokyo in the week after 3 May 2026 for a conference.',
    'plan',
  ],
];

describe('RuleExtractor: positive turns', () => {
  it('has at least 40 positive cases', () => expect(POSITIVE.length).toBeGreaterThanOrEqual(40));
  it.each(POSITIVE)('%s', async (input, expected, kind, slot) => {
    const cands = await run(input);
    expect(cands.map((c) => c.text)).toContain(expected);
    const c = cands.find((x) => x.text === expected)!;
    expect(c.kind).toBe(kind);
    expect(c.slot).toBe(slot);
    expect(c.confidence).toBeGreaterThan(0);
    expect(c.confidence).toBeLessThanOrEqual(1);
  });
});

describe('RuleExtractor: details', () => {
  it('reorders a move and dates it', async () => {
    const [c] = await run('I moved to Berlin from Munich in May', Date.UTC(2026, 5, 10));
    expect(c!.text).toBe('User moved from Munich to Berlin in May 2026.');
    expect(c!.slot).toBe('home');
    expect(c!.entities).toEqual(expect.arrayContaining(['Berlin', 'Munich']));
    expect(c!.eventAt).toBe(Date.UTC(2026, 4, 1));
  });

  it('sets eventAt on plans', async () => {
    const [c] = await run("We're adopting a puppy next Friday");
    expect(c!.eventAt).toBe(Date.UTC(2026, 4, 8));
    expect(c!.kind).toBe('plan');
  });

  it('writes LoCoMo-style events about the speaker', async () => {
    const [a] = await run(
      'Hey Mel! I went to a LGBTQ support group yesterday and it was so powerful.',
      MON,
      'Caroline',
    );
    // What the user said about the event stays with it (LoCoMo's observations keep it too).
    expect(a!.text).toBe(
      'Caroline went to a LGBTQ support group on 7 May 2023 and it was so powerful.',
    );
    expect(a!.kind).toBe('event');
    expect(a!.eventAt).toBe(Date.UTC(2023, 4, 7));
    expect(a!.entities).toContain('LGBTQ');
    const [b] = await run('My kids and I painted a sunset last week', MON, 'Melanie');
    expect(b!.text).toBe('Melanie painted a sunset with their kids in the week before 8 May 2023.');
    expect(b!.eventAt).toBe(Date.UTC(2023, 4, 1));
  });

  it('gives single-valued attributes the same slot so a change can be told from a new fact', async () => {
    const [a] = await run('I live in Munich.');
    const [b] = await run('I live in Berlin now.');
    expect(a!.slot).toBe('home');
    expect(b!.slot).toBe('home');
    expect(a!.text).not.toBe(b!.text);
    const [d1] = await run("I'm vegetarian.");
    const [d2] = await run("I'm vegan now.");
    expect(d1!.slot).toBe('diet');
    expect(d2!.slot).toBe('diet');
  });

  it('gives an additional value of an attribute the `add` operation, not a change', async () => {
    const [a] = await run("I'm allergic to peanuts.");
    expect([a!.slot, a!.op, a!.value]).toEqual(['allergies', 'add', 'peanuts']);
    const [b] = await run('I have a dog named Rex.');
    expect([b!.slot, b!.op]).toEqual(['pet', 'add']);
    const [c] = await run('I went to the cinema.');
    expect(c!.slot).toBeUndefined();
  });

  it('splits a turn into several facts', async () => {
    const cands = await run(
      "My name is Sam. I'm 32 years old and I'm French. I have a dog named Rex and my cat Luna is 3.",
    );
    expect(cands.map((c) => c.slot ?? c.kind)).toEqual([
      'name',
      'age',
      'nationality',
      'pet',
      'pet',
    ]);
    expect(cands.flatMap((c) => c.entities)).toEqual(
      expect.arrayContaining(['Sam', 'Rex', 'Luna']),
    );
  });

  it('keeps both halves of "I like X but I don\'t like Y"', async () => {
    const cands = await run("I like cats but I don't like dogs.");
    expect(cands.map((c) => c.text)).toEqual(['User likes cats.', "User doesn't like dogs."]);
    expect(cands.every((c) => c.kind === 'preference')).toBe(true);
  });

  it('collects people, places and organisations as entities', async () => {
    const [c] = await run("I'm married to Sarah and we have two kids.");
    expect(c!.entities).toContain('Sarah');
    const [w] = await run("I'm a software engineer at Google in London.");
    expect(w!.entities).toEqual(expect.arrayContaining(['Google', 'London']));
  });
});

describe('RuleExtractor: pronoun rewriting', () => {
  const cases: [string, string, string?][] = [
    ['I love my dog.', 'User loves their dog.'],
    ['I taught myself Python.', 'User taught themself Python.'],
    ["I've been to Japan twice.", 'User has been to Japan twice.'],
    ["I'll start my new job in June.", 'User will start their new job in June 2026.'],
    ['My mom called me last night.', "User's mom called User on 2 May 2026."],
    ['We have two cats.', 'User has two cats.'],
    ['I am a teacher.', 'Maria is a teacher.', 'Maria'],
    ["I don't like horror movies.", "Maria doesn't like horror movies.", 'Maria'],
    ['I really enjoy cooking for my friends.', 'User really enjoys cooking for their friends.'],
    ['I watch anime and play chess.', 'User watches anime and plays chess.'],
  ];
  it.each(cases)('%s', async (input, expected, name) => {
    const cands = await run(input, SUN, name);
    expect(cands.map((c) => c.text)).toContain(expected);
    for (const c of cands) expect(c.text).not.toMatch(/\b(?:I|me|my|mine|myself|I'm|I've|I'll)\b/);
  });
});

const NEGATIVE: string[] = [
  'Should I learn Rust or Go?',
  'Can you write me a cover letter?',
  'Write a poem about my cat.',
  "Translate 'I am hungry' into Spanish.",
  'If I were rich, I would buy a boat.',
  'I would love a recipe for lasagna.',
  'What should I cook tonight?',
  'My friend said "I live in Paris and I love it".',
  'The Eiffel Tower is in Paris.',
  'Python is a great language for beginners.',
  'How do I center a div?',
  'I wonder if it will rain tomorrow.',
  "Thanks, that's really helpful!",
  "I think that's a great idea.",
  'Please summarize this article for me.',
  'I need help with my resume.',
  'Could you explain quantum computing to me?',
  "I'd like to book a table for two.",
  "Imagine I'm a pirate and tell me a story.",
  'Suppose I moved to Mars, what would I eat?',
  "Let's try another approach.",
  "I'm not sure what you mean.",
  'I see, that makes sense.',
  'Give me 5 ideas for my birthday party.',
  'lol',
  'Is it true that I need a visa for Japan?',
  '> I live in Rome and I love pasta\nWhat does this quote mean?',
  "```\nconst me = 'I live in Rome';\n// I am vegetarian\n```",
  // What the service hands on after redacting a password (src/privacy/clean.ts).
  'My password is [redacted:password]',
  'My code throws a TypeError when I run it.',
  'I might go to the party.',
  'Should we get a dog?',
  "I'm so excited!",
  'The article says I should drink more water.',
  `${formatMemoryBlock([{ text: 'User is vegetarian.' }, { text: 'User lives in Berlin.' }])}`,
];

describe('RuleExtractor: negative turns', () => {
  it('has at least 25 negative cases', () => expect(NEGATIVE.length).toBeGreaterThanOrEqual(25));
  it.each(NEGATIVE)('%s yields nothing', async (input) => {
    expect(await run(input)).toEqual([]);
  });

  it("strips the injected block but keeps the user's own words", async () => {
    const text = `I live in Oslo.\n\n${formatMemoryBlock([{ text: 'User is vegetarian.' }, { text: 'User works at Acme.' }])}`;
    const cands = await run(text);
    expect(cands.map((c) => c.text)).toEqual(['User lives in Oslo.']);
  });

  it('never emits a redacted secret', async () => {
    // The text as the service hands it on: redacted once, at capture.
    const cands = await run(
      redactSecrets(
        'My API key is sk-proj-4fT9xQ2mLp8Zr1Vb7NcK3sYw6HdJ0aUe5GiO and I live in Rome.',
      ).text,
    );
    expect(cands.map((c) => c.text)).toEqual(['User lives in Rome.']);
    for (const c of cands) expect(c.text).not.toContain('[redacted');
  });

  it('ignores assistant turns by default', async () => {
    const input = {
      turn: turn("I'm vegetarian. You mentioned you live in Berlin.", SUN, 'assistant'),
      context: [],
      similar: [],
    };
    expect((await ex.extract(input)).candidates).toEqual([]);
  });

  it('with assistantTurns, keeps only restatements of the user, at lower confidence', async () => {
    const ax = new RuleExtractor({ assistantTurns: true });
    const input = {
      turn: turn("I'm an AI assistant. You mentioned that you live in Berlin.", SUN, 'assistant'),
      context: [],
      similar: [],
    };
    const cands = (await ax.extract(input)).candidates;
    expect(cands.map((c) => c.text)).toEqual(['User lives in Berlin.']);
    expect(cands[0]!.confidence).toBeLessThan(0.7);
  });
});

describe('splitSentences', () => {
  it('splits on sentence ends but not on abbreviations, and on lines', () => {
    expect(
      splitSentences(
        'Dr. Smith works at Google Inc. in New York. I agree!\n- item one\n- item two',
      ),
    ).toEqual(['Dr. Smith works at Google Inc. in New York.', 'I agree!', 'item one', 'item two']);
  });
});

describe('RuleExtractor: bounded work', () => {
  it('handles a 200,000-character turn and reads only the first MAX_CHARS', async () => {
    const filler = 'I went to the park yesterday with my dog. The weather report said rain. ';
    let text = 'I live in Reykjavik. ';
    while (text.length < 200_000) text += filler;
    text += 'I live in Tromso.';
    const cands = await run(text);
    const texts = cands.map((c) => c.text);
    expect(texts).toContain('User lives in Reykjavik.');
    expect(texts).not.toContain('User lives in Tromso.');
    expect(MAX_CHARS).toBeLessThan(200_000);
  });

  it('stops when the signal is aborted', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(
      ex.extract({ turn: turn('I live in Oslo.'), context: [], similar: [] }, ac.signal),
    ).rejects.toThrow('stop');
  });
});

describe('comma-spliced statements', () => {
  const ex = new RuleExtractor();
  const run = async (text: string) =>
    (
      await ex.extract({
        turn: {
          site: 'demo',
          conversationId: 'c',
          turnId: 't',
          role: 'user',
          text,
          url: '',
          observedAt: Date.UTC(2026, 4, 3),
        },
        context: [],
        similar: [],
      })
    ).candidates.map((c) => [c.text, c.slot ?? null]);

  it('splits "I\'m X, I live in Y" into one fact per statement, each with its slot', async () => {
    expect(
      await run("Hi! I'm vegetarian, I live in Lisbon and I work at Acme as a data engineer."),
    ).toEqual([
      ['User is vegetarian.', 'diet'],
      ['User lives in Lisbon.', 'home'],
      ['User works at Acme as a data engineer.', 'employer'],
    ]);
  });

  it('keeps a leading time phrase with its statement', async () => {
    expect(await run('Yesterday, I went to a pottery class.')).toEqual([
      ['User went to a pottery class on 2 May 2026.', null],
    ]);
  });
});
