import type { ReadOnlyRule } from '../types';

/** Microsoft Copilot: the pages that show someone else's conversation (see ReadOnlyRule). */
export const READ_ONLY: ReadOnlyRule = {
  paths: [{ re: /^\/shares?\//, why: 'a shared conversation (/shares/<id>)' }],
  markers: [],
};
