// Contact sheets of the pose library and of imported motion, rendered by the real studio so every pose can be
// checked by eye: starts server mode on a temporary data dir, opens the Poses page in Debian's Chromium
// (SwiftShader WebGL), and for each library category photographs the grid of posed mannequins into
// docs/images/library/<category>.png. When ../shared/fixtures exists it also imports bvh/131_01.bvh,
// 131_03.bvh and cmu_01_01.bvh through the page's "Import motion" and saves each filmstrip (24 evenly spaced
// frames with the clip's facts, warnings and joint map) to docs/images/motion/<clip>.png.
//
// Run: npm run build && node --import tsx scripts/contact-sheets.ts [--dark] [--out DIR]
//   --dark     photograph the dark theme (files get a -dark suffix)
//   --out DIR  write under DIR instead of docs/images
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';

const args = process.argv.slice(2);
const dark = args.includes('--dark');
const outIndex = args.indexOf('--out');
const outRoot = outIndex >= 0 ? args[outIndex + 1] : 'docs/images';
const suffix = dark ? '-dark' : '';
const FIXTURES = path.resolve('..', 'shared', 'fixtures', 'bvh');
const CLIPS = ['131_01.bvh', '131_03.bvh', 'cmu_01_01.bvh'];
// Wide enough for five thumbnail columns beside the detail pane, tall enough that a category fits unscrolled.
const VIEWPORT = { width: 1680, height: 2600 };

async function startStudio(dataDir: string) {
  const server = spawn(process.execPath, ['out/main/cli.js', 'serve', '--port', '0', '--data-dir', dataDir, '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    server.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { server, url };
}

/** Every cell of the grid has its picture and the thumbnail renderer has nothing left to draw. */
async function gridSettled(page: Page, testId: string) {
  await page.getByTestId(testId).getByTestId('pose-cell').first().waitFor();
  await page.waitForFunction(
    (id) => {
      const grid = document.querySelector(`[data-testid="${id}"]`);
      if (!grid || grid.querySelector('[data-testid="pose-cell"][data-ready="false"]')) return false;
      const host = document.querySelector('[data-testid="thumbnail-host"]');
      return host?.getAttribute('data-busy') === 'false';
    },
    testId,
    { timeout: 180_000, polling: 250 },
  );
  // Let the <img> elements decode and paint.
  await page.evaluate(() => Promise.all([...document.images].map((i) => i.decode().catch(() => undefined))));
  await page.waitForTimeout(300);
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pose-studio-sheets-'));
  const { server, url } = await startStudio(dataDir);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', '--no-sandbox'],
  });
  const written: string[] = [];
  try {
    const page = await browser.newPage({ viewport: VIEWPORT, colorScheme: dark ? 'dark' : 'light' });
    await page.goto(new URL('#/poses', url).href);
    await page.getByTestId('category-chips').waitFor();
    // The studio keeps its own theme setting (light by default) rather than following the system's.
    if (dark) await page.getByRole('button', { name: 'Switch to dark theme' }).click();

    const libraryDir = path.join(outRoot, 'library');
    mkdirSync(libraryDir, { recursive: true });
    const chips = page.getByTestId('category-chips').locator('[data-testid^="category-chip-"]');
    const ids = (await chips.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('category-chip-'.length)))).filter(
      (id) => id !== 'all',
    );
    for (const id of ids) {
      const chip = page.getByTestId(`category-chip-${id}`);
      const count = Number(/\((\d+)\)/.exec((await chip.textContent()) ?? '')?.[1] ?? NaN);
      await chip.click();
      // The chip says how many poses the category has; wait for the grid to show exactly those.
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="pose-grid"]')?.getAttribute('data-count') === String(n),
        count,
      );
      await gridSettled(page, 'pose-grid');
      const file = path.join(libraryDir, `${id}${suffix}.png`);
      await page.getByTestId('pose-grid').screenshot({ path: file });
      written.push(file);
      console.log(`library: ${id} → ${file} (${await page.getByTestId('pose-grid').getAttribute('data-count')} poses)`);
    }

    if (existsSync(FIXTURES)) {
      const motionDir = path.join(outRoot, 'motion');
      mkdirSync(motionDir, { recursive: true });
      await page.getByTestId('poses-view').getByText('Import motion').click();
      for (const name of CLIPS) {
        const src = path.join(FIXTURES, name);
        if (!existsSync(src)) {
          console.log(`motion: ${name} not among the fixtures, skipped`);
          continue;
        }
        const previous = await page.getByTestId('motion-clip-name').textContent().catch(() => null);
        await page.getByTestId('motion-file-input').setInputFiles(src);
        await page.waitForFunction(
          (prev) => {
            const err = document.querySelector('[data-testid="motion-error"]');
            const nameEl = document.querySelector('[data-testid="motion-clip-name"]');
            return !!err || (!!nameEl && nameEl.textContent !== prev);
          },
          previous,
          { timeout: 120_000 },
        );
        if (await page.getByTestId('motion-error').count()) {
          console.log(`motion: ${name} was refused: ${await page.getByTestId('motion-error').innerText()}`);
          continue;
        }
        await gridSettled(page, 'motion-frames');
        const file = path.join(motionDir, `${path.basename(name, '.bvh')}${suffix}.png`);
        await page.getByTestId('motion-result').screenshot({ path: file });
        written.push(file);
        console.log(`motion: ${name} → ${file}`);
      }
    } else {
      console.log(`motion: ${FIXTURES} not found, no filmstrips`);
    }
    console.log(`wrote ${written.length} contact sheets`);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
