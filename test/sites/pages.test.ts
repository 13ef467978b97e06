import { beforeAll, describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../src/sites/registry';
import type { AdapterTurn, SiteAdapter } from '../../src/sites/types';
import { EXPECTATIONS, type PageExpectation } from './expectations';
import { loadDocument, norm, readPage } from './fixtures';

const CHROME_LABELS = ['Copy code', 'Copy to clipboard', 'Regenerate', 'Edit message'];

for (const [siteId, site] of Object.entries(EXPECTATIONS)) {
  const adapter = ADAPTERS.find((a) => a.id === siteId) as SiteAdapter;
  describe(`${siteId} saved pages`, () => {
    for (const [file, want] of Object.entries(site!.pages) as [string, PageExpectation][]) {
      describe(file, () => {
        let doc: Document;
        let turns: AdapterTurn[];
        beforeAll(() => {
          doc = loadDocument(readPage(site!.folder, file));
          turns = adapter.readTurns(doc);
        });

        it('finds the prompt box and send button the page has', () => {
          expect(!!adapter.findPromptBox(doc)).toBe(want.promptBox);
          expect(!!adapter.findSendButton(doc)).toBe(want.sendButton);
        });

        it('reads exactly the turns on the page, in order', () => {
          expect(turns.map((t) => t.role)).toEqual(want.turns.map(([role]) => role));
          turns.forEach((t, i) => {
            const prefix = want.turns[i]![1];
            expect(
              norm(t.text).startsWith(norm(prefix)),
              `turn ${i}: ${JSON.stringify(t.text.slice(0, 80))}`,
            ).toBe(true);
          });
        });

        it('keeps UI chrome out and gives unique non-empty ids', () => {
          for (const t of turns) {
            for (const bad of [...CHROME_LABELS, ...(want.absent ?? [])])
              expect(t.text).not.toContain(bad);
            expect(t.text).not.toContain('[mnemo:memories]');
            expect(t.id).toBeTruthy();
            expect(t.complete).toBe(true);
          }
          expect(new Set(turns.map((t) => t.id)).size).toBe(turns.length);
        });

        it('reads the same ids when read again (stable)', () => {
          expect(adapter.readTurns(doc).map((t) => t.id)).toEqual(turns.map((t) => t.id));
        });
      });
    }
  });
}
