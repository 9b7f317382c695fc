/// <reference lib="dom" />
import { expect, type Page } from '@playwright/test';

/** Opens the studio and waits until the backend has answered (compute process ready). */
export async function openStudio(page: Page, hash = '#/pose-lab') {
  await page.goto(`/${hash}`);
  await expect(page.getByTestId('app-title')).toHaveText('Pose-RFT Studio');
  await expect(page.getByTestId('compute-status')).toHaveAttribute('data-state', 'ready');
}

/** Frames the viewport has rendered so far (the on-demand loop renders only after changes). */
export async function framesRendered(page: Page, testId = 'viewport'): Promise<number> {
  return Number((await page.getByTestId(testId).getAttribute('data-frames')) ?? '0');
}

/** Waits for the viewport to render at least one frame after `since`, then for it to settle. */
export async function waitForRender(page: Page, since: number, testId = 'viewport') {
  await expect.poll(() => framesRendered(page, testId), { timeout: 15_000 }).toBeGreaterThan(since);
  let last = -1;
  // Settled: no new frame for a short while (SwiftShader renders a frame in tens of milliseconds).
  for (let i = 0; i < 20; i++) {
    const now = await framesRendered(page, testId);
    if (now === last) return;
    last = now;
    await page.waitForTimeout(250);
  }
}

export interface CanvasPixels {
  width: number;
  height: number;
  data: Buffer;
}

/** The WebGL canvas's pixels (RGBA), read through a 2D canvas; the app keeps its drawing buffer for this. */
export async function canvasPixels(page: Page, testId = 'viewport'): Promise<CanvasPixels> {
  const r = await page
    .getByTestId(testId)
    .locator('canvas')
    .evaluate((c: HTMLCanvasElement) => {
      const tmp = document.createElement('canvas');
      tmp.width = c.width;
      tmp.height = c.height;
      const ctx = tmp.getContext('2d')!;
      ctx.drawImage(c, 0, 0);
      const img = ctx.getImageData(0, 0, c.width, c.height);
      let bin = '';
      const bytes = img.data;
      for (let i = 0; i < bytes.length; i += 0x8000)
        bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { width: c.width, height: c.height, b64: btoa(bin) };
    });
  return { width: r.width, height: r.height, data: Buffer.from(r.b64, 'base64') };
}

/** The mannequin is warm wood; the stage, grid and shadow are cool greys. */
export function isFigurePixel(r: number, g: number, b: number): boolean {
  return r - b > 40 && r > 80 && g > 40;
}

export function figureStats(px: CanvasPixels) {
  let count = 0;
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (let y = 0; y < px.height; y++) {
    for (let x = 0; x < px.width; x++) {
      const i = (y * px.width + x) * 4;
      if (isFigurePixel(px.data[i], px.data[i + 1], px.data[i + 2])) {
        count++;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  return { count, fraction: count / (px.width * px.height), box: { minX, minY, maxX, maxY } };
}

/** Share of pixels that changed noticeably between two renders of the same canvas. */
export function changedFraction(a: CanvasPixels, b: CanvasPixels, threshold = 24): number {
  expect(a.width).toBe(b.width);
  expect(a.height).toBe(b.height);
  let changed = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    const d = Math.max(
      Math.abs(a.data[i] - b.data[i]),
      Math.abs(a.data[i + 1] - b.data[i + 1]),
      Math.abs(a.data[i + 2] - b.data[i + 2]),
    );
    if (d > threshold) changed++;
  }
  return changed / (a.width * a.height);
}

/**
 * The canvas once it has stopped changing: two reads 300 ms apart that agree. On a loaded machine frames
 * can be further apart than waitForRender's quiet period, so a comparison needs the settled picture.
 */
export async function settledCanvasPixels(page: Page, testId = 'viewport', timeoutMs = 15_000): Promise<CanvasPixels> {
  const deadline = Date.now() + timeoutMs;
  let last = await canvasPixels(page, testId);
  for (;;) {
    await page.waitForTimeout(300);
    const now = await canvasPixels(page, testId);
    if (changedFraction(last, now) === 0 || Date.now() > deadline) return now;
    last = now;
  }
}

export interface LibraryListReply {
  poses: { id: string; name: string; category: string; pose: number[] }[];
  categories: { id: string; count: number }[];
}

/** The authored library, straight from the contract (what the Poses page shows). */
export async function libraryList(page: Page): Promise<LibraryListReply> {
  const res = await page.request.post('/api/call/library.list', { data: {} });
  const body = (await res.json()) as { ok: boolean; value: LibraryListReply };
  expect(body.ok).toBe(true);
  return body.value;
}

/** Opens the Poses page and waits for it. */
export async function openPoses(page: Page) {
  await openStudio(page, '#/poses');
  await expect(page.getByTestId('page-poses')).toBeVisible();
}
