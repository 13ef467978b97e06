/**
 * Statements typed the way people type in chat (lower case, no subject, facts in an aside or
 * an opening phrase), read the same as their textbook forms. Written apart from the scenario
 * files: each case names a behaviour, not a benchmark sentence.
 */
import { describe, expect, it } from 'vitest';
import { RuleExtractor } from '../../../src/extract/rules';
import { truecase } from '../../../src/extract/text';
import type { Candidate, CapturedTurn } from '../../../src/memory/types';

const WED = Date.UTC(2026, 2, 11, 12); // Wednesday 11 March 2026
const ex = new RuleExtractor();

function extract(text: string, observedAt = WED): Candidate[] {
  const turn: CapturedTurn = {
    site: 'demo',
    conversationId: 'c',
    turnId: 't',
    role: 'user',
    text,
    url: 'http://127.0.0.1/',
    observedAt,
  };
  return ex.extractSync({ turn, context: [], similar: [] });
}

const withSlot = (text: string, slot: string) => extract(text).find((c) => c.slot === slot);

describe('casual phrasings', () => {
  it('reads a subject left out of a lower-case line', () => {
    expect(
      withSlot('got a new job at Brightwater Labs!! still settling in', 'employer'),
    ).toMatchObject({
      op: 'set',
      value: 'Brightwater Labs',
    });
    expect(withSlot('retired on friday, finally', 'employer')?.op).toBe('end');
    expect(withSlot('been living in Tampere for three years now', 'home')?.value).toBe('Tampere');
  });

  it('reads "i" typed in lower case as the user', () => {
    expect(withSlot("i'm not a teacher lol, i'm a sous-chef", 'job')?.value).toBe('sous-chef');
  });

  it('takes where the user is from "I\'m in <place>", not from a visit', () => {
    expect(withSlot("we're in Galway and the rain never stops", 'home')?.value).toBe('Galway');
    expect(withSlot("(i'm in Dundee, just curious)", 'home')?.value).toBe('Dundee');
    expect(withSlot("I'm in Rome for the weekend, where should I eat?", 'home')).toBeUndefined();
    expect(withSlot("I'm in Paris on business until Friday", 'home')).toBeUndefined();
  });

  it('reads a fact carried by an opening phrase', () => {
    expect(extract('as a paramedic, how do I fix my sleep after nights?')[0]?.text).toMatch(
      /paramedic/,
    );
    expect(extract('as someone who is colourblind, which chart colours work?')[0]?.text).toMatch(
      /colourblind/,
    );
    expect(withSlot('since the move to Tromsø my commute is awful', 'home')?.value).toBe('Tromsø');
    expect(withSlot('12 hour shifts as a vet nurse are brutal', 'job')?.value).toMatch(/vet nurse/);
  });

  it('corrects an age typed as "43 not 34"', () => {
    expect(withSlot("sorry typo, I'm 43 not 34", 'age')).toMatchObject({
      op: 'correct',
      value: '43',
      target: '34',
    });
  });

  it('takes a named phone model as the new phone, "new" or not', () => {
    expect(withSlot('caved and got a Pixel 9 last week', 'phone')?.value).toBe('Pixel 9');
  });

  it('takes a new partner said as "I\'m with <name> now"', () => {
    expect(withSlot("I'm with Noor now and it's going well", 'partner')?.value).toBe('Noor');
  });

  it('ends what a named loss was about', () => {
    expect(
      extract('we lost Pepper in the spring, she was 15').find((c) => c.op === 'end')?.target,
    ).toBe('Pepper');
  });

  it('switches a shop or a commute as one current habit', () => {
    expect(withSlot("I've gone over to Lidl for the weekly shop now", 'grocery_store')?.op).toBe(
      'set',
    );
    expect(withSlot('these days I get the train in', 'commute')?.op).toBe('set');
  });

  it('dates a coming event said with "got" forwards, and a kind of hike is no date', () => {
    const interview = extract("I've got an interview at Norvik on Monday, any tips?")[0]!;
    expect(new Date(interview.eventAt!).toISOString().slice(0, 10)).toBe('2026-03-16');
    const exam = extract("I've got my driving test in May")[0]!;
    expect(new Date(exam.eventAt!).toISOString().slice(0, 7)).toBe('2026-05');
    expect(extract("We're in Nelson and want a weekend hike with the kids")[0]?.text).toMatch(
      /weekend hike/,
    );
  });
});

