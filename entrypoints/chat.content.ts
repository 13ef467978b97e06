import { call } from '../src/messaging/client';
import { ChatController } from '../src/content/controller';
import { SendLog } from '../src/content/sends';
import { findAdapter } from '../src/sites/registry';

/** How often the script checks that its extension is still there (and, without the Navigation API, the URL). */
const TICK_MS = 1000;

export default defineContentScript({
  // The real list is generated from src/sites/hosts.ts (see wxt.config.ts).
  matches: ['https://chatgpt.com/*'],
  runAt: 'document_idle',
  // WXT's start message carries the extension id to the page by postMessage: not sent.
  noScriptStartedPostMessage: true,
  main() {
    // Only the top page is a conversation the user is having: a chat embedded in a frame
    // (another page's embed of a shared conversation) is not.
    if (window.top !== window) return;
    // `ctx` is left unused on purpose. Its "a newer script started" signal is a DOM event the
    // page can dispatch too (its name is the extension id plus fixed words, and the id of a
    // published extension is public), which would switch Mnemo off; its location watcher
    // announces each URL change with another such event. This script watches the URL itself
    // and stops when its extension is gone (updated, reloaded, removed), which no page can fake.
    const sends = new SendLog();
    let controller: AbortController | undefined;
    let last = location.href;
    const start = () => {
      controller?.abort();
      last = location.href;
      const found = findAdapter(new URL(location.href));
      if (!found) return;
      controller = new AbortController();
      const c = new ChatController({
        adapter: found.adapter,
        siteUrl: () => findAdapter(new URL(location.href))?.url ?? found.url,
        call,
        signal: controller.signal,
        sends,
      });
      void c.start();
    };
    // SPA navigation: tear everything down and start again for the new conversation.
    const check = () => {
      if (location.href !== last) start();
    };
    const nav = (globalThis as { navigation?: EventTarget }).navigation;
    nav?.addEventListener('currententrychange', check);
    addEventListener('popstate', check);
    const tick = setInterval(() => {
      if (browser.runtime?.id == null) {
        clearInterval(tick);
        nav?.removeEventListener('currententrychange', check);
        removeEventListener('popstate', check);
        controller?.abort();
        return;
      }
      check();
    }, TICK_MS);
    start();
  },
});
