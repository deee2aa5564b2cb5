// `netlens inventory`: gateways, exposed endpoints, LoadBalancer/NodePort Services, policies by namespace,
// ReferenceGrants and coverage, as markdown (for a docs folder) or JSON.
import { inventoryMarkdown, inventoryOf } from '../../core/index.ts';
import { EXIT_OK, type Command } from '../command.ts';
import { loadedModel } from '../load-model.ts';
import { reportCommand } from '../report-command.ts';
import { SETTINGS_USAGE } from '../settings-args.ts';

const USAGE = `Usage: netlens inventory [--format markdown|json] [--config FILE] [--rule CODE=SEVERITY]... [paths...]

The inventory of the way in and the policies, from the manifests in the given files and directories
(default: .): Gateways (class, data plane, address, external or internal, listeners), the endpoints
their routes expose (hostname, route, Service, namespace, port), LoadBalancer and NodePort Services,
Ingress and Traefik IngressRoute objects, NetworkPolicies by namespace (what they select, their types),
ReferenceGrants with what they grant and whether a reference uses them, and the coverage table with gaps.

A Gateway is "internal" when every address it asks for (spec.addresses, MetalLB or Cilium LB-IPAM
annotations) is private, "external" when one is public, "unknown" when the cluster assigns it.

Options:
  --format markdown|json  markdown (default) or the same data as JSON.
${SETTINGS_USAGE}
  -h, --help              Show this help.
`;

export const command: Command = reportCommand({
  name: 'inventory',
  summary: 'Gateways, exposed endpoints, LoadBalancer Services, policies, ReferenceGrants and coverage',
  usage: USAGE,
  formats: ['markdown', 'json'],
  run({ format, positionals, io, load }) {
    const ws = loadedModel(load(positionals));
    const inv = inventoryOf(ws.model, ws.files, ws.options);
    io.stdout(format === 'markdown' ? inventoryMarkdown(inv) : `${JSON.stringify(inv, null, 2)}\n`);
    return EXIT_OK;
  },
});
