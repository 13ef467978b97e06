import type { SelectorEntry } from '../types';

export const PROMPT_BOX: readonly SelectorEntry[] = [
  { selector: 'textarea#chat-input', layout: '2025 textarea with id' },
  { selector: 'textarea[name="search"]', layout: '2026-05 textarea (no id)' },
  { selector: 'textarea.ds-scroll-area', layout: '2026-05 design-system class fallback' },
];

/** The send button is the last design-system icon button in the composer (read with lastMatch). */
export const SEND_BUTTON: readonly SelectorEntry[] = [
  {
    selector: 'div:has(> textarea) ~ * [role="button"].ds-icon-button',
    layout: '2026-05: icon buttons after the textarea; send is the last',
  },
  {
    selector: '[role="button"].ds-icon-button',
    layout: 'fallback: the last icon button on the page',
  },
];

export const MESSAGE: readonly SelectorEntry[] = [
  {
    selector: '.ds-message',
    layout:
      '2026-05 → 2026-07 message (design-system class; the page has no data attributes for it)',
  },
];
export const ANSWER_BODY = '.ds-markdown';
/** Thinking ("Thought for 37 seconds") and search-result panels. */
export const THINKING = '.ds-think-content, [class*="think"]';
export const STREAMING = '[class*="streaming"], [aria-busy="true"]';
export const ITEM_KEY = '[data-virtual-list-item-key]';

export const THREAD: readonly SelectorEntry[] = [
  { selector: '.ds-virtual-list', layout: 'virtual list (class)' },
  { selector: '[data-virtual-list-item-key]', layout: 'parent of the first list item' },
];
