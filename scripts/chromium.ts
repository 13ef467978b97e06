import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './browsers.mjs';
import { startServer } from './serve.mjs';

export const CHROME_TEST_BUILD = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../.output/chrome-mv3-test',
);

export interface ChromiumSession {
  ctx: BrowserContext;
  sw: Worker;
  extensionId: string;
  origin: string;
  /** Calls the background's service as an extension page would. */
  service<T = unknown>(method: string, params?: unknown): Promise<T>;
  drain(): Promise<{ memories: number; active: number; episodes: number; queue: number }>;
  close(): Promise<void>;
}

export async function launch(
  opts: {
    headless?: boolean;
    extDir?: string;
    /** More Chromium flags, after the defaults (e.g. `--enable-unsafe-webgpu`). */
    extraArgs?: readonly string[];
    /** Another browser binary (a Chrome with its built-in model). Default: chromiumPath(). */
    executablePath?: string;
    /** Flags in place of the defaults (the extension's two flags are always given). */
    args?: readonly string[];
    /** A profile to use and keep (one where Chrome's model is downloaded). Default: a fresh one. */
    userDataDir?: string;
  } = {},
): Promise<ChromiumSession> {
  const extDir = opts.extDir ?? CHROME_TEST_BUILD;
  const server = await startServer();
  const userDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'mnemo-chromium-'));
  const ctx = await chromium.launchPersistentContext(userDir, {
    executablePath: opts.executablePath ?? chromiumPath(),
    headless: opts.headless ?? true,
    args: [
      ...(opts.args
        ? [`--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`, ...opts.args]
        : chromiumArgs(extDir)),
      ...(opts.extraArgs ?? []),
    ],
    viewport: { width: 1100, height: 760 },
  });
  const sw =
    ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(sw.url()).host;
  const session: ChromiumSession = {
    ctx,
    sw,
    extensionId,
    origin: server.origin,
    async service<T>(method: string, params: unknown = {}) {
      const cur = ctx.serviceWorkers()[0] ?? sw;
      return (await cur.evaluate(
        async ([m, p]) => {
          const g = globalThis as unknown as {
            mnemo: { service: { handle(m: string, p: unknown, s: unknown): Promise<unknown> } };
          };
          return g.mnemo.service.handle(m as string, p, { fromExtensionPage: true });
        },
        [method, params] as const,
      )) as T;
    },
    drain() {
      return session.service('drain');
    },
    async close() {
      await ctx.close();
      await server.close();
      if (!opts.userDataDir) rmSync(userDir, { recursive: true, force: true });
    },
  };
  return session;
}

/** Types a prompt into the demo site's composer and sends it with Enter. */
export async function sendDemoPrompt(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-demo-composer] [contenteditable="true"]');
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Waits until the demo's responder has finished the latest answer. */
export async function waitForAnswer(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const turns = document.querySelectorAll('[data-role="assistant"][data-streaming="false"]');
      return turns.length >= n;
    },
    count,
    { timeout: 15_000 },
  );
}

/** What the demo site has sent to its "model" so far, in order. */
export function demoSent(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __demoSent: string[] }).__demoSent);
}

/** Opens the demo site in a new tab, sends one prompt, waits for the answer. */
export async function chatOnDemo(
  s: ChromiumSession,
  text: string,
): Promise<{ page: Page; sent: string[] }> {
  const page = await s.ctx.newPage();
  await page.goto(`${s.origin}/demo/`);
  await sendDemoPrompt(page, text);
  await waitForAnswer(page, 1);
  return { page, sent: await demoSent(page) };
}
