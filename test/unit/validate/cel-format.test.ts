// Kubernetes' CEL `format` library on the CRD rule evaluator: format.<name>(), format.named(), <Format>.validate()
// returning optional.none() or optional.of(the validator's own error strings), as the library documents them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCelError, isCelList, isCelMap } from '@bufbuild/cel';
import { parseDocument } from 'yaml';
import { checkCelRules, evaluateCel } from '../../../server/src/core/validate/cel.ts';
import type { FieldSchema } from '../../../server/src/core/schema/types.ts';

/** The errors of `format.<name>().validate(s)`: [] for optional.none(), else the list inside the optional. */
function errorsOf(format: string, s: string): string[] {
  const valid = evaluateCel(`!format.${format}().validate(s).hasValue()`, { s });
  if (valid === true) return [];
  const errs = evaluateCel(`format.${format}().validate(s).value()`, { s });
  assert.ok(isCelList(errs), `${format}: a list of errors`);
  return [...errs].map(String);
}

test('the library documentation examples are all valid (optional.none())', () => {
  const examples: [string, string][] = [
    ['dns1123Label', 'my-label-name'], ['dns1123Subdomain', 'apiextensions.k8s.io'], ['dns1035Label', 'my-label-name'],
    ['qualifiedName', 'apiextensions.k8s.io/v1beta1'], ['dns1123LabelPrefix', 'my-label-prefix-'], ['dns1123SubdomainPrefix', 'mysubdomain.prefix.-'],
    ['dns1035LabelPrefix', 'my-label-prefix-'], ['uri', 'http://example.com'], ['uuid', '123e4567-e89b-12d3-a456-426614174000'],
    ['byte', 'aGVsbG8='], ['date', '2021-01-01'], ['datetime', '2021-01-01T00:00:00Z'], ['labelValue', ''], ['portName', 'http-alt'],
  ];
  for (const [format, s] of examples) {
    assert.equal(evaluateCel(`format.${format}().validate(s) == optional.none()`, { s }), true, `${format}("${s}")`);
    assert.equal(evaluateCel(`format.named("${format}").value().validate(s).hasValue()`, { s }), false, `named ${format}`);
  }
});

test('invalid strings give the validators\' exact messages', () => {
  assert.deepEqual(errorsOf('dns1123Label', 'MY_LABEL'), [
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  ]);
  assert.deepEqual(errorsOf('dns1123Label', 'a.b'), ['must not contain dots']);
  assert.deepEqual(errorsOf('dns1123Label', 'a'.repeat(64)), ['must be no more than 63 characters']);
  assert.deepEqual(errorsOf('dns1035Label', '1abc'), [
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  ]);
  assert.deepEqual(errorsOf('dns1123Subdomain', 'Example.com'), [
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ]);
  assert.deepEqual(errorsOf('qualifiedName', '/name'), ['prefix part must be non-empty']);
  assert.deepEqual(errorsOf('qualifiedName', 'example.com/'), [
    'name part must be non-empty',
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ]);
  assert.deepEqual(errorsOf('labelValue', '-x'), [
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  ]);
  assert.deepEqual(errorsOf('portName', 'http--'), ['must not contain consecutive hyphens', 'must not begin or end with a hyphen']);
  assert.deepEqual(errorsOf('portName', '8080'), ['must contain at least one letter (a-z)']);
  assert.deepEqual(errorsOf('uri', 'example.com/x'), ['parse "example.com/x": invalid URI for request']);
  assert.deepEqual(errorsOf('uri', 'http://h:port/'), ['parse "http://h:port/": invalid port ":port" after host']);
  assert.deepEqual(errorsOf('uri', '/a%zz'), ['parse "/a%zz": invalid URL escape "%zz"']);
  assert.deepEqual(errorsOf('uuid', '123e4567'), ['does not match the UUID format']);
  assert.deepEqual(errorsOf('byte', 'aGVsbG8'), ['invalid base64']);
  assert.deepEqual(errorsOf('date', '2021-02-29'), ['invalid date']);
  assert.deepEqual(errorsOf('date', '2024-02-29'), []);
  assert.deepEqual(errorsOf('datetime', '2021-01-01T24:00:00Z'), ['invalid datetime']);
});

test('the Prefix formats allow a trailing dash (a generateName), with upstream\'s masking', () => {
  assert.deepEqual(errorsOf('dns1123LabelPrefix', 'web-'), []);
  assert.deepEqual(errorsOf('dns1123Label', 'web-').length, 1);
  // The mask replaces the last two characters by one: a 64-character prefix ending in '-' passes the 63 limit.
  assert.deepEqual(errorsOf('dns1123LabelPrefix', `${'a'.repeat(63)}-`), []);
  assert.deepEqual(errorsOf('dns1035LabelPrefix', '-'), errorsOf('dns1035Label', '-'));
});

test('format.named: optional.of(a Format) for a known name, optional.none() otherwise; the optional functions', () => {
  assert.equal(evaluateCel('format.named("uuid").hasValue()'), true);
  assert.equal(evaluateCel('format.named("dns1123label") == optional.none()'), true, 'names are case-sensitive');
  assert.equal(evaluateCel('format.named("uri").value().validate("x").value()[0]'), 'parse "x": invalid URI for request');
  assert.equal(evaluateCel('optional.none().orValue(7)'), 7n);
  assert.equal(evaluateCel('optional.of(1).or(optional.of(2)).value()'), 1n);
  assert.equal(evaluateCel('optional.ofNonZeroValue("").hasValue()'), false);
  assert.ok(isCelError(evaluateCel('optional.none().value()')), 'dereferencing none is an evaluation error');
  assert.ok(isCelMap(evaluateCel('format.dns1123Label()')));
});

test('a CRD rule using the library is evaluated on the object, at the key of the field that carries it', () => {
  const schema: FieldSchema = {
    type: 'object',
    doc: '',
    fields: {
      spec: {
        type: 'object',
        doc: '',
        fields: { serviceName: { type: 'string', doc: '', validations: [{ rule: '!format.dns1123Label().validate(self).hasValue()', message: 'serviceName must be a DNS label' }] } },
      },
    },
  };
  const text = 'spec:\n  serviceName: Web_1\n---\nspec:\n  serviceName: web-1\n';
  const seen: string[] = [];
  for (const [i, doc] of text.split('---\n').entries()) {
    const d = parseDocument(doc, { keepSourceTokens: true });
    checkCelRules(d, d.contents as never, schema, doc, (v) => seen.push(`${i} ${v.path.join('.')} ${doc.slice(v.span.start, v.span.end)} ${v.rule.message}`));
  }
  assert.deepEqual(seen, ['0 spec.serviceName serviceName serviceName must be a DNS label']);
});
