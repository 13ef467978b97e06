/**
 * Options → Models → Chrome's built-in model (linkedom DOM, preact render), over the options
 * page's real backend (src/ai/chrome-model.ts) and the Prompt API TEST DOUBLE: the states,
 * the download started by a click with its progress, the failure message, the counts.
 */
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { chromeModelBackend } from '../../../src/ai/chrome-model';
import type { ExtractorCounts } from '../../../src/extract/llm/counts';
import type { PromptApi } from '../../../src/extract/llm/prompt-api';
import { ChromeModel } from '../../../src/ui/models/ChromeModel';
import {
  installPromptApiTestDouble,
  type DoubleScript,
} from '../../helpers/prompt-api-test-double';

function mount(script: Omit<DoubleScript, 'replies'>, counts?: ExtractorCounts) {
  const { document, window } = parseHTML(
    '<!doctype html><html><body><div id="root"></div></body></html>',
  );
  Object.assign(globalThis, { document, window });
  const holder: { LanguageModel?: PromptApi } = {};
  const double = installPromptApiTestDouble(holder, { ...script, replies: [] });
  const api = chromeModelBackend(() => holder.LanguageModel);
  const onSelect = vi.fn();
  const root = document.getElementById('root')!;
  const draw = (selected: boolean) =>
    render(h(ChromeModel, { api, selected, onSelect, counts }), root as unknown as Element);
  draw(false);
  const text = (id: string) => root.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
  const button = (name: string) =>
    [...root.querySelectorAll('button')].find((b) => b.textContent === name);
  const click = (name: string) => button(name)!.dispatchEvent(new window.Event('click'));
  return { root, double, api, onSelect, text, button, click, draw };
}

describe("Chrome's built-in model in Options → Models", () => {
  it('is offered only where the browser has the Prompt API', () => {
    expect(chromeModelBackend(() => undefined).supported()).toBe(false);
  });

  it('unavailable: a plain explanation, no download, no choice', async () => {
    const ui = mount({ availability: 'unavailable' });
    await vi.waitFor(() => expect(ui.text('chrome-model-state')).toMatch(/cannot run here/));
    expect(ui.text('chrome-model-state')).toMatch(/22 GB of free disk space/);
    expect(ui.text('chrome-model-state')).toMatch(/more than 4 GB of memory, or 16 GB of RAM/);
    expect(ui.root.querySelectorAll('button')).toHaveLength(0);
    expect(ui.double.log.creates).toHaveLength(0);
  });

  it('downloadable: nothing starts until the click; then progress, then ready and selectable', async () => {
    const ui = mount({
      availability: 'downloadable',
      download: { progress: [0, 0.25, 0.5, 1], intervalMs: 40 },
    });
    await vi.waitFor(() => expect(ui.button('Download')).toBeDefined());
    expect(ui.text('chrome-model-state')).toMatch(/nothing is downloaded until you click/);
    expect(ui.double.log.creates).toHaveLength(0);
    expect(ui.double.log.progress).toEqual([]);
    ui.click('Download');
    await vi.waitFor(() =>
      expect(ui.root.querySelector('progress')?.getAttribute('value')).toBe('0.25'),
    );
    expect(ui.root.querySelector('progress')!.getAttribute('aria-label')).toBe(
      "Downloading Chrome's built-in model",
    );
    expect(ui.root.textContent).toContain('25%');
    await vi.waitFor(() => expect(ui.text('chrome-model-state')).toBe('Ready on this computer.'));
    expect(ui.root.querySelector('progress')).toBeNull();
    expect(ui.double.log.progress).toEqual([0, 0.25, 0.5, 1]);
    // The download asked for the same options as the extraction will.
    expect(ui.double.log.creates[0]!.options).toMatchObject({ monitor: true });
    ui.click('Use for extraction');
    expect(ui.onSelect).toHaveBeenCalledWith(true);
  });

  it('a failed download says what to do, and Download is offered again', async () => {
    const ui = mount({
      availability: 'downloadable',
      download: { progress: [0, 0.1], error: 'NetworkError' },
    });
    await vi.waitFor(() => expect(ui.button('Download')).toBeDefined());
    ui.click('Download');
    await vi.waitFor(() => expect(ui.root.querySelector('[role="alert"]')).not.toBeNull());
    expect(ui.root.querySelector('[role="alert"]')!.textContent).toMatch(
      /could not download.*click Download again/,
    );
    await vi.waitFor(() => expect(ui.button('Download')).toBeDefined());
  });

  it('downloading elsewhere: the click follows the progress', async () => {
    const ui = mount({ availability: 'downloading', download: { progress: [0.6, 1] } });
    await vi.waitFor(() => expect(ui.button('Show download progress')).toBeDefined());
    ui.click('Show download progress');
    await vi.waitFor(() => expect(ui.text('chrome-model-state')).toBe('Ready on this computer.'));
  });

  it('in use: the pressed toggle turns it off; the counts say what the model and the rules read', async () => {
    const counts: ExtractorCounts = {
      tier: 'chrome',
      since: Date.UTC(2026, 5, 1),
      model: 7,
      fallback: { timeout: 1, quota: 2 },
      decisions: { schema: 1 },
    };
    const ui = mount({ availability: 'available' }, counts);
    ui.draw(true);
    await vi.waitFor(() => expect(ui.button('In use for extraction')).toBeDefined());
    expect(ui.button('In use for extraction')!.getAttribute('aria-pressed')).toBe('true');
    expect(ui.text('chrome-model-counts')).toMatch(
      /7 turns read by the model; 3 read by the rules instead \(too slow: 1, turn too long: 2\); for 1, the update decisions were left to Mnemo \(answer of the wrong shape: 1\)/,
    );
    ui.click('In use for extraction');
    expect(ui.onSelect).toHaveBeenCalledWith(false);
  });
});
