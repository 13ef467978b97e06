import type { SelectorEntry } from '../types';

export const PROMPT_BOX: readonly SelectorEntry[] = [
  {
    selector: 'form div.ProseMirror[contenteditable="true"]',
    layout: 'Le Chat ProseMirror composer, 2026-05',
  },
  {
    selector: 'div.ProseMirror[contenteditable="true"][data-placeholder]',
    layout: 'composer outside a form',
  },
  { selector: 'form textarea', layout: 'older textarea composer (2025)' },
];

export const SEND_BUTTON: readonly SelectorEntry[] = [
  {
    selector: 'form button[type="submit"]:not([hidden])',
    layout: 'visible submit, while the composer has text',
  },
  {
    selector: 'form button[type="submit"]',
    layout: '2026-05: hidden submit that the composer form uses while empty',
  },
];

export const STOP_BUTTON: readonly SelectorEntry[] = [
  {
    selector: 'form button[aria-label="Stop"]',
    layout: 'English label (streaming is also read from the message)',
  },
];

export const MESSAGE: readonly SelectorEntry[] = [
  {
    selector: '[data-message-author-role="user"], [data-message-author-role="assistant"]',
    layout: '2026-05 message elements with data-message-id',
  },
];
export const USER_BODY: readonly SelectorEntry[] = [
  { selector: '.select-text', layout: '2026-05 user text' },
];
export const ANSWER_BODY: readonly SelectorEntry[] = [
  {
    selector: '[data-message-part-type="answer"]',
    layout: '2026-05 answer part (reasoning parts are separate)',
  },
  { selector: '[data-testid="text-message-part"]', layout: '2026-05 text part' },
];
export const STREAMING = '[data-streaming="true"], [aria-busy="true"]';
export const TEXT_EXCLUDE = '[role="region"][inert], [data-exclude-copy="true"] > :first-child';

export const THREAD: readonly SelectorEntry[] = [
  { selector: '[data-testid="conversation-layout"]', layout: '2026-05 conversation layout' },
  { selector: 'main', layout: 'main landmark' },
];
