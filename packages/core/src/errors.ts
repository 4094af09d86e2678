/**
 * Errors in the shapes real clients of the Image API expect: validation
 * problems as 422 `{"detail": [{loc, msg, type}]}`, everything else as
 * `{"detail": "message"}` with its status.
 */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export class HttpError extends Error {
  readonly status: number;
  readonly detail: string | ValidationIssue[];

  constructor(status: number, detail: string | ValidationIssue[]) {
    super(typeof detail === 'string' ? detail : detail.map((d) => `${d.loc.join('.')}: ${d.msg}`).join('; '));
    this.name = 'HttpError';
    this.status = status;
    this.detail = detail;
  }

  toJSON(): { detail: string | ValidationIssue[] } {
    return { detail: this.detail };
  }
}

/** A 422 with one validation issue. */
export function validationError(loc: (string | number)[], msg: string, type = 'value_error'): HttpError {
  return new HttpError(422, [{ loc, msg, type }]);
}

export const BASE64_ERROR = 'Failed to decode base64 string';

/** A response in the contract's `{"detail": ...}` shape, for answers given outside the app (the pool, the server's edge). */
export function detailResponse(status: number, detail: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ detail }), { status, headers: { 'content-type': 'application/json', ...headers } });
}
