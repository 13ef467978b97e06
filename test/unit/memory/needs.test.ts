import { describe, expect, it } from 'vitest';
import {
  aboutQuery,
  asksAboutThePast,
  isPersonal,
  NEEDS,
  isKnowledgeQuestion,
  needsOf,
  servesNeed,
  slotMatches,
  slotsNeeded,
} from '../../../src/memory/needs';

const ids = (p: string) => needsOf(p).map((n) => n.id);

describe('what a prompt needs from the profile', () => {
  it('place-dependent requests need the home', () => {
    for (const p of [
      'Any good bakeries nearby?',
      'Is there a climbing gym close to me?',
      'What is the weather like in my area this weekend?',
      'Which local events are on tonight?',
    ])
      expect(slotsNeeded(p), p).toContain('home');
  });

  it('more everyday requests name what they need in their own words', () => {
    const cases: [string, string][] = [
      ['what should I do this weekend?', 'home'],
      ['find me a dentist that takes new patients', 'home'],
      ['what time does the sun set today?', 'home'],
      ['I need a plumber asap, who should I call?', 'home'],
      ['what are the best schools in the area?', 'home'],
      ['how should I ask for a raise?', 'job'],
      ['what should I wear to work tomorrow?', 'job'],
      ['draft a message to my manager about working from home on friday', 'employer'],
      ['gift ideas for valentines day', 'partner'],
      ['activities to keep the little one busy on a rainy day', 'children'],
      ['how much will it cost to fill up the tank?', 'vehicle'],
      ['is it safe for me to go running with my knee?', 'injury'],
      ['how much should I save each month?', 'salary'],
      ['what should I read next?', 'reading'],
      ['when did I have surgery?', 'health_condition'],
    ];
    for (const [p, slot] of cases) expect(slotsNeeded(p), p).toContain(slot);
  });

  it('an operation told as "had my appendix out" serves a question about surgery', () => {
    expect(
      servesNeed(
        'User had their appendix out on 24 February 2026.',
        needsOf('when did I have surgery?'),
      ),
    ).toBe(true);
    expect(ids('write a disaster recovery plan for our database')).not.toContain('health');
  });

  it('food requests need the diet and allergies, without sharing a word with them', () => {
    for (const p of [
      'Plan my meals for the week',
      'Give me a quick recipe for tonight',
      'What should I cook?',
    ])
      expect(slotsNeeded(p), p).toEqual(expect.arrayContaining(['diet', 'allergies']));
  });

  it('gifts and dates for the partner read every slot of the partner', () => {
    const s = slotsNeeded('Birthday present ideas for my husband?');
    expect(slotMatches('partner.likes', s)).toBe(true);
    expect(slotMatches('partner', s)).toBe(true);
    expect(slotMatches('daughter.allergies', s)).toBe(false);
  });

  it('direct questions about the user go to the attribute', () => {
    expect(ids('How old am I again?')[0]).toBe('ask-age');
    expect(ids('Where do I work?')[0]).toBe('ask-work');
    expect(ids('Which city do I live in?')[0]).toBe('ask-home');
    expect(ids('What’s my name?')[0]).toBe('ask-name');
  });

  it('generic prompts need nothing', () => {
    for (const p of [
      'Write a Python function that reverses a linked list.',
      'What is the capital of Peru?',
      'Explain how TLS handshakes work.',
      'Translate "good morning" into German.',
      'Give me a regex for email addresses.',
      'Summarise the French revolution in three sentences.',
    ])
      expect(needsOf(p), p).toEqual([]);
  });

  it("code for the user's own project reads their stack and style; a general snippet does not", () => {
    expect(slotsNeeded('write the endpoint for our backend that lists orders')).toEqual(
      expect.arrayContaining(['stack', 'code_style']),
    );
    expect(slotsNeeded('Write a function that removes duplicates from a list.')).toEqual([]);
  });

  it('cues match whole words only', () => {
    // "diet" inside "dietitian" is a cue with no star: it must not fire on a longer word.
    expect(ids('Who was the first dietitian?')).not.toContain('food');
    // "vet" must not fire inside "velvet".
    expect(ids('How do I clean a velvet sofa?')).toEqual([]);
  });

  it('a fact without a slot serves a need through its words', () => {
    const travel = needsOf('How should I get to Rome next month?');
    expect(servesNeed('User prefers trains over flying.', travel)).toBe(true);
    expect(servesNeed('User plays the cello.', travel)).toBe(false);
  });

  it('prompts about the past are told apart', () => {
    expect(asksAboutThePast('Where did I live before?')).toBe(true);
    expect(asksAboutThePast('Where do I live?')).toBe(false);
  });
});

describe('quoted material', () => {
  it('is what the user wants worked on, not what they need', () => {
    expect(needsOf("Translate 'where is the nearest restaurant?' into Spanish.")).toEqual([]);
    expect(needsOf('Translate "I love cooking dinner" into French')).toEqual([]);
    // An apostrophe inside a word is not a quote.
    expect(ids("What's a good restaurant near me?")).toContain('local');
  });
});

