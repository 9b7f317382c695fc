import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || h === '::ffff:127.0.0.1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Compares digests so neither the content nor the length of the expected token leaks through timing. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The token a request carries: `Authorization: Bearer …` first, then `?token=`. */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  return url.searchParams.get('token');
}

export function isAuthorized(req: IncomingMessage, url: URL, token: string | null): boolean {
  if (token === null) return true;
  const given = requestToken(req, url);
  return given !== null && tokensEqual(given, token);
}

/**
 * A loopback server answers only to loopback names, so a hostile page whose DNS name was rebound to
 * 127.0.0.1 cannot read it (its requests carry its own name in Host).
 */
export function isAllowedHostHeader(hostHeader: string | undefined, boundHost: string, port: number): boolean {
  if (!isLoopbackHost(boundHost)) return true;
  if (!hostHeader) return false;
  let parsed: URL;
  try {
    parsed = new URL(`http://${hostHeader}`);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password || parsed.pathname !== '/') return false;
  const portOk = parsed.port === '' ? port === 80 : Number(parsed.port) === port;
  return portOk && isLoopbackHost(parsed.hostname);
}

/**
 * Browsers send Origin on cross-origin requests and on every WebSocket handshake; only the page this
 * server itself served may call it. Requests without Origin (curl, the CLI, same-origin GETs) pass.
 */
export function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const host = req.headers.host;
    if (!host) return false;
    try {
      const o = new URL(origin);
      if (o.protocol !== 'http:' || o.host !== new URL(`http://${host}`).host) return false;
    } catch {
      return false;
    }
  }
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}
