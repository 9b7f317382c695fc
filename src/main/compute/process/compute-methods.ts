import { z } from 'zod';
import { runtimeReport } from '../runtime';
import type { ComputeProcessInfo } from './protocol';
import type { MethodRegistry } from './registry';
import type { SelfTestResult } from './self-test';
import { runSpeedTest } from './speed-test';
import { calls } from '../../../shared/api/contract';

/** What compute.info reports: the runtime as it is now, plus the start-up self-test. */
export function describeCompute(selfTest: SelfTestResult): ComputeProcessInfo {
  const r = runtimeReport();
  return {
    ort: r.ort,
    providers: [...r.available],
    // Before any model is loaded, CPU is what a session would get first on this machine.
    active: r.active.length ? [...r.active] : r.available.slice(0, 1),
    threads: { intraOp: r.intraOpThreads, interOp: r.interOpThreads },
    pid: process.pid,
    selfTest: { ok: selfTest.ok, ms: selfTest.ms, detail: selfTest.detail },
  };
}

export function registerComputeMethods(registry: MethodRegistry, selfTest: SelfTestResult): void {
  registry.register('compute.info', {
    params: z.object({}).strict(),
    run: () => describeCompute(selfTest),
  });
  registry.register('compute.speedTest', {
    // The contract's bounds, checked again here: the host is not the only thing that could send a request.
    params: calls['compute.speedTest'].request,
    run: (params, ctx) => runSpeedTest(params, ctx),
  });
}
