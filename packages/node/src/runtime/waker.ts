/**
 * A sleep that ends early when woken or aborted: the dispatcher sleeps until the next entry is
 * due, and an issue wakes it right after commit instead of waiting for the poll.
 */
export type Waker = {
  /** Resolves after `ms`, on `wake()`, or when `signal` aborts, whichever comes first. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  wake(): void;
};

export function createWaker(): Waker {
  let pending: (() => void) | undefined;
  let woken = false;
  return {
    sleep(ms, signal) {
      if (woken || signal.aborted) {
        woken = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          pending = undefined;
          woken = false;
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, ms));
        signal.addEventListener('abort', done, { once: true });
        pending = done;
      });
    },
    wake() {
      if (pending === undefined) woken = true;
      else pending();
    },
  };
}
