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
  /**
   * Fact extraction: the built-in rules, the downloaded web-llm model (Chrome with WebGPU),
   * or Chrome's built-in model (the Prompt API, Chrome 138+). Firefox reads both models'
   * values as the rules.
   */
  extractor: 'rules' | 'llm' | 'chrome';
  /** The web-llm model used when `extractor` is 'llm'. */
  llmModel: string;
  buckets: Bucket[];
  sites: Partial<Record<SiteId, SiteSettings>>;
}

/**
 * How many buckets a profile can have: the settings request and an import are held to the
 * same number, so an import can never leave settings that the next save would refuse.
 */
export const MAX_BUCKETS = 1000;
/** The longest bucket id or name. */
export const MAX_BUCKET_NAME = 200;

export const siteBucket = (site: SiteId): string => `site:${site}`;

export function defaultSiteSettings(site: SiteId): SiteSettings {
  return {
    capture: true,
    inject: 'auto',
    writeBucket: siteBucket(site),
    readBuckets: [siteBucket(site)],
  };
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
    extractor: 'rules',
    llmModel: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC',
    buckets: sites.map((s) => ({ id: siteBucket(s), name: s })),
    sites: {},
  };
}

export function siteSettingsOf(settings: Settings, site: SiteId): SiteSettings {
  return settings.sites[site] ?? defaultSiteSettings(site);
}

/** All sites Mnemo has settings for (the real ones, and the bundled demo). */
export function knownSites(): SiteId[] {
  return [...(Object.keys(SITE_HOSTS) as SiteId[]), 'demo'];
}

/** A new bucket id from a name: `b:` + a slug, unique among `taken`. */
export function bucketIdFor(name: string, taken: readonly Bucket[]): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'bucket';
  let id = `b:${slug}`;
  for (let i = 2; taken.some((b) => b.id === id); i++) id = `b:${slug}-${i}`;
  return id;
}

/** Every site's settings, with the sites never customised filled with their defaults. */
function materialise(settings: Settings): Partial<Record<SiteId, SiteSettings>> {
  const sites: Partial<Record<SiteId, SiteSettings>> = {};
  for (const site of knownSites()) sites[site] = { ...siteSettingsOf(settings, site) };
  return sites;
}

/** After `from` is merged into `into`: sites that wrote or read `from` use `into`. */
export function mergeBucketsInSettings(settings: Settings, from: string, into: string): Settings {
  const sites = materialise(settings);
  for (const ss of Object.values(sites)) {
    if (ss.writeBucket === from) ss.writeBucket = into;
    ss.readBuckets = [...new Set(ss.readBuckets.map((b) => (b === from ? into : b)))];
  }
  return { ...settings, buckets: settings.buckets.filter((b) => b.id !== from), sites };
}

/**
 * After a bucket is deleted: no site reads it; a site that wrote to it writes to its own
 * default bucket again (recreated if it was that one), so capture never targets a bucket
 * that does not exist.
 */
export function deleteBucketFromSettings(settings: Settings, bucket: string): Settings {
  const sites = materialise(settings);
  const buckets = settings.buckets.filter((b) => b.id !== bucket);
  for (const [site, ss] of Object.entries(sites) as [SiteId, SiteSettings][]) {
    ss.readBuckets = ss.readBuckets.filter((b) => b !== bucket);
    if (ss.writeBucket === bucket) {
      ss.writeBucket = siteBucket(site);
      if (!ss.readBuckets.includes(ss.writeBucket)) ss.readBuckets.push(ss.writeBucket);
    }
    if (!buckets.some((b) => b.id === ss.writeBucket))
      buckets.push({ id: ss.writeBucket, name: site });
  }
  return { ...settings, buckets, sites };
}
