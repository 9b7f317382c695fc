import { useEffect, useState } from 'react';
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
  /** The request the shown results (or error) answer; they stay shown while a newer one runs. */
  answered: (DescribeSearchRequest & { text: string }) | null;
  data: CallResponse<'library.describeSearch'> | null;
  error: ApiError | null;
  /** The current request is not answered yet (typing has not paused, or the answer is on its way). */
  loading: boolean;
}

interface Answer {
  key: string;
  answered: DescribeSearchState['answered'];
  data: DescribeSearchState['data'];
  error: ApiError | null;
}

const NONE: Answer = { key: '', answered: null, data: null, error: null };

/**
 * Ranks the library against `req.text` once typing pauses (DESCRIBE_DEBOUNCE_MS); a change of `now` (Enter, an
 * example) asks at once and a change of `retry` asks again. A newer request cancels the one in flight, so answers
 * never arrive out of order. `loading` is derived from which request the answer belongs to, so it is never stale.
 */
export function useDescribeSearch(req: DescribeSearchRequest, now = 0, retry = 0): DescribeSearchState {
  const client = useClient();
  const [answer, setAnswer] = useState<Answer>(NONE);
  const [lastNow, setLastNow] = useState(now);
  const text = describableText(req.text, DESCRIBE_SEARCH_LIMITS.maxChars);
  const { category, mirrors, limit } = req;
  const key = text === null ? '' : JSON.stringify([text, category, mirrors, limit, now, retry]);

  useEffect(() => {
    if (text === null) return;
    const abort = new AbortController();
    const immediate = now !== lastNow;
    const timer = setTimeout(
      () => {
        setLastNow(now);
        void client
          .call('library.describeSearch', { text, limit, mirrors, ...(category ? { category } : {}) }, { signal: abort.signal })
          .then((r) => {
            if (abort.signal.aborted) return;
            const answered = { text, category, mirrors, limit };
            setAnswer(r.ok ? { key, answered, data: r.value, error: null } : { key, answered, data: null, error: r.error });
          });
      },
      immediate ? 0 : DESCRIBE_DEBOUNCE_MS,
    );
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
    // `key` stands for the request; lastNow only tells an Enter from typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key]);

  if (text === null) return { answered: null, data: null, error: null, loading: false };
  return { answered: answer.answered, data: answer.data, error: answer.error, loading: answer.key !== key };
}
