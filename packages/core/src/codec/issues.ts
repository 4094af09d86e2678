/** Turns valibot issues into the contract's 422 detail entries. */
import * as v from 'valibot';
import { HttpError, type ValidationIssue } from '../errors.ts';

export function parseOrThrow<const S extends v.GenericSchema>(schema: S, input: unknown, loc: (string | number)[]): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  throw new HttpError(422, result.issues.map((issue) => toDetail(issue, loc)));
}

function toDetail(issue: v.BaseIssue<unknown>, base: (string | number)[]): ValidationIssue {
  const path = (issue.path ?? []).map((item) => item.key as string | number);
  const missing = issue.input === undefined && issue.kind === 'schema';
  return {
    loc: [...base, ...path],
    msg: missing ? 'Field required' : issue.message,
    type: missing ? 'value_error.missing' : `type_error.${issue.expected ?? issue.type}`,
  };
}
