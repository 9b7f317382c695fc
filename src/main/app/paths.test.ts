import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import config from '../../../electron.vite.config';
import { appPaths } from './paths';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

interface LibBuild {
  outDir: string;
  lib: {
    entry: Record<string, string>;
    formats: string[];
    fileName: (format: string, name: string) => string;
  };
}

describe('appPaths', () => {
  it('points at the electron-vite outputs next to out/main', () => {
    expect(appPaths('/opt/studio/out/main')).toEqual({
      rendererDir: '/opt/studio/out/renderer',
      preloadPath: '/opt/studio/out/preload/index.cjs',
      computeEntry: '/opt/studio/out/main/compute.js',
      trainingEntry: '/opt/studio/out/main/finetune.js',
    });
  });

  it('matches what electron.vite.config.ts builds: a CommonJS preload and ESM main + compute', () => {
    const cfg = config as unknown as {
      main: { build: LibBuild };
      preload: { build: LibBuild & { externalizeDeps: boolean } };
      renderer: { build: { outDir: string } };
    };
    const root = '/opt/studio';
    const mainDir = path.join(root, cfg.main.build.outDir);
    const paths = appPaths(mainDir);

    const pre = cfg.preload.build;
    // A sandboxed preload cannot load ESM or require node_modules: CJS with everything bundled.
    expect(pre.lib.formats).toEqual(['cjs']);
    expect(pre.externalizeDeps).toBe(false);
    expect(Object.keys(pre.lib.entry)).toEqual(['index']);
    expect(paths.preloadPath).toBe(path.join(root, pre.outDir, pre.lib.fileName('cjs', 'index')));

    expect(cfg.main.build.lib.fileName('es', 'compute')).toBe(path.basename(paths.computeEntry));
    expect(path.dirname(paths.computeEntry)).toBe(mainDir);
    expect(Object.keys(cfg.main.build.lib.entry)).toContain('finetune');
    expect(cfg.main.build.lib.fileName('es', 'finetune')).toBe(path.basename(paths.trainingEntry));
    expect(path.dirname(paths.trainingEntry)).toBe(mainDir);
    expect(paths.rendererDir).toBe(path.join(root, path.relative(repoRoot, cfg.renderer.build.outDir)));
  });
});
