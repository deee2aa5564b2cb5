// The CEL rules' verdicts memoised by rule and value (validate/cel.ts): a rule's result depends on `self` alone.
import type { CelInput } from '@bufbuild/cel';

/** A compiled rule, null when this evaluator cannot parse it. */
export type Program = ((ctx: { self: CelInput }) => unknown) | null;

/**
 * Verdicts per rule by value key: a rule's result depends on `self` alone (transition rules are skipped), and
 * routes repeat the same matches, filters and backend shapes, so most evaluations are answered here (499 routes:
 * about half the time of checking them). Cleared past VERDICT_LIMIT keys so memory stays bounded.
 */
const VERDICTS = new Map<string, Map<string, boolean>>();
const VERDICT_LIMIT = 20_000;
let verdictCount = 0;
/**
 * Key characters kept at most, all keys together: a key spells out its whole value, so a rule on a large list (a
 * Gateway's listeners) keeps a large key per edit of it. Keys longer than KEY_MAX are not kept at all.
 */
const KEY_CHARS_LIMIT = 2_000_000;
const KEY_MAX = 4_096;
let keyChars = 0;
/** Keys for values convert() never makes (keyOf's fallback): each distinct, so never shared. */
let opaque = 0;

/** Whether `rule` evaluates to a plain false on the value whose key is `key` (errors are not false). */
export function fails(rule: string, run: NonNullable<Program>, value: CelInput, key: string): boolean {
  let byKey = VERDICTS.get(rule);
  const hit = byKey?.get(key);
  if (hit !== undefined) return hit;
  let result: unknown;
  try {
    result = run({ self: value });
  } catch {
    result = undefined;
  }
  // An evaluation error (a missing field the rule does not guard) is the API server's error too, but its text
  // would mean nothing to the author: only a plain false is reported.
  const no = result === false;
  if (key.length > KEY_MAX) return no;
  keyChars += key.length;
  if (++verdictCount > VERDICT_LIMIT || keyChars > KEY_CHARS_LIMIT) {
    VERDICTS.clear();
    verdictCount = 1;
    keyChars = key.length;
    byKey = undefined;
  }
  if (!byKey) VERDICTS.set(rule, (byKey = new Map()));
  byKey.set(key, no);
  return no;
}

/** -0 apart from 0: CEL tells them apart (1.0 / -0.0). */
export const numberKey = (n: number): string => (Object.is(n, -0) ? 'd-0' : `d${n}`);

/** A key for a schema default (converted values build theirs as they go). */
export function keyOf(v: CelInput): string {
  if (v === null || v === undefined) return 'n';
  if (typeof v === 'string') return `s${v.length}:${v}`;
  if (typeof v === 'bigint') return `i${v}`;
  if (typeof v === 'number') return numberKey(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (Array.isArray(v)) return `[${v.map((x) => keyOf(x as CelInput)).join(',')}]`;
  // The same text as convert() gives a map: each entry followed by a comma.
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${keyOf(k as CelInput)}${keyOf(x as CelInput)},`).join('')}}`;
  // Not a value convert() makes: a key no other value has, so it is never shared.
  return `?${++opaque}`;
}
