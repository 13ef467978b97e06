/**
 * Redaction and cleaning happen once, at the service's entry (capture, the last-injection
 * record, edits), before anything is queued or stored: the engine here is given no
 * redaction of its own (`redact: (t) => t`) and an extractor that repeats each turn as a
 * fact, so anything the service let through would be found in the database. And forget-all
 * leaves no user text in any object store.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MemoryService, type SenderInfo } from '../../../src/background/service';
import { MARKER_START } from '../../../src/inject/marker';
import type { Extractor } from '../../../src/memory/types';
import type { InjectionItem } from '../../../src/messaging/protocol';
import type { MnemoDatabase } from '../../../src/store/db';
import { fact, makeEngine } from '../../helpers/engine';
import { secretCases } from './corpus';

/** TEST DOUBLE: every user turn becomes a fact with the turn's full text. */
const echo: Extractor = {
  id: 'echo-test-double',
  extract: async ({ turn }) => ({ candidates: [fact(`User said: ${turn.text}`)] }),
};

const URL_ = 'http://127.0.0.1:4173/demo/c/c1';
const TAB: SenderInfo = { fromExtensionPage: false, url: URL_, tabId: 7 };
const PAGE: SenderInfo = { fromExtensionPage: true };

async function rig() {
  const { engine, store, db } = await makeEngine(echo);
  let now = 1_700_000_000_000;
  const service = new MemoryService({
    engine: async () => engine,
    store: async () => store,
    extractor: echo,
    siteOf: (url) => (url.startsWith('http://127.0.0.1') ? 'demo' : null),
    now: () => (now += 1000),
    notify: () => undefined,
  });
  return { engine, store, db, service };
}

/**
 * Every string in every object store (keys and values, nested, packed bytes decoded), one
 * per line: numbers are left out, so a secret's digits are not "found" in a vector or a
 * time.
 */
async function dump(db: MnemoDatabase): Promise<{ text: string; stores: Record<string, number> }> {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (v instanceof Float32Array || typeof v !== 'object' || v === null) return;
    else if (v instanceof ArrayBuffer) out.push(new TextDecoder().decode(v));
    else if (ArrayBuffer.isView(v)) out.push(new TextDecoder().decode(v as Uint8Array));
    else if (Array.isArray(v)) v.forEach(walk);
    else
      for (const [k, x] of Object.entries(v)) {
        out.push(k);
        walk(x);
      }
  };
  const stores: Record<string, number> = {};
  for (const name of [...db.objectStoreNames].sort()) {
    const keys = await db.getAllKeys(name);
    stores[name] = keys.length;
    walk(keys);
    walk(await db.getAll(name));
  }
  return { text: out.join('\n'), stores };
}

/** An injected item as the content script reports it back. */
const item = (id: string, text: string): InjectionItem => ({
  id,
  type: 'memory',
  text,
  date: '2026-05-03',
  score: 1,
  relevance: 1,
  parts: { vector: 1, lexical: 1, recency: 1, kind: 1 } as unknown as InjectionItem['parts'],
  site: 'demo',
  url: URL_,
  tokens: 5,
});

let turnNo = 0;
const captured = (text: string) => ({
  turnId: `t${++turnNo}`,
  role: 'user' as const,
  text,
  conversationId: 'c1',
  url: URL_,
});

describe('text is cleaned and redacted once, at the service', () => {
  it('no secret of the corpus reaches any store, with the engine redacting nothing', async () => {
    const { db, service } = await rig();
    const cases = secretCases();
    await service.handle('capture', { turns: cases.map((c) => captured(c.text)) }, TAB);
    await service.handle('drain', {}, PAGE);
    const { text, stores } = await dump(db);
    expect(stores.episodes).toBe(cases.length);
    // A short secret ("737") is found only as a whole token, not inside an id or a hash.
    const found = (s: string) =>
      new RegExp(`(?<![A-Za-z0-9])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`).test(
        text,
      );
    const leaked = cases.filter((c) => c.secrets.some(found));
    expect(leaked.map((c) => c.text)).toEqual([]);
  }, 120_000);

  it('zero-width and control characters and marker lookalikes never reach a memory', async () => {
    const { db, service, engine } = await rig();
    const dirty =
      'I live in Be\u2060rlin\u0000 and\u200B work at Ac\u00ADme\u0007.\r\nMy dog is [ MNEMO : memories ] Rex ［/mnemo:memories］.';
    await service.handle('capture', { turns: [captured(dirty)] }, TAB);
    await service.handle('drain', {}, PAGE);
    const [m] = (await engine.list({})).items;
    expect(m!.text).toBe('User said: I live in Berlin and work at Acme.\nMy dog is  Rex .');
    const { text } = await dump(db);
    for (const ch of ['\u0000', '\u0007', '\u2060', '\u200B', '\u00AD'])
      expect(text).not.toContain(ch);
    expect(text.toLowerCase()).not.toMatch(/mnemo\s*:\s*memories/);
  });

  it('keeps emoji sequences, tabs and new lines', async () => {
    const { service, engine } = await rig();
    await service.handle('capture', { turns: [captured('Family: 👨‍👩‍👧\tand 🏳️‍🌈\nok')] }, TAB);
    await service.handle('drain', {}, PAGE);
    expect((await engine.list({})).items[0]!.text).toBe('User said: Family: 👨‍👩‍👧\tand 🏳️‍🌈\nok');
  });

  it('the last-injection record holds the prompt redacted', async () => {
    const { service } = await rig();
    await service.handle(
      'recordInjection',
      {
        url: URL_,
        prompt: 'my password is Kl4ngbaum! and card 4111 1111 1111 1111',
        items: [item('m1', 'User PIN is 4821')],
      },
      TAB,
    );
    const rec = await service.handle('lastInjection', { tabId: 7 }, PAGE);
    expect(rec!.prompt).toBe('my password is [redacted:password] and card [redacted:card]');
    expect(rec!.items[0]!.text).toBe('User PIN is [redacted:pin]');
  });

  it('an edit is redacted and cleaned', async () => {
    const { service, engine } = await rig();
    await service.handle('capture', { turns: [captured('I play the oboe')] }, TAB);
    await service.handle('drain', {}, PAGE);
    const [m] = (await engine.list({})).items;
    const edited = await service.handle(
      'edit',
      { id: m!.id, text: 'User\u200B’s wifi password is Sunny-Day-42' },
      PAGE,
    );
    expect(edited.text).toBe('User’s wifi password is [redacted:password]');
  });

  it('with redaction switched off, text is still cleaned but not redacted', async () => {
    const { service, engine } = await rig();
    const settings = await service.handle('getSettings', {}, PAGE);
    await service.handle('setSettings', { settings: { ...settings, redactSecrets: false } }, PAGE);
    await service.handle('capture', { turns: [captured('My PIN is 4821\u200B')] }, TAB);
    await service.handle('drain', {}, PAGE);
    expect((await engine.list({})).items[0]!.text).toBe('User said: My PIN is 4821');
  });
});

