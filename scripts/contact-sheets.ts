// Contact sheets of the pose library and of imported motion, rendered by the real studio so every pose can be
// checked by eye: starts server mode on a temporary data dir, opens the Poses page in Debian's Chromium
// (SwiftShader WebGL), and for each library category photographs the grid of posed mannequins into
// docs/images/library/<category>.png. When ../shared/fixtures exists it also imports bvh/131_01.bvh,
// 131_03.bvh and cmu_01_01.bvh through the page's "Import motion" and saves each filmstrip (24 evenly spaced
// frames with the clip's facts, warnings and joint map) to docs/images/motion/<clip>.png. For the data report it
// photographs what the generator makes: 24 poses from the procedural sampler (seed 1, the page's "Random poses")
// to docs/images/data/samples.png, and 12 variations (seed 1, every kind) of a few library poses from their
// detail panel to docs/images/data/variations-<id>.png.
//
// Run: npm run build && node --import tsx scripts/contact-sheets.ts [--dark] [--out DIR] [--only SETS]
//   --dark       photograph the dark theme (files get a -dark suffix)
//   --out DIR    write under DIR instead of docs/images
//   --only SETS  comma-separated subset of library,motion,data (default: all)
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { launchChromium, startStudio } from './lib/studio';

const args = process.argv.slice(2);
const dark = args.includes('--dark');
const outIndex = args.indexOf('--out');
const outRoot = outIndex >= 0 ? args[outIndex + 1] : 'docs/images';
const suffix = dark ? '-dark' : '';
const FIXTURES = path.resolve('..', 'shared', 'fixtures', 'bvh');
const CLIPS = ['131_01.bvh', '131_03.bvh', 'cmu_01_01.bvh'];
const onlyIndex = args.indexOf('--only');
const SETS = new Set(onlyIndex >= 0 ? args[onlyIndex + 1].split(',') : ['library', 'motion', 'data']);
for (const set of SETS) if (!['library', 'motion', 'data'].includes(set)) throw new Error(`--only: unknown set "${set}"`);
/** Library poses whose variations the data report shows: a balance pose, a one-knee kneel, a fighting stance. */
const VARIED = ['yoga-tree', 'kneel-left-knee', 'boxing-guard'];
const SAMPLE_COUNT = 24;
const VARIATION_COUNT = 12;
// Wide enough for five thumbnail columns beside the detail pane, tall enough that a category fits unscrolled.
const VIEWPORT = { width: 1680, height: 2600 };

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

/** The generator's output as the Poses page shows it: procedural samples, and variations of library poses. */
async function dataSheets(page: Page, url: string): Promise<string[]> {
  const written: string[] = [];
  const dataDir = path.join(outRoot, 'data');
  mkdirSync(dataDir, { recursive: true });

  // The view opens on seed 1 with the sampler's own orientation mix.
  await page.getByTestId('poses-view').getByText('Random poses').click();
  await page.getByTestId('sample-count').fill(String(SAMPLE_COUNT));
  await page.getByTestId('sample-draw').click();
  await page.waitForFunction(
    (n) => {
      const s = document.querySelector('[data-testid="samples-summary"]');
      return s?.getAttribute('data-seed') === '1' && document.querySelector('[data-testid="sample-grid"]')?.getAttribute('data-count') === String(n);
    },
    SAMPLE_COUNT,
    { timeout: 60_000 },
  );
  await gridSettled(page, 'sample-grid');
  const samples = path.join(dataDir, `samples${suffix}.png`);
  await page.getByTestId('sample-grid').screenshot({ path: samples });
  written.push(samples);
  console.log(`data: ${SAMPLE_COUNT} random poses (seed 1) → ${samples}`);

  await page.getByTestId('poses-view').getByText('Library').click();
  const res = await fetch(new URL('api/call/library.list', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const list = ((await res.json()) as { value: { poses: { id: string; name: string }[] } }).value.poses;
  for (const id of VARIED) {
    const entry = list.find((p) => p.id === id);
    if (!entry) {
      console.log(`data: no library pose "${id}", no variations sheet`);
      continue;
    }
    await page.getByTestId('pose-search').fill(entry.name);
    await page.locator(`[data-testid="pose-cell"][data-pose-id="${id}"]`).click();
    await page.locator(`[data-testid="pose-detail"][data-pose-id="${id}"]`).waitFor();
    const block = page.getByTestId('variations');
    await block.getByTestId('variation-count').fill(String(VARIATION_COUNT));
    await block.getByTestId('variation-generate').click();
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="variation-grid"]')?.getAttribute('data-count') === String(n),
      VARIATION_COUNT,
      { timeout: 60_000 },
    );
    await gridSettled(page, 'variation-grid');
    const file = path.join(dataDir, `variations-${id}${suffix}.png`);
    await block.screenshot({ path: file });
    written.push(file);
    console.log(`data: ${VARIATION_COUNT} variations of ${id} (seed 1) → ${file}`);
  }
  await page.getByTestId('pose-search').fill('');
  return written;
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pose-studio-sheets-'));
  const { server, url } = await startStudio(dataDir);
  const browser = await launchChromium();
  const written: string[] = [];
  try {
    const page = await browser.newPage({ viewport: VIEWPORT, colorScheme: dark ? 'dark' : 'light' });
    await page.goto(new URL('#/poses', url).href);
    await page.getByTestId('category-chips').waitFor();
    // The studio keeps its own theme setting (light by default) rather than following the system's.
    if (dark) await page.getByRole('button', { name: 'Switch to dark theme' }).click();

    const libraryDir = path.join(outRoot, 'library');
    if (SETS.has('library')) mkdirSync(libraryDir, { recursive: true });
    const chips = page.getByTestId('category-chips').locator('[data-testid^="category-chip-"]');
    const ids = SETS.has('library')
      ? (await chips.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('category-chip-'.length)))).filter(
          (id) => id !== 'all',
        )
      : [];
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

    if (SETS.has('data')) written.push(...(await dataSheets(page, url)));

    if (SETS.has('motion') && existsSync(FIXTURES)) {
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
    } else if (SETS.has('motion')) {
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
