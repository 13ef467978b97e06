/**
 * User settings, as data: per-site capture and injection, buckets and which sites read
 * which bucket, privacy switches. Stored in IndexedDB (meta 'settings'), never in the
 * service worker's memory alone.
 */
import { SITE_HOSTS, type SiteId } from '../sites/hosts';

export type InjectMode = 'auto' | 'manual' | 'off';

export interface SiteSettings {
  capture: boolean;
  inject: InjectMode;
  /** The bucket this site's memories are written to. */
  writeBucket: string;
  /** The buckets this site may read (its own by default; shared ones are opt-in). */
  readBuckets: string[];
}

export interface Bucket {
  id: string;
  name: string;
}

export interface Settings {
  version: 1;
  paused: boolean;
  redactSecrets: boolean;
  captureIncognito: boolean;
  assistantFacts: boolean;
  /** Token budget of one injected block. */
  injectBudget: number;
  /**
   * Vector candidates: an exact scan of the stored vectors (default: faster than Voy at
   * every size measured, see docs/benchmarks.md) or Voy's WASM k-d tree.
   */
  vectorIndex: 'exact' | 'voy';
  buckets: Bucket[];
  sites: Partial<Record<SiteId, SiteSettings>>;
}

export const siteBucket = (site: SiteId): string => `site:${site}`;

export function defaultSiteSettings(site: SiteId): SiteSettings {
  return { capture: true, inject: 'auto', writeBucket: siteBucket(site), readBuckets: [siteBucket(site)] };
}

export function defaultSettings(): Settings {
  const sites = [...(Object.keys(SITE_HOSTS) as SiteId[]), 'demo' as const];
  return {
    version: 1,
    paused: false,
    redactSecrets: true,
    captureIncognito: false,
    assistantFacts: false,
    injectBudget: 400,
    vectorIndex: 'exact',
    buckets: sites.map((s) => ({ id: siteBucket(s), name: s })),
    sites: {},
  };
}

export function siteSettingsOf(settings: Settings, site: SiteId): SiteSettings {
  return settings.sites[site] ?? defaultSiteSettings(site);
}
