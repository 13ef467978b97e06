/**
 * The host permission sync asks for: the server's host, any port (Firefox's match patterns
 * cannot name a port, and both browsers match every port of a host pattern). Apart from the
 * replicator so the options page does not bundle PouchDB.
 */
export function hostPattern(url: URL): string {
  return `${url.protocol}//${url.hostname}/*`;
}
