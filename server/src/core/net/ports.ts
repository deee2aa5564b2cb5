// Port number and port name validity, as Kubernetes' apimachinery validation defines them (IsValidPortNum, IsValidPortName).
import { utf8Length } from '../schema/names.ts';

/** A port number the API accepts: an integer from 1 to 65535. */
export function isValidPortNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/**
 * Why a string is not a valid port name (an IANA service name, RFC 6335, lowercase only); empty when valid.
 * Same checks, in the same order, as the API server; the wording is ours.
 */
export function portNameProblems(name: string): string[] {
  const out: string[] = [];
  // Go measures UTF-8 bytes, not characters.
  if (utf8Length(name) > 15) out.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) out.push("must contain only lowercase letters (a-z), digits (0-9) and '-'");
  // Go reports this for "HTTP" too (it has no lowercase letter); that reads as nonsense, so only say it when no letter at all.
  if (!/[a-z]/.test(name) && !/[A-Z]/.test(name)) out.push('must contain at least one letter (a-z)');
  if (name.includes('--')) out.push("must not contain consecutive hyphens ('--')");
  if (name.startsWith('-') || name.endsWith('-')) out.push("must not begin or end with a hyphen ('-')");
  return out;
}
