/**
 * @facelab/client: a typed fetch client for facelab and other Image API 2.4
 * servers (Node, Bun, Deno, browsers), and the `facelab` command-line tool.
 */
export * from './client.ts';
export * from './errors.ts';
export * from './image.ts';
export * from './verify.ts';
export type * from './wire.ts';