describe('more of how chat is typed', () => {
  it('reads contractions typed without the apostrophe', () => {
    expect(extract('im a lighting technician at the Orbit theatre')[0]).toMatchObject({
      slot: 'employer',
      text: 'User is a lighting technician at the Orbit theatre.',
    });
  });

  it('takes the city a job is in as the home', () => {
    expect(withSlot("I'm a school nurse in Bergen and love it", 'home')?.value).toBe('Bergen');
  });

  it('dates a booking forwards', () => {
    const trip = extract('booked a week in Porto for the end of october!!')[0]!;
    expect(new Date(trip.eventAt!).toISOString().slice(0, 7)).toBe('2026-10');
  });

  it('keeps the statement a question without its comma is built on, not the question', () => {
    const out = extract('since my diet is halal can i eat at this vegan place without asking');
    expect(out.map((c) => c.slot)).toEqual(['diet']);
  });
});

describe('in-chat requests to forget, as people word them', () => {
  const target = (t: string) => extract(t).find((c) => c.op === 'forget')?.target;
  it('reads the target past the request and before the reason', () => {
    expect(target("can u delete the bit about my mum's surgery from your memory?")).toBe(
      "mum's surgery",
    );
    expect(target('on second thoughts, forget I said anything about Vantix please')).toBe('Vantix');
    expect(target("please forget what I said about my debts, I don't want that stored")).toBe(
      'debts',
    );
    expect(target('actually ignore the salary stuff, dont save that anywhere')).toBe('salary');
    expect(target("Please don't keep anything about Vantix in your memory.")).toBe('Vantix');
  });
});

