import { expect, test } from '@playwright/test';
import { openStudio } from './helpers';

test('Models & settings measures compute speed with live progress, a working Cancel, and a results table', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  await openStudio(page, '#/settings');
  const info = (await (await request.post('/api/call/compute.info', { data: {} })).json()).value;
  const threadCounts = info.threads.intraOp > 1 ? 2 : 1;
  const card = page.getByTestId('speed-card');
  await card.scrollIntoViewIfNeeded();
  await expect(page.getByTestId('speed-idle')).toBeVisible();

  // A thorough run (up to 2048², 15 repeats) lasts long enough to cancel: start it, wait for a real
  // measurement to be reported, then cancel.
  await page.getByTestId('speed-plan').getByText('Thorough').click();
  await page.getByTestId('speed-start').click();
  await expect(page.getByTestId('speed-progress')).toBeVisible();
  await expect(page.getByTestId('speed-message')).toHaveText(/^\d+×\d+ on \d+ threads?: run \d+ of 15 took [\d.]+ ms$/);
  const during = Number(await page.getByTestId('speed-progress').getAttribute('aria-valuenow'));
  expect(during).toBeGreaterThan(0);
  expect(during).toBeLessThan(100);
  await card.screenshot({ path: testInfo.outputPath('speed-card-running.png') });
  await page.getByTestId('speed-cancel').click();
  await expect(page.getByTestId('speed-cancelled')).toBeVisible();
  await expect(page.getByTestId('speed-cancel')).toHaveCount(0);
  await expect(page.getByTestId('speed-results')).toHaveCount(0);
  await card.screenshot({ path: testInfo.outputPath('speed-card-cancelled.png') });
  // The compute process survived the cancel.
  await expect(page.getByTestId('compute-status')).toHaveAttribute('data-state', 'ready');

  // A full quick run shows one row per size and thread count, and a bar per row.
  await page.getByTestId('speed-plan').getByText('Quick').click();
  await page.getByTestId('speed-start').click();
  const rows = page.getByTestId('speed-results').locator('tbody tr');
  await expect(rows).toHaveCount(3 * threadCounts, { timeout: 90_000 });
  await expect(rows.first().locator('td').first()).toHaveText('256 × 256');
  await expect(rows.last().locator('td').first()).toHaveText('1024 × 1024');
  for (const cell of await rows.locator('td:nth-child(4)').allTextContents()) expect(Number(cell)).toBeGreaterThan(0);
  await expect(page.getByTestId('speed-chart').locator('> div')).toHaveCount(3 * threadCounts);
  await expect(page.getByTestId('speed-summary')).toContainText(`ONNX Runtime ${info.ort}`);
  await expect(page.getByTestId('speed-cancelled')).toHaveCount(0);
  // The page scrolls inside its own area, so bring the card into view for the page shot.
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('settings-speed-test.png') });
  await card.screenshot({ path: testInfo.outputPath('speed-card.png') });
});
