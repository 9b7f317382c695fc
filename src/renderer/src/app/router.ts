import { useSyncExternalStore } from 'react';

/** The studio's pages; only pages that work are listed. The first is where the studio opens. */
export const ROUTES = ['generate', 'pose-lab', 'video', 'poses', 'library', 'finetune', 'settings'] as const;
export type Route = (typeof ROUTES)[number];

export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split('?')[0];
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : ROUTES[0];
}

function subscribe(listener: () => void) {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** Hash routing keeps the page across reloads and works from file:// in the desktop app. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, () => parseRoute(window.location.hash));
}

export function navigate(route: Route) {
  if (parseRoute(window.location.hash) !== route || !window.location.hash) window.location.hash = `/${route}`;
}
