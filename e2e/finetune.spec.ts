import { expect, test, type Page } from '@playwright/test';
import { openStudio } from './helpers';

/**
 * The Fine-tune page against the real backend and training process: a quick run configured through the form,
 * live charts that grow step by step, stop, resume after the checkpoint, a promoted checkpoint that Generate then
 * samples from under its own label. The run uses the shipped policy and a small query build so steps take seconds.
 */

async function setField(page: Page, path: string, value: string | number) {
  const input = page.getByTestId(`field-${path}`);
  await input.fill(String(value));
  await input.blur();
}

async function openGroup(page: Page, group: string) {
  const control = page.getByTestId(`finetune-group-${group}`);
  if ((await control.getAttribute('aria-expanded')) !== 'true') await control.click();
}

const points = async (page: Page, chart: string) => Number((await page.getByTestId(`chart-${chart}`).getAttribute('data-points')) ?? '0');

test('start a quick run from the form, watch the charts grow, stop, resume, promote a checkpoint for Generate', async ({ page }) => {
  test.setTimeout(900_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // The browser asks for /favicon.ico on its own; that 404 is not the app's (as studio.spec.ts says).
    if (m.type() === 'error' && !/favicon/.test(m.location().url)) errors.push(m.text());
  });

  await openStudio(page, '#/finetune');
  await expect(page.getByTestId('finetune-page')).toBeVisible();
  await expect(page.getByTestId('finetune-active-policy')).toHaveAttribute('data-source', 'shipped');

  // Every field is explained: the form shows each field's help under its label.
  await expect(page.getByTestId('finetune-form')).toContainText('Candidates sampled per query');

  // The validator's messages reach the field they concern.
  await setField(page, 'groupSize', 1);
  await expect(page.getByTestId('finetune-form')).toContainText(/groupSize|>=2|too small/i);
  await expect(page.getByTestId('finetune-start')).toBeDisabled();

  // quick-cpu, made quicker through the form.
  // Long enough that the stop below lands mid-run on an idle machine too.
  await setField(page, 'steps', 30);
  await setField(page, 'evalPrompts', 8);
  await setField(page, 'groupSize', 2);
  await setField(page, 'queriesPerStep', 1);
  await setField(page, 'checkpointEvery', 2);
  await openGroup(page, 'Sampling');
  await setField(page, 'sampling.maxNewTokens', 32);
  await openGroup(page, 'Models and data');
  await setField(page, 'data.seed', 5);
  await setField(page, 'data.count', 200);
  await setField(page, 'data.shardSize', 200);
  await setField(page, 'data.pool', 40);
  await page.getByTestId('finetune-name').fill('e2e quick run');
  await expect(page.getByTestId('finetune-form')).toContainText('The engine accepts this config.');
  await page.screenshot({ path: 'test-results/finetune-form.png' });

  await page.getByTestId('finetune-start').click();
  const runs = page.getByTestId('finetune-runs');
  const row = runs.locator('[data-status]').first();
  // The start answers once the training process has recorded the run (process start-up and model load first).
  await expect(row).toHaveAttribute('data-status', 'running', { timeout: 240_000 });
  await expect(page.getByTestId('finetune-run-title')).toHaveText('e2e quick run');

  // Charts update as steps arrive.
  await expect.poll(() => points(page, 'kl-text'), { timeout: 300_000 }).toBeGreaterThan(0);
  const first = await points(page, 'kl-text');
  await expect.poll(() => points(page, 'kl-text'), { timeout: 300_000 }).toBeGreaterThan(first);
  // A checkpoint (step 2) before stopping, so the resume has one to continue from.
  await expect.poll(() => points(page, 'kl-text'), { timeout: 300_000 }).toBeGreaterThanOrEqual(3);
  expect(await points(page, 'rewards')).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/finetune-charts.png' });

  await row.getByTestId('run-stop').click();
  await expect(row).toHaveAttribute('data-status', 'cancelled', { timeout: 180_000 });
  await expect(page.getByTestId('finetune-run-status')).toHaveText('cancelled');
  const resume = row.getByTestId('run-resume');
  await expect(resume).toContainText(/from step \d+/);
  await page.screenshot({ path: 'test-results/finetune-stopped.png' });

  await resume.click();
  await expect(row).toHaveAttribute('data-status', /running|completed/, { timeout: 240_000 });
  await expect(row).toHaveAttribute('data-status', 'completed', { timeout: 600_000 });
  await expect.poll(() => points(page, 'kl-text')).toBe(30);

  await page.getByTestId('tab-checkpoints').click();
  const ck = page.getByTestId('checkpoint-4');
  await expect(page.getByTestId('finetune-checkpoints').locator('tbody tr')).toHaveCount(15);
  await ck.getByTestId('checkpoint-promote').click();
  await expect(ck.getByTestId('checkpoint-active')).toBeVisible();
  await expect(page.getByTestId('finetune-active-policy')).toHaveAttribute('data-source', 'checkpoint');
  const name = (await page.getByTestId('finetune-active-policy-name').textContent()) ?? '';
  const policyName = /hygrpo-[0-9a-f]{8}-step4/i.exec(name)?.[0];
  expect(policyName, name).toBeTruthy();
  await page.screenshot({ path: 'test-results/finetune-promoted.png' });

  // Generate samples from the promoted checkpoint and says so.
  await page.getByTestId('nav-generate').click();
  await expect(page.getByTestId('generate-active-policy')).toContainText(policyName!);
  await page.getByTestId('generate-prompt').fill('standing with both arms raised');
  await page.getByTestId('generate-samples').fill('4');
  await page.getByTestId('generate-prompt').focus();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('generation-meta')).toContainText(`${policyName}@`, { timeout: 120_000 });
  await page.screenshot({ path: 'test-results/finetune-generate.png' });

  // And back to the shipped policy.
  await page.getByTestId('nav-finetune').click();
  await page.getByTestId('finetune-use-shipped').click();
  await expect(page.getByTestId('finetune-active-policy')).toHaveAttribute('data-source', 'shipped');
  expect(errors).toEqual([]);
});
