import { browser } from 'wxt/browser';
import { createBackground } from '../src/background/boot';

export default defineBackground(() => {
  const bg = createBackground();
  // Registered synchronously at start-up, before any async work, so no message is missed
  // when the service worker is woken by one.
  browser.runtime.onMessage.addListener((msg, sender) =>
    // Messages for the offscreen document (Chrome's AI tier) are not ours to answer.
    (msg as { target?: unknown } | null)?.target !== undefined
      ? undefined
      : bg.onMessage(msg, sender),
  );
  // Turns queued before the worker was stopped are processed now.
  void bg.service.processQueue();
  // Sync, where it is set up, resumes (its failures are shown in Options → Sync).
  void bg.sync.start().catch(() => undefined);
  // For the demo and the end-to-end tests, which drive the service worker directly.
  (globalThis as { mnemo?: unknown }).mnemo = bg;
});
