import path from 'node:path';

export interface AppPaths {
  rendererDir: string;
  preloadPath: string;
  computeEntry: string;
  /** The training process (HyGRPO runs), beside the compute entry. */
  trainingEntry: string;
}

/**
 * Where the built parts live relative to the built main bundle (out/main/index.js), matching the
 * output names in electron.vite.config.ts: the renderer in out/renderer, the CommonJS preload (the
 * only kind a sandboxed renderer can load) in out/preload/index.cjs, compute next to main.
 */
export function appPaths(mainDir: string): AppPaths {
  return {
    rendererDir: path.join(mainDir, '..', 'renderer'),
    preloadPath: path.join(mainDir, '..', 'preload', 'index.cjs'),
    computeEntry: path.join(mainDir, 'compute.js'),
    trainingEntry: path.join(mainDir, 'finetune.js'),
  };
}
