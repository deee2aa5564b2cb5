// The start-up bundle's build key: a hash of its text, written as its last line, so the entry names V8's code cache without hashing the bundle at every activation.
import { createHash } from 'node:crypto';

/** The last line's prefix; client/src/boot.ts reads the same (CACHE_KEY_MARK there). */
export const CACHE_KEY_MARK = '\n//netlens-cache-key:';

/** `code` with its key appended: the first 16 hex digits of its SHA-256. */
export function withCacheKey(code) {
  return `${code}${CACHE_KEY_MARK}${createHash('sha256').update(code).digest('hex').slice(0, 16)}\n`;
}
