import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as ort from 'onnxruntime-node';

export type ProviderName = 'cuda' | 'dml' | 'coreml' | 'cpu';

/** Preference order when several providers are usable: GPU first, CPU last. */
export const PROVIDER_ORDER: readonly ProviderName[] = ['cuda', 'dml', 'coreml', 'cpu'];

export function ortVersion(): string {
  return ort.env.versions.node ?? ort.env.versions.common;
}

/** Shared-library name of a non-bundled execution provider, per platform. */
function providerLibrary(p: ProviderName): string | null {
  if (p !== 'cuda') return null;
  if (process.platform === 'win32') return 'onnxruntime_providers_cuda.dll';
  if (process.platform === 'linux') return 'libonnxruntime_providers_cuda.so';
  return null;
}

function bindingDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve('onnxruntime-node/package.json');
    return path.join(path.dirname(pkg), 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return null;
  }
}

let cached: ProviderName[] | null = null;

/**
 * Providers this ORT build can actually use here. ORT lists CUDA even when its provider library was not
 * installed ("bundled: false"); such a provider counts only if its library sits next to the binding.
 */
export function availableProviders(): ProviderName[] {
  if (cached) return [...cached];
  const listed = ort.listSupportedBackends();
  const dir = bindingDir();
  const out = new Set<ProviderName>();
  for (const b of listed) {
    const name = b.name as string;
    if (name !== 'cuda' && name !== 'dml' && name !== 'coreml') continue;
    if (b.bundled) {
      out.add(name);
      continue;
    }
    const lib = providerLibrary(name);
    if (lib && dir && fs.existsSync(path.join(dir, lib))) out.add(name);
  }
  out.add('cpu');
  cached = PROVIDER_ORDER.filter((p) => out.has(p));
  return [...cached];
}
