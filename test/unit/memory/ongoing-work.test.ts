/**
 * Ongoing work (issue 17, item 5): a prompt that continues work spread over several chats
 * gets that work's latest state, newest chat first, with the answers the user agreed to;
 * never the chat it is typed in, never an answer the user did not take, and nothing for a
 * general question that shares the work's words.
 */
import { describe, expect, it } from 'vitest';
import { agreesWith } from '../../../src/extract/agree';
import { continuesWork } from '../../../src/memory/thread';
import { INJECTION_SEARCH } from '../../../src/inject/plan';
import { formatMemoryBlock } from '../../../src/inject/marker';
import { makeEngine, ScriptedExtractor, turn } from '../../helpers/engine';

const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2026, 2, 1, 10);

/** A chat of alternating user and assistant turns, a minute apart, on day `day`. */
function chat(id: string, day: number, lines: string[]) {
  return lines.map((text, i) =>
    turn(text, {
      conversationId: id,
      turnId: `${id}-${i + 1}`,
      role: i % 2 === 0 ? 'user' : 'assistant',
      url: `http://127.0.0.1/demo/c/${id}`,
      observedAt: T0 + day * DAY + i * 60_000,
    }),
  );
}

const TRIP_1 = chat('trip-1', 0, [
  "I'm planning a week in Kyoto in June and want to see the moss garden at Saiho-ji.",
  'Saiho-ji needs a postcard reservation two months ahead; Ruriko-in opens only in spring and autumn.',
]);
const BAKING = chat('bake-1', 1, [
  'I want to bake sourdough bread at home this weekend.',
  'Start a levain the night before; use 75% hydration.',
]);
const TRIP_2 = chat('trip-2', 2, [
  "I've mailed the Saiho-ji postcard for June 3rd. Next I need a ryokan near Arashiyama.",
  'Option 1: Hoshinoya Kyoto by the river. Option 2: Arashiyama Benkei, quieter and cheaper.',
  "Option 2 sounds perfect, let's go with Benkei for four nights.",
  'Great. I would also suggest a lunch at the Saiho-ji tea house, but it is often full.',
]);

async function engineWith(...chats: ReturnType<typeof chat>[]) {
  const made = await makeEngine(new ScriptedExtractor());
  for (const c of chats) for (const t of c) await made.engine.ingest(t, 'site:demo');
  return made;
}

const SEARCH = { ...INJECTION_SEARCH, buckets: ['site:demo'], limit: 20 };

describe('ongoing work', () => {
  it("brings the work's newest chat first, with the answer the user agreed to, marked", async () => {
    const { engine } = await engineWith(TRIP_1, BAKING, TRIP_2);
    const hits = await engine.injectionSearch(
      "Let's continue the Kyoto plan: what's left now that the Saiho-ji postcard is mailed?",
      SEARCH,
    );
    const work = hits.filter((h) => h.need === 'ongoing work');
    const texts = work.map((h) => h.text);
    // The newest chat of the work leads; the older one follows; baking is not part of it.
    expect(texts[0]).toMatch(/mailed the Saiho-ji postcard/);
    expect(texts.join('\n')).toMatch(/week in Kyoto/);
    expect(texts.join('\n')).not.toMatch(/sourdough|levain/);
    // The options the user took come in as the user's decision; the tea-house remark, which
    // no turn agreed to, never does.
    const agreed = work.filter((h) => h.agreed);
    expect(agreed.map((h) => h.text)).toEqual([expect.stringMatching(/Benkei/)]);
    expect(hits.map((h) => h.text).join('\n')).not.toMatch(/tea house/);
    expect(formatMemoryBlock([{ text: agreed[0]!.text, agreed: true }])).toMatch(
      /- an answer I agreed to: "Option 1/,
    );
  });

  it("brings each chat's opening, newest first, then the newest chat's later turns", async () => {
    const trip1 = chat('trip-1', 0, [
      ...TRIP_1.map((t) => t.text),
      'I also want to see Ruriko-in in Kyoto if it opens in June.',
    ]);
    const { engine } = await engineWith(trip1, BAKING, TRIP_2);
    const hits = await engine.injectionSearch(
      "Let's continue the Kyoto plan: what's left now that the Saiho-ji postcard is mailed?",
      SEARCH,
    );
    const texts = hits.filter((h) => h.need === 'ongoing work').map((h) => h.text);
    // trip-2's opening, trip-1's, then trip-2's later turns (its latest state), then trip-1's.
    expect(texts).toEqual([
      expect.stringMatching(/mailed the Saiho-ji postcard/),
      expect.stringMatching(/week in Kyoto/),
      expect.stringMatching(/Option 1/),
      expect.stringMatching(/Option 2 sounds perfect/),
      expect.stringMatching(/Ruriko-in/),
    ]);
  });

  it('never brings the turns of the chat the prompt is typed in', async () => {
    const { engine } = await engineWith(TRIP_1, TRIP_2);
    const hits = await engine.injectionSearch("What's next for my Kyoto trip and the ryokan?", {
      ...SEARCH,
      conversation: { site: 'demo', conversationId: 'trip-2' },
    });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.provenance[0]?.conversationId).not.toBe('trip-2');
  });

  it('brings nothing for a general question that shares the work’s words', async () => {
    const { engine } = await engineWith(TRIP_1, BAKING, TRIP_2);
    for (const q of [
      'What is the history of the Saiho-ji moss garden in Kyoto?',
      'How long does sourdough bread take to bake?',
    ])
      expect(await engine.injectionSearch(q, SEARCH), q).toEqual([]);
  });

  it('lists an agreed answer with the user’s turns, and deleting it keeps it out', async () => {
    const { engine } = await engineWith(TRIP_1, TRIP_2);
    const listed = (await engine.listTurns({})).items;
    const answer = listed.find((e) => e.agreed);
    expect(answer?.text).toMatch(/Benkei/);
    expect(listed.filter((e) => e.role === 'assistant')).toEqual([answer]);
    await engine.forget({ type: 'turn', key: answer!.key });
    const hits = await engine.injectionSearch("Let's continue my Kyoto ryokan plan.", SEARCH);
    expect(hits.map((h) => h.text).join('\n')).not.toMatch(/Hoshinoya|Benkei Kyoto by/);
  });
});

describe('agreesWith', () => {
  it.each([
    'Yes, that works for me.',
    'Perfect — book it.',
    'This itinerary looks great, thanks.',
    "Okay, that's exactly what I needed.",
    "Let's go with the second option.",
    'Option 2 it is, please.',
    'Ah, now this makes sense. Good work.',
  ])('agrees: %s', (t) => expect(agreesWith(t)).toBe(true));

  it.each([
    'No, you missed the voice notes entirely.',
    'Hmm, not quite. It is too expensive.',
    'What about trains instead?',
    'I moved to Berlin last month.',
    "That's not what I asked for.",
  ])('does not agree: %s', (t) => expect(agreesWith(t)).toBe(false));
});

describe('continuesWork', () => {
  it.each([
    "What's next for the garden bookings?",
    'I finished chapter three of the course.',
    'Regarding our budget, can we cut hotels?',
    'Can you update the itinerary as we discussed?',
    'Give us three options for the launch.',
  ])('continues: %s', (t) => expect(continuesWork(t)).toBe(true));

  it.each([
    'How do I merge two dictionaries in Python?',
    'What are the three branches of the US government?',
    'Write a haiku about autumn rain.',
  ])('does not: %s', (t) => expect(continuesWork(t)).toBe(false));
});
