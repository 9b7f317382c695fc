/**
 * Electron main process: window, preload bridge, utility-process compute. Everything else (services,
 * storage, the contract) is shared with server mode and tested there; this file only wires it up.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog } from 'electron';
import { createBackend, type Backend } from '../services/backend';
import { ELECTRON_NATIVE_BINDING, electronNativeBindingPath } from '../storage/native';
import { APP_URL, registerAppScheme, serveRendererOverAppScheme } from './app-protocol';
import { registerIpc } from './ipc';
import { appPaths } from './paths';
import { hardenApp } from './security';
import { createUtilitySpawner } from './utility-spawner';
import { createMainWindow } from './window';

const { rendererDir, preloadPath, computeEntry, trainingEntry } = appPaths(path.dirname(fileURLToPath(import.meta.url)));
/** electron-vite's dev command serves the renderer and passes its URL; a built app never has it. */
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const appUrl = devUrl ?? APP_URL;

let backend: Backend | null = null;
let mainWindow: BrowserWindow | null = null;

function fail(title: string, detail: string): never {
  process.stderr.write(`${title}: ${detail}\n`);
  dialog.showErrorBox(title, detail);
  app.exit(1);
  throw new Error(detail);
}

/** better-sqlite3 built against Electron's ABI (scripts/prepare-electron-sqlite.mjs puts it here). */
function electronSqliteBinding(): string {
  const file = electronNativeBindingPath(app.getAppPath());
  if (file === undefined) {
    fail(
      'Pose-RFT Studio cannot open its database',
      `The SQLite module for Electron is missing (${ELECTRON_NATIVE_BINDING}). Run "node scripts/prepare-electron-sqlite.mjs" or start with "npm start".`,
    );
  }
  return file;
}

function openWindow(): void {
  mainWindow = createMainWindow({ preloadPath, url: appUrl });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

async function start(): Promise<void> {
  hardenApp(appUrl, { dev: devUrl !== undefined });
  serveRendererOverAppScheme(rendererDir);
  // Outside the try: a missing binding has its own message and must not be reported twice.
  const nativeBinding = electronSqliteBinding();
  try {
    backend = await createBackend({
      dataDir: process.env.POSE_STUDIO_DATA_DIR || app.getPath('userData'),
      mode: 'electron',
      version: app.getVersion(),
      spawnCompute: createUtilitySpawner(computeEntry),
      spawnTraining: createUtilitySpawner(trainingEntry, { serviceName: 'Pose-RFT Studio training' }),
      nativeBinding,
    });
  } catch (e) {
    fail('Pose-RFT Studio could not start', e instanceof Error ? e.message : String(e));
  }
  registerIpc(backend, appUrl);
  openWindow();
}

registerAppScheme();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (backend && BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  let closing = false;
  app.on('before-quit', (event) => {
    if (!backend || closing) return;
    // Let the backend stop the compute process and close the database before the process ends.
    event.preventDefault();
    closing = true;
    const b = backend;
    backend = null;
    void b.close().finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      process.stderr.write(
        `Pose-RFT Studio failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
      app.exit(1);
    });
}
