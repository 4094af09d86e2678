/**
 * What can be checked of the container and Kubernetes files without a
 * Docker engine or a cluster (neither runs here):
 * - the Dockerfile parses and lints clean (dockerfile-utils, the linter of
 *   the Docker language server), its build stage runs exactly the README's
 *   install and model build, its runtime stage runs as a non-root user with
 *   a HEALTHCHECK on /health and the command the server tests start;
 * - docker-compose.yml is valid YAML that builds this Dockerfile;
 * - every Helm template renders with Go's own text/template engine (the one
 *   Helm is built on, compiled to WebAssembly; the chart uses no sprig
 *   functions, and missing values are errors, as with `helm lint --strict`)
 *   for the default values and for values-per-service.yaml, every document
 *   is valid YAML and passes the Kubernetes JSON schema of its kind
 *   (kubernetes-models), and the pieces fit: probes on /health at the
 *   container's port, Services and HPAs pointing at existing Deployments.
 * Not checked: that the image builds and starts, that Helm itself accepts
 * the chart, that a cluster runs it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as renderGoTemplate } from '@evertdespiegeleer/go-template';
import { DockerfileParser } from 'dockerfile-ast';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { SERVICES } from '@facelab/client';

const ROOT = join(import.meta.dirname, '..');
const CHART = join(ROOT, 'deploy/helm/facelab');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const dockerfile = DockerfileParser.parse(text);
  const stages = dockerfile.getFROMs().map((f) => f.getBuildStage());
  const instructions = dockerfile.getInstructions();
  const stageOf = (i: number) => instructions.slice(0, i + 1).filter((x) => x.getKeyword() === 'FROM').length - 1;
  const inStage = (stage: number, keyword: string) => instructions.filter((x, i) => x.getKeyword() === keyword && stageOf(i) === stage).map((x) => x.getArgumentsContent() ?? '');

  it('parses and lints without a problem', () => {
    expect(lintDockerfile(text).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    expect(stages).toEqual(['build', 'runtime']);
    // The linter does report a broken file.
    expect(lintDockerfile('RUN npm install\nEXPOSE eighty').length).toBeGreaterThan(0);
  });

  it("builds with the README's install and model-build commands", () => {
    const readme = read('README.md');
    const runs = inStage(0, 'RUN');
    expect(runs).toEqual(['npm install', 'npm run models']);
    for (const command of runs) expect(readme).toContain(command);
    // The models come from the build stage, with the rest of the app.
    const copies = instructions.filter((x, i) => x.getKeyword() === 'COPY' && stageOf(i) === 1).map((x) => x.getTextContent());
    expect(copies).toEqual(['COPY --from=build /app /app']);
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const path of ['node_modules', 'models/build', '.git']) expect(ignored).toContain(path);
  });

  it('runs as a non-root user, with a health check on /health and the command the server tests start', () => {
    expect(inStage(1, 'USER')).toEqual(['node']);
    const health = inStage(1, 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    expect(health[0]).toContain("/health'");
    const cmd = JSON.parse(inStage(1, 'CMD')[0]!) as string[];
    // test/helpers/server-process.ts and npm start run exactly this.
    expect(cmd).toEqual(['node', '--import', 'tsx', '--conditions=source', 'apps/server/src/main.ts']);
    const start = JSON.parse(read('package.json')).scripts.start as string;
    expect(start).toBe(cmd.join(' '));
    expect(read('test/helpers/server-process.ts')).toContain("['--import', 'tsx', '--conditions=source', 'apps/server/src/main.ts']");
    expect(inStage(1, 'EXPOSE')).toEqual(['8080']);
  });
});

describe('docker-compose.yml', () => {
  it('builds this Dockerfile and publishes the server port', () => {
    const compose = parseYaml(read('docker-compose.yml'));
    expect(compose.services.facelab.build).toBe('.');
    expect(compose.services.facelab.ports).toEqual(['8080:8080']);
    expect(compose.services.facelab.environment.PORT).toBe('8080');
  });
});

type Values = Record<string, any>;

/** Helm's merge of a values file over the defaults: maps merge, everything else is replaced. */
function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const isMap = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
    out[key] = isMap(value) && isMap(base[key]) ? mergeValues(base[key], value) : value;
  }
  return out;
}

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: Record<string, any>;
}

async function renderChart(values: Values): Promise<Manifest[]> {
  const chart = parseYaml(readFileSync(join(CHART, 'Chart.yaml'), 'utf8'));
  const context = {
    Values: values,
    Release: { Name: 'facelab', Namespace: 'default', Service: 'Helm' },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
  };
  const manifests: Manifest[] = [];
  for (const file of readdirSync(join(CHART, 'templates')).filter((f) => f.endsWith('.yaml')).sort()) {
    const output = await renderGoTemplate(readFileSync(join(CHART, 'templates', file), 'utf8'), context);
    expect(output, file).not.toContain('<no value>');
    for (const doc of parseAllDocuments(output)) {
      expect(doc.errors.map(String), file).toEqual([]);
      const manifest = doc.toJS() as Manifest | null;
      if (manifest) manifests.push(manifest);
    }
  }
  return manifests;
}

