/**
 * The background ↔ offscreen document seam without a browser: the request validation, the
 * host's addressing and sender rules, and the LLM tier over a loopback transport, whose
 * failures (page missing, no answer, GPU errors) must all end in the rule-based fallback,
 * classified as before. The engine behind the host is the scripted test double.
 */
import { describe, expect, it, vi } from 'vitest';
import { createLlmTier } from '../../../src/ai/llm';
import {
  fromOffscreenError,
  OffscreenClient,
  offscreenDateResolver,
  OffscreenRuleExtractor,
  OffscreenUnavailableError,
  type OffscreenTransport,
} from '../../../src/ai/offscreen-client';
import { createOffscreenHost } from '../../../src/ai/offscreen-host';
import {
  OFFSCREEN_TARGET,
  parseOffscreenRequest,
  type OffscreenRequest,
} from '../../../src/ai/offscreen-protocol';
import { GpuMemoryError, LlmUnavailableError } from '../../../src/extract/llm/errors';
import { resolveDatesLocally, RuleExtractor } from '../../../src/extract/local';
import { ExtractorUnavailableError } from '../../../src/extract/unavailable';
import type { CapturedTurn, ExtractionInput } from '../../../src/memory/types';
import { ScriptedMlcEngine, type Step } from './scripted-engine';

const ID = 'abcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}`;
const SW = { id: ID, url: `${ORIGIN}/background.js` };

const turn: CapturedTurn = {
  site: 'chatgpt',
  conversationId: 'c1',
  turnId: 't1',
  role: 'user',
  text: "I'm vegetarian and I live in Lisbon.",
  url: 'https://chatgpt.com/c/c1',
  observedAt: Date.UTC(2026, 5, 10, 12),
};
const input: ExtractionInput = { turn, context: [], similar: [] };
const FACTS = JSON.stringify({
  facts: [
    {
      text: 'User is vegetarian',
      kind: 'preference',
      entities: [],
      date: '',
      slot: 'diet',
      confidence: 0.9,
    },
  ],
});

/** A host whose model is the scripted engine; `send` goes through structured cloning. */
function loopback(steps: Step[] = [], opts: { loadError?: Error } = {}) {
  const host = createOffscreenHost({ idleMs: 60_000, close: () => {} });
  const engine = new ScriptedMlcEngine(steps);
  const seen: string[] = [];
  host.handlers.llmLoad = async () => {
    if (opts.loadError) throw opts.loadError;
    return null;
  };
  host.handlers.llmComplete = async ({ request }) => engine.chat.completions.create(request);
  host.handlers.llmUnload = async () => null;
  const transport: OffscreenTransport = {
    ensure: vi.fn(async () => {}),
    async send(req) {
      seen.push(req.op);
      const res = host.handle(structuredClone(req), SW, ID, ORIGIN);
      if (!res) throw new Error('Could not establish connection. Receiving end does not exist.');
      return structuredClone(await res);
    },
    close: vi.fn(async () => {}),
  };
  return { host, engine, transport, seen, client: new OffscreenClient(transport) };
}

