import type { ReadOnlyRule } from '../types';

/** DeepSeek: the pages that show someone else's conversation (see ReadOnlyRule). */
export const READ_ONLY: ReadOnlyRule = {
  paths: [{ re: /^\/share\//, why: 'a shared conversation (/share/<id>)' }],
  // The share page's banner is class-only markup ("Shared Conversation", localised): its
  // og:url (/share/<id>) is the sign.
  markers: [],
};
