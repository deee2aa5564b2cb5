// Deterministic manifest generator for the benchmarks: NetworkPolicies, Deployments and Services that look
// like a real GitOps repository (same seed, same bytes), written to the gitignored .bench/ folder on demand.
import fs from 'node:fs';
import path from 'node:path';

/** Small seeded PRNG (mulberry32): benchmarks must measure the same input every run. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const APPS = ['frontend', 'api', 'worker', 'postgres', 'redis', 'search', 'billing', 'auth', 'mailer', 'metrics'];
const NAMESPACES = ['shop', 'payments', 'identity', 'data', 'monitoring', 'batch'];

function pick(r, list) {
  return list[Math.floor(r() * list.length)];
}

export function deployment(r, ns, app, i) {
  const port = 1024 + Math.floor(r() * 60000);
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}-${i}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${app}
    app.kubernetes.io/part-of: ${ns}
spec:
  replicas: ${1 + Math.floor(r() * 3)}
  selector:
    matchLabels:
      app: ${app}-${i}
  template:
    metadata:
      labels:
        app: ${app}-${i}
        tier: ${pick(r, ['web', 'backend', 'data'])}
    spec:
      containers:
        - name: ${app}
          image: registry.example.com/${ns}/${app}:1.${i % 20}.${Math.floor(r() * 10)}
          ports:
            - name: http
              containerPort: ${port}
              protocol: TCP
            - name: metrics
              containerPort: 9090
          resources:
            requests: {cpu: 100m, memory: 128Mi}
`;
}

export function service(r, ns, app, i) {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app}-${i}
  namespace: ${ns}
spec:
  selector:
    app: ${app}-${i}
  ports:
    - name: http
      port: 80
      targetPort: http
`;
}

export function networkPolicy(r, ns, app, i) {
  const from = pick(r, APPS);
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-${from}-to-${app}-${i}
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      app: ${app}-${i}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: ${from}
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: ${pick(r, NAMESPACES)}
          podSelector:
            matchExpressions:
              - {key: tier, operator: In, values: [web, backend]}
      ports:
        - protocol: TCP
          port: http
        - protocol: TCP
          port: ${8000 + (i % 100)}
          endPort: ${8100 + (i % 100)}
  egress:
    - to:
        - namespaceSelector: {}
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - {protocol: UDP, port: 53}
        - {protocol: TCP, port: 53}
    - to:
        - ipBlock:
            cidr: 10.${i % 250}.0.0/16
            except: [10.${i % 250}.1.0/24]
`;
}

/** One multi-document file of at least `minLines` lines, cycling Deployment, Service, NetworkPolicy. */
export function multiDocFile(minLines, seed = 1) {
  const r = rng(seed);
  const docs = [];
  let lines = 0;
  for (let i = 0; lines < minLines; i++) {
    const ns = pick(r, NAMESPACES);
    const app = pick(r, APPS);
    const doc = [deployment, service, networkPolicy][i % 3](r, ns, app, i);
    docs.push(doc);
    lines += doc.split('\n').length;
  }
  return docs.join('---\n');
}

/** `count` files of one app each (Deployment + Service + NetworkPolicy, 80-100 lines), like a GitOps repo. */
export function workspaceFiles(count, seed = 2) {
  const r = rng(seed);
  const files = [];
  for (let i = 0; i < count; i++) {
    const ns = NAMESPACES[i % NAMESPACES.length];
    const app = pick(r, APPS);
    files.push({ path: `${ns}/${app}-${i}.yaml`, text: [deployment(r, ns, app, i), service(r, ns, app, i), networkPolicy(r, ns, app, i)].join('---\n') });
  }
  return files;
}

/** Writes generated files under `.bench/<name>/` (for sections that measure the CLI or file reading). */
export function writeFiles(root, name, files) {
  const dir = path.join(root, '.bench', name);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const f of files) {
    const p = path.join(dir, f.path);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, f.text);
  }
  return dir;
}

