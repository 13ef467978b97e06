/**
 * Bad input: hostile captured text goes through redaction, marker stripping, extraction,
 * embedding and storage in bounded time and comes back as the same text, never
 * interpreted; malformed messages are refused at the receiver by validateParams.
 */
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/extract/redact';
import { RuleExtractor } from '../../../src/extract/rules';
import { MARKER_END, MARKER_START, stripMemoryBlock } from '../../../src/inject/marker';
import type { Method } from '../../../src/messaging/protocol';
import { InvalidMessageError, isMethod, validateParams } from '../../../src/messaging/validate';
import { makeEngine, turn } from '../../helpers/engine';

/** A deterministic pseudo-random generator (tests must be repeatable). */
function rng(seed: number) {
  return () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
    return ((seed ^ (seed >>> 13)) >>> 0) / 2 ** 32;
  };
}

const r = rng(8);
const binary = Array.from({ length: 20_000 }, () =>
  String.fromCharCode(Math.floor(r() * 0x10000)),
).join('');
const HOSTILE: [string, string][] = [
  [
    '200,000 characters of prose',
    "I'm allergic to peanuts and I live in Porto. ".repeat(4445).slice(0, 200_000),
  ],
  ['200,000 characters without a space', 'x'.repeat(200_000)],
  ['200,000 digits (card-number lookalikes)', '4111'.repeat(50_000)],
  ['200,000 characters of one secret-looking token', `sk-${'A1b2'.repeat(49_999)}`],
  ['binary-looking text, lone surrogates and NULs', binary],
  ['NULs and control characters', '\u0000\u0001\u0002I live in Oslo\u0007\u001b[31m\u0000'],
  [
    'right-to-left text and overrides',
    '\u202Eأنا أعيش في القاهرة\u202C \u05D0\u05E0\u05D9 גר בתל אביב \u2067I like tea\u2069',
  ],
  [
    'combining characters (zalgo)',
    'I li\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308ke Z\u0351\u0352\u0357\u035B\u0300\u0301'.repeat(
      2000,
    ),
  ],
  [
    'emoji, ZWJ sequences and variation selectors',
    'I have a 👨‍👩‍👧‍👦 family and a 🐕‍🦺 dog ❤️︎'.repeat(500),
  ],
  [
    'HTML that would run if parsed',
    '<img src=x onerror="globalThis.__pwned=1"><script>globalThis.__pwned=1</script><svg onload=alert(1)>',
  ],
  [
    'markdown with links and images',
    '# Title\n[click](javascript:alert(1)) ![x](http://evil.example/x.png) **bold** `code`',
  ],
  [
    'a marker lookalike without the end',
    `I live in Rome. ${MARKER_START}\n- "User wants ${'x'.repeat(50_000)}"`,
  ],
  ['many markers', `${MARKER_START}a${MARKER_END}`.repeat(5000) + ' I live in Bern.'],
  ['unbalanced markers', `${MARKER_END}${MARKER_END} I live in Kyiv ${MARKER_START}`],
  [
    'nested regex-hostile text',
    '(((((((((((((((((((a)))))))))))))))))))'.repeat(3000) + '!'.repeat(50_000),
  ],
  [
    'JSON and prototype keys',
    '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}',
  ],
];

describe('hostile captured text', () => {
  it(`${HOSTILE.length} kinds complete, are stored as text and are never interpreted`, async () => {
    const { engine, store } = await makeEngine(new RuleExtractor(), {
      redact: (t) => redactSecrets(t).text,
    });
    for (const [i, [name, text]] of HOSTILE.entries()) {
      const t = turn(text, { conversationId: 'bad', turnId: `b${i}` });
      const rep = await engine.ingest(t, 'site:demo');
      expect(['stored', 'empty'], name).toContain(rep.status);
      const ep = await store.getEpisode(rep.episodeKey);
      if (rep.status === 'empty') continue;
      // Stored exactly as what capture keeps: the text, minus any Mnemo block and any
      // secret, trimmed. Nothing else is changed, escaped or parsed.
      expect(ep?.text, name).toBe(redactSecrets(stripMemoryBlock(text)).text.trim());
      expect(typeof ep?.text).toBe('string');
    }
    expect((globalThis as { __pwned?: number }).__pwned).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const memories = await store.allMemories();
    for (const m of memories) {
      expect(m.text.length).toBeLessThanOrEqual(2000);
      expect(m.text).not.toContain(MARKER_START);
    }
    // Searchable afterwards: the index took all of it.
    expect((await engine.search('Oslo', { includeEpisodes: true })).length).toBeGreaterThan(0);
    // A second pass is a no-op: the same text hashes the same, lone surrogates included.
    for (const [i, [, text]] of HOSTILE.entries()) {
      const again = await engine.ingest(
        turn(text, { conversationId: 'bad', turnId: `b${i}` }),
        'site:demo',
      );
      expect(['duplicate', 'empty']).toContain(again.status);
    }
  }, 60_000);

  it('redaction and marker stripping are linear: 1,000,000 characters of each hostile kind', () => {
    for (const [name, text] of HOSTILE) {
      const big = text.repeat(Math.ceil(1_000_000 / text.length)).slice(0, 1_000_000);
      // Completes (a catastrophic backtracking regex would not, in the test's time limit).
      expect(typeof redactSecrets(big).text, name).toBe('string');
      expect(typeof stripMemoryBlock(big), name).toBe('string');
    }
  }, 60_000);
});

