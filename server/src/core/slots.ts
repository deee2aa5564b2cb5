// Memo slots carried by the engine's per-parse objects themselves (a ManifestObject, a ParsedFile) instead of module WeakMaps.
//
// Why: every WeakMap entry is an ephemeron, which V8's full GC marks in a fixpoint of its own; at 2,000 files the
// engine's per-object WeakMaps held tens of thousands of them, and marking them was ~175 ms of a ~209 ms pause
// that stalled the server's hovers. A slot is a plain reference from the object to its memo, so it is marked
// with the object, and it lives exactly as long as the object does, as the WeakMap entry did: nothing leaks.
//
// The slots of an object are one array under one non-enumerable symbol property: one hidden-class transition for
// every object (not one per memo, in whatever order the memos are filled), and `{ ...obj }` or a deep-equality
// test does not see or copy it (a copy is a different object and must not inherit its memos).
const SLOTS = Symbol('netlens.slots');

type Carrier = { [SLOTS]?: unknown[] };

/** One memo stored on objects of type K (a module-level constant, like the WeakMap it replaces). */
export interface Slot<K extends object, V> {
  get(owner: K): V | undefined;
  set(owner: K, value: V): void;
}

let slotCount = 0;

export function slot<K extends object, V>(): Slot<K, V> {
  const index = slotCount++;
  return {
    get: (owner) => (owner as Carrier)[SLOTS]?.[index] as V | undefined,
    set: (owner, value) => {
      let slots = (owner as Carrier)[SLOTS];
      if (!slots) {
        slots = [];
        Object.defineProperty(owner, SLOTS, { value: slots, enumerable: false, writable: false, configurable: false });
      }
      slots[index] = value;
    },
  };
}

/** A memo table of one owner (a cache instance), as a WeakMap per instance was. */
export interface SlotTable<K extends object, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  delete(key: K): void;
}

/**
 * Tables of many owners kept on their keys (one slot for all of them): for memos a cache instance keeps per key, whose
 * value holds the key (a file's model reading holds its objects, and they their file). As a WeakMap such an entry
 * survives every scavenge until a full GC, whatever else holds the key: V8's scavenger treats a WeakMap value as
 * strong. A key memoised by a second owner drops the first owner's entry: a miss for that owner later, never a wrong
 * hit. Unlike a WeakMap per owner, a dropped owner's entries stay on their keys until another owner's replace them or
 * the keys die (a cache dropped on a workspace-folder change: the rescan that follows reads every file again).
 */
export function slotTables<K extends object, V>(): () => SlotTable<K, V> {
  const s = slot<K, { owner: object; value: V } | undefined>();
  return () => {
    const table: SlotTable<K, V> = {
      get: (key) => {
        const e = s.get(key);
        return e && e.owner === table ? e.value : undefined;
      },
      set: (key, value) => s.set(key, { owner: table, value }),
      delete: (key) => {
        if (s.get(key)?.owner === table) s.set(key, undefined);
      },
    };
    return table;
  };
}
