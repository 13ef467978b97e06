import type { ReadOnlyRule } from '../types';

/** Perplexity: the pages that show someone else's conversation (see ReadOnlyRule). */
export const READ_ONLY: ReadOnlyRule = {
  // A shared thread has the owner's own URL (/search/<slug>): nothing in the URL tells a
  // visitor's view from the owner's, and no saved page shows what a visitor sees.
  paths: [
    { re: /^\/page\//, why: 'a published Perplexity Page (/page/<slug>)' },
    { re: /^\/discover(\/|$)/, why: 'the Discover feed of published answers' },
  ],
  markers: [],
};
