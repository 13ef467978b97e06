import type { SelectorEntry } from '../types';

export const PROMPT_BOX: readonly SelectorEntry[] = [
  {
    selector: 'div.ProseMirror[contenteditable="true"][data-testid="chat-input"]',
    layout: 'ProseMirror composer with test id, through 2026-07',
  },
  {
    selector: '[data-testid="chat-input"][contenteditable="true"]',
    layout: 'test id without the class, 2026',
  },
  {
    selector: 'fieldset div.ProseMirror[contenteditable="true"]',
    layout: 'class fallback, 2025 composer fieldset',
  },
  {
    selector: 'div.ProseMirror[contenteditable="true"][role="textbox"]',
    layout: 'class + role fallback, any 2025–2026 layout',
  },
];

export const SEND_BUTTON: readonly SelectorEntry[] = [
  { selector: 'button[data-testid="send-button"]', layout: 'test id, where present' },
  {
    selector: 'button[aria-label="Send message"]',
    layout: 'through 2026-07, only while the composer has text (English label)',
  },
  { selector: 'fieldset button[type="submit"]', layout: 'composer form submit, fallback' },
];

export const STOP_BUTTON: readonly SelectorEntry[] = [
  { selector: 'button[data-testid="stop-button"]', layout: 'while an answer streams' },
  { selector: 'button[aria-label="Stop response"]', layout: 'English label fallback' },
];

/** 2026-10 (seen live, no capture): one row per message. */
export const ROW: readonly SelectorEntry[] = [
  {
    selector:
      '[data-testid="transcript-row"][data-perf-row="human"], [data-testid="transcript-row"][data-perf-row="assistant"]',
    layout: '2026-10 transcript rows (hand-built test DOM, no capture)',
  },
];
export const ROW_ASSISTANT: readonly SelectorEntry[] = [
  {
    selector: '[data-testid="assistant-message"]',
    layout: '2026-10 answer, carries data-is-streaming',
  },
];

export const USER_MESSAGE: readonly SelectorEntry[] = [
  {
    selector: '[data-testid="user-message"]',
    layout: 'user message, 2025-07 → 2026-07 and 2026-10 rows',
  },
];

/**
 * Answers up to 2026-07: the `[data-is-streaming]` wrapper; where a fragment lacks it, the
 * font class inside a `[data-test-render-count]` row. Artifact side panels reuse the font
 * classes outside those rows and never count as turns.
 */
export const ASSISTANT: readonly SelectorEntry[] = [
  { selector: '[data-is-streaming]', layout: 'answer wrapper, 2025-07 → 2026-07' },
  {
    selector: '[data-test-render-count] .font-claude-response',
    layout: 'answer after 2025-11, fragments without the wrapper',
  },
  {
    selector: '[data-test-render-count] .font-claude-message',
    layout: 'answer before 2025-11, fragments without the wrapper',
  },
];

/** The answer's own markdown blocks (thinking and tool panels hold others, inside collapsibles). */
export const ANSWER_MARKDOWN = '.standard-markdown, .progressive-markdown';

/** Status lines and panels around the answer. */
export const TEXT_EXCLUDE =
  '[role="status"], [role="group"][aria-label], [data-testid="action-bar-copy"]';

export const THREAD: readonly SelectorEntry[] = [
  { selector: '[data-testid="conversation"]', layout: 'conversation container, where present' },
  { selector: 'main', layout: 'main landmark' },
];
