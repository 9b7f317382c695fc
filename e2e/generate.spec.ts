import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openStudio, waitForRender } from './helpers';

const MODEL = path.resolve('resources', 'models', 'policy', 'model.safetensors');
const DETERMINISTIC = path.resolve('resources', 'models', 'policy-deterministic', 'model.safetensors');
const PROMPT = 'kneeling on the left knee with both arms raised';
const SECOND_PROMPT = 'sitting cross-legged, hands on the knees';

const cards = (page: Page) => page.getByTestId('candidate-grid').getByTestId('candidate-card');

interface Card {
  id: string;
  idx: number;
  rank: number | null;
  picked: boolean;
  hasPose: boolean;
}

async function readCards(page: Page): Promise<Card[]> {
  return cards(page).evaluateAll((els) =>
    els.map((e) => ({
      id: e.getAttribute('data-candidate-id') ?? '',
      idx: Number(e.getAttribute('data-idx')),
      rank: e.getAttribute('data-rank') ? Number(e.getAttribute('data-rank')) : null,
      picked: e.getAttribute('data-picked') === 'true',
      hasPose: !e.querySelector('[data-testid="candidate-no-pose"]'),
    })),
  );
}

interface StoredGeneration {
  id: string;
  prompt: string;
  seed: number;
  model: string;
  candidates: { id: string; rank: number | null; picked: boolean }[];
}

async function call<T>(page: Page, name: string, data: object): Promise<T> {
  const res = await page.request.post(`/api/call/${name}`, { data });
  const body = (await res.json()) as { ok: boolean; value: T; error?: unknown };
  expect(body.ok, JSON.stringify(body.error)).toBe(true);
  return body.value;
}

/**
 * Types a prompt, sets G and generates with Ctrl+Enter; waits until the cards and their pictures are there.
 * Greedy text (temperature 0, the slider's Home key) keeps every answer well formed; the poses still differ by
 * the Gaussian head's samples.
 */
async function generate(page: Page, prompt: string, samples: number) {
  const input = page.getByTestId('generate-prompt');
  await input.fill(prompt);
  await page.getByTestId('generate-samples').fill(String(samples));
  await page.getByTestId('generate-temperature').getByRole('slider').focus();
  await page.keyboard.press('Home');
  await input.focus();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('generation-prompt')).toHaveText(`“${prompt}”`, { timeout: 120_000 });
  await expect(cards(page)).toHaveCount(samples);
  const posed = (await readCards(page)).filter((c) => c.hasPose).length;
  for (let i = 0; i < posed; i++) {
    await expect(page.getByTestId('candidate-picture').nth(i)).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  }
  return posed;
}

test.skip(!existsSync(MODEL), `needs a policy model (${MODEL}); scripts/train-policy.ts writes it`);

