// The fast reader's nodes: instances of the yaml library's Scalar, Pair, YAMLMap and YAMLSeq with the fields their
// constructors set, made with Object.create instead. The constructors mark each node's kind with
// Object.defineProperty, a runtime call that was the reader's largest single cost (a 2,000-file check: 0.25-0.4 s
// of the main thread's CPU, NodeBase and Pair); the mark lives on one prototype here, where the library's checks
// (isScalar, isPair: node[NODE_TYPE]) and instanceof find it all the same.
import { Pair, Scalar, YAMLMap, YAMLSeq, type Schema } from 'yaml';
// The library's own symbols (identity.ts), registered globally by name.
import { MAP, NODE_TYPE, PAIR, SCALAR, SEQ } from './access.ts';

const SCALAR_PROTO: Scalar = Object.create(Scalar.prototype, { [NODE_TYPE]: { value: SCALAR } });
const PAIR_PROTO: Pair = Object.create(Pair.prototype, { [NODE_TYPE]: { value: PAIR } });

/** `new Scalar(value)`. */
export function scalar(value: unknown): Scalar {
  const node = Object.create(SCALAR_PROTO) as Scalar;
  node.value = value;
  return node;
}

/** `new Pair(key, value)`. */
export function pair(key: unknown, value: unknown): Pair {
  const node = Object.create(PAIR_PROTO) as Pair;
  node.key = key;
  node.value = value;
  return node;
}

// A collection's constructor also gives it its document's schema with Object.defineProperty (non-enumerable, as
// the kind): here the prototype has an accessor for `schema` over a symbol-keyed field, set by plain assignment.
// Each collection still holds its own document's schema; Collection.clone copies the field with the others.
const SCHEMA = Symbol('netlens.schema');
type WithSchema = { [SCHEMA]?: Schema };
const schemaAccessor: PropertyDescriptor = {
  get(this: WithSchema) {
    return this[SCHEMA];
  },
  set(this: WithSchema, value: Schema) {
    this[SCHEMA] = value;
  },
  configurable: true,
};
const MAP_PROTO: YAMLMap = Object.create(YAMLMap.prototype, { [NODE_TYPE]: { value: MAP }, schema: schemaAccessor });
const SEQ_PROTO: YAMLSeq = Object.create(YAMLSeq.prototype, { [NODE_TYPE]: { value: SEQ }, schema: schemaAccessor });

/** `new YAMLMap(schema)`. */
export function yamlMap(schema: Schema): YAMLMap {
  const node = Object.create(MAP_PROTO) as YAMLMap & WithSchema;
  node[SCHEMA] = schema;
  node.items = [];
  return node;
}

/** `new YAMLSeq(schema)`. */
export function yamlSeq(schema: Schema): YAMLSeq {
  const node = Object.create(SEQ_PROTO) as YAMLSeq & WithSchema;
  node[SCHEMA] = schema;
  node.items = [];
  return node;
}
