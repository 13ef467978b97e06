/**
 * The extractor on Chrome's built-in model, driven by the Prompt API TEST DOUBLE
 * (test/helpers/prompt-api-test-double.ts), which replays answers shaped as the API gives
 * them. These tests prove Mnemo's prompt, schema, parsing, decisions, chunking, queue and
 * every fallback path; they say nothing of any model's quality.
 */
import { describe, expect, it, vi } from 'vitest';
import { ChromeModelExtractor, type ChromeRunReport } from '../../../src/extract/llm/chrome';
import { splitText } from '../../../src/extract/llm/chunk';
import { countRun, emptyCounts } from '../../../src/extract/llm/counts';
import { ExtractionQueue, type LlmError } from '../../../src/extract/llm';
import { CHROME_FACTS_SCHEMA, DECISIONS_SCHEMA } from '../../../src/extract/llm/prompts';
import {
  CHROME_MODEL_OPTIONS,
  classifyPromptApiError,
  type PromptApi,
} from '../../../src/extract/llm/prompt-api';
import { resolveDatesLocally, RuleExtractor } from '../../../src/extract/local';
import type { CapturedTurn, ExtractionInput, Memory } from '../../../src/memory/types';
import {
  factsReply as facts,
  installPromptApiTestDouble,
  modelFact as fact,
  type DoubleReply,
  type DoubleScript,
} from '../../helpers/prompt-api-test-double';
import { makeEngine, turn as engineTurn } from '../../helpers/engine';
import { memoryOf } from '../../helpers/memory';

const OBSERVED = Date.UTC(2026, 5, 10, 12); // Wednesday 2026-06-10

function turn(text: string, role: 'user' | 'assistant' = 'user'): CapturedTurn {
  return {
    site: 'demo',
    conversationId: 'c1',
    turnId: 't2',
    role,
    text,
    url: 'https://x.test/c/1',
    observedAt: OBSERVED,
  };
}

const memory = (id: string, text: string, slot?: string): Memory =>
  memoryOf(text, { id, observedAt: Date.UTC(2026, 0, 5), ...(slot ? { slot } : {}) });

const input = (text: string, similar: Memory[] = []): ExtractionInput => ({
  turn: turn(text),
  context: [],
  similar,
});