describe('offscreen protocol', () => {
  it('ignores messages not addressed to the offscreen page', () => {
    expect(parseOffscreenRequest({ mnemo: 1, method: 'search', params: {} })).toBeNull();
    expect(parseOffscreenRequest({ mnemoEvent: 'importProgress', done: 1, total: 2 })).toBeNull();
    expect(parseOffscreenRequest(null)).toBeNull();
    expect(parseOffscreenRequest('ping')).toBeNull();
  });

  it('rejects addressed but malformed requests, field by field', () => {
    const req = (op: unknown, params: unknown) => ({ target: OFFSCREEN_TARGET, op, params });
    expect(() => parseOffscreenRequest(req('format-disk', {}))).toThrow(/unknown operation/);
    expect(() => parseOffscreenRequest(req('llmLoad', { modelId: 42 }))).toThrow(
      /params\.modelId must be a string/,
    );
    expect(() =>
      parseOffscreenRequest(
        req('llmComplete', {
          modelId: 'm',
          request: { messages: [{ role: 'root', content: 'x' }], response_format: {} },
        }),
      ),
    ).toThrow(/role must be one of/);
    expect(() =>
      parseOffscreenRequest(
        req('embed', { model: 'm', dtype: 'fp64', source: 'extension', texts: [] }),
      ),
    ).toThrow(/dtype/);
    expect(
      parseOffscreenRequest(
        req('embed', { model: 'm', dtype: 'q8', source: 'extension', texts: ['a'] }),
      ),
    ).toMatchObject({ op: 'embed' });
  });

  it('the host answers only Mnemo’s own contexts, never a tab', async () => {
    const host = createOffscreenHost({ idleMs: 60_000, close: () => {} });
    const ping = { target: OFFSCREEN_TARGET, op: 'ping', params: {} } as OffscreenRequest;
    expect(host.handle({ mnemo: 1, method: 'status', params: {} }, SW, ID, ORIGIN)).toBeUndefined();
    expect(await host.handle(ping, SW, ID, ORIGIN)).toEqual({ ok: true, value: { ready: true } });
    const fromTab = await host.handle(ping, { ...SW, tab: { id: 3 } }, ID, ORIGIN);
    expect(fromTab).toMatchObject({ ok: false, error: { message: /refused/ } });
    const otherExt = await host.handle(
      ping,
      { id: 'other', url: 'chrome-extension://other/' },
      ID,
      ORIGIN,
    );
    expect(otherExt).toMatchObject({ ok: false });
  });

  it('without WebGPU (Node) the host refuses to load, with the no-webgpu code', async () => {
    const host = createOffscreenHost({ idleMs: 60_000, close: () => {} });
    const res = await host.handle(
      {
        target: OFFSCREEN_TARGET,
        op: 'llmLoad',
        params: { modelId: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC' },
      },
      SW,
      ID,
      ORIGIN,
    );
    expect(res).toMatchObject({
      ok: false,
      error: { name: 'LlmUnavailableError', code: 'no-webgpu' },
    });
  });

  it('closes itself after the idle time, and not while a request runs', async () => {
    vi.useFakeTimers();
    try {
      const close = vi.fn();
      const host = createOffscreenHost({ idleMs: 1000, close });
      let release!: () => void;
      host.handlers.ping = () => new Promise((ok) => (release = () => ok({ ready: true })));
      const pending = host.handle(
        { target: OFFSCREEN_TARGET, op: 'ping', params: {} },
        SW,
        ID,
        ORIGIN,
      );
      await vi.advanceTimersByTimeAsync(5000);
      expect(close).not.toHaveBeenCalled();
      release();
      await pending;
      await vi.advanceTimersByTimeAsync(1500);
      expect(close).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });

  it('errors come back as the named errors they were', () => {
    const nd = fromOffscreenError({
      name: 'LlmUnavailableError',
      message: 'x',
      code: 'not-downloaded',
    });
    expect(nd).toBeInstanceOf(LlmUnavailableError);
    expect((nd as LlmUnavailableError).code).toBe('not-downloaded');
    expect(fromOffscreenError({ name: 'GpuMemoryError', message: 'oom' })).toBeInstanceOf(
      GpuMemoryError,
    );
    const raw = fromOffscreenError({ name: 'DeviceLostError', message: 'GPU device was lost' });
    expect(raw.name).toBe('DeviceLostError');
  });
});

describe('the LLM tier through the offscreen page', () => {
  it('runs the extraction in the page: load, then completion', async () => {
    const lb = loopback([{ content: FACTS }]);
    const tier = createLlmTier({ client: lb.client });
    const r = await tier.extractor.extract(input);
    expect(tier.llm.last.path).toBe('llm');
    expect(r.candidates.map((c) => c.text)).toEqual(['User is vegetarian.']);
    expect(lb.seen).toEqual(['llmLoad', 'llmComplete']);
    expect(lb.engine.requests[0]?.response_format.type).toBe('json_object');
  });

  it('page missing: the LLM falls back to the rules, which cannot run either: retry later', async () => {
    const onFallback = vi.fn();
    const transport: OffscreenTransport = {
      ensure: async () => {},
      send: async () => {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
      close: async () => {},
    };
    const tier = createLlmTier({ client: new OffscreenClient(transport), onFallback });
    // The rules run in the same page: the turn must stay queued, not be read as empty.
    await expect(tier.extractor.extract(input)).rejects.toBeInstanceOf(ExtractorUnavailableError);
    expect(tier.llm.last.path).toBe('fallback');
    expect(tier.llm.last.error).toBeInstanceOf(OffscreenUnavailableError);
    expect(tier.llm.last.error?.code).toBe('unavailable');
    expect(onFallback).toHaveBeenCalledOnce();
  });

  it('document creation failing: retry later too', async () => {
    const transport: OffscreenTransport = {
      ensure: async () => {
        throw new Error('Only a single offscreen document may be created… or anything else');
      },
      send: async () => ({ ok: true, value: null }),
      close: async () => {},
    };
    const tier = createLlmTier({ client: new OffscreenClient(transport) });
    await expect(tier.extractor.extract(input)).rejects.toThrow(/stays queued/);
    expect(tier.llm.last.path).toBe('fallback');
  });

  it('a page that never answers times out into the fallback (then: retry later)', async () => {
    const transport: OffscreenTransport = {
      ensure: async () => {},
      send: () => new Promise(() => {}),
      close: async () => {},
    };
    const tier = createLlmTier({
      client: new OffscreenClient(transport, { timeoutMs: 30 }),
      loadTimeoutMs: 30,
    });
    await expect(tier.extractor.extract(input)).rejects.toBeInstanceOf(ExtractorUnavailableError);
    expect(tier.llm.last.path).toBe('fallback');
    expect(tier.llm.last.error?.message).toMatch(/did not answer/);
  });

  it('not downloaded in the page: the same named error and code as before', async () => {
    const lb = loopback([], {
      loadError: new LlmUnavailableError(
        'The AI model m is not downloaded. Download it in Options → Models',
        {
          code: 'not-downloaded',
        },
      ),
    });
    const tier = createLlmTier({ client: lb.client });
    const r = await tier.extractor.extract(input);
    expect(r.candidates.some((c) => /vegetarian/i.test(c.text))).toBe(true);
    expect(lb.seen).toEqual(['llmLoad', 'extractRules']);
    expect(tier.llm.last.error?.name).toBe('LlmUnavailableError');
    expect(tier.llm.last.error?.code).toBe('not-downloaded');
    expect(tier.llm.last.error?.message).toMatch(/Options → Models/);
  });

  it('a GPU loss in the page is classified as before and unloads the model there', async () => {
    const lost = Object.assign(new Error('Device was lost: GPU device lost'), {
      name: 'DeviceLostError',
    });
    const lb = loopback([{ throw: lost }]);
    const tier = createLlmTier({ client: lb.client });
    await tier.extractor.extract(input);
    expect(tier.llm.last.path).toBe('fallback');
    expect(tier.llm.last.error).toBeInstanceOf(GpuMemoryError);
    await vi.waitFor(() => expect(lb.seen).toContain('llmUnload'));
  });

  it('dispose closes the offscreen document', async () => {
    const lb = loopback();
    const tier = createLlmTier({ client: lb.client });
    await tier.dispose();
    expect(lb.transport.close).toHaveBeenCalledOnce();
  });
});

describe('the rule-based extractor through the offscreen page', () => {
  const turns: CapturedTurn[] = [
    turn,
    {
      ...turn,
      turnId: 't2',
      text: 'I moved to Berlin from Munich in May. My sister Anna is a nurse.',
    },
    { ...turn, turnId: 't3', text: "Next Friday I'm flying to Tokyo for a conference." },
    { ...turn, turnId: 't4', role: 'assistant', text: "You mentioned you're allergic to peanuts." },
    { ...turn, turnId: 't5', text: 'What is the capital of France?' },
  ];

  it('validates its requests at the receiver', () => {
    const req = (params: unknown) => ({ target: OFFSCREEN_TARGET, op: 'extractRules', params });
    expect(parseOffscreenRequest(req({ turn, assistantTurns: false }))?.op).toBe('extractRules');
    expect(() => parseOffscreenRequest(req({ turn, assistantTurns: 'no' }))).toThrow(
      /assistantTurns must be true or false/,
    );
    expect(() =>
      parseOffscreenRequest(req({ turn: { ...turn, role: 'system' }, assistantTurns: false })),
    ).toThrow(/params.turn.role/);
    expect(() =>
      parseOffscreenRequest(req({ turn: { ...turn, observedAt: 'now' }, assistantTurns: false })),
    ).toThrow(/params.turn.observedAt must be a finite number/);
    expect(() => parseOffscreenRequest(req({ turn, userName: 42, assistantTurns: false }))).toThrow(
      /params.userName/,
    );
    const dates = (params: unknown) => ({ target: OFFSCREEN_TARGET, op: 'resolveDates', params });
    expect(parseOffscreenRequest(dates({ texts: ['next week'], observedAt: 1 }))?.op).toBe(
      'resolveDates',
    );
    expect(() => parseOffscreenRequest(dates({ texts: [1], observedAt: 1 }))).toThrow(
      /params.texts\[0\]/,
    );
  });

  it('gives what a local RuleExtractor gives, with the same id', async () => {
    const lb = loopback();
    for (const assistantTurns of [false, true]) {
      const local = new RuleExtractor({ assistantTurns });
      const remote = new OffscreenRuleExtractor(lb.client, { assistantTurns });
      expect(remote.id).toBe(local.id);
      for (const t of turns)
        for (const userName of [undefined, 'Caroline']) {
          const i: ExtractionInput = {
            turn: t,
            context: [],
            similar: [],
            ...(userName ? { userName } : {}),
          };
          expect(await remote.extract(i)).toEqual(await local.extract(i));
        }
    }
    // Assistant turns without `assistantTurns` need no page at all.
    const n = lb.seen.length;
    await new OffscreenRuleExtractor(lb.client).extract({ ...input, turn: turns[3]! });
    expect(lb.seen.length).toBe(n);
  });

  it('resolves dates as chrono does locally', async () => {
    const lb = loopback();
    const texts = [
      'User is flying to Tokyo next Friday',
      'User likes tea',
      'User moved in May 2024',
    ];
    const at = turn.observedAt;
    const remote = await offscreenDateResolver(lb.client)(texts, at);
    expect(remote).toEqual(await resolveDatesLocally(texts, at));
    expect(remote[0]).toBeGreaterThan(at);
    expect(remote[1]).toBeNull();
  });

  it("the LLM tier resolves an undated plan's date in the page", async () => {
    const plan = JSON.stringify({
      facts: [
        {
          text: 'User is flying to Tokyo next Friday',
          kind: 'plan',
          entities: ['Tokyo'],
          date: '',
          slot: '',
          confidence: 0.9,
        },
      ],
    });
    const lb = loopback([{ content: plan }]);
    const tier = createLlmTier({ client: lb.client });
    const r = await tier.extractor.extract(input);
    expect(lb.seen).toEqual(['llmLoad', 'llmComplete', 'resolveDates']);
    const [want] = await resolveDatesLocally(
      ['User is flying to Tokyo next Friday'],
      turn.observedAt,
    );
    expect(r.candidates[0]?.eventAt).toBe(want);
  });

  it('a page that cannot run means retry later; an error of the rules themselves does not', async () => {
    const gone: OffscreenTransport = {
      ensure: async () => {
        throw new Error('Offscreen document creation failed');
      },
      send: async () => null,
      close: async () => {},
    };
    const err = await new OffscreenRuleExtractor(new OffscreenClient(gone))
      .extract(input)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractorUnavailableError);
    expect((err as Error).message).toMatch(/creation failed.*stays queued/);

    const hung: OffscreenTransport = {
      ensure: () => new Promise(() => {}),
      send: async () => null,
      close: async () => {},
    };
    await expect(
      new OffscreenRuleExtractor(new OffscreenClient(hung), { timeoutMs: 20 }).extract(input),
    ).rejects.toBeInstanceOf(ExtractorUnavailableError);

    const lb = loopback();
    lb.host.handlers.extractRules = async () => {
      throw new TypeError('compromise failed on this text');
    };
    const bad = await new OffscreenRuleExtractor(lb.client).extract(input).catch((e: unknown) => e);
    expect(bad).not.toBeInstanceOf(ExtractorUnavailableError);
    expect((bad as Error).name).toBe('TypeError');
  });
});
