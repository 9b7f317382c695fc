import type { z } from 'zod';
import { describeZodError, err, ok, type ErrorCode, type Result } from '../../../shared/api/errors';

export interface MethodContext {
  /** Aborted when the host cancels the call. */
  readonly signal: AbortSignal;
  /** Reports progress in [0, 1]; values outside are clamped. */
  progress(fraction: number, message?: string): void;
}

export interface MethodSpec<P extends z.ZodType = z.ZodType> {
  params: P;
  run(params: z.output<P>, ctx: MethodContext): Promise<unknown> | unknown;
}

/** Thrown by a method to fail with a specific error code instead of `internal`. */
export class MethodError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'MethodError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
}

/** Throws a `cancelled` MethodError when the call has been cancelled; long loops call this between steps. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new MethodError('cancelled', 'The call was cancelled.');
}

export class MethodRegistry {
  private readonly methods = new Map<string, MethodSpec>();

  register<P extends z.ZodType>(name: string, spec: MethodSpec<P>): this {
    if (this.methods.has(name)) throw new Error(`compute method ${name} is registered twice`);
    this.methods.set(name, spec as unknown as MethodSpec);
    return this;
  }

  has(name: string): boolean {
    return this.methods.has(name);
  }

  names(): string[] {
    return [...this.methods.keys()].sort();
  }

  /** Runs a method; every outcome, including exceptions, comes back as a Result. */
  async dispatch(name: string, params: unknown, ctx: MethodContext): Promise<Result<unknown>> {
    const spec = this.methods.get(name);
    if (!spec) return err('unknown_call', `The compute process has no method "${name}".`);
    const parsed = spec.params.safeParse(params ?? {});
    if (!parsed.success) return err('bad_request', `${name}: ${describeZodError(parsed.error)}`);
    try {
      const value = await spec.run(parsed.data, ctx);
      if (ctx.signal.aborted) return err('cancelled', `${name} was cancelled.`);
      return ok(value);
    } catch (e) {
      if (e instanceof MethodError) return err(e.code, e.message, e.details);
      if (ctx.signal.aborted) return err('cancelled', `${name} was cancelled.`);
      const message = e instanceof Error ? e.message : String(e);
      return err('internal', `${name} failed: ${message}`);
    }
  }
}
