/**
 * Whether a frame's URL belongs to the app itself. The app is either served from its own privileged
 * scheme (app://studio/…) or, during development, from the Vite dev server (http://localhost:5173/);
 * anything else that manages to load in a frame (a navigated page, an injected iframe) is refused.
 * Node's URL gives custom schemes an opaque origin, so scheme and host are compared directly.
 */
export function isAppUrl(candidate: string | null | undefined, appUrl: string): boolean {
  if (!candidate) return false;
  let c: URL;
  let a: URL;
  try {
    c = new URL(candidate);
    a = new URL(appUrl);
  } catch {
    return false;
  }
  if (c.protocol !== a.protocol) return false;
  if (a.protocol === 'file:') return c.pathname === a.pathname;
  return c.host === a.host && c.host !== '';
}
