import { expect, test } from '@playwright/test';
import { openStudio } from './helpers';

test('the studio loads with its shell, the compute process ready, and no console errors', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // The browser asks for /favicon.ico on its own; that 404 is not the app's.
    if (m.type() === 'error' && !/favicon/.test(m.location().url)) errors.push(m.text());
  });
  // In server mode the client talks to the backend over the WebSocket.
  const socket = page.waitForEvent('websocket', (ws) => new URL(ws.url()).pathname === '/api/ws');
  await openStudio(page);
  await socket;
  await expect(page).toHaveTitle('Pose-RFT Studio');
  await expect(page.getByTestId('nav')).toBeVisible();
  await expect(page.getByTestId('page-pose-lab')).toBeVisible();
  await expect(page.getByTestId('viewport').locator('canvas')).toBeVisible();
  expect(errors).toEqual([]);
});

test('navigation reaches every page and the address follows it', async ({ page }) => {
  await openStudio(page);
  const pages = [
    {
      nav: 'nav-library',
      page: 'page-library',
      hash: '#/library',
      check: page.getByRole('heading', { name: 'Library' }),
    },
    {
      nav: 'nav-settings',
      page: 'page-settings',
      hash: '#/settings',
      check: page.getByRole('heading', { name: 'Models & settings' }),
    },
    {
      nav: 'nav-pose-lab',
      page: 'page-pose-lab',
      hash: '#/pose-lab',
      check: page.getByTestId('joint-inspector'),
    },
  ];
  for (const p of pages) {
    await page.getByTestId(p.nav).click();
    await expect(page.getByTestId(p.page)).toBeVisible();
    await expect(p.check).toBeVisible();
    expect(new URL(page.url()).hash).toBe(p.hash);
    await expect(page.getByTestId(p.nav)).toHaveAttribute('data-active', 'true');
  }
  // Reloading keeps the page, and the browser's back button walks the history.
  await page.getByTestId('nav-library').click();
  await page.reload();
  await expect(page.getByTestId('page-library')).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('page-pose-lab')).toBeVisible();
});

test('the theme toggle switches to dark and the choice survives a reload', async ({ page }) => {
  await openStudio(page);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
  await page.getByTestId('theme-toggle').click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.reload();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.getByTestId('theme-toggle').click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
});

test('Models & settings shows the compute runtime, storage and app information from the backend', async ({
  page,
  request,
}) => {
  await openStudio(page, '#/settings');
  const info = await (await request.post('/api/call/compute.info', { data: {} })).json();
  expect(info.ok).toBe(true);
  await expect(page.getByTestId('ort-version')).toHaveText(info.value.ort);
  await expect(page.getByTestId('ort-version')).toHaveText(/^\d+\.\d+\.\d+/);
  for (const p of info.value.active as string[])
    await expect(page.getByTestId('providers-active')).toContainText(p);
  await expect(page.getByTestId('self-test')).toContainText(info.value.selfTest.ok ? 'passed' : 'failed');
  await expect(page.getByTestId('integrity')).toHaveText('ok');
  await expect(page.getByTestId('data-dir')).toHaveText(process.env.POSE_STUDIO_E2E_DATA!);
  await expect(page.getByTestId('migrations').locator('tbody tr').first()).toBeVisible();
  await expect(page.getByTestId('app-version')).toHaveText(/\d+\.\d+\.\d+/);
});

test('a crashed compute process is reported, restarted and shown with its new pid', async ({
  page,
  request,
}) => {
  await openStudio(page, '#/settings');
  const before = (await (await request.post('/api/call/compute.info', { data: {} })).json()).value;
  await expect(page.getByTestId('compute-process')).toContainText(`pid ${before.pid}`);

  // Kill the compute process as a native crash would.
  process.kill(before.pid, 'SIGKILL');
  await expect(
    page.locator('.mantine-Notification-root').filter({ hasText: 'The compute process crashed' }),
  ).toBeVisible();
  await expect(
    page.locator('.mantine-Notification-root').filter({ hasText: 'Compute process restarted' }),
  ).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByTestId('compute-status')).toHaveAttribute('data-state', 'ready');
  const after = (await (await request.post('/api/call/compute.info', { data: {} })).json()).value;
  expect(after.pid).not.toBe(before.pid);
  expect(after.restarts).toBe(before.restarts + 1);
  await expect(page.getByTestId('compute-process')).toContainText(`pid ${after.pid}`);
  await expect(page.getByTestId('compute-process')).toContainText(`${after.restarts} restart`);
});
