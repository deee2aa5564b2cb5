// A temporary git repository with a history of network-policy changes, for the `netlens diff` tests.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const FIXTURE = path.join(__dirname, 'fixtures', 'diff');

export const API_TO_DB = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-to-db
spec:
  podSelector:
    matchLabels: {app: api}
  policyTypes: [Egress]
  egress:
    - to:
        - podSelector:
            matchLabels: {app: db}
      ports:
        - port: 5432
    - to:
        - ipBlock:
            cidr: 10.0.0.1/24
      ports:
        - port: 443
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-from-api
spec:
  podSelector:
    matchLabels: {app: db}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels: {app: api}
      ports:
        - port: 5432
`;

export interface DiffRepo {
  dir: string;
  git(...args: string[]): string;
  edit(file: string, change: (text: string) => string): void;
  commit(message: string): string;
}

/**
 * Commits (each a small review-sized change):
 *  c1 the fixture (tag v1): web -> api on 9000, DNS over UDP only (a dns-tcp-blocked finding), and a
 *     kustomization placing allow-scrape in `staging`, where it selects nothing;
 *  c2 api -> db on 5432 and api -> 10.0.0.0/24 on 443 opened (a new file listed in the kustomization),
 *     with a cidr-host-bits warning (the block is written 10.0.0.1/24);
 *  c3 web -> api closed (its egress policy deleted), TCP 53 to DNS added (the finding fixed, three flows opened);
 *  c4 shop/api-to-db.yaml renamed to shop/db-access.yaml (nothing changes; its warning follows it).
 * The working tree then edits scrape/kustomization.yaml to place allow-scrape in `shop` (uncommitted).
 */
export function makeDiffRepo(): DiffRepo & { commits: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-diff-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  fs.rmSync(path.join(dir, 'README.md'));
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid', GIT_CONFIG_NOSYSTEM: '1', HOME: dir };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' }).trim();
  const edit = (file: string, change: (text: string) => string) => fs.writeFileSync(path.join(dir, file), change(fs.readFileSync(path.join(dir, file), 'utf8')));
  const commit = (message: string) => {
    git('add', '-A');
    git('commit', '-q', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  git('init', '-q', '-b', 'main');
  const commits = [commit('c1')];
  git('tag', 'v1');
  fs.writeFileSync(path.join(dir, 'shop/api-to-db.yaml'), API_TO_DB);
  edit('shop/kustomization.yaml', (t) => `${t}  - api-to-db.yaml\n`);
  commits.push(commit('c2'));
  edit('shop/policies.yaml', (t) => {
    const docs = t.split('---\n');
    docs.splice(1, 1); // web-to-api
    return docs.join('---\n').replace('          protocol: UDP\n', '          protocol: UDP\n        - port: 53\n          protocol: TCP\n');
  });
  commits.push(commit('c3'));
  git('mv', 'shop/api-to-db.yaml', 'shop/db-access.yaml');
  edit('shop/kustomization.yaml', (t) => t.replace('api-to-db.yaml', 'db-access.yaml'));
  commits.push(commit('c4'));
  edit('scrape/kustomization.yaml', (t) => t.replace('namespace: staging', 'namespace: shop'));
  return { dir, git, edit, commit, commits };
}
