// Seeded mutations of YAML manifests for the fuzzer: byte-level and YAML-aware edits, splices between files,
// and the hostile shapes found before (deep nesting, long lines, big maps, odd line breaks, encodings' debris).

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)], chance: (p) => next() < p };
}

const TOKENS = [
  '- ', ': ', ':', '{', '}', '[', ']', ',', '"', "'", '&a ', '*a', '<<: *a', '!!str ', '!!map ', '!Ref ', '? ', '|', '>-', '#', ' # c',
  '\t', '\r\n', '\r', '\n', '---\n', '...\n', '%YAML 1.2\n', 'null', '~', 'true', 'no', '0x1F', '1e9', '-1', '65536', '0', '""',
  'podSelector: {}', 'policyTypes: [Egress]', 'egress:\n  - {}', 'ingress:', 'matchLabels:   # every pod', 'ports:\n  - port: 53',
  'namespaceSelector:', 'ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}', 'port: dns', 'endPort: 80', 'protocol: UDP',
  'kind: NetworkPolicy', 'kind: CiliumNetworkPolicy', 'kind: HTTPRoute', 'apiVersion: networking.k8s.io/v1', 'kind: List\nitems:\n',
  '{{ .Values.x }}', '${VAR}', '\u0000', '\uFEFF', '\u2028', '😀', 'é', '\u202E', '<script>alert(1)</script>', '=cmd|x', '|pipe|',
];

/**
 * One hostile block (rarely: they are slow for everyone). Sizes find algorithmic blow-ups (a quadratic check
 * over 3,000 keys is seconds) without measuring the YAML library's raw speed: a 7,000-line map in a 75 KB
 * file took 2 s to parse on a machine shared by many jobs. The 60,000-key map has its own regression test.
 */
function hostile(r) {
  switch (r.int(7)) {
    case 0:
      return `${'- '.repeat(200 + r.int(2000))}x\n`;
    case 1:
      return `a: ${'['.repeat(150 + r.int(1000))}\n`;
    case 2:
      return `k: ${'x'.repeat(20_000 + r.int(100_000))}\n`;
    case 3:
      return `m:\n${Array.from({ length: 500 + r.int(2500) }, (_, i) => `  k${i % (400 + r.int(2000))}: v`).join('\n')}\n`;
    case 4:
      return `${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`;
    case 5:
      return `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
    default:
      return `{${Array.from({ length: 500 + r.int(2500) }, (_, i) => `k${i}: ${i}`).join(', ')}}\n`;
  }
}

function lineStarts(text) {
  const s = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') s.push(i + 1);
  return s;
}

/** A mutated copy of `text`; `others` are texts to splice from. */
export function mutate(r, text, others) {
  let t = text;
  const rounds = 1 + r.int(4);
  for (let k = 0; k < rounds; k++) {
    const at = r.int(t.length + 1);
    switch (r.int(12)) {
      case 0: // delete a range
        t = t.slice(0, at) + t.slice(Math.min(t.length, at + 1 + r.int(40)));
        break;
      case 1: // duplicate a range
        t = t.slice(0, at) + t.slice(at, at + r.int(200)) + t.slice(at);
        break;
      case 2:
      case 3: // insert a token
        t = t.slice(0, at) + r.pick(TOKENS) + t.slice(at);
        break;
      case 4: {
        // re-indent a line
        const ls = lineStarts(t);
        const i = ls[r.int(ls.length)];
        t = r.chance(0.5) ? `${t.slice(0, i)}${' '.repeat(1 + r.int(4))}${t.slice(i)}` : t.slice(0, i) + t.slice(i).replace(/^ {1,4}/, '');
        break;
      }
      case 5: {
        // swap two lines
        const lines = t.split('\n');
        const a = r.int(lines.length);
        const b = r.int(lines.length);
        [lines[a], lines[b]] = [lines[b], lines[a]];
        t = lines.join('\n');
        break;
      }
      case 6: {
        // splice a piece of another file
        const o = r.pick(others) ?? '';
        const s = r.int(o.length + 1);
        t = t.slice(0, at) + o.slice(s, s + r.int(400)) + t.slice(at);
        break;
      }
      case 7: // line endings
        t = r.chance(0.5) ? t.replace(/\r?\n/g, '\r\n') : t.replace(/\r?\n/g, r.chance(0.3) ? '\r' : '\n');
        break;
      case 8: // a random byte-ish character
        t = t.slice(0, at) + String.fromCharCode(r.int(r.chance(0.8) ? 128 : 0xffff)) + t.slice(at + r.int(2));
        break;
      case 9: // replace a scalar value
        t = t.replace(/: [^\n{[]+/, `: ${r.pick(TOKENS)}`);
        break;
      case 10:
        if (r.chance(0.04)) t = t.slice(0, at) + hostile(r) + t.slice(at);
        break;
      default: // drop the final newline or add documents
        t = r.chance(0.5) ? t.replace(/\n+$/, '') : `${t}\n---\n${(r.pick(others) ?? '').slice(0, 2000)}`;
    }
  }
  return t;
}

/** A random incremental edit of `text` as an LSP change (range in UTF-16 line/character) plus the new text. */
export function randomEdit(r, text) {
  const a = r.int(text.length + 1);
  const b = Math.min(text.length, a + (r.chance(0.5) ? 0 : r.int(30)));
  const insert = r.chance(0.3) ? '' : r.chance(0.5) ? r.pick(TOKENS) : String.fromCharCode(32 + r.int(95));
  return { start: a, end: b, insert, text: text.slice(0, a) + insert + text.slice(b) };
}

/** LSP position of an offset (lines end at \n, \r\n or \r, as the protocol says). */
export function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}
