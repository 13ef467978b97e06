/**
 * FNV-1a, 32 bits, over a string's UTF-16 code units: the one hash of short stable ids and
 * fingerprints. Stored data depends on its outputs (turn text hashes in episodes, the start
 * image's stamps and chunk numbers), so they must never change.
 */

const OFFSET_BASIS = 0x811c9dc5;
const PRIME = 0x01000193;

/** The hash as an unsigned 32-bit number. */
export function fnv1a(s: string): number {
  let h = OFFSET_BASIS;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, PRIME);
  }
  return h >>> 0;
}

/** The hash as 8 lowercase hex digits. */
export const fnv1aHex = (s: string): string => fnv1a(s).toString(16).padStart(8, '0');

/** The hash in base 36: the shortest text form, for ids. */
export const fnv1aBase36 = (s: string): string => fnv1a(s).toString(36);
