import { BrowserWindow, type BrowserWindowConstructorOptions, type WebPreferences } from 'electron';

export interface MainWindowOptions {
  preloadPath: string;
  url: string;
}

/**
 * The renderer gets no Node, runs in Chromium's sandbox, sees the preload only through
 * contextBridge, and cannot host <webview>s or load insecure content. Only the sandbox-safe CJS
 * preload (out/preload/index.cjs) can be given here.
 */
export function buildWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Pose-RFT Studio',
    backgroundColor: '#1a1b1e',
    webPreferences: buildWebPreferences(preloadPath),
  };
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(opts.preloadPath));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(opts.url);
  return win;
}
