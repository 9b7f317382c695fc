import { notifications } from '@mantine/notifications';
import type { ApiError, Result } from '@shared/api';

const TITLES: Partial<Record<ApiError['code'], string>> = {
  bad_request: 'The request was not valid',
  not_found: 'Not found',
  conflict: 'Conflict',
  unauthorized: 'Not authorised',
  compute_crashed: 'The compute process crashed',
  compute_unavailable: 'The compute process is unavailable',
  storage_error: 'Storage error',
  internal: 'Something went wrong',
};

/** Shows a failed call to the user: what was attempted, what the backend said, and its error code. */
export function notifyError(action: string, error: ApiError) {
  notifications.show({
    color: 'red',
    title: `${action} failed — ${TITLES[error.code] ?? error.code}`,
    message: `${error.message} (${error.code})`,
    autoClose: 8000,
    withBorder: true,
  });
}

export function notifySuccess(title: string, message?: string) {
  notifications.show({ color: 'teal', title, message: message ?? '', autoClose: 3000, withBorder: true });
}

/** Unwraps a result for a UI action: the value, or null after telling the user why. */
export function valueOrNotify<T>(action: string, result: Result<T>): T | null {
  if (result.ok) return result.value;
  notifyError(action, result.error);
  return null;
}
