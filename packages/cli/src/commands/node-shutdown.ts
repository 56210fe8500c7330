/**
 * An `AbortSignal` that fires on the first SIGINT or SIGTERM. The handlers are installed with
 * `once`, so a second Ctrl-C gets the default behaviour (the process ends at once) when a
 * graceful shutdown hangs. `dispose()` removes them after a clean shutdown.
 */
export function shutdownSignal(onSignal: (name: NodeJS.Signals) => void = () => undefined): {
  signal: AbortSignal;
  dispose(): void;
} {
  const controller = new AbortController();
  const handle = (name: NodeJS.Signals) => {
    onSignal(name);
    controller.abort(name);
  };
  process.once('SIGINT', handle);
  process.once('SIGTERM', handle);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handle);
      process.off('SIGTERM', handle);
    },
  };
}

/** Resolves when `signal` aborts. */
export function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
