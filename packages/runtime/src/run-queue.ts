/**
 * The runs waiting on this thread, shared with a helper thread
 * (run-helper.ts). The thread takes runs from the head of the queue, one
 * after the other; while it is busy and more runs wait, the helper is
 * offered one from the tail. A run the helper has not started when the
 * thread reaches it is taken back, so the helper can only shorten the
 * wait, and a run alone in the queue is never offered (the thread starts
 * it at once).
 */
import type { ModelSession, Tensor } from '@facelab/core';
import type { OfferedRun, RunHelper } from './run-helper.ts';

type Outputs = Record<string, Tensor>;

interface Waiting {
  session: ModelSession;
  feeds: Record<string, Tensor>;
  fetches: readonly string[] | undefined;
  offered?: OfferedRun;
  resolve(outputs: Outputs): void;
  reject(error: unknown): void;
}

export interface RunQueue {
  run(session: ModelSession, feeds: Record<string, Tensor>, fetches?: readonly string[]): Promise<Outputs>;
  /** Runs the helper has done. */
  helperRuns(): number;
}

/**
 * `startHelper` is called once, with the first run that could go to the
 * helper; runs are offered only while `spareCore` says a core is free.
 */
export function createRunQueue(startHelper: (onFree: () => void) => RunHelper, spareCore: () => boolean = () => true): RunQueue {
  const waiting: Waiting[] = [];
  let helper: RunHelper | undefined;
  let running = false;

  const offer = (): void => {
    if (waiting.length === 0 || waiting.length < (running ? 1 : 2) || !spareCore()) return;
    helper ??= startHelper(offer);
    for (let i = waiting.length - 1; i >= 0; i--) {
      const run = waiting[i];
      if (run.offered) continue;
      run.offered = helper.offer(run.session.id, run.feeds, run.fetches);
      return;
    }
  };

  const drain = async (): Promise<void> => {
    running = true;
    for (let run = waiting.shift(); run; run = waiting.shift()) {
      const { offered } = run;
      if (offered && !offered.claim()) {
        // The helper has it; should it fail, the run happens here after all.
        const { session, feeds, fetches, resolve, reject } = run;
        offered.outputs.then(resolve, () => session.run(feeds, fetches).then(resolve, reject));
        continue;
      }
      offer();
      try {
        run.resolve(await run.session.run(run.feeds, run.fetches));
      } catch (error) {
        run.reject(error);
      }
    }
    running = false;
  };

  return {
    run(session, feeds, fetches) {
      return new Promise<Outputs>((resolve, reject) => {
        waiting.push({ session, feeds, fetches, resolve, reject });
        if (!running) void drain();
        // drain took the first run synchronously; the ones after it may go to the helper.
        offer();
      });
    },
    helperRuns: () => helper?.taken() ?? 0,
  };
}
