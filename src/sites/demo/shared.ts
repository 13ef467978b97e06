import type { ReadOnlyRule } from '../types';

/** The demo site: the pages that show someone else's conversation (see ReadOnlyRule). */
export const READ_ONLY: ReadOnlyRule = {
  paths: [{ re: /^\/demo\/share\//, why: "the demo site's shared-conversation path" }],
  markers: [{ selector: '[data-demo-shared]', layout: "the demo site's shared-page banner" }],
};
