/**
 * What redaction costs at the service's entry: 2,000 memory-sized texts redacted one by one
 * (`redactText` each) and joined (`redactMany`), in three interleaved rounds so both see
 * the same machine load. Prints `[privacy] redact …` lines (docs/reliability.md).
 */
import { describe, expect, it } from 'vitest';
import { redactMany, redactText } from '../../../src/extract/redact';

const texts = Array.from(
  { length: 2000 },
  (_, i) =>
    `User prefers aisle seats on flight ${i}, lives in Porto with a cat named Miso and plays the oboe on Sundays.`,
);

describe('redaction cost', () => {
  it('joins texts for secretlint: one run per 200,000 characters, not one per text', async () => {
    await redactText('warm up');
    const one: number[] = [];
    const joined: number[] = [];
    for (let round = 0; round < 3; round++) {
      let t = performance.now();
      for (const x of texts) await redactText(x);
      one.push(performance.now() - t);
      t = performance.now();
      const out = await redactMany(texts);
      joined.push(performance.now() - t);
      expect(out.map((r) => r.text)).toEqual(texts);
    }
    const med = (a: number[]) => [...a].sort((x, y) => x - y)[1]!;
    console.info(
      `[privacy] redact 2,000 texts: one by one ${med(one).toFixed(0)} ms, joined ${med(joined).toFixed(0)} ms (median of 3 interleaved rounds; per text ${(med(one) / 2000).toFixed(2)} / ${(med(joined) / 2000).toFixed(3)} ms)`,
    );
    expect(med(joined)).toBeLessThan(med(one));
  }, 120_000);

  it('gives each text its own findings when joined', async () => {
    const out = await redactMany([
      'my PIN is 4821',
      'nothing here',
      'glpat-abcdefghij1234567890 and',
      'IBAN de89 3704 0044 0532 0130 00',
    ]);
    expect(out.map((r) => r.text)).toEqual([
      'my PIN is [redacted:pin]',
      'nothing here',
      '[redacted:gitlab_token] and',
      'IBAN [redacted:iban]',
    ]);
  });
});
