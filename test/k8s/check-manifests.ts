import { access, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HorizontalPodAutoscaler, type IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IDeploymentSpec } from 'kubernetes-models/apps/v1/DeploymentSpec';
import { StatefulSet, type IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { Job, type IJob } from 'kubernetes-models/batch/v1/Job';
import { NetworkPolicy, type INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';
import { PodDisruptionBudget, type IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap, type IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { Secret, type ISecret } from 'kubernetes-models/v1/Secret';
import { Service, type IService } from 'kubernetes-models/v1/Service';
import { PrometheusRule, type IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor, type IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { configSchema, loadConfig, type Config } from '../../src/config.js';
import { createFaults } from '../../src/ops/faults.js';
import type { Metrics } from '../../src/ops/metrics.js';
import { createOpsRouter } from '../../src/ops/ops-router.js';
import type { Readiness } from '../../src/ops/readiness.js';

export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const K8S_DIR = path.join(PROJECT_ROOT, 'k8s');

export type Manifest = { file: string; label: string; doc: Record<string, unknown> };

type LabelSelector = IDeploymentSpec['selector'];
type Labels = Record<string, string>;
type Model = { validate: (doc: unknown) => void; module: string; type: string };

function model<T>(Class: new (data: T) => { validate(): void }, module: string, type: string): Model {
  return { validate: (doc) => new Class(doc as T).validate(), module, type };
}

/** apiVersion/kind -> the kubernetes-models class (runtime schema) and interface (compile-time shape). */
const MODELS: Readonly<Record<string, Model>> = {
  'v1/ConfigMap': model(ConfigMap, 'kubernetes-models/v1/ConfigMap', 'IConfigMap'),
  'v1/Secret': model(Secret, 'kubernetes-models/v1/Secret', 'ISecret'),
  'v1/Service': model(Service, 'kubernetes-models/v1/Service', 'IService'),
  'apps/v1/Deployment': model(Deployment, 'kubernetes-models/apps/v1/Deployment', 'IDeployment'),
  'apps/v1/StatefulSet': model(StatefulSet, 'kubernetes-models/apps/v1/StatefulSet', 'IStatefulSet'),
  'batch/v1/Job': model(Job, 'kubernetes-models/batch/v1/Job', 'IJob'),
  'autoscaling/v2/HorizontalPodAutoscaler': model(
    HorizontalPodAutoscaler,
    'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
    'IHorizontalPodAutoscaler',
  ),
  'policy/v1/PodDisruptionBudget': model(PodDisruptionBudget, 'kubernetes-models/policy/v1/PodDisruptionBudget', 'IPodDisruptionBudget'),
  'networking.k8s.io/v1/NetworkPolicy': model(NetworkPolicy, 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy', 'INetworkPolicy'),
  // The Prometheus Operator's CRDs, from the models generated from them.
  'monitoring.coreos.com/v1/PrometheusRule': model(PrometheusRule, '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule', 'IPrometheusRule'),
  'monitoring.coreos.com/v1/ServiceMonitor': model(ServiceMonitor, '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor', 'IServiceMonitor'),
};

const KUSTOMIZATION = 'kustomization.yaml';
const KUSTOMIZATION_FIELDS = new Set([
  'apiVersion', 'kind', 'resources', 'images', 'namespace', 'namePrefix', 'nameSuffix', 'labels', 'commonLabels',
  'commonAnnotations', 'patches', 'configMapGenerator', 'secretGenerator', 'generatorOptions', 'replicas', 'components',
]);
const EXTRA_ENV = new Set(['NODE_OPTIONS']);
const OPS_PATHS = opsRouterPaths();

function opsRouterPaths(): string[] {
  // The stubs are never called: building the router only registers its routes.
  const router = createOpsRouter({ readiness: {} as Readiness, metrics: {} as Metrics, faults: createFaults(false), apiDocument: {} });
  return router.stack.map((layer) => layer.path).filter((p): p is string => typeof p === 'string');
}

const modelKey = (doc: Record<string, unknown>) => `${String(doc['apiVersion'])}/${String(doc['kind'])}`;

/** Every YAML document under dir, parsed the way Kubernetes reads YAML (1.1: an unquoted `no` is a boolean). */
export async function readManifests(dir: string): Promise<{ manifests: Manifest[]; problems: string[] }> {
  const manifests: Manifest[] = [];
  const problems: string[] = [];
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  for (const file of files) {
    const docs = parseAllDocuments(await readFile(path.join(dir, file), 'utf8'), { version: '1.1' });
    for (const [index, doc] of docs.entries()) {
      if (doc.errors.length > 0) {
        problems.push(...doc.errors.map((e) => `yaml: ${file}#${index}: ${e.message}`));
        continue;
      }
      const value: unknown = doc.toJS();
      if (value === null || value === undefined) continue;
      if (typeof value !== 'object' || Array.isArray(value)) {
        problems.push(`yaml: ${file}#${index}: not a mapping`);
        continue;
      }
      const record = value as Record<string, unknown>;
      const name = (record['metadata'] as { name?: unknown } | undefined)?.name;
      manifests.push({ file, label: `${file}#${index} ${String(record['kind'])}/${String(name ?? '')}`, doc: record });
    }
  }
  return { manifests, problems };
}

/** Everything wrong with the manifests under dir; [] when kustomize, kubectl and the app would all accept them. */
export async function checkManifests(dir: string): Promise<string[]> {
  const { manifests, problems } = await readManifests(dir);
  const resources = manifests.filter((m) => m.file !== KUSTOMIZATION);
  problems.push(...(await checkKustomization(dir, manifests)));
  problems.push(...checkSchemas(resources));
  problems.push(...(await checkTypes(resources)));
  try {
    problems.push(...(await checkContract(resources)));
  } catch (err) {
    problems.push(`contract: the checks could not read the manifests (${(err as Error).message})`);
  }
  return problems;
}

async function checkKustomization(dir: string, manifests: Manifest[]): Promise<string[]> {
  const problems: string[] = [];
  const k = manifests.find((m) => m.file === KUSTOMIZATION)?.doc;
  if (!k) return [`kustomize: ${KUSTOMIZATION} is missing`];
  if (k['apiVersion'] !== 'kustomize.config.k8s.io/v1beta1' || k['kind'] !== 'Kustomization') {
    problems.push('kustomize: apiVersion/kind must be kustomize.config.k8s.io/v1beta1 Kustomization');
  }
  for (const field of Object.keys(k)) if (!KUSTOMIZATION_FIELDS.has(field)) problems.push(`kustomize: unknown field ${field}`);
  const listed = Array.isArray(k['resources']) ? (k['resources'] as unknown[]) : [];
  for (const r of listed) {
    if (typeof r !== 'string') problems.push(`kustomize: resource ${JSON.stringify(r)} is not a path`);
    else await access(path.join(dir, r)).catch(() => problems.push(`kustomize: resource ${r} does not exist`));
  }
  const files = new Set(manifests.map((m) => m.file));
  for (const file of files) {
    if (file === KUSTOMIZATION || file.includes('.example.')) continue;
    if (!listed.includes(file)) problems.push(`kustomize: ${file} is not listed in resources`);
  }
  for (const file of files) {
    if (file.includes('.example.') && listed.includes(file)) problems.push(`kustomize: ${file} holds placeholders and must not be a resource`);
  }
  const used = new Set(manifests.flatMap((m) => podSpecOf(m.doc)?.containers.map((c) => c.image) ?? []));
  for (const image of Array.isArray(k['images']) ? (k['images'] as Array<{ name?: unknown }>) : []) {
    if (typeof image.name !== 'string' || !used.has(image.name)) problems.push(`kustomize: images entry ${String(image.name)} matches no container image`);
  }
  return problems;
}

function checkSchemas(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  for (const m of manifests) {
    const entry = MODELS[modelKey(m.doc)];
    if (!entry) {
      problems.push(`schema: ${m.label}: no model for ${modelKey(m.doc)}`);
      continue;
    }
    try {
      entry.validate(m.doc);
    } catch (err) {
      problems.push(`schema: ${m.label}: ${(err as Error).message}`);
    }
  }
  return problems;
}

const TYPE_CHECK_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: true,
  types: [],
};

/** The JSON Schema allows unknown fields; tsc's excess-property check on an object literal does not. */
async function checkTypes(manifests: Manifest[]): Promise<string[]> {
  const work = await mkdtemp(path.join(tmpdir(), 'k8s-types-'));
  try {
    await symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
    const labels = new Map<string, string>();
    for (const [i, m] of manifests.entries()) {
      const entry = MODELS[modelKey(m.doc)];
      if (!entry) continue;
      const file = path.join(work, `manifest-${i}.ts`);
      const source = `import type { ${entry.type} } from '${entry.module}';\n\nexport const manifest: ${entry.type} = ${JSON.stringify(m.doc, null, 2)};\n`;
      await writeFile(file, source);
      labels.set(file, m.label);
    }
    const program = ts.createProgram([...labels.keys()], TYPE_CHECK_OPTIONS);
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      if (!d.file || d.start === undefined) return `types: ${message}`;
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      return `types: ${labels.get(d.file.fileName) ?? d.file.fileName} (line ${line + 1} of its JSON): ${message}`;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function podSpecOf(doc: Record<string, unknown>): IPodSpec | undefined {
  return (doc['spec'] as { template?: { spec?: IPodSpec } } | undefined)?.template?.spec;
}

function podLabelsOf(doc: { spec?: { template?: { metadata?: { labels?: Labels } } } }): Labels {
  return doc.spec?.template?.metadata?.labels ?? {};
}

/** matchLabels and matchExpressions, as the API server evaluates them; an absent selector matches nothing. */
function selects(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    const value = labels[e.key];
    switch (e.operator) {
      case 'In':
        return value !== undefined && (e.values ?? []).includes(value);
      case 'NotIn':
        return value === undefined || !(e.values ?? []).includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      default:
        return false;
    }
  });
  return byLabels && byExpressions;
}

/** A Service's plain map selector; an empty one selects nothing (no Endpoints are managed). */
function serviceSelects(selector: Labels | undefined, labels: Labels): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

function bytes(quantity: string | number | undefined): number | undefined {
  const match = /^(\d+)(Ki|Mi|Gi|k|M|G)?$/.exec(String(quantity ?? ''));
  if (!match) return undefined;
  const unit = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, k: 1e3, M: 1e6, G: 1e9 }[match[2] ?? ''] ?? 1;
  return Number(match[1]) * unit;
}

function redisBytes(value: string | undefined): number | undefined {
  const match = /^(\d+)(kb|mb|gb|k|m|g)?$/i.exec(value ?? '');
  if (!match) return undefined;
  const unit = { kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30, k: 1e3, m: 1e6, g: 1e9 }[(match[2] ?? '').toLowerCase()] ?? 1;
  return Number(match[1]) * unit;
}

const argAfter = (argv: readonly string[], flag: string): string | undefined => {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
};

function only<T>(manifests: Manifest[], kind: string, fail: (msg: string) => void): T | undefined {
  const found = manifests.filter((m) => m.doc['kind'] === kind);
  if (found.length !== 1) {
    fail(`expected exactly one ${kind}, found ${found.length}`);
    return undefined;
  }
  return found[0]?.doc as T;
}

const ofKind = <T>(manifests: Manifest[], kind: string): T[] => manifests.filter((m) => m.doc['kind'] === kind).map((m) => m.doc as T);

async function checkContract(manifests: Manifest[]): Promise<string[]> {
  const problems: string[] = [];
  const fail = (msg: string) => problems.push(`contract: ${msg}`);
  const deployment = only<IDeployment>(manifests, 'Deployment', fail);
  const job = only<IJob>(manifests, 'Job', fail);
  const lock = only<IStatefulSet>(manifests, 'StatefulSet', fail);
  const hpa = only<IHorizontalPodAutoscaler>(manifests, 'HorizontalPodAutoscaler', fail);
  const services = ofKind<IService>(manifests, 'Service');
  const configMaps = ofKind<IConfigMap>(manifests, 'ConfigMap');
  const secrets = ofKind<ISecret>(manifests, 'Secret');
  const pdbs = ofKind<IPodDisruptionBudget>(manifests, 'PodDisruptionBudget');
  const policies = ofKind<INetworkPolicy>(manifests, 'NetworkPolicy');
  if (!deployment || !job || !lock || !hpa) return problems;

  const appName = deployment.metadata?.name ?? '';
  const appPod = deployment.spec?.template.spec;
  const jobPod = job.spec?.template.spec;
  const lockPod = lock.spec?.template.spec;
  const app = appPod?.containers[0];
  const migrate = jobPod?.containers[0];
  const redis = lockPod?.containers[0];
  if (!appPod || !jobPod || !lockPod || !app || !migrate || !redis) {
    fail('the Deployment, the Job and the StatefulSet each need a pod template with a container');
    return problems;
  }
  if (appPod.containers.length !== 1) fail(`Deployment ${appName} must run exactly one container`);
  const appLabels = podLabelsOf(deployment);
  const jobLabels = podLabelsOf(job);
  const lockLabels = podLabelsOf(lock);

  // Environment: every name must be one the app reads, and the values must pass the app's own loader.
  const envOf = (what: string, pod: IPodSpec, container: IContainer): Record<string, string> => {
    const env: Record<string, string> = {};
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef) {
        const cm = configMaps.find((c) => c.metadata?.name === source.configMapRef?.name);
        if (!cm) fail(`${what} reads ConfigMap ${String(source.configMapRef.name)}, which is not defined`);
        Object.assign(env, cm?.data ?? {});
      }
      if (source.secretRef) {
        const secret = secrets.find((s) => s.metadata?.name === source.secretRef?.name);
        if (!secret) fail(`${what} reads Secret ${String(source.secretRef.name)}, which has no example`);
        Object.assign(env, secret?.stringData ?? {}, Object.fromEntries(Object.keys(secret?.data ?? {}).map((k) => [k, ''])));
      }
    }
    for (const e of container.env ?? []) env[e.name] = e.value ?? '';
    for (const name of Object.keys(env)) {
      if (!(name in configSchema.shape) && !EXTRA_ENV.has(name)) fail(`${what} sets ${name}, which configSchema does not know`);
    }
    if (pod.enableServiceLinks !== false) fail(`${what} must set enableServiceLinks: false (no injected *_SERVICE_HOST variables)`);
    return env;
  };
  const appEnv = envOf(`Deployment ${appName}`, appPod, app);
  const jobEnv = envOf(`Job ${String(job.metadata?.name)}`, jobPod, migrate);
  if (JSON.stringify(app.envFrom) !== JSON.stringify(migrate.envFrom)) fail('the Job must read the same ConfigMap and Secret as the Deployment');
  for (const secret of secrets) {
    for (const [key, value] of Object.entries(secret.stringData ?? {})) {
      if (!value.includes('CHANGE-ME')) fail(`Secret ${String(secret.metadata?.name)} key ${key} must be a CHANGE-ME placeholder, not a value`);
    }
    if (secret.data) fail(`Secret ${String(secret.metadata?.name)} must hold placeholders in stringData only`);
  }
  let config: Config;
  try {
    // The Secret holds placeholders; the real secrets are checked by the app when it starts.
    config = loadConfig({ ...appEnv, JWT_SECRET: 'x'.repeat(32), PAYMENT_WEBHOOK_SECRET: 'x'.repeat(32) });
  } catch (err) {
    fail(`the Deployment's environment fails the app's config loader: ${(err as Error).message}`);
    return problems;
  }
  if (config.nodeEnv !== 'production') fail('NODE_ENV must be production');
  if (config.seedDemo) fail('SEED_DEMO must be 0: the demo catalogue must not be sold in production');

  // Ports and probes.
  const http = app.ports?.find((p) => p.name === 'http');
  if (!http) fail(`Deployment ${appName} must name its container port http`);
  else if (http.containerPort !== config.port) fail(`container port ${http.containerPort} differs from PORT ${config.port}`);
  const probeProblems = (kind: string, probe: IProbe | undefined, expected: string | undefined) => {
    const get = probe?.httpGet;
    if (!get) {
      fail(`Deployment ${appName} ${kind} must be an httpGet probe`);
      return;
    }
    if (!get.path || !OPS_PATHS.includes(get.path)) fail(`${kind} path ${String(get.path)} is not served by the ops router (${OPS_PATHS.join(', ')})`);
    if (expected && get.path !== expected) fail(`${kind} must probe ${expected}, not ${String(get.path)}`);
    if (get.port !== 'http' && get.port !== config.port) fail(`${kind} probes port ${get.port}, not the app's port`);
  };
  probeProblems('startupProbe', app.startupProbe, undefined);
  probeProblems('readinessProbe', app.readinessProbe, '/readyz');
  // /readyz asks MySQL and Redis; a liveness probe on it would restart every replica during their outage.
  probeProblems('livenessProbe', app.livenessProbe, '/healthz');

  // Services and disruption budgets.
  const appService = services.find((s) => s.metadata?.name === appName);
  if (!appService) fail(`no Service named ${appName}`);
  else {
    if (!serviceSelects(appService.spec?.selector, appLabels)) {
      fail(`Service ${appName} selector ${JSON.stringify(appService.spec?.selector)} matches no pod of Deployment ${appName} (labels ${JSON.stringify(appLabels)})`);
    }
    if (serviceSelects(appService.spec?.selector, jobLabels)) fail(`Service ${appName} selector also matches the migration Job's pods`);
    for (const port of appService.spec?.ports ?? []) {
      if (port.targetPort !== 'http' && port.targetPort !== config.port) fail(`Service ${appName} targets port ${String(port.targetPort)}, not the app's port`);
    }
  }
  // Monitoring: the ServiceMonitor scrapes the app Service's port by name, on a path the ops router serves.
  for (const monitor of ofKind<IServiceMonitor>(manifests, 'ServiceMonitor')) {
    const what = `ServiceMonitor ${String(monitor.metadata?.name)}`;
    const target = services.find((svc) => selects(monitor.spec.selector, (svc.metadata?.labels ?? {}) as Labels));
    if (!target || target.metadata?.name !== appName) fail(`${what} must select Service ${appName} by its labels`);
    for (const endpoint of monitor.spec.endpoints ?? []) {
      if (!target?.spec?.ports?.some((p) => p.name === endpoint.port)) fail(`${what} scrapes port ${String(endpoint.port)}, which Service ${appName} does not name`);
      if (!endpoint.path || !OPS_PATHS.includes(endpoint.path)) fail(`${what} scrapes ${String(endpoint.path)}, which the ops router does not serve`);
    }
  }
  if (ofKind<IPrometheusRule>(manifests, 'PrometheusRule').length !== 1) fail('expected exactly one PrometheusRule (rendered from deploy/prometheus/rules.yml)');
  if (!selects(deployment.spec?.selector, appLabels)) fail(`Deployment ${appName} selector does not match its own pod labels`);
  const appPdb = pdbs.find((p) => selects(p.spec?.selector, appLabels));
  if (!appPdb) fail(`no PodDisruptionBudget covers the pods of Deployment ${appName}`);
  else if (!((Number(appPdb.spec?.minAvailable) >= 2) || (Number(appPdb.spec?.maxUnavailable) <= 1))) {
    fail('the app PodDisruptionBudget must keep at least 2 pods (minAvailable 2 or maxUnavailable 1)');
  }

  // Rollout, scaling, memory, shutdown.
  const replicas = deployment.spec?.replicas;
  if (typeof replicas !== 'number' || replicas < 3) fail(`Deployment ${appName} replicas must be a number of at least 3`);
  const rolling = deployment.spec?.strategy?.rollingUpdate;
  if (rolling?.maxUnavailable !== 0 || rolling.maxSurge !== 1) fail('rolling update must use maxUnavailable 0 and maxSurge 1');
  const spreadKeys = (appPod.topologySpreadConstraints ?? []).filter((c) => selects(c.labelSelector, appLabels)).map((c) => c.topologyKey);
  for (const key of ['topology.kubernetes.io/zone', 'kubernetes.io/hostname']) {
    if (!spreadKeys.includes(key)) fail(`pods must spread over ${key}`);
  }
  const target = hpa.spec?.scaleTargetRef;
  if (target?.kind !== 'Deployment' || target.name !== appName) fail(`the HorizontalPodAutoscaler must scale Deployment ${appName}`);
  if ((hpa.spec?.minReplicas ?? 1) < 3) fail('the HorizontalPodAutoscaler minReplicas must be at least 3');
  if (!hpa.spec?.metrics?.some((m) => m.resource?.name === 'cpu')) fail('the HorizontalPodAutoscaler must scale on CPU');
  if (!app.resources?.requests?.['cpu']) fail('CPU-based autoscaling needs a CPU request on the app container');
  for (const [what, container, env] of [
    [`Deployment ${appName}`, app, appEnv],
    [`Job ${String(job.metadata?.name)}`, migrate, jobEnv],
  ] as const) {
    const limit = bytes(container.resources?.limits?.['memory']);
    if (limit === undefined || limit !== bytes(container.resources?.requests?.['memory'])) fail(`${what} memory limit must equal its request`);
    const heapMb = Number(/--max-old-space-size=(\d+)/.exec(env['NODE_OPTIONS'] ?? '')?.[1]);
    if (!limit || !(heapMb * 2 ** 20 >= 0.6 * limit && heapMb * 2 ** 20 <= 0.8 * limit)) {
      fail(`${what} NODE_OPTIONS --max-old-space-size must be about 75% of the memory limit`);
    }
  }
  const preStop = app.lifecycle?.preStop;
  const preStopSeconds = preStop?.sleep?.seconds ?? (preStop?.exec?.command?.[0] === 'sleep' ? Number(preStop.exec.command[1]) : 0);
  const grace = appPod.terminationGracePeriodSeconds ?? 30;
  const needed = preStopSeconds + (config.shutdownDelayMs + config.shutdownGraceMs) / 1000;
  if (!(grace > needed)) {
    fail(`terminationGracePeriodSeconds ${grace} must exceed preStop ${preStopSeconds} s + SHUTDOWN_DELAY_MS ${config.shutdownDelayMs} + SHUTDOWN_GRACE_MS ${config.shutdownGraceMs} (${needed} s)`);
  }

  // The migration Job runs the same image as the replicas, once.
  const [node, script] = migrate.command ?? [];
  if (node !== 'node' || script !== 'dist/src/cli/migrate.js' || migrate.command?.length !== 2) fail('the Job must run ["node", "dist/src/cli/migrate.js"]');
  for (const entry of [script, app.command?.[1] ?? 'dist/src/main.js']) {
    if (entry) await access(path.join(PROJECT_ROOT, entry)).catch(() => fail(`${entry} is not built by the project`));
  }
  if (migrate.image !== app.image) fail('the Job must run the same image as the Deployment');
  if (job.spec?.backoffLimit === undefined || job.spec.backoffLimit > 3) fail('the Job needs a small backoffLimit (at most 3)');

  // Pod Security Standard "restricted" everywhere; the Node containers get a writable /tmp.
  for (const [what, pod, writable] of [
    [`Deployment ${appName}`, appPod, '/tmp'],
    [`Job ${String(job.metadata?.name)}`, jobPod, '/tmp'],
    [`StatefulSet ${String(lock.metadata?.name)}`, lockPod, '/data'],
  ] as const) {
    const sc = pod.securityContext;
    if (pod.automountServiceAccountToken !== false) fail(`${what} must set automountServiceAccountToken: false`);
    if (sc?.runAsNonRoot !== true || !sc.runAsUser) fail(`${what} must run as a non-root uid`);
    if (pod.hostNetwork || pod.hostPID || pod.hostIPC) fail(`${what} must not share host namespaces`);
    if (pod.volumes?.some((v) => v.hostPath)) fail(`${what} must not mount hostPath volumes`);
    for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
      const csc = c.securityContext;
      const seccomp = csc?.seccompProfile?.type ?? sc?.seccompProfile?.type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') fail(`${what} container ${c.name} needs seccompProfile RuntimeDefault`);
      if (csc?.allowPrivilegeEscalation !== false) fail(`${what} container ${c.name} must set allowPrivilegeEscalation: false`);
      if (!csc?.capabilities?.drop?.includes('ALL')) fail(`${what} container ${c.name} must drop ALL capabilities`);
      if ((csc?.capabilities?.add ?? []).some((cap) => cap !== 'NET_BIND_SERVICE')) fail(`${what} container ${c.name} adds capabilities`);
      if (csc?.privileged) fail(`${what} container ${c.name} must not be privileged`);
      if (csc?.readOnlyRootFilesystem !== true) fail(`${what} container ${c.name} must have a read-only root filesystem`);
      if (csc?.runAsUser === 0) fail(`${what} container ${c.name} must not run as root`);
    }
    const mount = pod.containers[0]?.volumeMounts?.find((m) => m.mountPath === writable);
    if (!mount || !pod.volumes?.find((v) => v.name === mount.name)?.emptyDir) fail(`${what} needs an emptyDir at ${writable}`);
  }
  if (appPod.securityContext?.runAsUser !== 10001 || jobPod.securityContext?.runAsUser !== 10001) fail('the app runs as uid 10001, the image\'s user');

  // The lock tier: independent masters, one REDIS_URLS entry per pod, and a restart that outlives every lease.
  const lockName = lock.metadata?.name ?? '';
  const serviceName = lock.spec?.serviceName ?? '';
  const headless = services.find((s) => s.metadata?.name === serviceName);
  if (!headless || headless.spec?.clusterIP !== 'None') fail(`StatefulSet ${lockName} needs the headless Service ${serviceName}`);
  else if (!serviceSelects(headless.spec.selector, lockLabels)) fail(`Service ${serviceName} selector matches no pod of StatefulSet ${lockName}`);
  if (!selects(lock.spec?.selector, lockLabels)) fail(`StatefulSet ${lockName} selector does not match its own pod labels`);
  const masters = lock.spec?.replicas ?? 1;
  if (masters !== 3 && masters !== 5) fail(`StatefulSet ${lockName} must run 3 or 5 masters, not ${masters}`);
  const redisPort = redis.ports?.find((p) => p.name === 'redis')?.containerPort ?? 6379;
  const expected = Array.from({ length: masters }, (_, i) => `${lockName}-${i}.${serviceName}`);
  const named = config.redisUrls.map((u) => new URL(u));
  const missing = expected.filter((host) => !named.some((u) => u.hostname === host || u.hostname.startsWith(`${host}.`)));
  if (missing.length > 0 || named.length !== masters) {
    fail(`REDIS_URLS must name each of the ${masters} lock-tier pods once (${expected.join(', ')}); missing ${missing.join(', ') || 'none'}, ${named.length} listed`);
  }
  for (const u of named) if (Number(u.port || 6379) !== redisPort) fail(`REDIS_URLS entry ${u.hostname} uses port ${u.port}, the masters listen on ${redisPort}`);
  const antiAffinity = lockPod.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  if (!antiAffinity.some((t) => t.topologyKey === 'kubernetes.io/hostname' && selects(t.labelSelector, lockLabels))) {
    fail(`StatefulSet ${lockName} must require one master per node (podAntiAffinity on kubernetes.io/hostname)`);
  }
  const argv = [...(redis.command ?? []), ...(redis.args ?? [])];
  if (argAfter(argv, '--save') !== '') fail('redis must run with --save ""');
  if (argAfter(argv, '--appendonly') !== 'no') fail('redis must run with --appendonly no');
  if (argAfter(argv, '--maxmemory-policy') !== 'noeviction') fail('redis must run with --maxmemory-policy noeviction: an evicted lease is a double booking attempt');
  const maxmemory = redisBytes(argAfter(argv, '--maxmemory'));
  const redisLimit = bytes(redis.resources?.limits?.['memory']);
  if (!maxmemory || !redisLimit || maxmemory >= redisLimit) fail('redis --maxmemory must be set below the container memory limit');
  if (argv.some((a) => /^--(replicaof|slaveof|sentinel|cluster-enabled)$/.test(a))) fail('lock masters must be independent: no replication, Sentinel or cluster');
  // initContainers do not rerun when a container restarts in place, so the delay must be in the container's own command.
  const wrapper = argv.find((a) => /\bexec redis-server\b/.test(a)) ?? '';
  const delay = Number(/\bsleep\s+(\d+(?:\.\d+)?)\b[^]*\bexec redis-server\b/.exec(wrapper)?.[1] ?? 0);
  if (!(delay * 1000 > config.lockTtlMs)) fail(`lock-tier restart delay ${delay} s must exceed LOCK_TTL_MS ${config.lockTtlMs} ms`);
  const lockPdb = pdbs.find((p) => selects(p.spec?.selector, lockLabels));
  if (!lockPdb || lockPdb.spec?.maxUnavailable !== 1) fail(`StatefulSet ${lockName} needs a PodDisruptionBudget with maxUnavailable 1`);

  // Network: deny by default, then exactly the paths the service uses.
  type Peer = INetworkPolicyPeer;
  const rules = (labels: Labels, direction: 'ingress' | 'egress') =>
    policies.filter((p) => selects(p.spec?.podSelector, labels)).flatMap((p) => p.spec?.[direction] ?? []);
  const allows = (
    list: Array<{ ports?: INetworkPolicyPort[]; to?: Peer[]; from?: Peer[] }>,
    port: number,
    protocol: 'TCP' | 'UDP',
    peerOk: (peer: Peer) => boolean,
  ) =>
    list.some((r) => {
      const portOk = !r.ports?.length || r.ports.some((p) => (p.port === undefined || p.port === port) && (p.protocol ?? 'TCP') === protocol);
      const peers = r.to ?? r.from ?? [];
      return portOk && (peers.length === 0 || peers.some(peerOk));
    });
  const anyPeer = () => true;
  const isDns = (peer: Peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'kube-system';
  const podsOf = (labels: Labels) => (peer: Peer) => !peer.namespaceSelector && !peer.ipBlock && selects(peer.podSelector, labels);
  for (const [what, labels] of [
    [`Deployment ${appName}`, appLabels],
    [`Job ${String(job.metadata?.name)}`, jobLabels],
    [`StatefulSet ${lockName}`, lockLabels],
  ] as const) {
    const denies = policies.some(
      (p) => selects(p.spec?.podSelector, labels) && (['Ingress', 'Egress'] as const).every((t) => p.spec?.policyTypes?.includes(t)) && !p.spec?.ingress && !p.spec?.egress,
    );
    if (!denies) fail(`no default-deny NetworkPolicy (Ingress and Egress) covers the pods of ${what}`);
  }
  for (const [what, labels] of [
    [`Deployment ${appName}`, appLabels],
    [`Job ${String(job.metadata?.name)}`, jobLabels],
  ] as const) {
    const egress = rules(labels, 'egress');
    if (!allows(egress, 3306, 'TCP', anyPeer)) fail(`${what} needs egress to MySQL on 3306`);
    if (!allows(egress, 53, 'UDP', isDns) || !allows(egress, 53, 'TCP', isDns)) fail(`${what} needs egress to DNS (53 UDP and TCP) in kube-system`);
  }
  if (!allows(rules(appLabels, 'ingress'), config.port, 'TCP', anyPeer)) fail(`Deployment ${appName} needs ingress on port ${config.port}`);
  if (!allows(rules(appLabels, 'egress'), redisPort, 'TCP', podsOf(lockLabels))) fail(`Deployment ${appName} needs egress to the lock-tier pods on ${redisPort}`);
  if (!allows(rules(lockLabels, 'ingress'), redisPort, 'TCP', podsOf(appLabels))) fail(`StatefulSet ${lockName} must admit the app pods on ${redisPort}`);
  return problems;
}
