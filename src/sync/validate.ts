/**
 * A decrypted body is checked like a message from another context before it reaches the
 * engine: it authenticated under the vault's key, so it comes from one of the user's
 * devices, but possibly from another version of Mnemo.
 */
import { arr, num, obj, str, type V } from '../messaging/check';
import { historyRow, memory, syncedSettingsShape } from '../messaging/validate';
import type { Body } from './model';

const history = arr(historyRow, 10_000);

const BODIES: Record<Body['t'], V> = {
  memory: obj({ memory, history }),
  tomb: obj({ id: str(200), deletedAt: num, history }),
  settings: obj({ updatedAt: num, ...syncedSettingsShape }),
};

export function isBody(x: unknown): x is Body {
  const t = (x as { t?: unknown } | null)?.t;
  if (typeof t !== 'string' || !Object.prototype.hasOwnProperty.call(BODIES, t)) return false;
  try {
    BODIES[t as Body['t']](x, 'body');
    return true;
  } catch {
    return false;
  }
}
