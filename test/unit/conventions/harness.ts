// Convention tests: one workspace, conventions set, the findings of one code (line, covered text, message).
import { DEFAULT_CONVENTIONS, type Conventions } from '../../../server/src/core/index.ts';
import { deployment, wsFindings, type Files, type WsSeen } from '../rules/workspace-harness.ts';

export { applyEdits, deployment, wsCodes, type Files } from '../rules/workspace-harness.ts';

export const WEB = deployment('shop', 'web', { app: 'web' }, ['http:8080']);

export function conv(code: string, files: Files, c: Partial<Conventions>): WsSeen[] {
  // DNS rules speak about the same policies; they are not what these tests look at.
  return wsFindings(files, code, { conventions: { ...DEFAULT_CONVENTIONS, ...c }, rules: { 'missing-dns-egress': 'off' } });
}

/** A NetworkPolicy in namespace shop with the given spec lines (indented by two spaces). */
export function np(name: string, spec: string, meta = ''): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: shop\n${meta}spec:\n${spec}`;
}
