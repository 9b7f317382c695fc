import { describe, expect, it, vi } from 'vitest';

/** BrowserWindow is replaced by a recorder of what it was constructed with and told to load. */
const rec = vi.hoisted(() => ({
  constructed: [] as unknown[],
  loaded: [] as string[],
  once: new Map<string, () => void>(),
  shown: 0,
}));

vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(opts: unknown) {
      rec.constructed.push(opts);
    }
    once(name: string, fn: () => void) {
      rec.once.set(name, fn);
    }
    show() {
      rec.shown++;
    }
    async loadURL(url: string) {
      rec.loaded.push(url);
    }
  },
}));

const { createMainWindow, buildWebPreferences } = await import('./window');
const { appPaths } = await import('./paths');

describe('main window', () => {
  it('is isolated, sandboxed, Node-free, web-secure and has no <webview>', () => {
    const prefs = buildWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(prefs).not.toHaveProperty('experimentalFeatures');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });

  it('is constructed with those preferences, the built CJS preload and the app URL, and shown when ready', () => {
    const { preloadPath } = appPaths('/opt/studio/out/main');
    createMainWindow({ preloadPath, url: 'app://studio/index.html' });
    expect(rec.constructed).toHaveLength(1);
    const opts = rec.constructed[0] as { show: boolean; webPreferences: Record<string, unknown> };
    expect(opts.webPreferences).toEqual(buildWebPreferences('/opt/studio/out/preload/index.cjs'));
    expect(opts.show).toBe(false);
    expect(rec.loaded).toEqual(['app://studio/index.html']);
    expect(rec.shown).toBe(0);
    rec.once.get('ready-to-show')?.();
    expect(rec.shown).toBe(1);
  });
});
