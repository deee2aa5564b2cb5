// esbuild plugin for the client's start-up bundle: its CommonJS module factories become parenthesised function
// expressions, which V8 compiles with the bundle instead of parsing them a second time when they first run.
import * as acorn from 'acorn';
import fs from 'node:fs';
import path from 'node:path';
import { withCacheKey } from './cache-key.mjs';

/**
 * esbuild's minified `__commonJS` helper: `var q=(n,e)=>()=>{try{return e||n((e={exports:{}}).exports,e),e.exports}...`.
 * Its name changes with every build; its shape is esbuild's runtime.
 */
const HELPER = /var ([\w$]+)=\(([\w$]+),([\w$]+)\)=>\(\)=>\{try\{return \3\|\|\2\(\(\3=\{exports:\{\}\}\)\.exports,\3\)/g;

/** Whether `fn`'s own body reads `this` or `arguments` (nested non-arrow functions have their own). */
function usesOwnThis(fn) {
  let found = false;
  (function walk(n, top) {
    if (found || !n || typeof n.type !== 'string') return;
    if (n.type === 'ThisExpression' || (n.type === 'Identifier' && n.name === 'arguments') || n.type === 'MetaProperty' || n.type === 'Super') {
      found = true;
      return;
    }
    if (!top && (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration')) return;
    // Class bodies are walked too: `this` in a field initialiser counts as a read (it only keeps an arrow).
    for (const k in n) {
      const v = n[k];
      if (Array.isArray(v)) for (const x of v) walk(x, false);
      else if (v && typeof v === 'object' && typeof v.type === 'string') walk(v, false);
    }
  })(fn.body, true);
  return found;
}

/**
 * The bundle with each `helper((a,b)=>{...})` written `helper((function(a,b){...}))`; returns the text and how many
 * factories were rewritten. V8 compiles a function that follows an opening parenthesis eagerly (it expects it to
 * be called at once), which every factory of the start-up bundle is: activation requires the whole client library.
 * An arrow in parentheses does not get that treatment, hence the function expression; a factory that reads `this`
 * or `arguments` stays an arrow (a function would change what they mean).
 */
export function eagerFactories(code) {
  const helpers = new Set([...code.matchAll(HELPER)].map((m) => m[1]));
  if (helpers.size === 0) return { code, rewritten: 0 };
  const edits = [];
  const ast = acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'script' });
  // esbuild declares every factory at the top level (`var a=q(...),b=q(...)`), where the helper is the one declared
  // above; a call of a local that happens to share its name, deeper down, is not one.
  for (const statement of ast.body) {
    if (statement.type !== 'VariableDeclaration') continue;
    for (const { init: n } of statement.declarations) {
      if (n?.type !== 'CallExpression' || n.callee.type !== 'Identifier' || !helpers.has(n.callee.name) || n.arguments.length !== 1) continue;
      const f = n.arguments[0];
      if (f.type === 'ArrowFunctionExpression' && !f.async && f.body.type === 'BlockStatement' && f.params.every((p) => p.type === 'Identifier') && !usesOwnThis(f)) {
        edits.push({ start: f.start, end: f.body.start, text: `(function(${f.params.map((p) => p.name).join(',')})` }, { start: f.end, end: f.end, text: ')' });
      }
    }
  }
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += code.slice(at, e.start) + e.text;
    at = e.end;
  }
  return { code: out + code.slice(at), rewritten: edits.length / 2 };
}

/**
 * Rewrites the bundle's JavaScript outputs when minified (the shape HELPER knows; development bundles keep
 * esbuild's own text and their source maps), and ends each with its build key (scripts/cache-key.mjs). Writes
 * the outputs itself when the build would have.
 */
export const eagerFactoriesPlugin = {
  name: 'eager-factories',
  setup(build) {
    if (!build.initialOptions.minify) return;
    const write = build.initialOptions.write ?? true;
    build.initialOptions.write = false;
    build.onEnd((result) => {
      if (result.errors.length > 0 || !result.outputFiles) return;
      result.outputFiles = result.outputFiles.map((f) => {
        if (!f.path.endsWith('.js')) return f;
        const contents = Buffer.from(withCacheKey(eagerFactories(f.text).code));
        return { path: f.path, contents, hash: f.hash, get text() { return contents.toString('utf8'); } };
      });
      if (!write) return;
      for (const f of result.outputFiles) {
        fs.mkdirSync(path.dirname(f.path), { recursive: true });
        fs.writeFileSync(f.path, f.contents);
      }
      // As a writing build returns.
      delete result.outputFiles;
    });
  },
};
