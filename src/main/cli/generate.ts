/**
 * `pose-studio generate "<prompt>"`: the studio's own `generate.run` call (the same service, compute process and
 * database as the app), so a generation made here appears in the Generate page's history.
 */
import type { Generation } from '../../shared/api/contract';
import { appVersion } from '../services/app-paths';
import { createBackend } from '../services/backend';
import type { ComputeSpawner } from '../services/compute-host';
import type { CliIO } from './io';

export interface GenerateOptions {
  prompt: string;
  samples: number;
  seed?: number;
  temperature: number;
  sigmaScale: number;
  model: 'policy' | 'policy-deterministic';
  withinLimits: boolean;
  dataDir: string;
  json: boolean;
  spawnCompute?: ComputeSpawner;
}

const deg = (rad: number) => (rad * 180) / Math.PI;

function printTable(g: Generation, io: CliIO): void {
  io.out(`Generation ${g.id}: "${g.prompt}"`);
  io.out(`  model ${g.model}, seed ${g.seed}, G ${g.settings.samples}, temperature ${g.settings.temperature}, σ-scale ${g.settings.sigmaScale}, ${g.settings.withinLimits ? 'poses kept within the joint limits' : 'raw Gaussian draws'}`);
  io.out('  #   valid  semantic  text log p  pose log p  mean σ   answer');
  for (const c of g.candidates) {
    const sigma = c.sigma ? `${deg(c.sigma.reduce((a, b) => a + b, 0) / c.sigma.length).toFixed(1)}°` : '—';
    const sem = c.rewards.semantic !== undefined ? c.rewards.semantic.toFixed(3) : '—';
    io.out(
      `  ${String(c.idx + 1).padStart(2)}  ${c.formatValid ? 'yes  ' : 'NO   '}  ${sem.padStart(8)}  ${c.textLogProb.toFixed(2).padStart(10)}  ${c.poseLogProb === null ? '—'.padStart(10) : c.poseLogProb.toFixed(1).padStart(10)}  ${sigma.padStart(6)}   ${c.text}`,
    );
  }
}

export async function runGenerate(o: GenerateOptions, io: CliIO): Promise<number> {
  const backend = await createBackend({ dataDir: o.dataDir, mode: 'server', version: appVersion(), ...(o.spawnCompute ? { spawnCompute: o.spawnCompute } : {}) });
  try {
    const r = await backend.invoke(
      'generate.run',
      { prompt: o.prompt, samples: o.samples, temperature: o.temperature, sigmaScale: o.sigmaScale, model: o.model, withinLimits: o.withinLimits, ...(o.seed !== undefined ? { seed: o.seed } : {}) },
      { onProgress: (p) => (o.json ? undefined : io.err(`  ${Math.round(p.fraction * 100)}% ${p.message}`)) },
    );
    if (!r.ok) {
      if (o.json) io.out(JSON.stringify({ ok: false, error: r.error }));
      io.err(`pose-studio generate: ${r.error.code}: ${r.error.message}`);
      return 1;
    }
    const g = r.value as Generation;
    if (o.json) io.out(JSON.stringify(g));
    else printTable(g, io);
    return 0;
  } finally {
    await backend.close();
  }
}
