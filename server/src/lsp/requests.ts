// Typed registration of the custom `netlens/...` requests and notifications of protocol.ts.
import type { Connection } from 'vscode-languageserver';
import type { NotificationDef, RequestDef } from '../protocol.ts';
import { safeRequest } from './safe.ts';
import type { Service } from './service.ts';

/** Registers a custom request handler, guarded: a failure is logged and `fallback` answered. */
export function onCustomRequest<P, R>(
  connection: Connection,
  service: Service,
  def: RequestDef<P, R>,
  fallback: R,
  handler: (params: P) => R | Promise<R>,
): void {
  connection.onRequest(def.method, safeRequest(service, def.method, fallback, (params: unknown) => handler(params as P)));
}

export function sendCustomNotification<P>(connection: Connection, def: NotificationDef<P>, params: P): Promise<void> {
  return connection.sendNotification(def.method, params);
}
