/**
 * The start image's item records (src/store/record.ts): field values without their names,
 * read back exactly, whatever the item holds.
 */
import { describe, expect, it } from 'vitest';
import type { Episode, Memory } from '../../../src/memory/types';
import {
  decodeEpisode,
  decodeMemory,
  encodeEpisode,
  encodeMemory,
} from '../../../src/store/record';

const memory: Memory = {
  id: 'm_0021fe8b-c7ec-46b9-b000-7e1cd2a3bbbd',
  text: 'User loves ceviche, since March 2024, near Boston.',
  kind: 'fact',
  bucket: 'site:demo',
  observedAt: 1735775400000,
  createdAt: 1735775400000,
  updatedAt: 1735775400000,
  status: 'active',
  pinned: false,
  entities: [],
  provenance: [
    {
      site: 'demo',
      conversationId: 'c7',
      url: 'http://127.0.0.1:8080/demo/c/c7',
      turnIds: ['seed142'],
      role: 'user',
    },
  ],
};

const episode: Episode = {
  site: 'demo',
  conversationId: 'c0',
  turnId: 'seed0',
  role: 'user',
  text: 'We adopted a hamster named Olive in August.',
  url: 'http://127.0.0.1:8080/demo/c/c0',
  observedAt: 1735690200000,
  key: 'demo|c0|seed0',
  bucket: 'site:demo',
  textHash: 'c78e057e',
};

const roundM = (m: Memory) => decodeMemory(encodeMemory(m), m.id);
const roundE = (e: Episode) => decodeEpisode(encodeEpisode(e), e.key);

describe('start image records', () => {
  it('read back a memory and an episode exactly, without field names or the id', () => {
    expect(roundM(memory)).toEqual(memory);
    expect(roundE(episode)).toEqual(episode);
    const m = encodeMemory(memory);
    const e = encodeEpisode(episode);
    for (const name of ['"text"', '"provenance"', '"conversationId"', memory.id])
      expect(m).not.toContain(name);
    for (const name of ['"key"', '"observedAt"', '"textHash"', episode.key])
      expect(e).not.toContain(name);
    expect(m.length).toBeLessThan(JSON.stringify(memory).length * 0.6);
    expect(e.length).toBeLessThan(JSON.stringify(episode).length * 0.75);
  });

  it('keeps every optional field, set or not, in any combination', () => {
    const full: Memory = {
      ...memory,
      eventAt: 1736000000000,
      status: 'superseded',
      supersedes: 'm_old',
      supersededBy: 'm_new',
      supersededAt: 1736100000000,
      pinned: true,
      entities: ['Boston', 'ceviche'],
      slot: 'diet',
      provenance: [
        memory.provenance[0]!,
        {
          site: 'claude',
          conversationId: 'x',
          url: 'https://claude.ai/chat/x',
          turnIds: ['a', 'b'],
          role: 'assistant',
        },
      ],
    };
    expect(roundM(full)).toEqual(full);
    for (const k of ['eventAt', 'supersedes', 'supersededBy', 'supersededAt', 'slot'] as const) {
      const { [k]: _, ...without } = full;
      expect(roundM(without as Memory), k).toEqual(without);
      expect(Object.keys(roundM(without as Memory)), k).not.toContain(k);
    }
    expect(roundE({ ...episode, suppressed: true })).toEqual({ ...episode, suppressed: true });
    expect(roundE({ ...episode, suppressed: false })).toEqual({ ...episode, suppressed: false });
    expect(roundE({ ...episode, text: '' })).toEqual({ ...episode, text: '' });
  });

  it('keeps fields it does not list, and null, as they are', () => {
    const odd = {
      ...memory,
      eventAt: null,
      future: { a: [1, 2] },
      provenance: [{ ...memory.provenance[0]!, extra: 'kept' }],
    } as unknown as Memory;
    expect(roundM(odd)).toEqual(odd);
    expect((roundM(odd) as unknown as { eventAt: unknown }).eventAt).toBeNull();
    const notAList = { ...memory, provenance: 'broken' } as unknown as Memory;
    expect(roundM(notAList)).toEqual(notAList);
    const later = { ...episode, lang: 'de' } as Episode;
    expect(roundE(later)).toEqual(later);
  });

  it('refuses a record that is not one', () => {
    expect(() => decodeMemory('{"id":"m1"}', 'm1')).toThrow(/malformed/);
  });
});
