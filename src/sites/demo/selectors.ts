import type { SelectorEntry } from '../types';

/** The bundled demo chat site (scripts/demo-site). One layout, so one entry each. */
export const PROMPT_BOX: readonly SelectorEntry[] = [
  { selector: '[data-demo-composer] [contenteditable="true"][role="textbox"]', layout: 'demo 1' },
];
export const SEND_BUTTON: readonly SelectorEntry[] = [
  { selector: '[data-demo-composer] button[data-action="send"]', layout: 'demo 1' },
];
export const TURN: readonly SelectorEntry[] = [
  { selector: '[data-demo-thread] [data-turn-id][data-role]', layout: 'demo 1' },
];
export const THREAD: readonly SelectorEntry[] = [
  { selector: '[data-demo-thread]', layout: 'demo 1' },
];
