import type { SelectorEntry } from '../types';

// The saved page has no composer: these follow the live site and are checked in the browser tests.
export const PROMPT_BOX: readonly SelectorEntry[] = [
  {
    selector: 'textarea[data-testid="composer-input"]',
    layout: 'composer by test id (no capture)',
  },
  {
    selector: 'form [contenteditable="true"][role="textbox"]',
    layout: 'contenteditable composer in a form (no capture)',
  },
  { selector: 'form textarea', layout: 'textarea composer in a form (no capture)' },
];

export const SEND_BUTTON: readonly SelectorEntry[] = [
  { selector: 'button[data-testid="composer-send-button"]', layout: 'by test id (no capture)' },
  { selector: 'form button[type="submit"]', layout: 'composer form submit (no capture)' },
];

export const ITEM: readonly SelectorEntry[] = [
  {
    selector: '[data-message-item="true"]',
    layout: '2026-05 message items; user and answer share one data-message-id',
  },
];
export const USER = '[data-message-type="user"]';
/** The bubble's text span (the timestamp span below it is also data-slot=text). */
export const USER_BODY = '[data-slot="text"]';
export const ASSISTANT = '[data-testid="assistant-message"]';
export const ANSWER_BODY = '.markdown-content';
export const TEXT_EXCLUDE =
  '[data-testid="sources-pill"], [data-testid="citation-pill"], [data-streamdown="code-block-header"]';

export const THREAD: readonly SelectorEntry[] = [{ selector: 'main', layout: 'main landmark' }];
