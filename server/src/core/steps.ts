// Work that stops between slices (generators yielding nothing) so an adapter can let other requests run between
// them (lsp/slices.ts); run to its end at once here (the CLI, tests, and callers that cannot wait).

/** Runs `steps` to its end and returns its result. */
export function finish<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
