// The fast reader's scalars and pairs: instances of the yaml library's Scalar and Pair with the fields their
// constructors set, made with Object.create instead. The constructors mark each node's kind with
// Object.defineProperty, a runtime call that was the reader's largest single cost (a 2,000-file check: 0.25-0.4 s
// of the main thread's CPU, NodeBase and Pair); the mark lives on one prototype here, where the library's checks
// (isScalar, isPair: node[NODE_TYPE]) and instanceof find it all the same.
import { Pair, Scalar } from 'yaml';

/** The library's own symbols (identity.ts), registered globally by name. */
const NODE_TYPE = Symbol.for('yaml.node.type');

const SCALAR_PROTO: Scalar = Object.create(Scalar.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.scalar') } });
const PAIR_PROTO: Pair = Object.create(Pair.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.pair') } });

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
