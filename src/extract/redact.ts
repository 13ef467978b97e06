/**
 * Secret redaction, run on every turn before anything is extracted or stored. Each detector
 * is a regular expression with bounded or non-overlapping quantifiers (so the scan is linear
 * in the text's length; no nested `(a+)+`), plus a validator for the cases a pattern alone
 * would over-match: Luhn for cards, mod 97 for IBANs, entropy for generic tokens, and a
 * code check so that `const password = input.value` is left alone.
 *
 * @example
 * redactSecrets('my key is sk-proj-abc123…').text // 'my key is [redacted:openai_key]'
 */

export interface RedactionHit {
  type: string;
  /** Offsets in the input text. */
  start: number;
  end: number;
}

export interface RedactionResult {
  text: string;
  found: RedactionHit[];
}

interface Detector {
  type: string;
  re: RegExp;
  /** Which capture group is the secret (0: the whole match). */
  group?: number;
  validate?: (secret: string, match: RegExpExecArray) => boolean;
}

function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes of the major networks: a 16-digit order number rarely starts like these. */
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|6(?:011|5|4[4-9]|2))/;

function validCard(raw: string): boolean {
  const digits = raw.replace(/[ -]/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  if (!CARD_PREFIX.test(digits)) return false;
  if (/^(\d)\1+$/.test(digits)) return false;
  // Separators, when present, must be consistent (one kind).
  if (raw.includes(' ') && raw.includes('-')) return false;
  return luhn(digits);
}

function validIban(raw: string): boolean {
  const s = raw.replace(/ /g, '').toUpperCase();
  if (s.length < 15 || s.length > 34) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const v = code >= 65 ? String(code - 55) : ch;
    for (const c of v) rem = (rem * 10 + (c.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** A value that reads as a random token, not a word or an identifier. */
function highEntropy(s: string): boolean {
  if (s.length < 16) return false;
  const hasDigit = /\d/.test(s);
  const hasLetter = /[A-Za-z]/.test(s);
  if (!hasLetter) return false;
  if (hasDigit) return entropy(s) >= 3;
  return s.length >= 32 && /[A-Z]/.test(s) && /[a-z]/.test(s) && entropy(s) >= 4;
}

/** An expression in code: `input.value`, `getPassword()`, `process.env.DB_PASSWORD`. */
const CODE_VALUE = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\([^()]{0,80}\)|\[[^\]]{0,40}\])+;?$/;

/** Words that follow "password is/:" in ordinary talk about passwords, and type names. */
const NOT_A_PASSWORD = new Set(
  (
    'is was the a an my your his her our their this that it not too very so really quite ' +
    'required wrong incorrect correct expired invalid valid weak strong long short saved stored ' +
    'set reset changed hashed encrypted empty missing case same different still also now just ' +
    'being been protected needed optional mandatory blank hidden visible shown masked secure ' +
    'insecure safe unsafe compromised leaked forgotten lost known unknown new old easy hard ' +
    'simple complex good bad fine ok okay there here in on at for to of and or but with from ' +
    'string number boolean any null undefined none true false str int bytes text char varchar ' +
    'optional<string> field input value hidden sent checked ignored accepted rejected updated ' +
    'what which who how why when where something anything nothing same identical generated ' +
    'random stronger weaker longer shorter case-sensitive managed asked prompted'
  ).split(/\s+/),
);

function plausiblePassword(value: string, quoted: boolean): boolean {
  if (value.length < 3 || value.length > 128) return false;
  if (quoted) return value.length >= 3;
  if (CODE_VALUE.test(value)) return false;
  if (/^[*•x.]+$/i.test(value)) return false; // already masked
  if (/^<[^>]*>$|^\{\{.*\}\}$|^\$\{.*\}$/.test(value)) return false; // placeholders
  if (NOT_A_PASSWORD.has(value.toLowerCase())) return false;
  return true;
}

const DETECTORS: Detector[] = [
  {
    type: 'private_key',
    re: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  { type: 'jwt', re: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{8,}/g },
  { type: 'anthropic_key', re: /\bsk-ant-[A-Za-z0-9_-]{20,}/g },
  {
    type: 'openai_key',
    re: /\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}/g,
    validate: (s) => /\d/.test(s) && /[A-Za-z]/.test(s) && entropy(s) >= 3.5,
  },
  { type: 'aws_access_key', re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b/g },
  {
    type: 'aws_secret_key',
    re: /(?:aws_?secret_?(?:access_?)?key|secret[ _]access[ _]key|aws[ _]secret)["']?\s{0,3}(?:[:=]|is|was)?\s{0,3}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    group: 1,
  },
  { type: 'github_token', re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b/g },
  { type: 'github_token', re: /\bgithub_pat_[A-Za-z0-9_]{22,}/g },
  { type: 'slack_token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { type: 'stripe_key', re: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}/g },
  { type: 'google_api_key', re: /\bAIza[0-9A-Za-z_-]{35}/g },
  { type: 'huggingface_token', re: /\bhf_[A-Za-z0-9]{30,}\b/g },
  // Passwords in prose or config: "my password is hunter2", "password: Tr0ub4dor&3".
  {
    type: 'password',
    re: /\b(?:pass(?:word|phrase|code|wd)|pwd|wifi key)s?\b(?: for [\w.@-]{1,40})?\s{0,3}(?:is|was|=|:|->)\s{0,3}(?:now\s|still\s)?\s{0,2}(?:"([^"\n]{1,128})"|'([^'\n]{1,128})'|`([^`\n]{1,128})`|(\S{1,128}))/gi,
    group: -1,
  },
  {
    type: 'pin',
    re: /\b(?:PIN|pin code|pin number)\b\s{0,3}(?:is|was|=|:)?\s{0,3}(\d{4,8})\b/g,
    group: 1,
  },
  {
    type: 'pin',
    re: /\b(?:pin|pin code|pin number)\s{0,3}(?:is|was|=|:)\s{0,3}(\d{4,8})\b/gi,
    group: 1,
  },
  // Generic assignments: token=…, secret: …, api_key = "…" with a random-looking value.
  {
    type: 'token',
    re: /(?:token|secret|api[_-]?key|apikey|access[_-]?key|auth[_-]?key|client[_-]?secret|bearer)[A-Za-z_]{0,20}["']?\s{0,3}(?:[:=]|is)\s{0,3}["']?([A-Za-z0-9_\-+/=.~]{16,512})/gi,
    group: 1,
    validate: (s) => !CODE_VALUE.test(s) && highEntropy(s),
  },
  {
    type: 'token',
    re: /\bBearer\s+([A-Za-z0-9_\-+/=.~]{16,512})/g,
    group: 1,
    validate: (s) => highEntropy(s),
  },
  {
    type: 'card',
    re: /(?<![\d.,-])(?:\d[ -]?){12,18}\d(?![\d.,-]\d)/g,
    validate: validCard,
  },
  {
    type: 'iban',
    re: /\b[A-Z]{2}\d{2} ?(?:[A-Z0-9]{4} ?){2,7}[A-Z0-9]{1,4}\b/g,
    validate: (s) => validIban(s.trim()),
  },
  { type: 'ssn', re: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g },
  {
    type: 'ssn',
    re: /\b(?:SSN|social security(?: number)?|social security no\.?)\s{0,3}(?:is|was|:|#)?\s{0,3}(\d{3} ?\d{2} ?\d{4})\b/gi,
    group: 1,
  },
  {
    type: 'uk_ni_number',
    re: /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g,
  },
];

/**
 * Replace every secret found in `text` by `[redacted:<type>]`. `found` gives the offsets of
 * each secret in the input. Overlapping hits keep the one that starts first (then the longer).
 */
export function redactSecrets(text: string): RedactionResult {
  const hits: RedactionHit[] = [];
  for (const det of DETECTORS) {
    det.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = det.re.exec(text)) !== null) {
      if (m[0].length === 0) {
        det.re.lastIndex++;
        continue;
      }
      let secret: string;
      let start: number;
      let quoted = false;
      if (det.group === -1) {
        // Password: the first capture group that matched (quoted forms first).
        const gi = [1, 2, 3, 4].find((g) => m![g] !== undefined) ?? 4;
        quoted = gi !== 4;
        secret = m[gi] ?? '';
        if (!quoted && CODE_VALUE.test(secret.replace(/[.,;]+$/, ''))) continue;
        if (!quoted) secret = secret.replace(/[.,;:!?)\]}"'`]+$/, '');
        start = m.index + m[0].lastIndexOf(m[gi] ?? '');
        if (!plausiblePassword(secret, quoted)) continue;
      } else if (det.group) {
        secret = m[det.group] ?? '';
        start = m.index + m[0].lastIndexOf(secret);
      } else {
        secret = m[0];
        start = m.index;
      }
      if (!secret) continue;
      if (det.validate && !det.validate(secret, m)) continue;
      hits.push({ type: det.type, start, end: start + secret.length });
    }
  }
  if (hits.length === 0) return { text, found: [] };
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: RedactionHit[] = [];
  for (const h of hits) {
    const last = kept[kept.length - 1];
    if (last && h.start < last.end) {
      if (h.end > last.end) last.end = h.end; // merge overlaps into the earlier hit
      continue;
    }
    kept.push({ ...h });
  }
  let out = '';
  let pos = 0;
  for (const h of kept) {
    out += text.slice(pos, h.start) + `[redacted:${h.type}]`;
    pos = h.end;
  }
  out += text.slice(pos);
  return { text: out, found: kept };
}

/** True when the text holds a redaction marker (extractors never emit those). */
export function hasRedaction(text: string): boolean {
  return text.includes('[redacted');
}
