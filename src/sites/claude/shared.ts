import type { ReadOnlyRule } from '../types';

/** Claude: the pages that show someone else's conversation (see ReadOnlyRule). */
export const READ_ONLY: ReadOnlyRule = {
  paths: [
    { re: /^\/share\//, why: 'a shared conversation (/share/<uuid>)' },
    { re: /^\/public\//, why: 'a published artifact (/public/artifacts/<id>)' },
  ],
  markers: [],
};
