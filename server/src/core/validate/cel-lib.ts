// The CEL libraries (@bufbuild/cel, its strings extension, RE2), started on first use rather than with the process.
import type * as Cel from '@bufbuild/cel';
import type * as CelExt from '@bufbuild/cel/ext';
import type * as Re2 from '@bufbuild/re2';

export interface CelLib {
  cel: typeof Cel;
  ext: typeof CelExt;
  re2: typeof Re2;
}

let lib: CelLib | undefined;

/**
 * The libraries, loaded by the first call. Compiling and starting them (their protobuf descriptors, the parser)
 * took 60-85 ms of every process, and `netlens check` on a folder without a Gateway API object evaluates no rule.
 * `require`, not `import`: the bundles then start these modules only when this runs (esbuild.mjs resolves them to
 * their ES module builds, so the bundle holds one copy, initialised here). The server calls it at start-up.
 */
export function celLib(): CelLib {
  /* eslint-disable @typescript-eslint/no-require-imports -- a deferred start, see above */
  lib ??= { cel: require('@bufbuild/cel') as typeof Cel, ext: require('@bufbuild/cel/ext') as typeof CelExt, re2: require('@bufbuild/re2') as typeof Re2 };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return lib;
}
