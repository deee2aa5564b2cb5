// The fingerprint keys objects only where two parses are compared: an object carried over an edit (its document
// untouched) is the same without keying it. Lazy comparison must answer exactly as comparing every key would: after
// each edit of seeded sequences, samePrint of the editor's parses (the previous one consumed by the re-parse) equals
// samePrint of two fresh parses of the same texts, whose every object is keyed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS, fingerprint, keyAt, keysComputed, parseFile, reparseFile, samePrint } from '../../../server/src/core/index.ts';
import { apply, randomEdit, rng, type Edit } from './edits.ts';
import { multiDocFile } from '../../fixtures/generate.ts';

const opts = DEFAULT_OPTIONS;
const uri = 'file:///gen/lazy.yaml';

/** An edit the model reads (a label value, a port) or does not (a replica count), or a random one. */
function edit(text: string, r: () => number, i: number): Edit {
  const pick = (re: RegExp): Edit | undefined => {
    const all = [...text.matchAll(re)];
    const m = all[Math.floor(r() * all.length)];
    return m?.index === undefined ? undefined : { start: m.index + m[0].length - 1, end: m.index + m[0].length, text: String(Math.floor(r() * 10)) };
  };
  const kind = i % 4;
  return (kind === 0 ? pick(/replicas: \d/g) : kind === 1 ? pick(/port: \d/g) : kind === 2 ? pick(/app: [a-z]+-\d/g) : undefined) ?? randomEdit(text, r);
}

test('after each edit, the lazy comparison of the editor parses says what comparing every key of fresh parses says', () => {
  for (const seed of [3, 17]) {
    const r = rng(seed);
    let text = multiDocFile(600, seed);
    let file = parseFile(uri, text, opts);
    let same = 0;
    for (let i = 0; i < 40; i++) {
      const e = edit(text, r, i);
      const before = text;
      text = apply(text, e);
      // As the editor does: the previous parse's fingerprint while it is current, then the re-parse consumes it.
      const old = fingerprint(file, opts);
      file = reparseFile(file, uri, text, opts);
      const lazy = samePrint(old, fingerprint(file, opts));
      const full = samePrint(fingerprint(parseFile(uri, before, opts), opts), fingerprint(parseFile(uri, text, opts), opts));
      assert.equal(lazy, full, `seed ${seed} edit ${i}: ${JSON.stringify(e)}`);
      if (lazy) same++;
    }
    assert.ok(same >= 5 && same <= 35, `seed ${seed}: ${same} of 40 edits kept the fingerprint (both kinds must occur)`);
  }
});

test('an edit keys only the objects of the documents it touched', () => {
  const text = multiDocFile(8000);
  const file = parseFile(uri, text, opts);
  assert.ok(file.objects.length > 100);
  const old = fingerprint(file, opts);
  const at = text.indexOf('replicas: ', Math.floor(text.length / 2)) + 'replicas: '.length;
  const next = reparseFile(file, uri, `${text.slice(0, at)}7${text.slice(at + 1)}`, opts);
  const keyed = keysComputed();
  assert.ok(samePrint(old, fingerprint(next, opts)), 'a replica count changes nothing the model reads');
  // The edited document's object, before and after the edit; the other objects are carried over unkeyed.
  assert.equal(keysComputed() - keyed, 2);
  // The workload's name, which the model reads: the edited object differs, and still only it is keyed.
  const again = fingerprint(next, opts);
  const name = next.text.lastIndexOf('\n  name: ', at) + '\n  name: '.length;
  const third = reparseFile(next, uri, `${next.text.slice(0, name)}x${next.text.slice(name)}`, opts);
  const keyed2 = keysComputed();
  assert.ok(!samePrint(again, fingerprint(third, opts)));
  // Its key before this edit was taken at the first comparison: only its new one is computed.
  assert.equal(keysComputed() - keyed2, 1);
});

test('a consumed parse keys the objects of the documents the edit replaced, and not those it moved unless keyed before', () => {
  const text = multiDocFile(3000);
  const file = parseFile(uri, text, opts);
  const old = fingerprint(file, opts);
  const mid = file.objects[Math.floor(file.objects.length / 2)];
  assert.ok(mid);
  const at = mid.span.start + 1;
  // One character inserted inside the middle object's document: the documents after it move by one.
  const next = reparseFile(file, uri, `${text.slice(0, at)}x${text.slice(at)}`, opts);
  const i = file.objects.indexOf(mid);
  const last = file.objects.length - 1;
  assert.ok(keyAt(old, i), 'the replaced document keeps its nodes where the earlier text has them');
  assert.equal(keyAt(old, last), undefined, 'a moved document is at the later text offsets: cannot tell');
  assert.ok(keyAt(old, 0), 'a document before the edit did not move');
  // Keyed while current, an object of a moved document keeps its key.
  const file2 = parseFile(uri, text, opts);
  const old2 = fingerprint(file2, opts);
  const before = keyAt(old2, last)?.key;
  reparseFile(file2, uri, `${text.slice(0, at)}x${text.slice(at)}`, opts);
  assert.equal(keyAt(old2, last)?.key, before);
  assert.ok(next.objects.length === file.objects.length);
});
