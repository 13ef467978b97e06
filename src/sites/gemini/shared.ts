import type { ReadOnlyRule } from '../types';

/** Gemini: the pages that show someone else's conversation (see ReadOnlyRule). */
export const READ_ONLY: ReadOnlyRule = {
  paths: [
    // g.co/gemini/share/<id> redirects here (g.co itself is not a host Mnemo runs on).
    { re: /^\/share\//, why: 'a shared conversation (/share/<id>)' },
  ],
  markers: [
    { selector: 'share-viewer', layout: 'share page viewer, 2026-07-18' },
    { selector: 'share-turn-viewer', layout: 'one shared exchange, 2026-07-18' },
    { selector: 'share-landing-page', layout: 'share page root, 2026-07-18' },
  ],
};
