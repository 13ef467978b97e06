/**
 * The vault's keys and the encryption of every document body, with WebCrypto only (the
 * same code in the service worker, Firefox's background page and Node's tests).
 *
 * One passphrase → PBKDF2-SHA256 (a random salt kept beside the data, ≥ 600,000
 * iterations) → 512 bits: an AES-256-GCM key for the bodies and an HMAC-SHA256 key that
 * names the documents. Both are non-extractable: the passphrase is used once, here, and
 * never stored or sent.
 *
 * @example
 * const keys = await deriveKeys('correct horse battery staple', salt, 600_000);
 * const env = await seal(keys, await docIdOf(keys, 'memory', 'm_1'), { t: 'memory', … });
 * const body = await open(keys, env); // throws WrongKeyError under another passphrase
 */

/** Fewer iterations are refused: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
export const MIN_ITERATIONS = 600_000;

export interface VaultKeys {
  /** AES-256-GCM, for document bodies. */
  readonly enc: CryptoKey;
  /** HMAC-SHA256, for document ids (unpredictable without the passphrase). */
  readonly ids: CryptoKey;
}

/** What the server stores for each encrypted document, beside `_id` and `_rev`. */
export interface Sealed {
  /** The envelope's format. */
  v: 1;
  /** 12 random bytes, base64. */
  iv: string;
  /** AES-GCM ciphertext and tag, base64. */
  ct: string;
}

/** A body that does not open under this key: another passphrase, or altered data. */
export class WrongKeyError extends Error {
  constructor(cause?: unknown) {
    super('This data was encrypted with another passphrase, or was altered.', { cause });
    this.name = 'WrongKeyError';
  }
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(n));
}

export async function deriveKeys(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<VaultKeys> {
  if (iterations < MIN_ITERATIONS)
    throw new RangeError(`PBKDF2 needs ≥ ${MIN_ITERATIONS} iterations`);
  const base = await crypto.subtle.importKey('raw', enc.encode(passphrase), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = new Uint8Array(
    await crypto.subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
      base,
      512,
    ),
  );
  const [encKey, idKey] = await Promise.all([
    crypto.subtle.importKey('raw', bits.slice(0, 32), 'AES-GCM', false, ['encrypt', 'decrypt']),
    crypto.subtle.importKey('raw', bits.slice(32), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]),
  ]);
  bits.fill(0);
  return { enc: encKey, ids: idKey };
}

/**
 * Bodies are padded to a multiple of this many bytes: the server learns a memory's size
 * class, not its length to the character.
 */
const PAD = 256;

/**
 * Encrypts `body` (JSON) for the document `id`. The id is the additional authenticated
 * data: a body moved by the server into another document does not open.
 */
export async function seal(keys: VaultKeys, id: string, body: unknown): Promise<Sealed> {
  const json = JSON.stringify(body);
  const padded = json + ' '.repeat((PAD - (enc.encode(json).length % PAD)) % PAD);
  const iv = randomBytes(12);
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: enc.encode(id) },
    keys.enc,
    enc.encode(padded),
  );
  return { v: 1, iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

/** The body of a sealed document; WrongKeyError when it does not authenticate. */
export async function open(keys: VaultKeys, id: string, sealed: Sealed): Promise<unknown> {
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(sealed.iv), additionalData: enc.encode(id) },
      keys.enc,
      fromBase64(sealed.ct),
    );
  } catch (err) {
    throw new WrongKeyError(err);
  }
  return JSON.parse(dec.decode(plain));
}

export function isSealed(x: unknown): x is Sealed {
  const s = x as Partial<Sealed> | null;
  return !!s && s.v === 1 && typeof s.iv === 'string' && typeof s.ct === 'string';
}

/**
 * The id of the document holding one local item (`kind` 'memory' and a memory id, or
 * 'settings'): HMAC of the pair under the vault's id key, as 32 hex digits. Random to
 * anyone without the passphrase and unrelated to the content; every device of the vault
 * names the same item alike, so two devices that hold one memory never make two documents
 * of it (which a random id kept in a local map would, after a map is lost).
 */
export async function docIdOf(keys: VaultKeys, kind: string, localId = ''): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', keys.ids, enc.encode(`${kind}\u0000${localId}`));
  let hex = '';
  for (const b of new Uint8Array(mac).subarray(0, 16)) hex += b.toString(16).padStart(2, '0');
  return `d${hex}`;
}
