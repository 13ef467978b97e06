import { describe, expect, it } from 'vitest';
import { memoryOf } from '../../helpers/memory';
import { profileFor } from '../../../src/memory/profile';
import type { Memory } from '../../../src/memory/types';

const mem = (text: string, over: Partial<Memory> = {}): Memory =>
  memoryOf(text, { bucket: 'site:chatgpt', observedAt: Date.UTC(2026, 0, ++day), ...over });
let day = 0;

describe('the profile pass', () => {
  it('brings the current home to a place-dependent prompt that never names it', () => {
    const old = mem('User lives in Lisbon.', {
      slot: 'home',
      status: 'superseded',
      supersededAt: 5,
    });
    const now = mem('User moved to Berlin.', { slot: 'home' });
    const other = mem('User plays the cello.');
    const got = profileFor('Any cheap lunch spots near me?', [old, now, other]);
    expect(got.map((e) => e.memory.text)).toEqual(['User moved to Berlin.']);
    expect(got[0]!.history).toBe(false);
  });

  it('answers a direct question with the attribute first', () => {
    const age = mem('User is 47.', { slot: 'age' });
    const diet = mem('User is vegan.', { slot: 'diet' });
    const got = profileFor('How old am I?', [diet, age]);
    expect(got[0]!.memory).toBe(age);
    expect(got[0]!.need).toBe('ask-age');
    expect(got.map((e) => e.memory)).not.toContain(diet);
  });

  it('takes a fact without a slot through the need’s words, only when it is about the user', () => {
    const trains = mem('User prefers trains over flying for trips under six hours.');
    const sister = mem("User's sister lives in Rome.");
    const got = profileFor('How should I get to Paris next month?', [trains, sister]);
    expect(got.map((e) => e.memory)).toEqual([trains]);
  });

  it('gives nothing to a prompt that needs nothing', () => {
    expect(
      profileFor('What is the capital of Peru?', [mem('User lives in Lima.', { slot: 'home' })]),
    ).toEqual([]);
  });

  it('shows earlier values only when the prompt asks about the past, marked as history', () => {
    const old = mem('User lives in Lisbon.', {
      slot: 'home',
      status: 'superseded',
      supersededAt: 9,
    });
    const now = mem('User lives in Berlin.', { slot: 'home' });
    const got = profileFor('Where did I live before?', [old, now]);
    expect(got.map((e) => [e.memory.text, e.history])).toEqual([
      ['User lives in Berlin.', false],
      ['User lives in Lisbon.', true],
    ]);
  });

  it('reads a person’s slots for a need that names the person', () => {
    const likes = mem("User's wife loves pottery.", { slot: 'partner.likes' });
    const got = profileFor("Gift ideas for my wife's birthday?", [likes]);
    expect(got.map((e) => e.memory)).toEqual([likes]);
  });

  it('never brings a deleted memory', () => {
    const gone = mem('User lives in Basel.', { slot: 'home', status: 'deleted' });
    expect(profileFor('Recommend a gym near me.', [gone])).toEqual([]);
  });
});
