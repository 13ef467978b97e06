import type { SelectorEntry } from '../types';

export const PROMPT_BOX: readonly SelectorEntry[] = [
  {
    selector: 'rich-textarea .ql-editor[contenteditable="true"]',
    layout: 'Quill editor in rich-textarea, 2025-11 → 2026-07',
  },
  {
    selector: 'rich-textarea [contenteditable="true"][role="textbox"]',
    layout: 'rich-textarea without the Quill class',
  },
  {
    selector: '.ql-editor[contenteditable="true"][role="textbox"]',
    layout: 'Quill editor outside rich-textarea',
  },
];

// aria-labels are localised ("Envoyer un message", "プロンプトを送信"): classes and containers only.
export const SEND_BUTTON: readonly SelectorEntry[] = [
  {
    selector: 'button.send-button',
    layout: 'send button, 2025-11 → 2026-07 (a microphone replaces it while empty)',
  },
  {
    selector: '.send-button-container button',
    layout: '2026-05 capture where the button lost its class',
  },
];

export const STOP: readonly SelectorEntry[] = [
  { selector: 'button.send-button.stop', layout: 'send button turns into stop while streaming' },
];

export const TURN = 'user-query, model-response';
export const USER_LINES = '.query-text-line';
export const USER_BODY: readonly SelectorEntry[] = [
  { selector: '.query-text', layout: 'user text container, 2026' },
  { selector: '.query-content', layout: 'older user text container' },
];
export const ANSWER_BODY: readonly SelectorEntry[] = [
  {
    selector: 'message-content',
    layout: 'answer body, stable 2025-11 → 2026-07 (thinking panel sits outside it)',
  },
  { selector: '.markdown', layout: 'markdown fallback' },
];

export const TEXT_EXCLUDE =
  '.screen-reader-user-query-label, .file-preview-container, .action-button-container';

export const STREAMING = '[aria-busy="true"], .pending-request';

export const THREAD: readonly SelectorEntry[] = [
  { selector: '#chat-history', layout: 'chat history scroller' },
  { selector: 'infinite-scroller', layout: 'custom element around the turns' },
  { selector: 'chat-window', layout: 'custom element, chat window' },
  { selector: 'main', layout: 'main landmark' },
];
