// Renders the README's pictures from the real studio: starts server mode on a temporary data dir, stores a few
// poses through the contract, and photographs the Pose lab, the Library compare view, Models & settings and Generate (with the shipped policy) in
// Debian's Chromium. Run: node --import tsx scripts/readme-screenshots.ts  (after `npm run build`).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, startStudio } from './lib/studio';
import { jointIndex, mirrorPose, setJointAngles } from '../src/shared/body';

type Edits = Record<string, [number, number, number]>;

/** Sets joint angles (degrees, joint-angle frames) given for the left side, copying them mirrored to the right. */
function pose(left: Edits, right: Edits = left, centre: Edits = {}): number[] {
  const p = new Float32Array(72);
  for (const [name, a] of Object.entries(centre)) setJointAngles(p, jointIndex(name), a);
  for (const [name, a] of Object.entries(left)) setJointAngles(p, jointIndex(`left_${name}`), a);
  const r = new Float32Array(72);
  for (const [name, a] of Object.entries(right)) setJointAngles(r, jointIndex(`left_${name}`), a);
  const mirrored = mirrorPose(r);
  for (const name of Object.keys(right)) {
    const j = jointIndex(`right_${name}`);
    p.set(mirrored.subarray(j * 3, j * 3 + 3), j * 3);
  }
  return Array.from(p);
}

const POSES: { name: string; pose: number[] }[] = [
  { name: 'Waving hello', pose: pose({ shoulder: [70, 0, 0] }, { shoulder: [-50, 0, 0], elbow: [0, -100, 0] }, { head: [0, 10, 0] }) },
  {
    name: 'Forward lunge',
    pose: pose(
      { hip: [-80, 0, 0], knee: [85, 0, 0], shoulder: [60, 0, 0] },
      { hip: [25, 0, 0], knee: [20, 0, 0], shoulder: [60, 0, 0] },
      { spine1: [-5, 0, 0] },
    ),
  },
  {
    name: 'Arms raised, kneeling',
    pose: pose({ hip: [-10, 0, 0], knee: [110, 0, 0], shoulder: [-80, 0, 0] }, { hip: [-90, 0, 0], knee: [95, 0, 0], shoulder: [-80, 0, 0] }),
  },
];

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pose-studio-shots-'));
  const { server, url } = await startStudio(dataDir);
  const browser = await launchChromium();
  try {
    const ids: string[] = [];
    for (const p of POSES) {
      const res = await fetch(new URL('api/call/sessions.create', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: p.name, pose: p.pose }),
      });
      const body = (await res.json()) as { ok: boolean; value: { id: string } };
      if (!body.ok) throw new Error(`sessions.create failed: ${JSON.stringify(body)}`);
      ids.push(body.value.id);
    }
    const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
    const settle = () => page.waitForTimeout(1500);

    await page.goto(new URL('#/library', url).href);
    await page.getByTestId('session-row').first().waitFor();
    for (const row of await page.getByTestId('session-row').all()) await row.getByRole('checkbox').check();
    await settle();
    await page.screenshot({ path: 'docs/images/library-compare.png' });

    await page.getByTestId('session-row').filter({ hasText: 'Forward lunge' }).getByTestId('session-open').click();
    await page.getByTestId('joint-item-1').click();
    await settle();
    await page.screenshot({ path: 'docs/images/pose-lab.png' });

    await page.goto(new URL('#/settings', url).href);
    await page.getByText('ONNX Runtime').first().waitFor();
    await settle();
    await page.screenshot({ path: 'docs/images/settings.png', fullPage: true });

    // Generate: a fixed seed, so the picture is the same each time the script runs on the same model.
    await page.goto(new URL('#/generate', url).href);
    await page.getByTestId('generate-prompt').fill('kneeling on the left knee with both arms raised');
    await page.getByTestId('generate-samples').fill('8');
    await page.getByTestId('generate-seed').fill('11');
    await page.getByTestId('generate-run').click();
    await page.getByTestId('generation-prompt').waitFor({ timeout: 120_000 });
    const pictures = page.getByTestId('candidate-picture');
    await pictures.first().waitFor();
    for (let i = 0; i < (await pictures.count()); i++) await page.waitForSelector(`[data-testid="candidate-picture"][data-ready="true"] >> nth=${i}`, { timeout: 60_000 });
    await page.keyboard.press('1');
    await settle();
    await page.screenshot({ path: 'docs/images/generate.png' });
    console.log('wrote docs/images/{pose-lab,library-compare,settings,generate}.png');
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
