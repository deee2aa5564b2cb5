// A small workspace for Cilium semantics: two namespaces with labelled pods, a Service, and DNS in kube-system.
import { buildModel, DEFAULT_OPTIONS, parseFile, parsePortSpec, reach, resolveEndpoint, type Model, type Verdict } from '../../../server/src/core/index.ts';
import type { Options } from '../../../server/src/core/options.ts';

export const WORKLOADS = `apiVersion: v1
kind: Namespace
metadata: {name: app, labels: {team: blue}}
---
apiVersion: v1
kind: Namespace
metadata: {name: other, labels: {team: red}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: app, labels: {role: web}}
spec:
  serviceAccountName: web-sa
  containers: [{name: c, ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090, protocol: UDP}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: app, labels: {role: api}}
spec:
  containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: other, labels: {role: api}}
spec:
  containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: app, labels: {expose: yes}}
spec:
  selector: {role: api}
  ports: [{port: 80, targetPort: 8080}]
`;

export const POLICY_URI = 'file:///ws/policy.yaml';

export function cilium(policy: string, options: Options = DEFAULT_OPTIONS): Model {
  const files = [parseFile('file:///ws/workloads.yaml', WORKLOADS, options), parseFile(POLICY_URI, policy, options)];
  return buildModel(files, options);
}

export function ask(m: Model, from: string, to: string, port: string): Verdict {
  const f = resolveEndpoint(m, from);
  const t = resolveEndpoint(m, to);
  const p = parsePortSpec(port);
  if (!f.ok || !t.ok || 'error' in p) throw new Error(`bad query ${from} ${to} ${port}`);
  return reach(m, { from: f.endpoint, to: t.endpoint, port: p.port, protocol: p.protocol });
}

export const can = (m: Model, from: string, to: string, port: string): boolean => ask(m, from, to, port).allowed;

/** A CNP in namespace `app` with the given spec body (YAML, indented under spec). */
export const cnp = (name: string, spec: string, ns = 'app'): string => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n${spec.replace(/^/gm, '  ')}\n`;
export const ccnp = (name: string, spec: string): string => `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n${spec.replace(/^/gm, '  ')}\n`;