describe('chat structure around a statement', () => {
  it('ends a statement at an emoji, but not before a conjunction', () => {
    expect(
      withSlot(
        'swapped the old hatchback for a used Kia EV6 🎉 any tips for winter range?',
        'vehicle',
      )?.value,
    ).toMatch(/EV6/);
    expect(
      withSlot('we said goodbye to our cat 😢 but we just adopted a whippet, Pickle!', 'pet'),
    ).toBeDefined();
  });

  it('reads a statement with its subject left out before a question', () => {
    expect(
      withSlot('working remote from Lyon, when should I schedule calls with Seattle?', 'home')
        ?.value,
    ).toBe('Lyon');
    expect(withSlot('im based in york atm, whats a cheap day out?', 'home')?.value).toBe('York');
  });

  it('splits a leading "since I…" clause from the main one', () => {
    const out = extract('Since I joined Ørsted as an analyst my weekends are free again.');
    expect(out.map((c) => c.text)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Ørsted/), expect.stringMatching(/weekends/)]),
    );
    expect(
      withSlot('Since I started at Maersk in May my commute is shorter', 'employer')?.value,
    ).toBe('Maersk');
  });

  it('reads the home named in passing and the "<role> here" idiom', () => {
    expect(withSlot('the heating in our flat in Gdansk is broken again', 'home')?.value).toBe(
      'Gdansk',
    );
    expect(
      withSlot('which museums are open late? here in Bergen it rains a lot', 'home')?.value,
    ).toBe('Bergen');
    expect(
      withSlot('paramedic here, working from Cork. how do I sleep after nights?', 'job')?.value,
    ).toMatch(/paramedic/);
    expect(
      withSlot('paramedic here, working from Cork. how do I sleep after nights?', 'home')?.value,
    ).toBe('Cork');
  });

  it('capitalises the names a text typed in lower case holds', () => {
    expect(withSlot('we moved to lisbon last month', 'home')?.value).toBe('Lisbon');
    expect(withSlot('We moved to lisbon last month', 'home')?.value).toBe('Lisbon');
    // A writer who capitalises names is taken at their word.
    expect(truecase('I moved to Paris with my dog rex')).toBe('I moved to Paris with my dog rex');
  });

  it('keeps what a label says a statement is about', () => {
    expect(extract('garden project update: we went with raised beds in the end')[0]?.text).toBe(
      'Garden project update: User went with raised beds in the end.',
    );
    expect(extract('new band name: The Quiet Hours')[0]?.text).toBe(
      "User's new band name: The Quiet Hours.",
    );
    // An opener names no subject.
    expect(extract('Big news: I adopted a greyhound')[0]?.text).toBe('User adopted a greyhound.');
  });

  it('reads a job given by someone else, and self-employment', () => {
    expect(withSlot('they promoted me to shift supervisor last week', 'job')?.value).toMatch(
      /shift supervisor/,
    );
    expect(withSlot("Since June I've been self-employed.", 'employer')?.value).toBe(
      'self-employed',
    );
    expect(withSlot("I'm a glazier in Leeds", 'job')?.value).toBe('glazier');
  });

  it('ends the employer when notice is handed in, and a new partner is a change', () => {
    expect(withSlot('I handed in my notice today', 'employer')?.op).toBe('end');
    expect(withSlot("I've since started dating Mateo", 'partner')?.value).toBe('Mateo');
  });

  it("reads a standing instruction for code as the user's coding preferences", () => {
    expect(
      withSlot('For all code you write for me: Python 3.12, type hints, no pandas.', 'code_style')
        ?.text,
    ).toBe("User's coding preferences: Python 3.12, type hints, no pandas.");
  });

  it('reads "can you not remember…" as a request to forget', () => {
    const f = extract('can you not remember the divorce stuff from last week? thanks')[0];
    expect(f).toMatchObject({ op: 'forget', target: 'divorce' });
  });

  it('reads what follows "and she\'s…" as said of the relative just named', () => {
    const texts = extract("my sister lives in Rome and she's got two kids").map((c) => c.text);
    expect(texts).toContain("User's sister has got two kids.");
    expect(
      extract("my dad turns 80 in May and he's really into jazz").map((c) => c.text),
    ).toContain("User's dad is really into jazz.");
  });

  it('reads renting or owning the home', () => {
    expect(withSlot('I rent, actually.', 'housing')).toBeDefined();
    expect(withSlot('we own our flat outright', 'housing')).toBeDefined();
    expect(withSlot('I rented a car for the trip', 'housing')).toBeUndefined();
  });
});

describe('phone-typed and non-native phrasings', () => {
  it('drops the pronoun that repeats the subject', () => {
    expect(extract('my wife she is allergic to kiwi')[0]?.text).toBe(
      "User's wife is allergic to kiwi.",
    );
  });

  it("reads the partner's words (gf, hubby) as the partner's, not the user's", () => {
    expect(withSlot('my bf is vegetarian so we eat lots of lentils', 'diet')).toBeUndefined();
    expect(withSlot('my bf is vegetarian so we eat lots of lentils', 'partner.diet')).toBeDefined();
  });

  it('reads where the user works from a new job or a boss named in passing', () => {
    expect(withSlot('week 2 of the new job at lidl, my feet hurt', 'employer')?.value).toBe('Lidl');
    expect(withSlot('my manager at Accenture is on leave', 'employer')?.value).toBe('Accenture');
  });

  it('names the animal just mentioned', () => {
    const pets = extract('we adopted a dog!! shes a labradoodle called Mango')
      .filter((c) => c.slot === 'pet')
      .map((c) => c.value);
    expect(pets).toContain('Mango, a labradoodle');
  });

  it('capitalises a person named after a relation or "seeing", in a lower-case text', () => {
    expect(truecase('been seeing marisol since june')).toBe('been seeing Marisol since june');
    expect(truecase('my gf ines loves hiking')).toBe('my gf Ines loves hiking');
    expect(truecase('my sister is a nurse')).toBe('my sister is a nurse');
    expect(withSlot('ive been seeing marisol since june, its going well', 'partner')?.value).toBe(
      'Marisol',
    );
  });

  it('reads "gave up and got…" as two statements, and a tool moved to as no home', () => {
    expect(withSlot('gave up and got a fairphone 4 in the end', 'phone')?.value).toMatch(
      /fairphone 4/i,
    );
    expect(withSlot('moved to Emacs last month, how do I set up org mode', 'home')).toBeUndefined();
    expect(
      withSlot('moved to Emacs last month, how do I set up org mode', 'editor')?.value,
    ).toMatch(/Emacs/);
    expect(withSlot("honestly we're staying put in Truro", 'home')?.value).toBe('Truro');
  });

  it('capitalises an employer typed in lower case, acronyms and shouting aside', () => {
    expect(truecase('started at halden optics in june, QA mostly. SO many meetings')).toBe(
      'started at Halden Optics in june, QA mostly. SO many meetings',
    );
    expect(truecase('im working at home today')).toBe('im working at home today');
    expect(withSlot('started at brightmoor labs last week, loving it', 'employer')?.value).toBe(
      'Brightmoor Labs',
    );
  });
});

