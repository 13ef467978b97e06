import type { SelectorEntry } from '../types';

export const PROMPT_BOX: readonly SelectorEntry[] = [
  {
    selector: '#prompt-textarea[contenteditable]',
    layout: 'ProseMirror composer with id, 2025-07 → 2026-07-28',
  },
  {
    selector:
      'form[data-chatgpt-composer] [contenteditable][role="textbox"][data-composer-markdown]',
    layout:
      '2026-09-21: composer form, no id; scoped to the form so the "Edit code" editors never match',
  },
  {
    selector: 'form[data-chatgpt-composer] [contenteditable="true"]',
    layout: '2026-09 fallback inside the composer form',
  },
  {
    selector: 'form [contenteditable].ProseMirror',
    layout: 'class fallback: a ProseMirror inside any form',
  },
];

export const SEND_BUTTON: readonly SelectorEntry[] = [
  {
    selector: '#composer-submit-button',
    layout: 'up to 2026-07; absent while the composer is empty',
  },
  {
    selector: 'button[data-testid="send-button"]',
    layout: 'up to 2026-07 (same button, by test id)',
  },
  {
    selector: 'form[data-chatgpt-composer] button[type="submit"]',
    layout: '2026-09-21 composer form submit',
  },
];

export const STOP_BUTTON: readonly SelectorEntry[] = [
  {
    selector: 'button[data-testid="stop-button"]',
    layout: 'up to 2026-07, while an answer streams',
  },
  {
    selector: 'form[data-chatgpt-composer] button[aria-label="Stop"]',
    layout: '2026-09-21 (English label; streaming is also read from the answer)',
  },
];

/** 2026-09-21: one unit per message, key `${messageId}:${n}:${role}`. */
export const UNIT: readonly SelectorEntry[] = [
  {
    selector:
      '[data-turn-key] [data-content-search-unit-key$=":user"], [data-turn-key] [data-content-search-unit-key$=":assistant"]',
    layout: '2026-09-21: [data-turn-key] exchange roots holding user and assistant units',
  },
];
export const UNIT_USER_BODY: readonly SelectorEntry[] = [
  { selector: '[data-user-message-bubble="true"]', layout: '2026-09-21 user bubble' },
];
export const UNIT_ASSISTANT_BODY: readonly SelectorEntry[] = [
  { selector: '[data-markdown-text-style="assistant-message"]', layout: '2026-09-21 answer body' },
];

/** Up to 2026-07-28: one element per message; the wrapper was article, then section (never qualify by tag). */
export const MESSAGE: readonly SelectorEntry[] = [
  {
    selector: '[data-message-author-role="user"], [data-message-author-role="assistant"]',
    layout: '2025-07 → 2026-07-28, inside article or section[data-testid^=conversation-turn]',
  },
];
export const USER_BODY: readonly SelectorEntry[] = [
  {
    selector: '.whitespace-pre-wrap',
    layout: 'user text, 2025-07 → 2026-07 (attachment chips sit outside it)',
  },
];
export const ASSISTANT_BODY: readonly SelectorEntry[] = [
  { selector: '.markdown', layout: 'answer markdown, 2025-07 → 2026-07' },
];

/** Marks an answer still streaming. */
export const STREAMING = '.result-streaming, .streaming-animation, [data-is-streaming="true"]';

/** Inside message bodies: code-block headers, screen-reader labels, copy labels. */
export const TEXT_EXCLUDE = 'h4, [data-markdown-copy="exclude"]';

export const THREAD: readonly SelectorEntry[] = [
  { selector: '#thread', layout: '2026-07 thread container' },
  { selector: 'main', layout: 'any layout: the main landmark' },
];
