/**
 * The redaction figure: of the corpus' secrets, the share fully removed by `redactText`
 * (every part of the secret gone), and of its near-misses, the share changed at all.
 * Prints the per-family table (docs/reliability.md quotes it).
 */
import { describe, expect, it } from 'vitest';
import { redactText } from '../../../src/extract/redact';
import { nearMisses, secretCases } from './corpus';

describe('redaction corpus', () => {
  it('removes ≥ 97 % of the secrets and changes ≤ 3 % of the near-misses', async () => {
    const secrets = secretCases();
    const misses = nearMisses();
    expect(secrets.length).toBeGreaterThanOrEqual(150);
    expect(misses.length).toBeGreaterThanOrEqual(60);

    const byFamily = new Map<string, { n: number; removed: number }>();
    const leaked: string[] = [];
    for (const s of secrets) {
      const { text } = await redactText(s.text);
      const ok = s.secrets.every((part) => !text.includes(part));
      const f = byFamily.get(s.family) ?? { n: 0, removed: 0 };
      f.n++;
      if (ok) f.removed++;
      else leaked.push(`${s.family}: ${JSON.stringify(s.text)} -> ${JSON.stringify(text)}`);
      byFamily.set(s.family, f);
    }
    const changed: string[] = [];
    for (const m of misses) {
      const { text } = await redactText(m.text);
      if (text !== m.text)
        changed.push(`${m.kind}: ${JSON.stringify(m.text)} -> ${JSON.stringify(text)}`);
    }
    const removed = secrets.length - leaked.length;
    const lines = [...byFamily].map(
      ([family, f]) =>
        `| ${family.padEnd(18)} | ${String(f.n).padStart(3)} | ${String(f.removed).padStart(3)} |`,
    );
    console.log(
      [
        '| family             |   n | removed |',
        ...lines,
        `secrets removed: ${removed}/${secrets.length} (${((100 * removed) / secrets.length).toFixed(1)} %)`,
        `near-misses changed: ${changed.length}/${misses.length} (${((100 * changed.length) / misses.length).toFixed(1)} %)`,
        ...leaked.map((l) => `LEAKED ${l}`),
        ...changed.map((l) => `CHANGED ${l}`),
      ].join('\n'),
    );
    expect(removed / secrets.length).toBeGreaterThanOrEqual(0.97);
    expect(changed.length / misses.length).toBeLessThanOrEqual(0.03);
  });
});

describe('secretlint in a long-lived background', () => {
  it('keeps no timing entries across runs (Firefox’s background page never restarts)', async () => {
    for (let i = 0; i < 50; i++) await redactText(`hello ${i}`);
    await new Promise((r) => setTimeout(r, 20));
    await redactText('last');
    const left = performance
      .getEntriesByType('mark')
      .concat(performance.getEntriesByType('measure'))
      .filter((e) => e.name.startsWith('@core>')).length;
    // One run's worth at most (its late observer entries), not 50 runs' (~7,500).
    expect(left).toBeLessThan(200);
  });
});
