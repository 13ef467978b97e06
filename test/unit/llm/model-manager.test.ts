/** The model manager component against a fake background (linkedom DOM, preact render). */
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import type { DownloadJob, ModelManagerApi, ModelRow } from '../../../src/ai/manager';
import { ModelManager } from '../../../src/ui/models/ModelManager';

const tick = () => new Promise((ok) => setTimeout(ok, 20));

function fakeApi(
  gpu: Awaited<ReturnType<ModelManagerApi['detect']>>,
  rows: ModelRow[],
  jobs: DownloadJob[] = [],
): ModelManagerApi {
  return {
    detect: async () => gpu,
    list: async () => rows,
    storage: async () => ({ usedBytes: 5 * 1024 ** 2, quotaBytes: 10 * 1024 ** 3 }),
    startDownload: vi.fn(async () => {}),
    cancelDownload: vi.fn(async () => {}),
    jobs: async () => jobs,
    remove: vi.fn(async () => {}),
  };
}

function mount(api: ModelManagerApi) {
  const { document, window } = parseHTML(
    '<!doctype html><html><body><div id="root"></div></body></html>',
  );
  Object.assign(globalThis, { document, window });
  const root = document.getElementById('root')!;
  render(h(ModelManager, { api, pollMs: 10 }), root as unknown as Element);
  return root;
}

const row = (over: Partial<ModelRow>): ModelRow => ({
  id: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC',
  label: 'Qwen2.5 1.5B',
  kind: 'llm',
  size: '≈ 870 MB',
  state: 'not-downloaded',
  note: '',
  role: 'default',
  ...over,
});

describe('ModelManager', () => {
  it('shows the no-WebGPU reason and the storage used', async () => {
    const root = mount(
      fakeApi({ available: false, code: 'no-adapter', reason: 'No WebGPU adapter: …' }, [
        row({ state: 'unsupported', reason: 'No WebGPU adapter' }),
      ]),
    );
    await vi.waitFor(() =>
      expect(root.querySelector('[data-testid="webgpu"]')!.textContent).toContain(
        'No WebGPU adapter',
      ),
    );
    expect(root.querySelector('[data-testid="storage"]')!.textContent).toContain('5.0 MB');
    expect(root.querySelector('[data-testid="state"]')!.textContent).toContain('Cannot run here');
  });

  it('shows the adapter, a download button, and a progress bar with cancel while downloading', async () => {
    const gpu = {
      available: true as const,
      description: 'google swiftshader (software fallback adapter)',
      vendor: 'google',
      architecture: 'swiftshader',
      fallbackAdapter: true,
      shaderF16: true,
      maxBufferSizeMB: 1024,
    };
    const api = fakeApi(gpu, [row({})]);
    const root = mount(api);
    await vi.waitFor(() =>
      expect(root.querySelector('[data-testid="webgpu"]')!.textContent).toContain('swiftshader'),
    );
    const dl = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Download')!;
    api.jobs = async () => [{ id: row({}).id, progress: 0.4, text: 'Fetching', state: 'running' }];
    dl.dispatchEvent(new window.Event('click'));
    await tick();
    expect(api.startDownload).toHaveBeenCalledWith(row({}).id);
    expect(root.querySelector('progress')!.getAttribute('value')).toBe('0.4');
    const cancel = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')!;
    cancel.dispatchEvent(new window.Event('click'));
    await tick();
    expect(api.cancelDownload).toHaveBeenCalled();
  });

  it('says "not enough GPU memory, try the smaller model" after an OOM download', async () => {
    const gpu = {
      available: true as const,
      description: 'x',
      vendor: 'x',
      architecture: '',
      fallbackAdapter: false,
      shaderF16: true,
      maxBufferSizeMB: 1024,
    };
    const root = mount(
      fakeApi(
        gpu,
        [row({})],
        [
          {
            id: row({}).id,
            progress: 0.9,
            text: '',
            state: 'failed',
            error: 'Not enough GPU memory for this model. Try the smaller model.',
            errorCode: 'gpu-memory',
          },
        ],
      ),
    );
    await vi.waitFor(() => expect(root.querySelector('[role="alert"]')).not.toBeNull());
    expect(root.querySelector('[role="alert"]')!.textContent).toMatch(
      /Not enough GPU memory.*smaller model/,
    );
  });
});
