import { createContext, useContext, useEffect, useState } from 'react';
import type { ComputeInfo, EventPayload } from '@shared/api';
import type { StudioClient } from './client';
import type { ConnectionState } from './transport';

const ClientContext = createContext<StudioClient | null>(null);

export function StudioClientProvider({
  client,
  children,
}: {
  client: StudioClient;
  children: React.ReactNode;
}) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): StudioClient {
  const c = useContext(ClientContext);
  if (!c) throw new Error('useClient outside StudioClientProvider');
  return c;
}

export function useConnection(): ConnectionState {
  const client = useClient();
  const [state, setState] = useState<ConnectionState>(client.connection());
  useEffect(() => {
    setState(client.connection());
    return client.onConnection(setState);
  }, [client]);
  return state;
}

export type ComputeState = EventPayload<'compute.status'>['state'] | 'unknown';
export interface ComputeStatusView {
  state: ComputeState;
  message: string;
  pid: number | null;
  restarts: number;
}

/**
 * The compute process's state: seeded from compute.info (it answers only when the process is up), then
 * kept current by compute.status events.
 */
export function useComputeStatus(): ComputeStatusView {
  const client = useClient();
  const [view, setView] = useState<ComputeStatusView>({
    state: 'unknown',
    message: 'Checking the compute process…',
    pid: null,
    restarts: 0,
  });
  useEffect(() => {
    let live = true;
    let gotEvent = false;
    const off = client.subscribe('compute.status', (p) => {
      gotEvent = true;
      setView({ state: p.state, message: p.message, pid: p.pid, restarts: p.restarts });
    });
    void client.call('compute.info', {}).then((r) => {
      if (!live || gotEvent) return;
      if (r.ok) setView(fromInfo(r.value));
      else setView({ state: 'crashed', message: r.error.message, pid: null, restarts: 0 });
    });
    return () => {
      live = false;
      off();
    };
  }, [client]);
  return view;
}

function fromInfo(info: ComputeInfo): ComputeStatusView {
  return {
    state: 'ready',
    message: info.selfTest.ok
      ? `ONNX Runtime ${info.ort} ready`
      : `ONNX Runtime ${info.ort}: self-test failed (${info.selfTest.detail})`,
    pid: info.pid,
    restarts: info.restarts,
  };
}
