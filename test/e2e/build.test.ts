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
      // secretlint's rules list `localhost`, `127.0.0.1` as hosts whose URLs hold example
      // credentials (data, not a host Mnemo runs on): that list is not a loopback host.
      const text = readFileSync(f)
        .toString('latin1')
        .replace(/[`'"]localhost[`'"],[`'"]127\.0\.0\.1[`'"]/g, '');
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
    // `offscreen` (Chrome only) hosts the AI models outside the service worker. No `tabs`
    // (the popup reads the active tab's URL through the host permissions). `alarms` wakes
    // the worker for sync.
    expect(apiPerms).toEqual(
      browser === 'chrome'
        ? ['alarms', 'offscreen', 'storage', 'unlimitedStorage']
        : ['alarms', 'storage', 'unlimitedStorage'],
    );
    // Sync's server: optional, granted one origin at a time at setup, never at install.
    expect(
      browser === 'chrome' ? manifest.optional_host_permissions : manifest.optional_permissions,
    ).toEqual(['https://*/*', 'http://*/*']);
    for (const gone of ['grok.com', 'kimi', 'qwen'])
      expect(
        hosts.some((h: string) => h.includes(gone)),
        gone,
      ).toBe(false);
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

/**
 * Strings found only in the AI libraries' own code (checked present in the Chrome build, so
 * their absence elsewhere means something): web-llm, transformers.js, onnxruntime-web.
 */
const AI_MARKERS = ['MLCEngine', 'tvmjs', 'AutoTokenizer', 'InferenceSession'];
const text = (f: string) => readFileSync(f).toString('latin1');

describe('AI code stays out of the service worker', () => {
  const chrome = unzip(join(OUT, `mnemo-${version}-chrome.zip`));
  const firefox = unzip(join(OUT, `mnemo-${version}-firefox.zip`));

  it('Chrome: background.js is under 1.5 MB and holds no web-llm, transformers.js or ORT', () => {
    const bg = join(chrome, 'background.js');
    expect(statSync(bg).size).toBeLessThan(1.5 * 1024 * 1024);
    const code = text(bg);
    for (const m of AI_MARKERS) expect(code.includes(m), m).toBe(false);
  });

  it('Chrome: the libraries ship in chunks the offscreen page loads', () => {
    const manifest = JSON.parse(text(join(chrome, 'manifest.json')));
    expect(manifest.permissions).toContain('offscreen');
    expect(text(join(chrome, 'offscreen.html'))).toMatch(/<script type="module"/);
    const others = files(chrome).filter((f) => f.endsWith('.js') && !f.endsWith('background.js'));
    for (const m of AI_MARKERS)
      expect(
        others.some((f) => text(f).includes(m)),
        `${m} somewhere in the Chrome build`,
      ).toBe(true);
  });

  it('Firefox: no offscreen page, no ORT wasm and no AI library in any file', () => {
    const all = files(firefox);
    expect(all.some((f) => /offscreen/.test(f))).toBe(false);
    expect(all.some((f) => f.endsWith('.wasm') && /ort-wasm/.test(f))).toBe(false);
    const manifest = JSON.parse(text(join(firefox, 'manifest.json')));
    expect(manifest.permissions).not.toContain('offscreen');
    for (const f of all.filter((x) => x.endsWith('.js') || x.endsWith('.html')))
      for (const m of ['tvmjs', 'AutoTokenizer', 'InferenceSession'])
        expect(text(f).includes(m), `${m} in ${f}`).toBe(false);
  });
});

/**
 * Strings found only in the rule extractor's libraries (checked present where they must be,
 * so their absence elsewhere means something): compromise's packed lexicon (its
 * "Comparative" entry) and two of chrono-node's English parsers.
 */
const RULE_MARKERS = {
  compromise: ['bett1f0;arth0ew0in0;er'],
  'chrono-node': ['ENCasualDateParser', 'ENTimeExpressionParser'],
};

describe('the rule extractor stays out of the service worker (Chrome)', () => {
  const chrome = unzip(join(OUT, `mnemo-${version}-chrome.zip`));
  const firefox = unzip(join(OUT, `mnemo-${version}-firefox.zip`));
  const markers = Object.values(RULE_MARKERS).flat();

  it('Chrome: background.js is under 360 KB and holds neither compromise, chrono-node nor PouchDB', () => {
    const bg = join(chrome, 'background.js');
    // Every byte of it is evaluated at each worker start (docs/benchmarks.md, Chromium):
    // the rules and sync's replicator run in the offscreen page instead.
    expect(statSync(bg).size).toBeLessThan(360 * 1024);
    const code = text(bg);
    for (const m of [...markers, 'PouchDB']) expect(code.includes(m), m).toBe(false);
  });

  it('Chrome: the rules ship in a chunk only the offscreen page loads', () => {
    const chunks = files(chrome).filter((f) => f.endsWith('.js') && !f.endsWith('background.js'));
    for (const m of markers)
      expect(
        chunks.some((f) => text(f).includes(m)),
        `${m} somewhere in the Chrome build`,
      ).toBe(true);
  });

  it('Firefox: the background page holds the rule extractor itself', () => {
    const code = text(join(firefox, 'background.js'));
    for (const m of markers) expect(code.includes(m), m).toBe(true);
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