describe('facts told as a subject or a sign', () => {
  it.each([
    ['being vegan in japan is HARD. dashi is in everything', 'diet', 'vegan'],
    ['being diabetic makes travel planning annoying', undefined, undefined],
    ['just landed in Osaka for my 2-year contract at the university', 'home', 'Osaka'],
    ['arrived in Leeds last night for my masters', 'home', 'Leeds'],
    ['the commute from Sunnyvale is killing me', 'home', 'Sunnyvale'],
    ["I'm a Melbourne-based designer, looking for clients", 'home', 'Melbourne'],
    ['as a Toronto local, where should I take visitors?', 'home', 'Toronto'],
    ["our landlord in Bristol won't fix the boiler", 'home', 'Bristol'],
    ['we just bought a place in Ghent', 'home', 'Ghent'],
    ["I've been in Nairobi for three years now", 'home', 'Nairobi'],
  ])('%s', (text, slot, value) => {
    const got = extract(text);
    if (slot) expect(got.find((c) => c.slot === slot)?.value).toBe(value);
    else expect(got.map((c) => c.text)).toContain('User is diabetic.');
  });

  it.each([
    'being stuck in traffic is awful',
    'being late is rude',
    'just landed in Rome for a conference',
    "my sister's landlord in Leeds is awful",
    'London-based companies pay more',
  ])('%s says nothing of the user’s diet or home', (text) => {
    expect(extract(text).filter((c) => c.slot === 'home' || c.slot === 'diet')).toEqual([]);
  });
});

describe('diets said in other words', () => {
  it.each([
    ["we're doing keto as a family now", 'set'],
    ['trying to eat plant-based these days', 'set'],
    ['I eat everything now', 'set'],
    ['I gave up on the low-carb thing in April.', 'end'],
    ['quit keto last month, felt awful', 'end'],
    ['I stopped being vegan', 'end'],
  ])('%s', (text, op) => {
    expect(withSlot(text, 'diet')?.op).toBe(op);
  });

  it('"no more dairy for me" keeps the negation', () => {
    expect(extract("no more dairy for me, my stomach can't take it").map((c) => c.text)).toEqual([
      'User avoids dairy.',
    ]);
    expect(extract('no, more coffee please')).toEqual([]);
  });

  it('"off" and "on" something that is no food say nothing of a diet', () => {
    for (const t of ["I'm off work today", "I'm on a plane right now"])
      expect(withSlot(t, 'diet'), t).toBeUndefined();
  });
});

