// The pool and offload tests' inputs: every YAML file of examples/ and the generated mixed workspace, as pool files.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PoolFile } from '../../../server/src/host/pool.ts';
import { mixedWorkspace } from '../../fixtures/generate.ts';

export const ROOT = path.resolve(__dirname, '../../..');

/** Every .yaml/.yml file under examples/ (kustomize, gateway, broken input), with its file URI. */
export function exampleFiles(): PoolFile[] {
  const files: PoolFile[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) files.push({ uri: pathToFileURL(p).href, text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(path.join(ROOT, 'examples'));
  return files;
}

/** The benchmark's generated workspace of `n` files (every kind, cross-file rules) under file:///ws/. */
export function generatedFiles(n: number): PoolFile[] {
  return (mixedWorkspace(n) as { path: string; text: string }[]).map((f) => ({ uri: `file:///ws/${f.path}`, text: f.text }));
}