describe('questions about the world need nothing of the user', () => {
  it.each([
    'What is the difference between a latte and a flat white?',
    'Explain how tides work.',
    'What are the signs of burnout?',
    'How does a heat pump work?',
    'How many calories does a banana have? Is a banana a good snack?',
    'Who painted the Night Watch?',
    'Write a sonnet about a lighthouse keeper.',
    'Why is the sky blue?',
    'How do I undo the last git commit but keep the changes?',
    'How can I read a CSV file with pandas and drop empty rows?',
    'How do I convert a decimal number to binary?',
  ])('%s', (q) => {
    expect(isKnowledgeQuestion(q)).toBe(true);
    expect(needsOf(q)).toEqual([]);
  });

  it.each([
    'What is the difference between the two gyms near me?',
    'Explain how my medication interacts with coffee.',
    'Write a poem about our dog for my wife.',
    "What's the weather like this weekend?",
    'Recommend a restaurant for dinner tonight.',
    // How-tos that depend on who asks.
    'How do I ask for a raise?',
    'How do I lose weight?',
    'How do I fix the bug in my Python script?',
    'How do I use Python to plan my meals for next week?',
    'How can I use a spreadsheet function to plan meals for next week?',
  ])('not: %s', (q) => expect(isKnowledgeQuestion(q)).toBe(false));
});

describe('needs said in other words', () => {
  it.each([
    ['remind me how old I am', 'age'],
    ['what line of work am I in?', 'job'],
    ["where's home for me these days?", 'home'],
    ['is there anywhere to eat around here that does takeaway?', 'home'],
    ["what's the forecast for tomorrow?", 'home'],
    ['am I married?', 'relationship_status'],
    ['any medical conditions I should tell the dentist about?', 'health_condition'],
    ['how long will my commute take if it snows?', 'commute'],
    ['how much should I put into my pension each month?', 'home'],
    ['sort out my weekly food shop', 'grocery_store'],
  ])('%s → %s', (p, slot) => expect(slotsNeeded(p), p).toContain(slot));

  it.each([
    ['anything I should pack for the trip?', 'travel'],
    ['birthday present ideas for my nephew?', 'gift'],
    ["what's my hobby?", 'hobby'],
    ['which colours work for a chart?', 'colour'],
    ['what have I got on this week?', 'calendar'],
    ['plan a day out for the twins', 'children'],
  ])('%s → %s', (p, need) => expect(ids(p), p).toContain(need));

  it('facts without a slot serve a need by their words', () => {
    const need = (id: string) =>
      needsOf('x')
        .concat(NEEDS)
        .find((n) => n.id === id)!;
    expect(servesNeed('User is teaching themself the banjo.', [need('learning')])).toBe(true);
    expect(servesNeed('User is colourblind (red-green).', [need('colour')])).toBe(true);
    expect(servesNeed("User doesn't drink anymore.", [need('food')])).toBe(true);
  });

  it('a prompt about "we" and "our" is personal, and a starred word is looked up with its endings', () => {
    expect(isPersonal('what colour grout should we use for the kitchen tiles?')).toBe(true);
    expect(isPersonal('What colour is a flamingo?')).toBe(false);
    const food = NEEDS.find((n) => n.id === 'food')!;
    const q = aboutQuery([food]).split(' ');
    expect(q).toEqual(expect.arrayContaining(['allergy', 'allergist', 'allergic']));
  });
});

describe('text given to be worked on, and questions in a personal frame', () => {
  it.each([
    'translate into spanish: my husband and I are going to the beach tomorrow',
    'fix the grammar: me and my wife goes to the market every sunday',
    'proofread: I has been working at the hospital for 5 years',
    'can you explain what a mortgage is?',
    "what's the plural of octopus? my wife and I are arguing about it",
    'my son asked me why leaves change colour in autumn, how do I explain it simply?',
    "we're having a debate at work: is a hot dog a sandwich?",
  ])('%s', (q) => expect(isKnowledgeQuestion(q)).toBe(true));

  it.each([
    'rewrite my bio: I am a nurse in Leeds',
    'my wife says I snore, what can I do about it?',
    'my doctor told me to cut salt, what should I eat?',
    'my son asked me to help plan his birthday party, ideas?',
    'I was curious, what restaurants are near me?',
    'Can you explain how my pension works?',
  ])('not: %s', (q) => expect(isKnowledgeQuestion(q)).toBe(false));
});

describe('everyday requests in other words', () => {
  it.each([
    ['any good hikes within an hour or so of us?', 'home'],
    ['is my rent reasonable for the area?', 'home'],
    ["remind me who i'm working for at the moment?", 'employer'],
    ['how do i turn on low battery mode?', 'phone'],
    ['what should I get my other half for christmas?', 'partner'],
    ['plan a sunday outing for the whole family', 'children'],
    ['what kind of car should we look at for weekends away?', 'pet'],
    ['which seats should I book at the theatre on friday?', 'health_condition'],
    ['how much should i budget for transport to work each month?', 'commute'],
  ])('%s needs %s', (p, slot) => expect(slotsNeeded(p)).toContain(slot));

  it('"book" as a verb is no reading request', () => {
    expect(ids('which seats should I book at the theatre on friday?')).not.toContain('reading');
  });
});
