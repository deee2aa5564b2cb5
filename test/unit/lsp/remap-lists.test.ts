// A keystroke's input list and its map by uri (lsp/remap.ts): the new list replaces the edited documents' parses in
// place (found by bisection in the walk's uri order, or by a search in any other order), and its map reads the list
// through the places of the list it came from, giving exactly what a map built from the list gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParsedFile } from '../../../server/src/core/index.ts';
import { changedPlaces, filesByUri, sameFiles, singleChange, withNewVersions } from '../../../server/src/lsp/remap.ts';

const file = (uri: string, version = 1): ParsedFile => ({ uri, version }) as unknown as ParsedFile;
const plainMap = (list: readonly ParsedFile[]): Map<string, ParsedFile> => new Map(list.map((f) => [f.uri, f]));

test('withNewVersions puts each edited document\'s new parse in its place and leaves the list it came from alone', () => {
  const names = Array.from({ length: 101 }, (_, i) => `file:///ws/f${String(i).padStart(3, '0')}.yaml`);
  const files = names.map((u) => file(u));
  const a1 = files[0] as ParsedFile;
  const m1 = files[57] as ParsedFile;
  const z1 = files[100] as ParsedFile;
  const a2 = file(a1.uri, 2);
  const z2 = file(z1.uri, 2);
  const next = withNewVersions([a1, m1, z1], [a2, m1, z2], files);
  assert.ok(next);
  assert.equal(next.length, 101);
  assert.equal(next[0], a2);
  assert.equal(next[100], z2);
  assert.deepEqual(next.slice(1, 100), files.slice(1, 100));
  assert.equal(files[0], a1, 'the earlier list is unchanged');
  // Open documents opened or closed meanwhile, or one the list does not hold: the folder is listed again.
  assert.equal(withNewVersions([a1], [a2, m1], files), undefined);
  assert.equal(withNewVersions([a1], [file('file:///ws/g.yaml', 2)], files), undefined);
  assert.equal(withNewVersions([file('file:///elsewhere.yaml')], [file('file:///elsewhere.yaml', 2)], files), undefined);
  // A list in another order is still searched right.
  const shuffled = [files[3], files[1], files[2], files[0]] as ParsedFile[];
  assert.deepEqual(withNewVersions([a1], [a2], shuffled), [files[3], files[1], files[2], a2]);
});

test('the map of a new list reads the new parses, in the list\'s order, as a map built from it would', () => {
  const files = ['a', 'b', 'c', 'd'].map((n) => file(`file:///ws/${n}.yaml`));
  const before = filesByUri(files);
  const b2 = file('file:///ws/b.yaml', 2);
  const next = withNewVersions([files[1] as ParsedFile], [b2], files) as ParsedFile[];
  const map = filesByUri(next);
  assert.equal(filesByUri(next), map, 'one map per list');
  const want = plainMap(next);
  assert.equal(map.size, want.size);
  assert.equal(map.get('file:///ws/b.yaml'), b2);
  assert.equal(before.get('file:///ws/b.yaml'), files[1], 'the earlier map still reads the earlier list');
  assert.equal(map.get('file:///ws/x.yaml'), undefined);
  assert.equal(map.has('file:///ws/d.yaml'), true);
  assert.equal(map.has('file:///ws/x.yaml'), false);
  assert.deepEqual([...map], [...want]);
  assert.deepEqual([...map.entries()], [...want.entries()]);
  assert.deepEqual([...map.keys()], [...want.keys()]);
  assert.deepEqual([...map.values()], [...want.values()]);
  const seen: [string, ParsedFile][] = [];
  map.forEach((f, uri, m) => {
    assert.equal(m, map);
    seen.push([uri, f]);
  });
  assert.deepEqual(seen, [...want]);
  // A second edit from the new list: still right, through the same places.
  const c2 = file('file:///ws/c.yaml', 2);
  const third = withNewVersions([files[2] as ParsedFile], [c2], next) as ParsedFile[];
  assert.deepEqual([...filesByUri(third)], [...plainMap(third)]);
  assert.equal(filesByUri(third).get('file:///ws/b.yaml'), b2);
});