/** The CiliumNetworkPolicy counterpart of networkPolicy(): same shape of intent, Cilium's vocabulary. */
export function ciliumPolicy(r, ns, app, i) {
  const from = pick(r, APPS);
  return `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: allow-${from}-to-${app}-${i}
  namespace: ${ns}
spec:
  endpointSelector:
    matchLabels:
      app: ${app}-${i}
  ingress:
    - fromEndpoints:
        - matchLabels:
            app: ${from}
        - matchLabels:
            k8s:io.kubernetes.pod.namespace: ${pick(r, NAMESPACES)}
          matchExpressions:
            - {key: tier, operator: In, values: [web, backend]}
      toPorts:
        - ports:
            - {port: "http", protocol: TCP}
            - {port: "${8000 + (i % 100)}", endPort: ${8100 + (i % 100)}, protocol: TCP}
  egress:
    - toEndpoints:
        - matchLabels:
            k8s:io.kubernetes.pod.namespace: kube-system
            k8s-app: kube-dns
      toPorts:
        - ports: [{port: "53", protocol: ANY}]
          rules:
            dns: [{matchPattern: "*"}]
    - toFQDNs: [{matchPattern: "*.${ns}.example.com"}]
      toPorts: [{ports: [{port: "443", protocol: TCP}]}]
    - toCIDRSet:
        - cidr: 10.${i % 250}.0.0/16
          except: [10.${i % 250}.1.0/24]
`;
}

/** An HTTPRoute of an app's namespace on the shared Gateway `gateway/edge`, to the app's Service. */
export function httpRoute(r, ns, app, i) {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${app}-${i}
  namespace: ${ns}
spec:
  parentRefs:
    - name: edge
      namespace: gateway
      sectionName: http
  hostnames: ["${app}-${i}.${ns}.example.net"]
  rules:
    - matches:
        - path: {type: PathPrefix, value: /}
      backendRefs:
        - name: ${app}-${i}
          port: 80
`;
}

/** The Gateway every HTTPRoute attaches to (five documents, like every other file). */
export function gatewayFile() {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: gateway
  labels: {team: platform}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: eg
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: gateway
spec:
  gatewayClassName: eg
  listeners:
    - name: http
      protocol: HTTP
      port: 80
      allowedRoutes:
        namespaces: {from: All}
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: cluster-dns
spec:
  endpointSelector: {}
  egress:
    - toEndpoints:
        - matchLabels:
            k8s:io.kubernetes.pod.namespace: kube-system
            k8s-app: kube-dns
      toPorts:
        - ports: [{port: "53", protocol: ANY}]
          rules:
            dns: [{matchPattern: "*"}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: gateway
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;
}

/**
 * The mixed workspace of the server and CLI benchmarks: `count` files of five documents each (count x 5
 * documents): a Gateway file, then per app two Deployments, a Service, a NetworkPolicy or (every second file)
 * a CiliumNetworkPolicy, and a second Service or (every fourth file) an HTTPRoute on the shared Gateway.
 */
export function mixedWorkspace(count, seed = 7) {
  const r = rng(seed);
  const files = [{ path: 'gateway/gateway.yaml', text: gatewayFile() }];
  for (let i = 1; i < count; i++) {
    const ns = NAMESPACES[i % NAMESPACES.length];
    const app = APPS[i % APPS.length];
    const policy = i % 2 === 0 ? ciliumPolicy : networkPolicy;
    const fifth = i % 4 === 0 ? httpRoute : (rr, n, a, j) => service(rr, n, `${a}-b`, j);
    const docs = [deployment(r, ns, app, i), service(r, ns, app, i), policy(r, ns, app, i), deployment(r, ns, `${app}-b`, i), fifth(r, ns, app, i)];
    files.push({ path: `${ns}/${app}-${i}.yaml`, text: docs.join('---\n') });
  }
  return files;
}
