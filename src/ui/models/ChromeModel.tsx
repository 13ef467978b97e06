/**
 * Chrome's built-in model in Options → Models: what Chrome says of it, the download with a
 * progress bar (started only by the user's click), a plain explanation when this computer
 * does not qualify, the choice to extract with it, and how it has fared (turns it read,
 * turns the rules read instead and why). The options page shows it only where the browser
 * has the Prompt API.
 *
 * @example
 * <ChromeModel api={chromeModelBackend()} selected={s.extractor === 'chrome'} onSelect={…} />
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChromeModelApi } from '../../ai/chrome-model';
import type { ExtractorCounts } from '../../extract/llm/counts';
import { total } from '../../extract/llm/counts';
import type { LlmErrorCode } from '../../extract/llm/errors';
import type { PromptAvailability } from '../../extract/llm/prompt-api';

export interface ChromeModelProps {
  api: ChromeModelApi;
  selected: boolean;
  onSelect: (use: boolean) => void;
  counts?: ExtractorCounts | undefined;
}

const STATE_TEXT: Record<PromptAvailability, string> = {
  available: 'Ready on this computer.',
  downloadable:
    'Not downloaded yet. Chrome downloads it once and shares it with every site and extension; nothing is downloaded until you click Download.',
  downloading: 'Chrome is downloading the model.',
  unavailable:
    'Chrome says its built-in model cannot run here. It needs Chrome 138 or later on Windows 10 or 11, macOS 13 or later, Linux, or a Chromebook Plus; 22 GB of free disk space; and a GPU with more than 4 GB of memory, or 16 GB of RAM and 4 CPU cores. An administrator policy can also turn it off. Mnemo keeps using its built-in rules.',
};

/** What each counted reason means, in the words the page shows. */
const REASON: Partial<Record<LlmErrorCode, string>> = {
  unavailable: 'model unavailable',
  'not-downloaded': 'not downloaded',
  'download-failed': 'download failed',
  'schema-unsupported': 'answer format refused',
  schema: 'answer of the wrong shape',
  malformed: 'answer not JSON',
  truncated: 'answer cut short',
  refusal: 'declined to answer',
  'context-overflow': 'context overflow',
  quota: 'turn too long',
  timeout: 'too slow',
};

const reasons = (m: Partial<Record<LlmErrorCode, number>>) =>
  (Object.entries(m) as [LlmErrorCode, number][])
    .map(([code, n]) => `${REASON[code] ?? code}: ${n}`)
    .join(', ');

export function ChromeModel({ api, selected, onSelect, counts }: ChromeModelProps) {
  const [state, setState] = useState<PromptAvailability>();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useRef<AbortController>();

  const refresh = async () => {
    try {
      setState(await api.availability());
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  useEffect(() => {
    void refresh();
    return () => job.current?.abort(new DOMException('The page was closed.', 'AbortError'));
  }, []);

  // Called straight from the click: Chrome starts a download only on a user's gesture.
  const download = () => {
    const ctl = new AbortController();
    job.current = ctl;
    setError(null);
    setProgress(0);
    api
      .download((loaded) => setProgress(loaded), ctl.signal)
      .catch((err: unknown) => {
        if (!ctl.signal.aborted) setError(err instanceof Error ? err.message : String(err));
      })
      .finally(() => {
        setProgress(null);
        void refresh();
      });
  };

  const busy = progress !== null;
  const fallbacks = counts ? total(counts.fallback) : 0;
  const undecided = counts ? total(counts.decisions) : 0;
  return (
    <div class="chrome-model" data-testid="chrome-model">
      <h3 id="chrome-model-h">Chrome&rsquo;s built-in model</h3>
      <p class="meta">
        Gemini Nano, built into Chrome: it runs on this computer and nothing you write leaves it. It
        reads English, Spanish and Japanese; Mnemo asks it for English. Any turn it cannot read goes
        to the built-in rules.
      </p>
      <p role="status" data-testid="chrome-model-state">
        {state === undefined ? 'Asking Chrome…' : busy ? 'Downloading…' : STATE_TEXT[state]}
      </p>
      {busy && (
        <div>
          <progress
            max={1}
            value={progress}
            aria-label="Downloading Chrome's built-in model"
            data-testid="chrome-model-progress"
          />
          <span class="meta"> {Math.round(progress * 100)}%</span>{' '}
          <button
            type="button"
            onClick={() =>
              job.current?.abort(new DOMException('Download cancelled.', 'AbortError'))
            }
          >
            Stop following
          </button>
        </div>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {!busy && (state === 'downloadable' || state === 'downloading') && (
        <button type="button" onClick={download}>
          {state === 'downloading' ? 'Show download progress' : 'Download'}
        </button>
      )}
      {!busy && (state === 'available' || selected) && (
        <button type="button" aria-pressed={selected} onClick={() => onSelect(!selected)}>
          {selected ? 'In use for extraction' : 'Use for extraction'}
        </button>
      )}
      {counts?.tier === 'chrome' && (
        <p class="meta" data-testid="chrome-model-counts">
          Since {new Date(counts.since).toLocaleDateString()}: {counts.model} turn
          {counts.model === 1 ? '' : 's'} read by the model; {fallbacks} read by the rules instead
          {fallbacks ? ` (${reasons(counts.fallback)})` : ''}
          {undecided
            ? `; for ${undecided}, the update decisions were left to Mnemo (${reasons(counts.decisions)})`
            : ''}
          .
        </p>
      )}
    </div>
  );
}
