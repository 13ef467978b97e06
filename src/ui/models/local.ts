/**
 * The model manager's backend for the options page, loaded on first use: the page is a
 * document with WebGPU, the Cache API and the extension origin's IndexedDB, so downloads
 * run here with progress and cancel, and web-llm never enters the service worker. In a
 * Firefox build the manager reports every model unsupported without loading any model code.
 *
 * @example
 * <ModelManager api={localModelManager()} />
 */
import type { ModelManagerApi } from '../../ai/manager';

export function localModelManager(): ModelManagerApi {
  let backend: Promise<ModelManagerApi> | undefined;
  const get = () =>
    (backend ??= import('../../ai/manager').then((m) => m.createModelManagerBackend()));
  return {
    detect: async () => (await get()).detect(),
    list: async () => (await get()).list(),
    storage: async () => (await get()).storage(),
    jobs: async () => (await get()).jobs(),
    startDownload: async (id) => (await get()).startDownload(id),
    cancelDownload: async (id) => (await get()).cancelDownload(id),
    remove: async (id) => (await get()).remove(id),
  };
}
