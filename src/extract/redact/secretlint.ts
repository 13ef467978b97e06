/**
 * secretlint's recommended rules (AWS, GCP, GitHub, GitLab, Slack, npm, SendGrid, OpenAI,
 * Anthropic, database URLs, private keys and more), maintained upstream, run on a chat
 * turn as if it were a text file. Checked to bundle and run in Chrome's service worker and
 * Firefox's background (docs/reliability.md): the core is plain JavaScript; the preset
 * imports `node:path` only to name a file in a message, which it does when given a file
 * path, so none is given (`ext` instead).
 *
 * Left out: `filter-comments`, which turns detection off for text after a
 * `secretlint-disable` comment. In a file that is the author's choice; in a chat turn it
 * would let any pasted text switch redaction off.
 */
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { rules } from '@secretlint/secretlint-rule-preset-recommend';

const FILTER_COMMENTS = '@secretlint/secretlint-rule-filter-comments';
const PREFIX = '@secretlint/secretlint-rule-';

const config: Parameters<typeof lintSource>[0]['options']['config'] = {
  rules: rules
    .filter((r) => r.meta.id !== FILTER_COMMENTS)
    .map((r) => ({ id: r.meta.id, rule: r, options: {} })),
};

/**
 * The core times every run with `performance.mark` and its profiler keeps every entry,
 * never released (docs/reliability.md). A service worker lives minutes, but Firefox's background page lives as long as the
 * browser. Clearing them after a run races the profiler's own deferred `measure` calls
 * (which then throw), so its marking is switched off instead: Mnemo never reads it.
 */
(secretLintProfiler as unknown as { mark: (arg: unknown) => void }).mark = () => undefined;

/** The secrets secretlint finds in `text`, as offsets and a type named after the rule. */
export async function secretlintHits(
  text: string,
): Promise<{ type: string; start: number; end: number }[]> {
  if (!text) return [];
  // The core drops a leading byte-order mark and reports offsets without it.
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const res = await lintSource({
    source: { content: text, filePath: '', ext: '.txt', contentType: 'text' },
    options: { config, noPhysicFilePath: true, maskSecrets: true },
  });
  return res.messages.map((m) => ({
    type: m.ruleId.replace(PREFIX, '').replace(/-/g, '_'),
    start: m.range[0] + shift,
    end: m.range[1] + shift,
  }));
}
