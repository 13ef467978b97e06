import type { SelectorEntry } from '../types';

// No saved page has a composer: these follow the live sites and are checked in the browser tests.
export const PROMPT_BOX: readonly SelectorEntry[] = [
  {
    selector: 'textarea#userInput',
    layout: 'copilot.microsoft.com textarea composer, 2025–2026 (no capture)',
  },
  {
    selector: 'textarea[data-testid="composer-input"]',
    layout: 'copilot.microsoft.com by test id (no capture)',
  },
  {
    selector: '#m365-chat-editor-target-element[contenteditable="true"]',
    layout: 'M365 Copilot editor (no capture)',
  },
];

export const SEND_BUTTON: readonly SelectorEntry[] = [
  { selector: 'button[data-testid="submit-button"]', layout: 'copilot.microsoft.com (no capture)' },
  { selector: 'button[type="submit"][aria-label]', layout: 'M365 Copilot submit (no capture)' },
];

export const STOP_BUTTON: readonly SelectorEntry[] = [
  { selector: 'button[data-testid="stop-button"]', layout: 'while an answer streams (no capture)' },
];

export const USER: readonly SelectorEntry[] = [
  { selector: '[data-content="user-message"]', layout: 'copilot.microsoft.com, 2026-01 → 2026-07' },
  { selector: '[data-testid="chatQuestion"]', layout: 'M365 Copilot, 2026-08' },
];
export const ASSISTANT: readonly SelectorEntry[] = [
  { selector: '[data-content="ai-message"]', layout: 'copilot.microsoft.com, 2026-01 → 2026-07' },
  { selector: '[data-testid="copilot-message-div"]', layout: 'M365 Copilot, 2026-08' },
];
export const ANSWER_BODY: readonly SelectorEntry[] = [
  { selector: '[data-testid="ai-message-body"]', layout: '2026-07 answer body' },
  { selector: '[data-testid="markdown-reply"]', layout: 'M365 answer body, 2026-08' },
  { selector: '[class*="ai-message-item"]', layout: '2026-01 answer items (class)' },
];
export const USER_BODY: readonly SelectorEntry[] = [
  { selector: '[data-testid="chatOutput"]', layout: 'M365 user text, 2026-08' },
];

/** Copilot marks its own non-content (labels, reaction bars) with data-copy="false". */
export const TEXT_EXCLUDE =
  '[data-copy="false"], [data-testid="message-item-reactions"], [data-testid="CopyButtonContainerTestId"], h5, h6';

export const THREAD: readonly SelectorEntry[] = [
  { selector: '[data-content="conversation"]', layout: '2026-01 conversation' },
  { selector: '[data-testid="MessageListContainer"]', layout: 'M365 message list' },
  { selector: 'main', layout: 'main landmark' },
];
