import type { SelectorEntry } from '../types';

export const PROMPT_BOX: readonly SelectorEntry[] = [
  { selector: '#ask-input[contenteditable="true"]', layout: 'Lexical editor, 2026-02 → 2026-04' },
  {
    selector: '[contenteditable="true"][data-lexical-editor="true"]',
    layout: 'any Lexical editor, if the id changes',
  },
  { selector: 'textarea#ask-input', layout: 'legacy textarea composer (2025)' },
  { selector: 'textarea[placeholder][autofocus]', layout: 'legacy textarea fallback' },
];

export const SEND_BUTTON: readonly SelectorEntry[] = [
  { selector: 'button[data-testid="submit-button"]', layout: 'test id, where present' },
  {
    selector: 'button[aria-label="Submit"]',
    layout: '2026-02 → 2026-04, disabled while empty (English label)',
  },
];

export const STOP_BUTTON: readonly SelectorEntry[] = [
  {
    selector: 'button[data-testid="stop-generating-response-button"]',
    layout: 'stop button while an answer streams',
  },
  { selector: 'button[aria-label="Stop"]', layout: 'English label fallback' },
];

export const QUERY: readonly SelectorEntry[] = [
  {
    selector: '[class*="group/user-bubble"] [data-renderer="lm"]',
    layout: 'from 2026-09-25: user bubble rendered by the lm renderer',
  },
  {
    selector: '[class*="group/query"] span.select-text',
    layout: 'through 2026-05: query text span',
  },
  {
    selector: '[class*="group/query"]',
    layout: 'through 2026-05: query container (h1 for the first)',
  },
];

export const ANSWER: readonly SelectorEntry[] = [
  {
    selector: '[id^="markdown-content-"]',
    layout: 'answer through 2026-05; from 2026-08 may be an empty placeholder',
  },
];
/** From 2026-08 the answer can be rendered beside the empty placeholder. */
export const ANSWER_BESIDE = '.prose';

export const TEXT_EXCLUDE = '.citation, [class*="citation"], [data-testid*="citation"]';

export const THREAD: readonly SelectorEntry[] = [
  { selector: '.scrollable-container', layout: 'thread scroller (class)' },
  { selector: 'main', layout: 'main landmark' },
];
