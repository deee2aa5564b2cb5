// Shared helpers for CLI tests: run the built dist/cli.js as a process, on hermetic copies of the fixtures.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
export const CLI = path.join(REPO, 'dist', 'cli.js');
const FIXTURES = path.join(__dirname, 'fixtures');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js ...args` in `cwd` without a TTY and without inherited NO_COLOR/FORCE_COLOR quirks. */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): CliRun {
  const clean = { ...process.env };
  delete clean.NO_COLOR;
  delete clean.FORCE_COLOR;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { ...clean, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Copies a fixture folder into a fresh temporary directory that holds a `.git` folder, so the settings
 * lookup (which stops at the repository root) never sees anything outside the copy. Returns the copy's path.
 */
export function fixtureCopy(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-cli-'));
  fs.mkdirSync(path.join(dir, '.git'));
  fs.cpSync(path.join(FIXTURES, name), path.join(dir, name), { recursive: true });
  return dir;
}

export function removeCopy(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export interface JsonFinding {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

export function parseFindings(stdout: string): JsonFinding[] {
  const parsed = JSON.parse(stdout) as { findings: JsonFinding[] };
  return parsed.findings;
}

/** A finding without its message (engine wording may evolve; positions, codes and severities may not). */
export function shape(f: JsonFinding): Omit<JsonFinding, 'message'> {
  return { file: f.file, range: f.range, severity: f.severity, code: f.code };
}

export function range(l1: number, c1: number, l2: number, c2: number): JsonFinding['range'] {
  return { start: { line: l1, character: c1 }, end: { line: l2, character: c2 } };
}

/** A fresh repository (a `.git` folder, so the settings lookup stops there) holding `files` (path -> text). */
export function tempRepo(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-repo-'));
  fs.mkdirSync(path.join(dir, '.git'));
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  }
  return dir;
}
