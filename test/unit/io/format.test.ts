import { describe, expect, it } from 'vitest';
import {
  buildExport,
  EXPORT_FORMAT,
  parseExportText,
  parseSavedMemories,
  SCHEMA_VERSION,
  validateExport,
} from '../../../src/io/format';
import { memory } from './fixtures';

describe('export format', () => {
  it('exports all or one bucket with a format tag and schema version, never deleted memories', () => {
    const ms = [
      memory('a', 'A.'),
      memory('b', 'B.', { bucket: 'b:work' }),
      memory('c', 'C.', { status: 'deleted' }),
    ];
    const all = buildExport(ms, [{ id: 'b:work', name: 'Work' }], 0);
    expect(all.format).toBe(EXPORT_FORMAT);
    expect(all.schemaVersion).toBe(SCHEMA_VERSION);
    expect(all.memories.map((m) => m.id)).toEqual(['a', 'b']);
    expect(all.buckets).toEqual([
      { id: 'b:work', name: 'Work' },
      { id: 'site:demo', name: 'demo' },
    ]);
    const one = buildExport(ms, [{ id: 'b:work', name: 'Work' }], 0, 'b:work');
    expect(one.memories.map((m) => m.id)).toEqual(['b']);
    expect(validateExport(JSON.parse(JSON.stringify(all)))).toMatchObject({ ok: true });
  });

  it('rejects the whole file with every problem, named by path', () => {
    const file = buildExport([memory('a', 'A.'), memory('b', 'B.')], [], 0);
    const bad = JSON.parse(JSON.stringify(file));
    bad.memories[1].kind = 'gossip';
    bad.memories[0].provenance[0].role = 'robot';
    delete bad.memories[1].observedAt;
    const res = validateExport(bad);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors).toEqual([
      'memories[0].provenance[0].role must be "user" or "assistant"',
      expect.stringContaining('memories[1].kind must be one of'),
      'memories[1].observedAt must be a time in milliseconds',
    ]);
  });

  it('says what is wrong with files that are not exports at all', () => {
    expect(parseExportText('{oops')).toMatchObject({
      ok: false,
      errors: [expect.stringContaining('not valid JSON')],
    });
    expect(validateExport([])).toMatchObject({ ok: false });
    expect(validateExport({ format: 'other' })).toMatchObject({
      ok: false,
      errors: [expect.stringContaining('not a Mnemo export')],
    });
    const v2 = { ...buildExport([], [], 0), schemaVersion: 2 };
    expect(validateExport(v2)).toMatchObject({
      ok: false,
      errors: [expect.stringContaining('Update Mnemo')],
    });
  });

  it('caps the error list', () => {
    const file = JSON.parse(JSON.stringify(buildExport([], [], 0)));
    file.memories = Array.from({ length: 50 }, () => ({}));
    const res = validateExport(file);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.errors).toHaveLength(21);
      expect(res.errors.at(-1)).toMatch(/more problems/);
    }
  });

  it('parses a pasted ChatGPT saved-memories list, one memory a line', () => {
    let n = 0;
    const f = parseSavedMemories(
      '- Is vegetarian\n\n• Lives in  Lisbon\n3. Has two cats\r\nWorks at a bakery\n   \n',
      'site:chatgpt',
      5,
      () => `id${++n}`,
    );
    expect(f.memories.map((m) => m.text)).toEqual([
      'Is vegetarian',
      'Lives in Lisbon',
      'Has two cats',
      'Works at a bakery',
    ]);
    expect(
      f.memories.every((m) => m.bucket === 'site:chatgpt' && m.provenance[0]?.site === 'chatgpt'),
    ).toBe(true);
    expect(validateExport(f)).toMatchObject({ ok: true });
  });
});
