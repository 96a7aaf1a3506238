/**
 * `load` wrapped so that concurrent calls share one pending call: every gauge of one scrape
 * reads the same status (prom-client collects all metrics of a scrape concurrently) with one
 * query instead of one per gauge.
 */
export function sharedInFlight<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}
