#!/usr/bin/env node
/**
 * After `npm install`: build the app so that `npm start` / `npm run serve` work straight away.
 * The build needs no Electron binary (it cannot be downloaded everywhere), so its absence never matters
 * here. A failed build does not fail the install either: node_modules are fine, and `npm start` rebuilds
 * and shows the errors. Set POSE_STUDIO_SKIP_BUILD=1 to skip.
 */
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
