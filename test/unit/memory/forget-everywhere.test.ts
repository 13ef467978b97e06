/**
 * Forgetting reaches every copy: after a memory is deleted, and after an in-chat "forget",
 * no object store, no index and no export holds its words, while the turns' other
 * sentences and the other memories stay.
 */
import { describe, expect, it } from 'vitest';
import { STORE_NAMES } from '../../../src/store/db';
import { fact, makeEngine, ScriptedExtractor, turn } from '../../helpers/engine';

const KNEE = "I've got a bad left knee from an old skiing accident. I also love cooking risotto.";

/** Every record of every object store, as text (vectors are numbers, not words). */
async function everything(db: Awaited<ReturnType<typeof makeEngine>>['db']): Promise<string> {
  const out: string[] = [];
  for (const name of STORE_NAMES) {
    for (const r of await db.getAll(name)) out.push(JSON.stringify(r));
  }
  return out.join('\n');
}

describe('forget reaches everything', () => {
  it('deleting a memory removes it and the sentence that stated it from every store and index', async () => {
    const ex = new ScriptedExtractor({
      [KNEE]: [
        fact('User has a bad left knee from an old skiing accident.', { kind: 'health' }),
        fact('User loves cooking risotto.', { kind: 'preference' }),
      ],
    });
    const { engine, db } = await makeEngine(ex, { snapshotDelayMs: 1 });
    const r = await engine.ingest(turn(KNEE), 'site:demo');
    await engine.saveSnapshot();
    expect(await everything(db)).toMatch(/skiing/);
    const knee = r.changes.find((c) => /knee/.test(c.text))!;

    await engine.forget({ type: 'memory', id: knee.memoryId });

    expect(await everything(db)).not.toMatch(/skiing|left knee/i);
    for (const q of ['skiing accident', 'bad left knee'])
      expect(
        await engine.search(q, { includeEpisodes: true, status: 'all', limit: 50 }),
        q,
      ).toEqual(
        expect.not.arrayContaining([
          expect.objectContaining({ text: expect.stringMatching(/knee|skiing/) }),
        ]),
      );
    const exported = JSON.stringify(await engine.exportable());
    expect(exported).not.toMatch(/skiing|knee/);
    // The rest of the turn, and the other memory, stay.
    expect(await everything(db)).toMatch(/risotto/);
    expect(exported).toMatch(/risotto/);
    // A start from what is stored holds none of it either.
    const hits = await engine.injectionSearch('home workout for my knee', {
      includeEpisodes: true,
      episodeRoles: ['user'],
      statementsOnly: true,
    });
    expect(hits.map((h) => h.text).join(' ')).not.toMatch(/skiing|left knee/);
  });

  it('an in-chat forget removes the memories it names and their words from the source turns', async () => {
    const SALARY = 'I make $84k as a lab manager. I also run on Sundays.';
    const FORGET = 'Please forget what I told you about my salary.';
    const ex = new ScriptedExtractor({
      [SALARY]: [
        fact('User makes $84k as a lab manager.', { slot: 'salary' }),
        fact('User runs on Sundays.'),
      ],
      [FORGET]: [fact('', { op: 'forget', slot: 'salary', target: 'salary' })],
    });
    const { engine, db } = await makeEngine(ex);
    await engine.ingest(turn(SALARY), 'site:demo');
    const r = await engine.ingest(turn(FORGET, { conversationId: 'c2' }), 'site:demo');
    expect(r.changes.map((c) => c.kind)).toEqual(['DELETE']);
    expect(await everything(db)).not.toMatch(/84k/);
    expect(await everything(db)).toMatch(/runs on Sundays/);
  });

  it('the request to forget does not keep the forgotten words in its own turn', async () => {
    const SAID = "My brother's gambling debts are getting worse. He lives in Leeds.";
    const FORGET = "Can you delete the bit about my brother's gambling? Thanks, that's all.";
    const ex = new ScriptedExtractor({
      [SAID]: [fact("User's brother has gambling debts.")],
      [FORGET]: [fact('', { op: 'forget', target: "brother's gambling" })],
    });
    const { engine, db } = await makeEngine(ex);
    await engine.ingest(turn(SAID), 'site:demo');
    await engine.ingest(turn(FORGET, { conversationId: 'c2' }), 'site:demo');
    expect(await everything(db)).not.toMatch(/gambling/);
    expect(await everything(db)).toMatch(/Thanks, that's all/);
  });

  it('an in-chat forget reaches a turn no memory was made of, and a word in another form', async () => {
    const DEBT = "I've got about 23k on credit cards at 22% apr. Should I pay that first?";
    const PREG = "I'm 10 weeks pregnant and haven't told anyone yet.";
    const FORGET_DEBT = 'can you forget what I told you about my credit card debt?';
    const FORGET_PREG = 'please forget the pregnancy thing I mentioned';
    const ex = new ScriptedExtractor({
      [DEBT]: [],
      [PREG]: [fact("User is 10 weeks pregnant and hasn't told anyone yet.", { kind: 'health' })],
      [FORGET_DEBT]: [fact('', { op: 'forget', target: 'my credit card debt' })],
      [FORGET_PREG]: [fact('', { op: 'forget', target: 'pregnancy thing I mentioned' })],
    });
    const { engine, db } = await makeEngine(ex);
    await engine.ingest(turn(DEBT), 'site:demo');
    await engine.ingest(turn(PREG, { conversationId: 'c2' }), 'site:demo');
    await engine.ingest(turn(FORGET_DEBT, { conversationId: 'c3' }), 'site:demo');
    const r = await engine.ingest(turn(FORGET_PREG, { conversationId: 'c4' }), 'site:demo');
    expect(r.changes.map((c) => c.kind)).toEqual(['DELETE']);
    const all = await everything(db);
    expect(all).not.toMatch(/23k|credit cards|pregnant/);
    // The question the debt turn asked is no statement of the debt: it stays.
    expect(all).toMatch(/Should I pay that first\?/);
  });

  it('ending a value keeps it as history, not as current', async () => {
    const ex = new ScriptedExtractor({
      'I work at Acme.': [fact('User works at Acme.', { slot: 'employer' })],
      'I quit Acme on Friday.': [
        fact('User quit Acme.', { slot: 'employer', op: 'end', target: 'Acme' }),
      ],
    });
    const { engine } = await makeEngine(ex);
    const a = await engine.ingest(turn('I work at Acme.'), 'site:demo');
    await engine.ingest(turn('I quit Acme on Friday.', { conversationId: 'c2' }), 'site:demo');
    const old = await engine.get(a.changes[0]!.memoryId);
    expect(old?.status).toBe('superseded');
    const { items } = await engine.list({});
    expect(items.map((m) => m.text)).toEqual(['User quit Acme.']);
  });
});
