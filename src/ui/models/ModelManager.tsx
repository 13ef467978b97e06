/**
 * The model manager: WebGPU detection (with the adapter's description), each model with its
 * size and state, download with a progress bar and cancel, storage used, delete. It works
 * through the `api` prop (the ModelManagerApi of src/ai/manager.ts, which the options page
 * runs in itself: src/ui/models/local.ts), so it runs in the options page and in tests alike.
 *
 * @example
 * <ModelManager api={localModelManager()} />
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DownloadJob, ModelManagerApi, ModelRow } from '../../ai/manager';
import type { WebGpuStatus } from '../../ai/webgpu';

export interface ModelManagerProps {
  api: ModelManagerApi;
  /** The LLM chosen for extraction, if any (the options page owns the setting). */
  selected?: string;
  onSelect?: (id: string | null) => void;
  /** Poll interval for download progress, ms. */
  pollMs?: number;
}

function fmtBytes(n: number): string {
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

const STATE_TEXT: Record<ModelRow['state'], string> = {
  'not-downloaded': 'Not downloaded',
  downloading: 'Downloading…',
  ready: 'Ready',
  unsupported: 'Cannot run here',
};

export function ModelManager({ api, selected, onSelect, pollMs = 500 }: ModelManagerProps) {
  const [gpu, setGpu] = useState<WebGpuStatus>();
  const [rows, setRows] = useState<ModelRow[]>([]);
  const [jobs, setJobs] = useState<DownloadJob[]>([]);
  const [storage, setStorage] = useState<{ usedBytes: number; quotaBytes: number }>();
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setInterval>>();

  const refresh = async () => {
    try {
      const [g, r, s, j] = await Promise.all([api.detect(), api.list(), api.storage(), api.jobs()]);
      setGpu(g);
      setRows(r);
      setStorage(s);
      setJobs(j);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  useEffect(() => {
    void refresh();
    return () => clearInterval(timer.current);
  }, []);

  const running = jobs.some((j) => j.state === 'running');
  useEffect(() => {
    clearInterval(timer.current);
    if (!running) return;
    timer.current = setInterval(async () => {
      const j = await api.jobs();
      setJobs(j);
      if (!j.some((x) => x.state === 'running')) void refresh();
    }, pollMs);
    return () => clearInterval(timer.current);
  }, [running]);

  const act = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
    await refresh();
  };

  return (
    <div class="model-manager" data-testid="model-manager">
      <p role="status" data-testid="webgpu">
        {gpu === undefined
          ? 'Checking WebGPU…'
          : gpu.available
            ? `WebGPU: ${gpu.description}${gpu.shaderF16 ? '' : ' — no 16-bit shader support: use the f32 model'}`
            : gpu.reason}
      </p>
      {storage && (
        <p class="meta" data-testid="storage">
          Storage used by Mnemo: {fmtBytes(storage.usedBytes)}
          {storage.quotaBytes ? ` of ${fmtBytes(storage.quotaBytes)} available` : ''}
        </p>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <ul class="models">
        {rows.map((m) => {
          const job = jobs.find((j) => j.id === m.id);
          const busy = job?.state === 'running';
          return (
            <li key={m.id} data-model={m.id}>
              <div>
                <strong>{m.label}</strong> <span class="meta">{m.size}</span>
              </div>
              <div class="meta">{m.note}</div>
              <div data-testid="state">
                {busy ? STATE_TEXT.downloading : STATE_TEXT[m.state]}
                {m.reason ? ` — ${m.reason}` : ''}
              </div>
              {busy && job && (
                <div>
                  <progress max={1} value={job.progress} aria-label={`Downloading ${m.label}`} />
                  <span class="meta">
                    {' '}
                    {Math.round(job.progress * 100)}% {job.text}
                  </span>{' '}
                  <button type="button" onClick={() => act(() => api.cancelDownload(m.id))}>
                    Cancel
                  </button>
                </div>
              )}
              {job?.state === 'failed' && (
                <p role="alert" class="error">
                  {job.error}
                  {job.errorCode === 'gpu-memory' && m.role === 'default'
                    ? ' (see the smaller model below)'
                    : ''}
                </p>
              )}
              {job?.state === 'cancelled' && <p class="meta">Download cancelled.</p>}
              {!busy && m.state === 'not-downloaded' && (
                <button type="button" onClick={() => act(() => api.startDownload(m.id))}>
                  Download
                </button>
              )}
              {!busy && m.state === 'ready' && (
                <>
                  {m.kind === 'llm' && onSelect && (
                    <button
                      type="button"
                      aria-pressed={selected === m.id}
                      onClick={() => onSelect(selected === m.id ? null : m.id)}
                    >
                      {selected === m.id ? 'In use for extraction' : 'Use for extraction'}
                    </button>
                  )}{' '}
                  <button
                    type="button"
                    onClick={() =>
                      act(async () => {
                        if (selected === m.id) onSelect?.(null);
                        await api.remove(m.id);
                      })
                    }
                  >
                    Delete
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
