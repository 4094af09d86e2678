/**
 * The OpenAPI document of the all-in-one server, as /openapi.json serves
 * it: valid OpenAPI 3.1, every installed service in v1 and v2 with both
 * route kinds, the contract's examples attached, and every example valid
 * against the JSON Schema the document gives for it (the schemas come from
 * the codecs' valibot schemas, so this checks the conversion too).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveServices } from '@facelab/core';
import { allPlugins } from '@facelab/server';
import { mountWeb, type OpenApiDocument } from '@facelab/web';
import { fileAssets } from '@facelab/web/files';
import { CONTRACT_EXAMPLES } from '../packages/web/src/openapi/contract-examples.ts';
import { SPEC_DIR } from './helpers/wire.ts';

const services = resolveServices(allPlugins());
let doc: OpenApiDocument;
beforeAll(async () => {
  const app = mountWeb(new Hono(), { services, assets: fileAssets() });
  const response = await app.request('/openapi.json');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  doc = await response.json();
});

type Operation = { operationId: string; requestBody: { content: Record<string, MediaType> }; responses: Record<string, { content?: Record<string, MediaType> }> };
type MediaType = { schema: object; examples?: Record<string, { value: unknown }> };
const operation = (path: string): Operation => (doc.paths[path] as { post: Operation } | undefined)?.post as Operation;

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('has an operation for every installed service, version and route kind, each with the error answers', () => {
    expect(services.size).toBeGreaterThanOrEqual(13);
    for (const name of services.keys()) {
      for (const version of ['v1', 'v2']) {
        for (const route of ['sample', 'image']) {
          const op = operation(`/${name}/${version}/process/${route}`);
          expect(op, `${name} ${version} ${route}`).toBeDefined();
          expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '413', '415', '422', ...(route === 'sample' ? ['400'] : [])]));
        }
      }
    }
    expect(operation('/{service}/process/sample').responses).toHaveProperty('404');
    expect((doc.paths['/health'] as { get?: object }).get).toBeDefined();
    expect((doc.paths['/services'] as { get?: object }).get).toBeDefined();
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => (op as Operation).operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('attaches every example of the contract to the operation it belongs to', () => {
    for (const file of readdirSync(SPEC_DIR).filter((f) => f.endsWith('.json'))) {
      const [service, version, kind] = file.split('.');
      if (!services.has(service)) continue;
      const op = operation(`/${service}/${version}/process/sample`);
      const media = kind === 'request' ? op.requestBody.content['application/json'] : op.responses['200'].content!['application/json'];
      expect(media.examples?.contract?.value, file).toEqual(JSON.parse(readFileSync(join(SPEC_DIR, file), 'utf8')));
    }
  });

  it('gives schemas that every attached example satisfies, and that refuse what the codecs refuse', () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'doc', components: doc.components });
    const compile = (schema: object) => ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components', '"doc#/components')));
    let checked = 0;
    for (const path of Object.keys(doc.paths)) {
      const op = operation(path);
      if (!op) continue;
      const media = [op.requestBody.content['application/json'], op.responses['200'].content?.['application/json']];
      for (const m of media) {
        if (!m?.examples) continue;
        const validate = compile(m.schema);
        for (const example of Object.values(m.examples)) {
          expect(validate(example.value), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
          checked++;
        }
      }
    }
    // A request example sits on process/sample; a response example on process/sample and process/image.
    const installed = Object.keys(CONTRACT_EXAMPLES).filter((name) => services.has(name.split('.')[0]));
    expect(checked).toBe(installed.filter((name) => name.endsWith('.request')).length + 2 * installed.filter((name) => name.endsWith('.response')).length);
    const detect = compile(operation('/face-detector/v2/process/sample').requestBody.content['application/json'].schema);
    expect(detect({})).toBe(false);
    expect(detect({ _image: { blob: 'aGVsbG8=' }, objects: [{ bbox: [0, 0, 1] }] })).toBe(false);
    expect(detect({ _image: { blob: 'aGVsbG8=' }, objects: [{ bbox: [0, 0, 1, 1], custom: 'kept' }], extra: 1 })).toBe(true);
  });
});

describe('embedded contract examples', () => {
  it('are the files of test/fixtures/spec (rerun packages/web/scripts/embed-examples.ts when they change)', () => {
    const files = readdirSync(SPEC_DIR).filter((f) => f.endsWith('.json'));
    expect(Object.keys(CONTRACT_EXAMPLES).sort()).toEqual(files.map((f) => f.replace(/\.json$/, '')).sort());
    for (const file of files) expect(CONTRACT_EXAMPLES[file.replace(/\.json$/, '')]).toEqual(JSON.parse(readFileSync(join(SPEC_DIR, file), 'utf8')));
  });
});