describe('changes told by indirection', () => {
  it.each([
    ['my ex-wife and I are sorting out custody', 'partner', 'end'],
    ["since the divorce I've been cooking for one", 'partner', 'end'],
    ['after the breakup I moved back in with my parents', 'partner', 'end'],
    ['my husband and I separated in March', 'partner', 'end'],
    ["I'm between jobs right now", 'employer', 'end'],
    ["I'm now a stay at home dad", 'job', 'set'],
    ['we signed the lease on a flat in Porto', 'home', 'set'],
  ])('%s', (text, slot, op) => {
    expect(withSlot(text, slot)?.op).toBe(op);
  });

  it('a past partner beside a current one, or someone else’s divorce, ends nothing', () => {
    for (const t of [
      "my ex and my new girlfriend don't get along",
      "since my parents' divorce I've hated christmas",
    ])
      expect(withSlot(t, 'partner'), t).toBeUndefined();
  });
});

describe('signs of a job, a home rented and a pet', () => {
  it.each([
    ['on call this weekend again, the joys of being a junior doctor', 'job', 'junior doctor'],
    ['my landlord raised the rent again', 'housing', 'home'],
    ['walking the dog before work every morning', 'pet', 'dog'],
  ])('%s', (text, slot, value) => {
    expect(withSlot(text, slot)?.value).toBe(value);
  });
  it("someone else's landlord says nothing of the user's home", () => {
    expect(withSlot("my sister's landlord is awful", 'housing')).toBeUndefined();
  });
});

describe('an employer named after "at", "for" or "with"', () => {
  it.each([
    ['I accepted a job at the city council, starting next week', 'city council'],
    ['I got a job at a yoga studio, starting in two weeks', 'yoga studio'],
  ])('%s', (text, value) => {
    expect(withSlot(text, 'employer')?.value).toBe(value);
  });
});

describe('a habit taken up, a new partner, a relative with an adjective', () => {
  it('"taken up bouldering" is one more exercise, not a switch', () => {
    const c = withSlot("I've taken up bouldering, three times a week now", 'exercise');
    expect([c?.op, c?.value]).toEqual(['add', 'bouldering']);
    expect(withSlot('I took up running in January', 'exercise')?.value).toBe('running');
    expect(withSlot('I took up the offer', 'exercise')).toBeUndefined();
  });

  it('"my new partner Sam" makes Sam the partner', () => {
    expect(withSlot('my new partner Sam is a chef', 'partner')?.value).toBe('Sam');
  });

  it("a relative's likes are theirs, with an adjective before the relation too", () => {
    const got = extract('my new husband Tom hates seafood');
    expect(got.filter((c) => c.slot?.startsWith('opinion_'))).toEqual([]);
    expect(withSlot('my little sister Mia is allergic to peanuts', 'sister.allergies')?.value).toBe(
      'peanuts',
    );
  });
});

describe('a school by its year, an age to come, a partner named after', () => {
  it.each([
    ['first year at Edinburgh uni is brutal', 'school', 'set', 'Edinburgh'],
    ["I'm in my final year at UCL", 'school', 'set', 'UCL'],
    ['I started at Monash in February, studying nursing', 'school', 'set', 'Monash'],
    ["I'm turning 40 next month, planning a party", 'age', 'plan', '40'],
    ['been seeing someone new, his name is Tomás', 'partner', 'set', 'Tomás'],
  ])('%s', (text, slot, op, value) => {
    const c = withSlot(text, slot);
    expect([c?.op, c?.value]).toEqual([op, value]);
  });

  it('a start without study is a job; "turning 30 minutes late" is no age', () => {
    expect(withSlot('I started at Google in February', 'employer')?.value).toBe('Google');
    expect(withSlot("I'm turning 30 minutes late", 'age')).toBeUndefined();
  });
});

