/**
 * The LLM tier's prompts, parsing, decisions and fallbacks, driven by ScriptedMlcEngine — a
 * TEST DOUBLE replaying recorded responses. These tests prove Mnemo's code, not a model.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  ExtractionQueue,
  GpuMemoryError,
  LlmExtractor,
  LlmOutputError,
  LlmTimeoutError,
  LlmUnavailableError,
  classifyEngineError,
  type LlmError,
} from '../../../src/extract/llm';
import { resolveDatesLocally, RuleExtractor } from '../../../src/extract/local';
import type { CapturedTurn, ExtractionInput, Memory } from '../../../src/memory/types';
import { decisions, facts, ScriptedMlcEngine, type Step } from './scripted-engine';

const OBSERVED = Date.UTC(2026, 5, 10, 12); // Wednesday 2026-06-10

function turn(text: string, role: 'user' | 'assistant' = 'user', id = 't2'): CapturedTurn {
  return {
    site: 'demo',
    conversationId: 'c1',
    turnId: id,
    role,
    text,
    url: 'https://x.test/c/1',
    observedAt: OBSERVED,
  };
}

function memory(id: string, text: string): Memory {
  return {
    id,
    text,
    kind: 'fact',
    bucket: 'b',
    observedAt: Date.UTC(2026, 0, 5),
    createdAt: 0,
    updatedAt: 0,
    status: 'active',
    pinned: false,
    entities: [],
    provenance: [],
  };
}

function setup(steps: Step[], opts: { timeoutMs?: number } = {}) {
  const engine = new ScriptedMlcEngine(steps);
  const errors: LlmError[] = [];
  const lost = vi.fn();
  const stats: number[] = [];
  const fallback = new RuleExtractor();
  const spy = vi.spyOn(fallback, 'extract');
  const x = new LlmExtractor({
    engine: async () => engine,
    fallback,
    resolveDates: resolveDatesLocally,
    onFallback: (e) => errors.push(e),
    onEngineLost: lost,
    onStats: (s) => s.tokensPerSecond && stats.push(s.tokensPerSecond),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
  return { engine, x, errors, lost, spy, stats };
}

const input = (
  text: string,
  similar: Memory[] = [],
  extra: Partial<ExtractionInput> = {},
): ExtractionInput => ({
  turn: turn(text),
  context: [],
  similar,
  ...extra,
});

describe('step 1: facts', () => {
  it('sends a schema-constrained request with the observation date and the turn', async () => {
    const { engine, x } = setup([
      { content: facts({ text: 'User is vegetarian.', kind: 'health', slot: 'diet' }) },
    ]);
    await x.extract(
      input("I'm vegetarian", [], {
        context: [
          turn('Any dinner ideas?', 'user', 't0'),
          turn('Sure! What do you eat?', 'assistant', 't1'),
        ],
      }),
    );
    const req = engine.requests[0]!;
    expect(req.response_format.type).toBe('json_object');
    expect(JSON.parse(req.response_format.schema).properties.facts.type).toBe('array');
    expect(req.temperature).toBe(0);
    expect(req.messages[0]!.content).toContain('Today is Wednesday, 2026-06-10.');
    expect(req.messages[1]!.content).toContain("I'm vegetarian");
    expect(req.messages[1]!.content).toContain('Assistant: Sure! What do you eat?');
  });

  it('parses facts into candidates (kind, slot, entities, confidence)', async () => {
    const { x, errors } = setup([
      {
        content: facts({
          text: 'User is vegetarian',
          kind: 'health',
          slot: 'Diet',
          entities: ['vegetarian'],
          confidence: 0.95,
        }),
      },
    ]);
    const r = await x.extract(input("I'm vegetarian"));
    expect(errors).toEqual([]);
    expect(x.last.path).toBe('llm');
    expect(r.decisions).toBeUndefined();
    expect(r.candidates).toEqual([
      {
        text: 'User is vegetarian.',
        kind: 'health',
        slot: 'diet',
        entities: ['vegetarian'],
        confidence: 0.95,
      },
    ]);
  });

  it('turns the absolute date the model gives into eventAt', async () => {
    const { x } = setup([
      {
        content: facts({
          text: 'User has a dentist appointment on 12 June 2026.',
          kind: 'plan',
          date: '2026-06-12',
        }),
      },
    ]);
    const r = await x.extract(input('I have a dentist appointment on Friday'));
    expect(r.candidates[0]!.eventAt).toBe(Date.UTC(2026, 5, 12));
  });

  it('resolves a date left in the text when the model gave none, and ignores an impossible one', async () => {
    const { x } = setup([
      {
        content: facts(
          { text: 'User is flying to Tokyo on 3 July 2026.', kind: 'plan', date: '' },
          { text: 'User started a new job.', kind: 'work', date: '2026-02-31' },
        ),
      },
    ]);
    const r = await x.extract(input('I fly to Tokyo on July 3 and I started a new job'));
    expect(r.candidates[0]!.eventAt).toBe(Date.UTC(2026, 6, 3));
    expect(r.candidates[1]!.eventAt).toBeUndefined();
  });

  it('drops malformed items and unknown kinds become "fact"; confidence is clamped', async () => {
    const { x } = setup([
      {
        content: JSON.stringify({
          facts: [
            { text: '' },
            { nope: 1 },
            { text: 'User owns a cat.', kind: 'pet', entities: [3, 'cat'], confidence: 7 },
          ],
        }),
      },
    ]);
    const r = await x.extract(input('I have a cat'));
    expect(r.candidates).toEqual([
      { text: 'User owns a cat.', kind: 'fact', entities: ['cat'], confidence: 1 },
    ]);
  });

  it('an empty fact list is a valid answer (no fallback)', async () => {
    const { x, spy } = setup([{ content: '{"facts": []}' }]);
    const r = await x.extract(input('What is the capital of France?'));
    expect(r.candidates).toEqual([]);
    expect(spy).not.toHaveBeenCalled();
  });

  it('writes facts about the user name when given', async () => {
    const { engine, x } = setup([{ content: facts({ text: 'Caroline adopted a dog.' }) }]);
    await x.extract(input('I adopted a dog', [], { userName: 'Caroline' }));
    expect(engine.requests[0]!.messages[0]!.content).toContain('starting with "Caroline"');
  });

  it('assistant turns go to the rules without calling the model', async () => {
    const { engine, x, spy } = setup([]);
    await x.extract({ turn: turn('Here is a recipe.', 'assistant'), context: [], similar: [] });
    expect(engine.requests).toHaveLength(0);
    expect(spy).toHaveBeenCalledOnce();
  });

  it('reports decode tokens/s from web-llm usage', async () => {
    const { x, stats } = setup([{ content: facts({ text: 'User likes tea.' }), tps: 37.5 }]);
    await x.extract(input('I like tea'));
    expect(stats).toEqual([37.5]);
  });
});

describe('fallbacks to the rule-based extractor', () => {
  const veg = "I'm vegetarian.";
  const cases: [string, Step, new (...a: never[]) => LlmError, string][] = [
    [
      'malformed JSON',
      { content: '{"facts": [{"text": "User is vegetarian." kind: health}]}' },
      LlmOutputError,
      'malformed',
    ],
    [
      'truncated output (finish_reason length)',
      { content: '{"facts": [{"text": "User is', finish: 'length' },
      LlmOutputError,
      'truncated',
    ],
    [
      'truncated output (unbalanced JSON)',
      { content: '{"facts": [{"text": "User is vegetarian."' },
      LlmOutputError,
      'truncated',
    ],
    ['a refusal', { content: "I'm sorry, but I can't help with that." }, LlmOutputError, 'refusal'],
    ['an empty answer', { content: null }, LlmOutputError, 'refusal'],
    [
      'JSON of the wrong shape',
      { content: '{"memories": ["User is vegetarian"]}' },
      LlmOutputError,
      'schema',
    ],
    [
      'a lost GPU device',
      {
        throw: Object.assign(
          new Error(
            'Device was lost. This can happen due to insufficient memory or other GPU constraints.',
          ),
          { name: 'DeviceLostError' },
        ),
      },
      GpuMemoryError,
      'gpu-memory',
    ],
    [
      'GPU out of memory',
      { throw: new Error('GPUOutOfMemoryError: Out of memory') },
      GpuMemoryError,
      'gpu-memory',
    ],
    [
      'WebGPU missing',
      {
        throw: Object.assign(new Error('WebGPU is not supported in your current environment'), {
          name: 'WebGPUNotAvailableError',
        }),
      },
      LlmUnavailableError,
      'no-webgpu',
    ],
  ];
  it.each(cases)('%s → rules, with a named error', async (_n, step, cls, code) => {
    const { x, errors, spy } = setup([step]);
    const r = await x.extract(input(veg));
    expect(spy).toHaveBeenCalledOnce();
    expect(x.last.path).toBe('fallback');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(cls);
    expect(errors[0]!.code).toBe(code);
    expect(errors[0]!.message).toMatch(/rules|Options → Models|built-in/);
    expect(r.candidates.map((c) => c.text)).toContain('User is vegetarian.');
  });

  it('a GPU error also tells the runtime to recreate the engine', async () => {
    const { x, lost } = setup([{ throw: new Error('Device was lost') }]);
    await x.extract(input(veg));
    expect(lost).toHaveBeenCalledOnce();
  });

  it('a timeout interrupts the generation and falls back', async () => {
    const { x, engine, errors } = setup([{ hang: true }], { timeoutMs: 30 });
    const r = await x.extract(input(veg));
    expect(engine.interrupts).toBe(1);
    expect(errors[0]).toBeInstanceOf(LlmTimeoutError);
    expect(r.candidates.length).toBeGreaterThan(0);
  });

  it('an engine that cannot load (model not downloaded) falls back', async () => {
    const errors: LlmError[] = [];
    const x = new LlmExtractor({
      engine: async () => {
        throw new LlmUnavailableError('not downloaded', { code: 'not-downloaded' });
      },
      fallback: new RuleExtractor(),
      resolveDates: resolveDatesLocally,
      onFallback: (e) => errors.push(e),
    });
    const r = await x.extract(input(veg));
    expect(errors[0]!.code).toBe('not-downloaded');
    expect(r.candidates.length).toBeGreaterThan(0);
  });

  it('an abort rejects (cancellation is not a fallback) and interrupts the engine', async () => {
    const { x, engine, spy } = setup([{ hang: true }]);
    const ctl = new AbortController();
    const p = x.extract(input(veg), ctl.signal);
    setTimeout(() => ctl.abort(new DOMException('stop', 'AbortError')), 10);
    await expect(p).rejects.toThrow('stop');
    expect(engine.interrupts).toBe(1);
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('step 2: decisions against similar memories', () => {
  const sim = [memory('m_berlin', 'User lives in Berlin.'), memory('m_veg', 'User is vegetarian.')];

  it('numbers the memories 0..n-1 and never shows real ids', async () => {
    const { engine, x } = setup([
      { content: facts({ text: 'User lives in Lisbon.', slot: 'home' }) },
      { content: decisions({ fact: 0, action: 'SUPERSEDE', memory: 0 }) },
    ]);
    await x.extract(input('I moved to Lisbon', sim));
    const prompt = engine.requests[1]!.messages[1]!.content;
    expect(prompt).toContain('0. User lives in Berlin. (noted 2026-01-05)');
    expect(prompt).toContain('1. User is vegetarian.');
    expect(prompt).toContain('0. User lives in Lisbon.');
    expect(prompt).not.toContain('m_berlin');
    expect(JSON.parse(engine.requests[1]!.response_format.schema).properties.decisions.type).toBe(
      'array',
    );
  });

  it('maps SUPERSEDE, UPDATE (with merged text) and NOOP back to real ids', async () => {
    const { x } = setup([
      {
        content: facts(
          { text: 'User lives in Lisbon.', slot: 'home' },
          { text: 'User is vegetarian.' },
          { text: 'User is vegetarian and avoids eggs.' },
        ),
      },
      {
        content: decisions(
          { fact: 0, action: 'SUPERSEDE', memory: 0 },
          { fact: 1, action: 'NOOP', memory: 1 },
          { fact: 2, action: 'UPDATE', memory: 1, text: 'User is vegetarian and avoids eggs' },
        ),
      },
    ]);
    const r = await x.extract(input('…', sim));
    expect(r.decisions!.map((d) => [d.kind, d.targetId])).toEqual([
      ['SUPERSEDE', 'm_berlin'],
      ['NOOP', 'm_veg'],
      ['UPDATE', 'm_veg'],
    ]);
    // Same objects as the candidates (the engine matches them by identity).
    expect(r.decisions![2]!.candidate).toBe(r.candidates[2]);
    expect(r.candidates[2]!.text).toBe('User is vegetarian and avoids eggs.');
  });

  it('invented memory numbers become ADD; invented fact numbers are dropped; missing facts are ADD', async () => {
    const { x } = setup([
      {
        content: facts(
          { text: 'User lives in Lisbon.' },
          { text: 'User has a dog.' },
          { text: 'User plays chess.' },
        ),
      },
      {
        content: decisions(
          { fact: 0, action: 'UPDATE', memory: 7, text: 'x' },
          { fact: 1, action: 'NOOP', memory: -3 },
          { fact: 9, action: 'SUPERSEDE', memory: 0 },
        ),
      },
    ]);
    const r = await x.extract(input('…', sim));
    expect(r.decisions!.map((d) => [d.kind, d.targetId])).toEqual([
      ['ADD', undefined],
      ['ADD', undefined],
      ['ADD', undefined],
    ]);
    expect(r.candidates[0]!.text).toBe('User lives in Lisbon.');
    expect(x.last.inventedMemoryIds).toBe(2);
    expect(x.last.droppedDecisions).toBe(1);
  });

  it('skips step 2 when there are no similar memories', async () => {
    const { engine, x } = setup([{ content: facts({ text: 'User likes jazz.' }) }]);
    await x.extract(input('I like jazz'));
    expect(engine.requests).toHaveLength(1);
  });

  it('a failure in step 2 keeps the facts and leaves the decisions to the engine', async () => {
    const { x, errors, spy } = setup([
      { content: facts({ text: 'User lives in Lisbon.' }) },
      { content: '{"decisions": [{"fact": 0, "action": "ADD"', finish: 'length' },
    ]);
    const r = await x.extract(input('I moved to Lisbon', sim));
    expect(spy).not.toHaveBeenCalled();
    expect(r.candidates.map((c) => c.text)).toEqual(['User lives in Lisbon.']);
    expect(r.decisions).toBeUndefined();
    expect(errors[0]!.code).toBe('truncated');
  });
});

describe('queue', () => {
  it('runs one job at a time in order, and cancelAll rejects the queued ones', async () => {
    const order: string[] = [];
    const inner = {
      id: 'slow',
      extract: async (i: ExtractionInput, signal?: AbortSignal) => {
        order.push(`start ${i.turn.text}`);
        await new Promise((ok) => setTimeout(ok, 20));
        signal?.throwIfAborted();
        order.push(`end ${i.turn.text}`);
        return { candidates: [] };
      },
    };
    const q = new ExtractionQueue(inner);
    const a = q.extract(input('a'));
    const b = q.extract(input('b'));
    expect(q.size).toBe(2);
    await Promise.all([a, b]);
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
    const c = q.extract(input('c'));
    const d = q.extract(input('d'));
    q.cancelAll();
    await expect(c).rejects.toThrow(/cancelled/);
    await expect(d).rejects.toThrow(/cancelled/);
    await expect(q.extract(input('e'))).resolves.toEqual({ candidates: [] });
    expect(q.size).toBe(0);
  });
});

describe('classifyEngineError', () => {
  it('names network failures as a failed download and unknown errors as unavailable', () => {
    expect(classifyEngineError(new TypeError('Failed to fetch')).code).toBe('download-failed');
    expect(classifyEngineError(new Error('ShaderF16SupportError: shader-f16 missing')).code).toBe(
      'no-webgpu',
    );
    const other = classifyEngineError(new Error('boom'));
    expect(other).toBeInstanceOf(LlmUnavailableError);
    expect(other.message).toContain('boom');
  });
});
