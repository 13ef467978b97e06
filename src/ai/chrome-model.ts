/**
 * Chrome's built-in model as the options page manages it: whether this browser has one, its
 * availability for Mnemo's options, and the download with progress. The download runs here,
 * in the page, because Chrome starts it only from a user's gesture (`create()` on a
 * `downloadable` model needs one) and because that is the only time Mnemo lets the model
 * reach the network; the service worker never calls `create()` on a model that is not
 * `available`.
 *
 * @example
 * const chrome = chromeModelBackend();
 * if (chrome.supported()) button.onclick = () => chrome.download((p) => (bar.value = p));
 */
import {
  CHROME_MODEL_OPTIONS,
  classifyPromptApiError,
  notReadyError,
  promptApi,
  type PromptApi,
  type PromptAvailability,
} from '../extract/llm/prompt-api';

export interface ChromeModelApi {
  /** Whether this browser has the Prompt API at all (not Firefox, not Chrome before 138). */
  supported(): boolean;
  availability(): Promise<PromptAvailability>;
  /**
   * Starts the download, or follows one in progress; to be called from the user's click.
   * `onProgress` gets 0..1. Resolves once the model is ready; rejects with a named error
   * whose message says what to do.
   */
  download(onProgress: (loaded: number) => void, signal?: AbortSignal): Promise<void>;
}

export function chromeModelBackend(api: () => PromptApi | undefined = promptApi): ChromeModelApi {
  return {
    supported: () => api() !== undefined,
    async availability() {
      const a = api();
      return a ? a.availability(CHROME_MODEL_OPTIONS) : 'unavailable';
    },
    async download(onProgress, signal) {
      const a = api();
      if (!a) throw notReadyError('absent');
      try {
        const session = await a.create({
          ...CHROME_MODEL_OPTIONS,
          ...(signal ? { signal } : {}),
          monitor(m) {
            m.addEventListener('downloadprogress', (e) => onProgress(e.loaded));
          },
        });
        // The session was only the way to the download: the model stays, the session goes.
        session.destroy();
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        throw classifyPromptApiError(err);
      }
    },
  };
}
