// Coverage report as Markdown (the table operators keep by hand today) and JSON.
import type { CoverageReport, CoverageStatus } from './coverage.ts';
import { markdownTable, mdText } from './table.ts';

const STATUS_TEXT: Record<CoverageStatus, string> = { covered: 'Covered', 'partially covered': 'Partially covered', 'no policies': '**No policies**' };

export function coverageMarkdown(r: CoverageReport): string {
  let out = '## Coverage\n\n';
  if (r.namespaces.length === 0) return out + '_No namespaces with workloads or NetworkPolicies found._\n';
  out += markdownTable(
    ['Namespace', 'Workloads', 'NetworkPolicies', 'Ingress default-deny', 'Egress default-deny', 'Status', 'Open workloads'],
    r.namespaces.map((n) => [
      n.namespace,
      String(n.workloads),
      String(n.policies),
      n.ingressDefaultDeny ? 'yes' : 'no',
      n.egressDefaultDeny ? 'yes' : 'no',
      STATUS_TEXT[n.status],
      n.openWorkloads.length === 0 ? '-' : n.openWorkloads.map((o) => `${o.workload} (${o.open.join(', ')})`).join(', '),
    ]),
  );
  out += '\n## Gaps and recommendations\n\n';
  if (r.gaps.length === 0) return out + '_No gaps found: every namespace has default-deny ingress and egress, and DNS egress where egress is isolated._\n';
  r.gaps.forEach((g, i) => {
    out += `${i + 1}. **${mdText(g.namespace)}** (${g.priority}): ${mdText(g.problem)}\n   - Recommendation: ${mdText(g.recommendation)}\n`;
  });
  return out;
}

export function coverageJson(r: CoverageReport): CoverageReport {
  return r;
}
