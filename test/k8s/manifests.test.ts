import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { isMap, parseAllDocuments, type Document } from 'yaml';
import { checkManifests, K8S_DIR, PROJECT_ROOT, readManifests } from './check-manifests.js';

/** Rewrites the document of `kind` in a copied manifest file, keeping its comments and the other documents. */
async function edit(dir: string, file: string, kind: string, change: (doc: Document.Parsed) => void): Promise<void> {
  const target = path.join(dir, file);
  const docs = parseAllDocuments(await readFile(target, 'utf8'), { version: '1.1' });
  const doc = docs.find((d) => d.get('kind') === kind);
  if (!doc) throw new Error(`${file} has no ${kind}`);
  change(doc);
  await writeFile(target, docs.map((d) => String(d)).join(''));
}

type Breakage = {
  title: string;
  file: string;
  kind: string;
  change: (doc: Document.Parsed) => void;
  caughtBy: 'schema' | 'types' | 'contract';
  mentions: string;
  // The schema check alone accepts unknown fields; asserting that keeps the type check honest about why it exists.
  missedBy?: 'schema';
};

const breakages: Breakage[] = [
  {
    title: 'a wrong type (replicas: "three") is caught by the schema check',
    file: 'deployment.yaml',
    kind: 'Deployment',
    change: (doc) => doc.setIn(['spec', 'replicas'], 'three'),
    caughtBy: 'schema',
    mentions: 'replicas',
  },
  {
    title: 'a misspelled field (imagePullPolicyy) is caught by the type check, though the schema check misses it',
    file: 'deployment.yaml',
    kind: 'Deployment',
    change: (doc) => {
      const container = doc.getIn(['spec', 'template', 'spec', 'containers', 0]);
      if (!isMap(container)) throw new Error('no container to misspell');
      const value: unknown = container.get('imagePullPolicy');
      container.delete('imagePullPolicy');
      container.set('imagePullPolicyy', value);
    },
    caughtBy: 'types',
    mentions: 'imagePullPolicyy',
    missedBy: 'schema',
  },
  {
    title: 'a Service selector that matches no pod is caught by the contract check',
    file: 'service.yaml',
    kind: 'Service',
    change: (doc) => doc.setIn(['spec', 'selector', 'app.kubernetes.io/name'], 'travel-order'),
    caughtBy: 'contract',
    mentions: 'selector',
  },
  {
    title: 'a ServiceMonitor scraping a port the Service does not name is caught by the contract check',
    file: 'servicemonitor.yaml',
    kind: 'ServiceMonitor',
    change: (doc) => doc.setIn(['spec', 'endpoints', 0, 'port'], 'metrics'),
    caughtBy: 'contract',
    mentions: 'port metrics',
  },
  {
    title: 'a PrometheusRule with a misspelled field (expression for expr) is caught by the schema check',
    file: 'prometheus-rule.yaml',
    kind: 'PrometheusRule',
    change: (doc) => {
      const rule = doc.getIn(['spec', 'groups', 1, 'rules', 0]);
      if (!isMap(rule)) throw new Error('no rule to misspell');
      const value: unknown = rule.get('expr');
      rule.delete('expr');
      rule.set('expression', value);
    },
    caughtBy: 'schema',
    mentions: 'expr',
  },
];

describe('k8s manifests', function () {
  this.timeout(120_000);

  it('k8s/ passes the schema, type, kustomize and contract checks', async () => {
    expect(await checkManifests(K8S_DIR)).to.deep.equal([]);
  });

  describe('each check fails on a broken copy', () => {
    let scratch: string;
    before(async () => {
      scratch = await mkdtemp(path.join(tmpdir(), 'k8s-broken-'));
    });
    after(async () => {
      await rm(scratch, { recursive: true, force: true });
    });

    for (const [i, b] of breakages.entries()) {
      it(b.title, async () => {
        const dir = path.join(scratch, String(i));
        await cp(K8S_DIR, dir, { recursive: true });
        await edit(dir, b.file, b.kind, b.change);
        const problems = await checkManifests(dir);
        const caught = problems.filter((p) => p.startsWith(`${b.caughtBy}:`) && p.includes(b.mentions));
        expect(caught, problems.join('\n')).to.not.be.empty;
        if (b.missedBy) expect(problems.filter((p) => p.startsWith(`${b.missedBy}:`))).to.deep.equal([]);
      });
    }
  });

  it('the Dockerfile builds the image the manifests run', async () => {
    const dockerfile = await readFile(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    const lines = dockerfile.split('\n').map((l) => l.trim());
    const froms = lines.filter((l) => l.startsWith('FROM '));
    expect(froms.length, 'multi-stage').to.be.at.least(2);
    for (const from of froms) expect(from).to.match(/^FROM node:20-bookworm-slim\b/);
    expect(dockerfile).to.match(/RUN npm ci\b/);
    expect(dockerfile).to.match(/RUN npm run build\b/);
    expect(dockerfile).to.match(/RUN npm ci --omit=dev\b/);
    const users = lines.filter((l) => l.startsWith('USER '));
    expect(users.at(-1), 'runs as the uid the pods require').to.match(/^USER 10001(:10001)?$/);
    const cmd = lines.filter((l) => l.startsWith('CMD ')).at(-1) ?? '';
    // Exec form, so node is PID 1 and SIGTERM starts the graceful drain.
    expect(JSON.parse(cmd.slice('CMD '.length))).to.deep.equal(['node', 'dist/src/main.js']);
    const { manifests } = await readManifests(K8S_DIR);
    const deployment = manifests.find((m) => m.doc['kind'] === 'Deployment');
    expect(deployment?.doc).to.nested.include({ 'spec.template.spec.securityContext.runAsUser': 10001 });
    const dockerignore = (await readFile(path.join(PROJECT_ROOT, '.dockerignore'), 'utf8')).split('\n').map((l) => l.trim());
    for (const excluded of ['node_modules', 'dist', '.git']) expect(dockerignore).to.include(excluded);
  });
});
