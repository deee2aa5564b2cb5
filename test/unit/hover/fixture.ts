// A small workspace for hover and completion tests: namespaces shop and db, workloads with labels and named ports.
import { buildModel, DEFAULT_OPTIONS, parseFile, type Model, type Options, type ParsedFile } from '../../../server/src/core/index.ts';

export const WORKLOADS_URI = 'file:///ws/apps.yaml';
export const POLICY_URI = 'file:///ws/policy.yaml';

export const WORKLOADS = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {team: shop}
---
apiVersion: v1
kind: Namespace
metadata:
  name: db
  labels: {team: data}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    metadata:
      labels: {app: api, tier: backend}
    spec:
      containers:
        - name: api
          ports:
            - {name: http, containerPort: 8080}
            - {name: metrics, containerPort: 9090}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata:
      labels: {app: web, tier: frontend}
    spec:
      containers:
        - name: web
          ports:
            - {name: http, containerPort: 80}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: postgres, namespace: db}
spec:
  template:
    metadata:
      labels: {app: postgres}
    spec:
      containers:
        - name: pg
          ports:
            - {name: pg, containerPort: 5432}
`;

export const OPTIONS: Options = { ...DEFAULT_OPTIONS, defaultNamespace: 'shop' };

export function workspace(policyText: string, options: Options = OPTIONS): { file: ParsedFile; model: Model } {
  const file = parseFile(POLICY_URI, policyText, options);
  const model = buildModel([parseFile(WORKLOADS_URI, WORKLOADS, options), file], options);
  return { file, model };
}

/** Offset of the `nth` occurrence of `needle` in `text`, plus `delta`; fails loudly when absent. */
export function offsetOf(text: string, needle: string, delta = 0, nth = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i === -1) throw new Error(`"${needle}" (#${nth}) not in the text`);
  }
  return i + delta;
}
