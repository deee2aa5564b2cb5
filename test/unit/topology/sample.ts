// The Brokkr example from the seeds (broker, agent, PostgreSQL, ingress controller, Prometheus) as a model.
import { model, policy, port, resetSpans, rule, sel, workload } from './fixtures.ts';

export function brokkrModel() {
  resetSpans();
  const broker = workload('brokkr', 'brokkr-broker', { 'app.kubernetes.io/name': 'brokkr-broker' }, [[3000, 'TCP', 'http']]);
  const agent = workload('brokkr', 'brokkr-agent', { 'app.kubernetes.io/name': 'brokkr-agent' }, [[8080]]);
  const pg = workload('brokkr', 'postgresql', { 'app.kubernetes.io/name': 'postgresql' }, [[5432]], 'StatefulSet');
  const nginx = workload('ingress-nginx', 'ingress-nginx-controller', { 'app.kubernetes.io/name': 'ingress-nginx' }, [[80], [443]]);
  const prom = workload('monitoring', 'prometheus', { 'app.kubernetes.io/name': 'prometheus' }, [[9090]]);
  const dns = workload('kube-system', 'kube-dns', { 'k8s-app': 'kube-dns' }, [[53, 'UDP', 'dns'], [53, 'TCP', 'dns-tcp']], 'ClusterWorkload');
  const toDns = rule([{ namespaceSelector: sel(), podSelector: sel({ 'k8s-app': 'kube-dns' }) }], [port(53, 'UDP')]);
  const brokerPolicy = policy(
    'brokkr',
    'brokkr-broker',
    sel({ 'app.kubernetes.io/name': 'brokkr-broker' }),
    ['ingress', 'egress'],
    [
      rule([{ namespaceSelector: sel({ 'kubernetes.io/metadata.name': 'ingress-nginx' }), podSelector: sel({ 'app.kubernetes.io/name': 'ingress-nginx' }) }], [port(3000)]),
      rule([{ podSelector: sel({ 'app.kubernetes.io/name': 'brokkr-agent' }) }], [port(3000)]),
      rule([{ namespaceSelector: sel({ 'kubernetes.io/metadata.name': 'monitoring' }) }], [port(3000)]),
    ],
    [
      rule([{ podSelector: sel({ 'app.kubernetes.io/name': 'postgresql' }) }], [port(5432)]),
      toDns,
      rule([{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }], [port(443)]),
    ],
  );
  const agentPolicy = policy(
    'brokkr',
    'brokkr-agent',
    sel({ 'app.kubernetes.io/name': 'brokkr-agent' }),
    ['egress'],
    [],
    [
      rule([{ ipBlock: { cidr: '0.0.0.0/0', except: [] } }], [port(6443)]),
      rule([{ podSelector: sel({ 'app.kubernetes.io/name': 'brokkr-broker' }) }], [port(3000)]),
      rule([{ ipBlock: { cidr: '0.0.0.0/0', except: [] } }], [port(443), port(3000)]),
      toDns,
    ],
  );
  const pgPolicy = policy(
    'brokkr',
    'postgresql',
    sel({ 'app.kubernetes.io/name': 'postgresql' }),
    ['ingress'],
    [rule([{ podSelector: sel({ 'app.kubernetes.io/name': 'brokkr-broker' }) }], [port(5432)])],
  );
  return model([broker, agent, pg, nginx, prom, dns], [brokerPolicy, agentPolicy, pgPolicy], { 'ingress-nginx': {}, monitoring: {} });
}
