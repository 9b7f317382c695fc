#!/usr/bin/env node
// `npm test`: typecheck, lint, build, unit + integration tests (vitest), then end-to-end tests (Playwright in
// Debian's Chromium against server mode). Prints one closing line "N passed, N failed, N skipped" over both runners.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const steps = [
  ['typecheck', 'npm', ['run', '-s', 'typecheck']],
  ['lint', 'npm', ['run', '-s', 'lint']],
  ['build', 'npm', ['run', '-s', 'build']],
  ['unit + integration', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json']],
  ['end-to-end', 'npx', ['playwright', 'test']],
];
const only = process.argv.slice(2);
mkdirSync('test-results', { recursive: true });

let failedStep = null;
for (const [name, cmd, args] of steps) {
  if (only.length && !only.includes(name.split(' ')[0])) continue;
  const t0 = Date.now();
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  console.log(`◀ ${name}: ${r.status === 0 ? 'ok' : `failed (exit ${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (r.status !== 0) {
    failedStep = name;
    if (['typecheck', 'lint', 'build'].includes(name)) break;
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
if (existsSync('test-results/vitest.json')) {
  const v = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  totals.passed += v.numPassedTests ?? 0;
  totals.failed += v.numFailedTests ?? 0;
  totals.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
if (existsSync('test-results/playwright.json')) {
  const p = JSON.parse(readFileSync('test-results/playwright.json', 'utf8'));
  totals.passed += p.stats?.expected ?? 0;
  totals.failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0);
  totals.skipped += p.stats?.skipped ?? 0;
}
if (failedStep && totals.failed === 0) totals.failed = 1; // a failed typecheck/lint/build counts as a failure
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedStep ? 1 : 0);
