import type { FieldProblem } from '../api/problem.js';
import { useI18n } from '../i18n/i18n.js';
import { fieldId } from './field.js';

/**
 * Every problem of a form at its top, each linking to its field (error summary pattern), so
 * nothing is missed when a problem's field is not on screen.
 */
export function ProblemSummary({
  problems,
  title,
}: {
  problems: readonly FieldProblem[];
  title?: string;
}) {
  const { t } = useI18n();
  if (problems.length === 0) return null;
  return (
    <div className="alert alert-error problem-summary" role="alert" data-testid="problem-summary">
      <p className="alert-title">{title ?? t('form.problems', { count: problems.length })}</p>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            {p.path === '' ? (
              p.message
            ) : (
              <a href={`#${fieldId(p.path)}`}>
                <code>{p.path}</code> {p.message}
              </a>
            )}{' '}
            <code>{p.code}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
