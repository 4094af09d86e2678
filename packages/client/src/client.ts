/**
 * A typed fetch client for the Image API 2.4 as facelab serves it: one
 * property per service, one client per contract version under it, and on
 * each `processImage` (the whole pipeline from a picture) and
 * `processSample` (from the objects you send). Uses the global `fetch`, so
 * it runs on Node 18+, Bun, Deno and in browsers.
 *
 * @example
 * ```ts
 * import { createClient } from '@facelab/client';
 * const facelab = createClient({ url: 'http://localhost:8080' });
 * const { objects } = await facelab.faceDetectorFaceFitter.v2.processImage(await readFile('photo.jpg'));
 * console.log(objects?.[0]?.keypoints?.nose?.proj);
 * ```
 */
import { FacelabConnectionError, errorFromResponse } from './errors.ts';
import { imageBytes, sniffImageType, type ImageInput } from './image.ts';
import type { ContractVersion, Samples } from './wire.ts';

/** The services of the all-in-one facelab server. */
export const SERVICES = [
  'face-detector',
  'face-detector-face-fitter',
  'face-detector-template-extractor',
  'face-detector-liveness-estimator',
  'template-extractor',
  'verify-matcher',
  'age-estimator',
  'gender-estimator',
  'emotion-estimator',
  'liveness-estimator',
  'mask-estimator',
  'quality-assessment-estimator',
  'body-detector',
] as const;

export type ServiceName = (typeof SERVICES)[number];

/** `face-detector-face-fitter` → `faceDetectorFaceFitter`. */
export type CamelName<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelName<Tail>>}` : S;

export interface RequestOptions {
  /** Query options of the service, e.g. `{ face_threshold: 0.6 }`. */
  params?: Record<string, string | number | boolean>;
  /** Sent as X-Request-Id; the server logs it. */
  requestId?: string;
  signal?: AbortSignal;
}

export interface VersionClient<V extends ContractVersion> {
  /** `POST /{service}/{v}/process/image`: detects, then runs the service's pipeline on the picture. */
  processImage(image: ImageInput, options?: RequestOptions): Promise<Samples[V]>;
  /** `POST /{service}/{v}/process/sample`: runs the pipeline from the objects of the sample. */
  processSample(sample: Samples[V], options?: RequestOptions): Promise<Samples[V]>;
}

export interface ServiceClient {
  readonly name: string;
  readonly v1: VersionClient<'v1'>;
  readonly v2: VersionClient<'v2'>;
}

export interface ServicesInfo {
  services: { name: string; plugin: string; version: string; pipeline: string[] }[];
  plugins: { name: string; version: string }[];
}

export interface ClientOptions {
  /** The server's base URL (default http://localhost:8080). */
  url?: string;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Sent with every request (e.g. an authorisation header for a proxy in front). */
  headers?: Record<string, string>;
}

export type FacelabClient = { readonly [S in ServiceName as CamelName<S>]: ServiceClient } & {
  readonly url: string;
  /** A service by its URL name, for plugins beyond the built-in ones. */
  service(name: string): ServiceClient;
  /** `GET /health`: resolves once every model is loaded, throws FacelabError otherwise. */
  health(): Promise<{ status: string; services: string[] }>;
  /** `GET /services`: the installed services, their pipelines and plugin versions. */
  services(): Promise<ServicesInfo>;
};

export const DEFAULT_URL = 'http://localhost:8080';

const camel = (name: string): string => name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

export function createClient(options: ClientOptions = {}): FacelabClient {
  const base = (options.url ?? DEFAULT_URL).replace(/\/+$/, '');
  const fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function call<T>(path: string, init: RequestInit, request: RequestOptions = {}): Promise<T> {
    const query = new URLSearchParams(Object.entries(request.params ?? {}).map(([k, v]) => [k, String(v)])).toString();
    const url = `${base}/${path}${query ? `?${query}` : ''}`;
    const headers = new Headers(options.headers);
    for (const [k, v] of new Headers(init.headers)) headers.set(k, v);
    if (request.requestId) headers.set('x-request-id', request.requestId);
    let response: Response;
    try {
      response = await fetcher(url, { ...init, headers, signal: request.signal });
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') throw error;
      throw new FacelabConnectionError(url, error);
    }
    if (!response.ok) throw await errorFromResponse(response, path);
    return (await response.json()) as T;
  }

  function versionClient<V extends ContractVersion>(service: string, version: V): VersionClient<V> {
    const route = (kind: string) => `${encodeURIComponent(service)}/${version}/process/${kind}`;
    return {
      async processImage(image, request) {
        const bytes = await imageBytes(image);
        const type = image instanceof Blob && image.type.startsWith('image/') ? image.type : sniffImageType(bytes);
        return call(route('image'), { method: 'POST', body: bytes as BodyInit, headers: { 'content-type': type } }, request);
      },
      processSample(sample, request) {
        return call(route('sample'), { method: 'POST', body: JSON.stringify(sample), headers: { 'content-type': 'application/json' } }, request);
      },
    };
  }

  const service = (name: string): ServiceClient => Object.freeze({ name, v1: versionClient(name, 'v1'), v2: versionClient(name, 'v2') });
  const client: Record<string, unknown> = {
    url: base,
    service,
    health: () => call('health', { method: 'GET' }),
    services: () => call('services', { method: 'GET' }),
  };
  for (const name of SERVICES) client[camel(name)] = service(name);
  return Object.freeze(client) as FacelabClient;
}
