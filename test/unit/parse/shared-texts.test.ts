// The parse keeps one copy of each short scalar text (parse/bounded.ts shareText): values, sources, duplicate keys
// and aliases read as the yaml library's own parse reads them, also past the table's bound (it is cleared when full).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isScalar, parseAllDocuments, visit, type Document } from 'yaml';
import { boundedParse } from '../../../server/src/core/parse/bounded.ts';

/** Every scalar of the documents as [range start, value, source, type]. */
function scalars(docs: readonly Document[]): [number | undefined, unknown, unknown, unknown][] {
  const out: [number | undefined, unknown, unknown, unknown][] = [];
  for (const doc of docs) {
    visit(doc, {
      Scalar(_, node) {
        if (isScalar(node)) out.push([node.range?.[0], node.value, (node as { source?: unknown }).source, node.type]);
      },
    });
  }
  return out;
}

test('scalars read exactly as the library reads them: strings, numbers, booleans, quoted, repeated keys, complex keys', () => {
  const text = [
    'apiVersion: v1\nkind: Service\nmetadata: {name: web, labels: {app: web, "app.kubernetes.io/name": web}}\nspec:\n  ports:\n  - {port: 80, targetPort: "80", protocol: TCP}\n  - port: 0x1F\n    name: "tcp"\n    protocol: \'TCP\'\n',
    'a: &x name\nb: *x\n? [name, app]\n: yes\nc: ~\nname: 1.5e3\nname: dup\n',
  ].join('---\n');
  const ours = boundedParse(text);
  const library = parseAllDocuments(text, { uniqueKeys: false });
  assert.deepEqual(scalars(ours.docs), scalars(library as Document[]));
  assert.deepEqual(ours.docs.map((d) => d.toJS()), (library as Document[]).map((d) => d.toJS()));
  // The repeated `name` key of the second document is still found, at its own offset.
  const dup = text.lastIndexOf('name: dup');
  assert.deepEqual(ours.duplicates, [{ start: dup, end: dup + 'name'.length }]);
});

test('past the bound of shared texts (40,000 distinct ones in 20,000 entries, the table cleared on the way) nothing changes', () => {
  const text = Array.from({ length: 20_000 }, (_, i) => `k${i}: v${i}\n`).join('') + 'k7: again\n';
  const ours = boundedParse(text);
  const library = parseAllDocuments(text, { uniqueKeys: false }) as Document[];
  assert.deepEqual(scalars(ours.docs), scalars(library));
  assert.equal(ours.duplicates.length, 1);
});
