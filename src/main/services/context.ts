import type { CallName, CallResponse, ParsedRequest, Progress } from '../../shared/api/contract';
import type { Result } from '../../shared/api/errors';
import type { Store } from '../storage';
import type { ComputeHost } from './compute-host';
import type { EventHub } from './events';
import type { TrainingSupervisor } from './training-supervisor';

export interface ServiceContext {
  readonly store: Store;
  readonly compute: ComputeHost;
  readonly events: EventHub;
  /** The training process and the one run it may be running. */
  readonly training: TrainingSupervisor;
  readonly app: { readonly version: string; readonly mode: 'electron' | 'server'; readonly dataDir: string };
}

/** Per-call controls: long-running handlers report progress and stop when the signal aborts. */
export interface CallControl {
  readonly signal: AbortSignal;
  /** No-op for calls the contract does not mark `progress: true`. */
  progress(p: Progress): void;
}

export type Handler<N extends CallName> = (
  req: ParsedRequest<N>,
  ctx: ServiceContext,
  call: CallControl,
) => Promise<Result<CallResponse<N>>> | Result<CallResponse<N>>;

export type HandlerTable<N extends CallName = CallName> = { [K in N]: Handler<K> };
