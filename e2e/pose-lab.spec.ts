import { expect, test } from '@playwright/test';
import {
  canvasPixels,
  changedFraction,
  figureStats,
  framesRendered,
  openStudio,
  settledCanvasPixels,
  waitForRender,
} from './helpers';

test.beforeEach(async ({ page }) => {
  await openStudio(page, '#/pose-lab');
  await waitForRender(page, 0);
});

test('the viewport renders the mannequin standing in the middle of the stage', async ({ page }, testInfo) => {
  const shot = testInfo.outputPath('pose-lab-viewport.png');
  await page.getByTestId('viewport').screenshot({ path: shot });
  await page.screenshot({ path: testInfo.outputPath('pose-lab.png') });
  await testInfo.attach('pose-lab-viewport', { path: shot, contentType: 'image/png' });

  const px = await canvasPixels(page);
  const stats = figureStats(px);
  // A blank or background-only canvas has no wood-coloured pixels; the figure covers a real share of it.
  expect(stats.fraction).toBeGreaterThan(0.03);
  expect(stats.fraction).toBeLessThan(0.6);
  // Framed: the figure is tall in the view and horizontally centred.
  expect((stats.box.maxY - stats.box.minY) / px.height).toBeGreaterThan(0.45);
  const cx = (stats.box.minX + stats.box.maxX) / 2 / px.width;
  expect(cx).toBeGreaterThan(0.3);
  expect(cx).toBeLessThan(0.7);
});

test('moving a joint slider changes the render, and undo brings the pose back', async ({
  page,
}, testInfo) => {
  await page.getByTestId('joint-item-16').click();
  await expect(page.getByTestId('selected-joint-name')).toHaveText('Left shoulder');
  const before = await settledCanvasPixels(page);
  await page.getByTestId('viewport').screenshot({ path: testInfo.outputPath('before-edit.png') });

  // Click near the end of the X slider: the left arm swings down from the T-pose.
  const slider = page.getByTestId('angle-slider-x');
  const box = (await slider.boundingBox())!;
  const frames = await framesRendered(page);
  await page.mouse.click(box.x + box.width * 0.95, box.y + box.height / 2);
  await expect
    .poll(async () => Number((await page.getByTestId('angle-input-x').inputValue()).replace('°', '')))
    .toBeGreaterThan(100);
  await waitForRender(page, frames);
  const after = await settledCanvasPixels(page);
  await page.getByTestId('viewport').screenshot({ path: testInfo.outputPath('after-edit.png') });
  const changed = changedFraction(before, after);
  // The thin outstretched arm is a small share of the canvas; thousands of pixels must change.
  expect(changed).toBeGreaterThan(0.004);
  // The figure's left arm (screen right, the figure faces the camera) no longer reaches out sideways.
  const reachBefore = figureStats(before).box.maxX;
  const reachAfter = figureStats(after).box.maxX;
  expect(reachBefore - reachAfter).toBeGreaterThan(before.width * 0.1);

  // Undo restores the T-pose render.
  const frames2 = await framesRendered(page);
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('angle-input-x')).toHaveValue('0°');
  await waitForRender(page, frames2);
  const undone = await settledCanvasPixels(page);
  expect(changedFraction(before, undone)).toBeLessThan(changed / 5);
});