test('a list made by withNewVersions knows where it differs from its last four ancestors, and singleChange reads that', () => {
  const files = Array.from({ length: 50 }, (_, i) => file(`file:///ws/f${String(i).padStart(2, '0')}.yaml`));
  const a = files[7] as ParsedFile;
  const b = files[30] as ParsedFile;
  // Typing in a, then in b, then in a again: five lists, each from the one before.
  const lists: ParsedFile[][] = [files];
  const open: ParsedFile[][] = [[a, b]];
  const step = (next: ParsedFile[]): void => {
    lists.push(withNewVersions(open.at(-1) as ParsedFile[], next, lists.at(-1) as ParsedFile[]) as ParsedFile[]);
    open.push(next);
  };
  const a2 = file(a.uri, 2);
  const a3 = file(a.uri, 3);
  const b2 = file(b.uri, 2);
  step([a2, b]);
  step([a3, b]);
  step([a3, b2]);
  step([a3, b2]); // nothing typed: a list equal to its parent
  const [l0, l1, l2, l3, l4] = lists as [ParsedFile[], ParsedFile[], ParsedFile[], ParsedFile[], ParsedFile[]];
  assert.deepEqual(changedPlaces(l0, l1), [7]);
  assert.deepEqual(changedPlaces(l0, l2), [7]);
  assert.deepEqual([...(changedPlaces(l0, l3) ?? [])].sort((x, y) => x - y), [7, 30]);
  assert.deepEqual(changedPlaces(l3, l4), []);
  assert.equal(changedPlaces(l1, l0), undefined, 'an ancestor does not know its descendants');
  assert.equal(changedPlaces(l2, l1), undefined);
  // What the lineage says is what a comparison of every place says.
  assert.deepEqual(singleChange(l0, l2), { before: a, after: a3 });
  assert.deepEqual(singleChange(l1, l2), { before: a2, after: a3 });
  assert.deepEqual(singleChange(l2, l3), { before: b, after: b2 });
  assert.equal(singleChange(l0, l3), undefined, 'two files changed');
  assert.equal(singleChange(l3, l4), undefined, 'none changed');
  assert.equal(sameFiles(l3, l4), true);
  assert.equal(sameFiles(l2, l3), false);
  // A list from elsewhere (a new walk) has no lineage: compared place by place, with the same answers.
  const walked = l2.slice();
  assert.equal(changedPlaces(l0, walked), undefined);
  assert.deepEqual(singleChange(l0, walked), { before: a, after: a3 });
  assert.equal(sameFiles(l2, walked), true);
  // Five generations back is beyond what a list keeps: the comparison still answers, place by place.
  const a4 = file(a.uri, 4);
  step([a4, b2]);
  const l5 = lists.at(-1) as ParsedFile[];
  assert.equal(changedPlaces(l0, l5), undefined);
  assert.equal(singleChange(l0, l5), undefined);
  assert.deepEqual(changedPlaces(l1, l5)?.slice().sort((x, y) => x - y), [7, 30]);
  assert.deepEqual(singleChange(l4, l5), { before: a3, after: a4 });
  // The record is what is read: a place changed behind its back (never done outside this test) is not looked at.
  const l6 = withNewVersions([a4, b2], [file(a.uri, 5), b2], l5) as ParsedFile[];
  l6[40] = file((l6[40] as ParsedFile).uri, 9);
  assert.deepEqual(singleChange(l5, l6)?.after, l6[7], 'read from the record (a loop would find two changes)');
  // A list whose entry is already the new parse records no change there.
  const walkedNew = l0.slice();
  walkedNew[7] = a2;
  assert.deepEqual(changedPlaces(walkedNew, withNewVersions([a, b], [a2, b], walkedNew) as ParsedFile[]), []);
});
