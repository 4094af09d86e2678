/**
 * The app factory: checks the plugins, sets up their units once, and mounts
 * every service of the Image API contract.
 *
 * @example
 * ```ts
 * const app = await createImageApi({ plugins: [faceDetector(), faceFitter()], inference, imageCodec });
 * serve({ fetch: app.fetch, port: 8080 });
 * ```
 */
import { Hono, type Context } from 'hono';
import { HttpError, validationError } from '../errors.ts';
import { decodeBase64 } from '../base64.ts';
import type { Codec } from '../codec/codec.ts';
import { v1Codec } from '../codec/v1.ts';
import { v2Codec } from '../codec/v2.ts';
import { ImageSource } from '../image/source.ts';
import type { ImageCodec } from '../image/types.ts';
import type { InferenceBackend } from '../inference.ts';
import type { Logger, Plugin, UnitInstance } from '../plugin.ts';
import type { Sample } from '../sample.ts';
import { checkSize, readIntake } from './intake.ts';
import { bodyLimit, checkObjectCount, checkThresholds, DEFAULT_APP_LIMITS, type AppLimits } from './limits.ts';
import { runPipeline } from './pipeline.ts';
import { resolveServices, type ResolvedService } from './registry.ts';

export interface ImageApiOptions {
  plugins: readonly Plugin[];
  inference: InferenceBackend;
  imageCodec: ImageCodec;
  /** Body, picture, object and nesting limits (DEFAULT_APP_LIMITS for what is left out). */
  limits?: Partial<AppLimits>;
  logger?: Logger;
  /**
   * Whether the machine has a core to spare now (a pool worker: no other
   * request on the pool). Work done ahead on speculation (the face copy
   * decoded while the detector runs, wasted when the faces are small)
   * starts only then. Default: always.
   */
  spareCore?: () => boolean;
}

const CODECS: Record<'v1' | 'v2', Codec> = { v1: v1Codec, v2: v2Codec };

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export async function createImageApi(options: ImageApiOptions): Promise<Hono> {
  const limits: AppLimits = { ...DEFAULT_APP_LIMITS, ...options.limits };
  const logger = options.logger ?? silentLogger;
  const services = resolveServices(options.plugins);
  const instances = new Map<string, UnitInstance>();
  for (const service of services.values()) {
    for (const unit of service.units) {
      if (!instances.has(unit.name)) instances.set(unit.name, await unit.setup({ inference: options.inference, logger }));
    }
  }
  const context: RequestContext = { instances, imageCodec: options.imageCodec, limits, maxBodyBytes: bodyLimit(limits), spareCore: options.spareCore ?? (() => true) };

  const app = new Hono();
  app.onError((err, c) => {
    if (err instanceof HttpError) return c.json(err.toJSON(), err.status as 400);
    logger.error('request failed', { path: c.req.path, error: String(err?.stack ?? err) });
    return c.json({ detail: 'Internal server error' }, 500);
  });
  app.notFound((c) => c.json({ detail: `Not Found: ${c.req.method} ${c.req.path}` }, 404));

  app.get('/health', (c) => c.json({ status: 'ok', services: [...services.keys()] }));
  app.get('/services', (c) =>
    c.json({
      services: [...services.values()].map((s) => ({
        name: s.definition.name,
        plugin: s.plugin.name,
        version: s.plugin.version,
        pipeline: s.definition.pipeline,
      })),
      plugins: options.plugins.map((p) => ({ name: p.name, version: p.version })),
    }),
  );

  const notInstalled = (name: string) => new HttpError(404, `Service "${name}" is not installed on this server; installed: ${[...services.keys()].join(', ') || 'none'}`);
  const handle = async (c: Context, serviceName: string, version: string, route: string): Promise<Response> => {
    const service = services.get(serviceName);
    if (!service) throw notInstalled(serviceName);
    if ((version !== 'v1' && version !== 'v2') || (route !== 'sample' && route !== 'image')) {
      throw new HttpError(404, `Not Found: use /${serviceName}/{v1|v2}/process/{sample|image}`);
    }
    return processRequest(c, service, CODECS[version], route, context);
  };
  app.post('/:service/:version/process/:route', (c) => handle(c, c.req.param('service'), c.req.param('version'), c.req.param('route')));
  // The unversioned routes speak v1, as a published demo client expects.
  app.post('/:service/process/:route', (c) => handle(c, c.req.param('service'), 'v1', c.req.param('route')));
  // A known route asked with the wrong method says which methods it takes.
  const notAllowed = (allow: string) => (c: Context) => {
    c.header('Allow', allow);
    return c.json({ detail: `Method ${c.req.method} is not allowed on ${c.req.path}; use ${allow}` }, 405);
  };
  app.all('/health', notAllowed('GET, HEAD'));
  app.all('/services', notAllowed('GET, HEAD'));
  const processOnly = (c: Context, serviceName: string) => {
    if (!services.has(serviceName)) throw notInstalled(serviceName);
    return notAllowed('POST')(c);
  };
  app.all('/:service/:version/process/:route', (c) => processOnly(c, c.req.param('service')));
  app.all('/:service/process/:route', (c) => processOnly(c, c.req.param('service')));
  return app;
}

interface RequestContext {
  instances: Map<string, UnitInstance>;
  imageCodec: ImageCodec;
  limits: AppLimits;
  maxBodyBytes: number;
  spareCore: () => boolean;
}

async function processRequest(c: Context, service: ResolvedService, codec: Codec, route: 'sample' | 'image', context: RequestContext): Promise<Response> {
  const { instances, imageCodec, limits } = context;
  const began = performance.now();
  const params = c.req.query();
  checkThresholds(params);
  const intake = await readIntake(c, route, { maxBodyBytes: context.maxBodyBytes, maxImageBytes: limits.maxBytes, maxJsonDepth: limits.maxJsonDepth });
  if (intake.kind === 'json') checkObjectCount(intake.body, limits.maxObjects);
  let sample: Sample;
  let image: ImageSource | undefined;
  if (intake.kind === 'image') {
    image = ImageSource.open(intake.bytes, imageCodec, limits, ['body', 'image']);
    sample = { image: { bytes: intake.bytes }, objects: [], extra: {} };
  } else {
    const blob = codec.imageBlob(intake.body);
    if (blob) {
      const bytes = checkSize(decodeBase64(blob.base64), limits.maxBytes);
      image = ImageSource.open(bytes, imageCodec, limits, blob.loc);
    } else if (service.needsImage || route === 'image') {
      throw validationError(codec.imageLoc, 'Field required', 'value_error.missing');
    }
    sample = codec.decode(intake.body, image);
    if (image && blob) sample.image = { bytes: image.bytes, base64: blob.base64 };
    // process/image finds the objects itself.
    if (route === 'image') sample.objects = [];
  }
  const run = await runPipeline(service, instances, route, codec.version, sample, image, params, context.spareCore());
  // A picture no unit needed (a sample without objects) is still checked: a broken one is a 4xx, not a 200.
  await image?.validate();
  const body = codec.encode(run.sample, image);
  const timing = Object.entries({ ...run.timings, total: performance.now() - began })
    .map(([name, ms]) => `${name.replace(/[^\w-]/g, '_')};dur=${ms.toFixed(1)}`)
    .join(', ');
  c.header('Server-Timing', timing);
  return c.json(body);
}
