export { createServerApp, type ServerOptions } from './app.ts';
export { allPlugins } from './plugins.ts';
