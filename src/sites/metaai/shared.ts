import type { ReadOnlyRule } from '../types';

/** Meta AI: the pages that show someone else's conversation (see ReadOnlyRule). */
export const READ_ONLY: ReadOnlyRule = {
  paths: [
    { re: /^\/@[^/]+\//, why: "a user's public posts and shared prompts (/@<user>/post/<id>)" },
    { re: /^\/discover(\/|$)/, why: "the Discover feed of other people's prompts" },
  ],
  markers: [],
};