function setup(script: Partial<DoubleScript> & { replies: DoubleReply[] }, timeoutMs?: number) {
  const holder: { LanguageModel?: PromptApi } = {};
  const double = installPromptApiTestDouble(holder, { availability: 'available', ...script });
  const errors: { e: LlmError; stage: string }[] = [];
  const outcomes: ChromeRunReport[] = [];
  const fallback = new RuleExtractor();
  const rules = vi.spyOn(fallback, 'extract');
  const x = new ChromeModelExtractor({
    api: () => holder.LanguageModel,
    fallback,
    resolveDates: resolveDatesLocally,
    onFallback: (e, _i, stage) => errors.push({ e, stage }),
    onOutcome: (r) => outcomes.push({ ...r }),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  return { double, x, errors, outcomes, rules };
}

describe('step 1: facts under the JSON schema', () => {
  it('keeps a planned value: op plan, its date, and the kind of a plan', async () => {
    const { x } = setup({
      replies: [
        facts(
          fact('User is moving to Lisbon on 1 July 2026.', {
            slot: 'home',
            op: 'plan',
            value: 'Lisbon',
            date: '2026-07-01',
          }),
        ),
      ],
    });
    const r = await x.extract(input("We're moving to Lisbon on the 1st of July!"));
    expect(r.candidates).toEqual([
      expect.objectContaining({
        kind: 'plan',
        slot: 'home',
        op: 'plan',
        value: 'Lisbon',
        eventAt: Date.UTC(2026, 6, 1),
      }),
    ]);
  });

  it('asks with the schema, one system prompt, the date and the turn; returns candidates with attribute and operation', async () => {
    const { double, x, rules, outcomes } = setup({
      replies: [
        facts(
          fact('User moved to Berlin.', { slot: 'home', op: 'set', value: 'Berlin' }),
          fact('User no longer works at Acme.', { slot: 'employer', op: 'end', target: 'Acme' }),
          fact('', { op: 'forget', target: 'salary', slot: 'salary' }),
          fact('User is 43 years old.', { slot: 'age', op: 'correct', value: '43', target: '34' }),
        ),
      ],
    });
    const r = await x.extract(
      input(
        "I moved to Berlin and I don't work at Acme anymore. Please forget my salary. Typo: I'm 43, not 34.",
      ),
    );
    expect(double.log.availability).toEqual([CHROME_MODEL_OPTIONS]);
    expect(double.log.creates).toHaveLength(1);
    expect(double.log.creates[0]!.options.expectedInputs).toEqual(
      CHROME_MODEL_OPTIONS.expectedInputs,
    );
    const [p] = double.log.prompts;
    expect(p!.schema).toBe(CHROME_FACTS_SCHEMA);
    expect(p!.system).toMatch(/"op" is what the fact does/);
    expect(p!.system).not.toMatch(/Today is/); // one session serves every day
    expect(p!.input).toMatch(/^Today is Wednesday, 2026-06-10\./);
    expect(p!.input).toContain('Please forget my salary.');
    expect(r.candidates).toEqual([
      expect.objectContaining({
        text: 'User moved to Berlin.',
        slot: 'home',
        op: 'set',
        value: 'Berlin',
      }),
      expect.objectContaining({ op: 'end', slot: 'employer', target: 'Acme' }),
      expect.objectContaining({ text: '', op: 'forget', target: 'salary' }),
      expect.objectContaining({ op: 'correct', value: '43', target: '34' }),
    ]);
    expect(r.decisions).toBeUndefined(); // no similar memories: the engine decides
    expect(rules).not.toHaveBeenCalled();
    expect(x.last).toMatchObject({ path: 'llm', chunks: 1 });
    expect(outcomes).toEqual([expect.objectContaining({ path: 'llm' })]);
    // Each request ran on a clone, destroyed after it.
    expect(double.log.clones).toBe(1);
    expect(double.log.destroyed).toBe(1);
  });

  it('dates a plan the model gave no ISO date for, with chrono at the turn time', async () => {
    const { x } = setup({
      replies: [facts(fact('User has a dentist appointment next Friday.', { kind: 'plan' }))],
    });
    const r = await x.extract(input('I have a dentist appointment next Friday.'));
    const [chrono] = await resolveDatesLocally(
      ['User has a dentist appointment next Friday.'],
      OBSERVED,
    );
    expect(chrono).toBeGreaterThan(OBSERVED);
    expect(r.candidates[0]!.eventAt).toBe(chrono);
  });

  it('assistant turns go to the rules without a request', async () => {
    const { double, x, rules } = setup({ replies: [] });
    await x.extract({ ...input('x'), turn: turn('Sure, here is a recipe.', 'assistant') });
    expect(rules).toHaveBeenCalledOnce();
    expect(double.log.prompts).toHaveLength(0);
    expect(x.last.path).toBe('skipped');
  });
});

describe('step 2: decisions against the similar memories', () => {
  it('maps SUPERSEDE and UPDATE to the real ids, an invented number to ADD; only add/set facts are asked about', async () => {
    const { double, x } = setup({
      replies: [
        facts(
          fact('User lives in Berlin.', { slot: 'home', op: 'set', value: 'Berlin' }),
          fact('User no longer owns a car.', { slot: 'vehicle', op: 'end', target: 'car' }),
          fact('User is vegetarian and avoids eggs.', { slot: 'diet', op: 'set' }),
          fact('User plays the cello.'),
        ),
        {
          text: JSON.stringify({
            decisions: [
              { fact: 0, action: 'SUPERSEDE', memory: 0, text: '' },
              { fact: 1, action: 'UPDATE', memory: 1, text: 'User is vegetarian and avoids eggs' },
              { fact: 2, action: 'NOOP', memory: 7, text: '' },
              { fact: 9, action: 'ADD', memory: -1, text: '' },
            ],
          }),
        },
      ],
    });
    const similar = [
      memory('m-lisbon', 'User lives in Lisbon.', 'home'),
      memory('m-veg', 'User is vegetarian.', 'diet'),
    ];
    const r = await x.extract(
      input('Moved to Berlin, sold the car; still veggie, no eggs.', similar),
    );
    const [, ask] = double.log.prompts;
    expect(ask!.schema).toBe(DECISIONS_SCHEMA);
    expect(ask!.input).toContain('0. User lives in Lisbon.');
    expect(ask!.input).toContain('0. User lives in Berlin.');
    expect(ask!.input).not.toContain('no longer owns a car');
    expect(r.decisions).toEqual([
      expect.objectContaining({ kind: 'SUPERSEDE', targetId: 'm-lisbon' }),
      expect.objectContaining({ kind: 'UPDATE', targetId: 'm-veg' }),
      expect.objectContaining({ kind: 'ADD' }),
    ]);
    expect(r.decisions![1]!.candidate.text).toBe('User is vegetarian and avoids eggs.');
    expect(r.decisions!.map((d) => d.candidate)).not.toContain(r.candidates[1]);
    expect(x.last).toMatchObject({ path: 'llm', inventedMemoryIds: 1, droppedDecisions: 1 });
  });

  it('a failed decision step keeps the facts and leaves the decisions to the engine (counted)', async () => {
    const { x, errors, outcomes } = setup({
      replies: [
        facts(fact('User lives in Berlin.', { slot: 'home', op: 'set' })),
        { error: 'SyntaxError' },
      ],
    });
    const r = await x.extract(
      input('I live in Berlin now.', [memory('m1', 'User lives in Lisbon.')]),
    );
    expect(r.candidates).toHaveLength(1);
    expect(r.decisions).toBeUndefined();
    expect(errors).toEqual([
      { e: expect.objectContaining({ code: 'schema' }), stage: 'decisions' },
    ]);
    const counts = outcomes.reduce(countRun, emptyCounts('chrome', 0));
    expect(counts).toMatchObject({ model: 1, fallback: {}, decisions: { schema: 1 } });
  });

  it('the engine applies the decisions: a SUPERSEDE keeps the old home as history', async () => {
    const { x } = setup({
      replies: [
        facts(fact('User lives in Lisbon.', { slot: 'home', op: 'set', value: 'Lisbon' })),
        facts(fact('User lives in Berlin.', { slot: 'home', op: 'set', value: 'Berlin' })),
        {
          text: JSON.stringify({
            decisions: [{ fact: 0, action: 'SUPERSEDE', memory: 0, text: '' }],
          }),
        },
      ],
    });
    const { engine } = await makeEngine(new ExtractionQueue(x));
    await engine.ingest(engineTurn('I live in Lisbon.'), 'site:demo');
    const lisbon = (await engine.list({ limit: 10 })).items[0]!;
    const rep = await engine.ingest(engineTurn('I live in Berlin now.'), 'site:demo');
    expect(rep.changes).toEqual([
      expect.objectContaining({ kind: 'SUPERSEDE', text: 'User lives in Berlin.' }),
    ]);
    const all = (await engine.list({ limit: 10, status: 'all' })).items;
    expect(all.find((m) => m.id === lisbon.id)).toMatchObject({ status: 'superseded' });
  });
});

describe('fallbacks: every failure hands the turn to the rules, named and counted', () => {
  const TURN = "I'm vegetarian and I live in Lisbon.";
  const cases: [string, Partial<DoubleScript> & { replies: DoubleReply[] }, string][] = [
    ['the model cannot run here', { availability: 'unavailable', replies: [] }, 'unavailable'],
    [
      'the model is not downloaded (no download is started)',
      { availability: 'downloadable', replies: [] },
      'not-downloaded',
    ],
    [
      'the model is still downloading',
      { availability: 'downloading', replies: [] },
      'not-downloaded',
    ],
    [
      'the schema is refused (NotSupportedError)',
      { replies: [{ error: 'NotSupportedError' }] },
      'schema-unsupported',
    ],
    ['no answer fits the schema (SyntaxError)', { replies: [{ error: 'SyntaxError' }] }, 'schema'],
    [
      'a truncated answer',
      { replies: [{ text: '{"facts": [{"text": "User is veg' }] },
      'truncated',
    ],
    [
      'an answer that is not JSON',
      { replies: [{ text: 'Here are the facts: vegetarian' }] },
      'malformed',
    ],
    ['a refusal', { replies: [{ text: "I'm sorry, I can't help with that." }] }, 'refusal'],
    ['JSON of the wrong shape', { replies: [{ text: '{"items": []}' }] }, 'schema'],
    [
      'a context overflow while answering',
      { replies: [{ ...facts(fact('User is vegetarian.')), overflow: true }] },
      'context-overflow',
    ],
    ['the quota (QuotaExceededError)', { replies: [{ error: 'QuotaExceededError' }] }, 'quota'],
    ['any other error of the API', { replies: [{ error: 'UnknownError' }] }, 'unavailable'],
  ];
  it.each(cases)('%s', async (_what, script, code) => {
    const { double, x, errors, outcomes, rules } = setup(script);
    const r = await x.extract(input(TURN));
    expect(x.last.path).toBe('fallback');
    expect(errors).toEqual([{ e: expect.objectContaining({ code }), stage: 'facts' }]);
    expect(errors[0]!.e.message).toMatch(/rules/);
    expect(rules).toHaveBeenCalledOnce();
    expect(r.candidates.some((c) => /vegetarian/i.test(c.text))).toBe(true);
    expect(outcomes.reduce(countRun, emptyCounts('chrome', 0))).toMatchObject({
      model: 0,
      fallback: { [code]: 1 },
    });
    if (script.availability && script.availability !== 'available')
      expect(double.log.creates).toHaveLength(0);
  });

  it('the API missing altogether', async () => {
    const fallback = new RuleExtractor();
    const errors: LlmError[] = [];
    const x = new ChromeModelExtractor({
      api: () => undefined,
      fallback,
      resolveDates: resolveDatesLocally,
      onFallback: (e) => errors.push(e),
    });
    const r = await x.extract(input(TURN));
    expect(errors[0]).toMatchObject({ code: 'unavailable', message: /no built-in model/ });
    expect(r.candidates.length).toBeGreaterThan(0);
  });

  it('a slow model times out and the rules take the turn', async () => {
    const { x, errors } = setup({ replies: [{ hang: true }] }, 50);
    const r = await x.extract(input(TURN));
    expect(errors[0]!.e).toMatchObject({ code: 'timeout', name: 'LlmTimeoutError' });
    expect(r.candidates.length).toBeGreaterThan(0);
  });

  it('a failed session is created again for the next turn; an output error keeps it', async () => {
    const { double, x } = setup({
      replies: [
        { text: 'not json' },
        { error: 'UnknownError' },
        facts(fact('User is vegetarian.')),
      ],
    });
    await x.extract(input(TURN));
    await x.extract(input(TURN));
    expect(double.log.creates).toHaveLength(1);
    await x.extract(input(TURN));
    expect(double.log.creates).toHaveLength(2);
    expect(x.last.path).toBe('llm');
  });

  it('maps the download and policy errors by name', () => {
    expect(classifyPromptApiError(new DOMException('x', 'NetworkError'))).toMatchObject({
      code: 'download-failed',
    });
    expect(classifyPromptApiError(new DOMException('x', 'NotAllowedError'))).toMatchObject({
      code: 'unavailable',
      message: /policy/,
    });
  });

  it('an abort is not a fallback: it rejects and the turn stays queued', async () => {
    const { x, rules, errors } = setup({ replies: [{ hang: true }] });
    const ctl = new AbortController();
    const p = x.extract(input(TURN), ctl.signal);
    setTimeout(() => ctl.abort(new DOMException('stop', 'AbortError')), 20);
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(rules).not.toHaveBeenCalled();
    expect(errors).toHaveLength(0);
  });
});

describe('long turns are read in chunks that fit the context window', () => {
  const sentence = (i: number) => `On day ${i} I practised the cello for an hour before work.`;
  const long = Array.from({ length: 120 }, (_, i) => sentence(i)).join(' ');

  it('measures, splits at sentences, sends each chunk on its own, merges the facts', async () => {
    const { double, x } = setup({
      contextWindow: 2500,
      replies: Array.from({ length: 8 }, () => facts(fact('User plays the cello.'))),
    });
    const r = await x.extract(input(long));
    const n = double.log.prompts.length;
    expect(n).toBeGreaterThan(1);
    expect(x.last.chunks).toBe(n);
    for (const p of double.log.prompts) {
      expect(p.input).toMatch(/^Today is/);
      expect(p.input).toMatch(/before work\.$/); // cut at a sentence
    }
    // Every sentence was sent, once.
    const sent = double.log.prompts.map((p) => p.input).join('\n');
    for (let i = 0; i < 120; i++) expect(sent.split(sentence(i)).length - 1).toBe(1);
    expect(r.candidates).toHaveLength(1); // the same fact from every chunk, once
    expect(double.log.measures).toBeGreaterThan(n);
  });

  it('a window too small for any chunk is a quota fallback', async () => {
    const { x, errors } = setup({ contextWindow: 1400, replies: [] });
    await x.extract(input(long));
    expect(errors[0]!.e).toMatchObject({ code: 'quota' });
  });

  it('splitText keeps every word and cuts at boundaries', () => {
    const parts = splitText('One two. Three four five. Six.\n\nSeven eight nine ten.', 20);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(
      'One two. Three four five. Six. Seven eight nine ten.',
    );
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(20);
  });
});

describe('one request at a time', () => {
  it('the queue runs turns one after the other', async () => {
    const { double, x } = setup({
      replies: [
        { ...facts(fact('User is vegetarian.')), delayMs: 30 },
        { ...facts(fact('User plays chess.')), delayMs: 5 },
      ],
    });
    const q = new ExtractionQueue(x);
    const [a, b] = await Promise.all([
      q.extract(input('I am vegetarian.')),
      q.extract(input('I play chess.')),
    ]);
    expect(double.log.maxInFlight).toBe(1);
    expect(a.candidates[0]!.text).toBe('User is vegetarian.');
    expect(b.candidates[0]!.text).toBe('User plays chess.');
  });
});