describe('a new job, told before it starts', () => {
  it('"starting in June" looks ahead although the offer was accepted in the past', () => {
    const c = withSlot('I accepted an offer from Harlow Dental, starting in June', 'employer');
    expect(c?.value).toBe('Harlow Dental');
    expect(new Date(c?.eventAt ?? 0).toISOString().slice(0, 7)).toBe('2026-06');
    // A past event in a later month is still last year's.
    const wed = extract('I got married in June').find((x) => x.eventAt);
    expect(new Date(wed?.eventAt ?? 0).toISOString().slice(0, 7)).toBe('2025-06');
  });

  it('"I\'ll be working at the Riverside library from September" plans the employer', () => {
    const c = withSlot("I'll be working at the Riverside library from September", 'employer');
    expect([c?.op, c?.value]).toEqual(['plan', 'Riverside']);
  });

  it('"got the job!" changes the employer without a made-up value', () => {
    const c = withSlot('got the job!!', 'employer');
    expect(c?.op).toBe('set');
    expect(c?.value).toBeUndefined();
  });
});

describe('habits and circumstances told in passing', () => {
  it.each([
    ['three months smoke-free today!!', 'smoking', 'end', undefined],
    ['i smoke about half a pack a day', 'smoking', 'set', undefined],
    ["day 60 and i've been off the booze since easter", 'alcohol', 'set', 'does not drink'],
    [
      'as a non-drinker i always feel left out at wine tastings',
      'alcohol',
      'set',
      'does not drink',
    ],
    ["I don't drink alcohol at all", 'alcohol', 'set', 'does not drink'],
    ["6 weeks vegetarian now and I don't miss it", 'diet', 'set', 'vegetarian'],
    ["now that the car's gone I take the bus", 'vehicle', 'end', undefined],
    ['been fully remote since march', 'commute', 'set', undefined],
    ['ugh severe tree nut allergy here, I carry an epipen', 'allergies', 'add', 'tree nut'],
    ['we are a family of four in a 2 bedroom apartment in Kampala', 'home', 'set', 'Kampala'],
    ["they've only gone and made me store manager!!", 'job', 'set', 'store manager'],
    ["I'm 10 weeks pregnant and haven't told anyone", 'pregnancy', 'set', '10 weeks pregnant'],
    ["I'm pregnant with our first, due in october!!", 'pregnancy', 'set', 'pregnant'],
  ])('%s', (text, slot, op, value) => {
    const c = withSlot(text, slot);
    expect([c?.op, c?.value]).toEqual([op, value]);
  });

  it('"got two boys" is having them', () => {
    expect(extract('got two boys, 7 and 10, any rainy day ideas?')[0]).toMatchObject({
      text: 'User has two boys.',
      kind: 'relationship',
    });
  });

  it('working from home as a translator is a job, not a way to work', () => {
    expect(withSlot('I work from home as a translator', 'commute')).toBeUndefined();
  });
});

describe('dates that are no dates, and one that is', () => {
  const dated = (text: string) => extract(text).find((c) => c.eventAt !== undefined);
  it.each([
    "haven't had a drink for about 10 years",
    'I do night shifts, 3 x 12s a week',
    "I'm completely knackered by wednesday every week",
    'I coach an under-10s hockey team on Saturday mornings',
  ])('%s', (text) => expect(dated(text)).toBeUndefined());

  it('"two years ago today" is that day', () => {
    const c = dated('we got married two years ago today');
    expect(new Date(c?.eventAt ?? 0).toISOString().slice(0, 10)).toBe('2024-03-11');
  });

  it('"in ten days" is a date', () => {
    const c = dated('my citizenship ceremony is in ten days!!');
    expect(new Date(c?.eventAt ?? 0).toISOString().slice(0, 10)).toBe('2026-03-21');
  });
});

describe('setting right what the assistant assumed', () => {
  it('"husband actually haha, Ahmed" names the partner', () => {
    expect(
      withSlot('husband actually haha, Ahmed. he loves architecture', 'partner'),
    ).toMatchObject({ op: 'set', value: 'Ahmed' });
    expect(withSlot('my boyfriend actually bought it', 'partner')).toBeUndefined();
  });

  it('"oh I\'m not american lol, I\'m in Christchurch" still gives the home', () => {
    expect(
      withSlot("oh I'm not american lol, I'm in Christchurch, New Zealand", 'home')?.value,
    ).toBe('Christchurch');
  });
});
