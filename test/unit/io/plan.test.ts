import { describe, expect, it } from 'vitest';
import { normaliseText, planImport } from '../../../src/io/plan';
import { memory } from './fixtures';

describe('import plan', () => {
  it('adds new memories, merges duplicates of existing ones, skips with reasons', () => {
    const existing = [
      memory('e1', 'User is vegetarian.'),
      memory('e2', 'User lives in Oslo.', { status: 'superseded' }),
    ];
    let n = 0;
    const plan = planImport(
      existing,
      [
        memory('n1', 'user is  VEGETARIAN'), // duplicate of e1
        memory('n2', 'User has a dog.'),
        memory('n3', 'User has a dog!'), // duplicate within the file
        memory('n4', '   '),
        memory('e2', 'User lives in Bergen.'), // id taken by another memory: new id
        memory('n5', 'x'.repeat(2001)),
        memory('n6', 'User is vegetarian.', { bucket: 'b:work' }), // other bucket: not a duplicate
        memory('e:demo|c1|t1', 'User plays chess.'), // reads as a chat turn's id: new id
      ],
      () => `new${++n}`,
    );
    expect(plan.merge.map((m) => [m.into.id, m.from.id])).toEqual([['e1', 'n1']]);
    expect(plan.add.map((m) => m.id)).toEqual(['n2', 'new1', 'n6', 'new2']);
    expect(plan.skipped.map((s) => [s.index, s.reason])).toEqual([
      [2, 'duplicate of entry 2 in the same file'],
      [3, 'empty text'],
      [5, 'longer than 2000 characters: shorten it and import again'],
    ]);
  });

  it('normalises case, spacing and final punctuation only', () => {
    expect(normaliseText('  User  is Vegan. ')).toBe('user is vegan');
    expect(normaliseText('User is vegan?')).toBe('user is vegan?');
  });
});
