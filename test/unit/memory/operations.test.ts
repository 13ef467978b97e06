import { describe, expect, it } from 'vitest';
import { memoryOf } from '../../helpers/memory';
import {
  effectOf,
  inEffect,
  named,
  opOf,
  pending,
  withPlanOp,
} from '../../../src/memory/operations';
import type { Candidate } from '../../../src/memory/types';

const mem = memoryOf;
const cand = (c: Partial<Candidate>): Candidate => ({
  text: 'x',
  kind: 'fact',
  entities: [],
  confidence: 0.8,
  ...c,
});

describe('what a candidate’s operation does to stored memories', () => {
  const acme = mem('User works at Acme as a compliance officer.', { slot: 'employer' });
  const salary = mem('User makes $84k as a lab manager.', { slot: 'salary' });
  const tea = mem('User likes green tea.');

  it('a slot without an op sets it; no slot adds', () => {
    expect(opOf(cand({ slot: 'home' }))).toBe('set');
    expect(opOf(cand({}))).toBe('add');
  });

  it('end retires the slot’s current value and keeps the ending statement', () => {
    const e = effectOf(
      cand({ op: 'end', slot: 'employer', text: 'User quit Acme.', target: 'Acme' }),
      [acme, tea],
    );
    expect(e.end).toEqual([acme]);
    expect(e.remove).toEqual([]);
    expect(e.store).toBe(true);
  });

  it('end without a slot retires what the target names', () => {
    const coffee = mem('User drinks four cups of coffee a day.');
    const e = effectOf(cand({ op: 'end', target: 'coffee' }), [coffee, tea]);
    expect(e.end).toEqual([coffee]);
  });

  it('correct removes the wrong value outright', () => {
    const age = mem('User is 34.', { slot: 'age' });
    const e = effectOf(cand({ op: 'correct', slot: 'age', text: 'User is 43.' }), [age, tea]);
    expect(e.remove).toEqual([age]);
    expect(e.end).toEqual([]);
    expect(e.store).toBe(true);
  });

  it('forget deletes what the target names, stores nothing, and names the words to cut', () => {
    const e = effectOf(cand({ op: 'forget', target: 'salary' }), [acme, salary, tea]);
    // "salary" is not in the salary memory's text: the slot does not name it either, so
    // nothing matches by words here; the extractor gives the slot when it knows it.
    expect(e.store).toBe(false);
    const bySlot = effectOf(cand({ op: 'forget', slot: 'salary', target: 'salary' }), [
      acme,
      salary,
      tea,
    ]);
    expect(bySlot.remove).toEqual([salary]);
    expect(bySlot.words).toEqual(['salary']);
  });

  it('a target names a memory only when all its content words are there', () => {
    const party = mem("User is planning a surprise party for partner Lee's 40th.");
    expect(named('the party', [party, tea])).toEqual([party]);
    expect(named('the wedding party', [party, tea])).toEqual([]);
    expect(named('the', [party, tea])).toEqual([]);
  });

  it('a new employer ends the job held at the old one; a new job leaves the employer', () => {
    const nurse = mem('User works as a nurse at St Mary.', { slot: 'job' });
    const emp = effectOf(cand({ slot: 'employer', text: 'User was hired at Northwind.' }), [
      nurse,
      tea,
    ]);
    expect(emp.end).toEqual([nurse]);
    const job = effectOf(cand({ slot: 'job', text: 'User is now a senior nurse.' }), [acme, tea]);
    expect(job.end).toEqual([]);
  });

  it('ending the employer ends the job held there', () => {
    const job = mem('User is a compliance officer.', { slot: 'job' });
    const e = effectOf(cand({ op: 'end', slot: 'employer', text: 'User retired.' }), [
      acme,
      job,
      tea,
    ]);
    expect(e.end).toEqual(expect.arrayContaining([acme, job]));
    expect(e.end).not.toContain(tea);
  });
});

describe('planned values', () => {
  const MAY_20 = Date.UTC(2026, 4, 20, 10);
  const JUNE_10 = Date.UTC(2026, 5, 10);
  const plan = (over: Partial<Candidate> = {}) =>
    cand({ kind: 'plan', slot: 'home', eventAt: JUNE_10, ...over });

  it('a plan of a plannable slot dated after the day it was said is a planned value', () => {
    expect(withPlanOp(plan(), MAY_20).op).toBe('plan');
    // "I start at Orbis on Monday": a plan told in the present tense is one too.
    expect(withPlanOp(plan({ slot: 'employer', op: 'set' }), MAY_20).op).toBe('plan');
    // Dated today or before, or a slot no plan is kept for: not a planned value.
    expect(withPlanOp(plan({ op: 'plan', eventAt: Date.UTC(2026, 4, 20) }), MAY_20).op).toBe('set');
    expect(withPlanOp(plan({ slot: 'pet' }), MAY_20).op).toBeUndefined();
    expect(withPlanOp(plan({ kind: 'event' }), MAY_20).op).toBeUndefined();
  });

  it('is current from its date on, and then ends the values stated before it', () => {
    const nairobi = mem('User lives in Nairobi.', {
      slot: 'home',
      observedAt: MAY_20 - 90 * 864e5,
    });
    const tallinn = mem('User is moving to Tallinn on 10 June 2026.', {
      kind: 'plan',
      slot: 'home',
      eventAt: JUNE_10,
      observedAt: MAY_20,
    });
    expect(pending(tallinn, JUNE_10 - 1)).toBe(true);
    expect(inEffect([nairobi, tallinn], JUNE_10 - 1)).toEqual([nairobi]);
    expect(inEffect([nairobi, tallinn], JUNE_10)).toEqual([tallinn]);
    // A value stated after the plan was made stays beside it.
    const flat = mem('User lives in a flat in Tallinn old town.', {
      slot: 'home',
      observedAt: MAY_20 + 864e5,
    });
    expect(inEffect([nairobi, tallinn, flat], JUNE_10)).toEqual([tallinn, flat]);
  });
});

describe('a spoken target', () => {
  it('"the vegetarian thing" names "User is vegetarian."', () => {
    const veg = mem('User is vegetarian.');
    expect(named('the vegetarian thing', [veg])).toEqual([veg]);
  });
});

describe('forgetting where the user works', () => {
  it('forgets the job held there too', () => {
    const acme = mem('User works at Acme.', { slot: 'employer' });
    const job = mem('User is a compliance officer.', { slot: 'job' });
    const tea = mem('User likes green tea.');
    const e = effectOf(cand({ op: 'forget', slot: 'employer', target: 'where I work' }), [
      acme,
      job,
      tea,
    ]);
    expect(e.remove).toEqual([acme, job]);
  });
});
