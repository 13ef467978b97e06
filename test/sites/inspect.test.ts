import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspect } from '../../scripts/sites-inspect';
import { FIXTURES_DIR, readPage } from './fixtures';

const root = resolve(__dirname, '../..');
const script = join(root, 'scripts/sites-inspect.ts');

describe('sites:inspect', () => {
  it('prints the documented JSON for a saved page, guessing the site', () => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', script, join(FIXTURES_DIR, 'claude/oae-2026-01-29-main.html')],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(['site', 'promptBox', 'sendButton', 'turns', 'warnings']);
    expect(json.site).toBe('claude');
    expect(json.promptBox).toEqual({ found: true, selector: expect.any(String) });
    expect(json.sendButton).toEqual({ found: true, selector: 'button[aria-label="Send message"]' });
    expect(json.turns).toHaveLength(4);
    for (const t of json.turns) expect(Object.keys(t)).toEqual(['role', 'id', 'text']);
    expect(json.turns[1]).toMatchObject({ role: 'assistant', text: 'はい' });
    expect(json.warnings).toEqual([]);
  });

  it('guesses the site of pages from each folder', () => {
    expect(inspect(readPage('gemini', 'threadlift-2026-07-18-share.html')).site).toBe('gemini');
    expect(
      inspect(readPage('chatgpt', 'driftwatch-2026-09-21-composing-sanitized.html')).site,
    ).toBe('chatgpt');
    expect(inspect(readPage('perplexity', 'oae-2026-02-02-main.html')).site).toBe('perplexity');
    expect(inspect(readPage('copilot', 'nr-2026-01-conversation.html')).site).toBe('copilot');
  });

  it('warns when a page has turns but no prompt box, and selector is null when not found', () => {
    const r = inspect(readPage('chatgpt', 'yk-2025-11-29-turns.html'), 'chatgpt');
    expect(r.promptBox).toEqual({ found: false, selector: null });
    expect(r.warnings.some((w) => w.includes('no prompt box'))).toBe(true);
  });

  it('exits 2 for a missing file or an unknown site', () => {
    const missing = spawnSync(
      process.execPath,
      ['--import', 'tsx', script, '/nonexistent/page.html'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const unknown = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        script,
        join(FIXTURES_DIR, 'claude/nl-handrebuilt-conv.html'),
        '--site',
        'nope',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown site');
  });
});
