/**
 * The vault: the one plain document on the server (`mnemo-vault`), beside the encrypted
 * ones. It holds what a device needs to derive the keys from the passphrase (the KDF, its
 * iterations, the random salt) and a key check value (a known constant encrypted under
 * the key), so a wrong passphrase is refused before anything is merged. The first device
 * creates it; CouchDB's revision check makes a second device that races it read the
 * first one's instead of writing its own.
 *
 * @example
 * const { keys, vaultId } = await openVault(remote, passphrase); // WrongPassphraseError
 */
import type { Database } from 'pouchdb-core';
import {
  deriveKeys,
  fromBase64,
  isSealed,
  MIN_ITERATIONS,
  open,
  randomBytes,
  seal,
  toBase64,
  WrongKeyError,
  type Sealed,
  type VaultKeys,
} from './crypto';

export const VAULT_DOC_ID = 'mnemo-vault';
const CHECK = 'mnemo-key-check-v1';

export interface VaultDoc {
  _id: typeof VAULT_DOC_ID;
  _rev?: string;
  format: 1;
  kdf: 'PBKDF2-SHA256';
  iterations: number;
  /** 16 random bytes, base64. */
  salt: string;
  /** `{ check: CHECK, vault }` sealed under the key. */
  check: Sealed;
}

export class WrongPassphraseError extends Error {
  constructor(cause?: unknown) {
    super(
      'That passphrase does not open the Mnemo data on this server. Enter the passphrase you chose when you first set up sync on your other device. Nothing was merged.',
      { cause },
    );
    this.name = 'WrongPassphraseError';
  }
}

/** The server holds something under Mnemo's name that this version cannot read. */
export class UnknownVaultError extends Error {
  constructor(why: string) {
    super(
      `The database on this server holds Mnemo data this version cannot read (${why}). Update Mnemo on this device, or use another database.`,
    );
    this.name = 'UnknownVaultError';
  }
}

function isVaultDoc(x: unknown): x is VaultDoc {
  const d = x as Partial<VaultDoc> | null;
  return (
    !!d &&
    d.format === 1 &&
    d.kdf === 'PBKDF2-SHA256' &&
    typeof d.iterations === 'number' &&
    typeof d.salt === 'string' &&
    isSealed(d.check)
  );
}

export interface OpenedVault {
  keys: VaultKeys;
  /** Random, made with the vault: a device that finds another id starts its mirror anew. */
  vaultId: string;
  created: boolean;
}

const isStatus = (err: unknown, status: number) =>
  (err as { status?: unknown } | null)?.status === status;

async function unlock(doc: unknown, passphrase: string): Promise<OpenedVault> {
  if (!isVaultDoc(doc)) throw new UnknownVaultError('an unknown vault format');
  if (doc.iterations < MIN_ITERATIONS) throw new UnknownVaultError('too few key iterations');
  const keys = await deriveKeys(passphrase, fromBase64(doc.salt), doc.iterations);
  let body: unknown;
  try {
    body = await open(keys, VAULT_DOC_ID, doc.check);
  } catch (err) {
    if (err instanceof WrongKeyError) throw new WrongPassphraseError(err);
    throw err;
  }
  const b = body as { check?: unknown; vault?: unknown } | null;
  if (b?.check !== CHECK || typeof b.vault !== 'string')
    throw new UnknownVaultError('an unknown key check');
  return { keys, vaultId: b.vault, created: false };
}

/**
 * Opens the vault of `remote` with `passphrase`, creating it when the database has none.
 * `iterations` applies to a new vault only (an existing one says its own).
 */
export async function openVault(
  remote: Database,
  passphrase: string,
  iterations = MIN_ITERATIONS,
): Promise<OpenedVault> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await unlock(await remote.get(VAULT_DOC_ID), passphrase);
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
    }
    const salt = randomBytes(16);
    const keys = await deriveKeys(passphrase, salt, iterations);
    const vaultId = crypto.randomUUID();
    const doc: VaultDoc = {
      _id: VAULT_DOC_ID,
      format: 1,
      kdf: 'PBKDF2-SHA256',
      iterations,
      salt: toBase64(salt),
      check: await seal(keys, VAULT_DOC_ID, { check: CHECK, vault: vaultId }),
    };
    try {
      await remote.put(doc);
      return { keys, vaultId, created: true };
    } catch (err) {
      // Another device created it first: read theirs.
      if (!isStatus(err, 409)) throw err;
    }
  }
  throw new UnknownVaultError('it changed while being read');
}