test('Generate: prompt → candidates in the viewport → rank with keys → keep → export .npz and .json → reload from history', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon/.test(m.location().url)) errors.push(m.text());
  });
  await openStudio(page, '#/generate');
  // Generate is the first page in the navigation.
  await expect(page.getByTestId('nav').locator('a').first()).toHaveAttribute('data-testid', 'nav-generate');
  await expect(page.getByTestId('nav-generate')).toHaveAttribute('data-active', 'true');
  await expect(page.getByTestId('generate-empty')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('generate-empty.png') });

  const posed = await generate(page, PROMPT, 8);
  expect(posed).toBeGreaterThanOrEqual(3);
  const viewport = page.getByTestId('candidate-viewport');
  await expect(viewport.locator('canvas')).toBeVisible();
  await expect(viewport).toHaveAttribute('data-figures', String(posed));
  const first = await readCards(page);
  const withPose = first.filter((c) => c.hasPose);
  // The first posed candidate is selected: solid, with its mean pose and σ colours (Gaussian head).
  await expect(viewport).toHaveAttribute('data-selected-id', withPose[0]!.id);
  await expect(viewport).toHaveAttribute('data-mean', 'shown');
  await expect(viewport).toHaveAttribute('data-sigma', 'shown');
  await expect(page.getByTestId('sigma-legend')).toContainText('Per-joint σ');
  await expect(page.getByTestId('sigma-legend-max')).toHaveText(/°$/);
  await waitForRender(page, 0, 'candidate-viewport');
  await page.screenshot({ path: testInfo.outputPath('generate-candidates-overlay.png') });

  // Rank with the keys: select by number, R ranks next, Shift+1 puts the selection first.
  const [a, b, c] = withPose;
  await page.keyboard.press(String(a!.idx + 1));
  await expect(page.getByTestId('candidate-detail')).toHaveAttribute('data-candidate-id', a!.id);
  await page.keyboard.press('r');
  await page.keyboard.press(String(b!.idx + 1));
  await page.keyboard.press('r');
  await page.keyboard.press(String(c!.idx + 1));
  await page.keyboard.press('Shift+Digit1');
  await expect(page.getByTestId('ranking-row')).toHaveCount(3);
  await expect(page.getByTestId('ranking-row').first()).toHaveAttribute('data-candidate-id', c!.id);
  const expectedRanks = new Map([
    [c!.id, 1],
    [a!.id, 2],
    [b!.id, 3],
  ]);
  for (const card of first) await expect(cards(page).nth(card.idx)).toHaveAttribute('data-rank', String(expectedRanks.get(card.id) ?? ''));
  // The ranking is stored.
  await expect
    .poll(async () => {
      const items = (await call<{ items: { id: string }[] }>(page, 'generate.list', {})).items;
      const g = await call<StoredGeneration>(page, 'generate.get', { id: items[0]!.id });
      return g.candidates.filter((x) => x.rank !== null).map((x) => [x.id, x.rank]);
    })
    .toEqual([...expectedRanks].sort((x, y) => first.findIndex((q) => q.id === x[0]) - first.findIndex((q) => q.id === y[0])));

  // Keep the best one (P), then the buttons move a row: the second becomes first.
  await page.keyboard.press('p');
  await expect(cards(page).nth(c!.idx)).toHaveAttribute('data-picked', 'true');
  await expect(page.getByTestId('candidate-pick')).toHaveText('Kept');
  await page.getByRole('button', { name: `Move Candidate ${a!.idx + 1} up` }).click();
  await expect(page.getByTestId('ranking-row').first()).toHaveAttribute('data-candidate-id', a!.id);
  await page.getByRole('button', { name: `Move Candidate ${a!.idx + 1} down` }).click();
  await expect(page.getByTestId('ranking-row').first()).toHaveAttribute('data-candidate-id', c!.id);
  await page.getByTestId('generate-layout').getByText('Grid').click();
  await expect(viewport).toHaveAttribute('data-layout', 'grid');
  await waitForRender(page, 0, 'candidate-viewport');
  await page.screenshot({ path: testInfo.outputPath('generate-ranked-grid.png') });
  await page.getByTestId('generate-layout').getByText('Overlay').click();

  // Export the kept candidate: AMASS .npz (a zip) and SMPL JSON with the generation in its provenance.
  const stored = (await call<{ items: { id: string; pickedIdx: number | null }[] }>(page, 'generate.list', {})).items[0]!;
  expect(stored.pickedIdx).toBe(c!.idx);
  const generation = await call<StoredGeneration>(page, 'generate.get', { id: stored.id });
  // The layout switch keeps the keys: another selection (the export still takes the kept one).
  await page.keyboard.press(String(b!.idx + 1));
  await expect(page.getByTestId('candidate-detail')).toHaveAttribute('data-candidate-id', b!.id);
  await page.getByTestId('candidate-export').click();
  const npzDownload = page.waitForEvent('download');
  await page.getByTestId('candidate-export-amass-npz-72').click();
  const npz = await npzDownload;
  expect(npz.suggestedFilename()).toMatch(/\.npz$/);
  const npzBytes = readFileSync((await npz.path())!);
  expect(npzBytes.subarray(0, 2).toString('latin1')).toBe('PK');
  expect(npzBytes.includes(Buffer.from('poses.npy'))).toBe(true);

  await page.getByTestId('candidate-export').click();
  const jsonDownload = page.waitForEvent('download');
  await page.getByTestId('candidate-export-smpl-json').click();
  const json = await jsonDownload;
  expect(json.suggestedFilename()).toMatch(/\.json$/);
  const doc = JSON.parse(readFileSync((await json.path())!, 'utf8')) as {
    provenance: { generation: { prompt: string; seed: number; model: string } };
  };
  expect(doc.provenance.generation).toEqual({ prompt: PROMPT, seed: generation.seed, model: generation.model });

  // A second generation, then back to the first from the history: its ranking and pick come back with it.
  await generate(page, SECOND_PROMPT, 4);
  await expect(page.getByTestId('ranking-row')).toHaveCount(0);
  // Newest first. Other specs share the e2e data directory (the Fine-tune spec generates with a promoted
  // checkpoint), so older items may follow ours.
  await expect(page.getByTestId('history-item').first()).toContainText(SECOND_PROMPT);
  await expect(page.getByTestId('history-item').nth(1)).toContainText(PROMPT);
  await page.getByTestId('history-item').filter({ hasText: PROMPT }).click();
  await expect(page.getByTestId('generation-prompt')).toHaveText(`“${PROMPT}”`);
  await expect(cards(page)).toHaveCount(8);
  await expect(page.getByTestId('generate-prompt')).toHaveValue(PROMPT);
  await expect(page.getByTestId('ranking-row')).toHaveCount(3);
  await expect(cards(page).nth(c!.idx)).toHaveAttribute('data-picked', 'true');
  await expect(page.getByTestId('candidate-detail')).toHaveAttribute('data-candidate-id', c!.id);
  await expect(page.getByTestId('history-item').filter({ hasText: PROMPT })).toHaveAttribute('data-active', 'true');
  await waitForRender(page, 0, 'candidate-viewport');
  await page.screenshot({ path: testInfo.outputPath('generate-history-reloaded.png') });

  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  for (let i = 0; i < 8; i++) await expect(page.getByTestId('candidate-picture').nth(i)).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await waitForRender(page, 0, 'candidate-viewport');
  await page.screenshot({ path: testInfo.outputPath('generate-dark.png') });
  await page.getByTestId('theme-toggle').click();

  // Open the kept pose in the Pose lab.
  await page.getByTestId('candidate-open-lab').click();
  await expect(page.getByTestId('page-pose-lab')).toBeVisible();
  await expect(page.getByTestId('session-name')).toHaveValue(`${PROMPT} · candidate ${c!.idx + 1}`);
  expect(errors).toEqual([]);
});

