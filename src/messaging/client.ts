import { browser } from 'wxt/browser';
import {
  RemoteError,
  type Method,
  type Params,
  type Request,
  type Response,
  type Result,
} from './protocol';

export class BackgroundUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      'Mnemo could not reach its background. Reload the page; if it persists, reload the extension.',
      { cause },
    );
    this.name = 'BackgroundUnavailableError';
  }
}

/** Calls a method of the background's memory service. Rejects with the remote error. */
export async function call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
  const req: Request<M> = { mnemo: 1, method, params };
  let res: Response<M> | undefined;
  try {
    res = (await browser.runtime.sendMessage(req)) as Response<M> | undefined;
  } catch (err) {
    throw new BackgroundUnavailableError(err);
  }
  if (!res) throw new BackgroundUnavailableError('no answer');
  if (!res.ok) throw new RemoteError(res.error);
  return res.value;
}
