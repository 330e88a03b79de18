import { encodeBase64 } from '../codec/base64.js';

/**
 * RPC URLs: providers put credentials in them (`https://user:password@host/`, an API key in
 * the path or the query string). Such a URL is never printed whole: `redactUrl` keeps scheme,
 * host and port. Credentials in the URL are sent as an `Authorization: Basic` header (fetch
 * refuses URLs with credentials); the path and query string stay in the request URL.
 */

/** An RPC URL made ready for fetch: no userinfo; the credentials, if any, as a header. */
export interface RpcEndpoint {
  /** The URL to send requests to: the given URL without `user:password@` (path and query kept). */
  url: string;
  /** `{ Authorization: 'Basic …' }` when the URL carried credentials, else empty. */
  headers: Record<string, string>;
  /** Whether the URL carried credentials. */
  hasCredentials: boolean;
}

/** `user:password@` taken out of `url` and turned into an `Authorization: Basic` header. */
export function splitCredentials(url: string): RpcEndpoint {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url, headers: {}, hasCredentials: false };
  }
  if (u.username === '' && u.password === '') return { url, headers: {}, hasCredentials: false };
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const pair = `${decode(u.username)}:${decode(u.password)}`;
  u.username = '';
  u.password = '';
  return {
    url: u.toString(),
    headers: { Authorization: `Basic ${encodeBase64(new TextEncoder().encode(pair))}` },
    hasCredentials: true,
  };
}

/**
 * The WebSocket URL web3.js would derive from an http(s) URL (ws/wss, the port + 1 when one is
 * given), keeping its credentials: on Node the `ws` package sends `user:password@` as Basic
 * authentication. (Browsers' WebSocket cannot send credentials: pass wsUrl there.)
 */
export function derivedWsUrl(url: string): string {
  const u = new URL(url);
  const port = u.port;
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  if (port !== '') u.port = String(Number(port) + 1);
  return u.toString();
}

/**
 * A URL for display: scheme, host and port only (no credentials, path or query string, where
 * providers put API keys). Something that does not parse as a URL is not shown at all.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(unparsable URL)';
  }
}
