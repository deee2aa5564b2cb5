// Whether an entry point's addresses are reachable from the internet: all private/loopback/shared = internal.

/** Private, loopback and shared ranges: a Gateway whose addresses all fall inside them is internal. */
const PRIVATE = [/^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./, /^127\./, /^f[cd]/i, /^fe80:/i];

export type Exposure = 'external' | 'internal' | 'unknown';

/** `unknown` when no address is written (the cluster assigns one). */
export function exposure(addresses: readonly string[]): Exposure {
  if (addresses.length === 0) return 'unknown';
  return addresses.every((a) => PRIVATE.some((r) => r.test(a))) ? 'internal' : 'external';
}
