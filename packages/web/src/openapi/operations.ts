/**
 * The operations of one service: process/sample and process/image, in v1
 * and v2, with the contract's examples and the error answers the app gives.
 */
import type { ResolvedService } from '@facelab/core';
import { CONTRACT_EXAMPLES } from './contract-examples.ts';
import { SCHEMA, ref } from './schemas.ts';

export type Version = 'v1' | 'v2';
export type RouteKind = 'sample' | 'image';

type Json = Record<string, unknown>;

const sampleSchemaOf = (version: Version): string => (version === 'v1' ? SCHEMA.v1Sample : SCHEMA.v2Sample);
const imageFieldOf = (version: Version): string => (version === 'v1' ? '$image' : '_image');

const errorResponse = (description: string, schema: string = SCHEMA.error): Json => ({ description, content: { 'application/json': { schema: ref(schema) } } });

/** The error answers of the process routes, in the contract's `detail` shapes. */
export function processErrors(route: RouteKind): Record<string, Json> {
  const errors: Record<string, Json> = {
    '413': errorResponse('The picture is larger than the limit (4.7 MB by default).'),
    '415': errorResponse(
      route === 'sample' ? 'The body is not application/json.' : 'The body is not multipart/form-data, image/*, application/octet-stream or application/json.',
    ),
    '422': errorResponse(
      'The body does not validate: a missing picture (`loc` ["body", "_image"]), base64 that is not a picture (["body", "_image", "blob"]), an object without a usable bbox (its index), a query option out of range.',
      SCHEMA.validationError,
    ),
  };
  if (route === 'sample') errors['400'] = errorResponse('The picture or a template is not base64: `{"detail": "Failed to decode base64 string"}`.');
  return errors;
}

function contractExample(service: string, version: Version, kind: 'request' | 'response'): Json | undefined {
  const value = CONTRACT_EXAMPLES[`${service}.${version}.${kind}`];
  return value ? { contract: { summary: 'The example of the Image API 2.4 page (blobs are placeholders)', value } } : undefined;
}

function sampleRequestSchema(service: ResolvedService, version: Version): Json {
  // A service that looks at the picture needs it in process/sample too.
  return service.needsImage ? { allOf: [ref(sampleSchemaOf(version)), { required: [imageFieldOf(version)] }] } : ref(sampleSchemaOf(version));
}

function requestBody(service: ResolvedService, version: Version, route: RouteKind): Json {
  const examples = contractExample(service.definition.name, version, 'request');
  if (route === 'sample') {
    return { required: true, content: { 'application/json': { schema: sampleRequestSchema(service, version), ...(examples && { examples }) } } };
  }
  const binary = { type: 'string', format: 'binary', contentMediaType: 'application/octet-stream' };
  return {
    required: true,
    description: 'The picture (JPEG, PNG, WebP or BMP): as the form field `image`, as the raw body, or as a JSON sample whose objects are ignored.',
    content: {
      'multipart/form-data': {
        schema: { type: 'object', properties: { image: { ...binary, description: 'The picture' } }, required: ['image'] },
        encoding: { image: { contentType: 'image/jpeg, image/png, image/webp, image/bmp' } },
      },
      'image/*': { schema: binary },
      'application/octet-stream': { schema: binary },
      'application/json': { schema: { allOf: [ref(sampleSchemaOf(version)), { required: [imageFieldOf(version)] }] } },
    },
  };
}

function describe(service: ResolvedService, route: RouteKind): string {
  const { pipeline } = service.definition;
  const units = route === 'image' ? pipeline : pipeline.slice(service.sampleStart);
  const first = service.units[route === 'image' ? 0 : service.sampleStart];
  const reads = first.requires.filter((attribute) => attribute !== 'image');
  const start =
    route === 'image'
      ? 'Runs the whole pipeline from the picture.'
      : reads.length > 0
        ? `Starts from the objects in the body: unit "${first.name}" reads ${reads.join(', ')} of each "${first.objectClass}" object.`
        : 'Starts from the sample in the body.';
  return `${start} Units: ${units.join(' → ')}. Plugin ${service.plugin.name}@${service.plugin.version}. Each response carries a Server-Timing header with the time of every unit.`;
}

const camel = (name: string): string => name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** The operation for `POST /{service}/{version}/process/{route}`. */
export function processOperation(service: ResolvedService, version: Version, route: RouteKind): Json {
  const name = service.definition.name;
  const examples = contractExample(name, version, 'response');
  return {
    operationId: `${camel(name)}${version.toUpperCase()}${route === 'sample' ? 'Sample' : 'Image'}`,
    tags: [name],
    summary: `${name}: ${route === 'sample' ? 'a sample' : 'a picture'} (${version})`,
    description: describe(service, route),
    requestBody: requestBody(service, version, route),
    responses: {
      '200': {
        description: `The sample with what ${name} adds to each object.`,
        headers: { 'Server-Timing': { description: 'Milliseconds per unit and in total', schema: { type: 'string' } } },
        content: { 'application/json': { schema: ref(sampleSchemaOf(version)), ...(examples && { examples }) } },
      },
      ...processErrors(route),
    },
  };
}
