/**
 * BERT's WordPiece tokenizer (BertNormalizer, BertPreTokenizer, WordPiece model), as the
 * tokenizer.json of potion-base-2M and other BERT-vocabulary models describes it: the same
 * token ids as @huggingface/tokenizers gives (test/unit/embed/wordpiece.test.ts compares
 * them over LoCoMo's turns and Unicode edge cases), ready as soon as the file is parsed,
 * where that library's general Tokenizer took noticeably longer to build its maps. A service worker builds it at every start, before its first search can embed the
 * query.
 *
 * `bertWordPiece` gives undefined for any tokenizer.json of another shape (another normalizer,
 * pre-tokenizer or model, added tokens that are normalized or strip spaces, options this does
 * not implement): the embedder then uses @huggingface/tokenizers itself.
 *
 * @example
 * const wp = bertWordPiece(JSON.parse(tokenizerJson));
 * wp?.encode('Hello, world!'); // [7592, 1010, 2088, 999] with bert-base-uncased's vocabulary
 */

/** Punctuation as BERT counts it: Unicode's, and every ASCII symbol. */
const PUNCT = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';
const WORDS = new RegExp(`[^\\s${PUNCT}]+|[${PUNCT}]`, 'gu');
/** Control, format, private-use and surrogate code points (tab, newline and CR excepted). */
const CONTROL = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u;
const MARKS = /\p{Mn}/gu;

