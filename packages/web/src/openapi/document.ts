/**
 * The OpenAPI 3.1 document of a facelab server: one operation per
 * installed service, contract version and route kind, the unversioned v1
 * alias, /health and /services.
 *
 * @example
 * ```ts
 * const document = openApiDocument(resolveServices(plugins), { title: 'facelab' });
 * ```
 */
import { CORE_VERSION, type ResolvedService } from '@facelab/core';
import { processErrors, processOperation, type RouteKind, type Version } from './operations.ts';
import { SCHEMA, componentSchemas, ref } from './schemas.ts';

export interface OpenApiOptions {
  title?: string;
  version?: string;
  description?: string;
}

export type OpenApiDocument = Record<string, unknown> & { openapi: string; paths: Record<string, Record<string, unknown>> };

const VERSIONS: Version[] = ['v2', 'v1'];
const ROUTES: RouteKind[] = ['image', 'sample'];

export function openApiDocument(services: ReadonlyMap<string, ResolvedService>, options: OpenApiOptions = {}): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {
    '/health': { get: healthOperation() },
    '/services': { get: servicesOperation() },
  };
  for (const service of services.values()) {
    for (const version of VERSIONS) {
      for (const route of ROUTES) paths[`/${service.definition.name}/${version}/process/${route}`] = { post: processOperation(service, version, route) };
    }
  }
  for (const route of ROUTES) paths[`/{service}/process/${route}`] = { post: aliasOperation(route, [...services.keys()]) };
  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'facelab',
      version: options.version ?? CORE_VERSION,
      description:
        options.description ??
        'Face analysis speaking the Image API 2.4 wire contract. `process/image` runs a service from a picture; `process/sample` starts from the objects you send. Request options go in the query string (e.g. `face_threshold=0.6`).',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: [...services.values()].map((s) => ({ name: s.definition.name, description: `Plugin ${s.plugin.name}@${s.plugin.version}` })).concat([{ name: 'server', description: 'Health and installed services' }]),
    paths,
    components: { schemas: componentSchemas() },
  };
}

function healthOperation(): Record<string, unknown> {
  return {
    operationId: 'health',
    tags: ['server'],
    summary: 'Ready once every model is loaded',
    responses: {
      '200': {
        description: 'The server is up; the names of its services.',
        content: {
          'application/json': {
            schema: { type: 'object', properties: { status: { const: 'ok' }, services: { type: 'array', items: { type: 'string' } } }, required: ['status', 'services'] },
          },
        },
      },
    },
  };
}

function servicesOperation(): Record<string, unknown> {
  const named = { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string' } }, required: ['name', 'version'] };
  return {
    operationId: 'services',
    tags: ['server'],
    summary: 'Installed services, their pipelines and plugin versions',
    responses: {
      '200': {
        description: 'Every service with the plugin that declares it and its units in order.',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                services: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { name: { type: 'string' }, plugin: { type: 'string' }, version: { type: 'string' }, pipeline: { type: 'array', items: { type: 'string' } } },
                    required: ['name', 'plugin', 'version', 'pipeline'],
                  },
                },
                plugins: { type: 'array', items: named },
              },
              required: ['services', 'plugins'],
            },
          },
        },
      },
    },
  };
}

/** `/{service}/process/{route}` speaks v1, as a published demo client expects. */
function aliasOperation(route: RouteKind, names: string[]): Record<string, unknown> {
  return {
    operationId: `alias${route === 'sample' ? 'Sample' : 'Image'}`,
    tags: ['server'],
    summary: `Any service, process/${route} without a version (speaks v1)`,
    parameters: [{ name: 'service', in: 'path', required: true, schema: { type: 'string', examples: names }, description: 'An installed service' }],
    requestBody: {
      required: true,
      content:
        route === 'sample'
          ? { 'application/json': { schema: ref(SCHEMA.v1Sample) } }
          : { 'multipart/form-data': { schema: { type: 'object', properties: { image: { type: 'string', format: 'binary' } }, required: ['image'] } } },
    },
    responses: {
      '200': { description: 'The v1 sample the service returns.', content: { 'application/json': { schema: ref(SCHEMA.v1Sample) } } },
      '404': { description: 'No such service on this server (the message names the installed ones).', content: { 'application/json': { schema: ref(SCHEMA.error) } } },
      ...processErrors(route),
    },
  };
}
