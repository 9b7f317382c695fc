import type { CallName, CallResponse, ParsedRequest } from '../../shared/api/contract';
import type { Result } from '../../shared/api/errors';
import type { Store } from '../storage';
import type { ComputeHost } from './compute-host';
import type { EventHub } from './events';

export interface ServiceContext {
  readonly store: Store;
  readonly compute: ComputeHost;
  readonly events: EventHub;
  readonly app: { readonly version: string; readonly mode: 'electron' | 'server'; readonly dataDir: string };
}

export type Handler<N extends CallName> = (
  req: ParsedRequest<N>,
  ctx: ServiceContext,
) => Promise<Result<CallResponse<N>>> | Result<CallResponse<N>>;

export type HandlerTable<N extends CallName = CallName> = { [K in N]: Handler<K> };
