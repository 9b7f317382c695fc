import { z } from 'zod';
import { ComputeInfo } from '../../../shared/api/contract';
import { ResultSchema } from '../../../shared/api/wire';

/**
 * Messages between the backend (host) and the compute process. Both Electron's utilityProcess and
 * child_process.fork (with serialization: 'advanced') carry them as structured clones; each side
 * schema-checks what it receives because a confused peer must not be able to crash the other.
 */

/** What the compute process reports about itself; the host adds its own restart count. */
export const ComputeProcessInfo = ComputeInfo.omit({ restarts: true });
export type ComputeProcessInfo = z.infer<typeof ComputeProcessInfo>;

const RequestId = z.number().int().nonnegative();
export const MethodName = z.string().min(1).max(100);

export const RequestMessage = z.object({ t: z.literal('request'), id: RequestId, method: MethodName, params: z.unknown() });
export const CancelMessage = z.object({ t: z.literal('cancel'), id: RequestId });
/** host → compute */
export const HostMessage = z.discriminatedUnion('t', [RequestMessage, CancelMessage]);
export type HostMessage = z.infer<typeof HostMessage>;

export const ReadyMessage = z.object({ t: z.literal('ready'), info: ComputeProcessInfo });
export const ResponseMessage = z.object({ t: z.literal('response'), id: RequestId, result: ResultSchema });
export const ProgressMessage = z.object({
  t: z.literal('progress'),
  id: RequestId,
  fraction: z.number().min(0).max(1),
  message: z.string().max(1000),
});
/** compute → host */
export const ChildMessage = z.discriminatedUnion('t', [ReadyMessage, ResponseMessage, ProgressMessage]);
export type ChildMessage = z.infer<typeof ChildMessage>;

export interface Progress {
  fraction: number;
  message: string;
}

/** Environment switch that registers the debug.* methods (tests only; never set by the app or the CLI). */
export const DEBUG_METHODS_ENV = 'POSE_STUDIO_COMPUTE_DEBUG';
