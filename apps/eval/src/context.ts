/**
 * What every eval suite gets: the dev set's manifest and files (read from
 * ../shared/eval/dev, never copied), the all-in-one app in process, and a
 * way to call a service the way a client would.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Hono } from 'hono';
import { createServerApp } from '@facelab/server';

export interface EvalContext {
  /** Folder of the dev set (../shared/eval/dev from the repo root, or FACELAB_EVAL_DIR). */
  dir: string;
  manifest: { categories: Record<string, unknown>; notes?: unknown };
  app(): Promise<Hono>;
  read(file: string): Buffer;
  /** POSTs a JSON body to /{service}/{version}/process/{route}; returns status and JSON. */
  call(path: string, body: unknown): Promise<{ status: number; json: any; ms: number }>;
}

export interface EvalSuite {
  name: string;
  /** Prints its figures; returns them for the summary. */
  run(ctx: EvalContext): Promise<Record<string, number | string>>;
}

export function createEvalContext(root: string): EvalContext {
  const dir = resolve(process.env.FACELAB_EVAL_DIR ?? join(root, '..', 'shared', 'eval', 'dev'));
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`No dev set at ${dir} (set FACELAB_EVAL_DIR)`);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  let app: Promise<Hono> | undefined;
  const ctx: EvalContext = {
    dir,
    manifest,
    app: () => (app ??= createServerApp()),
    read: (file) => readFileSync(join(dir, file)),
    async call(path, body) {
      const began = performance.now();
      const res = await (await ctx.app()).request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      const json = await res.json();
      return { status: res.status, json, ms: performance.now() - began };
    },
  };
  return ctx;
}