test('clicking the head in the viewport selects the head joint', async ({ page }) => {
  const px = await canvasPixels(page);
  const stats = figureStats(px);
  // The topmost wood pixels belong to the head; aim a little below its crown.
  const y = stats.box.minY + 12;
  let sum = 0,
    n = 0;
  for (let x = 0; x < px.width; x++) {
    const i = (y * px.width + x) * 4;
    if (px.data[i] - px.data[i + 2] > 40 && px.data[i] > 80) {
      sum += x;
      n++;
    }
  }
  expect(n).toBeGreaterThan(0);
  const canvas = page.getByTestId('viewport').locator('canvas');
  const box = (await canvas.boundingBox())!;
  const scale = box.width / px.width;
  await page.mouse.click(box.x + (sum / n) * scale, box.y + y * scale);
  await expect(page.getByTestId('selected-joint-name')).toHaveText('Head');
  await expect(page.getByTestId('joint-item-15')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-selected-joint', '15');
});

test('the joint-limit indicator flags a pose pushed beyond the limits', async ({ page }, testInfo) => {
  await expect(page.getByTestId('limit-indicator')).toHaveAttribute('data-state', 'ok');
  await page.getByTestId('joint-item-4').click();
  await expect(page.getByTestId('selected-joint-name')).toHaveText('Left knee');
  // The knee's x slider is named for the motion it makes (derived from the skeleton): a bend,
  // forward at its negative end and back at its positive end.
  await expect(page.getByTestId('axis-name-x')).toBeVisible();
  await expect(page.getByTestId('axis-name-x')).toHaveText('Bend');
  await expect(page.getByTestId('axis-ends-x')).toHaveText(/←\s*forward\s*back\s*→/);
  await page.getByTestId('joint-inspector').screenshot({ path: testInfo.outputPath('knee-inspector.png') });
  // Within limits the knee cannot bend backwards; allow it, then bend it backwards.
  await page.getByTestId('beyond-limits').click();
  const input = page.getByTestId('angle-input-x');
  await input.fill('-40');
  await input.press('Tab');
  await expect(page.getByTestId('limit-indicator')).toHaveAttribute('data-state', 'over');
  await expect(page.getByTestId('limit-indicator')).toContainText('Left knee');
  await expect(page.getByTestId('joint-limit-state')).toHaveAttribute('data-state', 'over');
  await page.getByTestId('reset-joint').click();
  await expect(page.getByTestId('limit-indicator')).toHaveAttribute('data-state', 'ok');
});

test('mirror swaps left and right; reset pose returns to rest', async ({ page }) => {
  await page.getByTestId('joint-item-18').click();
  await expect(page.getByTestId('selected-joint-name')).toHaveText('Left elbow');
  const y = page.getByTestId('angle-input-y');
  await y.fill('-60');
  await y.press('Tab');
  await page.getByTestId('mirror-pose').click();
  await expect(y).toHaveValue('0°');
  await page.getByTestId('joint-item-19').click();
  await expect(page.getByTestId('selected-joint-name')).toHaveText('Right elbow');
  await expect(page.getByTestId('angle-input-y')).toHaveValue('60°');
  await page.getByTestId('reset-pose').click();
  await expect(page.getByTestId('angle-input-y')).toHaveValue('0°');
});

test('the saved pose can be overlaid as a ghost to compare with the edit', async ({ page }, testInfo) => {
  await expect(page.getByTestId('compare-saved')).toBeDisabled();
  await page.getByTestId('session-name').fill(`E2E compare ${Date.now()}`);
  await page.getByTestId('save-pose').click();
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
  await page.getByTestId('joint-item-1').click();
  const hip = page.getByTestId('angle-input-x');
  await hip.fill('-70');
  await hip.press('Tab');
  await page.getByTestId('compare-saved').click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-figures', '2');
  const frames = await framesRendered(page);
  await waitForRender(page, frames - 1);
  await page.getByTestId('viewport').screenshot({ path: testInfo.outputPath('compare-saved.png') });
  await page.getByTestId('compare-saved').click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-figures', '1');
});

test('the automatic caption follows the pose once an edit settles, and the pose satisfies all it says', async ({ page }, testInfo) => {
  const text = page.getByTestId('pose-caption-text');
  await expect(text).toBeVisible();
  const before = await text.innerText();
  await expect(page.getByTestId('caption-codes-toggle')).toContainText('100% satisfied');
  await page.getByTestId('joint-item-4').click();
  const input = page.getByTestId('angle-input-x');
  await input.fill('120');
  await input.press('Tab');
  await expect(text).not.toHaveText(before);
  await expect(page.getByTestId('caption-codes-toggle')).toContainText('100% satisfied');
  await page.getByTestId('pose-caption').screenshot({ path: testInfo.outputPath('pose-lab-caption.png') });
});
