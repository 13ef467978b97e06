/**
 * The model manager's backend (src/ui/models/ModelManager.tsx): WebGPU, the models and
 * their states, downloads as jobs with progress and cancel, storage, delete. It runs in the
 * options page itself (a document: WebGPU, the Cache API and the extension origin's
 * IndexedDB, where web-llm and transformers.js keep their weights), so neither the service
 * worker nor the offscreen document is involved, and web-llm stays out of the service
 * worker. A download lasts as long as the options page is open; web-llm and transformers.js
 * keep the files already fetched, so a new download resumes from them.
 *
 * @example (options page)
 * const models = createModelManagerBackend();
 * <ModelManager api={models} />
 */
import { DEFAULT_TRANSFORMERS_MODEL } from '../embed/transformers';
import { LLM_MODELS } from '../extract/llm/models';
import { classifyEngineError } from '../extract/llm/errors';
import { deleteLlm, downloadLlm, isLlmCached } from '../extract/llm/webllm';
import { browserOrtPaths } from './paths';
import { detectWebGpu, type WebGpuStatus } from './webgpu';

export type ModelState = 'not-downloaded' | 'downloading' | 'ready' | 'unsupported';

export interface ModelRow {
  id: string;
  label: string;
  kind: 'llm' | 'embedder';
  /** "≈ 870 MB download · needs 1.6 GB GPU memory" */
  size: string;
  state: ModelState;
  note: string;
  /** Why the model cannot run here (state 'unsupported'). */
  reason?: string;
  role?: string;
}

export interface DownloadJob {
  id: string;
  /** 0..1 */
  progress: number;
  text: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  /** A message the page shows as is (download failed, not enough GPU memory, …). */
  error?: string;
  errorCode?: string;
}

export interface ModelManagerApi {
  detect(): Promise<WebGpuStatus>;
  list(): Promise<ModelRow[]>;
  storage(): Promise<{ usedBytes: number; quotaBytes: number }>;
  startDownload(id: string): Promise<void>;
  cancelDownload(id: string): Promise<void>;
  jobs(): Promise<DownloadJob[]>;
  remove(id: string): Promise<void>;
}

const EMBEDDER_ROWS = [
  {
    id: DEFAULT_TRANSFORMERS_MODEL,
    label: 'all-MiniLM-L6-v2 (embeddings, q8)',
    size: '≈ 23 MB download · runs on the CPU (WASM)',
    note: 'A larger embedding model than the built-in one; no GPU needed.',
  },
];
const TRANSFORMERS_CACHE = 'transformers-cache';

const mb = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)} GB` : `${Math.round(n)} MB`);

export function createModelManagerBackend(): ModelManagerApi {
  const jobs = new Map<string, { job: DownloadJob; ctl: AbortController }>();

  async function embedderCached(id: string): Promise<boolean> {
    if (typeof caches === 'undefined') return false;
    const c = await caches.open(TRANSFORMERS_CACHE);
    return (await c.keys()).some((r) => r.url.includes(`/${id}/`));
  }

  return {
    detect: () => detectWebGpu(),

    async list() {
      const gpu = await detectWebGpu();
      const rows: ModelRow[] = [];
      for (const m of LLM_MODELS) {
        const running = jobs.get(m.id)?.job.state === 'running';
        let reason: string | undefined;
        if (!gpu.available) reason = gpu.reason;
        else if (m.needsF16 && !gpu.shaderF16)
          reason = `This GPU (${gpu.description}) lacks shader-f16, which this model needs.`;
        const cached = gpu.available ? await isLlmCached(m.id).catch(() => false) : false;
        rows.push({
          id: m.id,
          label: m.label,
          kind: 'llm',
          size: `≈ ${mb(m.approxDownloadMB)} download · needs ${mb(m.vramMB)} GPU memory`,
          state: running
            ? 'downloading'
            : reason
              ? 'unsupported'
              : cached
                ? 'ready'
                : 'not-downloaded',
          note: m.note,
          role: m.role,
          ...(reason ? { reason } : {}),
        });
      }
      for (const e of EMBEDDER_ROWS) {
        const running = jobs.get(e.id)?.job.state === 'running';
        const cached = await embedderCached(e.id).catch(() => false);
        const reason =
          import.meta.env.BROWSER === 'firefox'
            ? 'Larger embedding models run in Chrome only (Firefox limits extension files to 4 MB).'
            : undefined;
        rows.push({
          ...e,
          kind: 'embedder',
          state: reason
            ? 'unsupported'
            : running
              ? 'downloading'
              : cached
                ? 'ready'
                : 'not-downloaded',
          ...(reason ? { reason } : {}),
        });
      }
      return rows;
    },

    async storage() {
      const est = await navigator.storage?.estimate?.().catch(() => undefined);
      return { usedBytes: est?.usage ?? 0, quotaBytes: est?.quota ?? 0 };
    },

    async startDownload(id) {
      if (jobs.get(id)?.job.state === 'running') return;
      const ctl = new AbortController();
      const job: DownloadJob = { id, progress: 0, text: 'Starting…', state: 'running' };
      jobs.set(id, { job, ctl });
      const onProgress = (p: { progress: number; text: string }) => {
        job.progress = p.progress;
        job.text = p.text;
      };
      const run = LLM_MODELS.some((m) => m.id === id)
        ? downloadLlm(id, onProgress, ctl.signal)
        : (async () => {
            const { TransformersEmbedder } = await import('../embed/transformers');
            await TransformersEmbedder.load({
              model: id,
              allowRemote: true,
              wasmPaths: browserOrtPaths(),
              onProgress: (p) => {
                if (p.progress !== undefined)
                  onProgress({
                    progress: p.progress / 100,
                    text: `${p.file ?? ''} ${Math.round(p.progress)}%`,
                  });
              },
            });
          })();
      run.then(
        () => {
          job.state = 'done';
          job.progress = 1;
          job.text = 'Ready';
        },
        (err) => {
          if (ctl.signal.aborted) {
            job.state = 'cancelled';
            job.text = 'Cancelled';
            return;
          }
          const e = classifyEngineError(err);
          job.state = 'failed';
          job.error =
            e.code === 'gpu-memory'
              ? 'Not enough GPU memory for this model. Try the smaller model.'
              : e.code === 'download-failed' || e.code === 'unavailable'
                ? `Download failed: ${e.message}`
                : e.message;
          job.errorCode = e.code;
        },
      );
    },

    async cancelDownload(id) {
      jobs.get(id)?.ctl.abort(new DOMException('Download cancelled.', 'AbortError'));
    },

    async jobs() {
      return [...jobs.values()].map((j) => ({ ...j.job }));
    },

    async remove(id) {
      if (LLM_MODELS.some((m) => m.id === id)) await deleteLlm(id);
      else if (typeof caches !== 'undefined') {
        const c = await caches.open(TRANSFORMERS_CACHE);
        for (const r of await c.keys()) if (r.url.includes(`/${id}/`)) await c.delete(r);
      }
      jobs.delete(id);
    },
  };
}

export { browserOrtPaths, extensionUrl, ORT_WASM_FILE } from './paths';
