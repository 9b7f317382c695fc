import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { libraryList, openPoses, waitForRender, type LibraryListReply } from './helpers';

const MODEL = path.resolve('resources', 'models', 'retrieval', 'model.safetensors');

const cells = (page: Page) => page.getByTestId('ranked-grid').getByTestId('ranked-cell');

interface Cell {
  id: string;
  rank: number;
  score: number;
  label: string;
}

async function rankedCells(page: Page): Promise<Cell[]> {
  return cells(page).evaluateAll((els) =>
    els.map((e) => ({
      id: e.getAttribute('data-pose-id') ?? '',
      rank: Number(e.getAttribute('data-rank')),
      score: Number(e.getAttribute('data-score')),
      label: e.querySelector('[data-testid="ranked-cell-label"]')?.textContent ?? '',
    })),
  );
}

/** Types a description and waits until the grid shows its ranking. */
async function describe(page: Page, text: string) {
  await page.getByTestId('describe-input').fill(text);
  const results = page.getByTestId('describe-results');
  // The first search loads the model and embeds the library in the compute process.
  await expect(results).toHaveAttribute('data-query', text, { timeout: 60_000 });
  await expect(results).toHaveAttribute('data-loading', 'false');
}

const categoryOf = (lib: LibraryListReply, id: string) => lib.poses.find((p) => p.id === id.replace(/~mirror$/, ''))?.category;

test.skip(!existsSync(MODEL), `needs the shipped retrieval model (${MODEL}); scripts/train-retrieval.ts writes it`);

test('Describe a pose: the library ranked by the retrieval model, with scores, filters and the keyboard', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const lib = await libraryList(page);
  await openPoses(page);
  await page.getByTestId('search-mode').getByText('Describe').click();
  await expect(page.getByTestId('describe-empty')).toContainText('Describe a pose');
  await expect(page.getByTestId('describe-input')).toBeFocused();

  await describe(page, 'lying on the back');
  await expect(cells(page)).toHaveCount(24);
  const lying = await rankedCells(page);
  expect(lying.map((c) => c.rank)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  for (let i = 1; i < lying.length; i++) expect(lying[i - 1]!.score).toBeGreaterThanOrEqual(lying[i]!.score);
  expect(lying.slice(0, 5).map((c) => categoryOf(lib, c.id))).toContain('lying');
  await expect(cells(page).first().getByTestId('ranked-cell-score')).toHaveText(/^−?\d\.\d\d$/);
  await expect(page.getByTestId('describe-status')).toContainText(/Best 24 of \d+ poses and mirror images for “lying on the back”, by cosine similarity \(searched as “The person is lying on the back\.”\)/);
  // The best match is shown large.
  await expect(page.getByTestId('pose-detail')).toHaveAttribute('data-pose-id', lying[0]!.id);
  for (let i = 0; i < 8; i++) await expect(cells(page).nth(i)).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await waitForRender(page, 0, 'pose-detail-viewport');
  await page.screenshot({ path: testInfo.outputPath('describe-lying-on-the-back.png') });

  // Another description re-ranks; the mirror images take part, named after the library pose.
  await describe(page, 'kneeling with both arms raised');
  const kneeling = await rankedCells(page);
  expect(kneeling.slice(0, 10).map((c) => categoryOf(lib, c.id))).toContain('kneeling');
  await expect(page.getByTestId('pose-detail')).toHaveAttribute('data-pose-id', kneeling[0]!.id);
  for (let i = 0; i < 8; i++) await expect(cells(page).nth(i)).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await waitForRender(page, 0, 'pose-detail-viewport');
  await page.screenshot({ path: testInfo.outputPath('describe-kneeling-arms-raised.png') });
  await page.getByTestId('describe-more').click();
  await expect(cells(page)).toHaveCount(48);
  const more = await rankedCells(page);
  expect(more.slice(0, 24)).toEqual(kneeling);
  const mirrored = more.filter((c) => c.id.endsWith('~mirror'));
  expect(mirrored.length).toBeGreaterThan(0);
  for (const m of mirrored) {
    const base = lib.poses.find((p) => `${p.id}~mirror` === m.id)!;
    expect(m.label).toBe(`${base.name} (mirrored)`);
  }

  // Without mirrors and within a category: only that category's library poses, in the same order.
  await page.getByTestId('describe-mirrors').click();
  await page.getByTestId('category-chip-kneeling').click();
  const results = page.getByTestId('describe-results');
  await expect(results).toHaveAttribute('data-category', 'kneeling');
  await expect(results).toHaveAttribute('data-mirrors', 'false');
  await expect(results).toHaveAttribute('data-loading', 'false');
  await expect(page.getByTestId('describe-status')).toContainText('library poses in Kneeling');
  const onlyKneeling = await rankedCells(page);
  expect(onlyKneeling.length).toBe(lib.categories.find((c) => c.id === 'kneeling')!.count);
  for (const c of onlyKneeling) expect([categoryOf(lib, c.id), c.id.endsWith('~mirror')]).toEqual(['kneeling', false]);
  const unfilteredKneeling = more.filter((c) => !c.id.endsWith('~mirror') && categoryOf(lib, c.id) === 'kneeling').map((c) => c.id);
  expect(onlyKneeling.map((c) => c.id).slice(0, unfilteredKneeling.length)).toEqual(unfilteredKneeling);

  // The keyboard: arrows move between cards, Space selects, Escape in the box clears it.
  await cells(page).first().focus();
  await page.keyboard.press('ArrowRight');
  await expect(cells(page).nth(1)).toBeFocused();
  await page.keyboard.press(' ');
  await expect(page.getByTestId('pose-detail')).toHaveAttribute('data-pose-id', onlyKneeling[1]!.id);
  await page.screenshot({ path: testInfo.outputPath('describe-kneeling-only.png') });
  await page.getByTestId('describe-input').focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('describe-empty')).toBeVisible();

  // The names-and-tags filter is still there.
  await page.getByTestId('search-mode').getByText('Names & tags').click();
  await expect(page.getByTestId('pose-grid')).toBeVisible();
  await expect(page.getByTestId('pose-count')).toHaveText(`${lib.categories.find((c) => c.id === 'kneeling')!.count} of ${lib.poses.length} poses`);
});
