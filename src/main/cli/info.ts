import type { ComputeInfo } from '../../shared/api/contract';
import { ComputeProcessInfo } from '../compute/process/protocol';
import { appVersion } from '../services/app-paths';
import { ComputeHost, type ComputeSpawner } from '../services/compute-host';
import { forkSpawner } from '../services/fork-spawner';
import type { CliIO } from './io';

export interface InfoReport {
  version: string;
  dataDir: string;
  node: string;
  platform: string;
  compute: ComputeInfo | null;
  /** Why compute is null. */
  computeError?: { code: string; message: string };
}

/** `pose-studio info`: starts a real compute process, asks it for its report, and stops it. */
export async function runInfo(
  opts: { dataDir: string; json: boolean; spawn?: ComputeSpawner },
  io: CliIO,
): Promise<number> {
  const host = new ComputeHost({ spawn: opts.spawn ?? forkSpawner(), maxRestartsPerMinute: 0 });
  const report: InfoReport = {
    version: appVersion(),
    dataDir: opts.dataDir,
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    compute: null,
  };
  try {
    const r = await host.request('compute.info', {});
    if (r.ok) {
      const parsed = ComputeProcessInfo.safeParse(r.value);
      if (parsed.success) report.compute = { ...parsed.data, restarts: host.restarts };
      else report.computeError = { code: 'internal', message: 'the compute process sent an unreadable report' };
    } else {
      report.computeError = { code: r.error.code, message: r.error.message };
    }
  } finally {
    await host.close();
  }

  const healthy = report.compute !== null && report.compute.selfTest.ok;
  if (opts.json) {
    io.out(JSON.stringify(report));
    return healthy ? 0 : 1;
  }
  io.out(`Pose-RFT Studio ${report.version}`);
  io.out(`Data directory:   ${report.dataDir}`);
  io.out(`Node:             ${report.node} (${report.platform})`);
  const c = report.compute;
  if (!c) {
    io.out(`Compute:          unavailable — ${report.computeError?.message ?? 'unknown error'}`);
    return 1;
  }
  io.out(`ONNX Runtime:     ${c.ort}`);
  io.out(`Providers:        available ${c.providers.join(', ')}; active ${c.active.join(', ')}`);
  io.out(`Threads:          intra-op ${c.threads.intraOp}, inter-op ${c.threads.interOp}`);
  io.out(`Compute process:  pid ${c.pid}`);
  io.out(`Self-test:        ${c.selfTest.ok ? 'passed' : 'FAILED'} in ${c.selfTest.ms} ms — ${c.selfTest.detail}`);
  return healthy ? 0 : 1;
}
