// Hostname matching as the Gateway API defines it: a leading `*.` stands for one or more DNS labels, a
// listener without hostname accepts every route hostname, a route without hostnames takes the listener's.

/** Whether two hostnames (exact or `*.suffix`) have a request host in common. */
export function hostnamesIntersect(a: string, b: string): boolean {
  return intersection(a, b) !== undefined;
}

/** The more specific of two intersecting hostnames (what requests reaching both look like), else undefined. */
export function intersection(a: string, b: string): string | undefined {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const wx = x.startsWith('*.');
  const wy = y.startsWith('*.');
  if (!wx && !wy) return x === y ? x : undefined;
  if (wx && !wy) return matchesWildcard(y, x) ? y : undefined;
  if (!wx && wy) return matchesWildcard(x, y) ? x : undefined;
  // Two wildcards: the one with the longer suffix is inside the other when its suffix ends with the other's.
  const sx = x.slice(1);
  const sy = y.slice(1);
  if (sx === sy) return x;
  if (sx.endsWith(sy)) return x;
  if (sy.endsWith(sx)) return y;
  return undefined;
}

/** `host` (exact) matches `*.suffix` when it ends with `.suffix` and has at least one label before it. */
export function matchesWildcard(host: string, wildcard: string): boolean {
  const suffix = wildcard.slice(1); // ".example.com"
  return host.length > suffix.length && host.endsWith(suffix);
}

/**
 * The hostnames a route serves through one listener: every intersection of its hostnames with the listener's,
 * the route's own when the listener names none, the listener's when the route names none, `*` when neither does.
 */
export function effectiveHostnames(listenerHostname: string | undefined, routeHostnames: readonly string[]): string[] {
  if (routeHostnames.length === 0) return [listenerHostname ?? '*'];
  if (!listenerHostname) return [...routeHostnames];
  const out: string[] = [];
  for (const h of routeHostnames) {
    const i = intersection(listenerHostname, h);
    if (i !== undefined && !out.includes(i)) out.push(i);
  }
  return out;
}

/** Whether a request for `host` (exact) is served under `pattern` (exact, `*.suffix`, or `*` for any). */
export function hostMatches(host: string, pattern: string): boolean {
  if (pattern === '*') return true;
  const h = host.toLowerCase();
  return pattern.startsWith('*.') ? matchesWildcard(h, pattern) : h === pattern;
}
