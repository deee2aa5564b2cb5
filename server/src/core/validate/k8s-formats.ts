// The named string formats of Kubernetes' CEL `format` library (k8s.io/apiserver/pkg/cel/library/format.go),
// each returning the validator's own error strings (apimachinery's validation package, kube-openapi's strfmt,
// Go's url.ParseRequestURI), since a rule's messageExpression may show them verbatim.

const TOO_LONG = (n: number): string => `must be no more than ${n} characters`;
const EMPTY = 'must be non-empty';

/** apimachinery's RegexError: the message, its examples and the regex (the doubled space is upstream's). */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e, i) => `${i > 0 ? ' or ' : ''}'${e}', `).join('')}regex used for validation is '${fmt}')`;
}

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${LABEL_KEY_FMT})?`;
const whole = (fmt: string): RegExp => new RegExp(`^(?:${fmt})$`);
const LABEL_RE = whole(DNS1123_LABEL_FMT);
const SUBDOMAIN_RE = whole(DNS1123_SUBDOMAIN_FMT);
const DNS1035_RE = whole(DNS1035_LABEL_FMT);
const LABEL_KEY_RE = whole(LABEL_KEY_FMT);
const LABEL_VALUE_RE = whole(LABEL_VALUE_FMT);
const LABEL_KEY_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

export function isDNS1123Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(TOO_LONG(63));
  if (!LABEL_RE.test(v)) {
    // A valid subdomain that is not a label: the length was checked, so it must be the dots.
    if (SUBDOMAIN_RE.test(v)) errs.push('must not contain dots');
    else errs.push(regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}

export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(TOO_LONG(253));
  if (!SUBDOMAIN_RE.test(v)) errs.push(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

export function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(TOO_LONG(63));
  if (!DNS1035_RE.test(v)) errs.push(regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errs;
}

/** A qualified name (label key): `[prefix/]name`. */
export function isQualifiedName(v: string): string[] {
  const errs: string[] = [];
  const slash = v.indexOf('/');
  let name = v;
  if (slash !== -1) {
    const prefix = v.slice(0, slash);
    name = v.slice(slash + 1);
    if (name.includes('/')) return [`a valid label key ${regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
    if (prefix.length === 0) errs.push(`prefix part ${EMPTY}`);
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  }
  if (name.length === 0) errs.push(`name part ${EMPTY}`);
  else if (name.length > 63) errs.push(`name part ${TOO_LONG(63)}`);
  if (!LABEL_KEY_RE.test(name)) errs.push(`name part ${regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

export function isLabelValue(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(TOO_LONG(63));
  if (!LABEL_VALUE_RE.test(v)) errs.push(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

export function isPortName(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 15) errs.push(TOO_LONG(15));
  if (!/^[-a-z0-9]+$/.test(v)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(v)) errs.push('must contain at least one letter (a-z)');
  if (v.includes('--')) errs.push('must not contain consecutive hyphens');
  if (v.length > 0 && (v.startsWith('-') || v.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** The `...Prefix` formats allow a trailing '-' (a generateName); upstream masks it this way, quirk included. */
function maskTrailingDash(v: string): string {
  return v.length > 1 && v.endsWith('-') ? `${v.slice(0, -2)}a` : v;
}

/** Go's strconv.Quote for the ASCII cases that matter in a message. */
const goQuote = (s: string): string => JSON.stringify(s);

/** Go's url.ParseRequestURI, as far as its errors go: an absolute URI or an absolute path. */
function parseRequestURI(raw: string): string | undefined {
  const fail = (why: string): string => `parse ${goQuote(raw)}: ${why}`;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) return fail('net/url: invalid control character in URL');
  if (raw === '') return fail('empty url');
  if (raw === '*') return undefined;
  let rest = raw;
  let scheme = '';
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(raw);
  if (raw.startsWith(':')) return fail('missing protocol scheme');
  if (m) {
    scheme = m[0].slice(0, -1);
    rest = raw.slice(m[0].length);
  }
  rest = rest.endsWith('?') && rest.split('?').length === 2 ? rest.slice(0, -1) : rest.split('?')[0] ?? '';
  if (!rest.startsWith('/')) return scheme ? undefined : fail('invalid URI for request');
  if (scheme && rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash === -1 ? rest.slice(2) : rest.slice(2, slash);
    const host = authority.slice(authority.lastIndexOf('@') + 1);
    const port = /^(\[[^\]]*\]|[^:]*)(:(.*))?$/.exec(host);
    if (port?.[3] !== undefined && !/^[0-9]*$/.test(port[3])) return fail(`invalid port ${goQuote(`:${port[3]}`)} after host`);
    rest = slash === -1 ? '' : rest.slice(slash);
  }
  const bad = /%(?![0-9A-Fa-f]{2})(.{0,2})/.exec(rest);
  if (bad) return fail(`invalid URL escape ${goQuote(`%${bad[1]}`)}`);
  return undefined;
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Go's time.Parse("2006-01-02", s): exact digits, a real day of that month. */
function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > (DAYS[mo - 1] as number)) return false;
  return !(mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)));
}

/** kube-openapi strfmt's IsDateTime: a date, a `t`, then hh:mm:ss[.frac] and `z` or an offset. */
function isDateTime(s: string): boolean {
  if (s.length < 4) return false;
  const parts = s.toLowerCase().split('t');
  if (parts.length < 2 || !isDate(parts[0] as string)) return false;
  const m = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/.exec(parts[1] as string);
  return m !== null && (m[1] as string) <= '23' && (m[2] as string) <= '59' && (m[3] as string) <= '59';
}

/** Go's base64.StdEncoding.DecodeString (padding required; CR and LF ignored). */
function isBase64(s: string): boolean {
  return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s.replace(/[\r\n]/g, ''));
}

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const one = (ok: boolean, msg: string): string[] => (ok ? [] : [msg]);

/** Every named format of the library, by the name `format.named()` takes. */
export const NAMED_FORMATS: Readonly<Record<string, (s: string) => string[]>> = {
  dns1123Label: isDNS1123Label,
  dns1123Subdomain: isDNS1123Subdomain,
  dns1035Label: isDNS1035Label,
  qualifiedName: isQualifiedName,
  portName: isPortName,
  dns1123LabelPrefix: (s) => isDNS1123Label(maskTrailingDash(s)),
  dns1123SubdomainPrefix: (s) => isDNS1123Subdomain(maskTrailingDash(s)),
  dns1035LabelPrefix: (s) => isDNS1035Label(maskTrailingDash(s)),
  labelValue: isLabelValue,
  uri: (s) => {
    const err = parseRequestURI(s);
    return err ? [err] : [];
  },
  uuid: (s) => one(UUID_RE.test(s), 'does not match the UUID format'),
  byte: (s) => one(isBase64(s), 'invalid base64'),
  date: (s) => one(isDate(s), 'invalid date'),
  datetime: (s) => one(isDateTime(s), 'invalid datetime'),
};
