import { describe, expect, it } from 'vitest';
import { formatMemoryBlock } from '../../../src/inject/marker';

describe('the injected block', () => {
  it('writes a history line as history, with the date it stopped being true', () => {
    const block = formatMemoryBlock([
      { text: 'User lives in Berlin.', date: '2026-05-12' },
      { text: 'User lived in Lisbon.', date: '2026-03-10', until: '2026-05-12' },
    ]);
    const lines = block.split('\n');
    expect(lines).toContain('- "User lives in Berlin." (2026-05-12)');
    expect(lines).toContain('- earlier, until 2026-05-12: "User lived in Lisbon."');
  });
});
