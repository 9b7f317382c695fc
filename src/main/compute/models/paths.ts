import { existsSync } from 'node:fs';
import path from 'node:path';
import { findAppRoot } from '../../services/app-paths';

/** Names of the model directories the studio ships under resources/models. */
export type ShippedModel = 'tokenizer' | 'retrieval' | 'retrieval-bow' | 'retrieval-bow-mlp' | 'policy' | 'policy-deterministic';

/**
 * A directory of model folders that take precedence over the shipped ones, folder by folder: with
 * POSE_STUDIO_MODELS_DIR=/m, a checkpoint in /m/policy (its config.json present) replaces the shipped policy and
 * every model not there stays the shipped one. For locally trained models, and for tests.
 */
export const MODELS_DIR_ENV = 'POSE_STUDIO_MODELS_DIR';

/** resources/models/<name> under the app root (found from source, tests, scripts and the built bundle alike), or its override. */
export function shippedModelDir(name: ShippedModel): string {
  const override = process.env[MODELS_DIR_ENV];
  if (override && existsSync(path.join(override, name, 'config.json'))) return path.resolve(override, name);
  const root = findAppRoot();
  if (!root) throw new Error('cannot find the app root (package.json of pose-rft-studio) to locate resources/models');
  return path.join(root, 'resources', 'models', name);
}
