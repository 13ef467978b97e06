/**
 * The engine and the settings as a sync pass sees them (./pass.ts): memories read through
 * the engine's façade and merged versions applied through it (`applyRemote`), settings
 * checked with the settings request's own rules before they are saved.
 */
import type { Settings } from '../config/settings';
import type { MemoryEngine } from '../memory/engine';
import { validateParams } from '../messaging/validate';
import type { SyncedSettings, SyncHost } from './pass';

export interface EngineHostEnv {
  engine: () => Promise<MemoryEngine>;
  settings: () => Promise<Settings>;
  saveSettings: (s: Settings) => Promise<unknown>;
  now: () => number;
}

export function engineHost(env: EngineHostEnv): SyncHost {
  return {
    memories: async () => (await env.engine()).exportable(),
    history: async (id) => (await env.engine()).history(id),
    apply: async (changes) => (await env.engine()).applyRemote(changes),
    settings: async () => {
      const { buckets, sites } = await env.settings();
      return { buckets, sites };
    },
    applySettings: async (s: SyncedSettings) => {
      const next: Settings = { ...(await env.settings()), buckets: s.buckets, sites: s.sites };
      validateParams('setSettings', { settings: next });
      await env.saveSettings(next);
    },
    now: env.now,
  };
}
