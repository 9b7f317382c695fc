import { z } from 'zod';
import { MethodError, type MethodRegistry } from './registry';

/**
 * Methods that exist only to prove the host's progress, cancel and crash handling in tests. They are
 * registered only when the compute process starts with POSE_STUDIO_COMPUTE_DEBUG=1, which neither the app
 * nor the CLI sets, so no UI or HTTP caller can reach them.
 */
export function registerDebugMethods(registry: MethodRegistry): void {
  registry.register('debug.echo', {
    params: z.object({ value: z.unknown() }),
    run: ({ value }) => ({ value, pid: process.pid }),
  });

  registry.register('debug.sleep', {
    params: z.object({ steps: z.number().int().min(1).max(1000), stepMs: z.number().int().min(0).max(10_000) }),
    async run({ steps, stepMs }, ctx) {
      for (let i = 0; i < steps; i++) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, stepMs);
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(t);
            resolve();
          });
        });
        if (ctx.signal.aborted) throw new MethodError('cancelled', `debug.sleep cancelled after ${i} of ${steps} steps`);
        ctx.progress((i + 1) / steps, `step ${i + 1} of ${steps}`);
      }
      return { steps };
    },
  });

  registry.register('debug.crash', {
    params: z.object({ how: z.enum(['exit', 'kill']).default('exit'), code: z.number().int().min(1).max(255).default(7) }),
    run({ how, code }) {
      // Leave a moment for nothing: the point is to die with the call in flight.
      if (how === 'kill') process.kill(process.pid, 'SIGKILL');
      else process.exit(code);
    },
  });

  registry.register('debug.fail', {
    params: z.object({ message: z.string() }),
    run({ message }) {
      throw new Error(message);
    },
  });
}
