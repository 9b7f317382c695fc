import { expect, test, type Page } from '@playwright/test';
import { libraryList, openPoses } from './helpers';

const cells = (page: Page, grid: string) => page.getByTestId(grid).getByTestId('pose-cell');
const cellIds = (page: Page, grid: string) =>
  cells(page, grid).evaluateAll((els) => els.map((e) => e.getAttribute('data-pose-id')));

/** Every cell of a grid has its picture. */
async function allDrawn(page: Page, grid: string) {
  await expect
    .poll(() => page.getByTestId(grid).locator('[data-testid="pose-cell"][data-ready="false"]').count(), {
      timeout: 90_000,
    })
    .toBe(0);
}

test('Random poses shows a grid of procedural samples; Shuffle draws others; one opens in the Pose lab', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await openPoses(page);
  await page.getByTestId('poses-view').getByText('Random poses').click();
  const summary = page.getByTestId('samples-summary');
  await expect(summary).toHaveAttribute('data-seed', '1', { timeout: 30_000 });
  await expect(cells(page, 'sample-grid')).toHaveCount(24);
  await expect(summary).toContainText('24 poses · seed 1 · any orientation');
  // The grid shows what the server drew for seed 1, in order.
  const expected = (await (
    await page.request.post('/api/call/library.sample', { data: { count: 24, seed: 1 } })
  ).json()) as { value: { poses: { pose: number[]; tries: number }[] } };
  expect(expected.value.poses).toHaveLength(24);
  await expect(cells(page, 'sample-grid').first().getByTestId('pose-cell-label')).toHaveText('#1');
  await allDrawn(page, 'sample-grid');
  await page.screenshot({ path: testInfo.outputPath('random-poses.png') });

  const before = await cellIds(page, 'sample-grid');
  await page.getByTestId('sample-shuffle').click();
  await expect(summary).not.toHaveAttribute('data-seed', '1', { timeout: 30_000 });
  const seed = Number(await summary.getAttribute('data-seed'));
  expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
  await expect.poll(() => cellIds(page, 'sample-grid')).not.toEqual(before);
  await expect(cells(page, 'sample-grid')).toHaveCount(24);

  // Fewer, upright only.
  await page.getByTestId('sample-count').fill('8');
  await page.getByTestId('sample-orientation').getByText('Upright').click();
  await page.getByTestId('sample-draw').click();
  await expect(summary).toContainText(`8 poses · seed ${seed} · upright`, { timeout: 30_000 });
  await expect(cells(page, 'sample-grid')).toHaveCount(8);
  await allDrawn(page, 'sample-grid');

  // Switching views keeps the samples.
  await page.getByTestId('poses-view').getByText('Library').click();
  await page.getByTestId('poses-view').getByText('Random poses').click();
  await expect(cells(page, 'sample-grid')).toHaveCount(8);

  await cells(page, 'sample-grid').nth(2).click();
  await expect(page.getByTestId('pose-detail-name')).toHaveText(`Random pose ${seed}·3`);
  await expect(page.getByTestId('sample-tries')).toContainText(/draw|prior/);
  await page.screenshot({ path: testInfo.outputPath('random-poses-upright.png') });
  await page.getByTestId('pose-open-lab').click();
  await expect(page.getByTestId('page-pose-lab')).toBeVisible();
  await expect(page.getByTestId('session-name')).toHaveValue(`Random pose ${seed}·3`);
});

