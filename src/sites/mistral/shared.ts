import type { ReadOnlyRule } from '../types';

/** Le Chat: the pages that show someone else's conversation (see ReadOnlyRule). */
export const READ_ONLY: ReadOnlyRule = {
  paths: [{ re: /^\/share\//, why: 'a shared conversation (/share/<id>)' }],
  markers: [],
};
