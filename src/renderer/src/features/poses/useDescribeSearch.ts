import { useEffect, useRef, useState } from 'react';
import { DESCRIBE_SEARCH_LIMITS, type ApiError, type CallResponse } from '@shared/api';
import { useClient } from '../../api/StudioContext';
import { DESCRIBE_DEBOUNCE_MS, describableText } from './describeSearch';

export interface DescribeSearchRequest {
  text: string;
  category: string | null;
  mirrors: boolean;
  limit: number;
}

export interface DescribeSearchState {
  /** The description the results answer (they stay shown while the next one runs). */
  query: string | null;
  data: CallResponse<'library.describeSearch'> | null;
  error: ApiError | null;
  /** Waiting for typing to pause, or for the answer. */
  loading: boolean;
}

const IDLE: DescribeSearchState = { query: null, data: null, error: null, loading: false };

/**
 * Ranks the library against `text` once typing pauses (DESCRIBE_DEBOUNCE_MS; `now` skips the wait, e.g. on
 * Enter); a newer request cancels the one in flight, so answers never arrive out of order. `retry` asks again.
 */
export function useDescribeSearch(req: DescribeSearchRequest, now = 0, retry = 0): DescribeSearchState {
  const client = useClient();
  const [state, setState] = useState<DescribeSearchState>(IDLE);
  const lastNow = useRef(now);
  const text = describableText(req.text, DESCRIBE_SEARCH_LIMITS.maxChars);

  useEffect(() => {
    if (text === null) {
      setState(IDLE);
      return;
    }
    setState((s) => ({ ...s, loading: true }));
    const abort = new AbortController();
    const immediate = now !== lastNow.current;
    lastNow.current = now;
    const timer = setTimeout(
      () => {
        void client
          .call(
            'library.describeSearch',
            { text, limit: req.limit, mirrors: req.mirrors, ...(req.category ? { category: req.category } : {}) },
            { signal: abort.signal },
          )
          .then((r) => {
            if (abort.signal.aborted) return;
            setState(
              r.ok
                ? { query: text, data: r.value, error: null, loading: false }
                : { query: text, data: null, error: r.error, loading: false },
            );
          });
      },
      immediate ? 0 : DESCRIBE_DEBOUNCE_MS,
    );
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [client, text, req.category, req.mirrors, req.limit, now, retry]);

  return state;
}
