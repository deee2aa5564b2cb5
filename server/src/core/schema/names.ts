// Kubernetes name syntaxes (apimachinery's validation package): DNS-1123 labels/subdomains, qualified names, label values.
// Each check returns the API server's reasons (reworded) so messages say exactly what is allowed.

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL}$`);
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_LABEL}(\\.${DNS1123_LABEL})*$`);
const QUALIFIED_NAME_PART = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_PART_RE = new RegExp(`^${QUALIFIED_NAME_PART}$`);

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const QUALIFIED_NAME_MAX = 63;
export const LABEL_VALUE_MAX = 63;

const maxLen = (n: number) => `must be no more than ${n} characters`;

/**
 * Bytes of `s` in UTF-8, as Go measures lengths (a lone surrogate counts as the 3 bytes of its replacement). A
 * charCodeAt loop after a test for ASCII: the string iterator took 18 ms over the 2 MB of annotations of one object.
 */
export function utf8Length(s: string): number {
  if (!/[\u0080-\uffff]/.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A pair: two code units, four bytes.
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}

/** A DNS-1123 label (namespace names): at most 63 lowercase alphanumerics or '-', alphanumeric at both ends. */
export function dns1123LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) errs.push(maxLen(DNS1123_LABEL_MAX));
  if (!DNS1123_LABEL_RE.test(value)) {
    errs.push(
      "must be a lowercase RFC 1123 label: lowercase alphanumeric characters or '-', starting and ending with an alphanumeric character (e.g. 'my-name' or '123-abc')",
    );
  }
  return errs;
}

/** A DNS-1123 subdomain (object names): at most 253 characters, dot-separated DNS-1123 labels. */
export function dns1123SubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) errs.push(maxLen(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(
      "must be a lowercase RFC 1123 subdomain: lowercase alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character (e.g. 'example.com')",
    );
  }
  return errs;
}

const NAME_PART_CHARSET =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', 'my.name' or '123-abc')";

/** A qualified name (label and annotation keys): `[prefix/]name`, prefix a DNS-1123 subdomain, name at most 63 characters. */
export function qualifiedNameErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = value;
  } else if (parts.length === 2) {
    const prefix = parts[0] as string;
    name = parts[1] as string;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const e of dns1123SubdomainErrors(prefix)) errs.push(`prefix part ${e}`);
  } else {
    return [
      "a qualified name must be an optional DNS subdomain prefix and '/' followed by a name part of alphanumeric characters, '-', '_' or '.' (e.g. 'example.com/MyName'); it has more than one '/'",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > QUALIFIED_NAME_MAX) errs.push(`name part ${maxLen(QUALIFIED_NAME_MAX)}`);
  if (name.length > 0 && !QUALIFIED_NAME_PART_RE.test(name)) errs.push(NAME_PART_CHARSET);
  return errs;
}

/** A label value: empty, or at most 63 alphanumerics, '-', '_', '.', alphanumeric at both ends. */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > LABEL_VALUE_MAX) errs.push(maxLen(LABEL_VALUE_MAX));
  if (value.length > 0 && !QUALIFIED_NAME_PART_RE.test(value)) {
    errs.push(
      "a label value must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', 'my_value' or '12345')",
    );
  }
  return errs;
}

/** Long values are shortened in messages; the squiggle shows the whole value anyway. */
export function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
