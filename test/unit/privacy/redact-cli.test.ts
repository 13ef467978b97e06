import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../scripts/redact';

const dir = mkdtempSync(join(tmpdir(), 'mnemo-redact-'));
const fileWith = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += s), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += s), true));
  try {
    return { code: await main(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('npm run redact -- --json FILE', () => {
  it('prints the stored form of each string, in order', async () => {
    const p = fileWith(
      'in.json',
      JSON.stringify(['my PIN is 4821', 'I live in Be\u2060rlin', 'release 4.17.21']),
    );
    const r = await run(['--json', p]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      'my PIN is [redacted:pin]',
      'I live in Berlin',
      'release 4.17.21',
    ]);
  });

  it.each([
    ['not JSON', '{oops', /not valid JSON/],
    ['not an array', '{"a": 1}', /holds object, not a JSON array of strings/],
    ['a number inside', '["a", 3]', /entry 1 is 3, not a string/],
  ])('refuses a file that is %s, with exit code 2', async (_name, text, msg) => {
    const r = await run(['--json', fileWith('bad.json', text)]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(msg);
    expect(r.err).toContain('Usage: npm run redact -- --json FILE');
  });

  it('says what to do for a missing file or argument', async () => {
    expect((await run(['--json', join(dir, 'missing.json')])).err).toMatch(
      /Cannot read .*missing\.json.*Check the path/,
    );
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Usage/);
  });
});
