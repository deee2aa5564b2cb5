// A named port that none of the destination pods declares matches nothing for them: the rule admits nothing there.
import type { WorkspaceReport, WorkspaceRule } from '../workspace.ts';
import { destPhrase, rulePorts } from './ws-ports.ts';
import { dedupe } from './ws-policy.ts';

export const rule: WorkspaceRule = {
  code: 'unknown-named-port',
  defaultSeverity: 'warning',
  description: 'A named port that no selected destination pod declares.',
  checkWorkspace(model, files, ctx) {
    const reports: WorkspaceReport[] = [];
    for (const rp of rulePorts(model, files)) {
      const name = rp.port.port;
      if (typeof name !== 'string') continue;
      const proto = rp.port.protocol;
      if (rp.dests.some((w) => w.ports.some((c) => c.name === name && c.protocol === proto))) continue;
      const other = [...new Set(rp.dests.flatMap((w) => w.ports.filter((c) => c.name === name).map((c) => c.protocol)))];
      const hint = other.length > 0 ? ` It is declared for ${other.join('/')} only; set \`protocol: ${other[0]}\` if that is the port you mean.` : '';
      reports.push({
        uri: rp.uri,
        span: rp.span,
        message: `${rp.path}: none of ${destPhrase(rp)} declares a ${proto} container port named "${name}", so this port matches nothing for them.${hint}`,
      });
    }
    for (const r of dedupe(reports)) ctx.report(r);
  },
};
