// Shallow copies of the engine's many same-shaped objects (drafts placed in a namespace, objects' heads) that share hidden classes.

/**
 * `{ ...obj, ...extra }` built so that copies of same-shaped objects share one V8 hidden class. On Node 20 (V8
 * 11.3) an object spread at a site that has copied many objects gives nearly every copy a class of its own (9 of 200
 * copies of equal-keyed drafts shared the first one's; a 2,000-file check held about 10,000 such objects, each
 * workload, Service and NetworkPolicy of the model among them), and every engine site reading their fields then
 * saw thousands of classes. Object.assign onto a fresh literal adds the same keys by the same transitions.
 *
 * Same own enumerable properties in the same order as the spread, with one exception: a key named `__proto__` runs
 * the prototype setter here. So only for objects whose keys the code writes, never for user maps (labels).
 */
export function sameShapeCopy<T extends object, E extends object = object>(obj: T, extra?: E): T & E {
  return extra === undefined ? (Object.assign({}, obj) as T & E) : Object.assign({}, obj, extra);
}
