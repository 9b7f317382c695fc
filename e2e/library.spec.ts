import { expect, test } from '@playwright/test';
import { openStudio, waitForRender } from './helpers';

test('a pose saved in the Pose lab appears in the Library, opens, renames and deletes', async ({
  page,
}, testInfo) => {
  const name = `E2E kneel ${Date.now()}`;
  await openStudio(page, '#/pose-lab');
  await page.getByTestId('session-name').fill(name);
  await page.getByTestId('joint-item-4').click();
  const knee = page.getByTestId('angle-input-x');
  await knee.fill('90');
  await knee.press('Tab');
  await expect(page.getByTestId('save-state')).toHaveText('Not saved yet');
  await page.getByTestId('save-pose').click();
  await expect(page.getByText('Pose saved')).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveText('Saved');

  // Further saves are recorded as edits of the same session.
  for (const angle of ['100', '120']) {
    await knee.fill(angle);
    await knee.press('Tab');
    await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');
    await page.getByTestId('save-pose').click();
    await expect(page.getByTestId('save-state')).toHaveText('Saved');
  }

  await page.getByTestId('nav-library').click();
  const row = page.getByTestId('session-row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('session-edits')).toHaveText('2'); // two edits after the first save
  await row.click();
  await waitForRender(page, 0, 'library-viewport');
  await page.screenshot({ path: testInfo.outputPath('library.png') });

  // Open it in a fresh Pose lab document.
  await page.getByTestId('nav-pose-lab').click();
  await page.getByTestId('save-menu').click();
  await page.getByTestId('new-pose').click();
  await expect(page.getByTestId('session-name')).toHaveValue('Untitled pose');
  await page.getByTestId('nav-library').click();
  await row.getByTestId('session-open').click();
  await expect(page.getByTestId('page-pose-lab')).toBeVisible();
  await expect(page.getByTestId('session-name')).toHaveValue(name);
  await page.getByTestId('joint-item-4').click();
  await expect(page.getByTestId('angle-input-x')).toHaveValue('120°');
  await expect(page.getByTestId('save-state')).toHaveText('Saved');

  // The history previews an older edit against the current pose and restores it into the Pose lab.
  await page.getByTestId('nav-library').click();
  await row.click();
  const history = page.getByTestId('history-item');
  await expect(history).toHaveCount(2);
  await history.last().click(); // the oldest edit (knee at 100°)
  await expect(page.getByTestId('library-viewport')).toHaveAttribute('data-figures', '2');
  await page.screenshot({ path: testInfo.outputPath('library-history.png') });
  await page.getByTestId('history-restore').click();
  await expect(page.getByTestId('page-pose-lab')).toBeVisible();
  await page.getByTestId('joint-item-4').click();
  await expect(page.getByTestId('angle-input-x')).toHaveValue('100°');
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');

  // Rename.
  await page.getByTestId('nav-library').click();
  await row.getByTestId('session-rename').click();
  await page.getByTestId('rename-input').fill(`${name} (renamed)`);
  await page.getByTestId('rename-confirm').click();
  const renamed = page.getByTestId('session-row').filter({ hasText: `${name} (renamed)` });
  await expect(renamed).toHaveCount(1);

  // Delete everything, confirming each, until the empty state shows.
  for (;;) {
    const rows = page.getByTestId('session-row');
    const n = await rows.count();
    if (n === 0) break;
    await rows.first().getByTestId('session-delete').click();
    await page.getByTestId('delete-confirm').click();
    await expect(rows).toHaveCount(n - 1);
  }
  await expect(page.getByTestId('library-empty')).toContainText('No saved sessions yet');
});

test('a session deleted behind the Pose lab leaves its pose as an unsaved document', async ({
  page,
  request,
}) => {
  const name = `E2E vanishing ${Date.now()}`;
  await openStudio(page, '#/pose-lab');
  await page.getByTestId('session-name').fill(name);
  await page.getByTestId('save-pose').click();
  await expect(page.getByTestId('save-state')).toHaveText('Saved');

  // Someone else (another window, the CLI) deletes the session.
  const list = await (await request.post('/api/call/sessions.list', { data: {} })).json();
  const session = (list.value.sessions as { id: string; name: string }[]).find((s) => s.name === name)!;
  const deleted = await (
    await request.post('/api/call/sessions.delete', { data: { id: session.id } })
  ).json();
  expect(deleted).toEqual({ ok: true, value: { deleted: true } });

  await expect(
    page.locator('.mantine-Notification-root').filter({ hasText: 'Session deleted' }),
  ).toContainText(name);
  await expect(page.getByTestId('save-state')).toHaveText('Not saved yet');
});

test('a failed call is shown to the user with the reason', async ({ page, request }, testInfo) => {
  const name = `E2E rename target ${Date.now()}`;
  const created = await (
    await request.post('/api/call/sessions.create', { data: { name, kind: 'pose' } })
  ).json();
  expect(created.ok).toBe(true);
  await openStudio(page, '#/library');
  const row = page.getByTestId('session-row').filter({ hasText: name });
  await row.getByTestId('session-rename').click();
  await page.getByTestId('rename-input').fill(`${name} (renamed)`);

  // The session disappears while the rename dialog is open; the rename then fails on the backend.
  await request.post('/api/call/sessions.delete', { data: { id: created.value.id } });
  await expect(row).toHaveCount(0);
  await page.getByTestId('rename-confirm').click();
  const note = page.locator('.mantine-Notification-root').filter({ hasText: 'Renaming the session failed' });
  await expect(note).toBeVisible();
  await expect(note).toContainText('(not_found)');
  await page.waitForTimeout(600); // let the notification finish sliding in
  await page.screenshot({ path: testInfo.outputPath('call-error.png') });
});
