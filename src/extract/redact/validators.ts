/**
 * Checks that turn a pattern's candidate into a finding. Cards and IBANs come from
 * maintained libraries (every brand's prefixes and lengths, every country's IBAN length and
 * checksum); the rest are small and local.
 */
import cardValidator from 'card-validator';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';

/** A payment card number: Luhn, and the prefix and length of a known brand (JCB, Maestro…). */
export function validCard(raw: string): boolean {
  const digits = raw.replace(/[ -]/g, '');
  if (digits.length < 12 || digits.length > 19) return false;
  if (/^(\d)\1+$/.test(digits)) return false;
  // Separators, when present, are of one kind (a card is written 4111 1111… or 4111-1111…).
  if (raw.includes(' ') && raw.includes('-')) return false;
  return cardValidator.number(digits).isValid;
}

/** An IBAN in any case and spacing: the country's length and the mod-97 checksum. */
export function validIban(raw: string): boolean {
  const e = electronicFormatIBAN(raw.toUpperCase());
  return !!e && isValidIBAN(e);
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
export function highEntropy(s: string): boolean {
  if (s.length < 16) return false;
  const hasDigit = /\d/.test(s);
  const hasLetter = /[A-Za-z]/.test(s);
  if (!hasLetter) return false;
  if (hasDigit) return entropy(s) >= 3;
  return s.length >= 32 && /[A-Z]/.test(s) && /[a-z]/.test(s) && entropy(s) >= 4;
}

/** Mixed letters and digits: what every token format has and words and names do not. */
export const mixed = (s: string): boolean => /\d/.test(s) && /[A-Za-z]/.test(s);

function decodeBase64(s: string): string | undefined {
  try {
    const std = s.replace(/-/g, '+').replace(/_/g, '/');
    return atob(std + '='.repeat((4 - (std.length % 4)) % 4));
  } catch {
    return undefined;
  }
}

/** `Basic <base64>` is credentials when it decodes to printable `user:password`. */
export function basicCredentials(b64: string): boolean {
  const s = decodeBase64(b64);
  return !!s && /^[\x20-\x7e]{1,200}:[\x20-\x7e]{1,200}$/.test(s);
}

/** A Discord token's first part is the bot's numeric id in base64. */
export function discordToken(token: string): boolean {
  const id = decodeBase64(token.split('.')[0] ?? '');
  return !!id && /^\d{17,20}$/.test(id);
}

/** An expression in code: `input.value`, `getPassword()`, `process.env.DB_PASSWORD`. */
export const CODE_VALUE =
  /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\([^()]{0,80}\)|\[[^\]]{0,40}\])+;?$/;

/**
 * Words that follow "password is/:" in ordinary talk about passwords (in the languages the
 * prose rules read), type names, and placeholders people write instead of a value.
 */
const NOT_A_SECRET = new Set(
  (
    'is was the a an my your his her our their this that it not too very so really quite ' +
    'required wrong incorrect correct expired invalid valid weak strong long short saved stored ' +
    'set reset changed hashed encrypted empty missing case same different still also now just ' +
    'being been protected needed optional mandatory blank hidden visible shown masked secure ' +
    'insecure safe unsafe compromised leaked forgotten lost known unknown new old easy hard ' +
    'simple complex good bad fine ok okay there here in on at for to of and or but with from ' +
    'string number boolean any null undefined none true false str int bytes text char varchar ' +
    'field input value sent checked ignored accepted rejected updated ' +
    'what which who how why when where something anything nothing identical generated ' +
    'random stronger weaker longer shorter case-sensitive managed asked prompted ' +
    'tbd tba todo tbc n/a na nil xxx xxxx xxxxxx ??? ... - — placeholder redacted secret ' +
    'password passwort passphrase token key pin code env environment variable config ' +
    'below above attached following printed written taped on sticker somewhere ' +
    'ist war nicht falsch richtig geändert sicher unsicher gleich leer neu alt das der die ein eine ' +
    'est était pas trop très le la les un une faux vide changé ' +
    'es era no muy el los una incorrecta cambiada vacía nueva ' +
    'è é non sbagliata não errada ' +
    'dann then same-as-before whatever usual default see ask check use'
  ).split(/\s+/),
);

/** A value after a password keyword that is a real secret, not a word about passwords. */
export function plausibleSecret(value: string, quoted: boolean): boolean {
  if (value.length < 3 || value.length > 256) return false;
  if (value.startsWith('[redacted')) return false;
  // Templates: `<password>`, `{{ secret }}`, `${DB_PASSWORD}`, `%PASS%`, `$PASSWORD`.
  if (/^<[^>]*>?$|^\{\{|^\$\{|^%\w+%$|^\$[A-Z_]+$/.test(value)) return false;
  if (/^[*•x.?_-]+$/i.test(value)) return false; // masked or left blank
  if (NOT_A_SECRET.has(value.toLowerCase())) return false;
  if (quoted) return true;
  if (CODE_VALUE.test(value)) return false;
  return true;
}
