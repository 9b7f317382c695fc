import { z } from 'zod';

/** Every failure that crosses a process boundary travels as this value, never as a thrown exception. */
export const ApiErrorSchema = z.object({
  code: z.enum([
    'bad_request', // payload failed its schema
    'not_found',
    'conflict',
    'unauthorized',
    'unknown_call',
    'compute_crashed', // the compute process died while the call was in flight
    'compute_unavailable',
    'cancelled',
    'storage_error',
    'internal',
  ]),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
export type ErrorCode = ApiError['code'];

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string, details?: unknown): Result<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

/** Turns a zod failure into a readable message: "pose: expected 72 numbers, got 3; name: required". */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
