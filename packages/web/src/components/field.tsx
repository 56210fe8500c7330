import type { ReactNode } from 'react';
import type { FieldProblem } from '../api/problem.js';

/** The id of the input for a JSON pointer path (`/items/0/carats` → `f-items-0-carats`). */
export function fieldId(path: string): string {
  return 'f' + path.replace(/[^A-Za-z0-9]+/g, '-');
}

export type FieldA11y = {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
};

/**
 * A labelled form control with its problems beside it. `path` is the JSON pointer the API and
 * `@kpx/domain` use for the field, so server and live problems land in the same place.
 */
export function Field({
  path,
  label,
  hint,
  problems,
  required,
  className,
  children,
}: {
  path: string;
  label: string;
  hint?: string;
  problems: readonly FieldProblem[] | undefined;
  required?: boolean;
  className?: string;
  children: (a11y: FieldA11y) => ReactNode;
}) {
  const id = fieldId(path);
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const has = problems !== undefined && problems.length > 0;
  const describedBy = [hint !== undefined ? hintId : '', has ? errorId : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div
      className={['field', has ? 'field-invalid' : '', className ?? ''].filter(Boolean).join(' ')}
    >
      <label htmlFor={id}>
        {label}
        {required === true && (
          <span className="required" aria-hidden="true">
            {' *'}
          </span>
        )}
      </label>
      {hint !== undefined && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {children({
        id,
        'aria-invalid': has,
        ...(describedBy === '' ? {} : { 'aria-describedby': describedBy }),
      })}
      {has && (
        <ul id={errorId} className="field-errors" data-path={path}>
          {problems.map((p, i) => (
            <li key={i}>
              {p.message} <code>{p.code}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Problems about a whole group (e.g. `/items`), shown above it. */
export function GroupProblems({
  path,
  problems,
}: {
  path: string;
  problems: readonly FieldProblem[] | undefined;
}) {
  if (problems === undefined || problems.length === 0) return null;
  return (
    <ul className="field-errors" data-path={path} id={`${fieldId(path)}-error`}>
      {problems.map((p, i) => (
        <li key={i}>
          {p.message} <code>{p.code}</code>
        </li>
      ))}
    </ul>
  );
}
