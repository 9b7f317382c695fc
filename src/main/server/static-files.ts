import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { TOKEN_META_NAME } from '../../shared/api';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.bin': 'application/octet-stream',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Maps a URL path onto a regular file inside root, or null. Decoding happens once, before
 * normalisation, so `%2e%2e/` and `..%2f` are caught like `../`; symlinks pointing out of root are
 * refused by comparing real paths.
 */
/** The decoded URL path, or null when it cannot name a file (bad escapes, NUL, backslashes). */
export function decodeUrlPath(urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  return decoded.includes('\0') || decoded.includes('\\') ? null : decoded;
}

export async function resolveStaticPath(root: string, urlPath: string): Promise<string | null> {
  const decoded = decodeUrlPath(urlPath);
  if (decoded === null) return null;
  const relative = path.posix.normalize('/' + decoded).replace(/^\/+/, '');
  if (relative.split('/').includes('..')) return null;
  const rootReal = await realpath(root).catch(() => null);
  if (rootReal === null) return null;
  const candidate = path.resolve(rootReal, relative === '' ? 'index.html' : relative);
  if (!isInside(rootReal, candidate)) return null;
  try {
    const real = await realpath(candidate);
    if (!isInside(rootReal, real)) return null;
    const s = await stat(real);
    if (s.isDirectory()) {
      const index = path.join(real, 'index.html');
      const si = await stat(index).catch(() => null);
      return si?.isFile() ? index : null;
    }
    return s.isFile() ? real : null;
  } catch {
    return null;
  }
}

/** Paths whose last segment has no extension are app routes: they get index.html (SPA fallback). */
export function isAppRoute(urlPath: string): boolean {
  const last = urlPath.split('/').pop() ?? '';
  return !last.includes('.');
}

export function escapeHtmlAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The renderer is built with relative asset URLs (Electron loads it from its own origin); served under
 * deep SPA routes those would resolve against the route, so the page gets `<base href="/">`. The token,
 * when the server has one, is handed to the page in a meta tag the renderer's client reads.
 */
export function prepareIndexHtml(html: string, opts: { token: string | null }): string {
  const tags: string[] = [];
  if (!/<base\s/i.test(html)) tags.push('<base href="/">');
  if (opts.token !== null) {
    tags.push(`<meta name="${TOKEN_META_NAME}" content="${escapeHtmlAttribute(opts.token)}">`);
  }
  if (tags.length === 0) return html;
  const inject = tags.join('');
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + inject + html.slice(head.index + head[0].length);
  return inject + html;
}

/**
 * Strict policy for the renderer: only its own scripts; inline styles are allowed because Mantine
 * and the 3D viewport set style attributes; blob:/data: for textures, workers and exported downloads.
 */
export function contentSecurityPolicy(opts: { connect?: string[] } = {}): string {
  const connect = ["'self'", ...(opts.connect ?? [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
