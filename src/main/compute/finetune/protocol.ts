/**
 * The training process's methods and the events its `finetune.run` reports. Events ride on the compute
 * protocol's progress messages (fraction = share of the run's steps done, message = one JSON event), so the
 * training process needs no protocol of its own; the host parses each message with `RunEvent` and ignores
 * anything else.
 */
import { z } from 'zod';

const Id = z.string().min(1).max(64);

export const RunParams = z
  .object({
    dataDir: z.string().min(1),
    /** better-sqlite3's addon for this runtime's ABI (packaged Electron); absent under Node. */
    nativeBinding: z.string().min(1).optional(),
    /** A new run (config already validated by the host, checked again here) or a run to resume. */
    source: z.union([z.object({ config: z.record(z.string(), z.unknown()), name: z.string().min(1).max(200).optional() }).strict(), z.object({ resume: Id }).strict()]),
    threads: z.number().int().min(1).max(64),
  })
  .strict();
export type RunParams = z.infer<typeof RunParams>;

export const StopParams = z.object({ runId: Id }).strict();

export const RunEvent = z.discriminatedUnion('event', [
  z.object({ event: z.literal('start'), runId: Id, from: z.number().int().nonnegative(), steps: z.number().int().positive() }),
  z.object({ event: z.literal('step'), runId: Id, step: z.number().int().positive(), steps: z.number().int().positive() }),
  z.object({ event: z.literal('checkpoint'), runId: Id, step: z.number().int().positive(), steps: z.number().int().positive() }),
]);
export type RunEvent = z.infer<typeof RunEvent>;

export const RunOutcome = z.object({ runId: Id, step: z.number().int().nonnegative(), lastCheckpoint: z.string().nullable(), seconds: z.number() });
export type RunOutcome = z.infer<typeof RunOutcome>;

/** Parses a progress message as a run event; null for anything else. */
export function parseRunEvent(message: string): RunEvent | null {
  try {
    const r = RunEvent.safeParse(JSON.parse(message));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
