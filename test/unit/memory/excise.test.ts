import { describe, expect, it } from 'vitest';
import { exciseStatements } from '../../../src/memory/excise';

describe('cutting what a forgotten memory said out of its source turn', () => {
  it('removes the sentence that stated the memory and keeps the rest', () => {
    const r = exciseStatements(
      "I've got a bad left knee from an old skiing accident, so no jumping please. Can you give me a 20-minute home workout?",
      ['User has a bad left knee from an old skiing accident.'],
    );
    expect(r.removed).toBe(1);
    expect(r.text).toBe('Can you give me a 20-minute home workout?');
  });

  it('removes every sentence that holds a word the user asked to forget', () => {
    const r = exciseStatements(
      'My therapist thinks I should journal. I see the therapist on Tuesdays. I like tea.',
      [],
      ['therapist'],
    );
    expect(r.text).toBe('I like tea.');
    expect(r.removed).toBe(2);
  });

  it('matches whole words only, case-insensitively', () => {
    const r = exciseStatements('I work at Oakhurst. Oak trees are nice.', [], ['oak']);
    // "Oak" is a word of the second sentence only: "Oakhurst" is another word.
    expect(r.text).toBe('I work at Oakhurst.');
  });

  it('leaves a turn that never stated it unchanged', () => {
    const text = 'What is the capital of Peru? Thanks!';
    expect(exciseStatements(text, ['User is vegetarian.'])).toEqual({ text, removed: 0 });
  });

  it('can empty a turn that said nothing else', () => {
    expect(exciseStatements('I am pregnant.', ['User is pregnant.']).text).toBe('');
  });
});