test('Generate with the deterministic head: candidates without σ, or a clear note on how to train it when it is missing', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await openStudio(page, '#/generate');
  await page.getByTestId('generate-model').getByText('Deterministic').click();
  // The deterministic head has no σ to scale.
  await expect(page.getByTestId('generate-sigma-scale').locator('[role="slider"]')).toHaveAttribute('aria-disabled', 'true');
  await page.getByTestId('generate-prompt').fill(PROMPT);
  await page.getByTestId('generate-samples').fill('4');
  await page.getByTestId('generate-run').click();
  if (existsSync(DETERMINISTIC)) {
    await expect(cards(page)).toHaveCount(4, { timeout: 120_000 });
    await expect(page.getByTestId('generation-meta')).toContainText('policy-deterministic@');
    await expect(page.getByTestId('candidate-viewport')).toHaveAttribute('data-sigma', 'hidden');
    await expect(page.getByTestId('sigma-legend-none')).toContainText('deterministic head');
  } else {
    const error = page.getByTestId('generate-error');
    await expect(error).toHaveAttribute('data-code', 'not_found', { timeout: 60_000 });
    await expect(error).toContainText('No pose model is installed');
    await expect(error.locator('code').filter({ hasText: 'node --import tsx scripts/train-policy.ts' })).toBeVisible();
    await expect(cards(page)).toHaveCount(0);
  }
  await page.screenshot({ path: testInfo.outputPath('generate-deterministic.png') });
});
