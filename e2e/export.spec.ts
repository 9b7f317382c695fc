import { readFile, writeFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import { setJointAngles } from '../src/shared/body';
import { changedFraction, framesRendered, openStudio, settledCanvasPixels, waitForRender } from './helpers';

/** Joint → angles (degrees, joint-angle frame) typed into the inspector. */
const EDITS: Array<[joint: number, x: string, y: string, z: string]> = [
  [16, '-60', '20', '0'], // left shoulder: arm raised 60° above horizontal, swung a little
  [4, '90', '0', '0'], // left knee bent
  [17, '40', '0', '30'], // right shoulder
];

function expectedPose(): Float32Array {
  const pose = new Float32Array(72);
  for (const [j, x, y, z] of EDITS) setJointAngles(pose, j, [Number(x), Number(y), Number(z)]);
  return pose;
}

async function poseFigure(page: Page, name: string) {
  await page.getByTestId('session-name').fill(name);
  for (const [j, ...angles] of EDITS) {
    await page.getByTestId(`joint-item-${j}`).click();
    for (const [k, axis] of ['x', 'y', 'z'].entries()) {
      const input = page.getByTestId(`angle-input-${axis}`);
      // Typed key by key: after another joint was edited, fill() on this NumberInput is not taken up.
      if (angles[k] === '0') continue; // already at rest
      await input.selectText();
      await input.press('Backspace');
      await input.pressSequentially(angles[k]);
      await input.press('Tab');
      await expect(input).toHaveValue(`${angles[k]}°`);
    }
  }
}

async function exportAs(page: Page, format: 'smpl-json' | 'bvh'): Promise<{ download: Download; text: string }> {
  await page.getByTestId('export-menu').click();
  const pending = page.waitForEvent('download');
  await page.getByTestId(`export-${format}`).click();
  const download = await pending;
  const text = await readFile((await download.path())!, 'utf8');
  return { download, text };
}

test.beforeEach(async ({ page }) => {
  await openStudio(page, '#/pose-lab');
  await waitForRender(page, 0);
});

test('exports the posed figure as SMPL JSON and as a one-frame BVH', async ({ page }, testInfo) => {
  const name = `E2E export ${Date.now()}`;
  await poseFigure(page, name);
  await page.getByTestId('export-menu').click();
  await expect(page.getByTestId('export-bvh')).toBeVisible();
  await page.waitForTimeout(300); // let the menu's fade-in finish for the screenshot
  await page.screenshot({ path: testInfo.outputPath('export-menu.png') });
  await page.keyboard.press('Escape');

  const json = await exportAs(page, 'smpl-json');
  expect(json.download.suggestedFilename()).toBe(`${name}.json`);
  await expect(page.getByText('Pose exported')).toBeVisible();
  const doc = JSON.parse(json.text);
  expect(doc.format).toBe('pose-rft-studio.smpl-pose');
  expect(doc.provenance).toMatchObject({ app: 'Pose-RFT Studio', name });
  expect(doc.poseAxisAngle).toHaveLength(72);
  expect(doc.bodyPose).toHaveLength(63);
  const expected = expectedPose();
  let worst = 0;
  for (let i = 0; i < 72; i++) worst = Math.max(worst, Math.abs(doc.poseAxisAngle[i] - expected[i]));
  expect(worst).toBeLessThan(1e-5);
  // Joints nobody touched stay at the rest pose; the edited ones moved.
  expect(doc.poseAxisAngle.slice(9, 12)).toEqual([0, 0, 0]); // spine1
  expect(Math.hypot(...doc.poseAxisAngle.slice(48, 51))).toBeGreaterThan(0.5);

  const bvh = await exportAs(page, 'bvh');
  expect(bvh.download.suggestedFilename()).toBe(`${name}.bvh`);
  await writeFile(testInfo.outputPath('exported.bvh'), bvh.text);
  const joints = bvh.text.match(/^\s*(ROOT|JOINT) \S+/gm) ?? [];
  expect(joints.length).toBeGreaterThanOrEqual(22);
  expect(bvh.text).toMatch(/\nMOTION\nFrames: 1\nFrame Time: [\d.]+\n/);
  const frame = bvh.text.trim().split('\n').at(-1)!.trim().split(/\s+/).map(Number);
  expect(frame).toHaveLength(6 + 3 * (joints.length - 1));
  expect(frame.every(Number.isFinite)).toBe(true);
  await page.screenshot({ path: testInfo.outputPath('exported.png') });
});

test('an exported pose imports back into a reset Pose lab and renders the same', async ({ page }, testInfo) => {
  const name = `E2E roundtrip ${Date.now()}`;
  await poseFigure(page, name);
  // The same joint highlighted as after the reset below, so the two renders can be compared.
  const before = await framesRendered(page);
  await page.getByTestId('joint-item-16').click();
  await waitForRender(page, before);
  const posed = await settledCanvasPixels(page);
  await page.getByTestId('viewport').screenshot({ path: testInfo.outputPath('posed.png') });
  const json = await exportAs(page, 'smpl-json');
  const file = testInfo.outputPath('exported.json');
  await writeFile(file, json.text);

  // A fresh document: the figure is back in the rest pose.
  let frames = await framesRendered(page);
  await page.getByTestId('save-menu').click();
  await page.getByTestId('new-pose').click();
  await expect(page.getByTestId('session-name')).toHaveValue('Untitled pose');
  await waitForRender(page, frames);
  const reset = await settledCanvasPixels(page);
  expect(changedFraction(posed, reset)).toBeGreaterThan(0.004);

  frames = await framesRendered(page);
  await page.getByTestId('import-pose').click();
  await expect(page.getByRole('dialog', { name: 'Import a pose' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('import-modal.png') });
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-choose-file').click();
  await (await chooser).setFiles(file);
  await expect(page.getByText('Pose imported')).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Import a pose' })).toBeHidden();
  await expect(page.getByTestId('session-name')).toHaveValue(name);
  await expect(page.getByTestId('save-state')).toHaveText('Not saved yet');
  await page.screenshot({ path: testInfo.outputPath('imported-page.png') });
  // The notification floats over the viewport; compare once it has gone.
  await expect(page.getByText('Pose imported')).toBeHidden({ timeout: 10_000 });
  await expect(page.getByTestId('selected-joint-name')).toHaveText('Left shoulder');
  await waitForRender(page, frames);
  const imported = await settledCanvasPixels(page);
  await page.getByTestId('viewport').screenshot({ path: testInfo.outputPath('imported.png') });
  expect(changedFraction(posed, imported)).toBeLessThan(0.001);
  // The sliders show the imported angles.
  await page.getByTestId('joint-item-4').click();
  await expect(page.getByTestId('angle-input-x')).toHaveValue('90°');

  // Undo goes back to the pose the import replaced.
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('angle-input-x')).toHaveValue('0°');
});

test('an invalid pose file is refused with a readable error and changes nothing', async ({ page }, testInfo) => {
  await page.getByTestId('joint-item-4').click();
  await page.getByTestId('import-pose').click();
  await page.getByTestId('import-text').fill('[1, 2, 3]');
  await page.getByTestId('import-load').click();
  await expect(page.getByTestId('import-error')).toContainText('Pasted text: Not a valid pose array: a pose has 66 or 72 axis-angle values.');
  await expect(page.getByText('Import failed — not a pose file')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('import-error.png') });

  const bad = testInfo.outputPath('not-a-pose.json');
  await writeFile(bad, JSON.stringify({ format: 'pose-rft-studio.smpl-pose', version: 1, poseAxisAngle: 'oops' }));
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-choose-file').click();
  await (await chooser).setFiles(bad);
  await expect(page.getByTestId('import-error')).toContainText('“not-a-pose.json”: Not a valid SMPL pose file: poseAxisAngle:');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Import a pose' })).toBeHidden();
  await expect(page.getByTestId('angle-input-x')).toHaveValue('0°');
  await expect(page.getByTestId('save-state')).toHaveText('Not saved yet');
  await expect(page.getByTestId('undo')).toBeDisabled();
});
