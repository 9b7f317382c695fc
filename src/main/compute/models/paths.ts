import path from 'node:path';
import { findAppRoot } from '../../services/app-paths';

/** Names of the model directories the studio ships under resources/models. */
export type ShippedModel = 'tokenizer' | 'retrieval' | 'retrieval-bow' | 'retrieval-bow-mlp' | 'policy' | 'policy-deterministic';

/** resources/models/<name> under the app root (found from source, tests, scripts and the built bundle alike). */
export function shippedModelDir(name: ShippedModel): string {
  const root = findAppRoot();
  if (!root) throw new Error('cannot find the app root (package.json of pose-rft-studio) to locate resources/models');
  return path.join(root, 'resources', 'models', name);
}
