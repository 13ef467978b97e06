import type { ReadOnlyRule } from '../types';

/** ChatGPT: the pages that show someone else's conversation (see ReadOnlyRule). */
export const READ_ONLY: ReadOnlyRule = {
  paths: [
    { re: /^\/share\//, why: 'a shared conversation (/share/<id>, /share/e/<id>)' },
    { re: /^\/s\//, why: 'a shared single answer (/s/t_<id>)' },
  ],
  // The only saved share page is the server's raw HTML (its canonical URL is the sign); no
  // rendered share page to take an element from.
  markers: [],
};
