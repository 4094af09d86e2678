/**
 * What a failed call throws. A server that answered with an error gives a
 * FacelabError carrying the status and the contract's `detail` (a message,
 * or for a 422 the list of `{loc, msg, type}` issues: FacelabValidationError);
 * a server that could not be reached gives a FacelabConnectionError.
 */
import type { ValidationIssue } from './wire.ts';

export class FacelabError extends Error {
  readonly status: number;
  readonly detail: string | ValidationIssue[];
  /** The service and route the request went to, e.g. `face-detector/v2/process/image`. */
  readonly path: string;

  constructor(status: number, detail: string | ValidationIssue[], path: string) {
    super(`${path}: ${status} ${typeof detail === 'string' ? detail : detail.map((d) => `${d.loc.join('.')}: ${d.msg}`).join('; ')}`);
    this.name = 'FacelabError';
    this.status = status;
    this.detail = detail;
    this.path = path;
  }
}

/** A 422: the body did not validate; `issues` names each wrong field. */
export class FacelabValidationError extends FacelabError {
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[], path: string) {
    super(422, issues, path);
    this.name = 'FacelabValidationError';
    this.issues = issues;
  }
}

export class FacelabConnectionError extends Error {
  readonly url: string;

  constructor(url: string, cause: unknown) {
    super(`Could not reach ${url}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'FacelabConnectionError';
    this.url = url;
  }
}

/** Turns an error response into the matching exception (the body may not be JSON if a proxy answered). */
export async function errorFromResponse(response: Response, path: string): Promise<FacelabError> {
  const text = await response.text();
  let detail: unknown = text || response.statusText;
  try {
    detail = (JSON.parse(text) as { detail?: unknown }).detail ?? text;
  } catch {
    // not JSON: keep the text
  }
  if (Array.isArray(detail) && response.status === 422) return new FacelabValidationError(detail as ValidationIssue[], path);
  return new FacelabError(response.status, Array.isArray(detail) ? (detail as ValidationIssue[]) : String(detail), path);
}
