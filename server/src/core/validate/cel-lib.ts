// The CEL libraries (@bufbuild/cel, its strings extension, RE2, the protobuf runtime of its syntax trees), started
// on first use.
import type * as Cel from '@bufbuild/cel';
import type * as CelExt from '@bufbuild/cel/ext';
import type * as Syntax from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';
import type * as Protobuf from '@bufbuild/protobuf';
import type * as Wire from '@bufbuild/protobuf/wire';
import type * as Re2 from '@bufbuild/re2';

export interface CelLib {
  cel: typeof Cel;
  ext: typeof CelExt;
  re2: typeof Re2;
  /** Decoding the rules' parsed form (validate/cel.ts). */
  protobuf: typeof Protobuf;
  wire: typeof Wire;
  syntax: typeof Syntax;
}

let lib: CelLib | undefined;

/**
 * The libraries, loaded by the first call. Starting them (their protobuf descriptors, the parser) was most of the
 * CLI bundle's module initialisation (about 30 ms of wall per run here), and `netlens check` on a folder without a
 * Gateway API object evaluates no rule.
 * `require`, not `import`: the bundles then start these modules only when this runs (scripts/esm-builds.mjs resolves
 * them to their ES module builds, so the bundle holds one copy, initialised here). The server calls it at start-up.
 */
export function celLib(): CelLib {
  /* eslint-disable @typescript-eslint/no-require-imports -- a deferred start, see above */
  lib ??= {
    cel: require('@bufbuild/cel') as typeof Cel,
    ext: require('@bufbuild/cel/ext') as typeof CelExt,
    re2: require('@bufbuild/re2') as typeof Re2,
    protobuf: require('@bufbuild/protobuf') as typeof Protobuf,
    wire: require('@bufbuild/protobuf/wire') as typeof Wire,
    syntax: require('@bufbuild/cel-spec/cel/expr/syntax_pb.js') as typeof Syntax,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return lib;
}