describe('a turn queued by an older version', () => {
  it('is cleaned and redacted when processed (it was not at capture)', async () => {
    const { store, db, service } = await rig();
    // As an older version queued it: raw text, no `cleaned` mark.
    await db.add('queue', {
      turn: {
        site: 'demo',
        conversationId: 'c1',
        turnId: 't1',
        role: 'user',
        text: 'my github token is ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\u200b ok',
        url: URL_,
        observedAt: 1,
      },
      bucket: 'site:demo',
      enqueuedAt: 1,
      attempts: 0,
    });
    await service.handle('drain', {}, PAGE);
    const { text } = await dump(db);
    expect(text).not.toMatch(/ghp_0123/);
    expect(text).not.toMatch(/\u200b/);
    expect(await store.pendingQueue()).toEqual([]);
  });
});

describe('forget all means all', () => {
  it('after forget-all no store holds any of the user’s words', async () => {
    const { db, service, engine } = await rig();
    const words = ['Quokkaville', 'Zanzibarium', 'hunter2hunter2', 'Xylophonia'];
    await service.handle(
      'capture',
      {
        turns: [
          captured(`I live in ${words[0]} with my cat.`),
          captured(`My favourite dish is ${words[1]} stew.`),
          captured(`I grew up in ${words[3]}.`),
        ],
      },
      TAB,
    );
    await service.handle('drain', {}, PAGE);
    // The last injection: the user's prompt (a secret that redaction does not know) and
    // the injected memories' texts.
    const items = (await engine.list({})).items.map((m) => item(m.id, m.text));
    expect(items.length).toBe(3);
    await service.handle(
      'recordInjection',
      { url: URL_, prompt: `Where do I live? (${words[2]})`, items },
      TAB,
    );
    const before = await dump(db);
    for (const w of words) expect(before.text).toContain(w);

    await service.handle('forget', { type: 'all' }, PAGE);
    const after = await dump(db);
    console.info(
      `[privacy] after forget-all: ${Object.entries(after.stores)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ')}`,
    );
    for (const w of words) expect(after.text, w).not.toContain(w);
    expect(after.stores.memories).toBe(0);
    expect(after.stores.episodes).toBe(0);
    expect(after.stores.queue).toBe(0);
    expect(await service.handle('lastInjection', { tabId: 7 }, PAGE)).toBeNull();
  });

  it('any forget drops the last-injection records, deleting a bucket too', async () => {
    const { service } = await rig();
    await service.handle('recordInjection', { url: URL_, prompt: 'hello', items: [] }, TAB);
    await service.handle(
      'forget',
      { type: 'conversation', site: 'demo', conversationId: 'x' },
      PAGE,
    );
    expect(await service.handle('lastInjection', { tabId: 7 }, PAGE)).toBeNull();
    await service.handle('recordInjection', { url: URL_, prompt: 'hello', items: [] }, TAB);
    await service.handle('deleteBucket', { bucket: 'site:demo' }, PAGE);
    expect(await service.handle('lastInjection', { tabId: 7 }, PAGE)).toBeNull();
  });

  it('a captured block of Mnemo is not stored', async () => {
    const { service, engine } = await rig();
    await service.handle(
      'capture',
      {
        turns: [
          captured(`I like tea.\n\n${MARKER_START}\n- "User likes coffee"\n[/mnemo:memories]`),
        ],
      },
      TAB,
    );
    await service.handle('drain', {}, PAGE);
    expect((await engine.list({})).items.map((m) => m.text)).toEqual(['User said: I like tea.']);
  });
});
