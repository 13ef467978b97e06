import type { Memory } from '../memory/types';

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** An error's message for the user (remote errors already say what to do). */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function siteOfMemory(m: Memory): string {
  return m.provenance[0]?.site ?? 'imported';
}

/** The source conversation's address, when it is a web page the user can open. */
export function sourceUrl(m: Memory): string | undefined {
  const url = m.provenance[0]?.url;
  return url && /^https?:\/\//.test(url) ? url : undefined;
}

export function bucketName(buckets: readonly { id: string; name: string }[], id: string): string {
  return buckets.find((b) => b.id === id)?.name ?? id.replace(/^site:/, '');
}

export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
