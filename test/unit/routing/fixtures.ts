// Small Gateway API manifests for the routing tests: a Gateway in `infra`, routes, Services, grants.
export const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: infra
spec:
  gatewayClassName: eg
  listeners:
  - name: http
    protocol: HTTP
    port: 80
    hostname: "*.example.com"
    allowedRoutes:
      namespaces:
        from: Selector
        selector:
          matchLabels:
            gateway-access: "true"
  - name: https
    protocol: HTTPS
    port: 443
    tls:
      certificateRefs:
      - name: edge-cert
`;

export const NAMESPACES = `apiVersion: v1
kind: Namespace
metadata:
  name: apps
  labels:
    gateway-access: "true"
---
apiVersion: v1
kind: Namespace
metadata:
  name: other
`;

export const SECRET = `apiVersion: v1
kind: Secret
metadata: {name: edge-cert, namespace: infra}
type: kubernetes.io/tls
stringData:
  tls.crt: "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----"
  tls.key: "-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----"
`;

export function service(ns: string, name: string, port = 80, targetPort = 8080): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector: {app: ${name}}\n  ports:\n  - port: ${port}\n    targetPort: ${targetPort}\n`;
}

/** An HTTPRoute in `ns` with the given parentRef and backendRef lines (each a YAML flow map). */
export function route(ns: string, name: string, parent: string, backend = '{name: web, port: 80}', hostnames = ''): string {
  return (
    `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n` +
    `  parentRefs:\n  - ${parent}\n` +
    (hostnames ? `  hostnames: [${hostnames}]\n` : '') +
    `  rules:\n  - backendRefs:\n    - ${backend}\n`
  );
}

export function grant(ns: string, fromKind: string, fromNs: string, toKind = 'Service', toName?: string): string {
  return (
    `apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: allow\n  namespace: ${ns}\nspec:\n` +
    `  from:\n  - group: gateway.networking.k8s.io\n    kind: ${fromKind}\n    namespace: ${fromNs}\n` +
    `  to:\n  - group: ""\n    kind: ${toKind}\n${toName ? `    name: ${toName}\n` : ''}`
  );
}

/**
 * An Envoy Gateway class and the Gateway `infra/edge` of that class with the given flow-style listeners (and an
 * address when given): the entry the trace, way-in and exposure tests start from.
 */
export const edgeGateway = (listeners: string[], address?: string): string => `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: infra}
spec:
  gatewayClassName: eg
${address ? `  addresses: [{type: IPAddress, value: ${address}}]\n` : ''}  listeners:
${listeners.map((l) => `  - ${l}\n`).join('')}`;
