/**
 * The built artefacts, as a store would receive them: permissions pinned to the supported
 * chat sites, a strict CSP with nothing remote, no loopback host and no <all_urls> anywhere
 * in the store zips, and a Firefox build that passes web-ext lint with 0 errors.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_SITE_PATTERNS } from '../../src/sites/hosts';

const OUT = resolve(__dirname, '../../.output');
const version = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')).version;

function unzip(zip: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-zip-'));
  execFileSync('unzip', ['-q', zip, '-d', dir]);
  return dir;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe.each(['chrome', 'firefox'])('store zip for %s', (browser) => {
  const dir = unzip(join(OUT, `mnemo-${version}-${browser}.zip`));
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

  it('mentions no loopback host and no <all_urls> in any file', () => {
    for (const f of files(dir)) {
      const text = readFileSync(f).toString('latin1');
      expect(text.includes('127.0.0.1'), f).toBe(false);
      expect(text.includes('<all_urls>'), f).toBe(false);
    }
  });

  it('asks for the supported chat sites only', () => {
    const hosts =
      browser === 'chrome'
        ? manifest.host_permissions
        : manifest.permissions.filter((p: string) => p.includes('://'));
    expect([...hosts].sort()).toEqual([...ALL_SITE_PATTERNS].sort());
    const cs = manifest.content_scripts as { matches: string[] }[];
    expect(cs).toHaveLength(1);
    expect([...cs[0]!.matches].sort()).toEqual([...ALL_SITE_PATTERNS].sort());
    const apiPerms = (
      browser === 'chrome'
        ? manifest.permissions
        : manifest.permissions.filter((p: string) => !p.includes('://'))
    ).sort();
    expect(apiPerms).toEqual(['storage', 'tabs', 'unlimitedStorage']);
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.web_accessible_resources).toBeUndefined();
  });

  it("has a strict CSP with 'wasm-unsafe-eval' and nothing remote", () => {
    const csp: string =
      browser === 'chrome'
        ? manifest.content_security_policy.extension_pages
        : manifest.content_security_policy;
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toMatch(/https?:|unsafe-inline|'unsafe-eval'/);
  });

  it('ships the default embedding model', () => {
    const model = join(dir, 'models/minishlab/potion-base-2M');
    expect(statSync(join(model, 'model.safetensors')).size).toBeGreaterThan(3_000_000);
    expect(statSync(join(model, 'tokenizer.json')).size).toBeGreaterThan(100_000);
  });
});

describe('test builds', () => {
  it('run on the loopback host (demo and saved pages), unlike the store builds', () => {
    const m = JSON.parse(readFileSync(join(OUT, 'chrome-mv3-test/manifest.json'), 'utf8'));
    expect(m.host_permissions).toContain('http://127.0.0.1/*');
  });
});

describe('Firefox build', () => {
  it('passes web-ext lint with 0 errors', () => {
    const webExt = resolve(__dirname, '../../node_modules/.bin/web-ext');
    let out: string;
    try {
      out = execFileSync(webExt, ['lint', '-s', join(OUT, 'firefox-mv2'), '-o', 'json'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch (err) {
      out = (err as { stdout: string }).stdout;
    }
    const report = JSON.parse(out);
    expect(report.errors).toEqual([]);
    expect(report.summary.errors).toBe(0);
    expect(report.metadata.id).toBe('mnemo@mnemo.local');
  });
});
