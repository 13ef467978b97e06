import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelFileSource } from './static';

/** Model files from a folder on disk (Node only: tests and benchmarks). */
export function nodeModelSource(dir: string): ModelFileSource {
  return {
    text: (p) => readFile(join(dir, p), 'utf8'),
    bytes: async (p) => {
      const b = await readFile(join(dir, p));
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
  };
}
