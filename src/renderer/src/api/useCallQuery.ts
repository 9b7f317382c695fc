import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, CallName, CallRequest, CallResponse } from '@shared/api';
import { useClient } from './StudioContext';

export interface CallQuery<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Runs a read-only call when the component mounts (and on reload); errors stay data for the page to show. */
export function useCallQuery<N extends CallName>(
  name: N,
  req: CallRequest<N>,
  key = '',
): CallQuery<CallResponse<N>> {
  const client = useClient();
  const [state, setState] = useState<{
    data: CallResponse<N> | null;
    error: ApiError | null;
    loading: boolean;
  }>({
    data: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const reqRef = useRef(req);
  reqRef.current = req;
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    void client.call(name, reqRef.current).then((r) => {
      if (!live) return;
      setState(
        r.ok
          ? { data: r.value, error: null, loading: false }
          : { data: null, error: r.error, loading: false },
      );
    });
    return () => {
      live = false;
    };
  }, [client, name, key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