describe('messages are validated at the receiver', () => {
  const turnOk = {
    turnId: 't',
    role: 'user',
    text: 'hi',
    conversationId: 'c',
    url: 'https://chatgpt.com/c/1',
  };
  const BAD: [Method, unknown][] = [
    ['capture', undefined],
    ['capture', null],
    ['capture', 'turns'],
    ['capture', []],
    ['capture', { turns: 'x' }],
    ['capture', { turns: [null] }],
    ['capture', { turns: [{ ...turnOk, role: 'system' }] }],
    ['capture', { turns: [{ ...turnOk, text: 42 }] }],
    ['capture', { turns: [{ ...turnOk, text: 'x'.repeat(1_000_001) }] }],
    ['capture', { turns: [{ ...turnOk, turnId: 'x'.repeat(201) }] }],
    ['capture', { turns: [{ ...turnOk, url: { href: 'x' } }] }],
    ['capture', { turns: Array.from({ length: 501 }, () => turnOk) }],
    ['capture', { turns: [{ ...turnOk, conversationId: undefined }] }],
    ['prepareInjection', { prompt: 1, url: 'x' }],
    ['prepareInjection', { prompt: 'x'.repeat(200_001), url: 'x' }],
    ['prepareInjection', { prompt: 'x' }],
    ['recordInjection', { url: 'x', prompt: 'x', items: [{ id: 1, text: 'x' }] }],
    [
      'recordInjection',
      { url: 'x', prompt: 'x', items: Array.from({ length: 101 }, () => ({ id: 'a', text: 'b' })) },
    ],
    ['siteSettings', { url: ['x'] }],
    ['list', { limit: 'ten' }],
    ['list', { limit: Number.NaN }],
    ['list', { from: Number.POSITIVE_INFINITY }],
    ['list', { buckets: 'site:chatgpt' }],
    ['list', { status: 'deleted' }],
    ['search', {}],
    ['get', { id: { $ne: null } }],
    ['edit', { id: 'x', text: 'x'.repeat(100_001) }],
    ['pin', { id: 'x', pinned: 'yes' }],
    ['forget', { type: 'everything' }],
    ['forget', { type: 'memory' }],
    ['forget', { type: 'conversation', site: 'chatgpt' }],
    ['forget', { type: 'bucket', bucket: 7 }],
    ['forget', null],
    ['restore', { memory: { id: 'x', text: 1 } }],
    ['lastInjection', { tabId: '1' }],
    ['setSettings', { settings: { version: 1 } }],
    ['setSettings', { settings: null }],
    ['mergeBuckets', { from: 'a' }],
    ['deleteBucket', {}],
    ['import', { file: null }],
    ['import', { file: { format: 'mnemo.memories', schemaVersion: 99, memories: [] } }],
    ['import', {}],
  ];

  it(`${BAD.length} malformed requests are refused with InvalidMessageError`, () => {
    for (const [method, params] of BAD) {
      let err: unknown;
      try {
        validateParams(method, params);
      } catch (e) {
        err = e;
      }
      expect(err, `${method} ${JSON.stringify(params)?.slice(0, 80)}`).toBeInstanceOf(Error);
      expect((err as Error).name, method).toMatch(/^Invalid(Message|Import)Error$/);
    }
  });

  it('unknown and inherited method names are not methods', () => {
    for (const m of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      '',
      'CAPTURE',
      42,
      null,
      undefined,
    ])
      expect(isMethod(m), String(m)).toBe(false);
  });

  it('well-formed requests pass', () => {
    expect(() => validateParams('capture', { turns: [turnOk] })).not.toThrow();
    expect(() =>
      validateParams('forget', { type: 'conversation', site: 'chatgpt', conversationId: 'c' }),
    ).not.toThrow();
    expect(new InvalidMessageError('x').message).toMatch(/malformed request/);
  });
});
