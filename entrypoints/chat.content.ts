import { call } from '../src/messaging/client';
import { ChatController } from '../src/content/controller';
import { findAdapter } from '../src/sites/registry';

export default defineContentScript({
  // The real list is generated from src/sites/hosts.ts (see wxt.config.ts).
  matches: ['https://chatgpt.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    let controller: AbortController | undefined;
    const start = () => {
      controller?.abort();
      const found = findAdapter(new URL(location.href));
      if (!found) return;
      controller = new AbortController();
      const c = new ChatController({
        adapter: found.adapter,
        siteUrl: () => findAdapter(new URL(location.href))?.url ?? found.url,
        call,
        signal: controller.signal,
      });
      void c.start();
    };
    // SPA navigation: tear everything down and start again for the new conversation.
    ctx.addEventListener(window, 'wxt:locationchange', start);
    ctx.onInvalidated(() => controller?.abort());
    start();
  },
});
