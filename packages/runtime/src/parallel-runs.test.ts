import { float32Tensor, type ModelSession, type Tensor } from '@facelab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelStore } from './model-store.ts';
import { createOrtBackend } from './ort-backend.ts';
import { createRunHelper, type RunHelper } from './run-helper.ts';
import { createRunQueue } from './run-queue.ts';

// The MobileFaceNet (batch fixed at 1) on two different inputs: the pair the template extractor runs per face.
const MODEL = 'fr-feature';
const store = new ModelStore();
const input = (seed: number): Record<string, Tensor> => {
  const data = new Float32Array(3 * 112 * 112);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37 + seed) * 0.9;
  return { input: float32Tensor(data, [1, 3, 112, 112]) };
};
const options = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all', enableCpuMemArena: false, enableMemPattern: false, extra: { session: { set_denormal_as_zero: '1', 'intra_op.allow_spinning': '0' } } };
const helpers: RunHelper[] = [];
afterAll(async () => Promise.all(helpers.map((h) => h.close())));

/** A queue whose helper, once it has the model, is always waited for (so the test sees it run). */
function helperQueue(read: (id: string) => Uint8Array = (id) => store.read(id), spareCore?: () => boolean) {
  return createRunQueue((onFree) => {
    const helper = createRunHelper(read, options, onFree, false);
    helpers.push(helper);
    return helper;
  }, spareCore);
}

const plain = createOrtBackend({ threads: 1 });
const sequential = async (session: ModelSession, seeds: number[]) => {
  const out: Record<string, Tensor>[] = [];
  for (const seed of seeds) out.push(await session.run(input(seed), ['output']));
  return out;
};

describe('model runs on a helper thread', () => {
  it('gives the same outputs, bit for bit, as the runs one after the other on the calling thread', async () => {
    const session = await plain.load(MODEL);
    const expected = await sequential(session, [1, 2, 3]);
    const queue = helperQueue();
    let got: Record<string, Tensor>[] = [];
    // The helper loads the model with the first offer; until then the calling thread runs everything.
    for (let tries = 0; queue.helperRuns() === 0 && tries < 200; tries++) {
      got = await Promise.all([1, 2, 3].map((seed) => queue.run(session, input(seed), ['output'])));
      if (queue.helperRuns() === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(queue.helperRuns()).toBeGreaterThan(0);
    got = await Promise.all([1, 2, 3].map((seed) => queue.run(session, input(seed), ['output'])));
    for (let i = 0; i < 3; i++) {
      expect(got[i].output.dims).toEqual([1, 512]);
      expect(Array.from(got[i].output.data as Float32Array)).toEqual(Array.from(expected[i].output.data as Float32Array));
    }
  });

  it('never offers a run that is alone in the queue', async () => {
    const session = await plain.load(MODEL);
    const queue = helperQueue();
    for (let i = 0; i < 5; i++) await queue.run(session, input(i), ['output']);
    expect(queue.helperRuns()).toBe(0);
  });

  it('offers nothing while no core is spare', async () => {
    const session = await plain.load(MODEL);
    let spare = false;
    const queue = helperQueue(undefined, () => spare);
    for (let round = 0; round < 5; round++) await Promise.all([1, 2].map((seed) => queue.run(session, input(seed), ['output'])));
    expect(queue.helperRuns()).toBe(0);
    spare = true;
    for (let round = 0; round < 200 && queue.helperRuns() === 0; round++) {
      await Promise.all([1, 2].map((seed) => queue.run(session, input(seed), ['output'])));
      if (queue.helperRuns() === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(queue.helperRuns()).toBeGreaterThan(0);
  });

  it('runs everything on the calling thread when the helper cannot load the model', async () => {
    const session = await plain.load(MODEL);
    const expected = await sequential(session, [4, 5]);
    const queue = helperQueue(() => {
      throw new Error('no model file');
    });
    for (let round = 0; round < 3; round++) {
      const got = await Promise.all([4, 5].map((seed) => queue.run(session, input(seed), ['output'])));
      expect(got.map((r) => Array.from(r.output.data as Float32Array))).toEqual(expected.map((r) => Array.from(r.output.data as Float32Array)));
    }
    expect(queue.helperRuns()).toBe(0);
  });

  it("passes a run's error to its caller", async () => {
    const session = await plain.load(MODEL);
    const queue = helperQueue();
    const wrong = { input: float32Tensor(new Float32Array(10), [1, 10]) };
    const results = await Promise.allSettled([queue.run(session, input(1), ['output']), queue.run(session, wrong, ['output'])]);
    expect(results[0].status).toBe('fulfilled');
    expect(results[1].status).toBe('rejected');
  });

  it('is what the backend does with parallelRuns: concurrent runs answer as sequential ones', async () => {
    const backend = createOrtBackend({ threads: 1, parallelRuns: true });
    const session = await backend.load(MODEL);
    const expected = await sequential(await plain.load(MODEL), [6, 7]);
    for (let round = 0; round < 5; round++) {
      const got = await Promise.all([6, 7].map((seed) => session.run(input(seed), ['output'])));
      expect(got.map((r) => Array.from(r.output.data as Float32Array))).toEqual(expected.map((r) => Array.from(r.output.data as Float32Array)));
    }
  });

  it('with a list of models, sends only those models\' runs to the helper', async () => {
    const listed = createOrtBackend({ threads: 1, parallelRuns: ['facemesh'] });
    const session = await listed.load(MODEL);
    for (let round = 0; round < 10; round++) {
      await Promise.all([8, 9].map((seed) => session.run(input(seed), ['output'])));
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(listed.helperRuns()).toBe(0);
    const both = createOrtBackend({ threads: 1, parallelRuns: [MODEL] });
    const helped = await both.load(MODEL);
    for (let round = 0; round < 200 && both.helperRuns() === 0; round++) {
      await Promise.all([8, 9].map((seed) => helped.run(input(seed), ['output'])));
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(both.helperRuns()).toBeGreaterThan(0);
  });
});