const SCHEMAS: Record<string, new (data: any) => { validate(): void }> = { Deployment, Service, HorizontalPodAutoscaler, Ingress };

function checkManifests(manifests: Manifest[], values: Values): void {
  for (const m of manifests) {
    const Schema = SCHEMAS[m.kind];
    expect(Schema, `${m.kind} has a schema check`).toBeDefined();
    expect(() => new Schema!(m).validate(), `${m.kind} ${m.metadata.name}`).not.toThrow();
  }
  const of = (kind: string) => manifests.filter((m) => m.kind === kind);
  const deployments = of('Deployment');
  expect(deployments.map((d) => d.metadata.name)).toEqual(values.deployments.map((d: { name: string }) => `facelab-${d.name}`));
  for (const d of deployments) {
    const pod = d.spec.template;
    expect(pod.metadata.labels).toMatchObject(d.spec.selector.matchLabels);
    expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
    const [container] = pod.spec.containers;
    expect(container.image).toBe('facelab:0.1.0');
    const port = container.ports.find((p: { name: string }) => p.name === 'http');
    expect(port.containerPort).toBe(8080);
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) expect(container[probe].httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.resources.requests.memory).toBe(values.resources.requests.memory);
    expect(container.resources.limits.cpu).toBe(values.resources.limits.cpu);
    expect(container.env).toContainEqual({ name: 'PORT', value: '8080' });
    // The HPA owns the replica count when it is on.
    expect(d.spec.replicas).toBe(values.autoscaling.enabled ? undefined : values.replicaCount);
  }
  for (const s of of('Service')) {
    const target = deployments.find((d) => d.metadata.name === s.metadata.name)!;
    expect(target.spec.template.metadata.labels).toMatchObject(s.spec.selector);
    expect(s.spec.ports[0].targetPort).toBe('http');
  }
  expect(of('HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name)).toEqual(values.autoscaling.enabled ? deployments.map((d) => d.metadata.name) : []);
  for (const ingress of of('Ingress')) {
    for (const path of ingress.spec.rules[0].http.paths) expect(of('Service').map((s) => s.metadata.name)).toContain(path.backend.service.name);
  }
}

describe('Helm chart', () => {
  const defaults = parseYaml(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as Values;

  it('renders the default values to valid manifests: one Deployment with Service and HPA', async () => {
    const manifests = await renderChart(defaults);
    expect(manifests.map((m) => m.kind).sort()).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'Service']);
    checkManifests(manifests, defaults);
  });

  it('renders without autoscaling, with fixed replicas and a node selector', async () => {
    const values = mergeValues(defaults, { autoscaling: { enabled: false }, replicaCount: 3, nodeSelector: { 'kubernetes.io/arch': 'amd64' } });
    const manifests = await renderChart(values);
    expect(manifests.map((m) => m.kind).sort()).toEqual(['Deployment', 'Service']);
    checkManifests(manifests, values);
    expect(manifests[0]!.spec.template.spec.nodeSelector).toEqual({ 'kubernetes.io/arch': 'amd64' });
  });

  it('renders values-per-service.yaml to one Deployment per service of the server, routed by the Ingress', async () => {
    const values = mergeValues(defaults, parseYaml(readFileSync(join(CHART, 'values-per-service.yaml'), 'utf8')));
    expect(values.deployments.map((d: { name: string }) => d.name).sort()).toEqual([...SERVICES].sort());
    const manifests = await renderChart(values);
    checkManifests(manifests, values);
    expect(manifests.filter((m) => m.kind === 'Deployment')).toHaveLength(SERVICES.length);
    const [ingress] = manifests.filter((m) => m.kind === 'Ingress');
    const routes = Object.fromEntries(ingress!.spec.rules[0].http.paths.map((p: any) => [p.path, p.backend.service.name]));
    for (const service of SERVICES) expect(routes[`/${service}/`]).toBe(`facelab-${service}`);
  });

  it('has a Chart.yaml whose appVersion is the server version', () => {
    const chart = parseYaml(readFileSync(join(CHART, 'Chart.yaml'), 'utf8'));
    expect(chart.apiVersion).toBe('v2');
    expect(chart.appVersion).toBe(JSON.parse(read('apps/server/package.json')).version);
    expect(existsSync(join(CHART, 'templates'))).toBe(true);
  });
});
