import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { libraryList, openPoses, waitForRender } from './helpers';

const FIXTURES = path.resolve('..', 'shared', 'fixtures', 'bvh');
const hasFixtures = existsSync(path.join(FIXTURES, '131_03.bvh'));

async function openPosesGrid(page: Page) {
  await openPoses(page);
  await expect(page.getByTestId('pose-grid')).toBeVisible();
}

const cells = (page: Page, grid = 'pose-grid') => page.getByTestId(grid).getByTestId('pose-cell');

test('the Poses page shows the library as a grid, filters by category and search, and captions the selection', async ({
  page,
}, testInfo) => {
  const lib = await libraryList(page);
  expect(lib.poses.length).toBeGreaterThanOrEqual(80);
  await page.goto('/#/pose-lab');
  await page.getByTestId('nav-poses').click();
  await openPosesGrid(page);
  await expect(cells(page)).toHaveCount(lib.poses.length);
  await expect(page.getByTestId('pose-count')).toHaveText(`${lib.poses.length} poses`);
  // The first cells get their pictures from the one thumbnail renderer.
  await expect(cells(page).first()).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(cells(page).first().locator('img')).toBeVisible();
  // However many cells, the page holds two WebGL canvases: the thumbnail renderer and the detail viewport.
  expect(await page.locator('canvas').count()).toBeLessThanOrEqual(2);
  await page.screenshot({ path: testInfo.outputPath('poses-all.png') });

  // Category chips carry counts and filter the grid.
  const yoga = lib.categories.find((c) => c.id === 'yoga')!;
  await expect(page.getByTestId('category-chip-yoga')).toContainText(`(${yoga.count})`);
  await page.getByTestId('category-chip-yoga').click();
  await expect(cells(page)).toHaveCount(yoga.count);
  const shownIds = await cells(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-pose-id')));
  expect(shownIds).toEqual(lib.poses.filter((p) => p.category === 'yoga').map((p) => p.id));
  await expect(page.getByTestId('pose-count')).toHaveText(`${yoga.count} of ${lib.poses.length} poses`);
  await page.screenshot({ path: testInfo.outputPath('poses-yoga.png') });

  // Search works across names, tags and synonyms, within the chosen category and across all of them.
  await page.getByTestId('category-chip-all').click();
  await page.getByTestId('pose-search').fill('kneel');
  await expect.poll(() => cells(page).count()).toBeGreaterThan(0);
  const kneelCount = await cells(page).count();
  expect(kneelCount).toBeLessThan(lib.poses.length);
  for (const label of await cells(page).getByTestId('pose-cell-label').allTextContents())
    expect(label.length).toBeGreaterThan(0);
  expect(await cells(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-pose-id')))).toEqual(
    expect.arrayContaining(lib.poses.filter((p) => p.category === 'kneeling').map((p) => p.id)),
  );
  await page.getByTestId('pose-search').fill('zzzz no such pose');
  await expect(page.getByTestId('poses-empty')).toContainText('No pose matches');
  await page.getByRole('button', { name: 'Clear the filters' }).click();
  await expect(cells(page)).toHaveCount(lib.poses.length);

  // Selecting a pose shows it large with its metadata and an automatic caption; "New caption" rolls another.
  const target = lib.poses.find((p) => p.category === 'kneeling') ?? lib.poses[0];
  await page.getByTestId('pose-search').fill(target.name);
  await page.locator(`[data-testid="pose-cell"][data-pose-id="${target.id}"]`).click();
  await expect(page.getByTestId('pose-detail')).toHaveAttribute('data-pose-id', target.id);
  await expect(page.getByTestId('pose-detail-name')).toHaveText(target.name);
  const caption = page.getByTestId('pose-caption-text');
  await expect(caption).toHaveText(/\w+ \w+/);
  const first = await caption.textContent();
  await expect(page.getByTestId('pose-caption')).toHaveAttribute('data-seed', '1');
  const seen = new Set([first]);
  for (let i = 0; i < 4 && seen.size < 2; i++) {
    await page.getByTestId('caption-reroll').click();
    await expect(page.getByTestId('pose-caption')).toHaveAttribute('data-seed', String(i + 2));
    await expect(page.getByTestId('pose-caption')).not.toHaveAttribute('data-loading', 'true');
    seen.add(await caption.textContent());
  }
  expect(seen.size).toBeGreaterThan(1);
  await waitForRender(page, 0, 'pose-detail-viewport');
  await page.screenshot({ path: testInfo.outputPath('poses-detail.png') });
});

test('Open in Pose lab creates a session with the pose and lands there', async ({ page }) => {
  const lib = await libraryList(page);
  const target = lib.poses.find((p) => p.category === 'sitting') ?? lib.poses[1];
  await openPosesGrid(page);
  await page.getByTestId('pose-search').fill(target.name);
  await page.locator(`[data-testid="pose-cell"][data-pose-id="${target.id}"]`).click();
  await expect(page.getByTestId('pose-detail-name')).toHaveText(target.name);
  await page.getByTestId('pose-open-lab').click();
  await expect(page.getByTestId('page-pose-lab')).toBeVisible();
  await expect(page.getByTestId('session-name')).toHaveValue(target.name);
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
  // The stored session holds the library pose.
  const res = await page.request.post('/api/call/sessions.list', { data: {} });
  const sessions = ((await res.json()) as { value: { sessions: { name: string; pose: number[] | null }[] } })
    .value.sessions;
  const made = sessions.find((s) => s.name === target.name);
  expect(made?.pose?.slice(0, 66).map(Math.fround)).toEqual(target.pose.map(Math.fround));
});

test('a malformed BVH is refused with the line of the problem', async ({ page }, testInfo) => {
  await openPosesGrid(page);
  await page.getByTestId('poses-view').getByText('Import motion').click();
  await expect(page.getByTestId('motion-empty')).toBeVisible();
  const broken = [
    'HIERARCHY',
    'ROOT Hips',
    '{',
    '  OFFSET 0 0 0',
    '  CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation',
    '  JOINT LeftUpLeg',
    '  {',
    '    OFFSET 3 zero 0',
  ].join('\n');
  await page
    .getByTestId('motion-file-input')
    .setInputFiles({ name: 'broken.bvh', mimeType: 'text/plain', buffer: Buffer.from(broken) });
  await expect(page.getByTestId('motion-error')).toContainText('Could not import broken.bvh');
  await expect(page.getByTestId('motion-error-text')).toContainText(/line 8\b/i);
  await expect(page.getByTestId('motion-frames')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('motion-error.png') });
});

test('importing a CMU BVH shows a filmstrip of frames that open in the Pose lab', async ({
  page,
}, testInfo) => {
  test.skip(!hasFixtures, `needs the BVH fixtures in ${FIXTURES}`);
  await openPosesGrid(page);
  await page.getByTestId('poses-view').getByText('Import motion').click();
  await page.getByTestId('motion-file-input').setInputFiles(path.join(FIXTURES, '131_03.bvh'));
  await expect(page.getByTestId('motion-clip-name')).toHaveText('131_03', { timeout: 30_000 });
  await expect(page.getByTestId('motion-clip-facts')).toContainText(/\d+ frames at 120 fps/);
  const frames = cells(page, 'motion-frames');
  await expect(frames).toHaveCount(24);
  await expect(frames.first().getByTestId('pose-cell-label')).toHaveText('Frame 1');
  await expect(page.getByTestId('motion-jointmap-toggle')).toContainText(/\d+ of 22/);
  await expect(frames.nth(3)).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await frames.nth(3).click();
  const label = (await frames.nth(3).getByTestId('pose-cell-label').textContent())!;
  await expect(page.getByTestId('pose-detail-name')).toHaveText(`131_03 · ${label.toLowerCase()}`);
  await page.screenshot({ path: testInfo.outputPath('motion-filmstrip.png') });
  await page.getByTestId('pose-open-lab').click();
  await expect(page.getByTestId('page-pose-lab')).toBeVisible();
  await expect(page.getByTestId('session-name')).toHaveValue(`131_03 · ${label.toLowerCase()}`);
});
