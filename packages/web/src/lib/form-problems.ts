import { useCallback, useMemo, useState } from 'react';
import { problemsByPath, type FieldProblem } from '../api/problem.js';

/**
 * Which problems a form shows where. Live problems (from @kpx/domain, the same validator the
 * API runs) appear for a field once it was left, and all of them after the first submit;
 * problems the server sent replace the live ones until the next edit.
 */
export function useFormProblems(live: readonly FieldProblem[]) {
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<readonly FieldProblem[] | undefined>();
  const all = server ?? live;
  const byPath = useMemo(() => problemsByPath(all), [all]);
  const visible = useCallback(
    (path: string) =>
      submitted ||
      server !== undefined ||
      touched.has(path) ||
      [...touched].some((t) => path.startsWith(t + '/')),
    [submitted, server, touched],
  );
  /** Problems at exactly `path` (once visible). */
  const at = useCallback(
    (path: string): FieldProblem[] | undefined => (visible(path) ? byPath.get(path) : undefined),
    [byPath, visible],
  );
  /** Problems at `path` or below it (list fields such as transit and seals). */
  const under = useCallback(
    (path: string): FieldProblem[] | undefined => {
      if (!visible(path)) return undefined;
      const found = all.filter((p) => p.path === path || p.path.startsWith(path + '/'));
      return found.length === 0 ? undefined : found;
    },
    [all, visible],
  );
  const touch = useCallback((path: string) => {
    setTouched((prev) => (prev.has(path) ? prev : new Set([...prev, path])));
  }, []);
  return {
    all,
    at,
    under,
    touch,
    submitted,
    /** Marks the form submitted (every problem shows). */
    submit: () => setSubmitted(true),
    /** The server's problems (422), shown until the next edit. */
    setServer,
    /** Call on every edit. */
    edited: () => setServer(undefined),
    reset: () => {
      setTouched(new Set());
      setSubmitted(false);
      setServer(undefined);
    },
  };
}

export type FormProblems = ReturnType<typeof useFormProblems>;
