import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openStudio } from './helpers';
import { clipUnavailable, makeGoldenClip } from './videoClip';

const unavailable = clipUnavailable();

test.describe('Video page', () => {
  test.skip(!!unavailable, `needs the test clip: ${unavailable}`);
  // Tracking and lifting run in the compute process on CPU; a few frames take a while on a busy machine.
  test.setTimeout(900_000);

  test('opens a clip, shows estimates, scrubs, and exports the sequence', async ({ page }, testInfo) => {
    const clip = makeGoldenClip(mkdtempSync(join(tmpdir(), 'pose-e2e-clip-')));
    await openStudio(page, '#/video');
    await expect(page.getByTestId('video-page')).toBeVisible();

    // 1.2 s at 2 frames a second: frames at 0, 0.5 and 1.0 s.
    await page.getByTestId('video-rate').click();
    await page.getByRole('option', { name: '2', exact: true }).click();
    await page.getByTestId('video-model').click();
    await page.getByRole('option', { name: /lite/ }).click();
    await page.getByTestId('video-file-input').setInputFiles(clip);

    const progress = page.getByTestId('analysis-progress');
    await expect(progress).toHaveAttribute('data-total', '3', { timeout: 60_000 });
    // The first estimate appears while the others are still being worked on.
    await expect(page.getByTestId('landmark-overlay')).toBeVisible({ timeout: 300_000 });
    await expect(progress).toHaveAttribute('data-phase', 'done', { timeout: 480_000 });
    const review = page.getByTestId('video-review');
    await expect(review).toHaveAttribute('data-estimates', '3');
    await expect(page.getByTestId('knee-plot')).toHaveAttribute('data-points', '3');
    // The picture itself is shown under the landmarks (the opened file, seeked to the frame).
    await expect.poll(() => page.getByTestId('frame-video').evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await page.waitForTimeout(800); // the 3D view settles
    await page.screenshot({ path: testInfo.outputPath('video-analysed.png') });

    // Scrub: back to the first frame, then one step right; the overlay follows the scrubber.
    const thumb = page.getByTestId('timeline').getByRole('slider');
    await thumb.focus();
    await page.keyboard.press('Home');
    await expect(page.getByTestId('timeline')).toHaveAttribute('data-frame', '0');
    await expect(page.getByTestId('landmark-overlay')).toHaveAttribute('data-frame', '0');
    const nose0 = Number(await page.locator('[data-testid="landmark-overlay"] circle').first().getAttribute('cx'));
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('timeline')).toHaveAttribute('data-frame', '1');
    await expect(page.getByTestId('landmark-overlay')).toHaveAttribute('data-frame', '1');
    await expect(page.getByTestId('timeline-time')).toContainText('0.50 s');
    // The clip pans right, so the person (and the nose landmark) moves left in the picture.
    const nose1 = Number(await page.locator('[data-testid="landmark-overlay"] circle').first().getAttribute('cx'));
    expect(nose1).toBeLessThan(nose0);
    await page.waitForTimeout(800);
    await page.screenshot({ path: testInfo.outputPath('video-scrubbed.png') });

    // Export: CSV of joint positions and the AMASS-style .npz.
    let pending = page.waitForEvent('download');
    await page.getByTestId('export-csv').click();
    const csv = await pending;
    expect(csv.suggestedFilename()).toBe('golden-pan.csv');
    const csvPath = testInfo.outputPath('golden-pan.csv');
    await csv.saveAs(csvPath);
    const rows = (await readFile(csvPath, 'utf8')).trim().split('\n');
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^frame,time_s,flagged,pelvis_x/);

    pending = page.waitForEvent('download');
    await page.getByTestId('export-npz').click();
    const npz = await pending;
    expect(npz.suggestedFilename()).toBe('golden-pan.npz');
    const npzPath = testInfo.outputPath('golden-pan.npz');
    await npz.saveAs(npzPath);
    const bytes = await readFile(npzPath);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.includes(Buffer.from("'shape': (3, 72)"))).toBe(true);

    // Correct frame #2 with one of the policy's candidates, then take it back.
    await page.getByTestId('show-candidates').click();
    await expect(page.getByTestId('frame-candidates')).toHaveAttribute('data-count', '8', { timeout: 120_000 });
    await page.getByTestId('use-candidate').nth(2).click();
    await expect(page.getByTestId('frame-corrected')).toBeVisible();
    await page.getByTestId('revert-correction').click();
    await expect(page.getByTestId('frame-corrected')).toHaveCount(0);

    // Edit the frame's pose in the Pose lab and write it back to the frame.
    await page.getByTestId('edit-in-pose-lab').click();
    await expect(page.getByTestId('video-frame-bar')).toContainText('golden-pan.webm #2');
    await page.getByTestId('mirror-pose').click();
    await page.getByTestId('save-to-video-frame').click();
    await expect(page.getByTestId('video-page')).toBeVisible();
    await expect(page.getByTestId('timeline')).toHaveAttribute('data-frame', '1');
    await expect(page.getByTestId('frame-corrected')).toBeVisible();
    await page.waitForTimeout(800);
    await page.screenshot({ path: testInfo.outputPath('video-corrected.png') });
  });
});
