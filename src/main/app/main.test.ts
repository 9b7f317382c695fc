import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * main.ts wires everything at import time. Electron is replaced by recorders that log each call in
 * order, and the backend factory by one that records its options (services are tested on their own),
 * so these tests check what happens before `ready`, what after, and in which order.
 */
const rec = vi.hoisted(() => ({
  log: [] as string[],
  ready: null as null | (() => void),
  appPath: '',
  isPackaged: false,
  windows: [] as { opts: { webPreferences: Record<string, unknown> }; url: string }[],
  backendOptions: [] as Record<string, unknown>[],
  appListeners: new Map<string, (...a: unknown[]) => void>(),
}));

vi.mock('electron', () => {
  const log = (s: string) => rec.log.push(s);
  return {
    app: {
      get isPackaged() {
        return rec.isPackaged;
      },
      enableSandbox: () => log('app.enableSandbox'),
      requestSingleInstanceLock: () => (log('app.requestSingleInstanceLock'), true),
      whenReady: () => new Promise<void>((resolve) => (rec.ready = resolve)),
      on: (name: string, fn: (...a: unknown[]) => void) => {
        log(`app.on ${name}`);
        rec.appListeners.set(name, fn);
      },
      quit: () => log('app.quit'),
      exit: (code: number) => log(`app.exit ${code}`),
      getPath: () => path.join(rec.appPath, 'userData'),
      getAppPath: () => rec.appPath,
      getVersion: () => '1.2.3',
    },
    protocol: {
      registerSchemesAsPrivileged: () => log('protocol.registerSchemesAsPrivileged'),
      handle: (scheme: string) => log(`protocol.handle ${scheme}`),
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: () => log('session.onHeadersReceived') },
        setPermissionRequestHandler: () => log('session.setPermissionRequestHandler'),
        setPermissionCheckHandler: () => log('session.setPermissionCheckHandler'),
      },
    },
    ipcMain: {
      handle: (channel: string) => log(`ipcMain.handle ${channel}`),
      on: () => undefined,
      removeHandler: () => undefined,
      removeAllListeners: () => undefined,
    },
    BrowserWindow: class {
      static getAllWindows = () => [];
      constructor(opts: { webPreferences: Record<string, unknown> }) {
        log('new BrowserWindow');
        rec.windows.push({ opts, url: '' });
      }
      on() {}
      once() {}
      async loadURL(url: string) {
        log(`loadURL ${url}`);
        rec.windows[rec.windows.length - 1]!.url = url;
      }
    },
    dialog: {
      showErrorBox: (title: string) => log(`dialog.showErrorBox ${title}`),
      showMessageBox: async () => ({ response: 1 }),
    },
    shell: { openExternal: async () => undefined },
    utilityProcess: { fork: () => undefined },
  };
});

vi.mock('../services/backend', () => ({
  createBackend: async (opts: Record<string, unknown>) => {
    rec.log.push('createBackend');
    rec.backendOptions.push(opts);
    return {
      close: async () => undefined,
      invoke: async () => ({ ok: true, value: null }),
      subscribe: () => () => undefined,
      health: async () => ({}),
    };
  },
}));

const appRoot = mkdtempSync(path.join(tmpdir(), 'main-wiring-'));
afterAll(() => rmSync(appRoot, { recursive: true, force: true }));

const mainDir = path.dirname(fileURLToPath(new URL('./main.ts', import.meta.url)));

async function boot(opts: { isPackaged: boolean; devUrl?: string }) {
  rec.isPackaged = opts.isPackaged;
  if (opts.devUrl === undefined) delete process.env.ELECTRON_RENDERER_URL;
  else process.env.ELECTRON_RENDERER_URL = opts.devUrl;
  vi.resetModules();
  await import('./main');
  const beforeReady = [...rec.log];
  rec.ready!();
  await vi.waitFor(() => expect(rec.log.some((l) => l.startsWith('loadURL'))).toBe(true));
  return { beforeReady, all: [...rec.log] };
}

beforeEach(() => {
  rec.log.length = 0;
  rec.windows.length = 0;
  rec.backendOptions.length = 0;
  rec.appListeners.clear();
  rec.ready = null;
  rec.appPath = appRoot;
  mkdirSync(path.join(appRoot, 'build', 'electron-native'), { recursive: true });
  writeFileSync(path.join(appRoot, 'build', 'electron-native', 'better_sqlite3.node'), '');
});

describe('main process start-up', () => {
  it('registers the scheme and enables the sandbox before ready, and hardens before any window exists', async () => {
    const { beforeReady, all } = await boot({ isPackaged: true });
    expect(beforeReady).toContain('protocol.registerSchemesAsPrivileged');
    expect(beforeReady).toContain('app.enableSandbox');
    // Nothing that needs a ready app happens before it.
    for (const l of beforeReady)
      expect(l).not.toMatch(/^(session|protocol\.handle|new BrowserWindow|createBackend|ipcMain)/);

    const at = (entry: string) => {
      const i = all.indexOf(entry);
      expect(i, entry).toBeGreaterThanOrEqual(0);
      return i;
    };
    const win = at('new BrowserWindow');
    for (const before of [
      'session.onHeadersReceived',
      'session.setPermissionRequestHandler',
      'session.setPermissionCheckHandler',
      'app.on web-contents-created',
      'protocol.handle app',
      'ipcMain.handle pose-studio:invoke',
    ]) {
      expect(at(before), before).toBeLessThan(win);
    }
  });

  it('opens the app:// page with the hardened preferences and the built CJS preload', async () => {
    await boot({ isPackaged: true, devUrl: 'http://localhost:5173/' });
    expect(rec.windows).toHaveLength(1);
    const { opts, url } = rec.windows[0]!;
    // A packaged app ignores ELECTRON_RENDERER_URL.
    expect(url).toBe('app://studio/index.html');
    expect(opts.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(opts.webPreferences.preload).toBe(path.join(mainDir, '..', 'preload', 'index.cjs'));
    expect(rec.backendOptions[0]).toMatchObject({
      mode: 'electron',
      version: '1.2.3',
      nativeBinding: path.join(appRoot, 'build', 'electron-native', 'better_sqlite3.node'),
    });
  });

  it('loads the dev server only when unpackaged and told to', async () => {
    await boot({ isPackaged: false, devUrl: 'http://localhost:5173/' });
    expect(rec.windows[0]!.url).toBe('http://localhost:5173/');
  });

  it('refuses to start without the Electron SQLite binding', async () => {
    rmSync(path.join(appRoot, 'build'), { recursive: true, force: true });
    vi.resetModules();
    delete process.env.ELECTRON_RENDERER_URL;
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await import('./main');
      rec.ready!();
      await vi.waitFor(() => expect(rec.log).toContain('app.exit 1'));
    } finally {
      stderr.mockRestore();
    }
    // One clear message, not a second generic one on top of it.
    expect(rec.log.filter((l) => l.startsWith('dialog.showErrorBox'))).toEqual([
      'dialog.showErrorBox Pose-RFT Studio cannot open its database',
    ]);
    expect(rec.log).not.toContain('new BrowserWindow');
  });
});
