#!/usr/bin/env node
// Runs the built command line (out/main/cli.js). Plain JavaScript so that it works without a build step of its own.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write(`pose-studio: ${cli} is missing; build the app first with \`npm run build\`.\n`);
  process.exit(1);
}
await import(pathToFileURL(cli).href);