test('a library pose’s Variations generate thumbnails labelled by kind; one shows large and opens in the Pose lab', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const lib = await libraryList(page);
  const target = lib.poses.find((p) => p.id === 'yoga-tree') ?? lib.poses.find((p) => p.category === 'yoga')!;
  await openPoses(page);
  await page.getByTestId('pose-search').fill(target.name);
  await page.locator(`[data-testid="pose-cell"][data-pose-id="${target.id}"]`).click();
  await expect(page.getByTestId('pose-detail')).toHaveAttribute('data-pose-id', target.id);
  const block = page.getByTestId('variations');
  await expect(block.getByTestId('variations-empty')).toBeVisible();

  // Every kind the engine has is a chip, all on by default.
  for (const kind of ['noise', 'interpolate', 'limb-swap', 'mirror', 'sample'])
    await expect(block.getByTestId(`variation-kind-${kind}`)).toBeVisible();

  await block.getByTestId('variation-count').fill('6');
  await block.getByTestId('variation-generate').click();
  await expect(block.getByTestId('variations-summary')).toHaveAttribute('data-seed', '1', { timeout: 30_000 });
  await expect(cells(page, 'variation-grid')).toHaveCount(6);
  await expect(block.getByTestId('variations-summary')).toContainText(`6 variations of ${target.name} · seed 1`);
  // Each cell says what was done; its second line names the kind.
  const kindNames = ['Noise', 'Interpolate', 'Limb swap', 'Mirror', 'Resample limbs'];
  for (const text of await cells(page, 'variation-grid').allTextContents())
    expect(kindNames.some((k) => text.includes(k)), text).toBe(true);

  // Only interpolation: every label names the pose it was blended with.
  await block.getByTestId('variation-kind-noise').click();
  await block.getByTestId('variation-kind-limb-swap').click();
  await block.getByTestId('variation-kind-mirror').click();
  await block.getByTestId('variation-kind-sample').click();
  const ids = await cellIds(page, 'variation-grid');
  await block.getByTestId('variation-shuffle').click();
  await expect(block.getByTestId('variations-summary')).not.toHaveAttribute('data-seed', '1', { timeout: 30_000 });
  await expect.poll(() => cellIds(page, 'variation-grid')).not.toEqual(ids);
  await expect(cells(page, 'variation-grid')).toHaveCount(6);
  const names = new Set(lib.poses.flatMap((p) => [p.name, `${p.name} (mirrored)`]));
  const labels = await cells(page, 'variation-grid').getByTestId('pose-cell-label').allTextContents();
  for (const label of labels) {
    if (label.startsWith('Unchanged')) continue;
    const m = /^(.+) (\d+)%$/.exec(label);
    expect(m, label).not.toBeNull();
    expect(names.has(m![1]), label).toBe(true);
  }
  await allDrawn(page, 'variation-grid');
  await block.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('variations.png') });

  // Selecting one shows it large in place of the library pose.
  const pick = cells(page, 'variation-grid').nth(1);
  const pickLabel = (await pick.getByTestId('pose-cell-label').textContent())!;
  await pick.click();
  // The detail names the variation in full: "Interpolated with Tree pose 40%".
  const fullLabel = pickLabel.startsWith('Unchanged') ? pickLabel : `Interpolated with ${pickLabel}`;
  await expect(page.getByTestId('pose-detail-name')).toHaveText(fullLabel);
  await expect(page.getByTestId('pose-detail')).toContainText(`Variation of ${target.name}`);
  // Its automatic caption is of the generated numbers themselves.
  await expect(page.getByTestId('pose-caption-text')).toHaveText(/\w+ \w+/);
  await page.screenshot({ path: testInfo.outputPath('variation-selected.png') });
  await page.getByTestId('variation-back').click();
  await expect(page.getByTestId('pose-detail-name')).toHaveText(target.name);
  await pick.click();
  await expect(page.getByTestId('pose-detail-name')).toHaveText(fullLabel);

  await page.getByTestId('pose-open-lab').click();
  await expect(page.getByTestId('page-pose-lab')).toBeVisible();
  await expect(page.getByTestId('session-name')).toHaveValue(`${target.name} · ${fullLabel}`);
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
});

test('an unknown pose id is refused by library.variations', async ({ page }) => {
  const res = await page.request.post('/api/call/library.variations', {
    data: { id: 'no-such-pose', count: 3, seed: 1 },
  });
  expect(res.status()).toBe(404);
  const body = (await res.json()) as { ok: boolean; error: { code: string } };
  expect(body.error.code).toBe('not_found');
});
