// Types of bench/generate.mjs for the TypeScript tests that read it (through test/fixtures/generate.ts).
/** Small seeded PRNG (mulberry32): the same seed gives the same sequence on every run. */
export function rng(seed: number): () => number;
/** One multi-document file of at least `minLines` lines, cycling Deployment, Service, NetworkPolicy. */
export function multiDocFile(minLines: number, seed?: number): string;
/** The mixed workspace of the server and CLI benchmarks: `count` files (workspace-relative path and text). */
export function mixedWorkspace(count: number, seed?: number): { path: string; text: string }[];
