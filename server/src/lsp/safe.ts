// Handler guards: an exception in a feature is logged and the request answers empty; the server never dies.
import type { Service } from './service.ts';

/** Wraps a request handler: errors (sync or async) are logged and `fallback` is answered instead. */
export function safeRequest<P extends unknown[], R>(
  service: Service,
  name: string,
  fallback: R,
  handler: (...args: P) => R | Promise<R>,
): (...args: P) => Promise<R> {
  return async (...args: P) => {
    try {
      return await handler(...args);
    } catch (err) {
      service.logError(name, err);
      return fallback;
    }
  };
}

/** Wraps a notification or event listener: errors are logged, nothing propagates. */
export function safeListener<P extends unknown[]>(service: Service, name: string, listener: (...args: P) => unknown): (...args: P) => void {
  return (...args: P) => {
    try {
      const r = listener(...args);
      if (r instanceof Promise) r.catch((err: unknown) => service.logError(name, err));
    } catch (err) {
      service.logError(name, err);
    }
  };
}