/** The CJK ideograph blocks BERT puts spaces around (tested per UTF-16 code unit). */
function isChinese(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

interface Options {
  cleanText: boolean;
  chineseChars: boolean;
  lowercase: boolean;
  stripAccents: boolean;
  unk: string;
  prefix: string;
  maxChars: number;
}

export class BertWordPiece {
  private readonly unkId: number;

  constructor(
    /**
     * Token → id, as tokenizer.json has it (`model.vocab`), read as it is: building a Map of
     * its 30,000 entries took longer than all the rest of the build.
     */
    private readonly vocab: Readonly<Record<string, number>>,
    /** Added tokens (matched verbatim before normalizing), by content. */
    private readonly added: ReadonlyMap<string, number>,
    private readonly o: Options,
  ) {
    const unk = this.idOf(o.unk);
    if (unk === undefined) throw new Error(`the vocabulary has no ${o.unk}`);
    this.unkId = unk;
  }

  /** The id of a vocabulary entry (an added token's first). */
  idOf(token: string): number | undefined {
    return this.added.get(token) ?? this.vocabId(token);
  }

  /** An entry of the vocabulary object; what it inherits ("constructor" …) is no number. */
  private vocabId(token: string): number | undefined {
    const v = this.vocab[token];
    return typeof v === 'number' ? v : undefined;
  }

  /** Token ids of `text`, without special tokens around it. */
  encode(text: string): number[] {
    const out: number[] = [];
    for (const section of this.splitAdded(text)) {
      const id = this.added.get(section);
      if (id !== undefined) {
        out.push(id);
        continue;
      }
      const normal = this.normalize(section);
      if (!normal) continue;
      for (const word of normal.trim().match(WORDS) ?? []) this.wordPiece(word, out);
    }
    return out;
  }

  /** `text` cut around the added tokens in it, longest first at each place. */
  private splitAdded(text: string): string[] {
    if (!this.added.size) return text ? [text] : [];
    const out: string[] = [];
    let start = 0;
    for (let i = 0; i < text.length;) {
      let match = '';
      for (const t of this.added.keys())
        if (t.length > match.length && text.startsWith(t, i)) match = t;
      if (!match) {
        i++;
        continue;
      }
      if (i > start) out.push(text.slice(start, i));
      out.push(match);
      i += match.length;
      start = i;
    }
    if (start < text.length) out.push(text.slice(start));
    return out;
  }

  private normalize(text: string): string {
    const o = this.o;
    let t = text;
    if (o.cleanText) {
      let s = '';
      for (const ch of t) {
        if (ch === '\0' || ch === '\uFFFD') continue;
        if (ch !== '\t' && ch !== '\n' && ch !== '\r' && CONTROL.test(ch)) continue;
        s += /^\s$/.test(ch) ? ' ' : ch;
      }
      t = s;
    }
    if (o.chineseChars) {
      let s = '';
      for (let i = 0; i < t.length; i++) {
        const c = t[i]!;
        s += isChinese(c.charCodeAt(0)) ? ` ${c} ` : c;
      }
      t = s;
    }
    if (o.lowercase) t = t.toLowerCase();
    if (o.stripAccents) t = t.normalize('NFD').replace(MARKS, '');
    return t;
  }

  /** Greedy longest-match-first pieces of one word; the whole word is unknown if any is. */
  private wordPiece(word: string, out: number[]): void {
    const chars = [...word];
    if (chars.length > this.o.maxChars) {
      out.push(this.unkId);
      return;
    }
    const pieces: number[] = [];
    for (let start = 0; start < chars.length;) {
      let end = chars.length;
      let id: number | undefined;
      for (; start < end; end--) {
        const sub = chars.slice(start, end).join('');
        const piece = start > 0 ? this.o.prefix + sub : sub;
        id = this.added.get(piece) ?? this.vocabId(piece);
        if (id !== undefined) break;
      }
      if (id === undefined) {
        out.push(this.unkId);
        return;
      }
      pieces.push(id);
      start = end;
    }
    for (const id of pieces) out.push(id);
  }
}

interface AddedToken {
  id: number;
  content: string;
  lstrip?: boolean;
  rstrip?: boolean;
  normalized?: boolean;
}

/**
 * The tokenizer a tokenizer.json (and its tokenizer_config.json) describes, if it is BERT's
 * WordPiece with nothing this does not implement; otherwise undefined.
 */
export function bertWordPiece(json: unknown, config: unknown = {}): BertWordPiece | undefined {
  const j = json as {
    normalizer?: {
      type?: string;
      clean_text?: boolean;
      handle_chinese_chars?: boolean;
      strip_accents?: boolean | null;
      lowercase?: boolean;
    } | null;
    pre_tokenizer?: { type?: string } | null;
    model?: {
      type?: string;
      vocab?: Record<string, number>;
      unk_token?: string;
      continuing_subword_prefix?: string;
      max_input_chars_per_word?: number;
      fuse_unk?: boolean;
    };
    added_tokens?: AddedToken[];
  };
  const c = (config ?? {}) as { remove_space?: boolean; do_lowercase_and_remove_accent?: boolean };
  const n = j?.normalizer;
  const m = j?.model;
  if (
    n?.type !== 'BertNormalizer' ||
    j.pre_tokenizer?.type !== 'BertPreTokenizer' ||
    m?.type !== 'WordPiece' ||
    !m.vocab ||
    typeof m.unk_token !== 'string' ||
    m.fuse_unk ||
    c.remove_space === true ||
    c.do_lowercase_and_remove_accent ||
    !(j.added_tokens ?? []).every((t) => !t.lstrip && !t.rstrip && !t.normalized && t.content)
  )
    return undefined;
  const added = new Map((j.added_tokens ?? []).map((t) => [t.content, t.id]));
  if (!added.has(m.unk_token) && typeof m.vocab[m.unk_token] !== 'number') return undefined;
  return new BertWordPiece(m.vocab, added, {
    cleanText: !!n.clean_text,
    chineseChars: !!n.handle_chinese_chars,
    lowercase: !!n.lowercase,
    // As the library reads it: unset follows `lowercase`.
    stripAccents: n.lowercase ? n.strip_accents !== false : !!n.strip_accents,
    unk: m.unk_token,
    prefix: m.continuing_subword_prefix ?? '##',
    maxChars: m.max_input_chars_per_word ?? 100,
  });
}
