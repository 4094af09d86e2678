/**
 * The OpenAPI components, converted from the valibot schemas the codecs
 * parse with, so the document cannot drift from what the server accepts.
 * Conversion stops before a pipeline's first transform ("input" mode): the
 * document shows what a client may send. A response is a sample the server
 * would accept again, so requests and responses share the sample schemas.
 */
import { toJsonSchema, type JsonSchema } from '@valibot/to-json-schema';
import { v1Schemas, v2Schemas } from '@facelab/core';
import type * as v from 'valibot';

type AnySchema = v.GenericSchema;

function convert(schema: AnySchema): JsonSchema {
  // `finite` has no JSON Schema keyword: JSON numbers are finite anyway.
  const { $schema, ...json } = toJsonSchema(schema, { target: 'draft-2020-12', typeMode: 'input', ignoreActions: ['finite'] });
  void $schema; // OpenAPI 3.1 schemas default to draft 2020-12
  return json;
}

/** Component names, referenced as `#/components/schemas/<name>`. */
export const SCHEMA = {
  v1Sample: 'V1Sample',
  v2Sample: 'V2Sample',
  v1Object: 'V1Object',
  v2Object: 'V2Object',
  validationError: 'ValidationError',
  error: 'Error',
} as const;

export const ref = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });

/** A sample schema whose objects point at the object component instead of repeating it. */
function sampleSchema(sample: AnySchema, objectName: string, description: string): JsonSchema {
  const json = convert(sample) as { properties: Record<string, JsonSchema> };
  json.properties.objects = { type: 'array', items: ref(objectName) } as JsonSchema;
  return { ...json, description, additionalProperties: true } as JsonSchema;
}

export function componentSchemas(): Record<string, JsonSchema> {
  return {
    [SCHEMA.v2Sample]: sampleSchema(
      v2Schemas.sample,
      SCHEMA.v2Object,
      'A v2 sample: the picture as `_image.blob` (base64; `format` defaults to IMAGE), the objects found in it, and `verification` from verify-matcher. Fields the server does not know are passed back untouched.',
    ),
    [SCHEMA.v1Sample]: sampleSchema(
      v1Schemas.sample,
      SCHEMA.v1Object,
      'A v1 sample: the picture as `$image` (base64), the objects found in it, and `verification` from verify-matcher. Fields the server does not know are passed back untouched.',
    ),
    [SCHEMA.v2Object]: {
      ...convert(v2Schemas.object),
      description:
        'One object of a v2 sample. `bbox` is normalised [x1, y1, x2, y2]; `keypoints` holds 21 named points `{proj: [x, y]}` normalised to the picture, and `fitter_type`; enums are lower case; `template` is keyed by the extractor model.',
      additionalProperties: true,
    } as JsonSchema,
    [SCHEMA.v1Object]: {
      ...convert(v1Schemas.object),
      description:
        'One object of a v1 sample. `bbox` is normalised [x1, y1, x2, y2]; `fitter.keypoints` is a flat x, y, z list of 21 points in pixels; enums are upper case; `$template` is the template in base64.',
      additionalProperties: true,
    } as JsonSchema,
    [SCHEMA.validationError]: {
      type: 'object',
      description: 'A request that does not validate: one entry per problem, `loc` names where it is (e.g. ["body", "_image", "blob"]).',
      properties: {
        detail: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              loc: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
              msg: { type: 'string' },
              type: { type: 'string' },
            },
            required: ['loc', 'msg', 'type'],
          },
        },
      },
      required: ['detail'],
    },
    [SCHEMA.error]: {
      type: 'object',
      properties: { detail: { type: 'string' } },
      required: ['detail'],
    },
  };
}
