/**
 * The WordPiece tokenizer built at every service-worker start (src/embed/wordpiece.ts) must
 * give exactly the token ids @huggingface/tokenizers gives for the same tokenizer.json: the
 * embedding of a text is the mean of its tokens' rows, so one id apart is another vector.
 * Compared over every LoCoMo turn, Unicode edge cases, and seeded random strings.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { bertWordPiece } from '../../../src/embed/wordpiece';
import { DEFAULT_STATIC_MODEL } from '../../../src/embed/static';
import { MODELS_DIR } from '../../helpers/engine';

const json = JSON.parse(
  readFileSync(resolve(MODELS_DIR, DEFAULT_STATIC_MODEL, 'tokenizer.json'), 'utf8'),
) as Record<string, unknown>;
const reference = new Tokenizer(json as never, {} as never);
const ref = (t: string) => reference.encode(t, { add_special_tokens: false }).ids;
const wp = bertWordPiece(json)!;

const EDGE = [
  '',
  '   ',
  'Hello, world!',
  "I've had them for 3 years now... isn't that wild?!",
  'Café, naïve, Ångström, façade, Øre, São Paulo, Zürich',
  'ĲSSELMEER İstanbul ǅ ß Straße ﬁne ﬂow',
  '日本語のテキストと中文混在 text, 한국어 문장',
  '𠀀𠀁 supplementary CJK and 😀👍🏽 emoji 🇩🇪',
  'zero\u200bwidth soft\u00adhyphen bom\ufeff nul\u0000 bell\u0007 rep\ufffd',
  'tabs\tnew\nlines\r\nand\u00a0nbsp\u2003em\u3000ideographic',
  '[UNK] [CLS]hello[SEP] [PAD][MASK] [unk] [ CLS ]',
  'supercalifragilisticexpialidocious '.repeat(4).replace(/ /g, ''),
  'a'.repeat(101) + ' ' + 'b'.repeat(100),
  'e.g. U.S.A. -- … “quoted” «guillemets» ‘single’ ¿qué? ¡sí!',
  'x = f(y) + g[z]{w} * 3.14 / 2 ^ 8 % 5 | a & b ~ c $5 @user #tag',
  'https://example.com/path?q=1&r=two#frag mail@x.org',
  'मैं हिंदी बोलता हूँ — Arabic: مرحبا بالعالم — Hebrew: שלום',
  'combining: e\u0301 a\u0308 n\u0303; Mc mark: क\u093f',
  'ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ １２３',
  '\ud800 lone surrogate \udc00 here',
  'ǅungla Σίσυφος ΣΊΣΥΦΟΣ',
];

/** Seeded random strings over a mixed alphabet (ASCII, accents, CJK, emoji, controls). */
function fuzz(n: number, seed: number): string[] {
  const alphabet = [
    ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    ...' \t\n.,;:!?-_\'"()[]{}<>/\\@#$%^&*+=~`|',
    ...'éèêëàâäôöûüçñÉÀÇßøåæœ',
    ...'日本中文語字한국',
    '😀',
    '👍🏽',
    '\u0301',
    '\u200b',
    '\u0000',
    '\u00a0',
    '[UNK]',
    '[CLS]',
    '##',
  ];
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return Array.from({ length: n }, () => {
    const len = Math.floor(rnd() * 60);
    let t = '';
    for (let i = 0; i < len; i++) t += alphabet[Math.floor(rnd() * alphabet.length)];
    return t;
  });
}

const LOCOMO = resolve(__dirname, '../../../../shared/data/locomo/locomo-dev.json');

describe('BERT WordPiece', () => {
  it('is used for potion-base-2M', () => {
    expect(wp).toBeDefined();
  });

  it('gives the reference ids on edge cases', () => {
    for (const t of EDGE) expect(wp.encode(t), JSON.stringify(t)).toEqual(ref(t));
    expect(wp.encode('Hello, world!').length).toBe(4);
    expect(wp.idOf('[UNK]')).toBe(reference.token_to_id('[UNK]'));
  });

  it('gives the reference ids on 3,000 random strings', () => {
    for (const t of fuzz(3000, 7)) expect(wp.encode(t), JSON.stringify(t)).toEqual(ref(t));
  });

  it.runIf(existsSync(LOCOMO))('gives the reference ids on every LoCoMo turn', () => {
    const data = JSON.parse(readFileSync(LOCOMO, 'utf8')) as {
      conversation: Record<string, unknown>;
    }[];
    let n = 0;
    for (const c of data)
      for (const [k, v] of Object.entries(c.conversation))
        if (/^session_\d+$/.test(k))
          for (const t of v as { text: string; blip_caption?: string }[]) {
            for (const text of [t.text, t.blip_caption ?? '']) {
              expect(wp.encode(text), text).toEqual(ref(text));
              n++;
            }
          }
    expect(n).toBeGreaterThan(5000);
  });

  it('declines a tokenizer.json of another shape', () => {
    const other = (patch: Record<string, unknown>) => bertWordPiece({ ...json, ...patch });
    expect(other({ normalizer: { type: 'NFC' } })).toBeUndefined();
    expect(other({ pre_tokenizer: { type: 'Whitespace' } })).toBeUndefined();
    expect(other({ model: { ...(json.model as object), type: 'BPE' } })).toBeUndefined();
    expect(
      other({ added_tokens: [{ id: 1, content: '[UNK]', lstrip: true, normalized: false }] }),
    ).toBeUndefined();
    expect(bertWordPiece(json, { remove_space: true })).toBeUndefined();
  });
});
