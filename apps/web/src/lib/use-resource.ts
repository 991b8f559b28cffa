import { useCallback, useEffect, useState } from 'react';

export type Resource<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly data: T }
  | { readonly status: 'error'; readonly error: Error };

type Settled<T> = Exclude<Resource<T>, { status: 'loading' }>;

/**
 * Loads once on mount and again on each `retry()`, which shows the loading state at once.
 * A load still running when the component goes away, or when a retry starts, is aborted.
 * `load` must keep its identity between renders (a module-level function does).
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>): [Resource<T>, () => void] {
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<{ attempt: number; result: Settled<T> }>();

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => setSettled({ attempt, result: { status: 'ready', data } }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setSettled({
          attempt,
          result: { status: 'error', error: error instanceof Error ? error : new Error(String(error)) },
        });
      },
    );
    return () => controller.abort();
  }, [load, attempt]);

  const retry = useCallback(() => setAttempt((previous) => previous + 1), []);
  return [settled?.attempt === attempt ? settled.result : { status: 'loading' }, retry];
}
