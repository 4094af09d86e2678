export { createServerApp, type ServerOptions } from './app.ts';
export { allPlugins } from './plugins.ts';
export { createFrontApp, type FrontOptions } from './front.ts';
export { createMetrics, type ServerMetrics, type PoolStats } from './metrics.ts';
export { createLogger, coreLogger, type LogOptions } from './logger.ts';
