import {
  computeDiscrepancies,
  isAmount,
  sumAmounts,
  validateConfirmation,
  type Certificate,
  type Confirmation,
} from '@kpx/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { ApiError } from '../api/problem.js';
import type { CertificateData } from '../api/types.js';
import { normaliseAmountInput, todayUtc } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { useFormProblems } from '../lib/form-problems.js';
import { Amount } from './amount.js';
import { hsDescription } from './certificate-view.js';
import { Dialog } from './dialog.js';
import { ErrorState } from './error-state.js';
import { Field } from './field.js';
import { ProblemSummary } from './problem-summary.js';

type Line = { hs: string; carats: string; valueUsd: string };

/**
 * Import confirmation (KPCS III(b)): what arrived, per HS line, checked live with the domain's
 * validateConfirmation and compared with the certificate (discrepancies shown before signing).
 */
export function ConfirmImportDialog({
  open,
  onClose,
  certificate,
}: {
  open: boolean;
  onClose: () => void;
  certificate: CertificateData;
}) {
  const { t, amount } = useI18n();
  const client = useQueryClient();
  const [parcels, setParcels] = useState(String(certificate.parcels));
  const [perLine, setPerLine] = useState(true);
  const [lines, setLines] = useState<Line[]>(certificate.items.map((i) => ({ ...i })));
  const [carats, setCarats] = useState(certificate.totals.carats);
  const [valueUsd, setValueUsd] = useState(certificate.totals.valueUsd);
  const [receivedOn, setReceivedOn] = useState(todayUtc());
  const [sealsIntact, setSealsIntact] = useState(true);
  const [remarks, setRemarks] = useState('');

  const lineSum = (key: 'carats' | 'valueUsd'): string => {
    const values = lines.map((l) => l[key].trim());
    if (!values.every(isAmount)) return '';
    try {
      return sumAmounts(values);
    } catch {
      return '';
    }
  };
  const body = useMemo(() => {
    const b: Record<string, unknown> = {
      parcels: /^\d{1,9}$/.test(parcels.trim()) ? Number(parcels.trim()) : parcels.trim(),
      carats: perLine ? lineSum('carats') : carats.trim(),
      valueUsd: perLine ? lineSum('valueUsd') : valueUsd.trim(),
      receivedOn,
      sealsIntact,
    };
    if (perLine)
      b['items'] = lines.map((l) => ({
        hs: l.hs,
        carats: l.carats.trim(),
        valueUsd: l.valueUsd.trim(),
      }));
    if (remarks.trim() !== '') b['remarks'] = remarks.trim();
    return b;
  }, [parcels, perLine, lines, carats, valueUsd, receivedOn, sealsIntact, remarks]);
  const domainCertificate = certificate as unknown as Certificate;
  const validation = useMemo(
    () => validateConfirmation(body, domainCertificate),
    [body, domainCertificate],
  );
  const problems = useFormProblems(validation.ok ? [] : validation.problems);
  const preview = validation.ok ? computeDiscrepancies(domainCertificate, validation.value) : [];

  const confirm = useMutation({
    mutationFn: (input: Confirmation) =>
      api(`/api/v1/certificates/${encodeURIComponent(certificate.number)}/confirmation`, {
        method: 'POST',
        json: input,
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['certificate', certificate.number] });
      void client.invalidateQueries({ queryKey: ['certificates'] });
      void client.invalidateQueries({ queryKey: ['dashboard'] });
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.problem.problems !== undefined)
        problems.setServer(error.problem.problems);
    },
  });

  const edited = () => problems.edited();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    problems.submit();
    if (validation.ok) confirm.mutate(validation.value);
  };
  const amountInput = (path: string, value: string, set: (v: string) => void, disabled = false) => (
    <Field
      path={path}
      label={path.endsWith('carats') ? t('field.carats') : t('field.valueUsd')}
      problems={problems.at(path)}
      required
    >
      {(a) => (
        <input
          {...a}
          inputMode="decimal"
          value={value}
          disabled={disabled}
          onChange={(e) => {
            edited();
            set(e.target.value);
          }}
          onBlur={() => {
            const n = normaliseAmountInput(value);
            if (n !== value) set(n);
            problems.touch(path);
          }}
        />
      )}
    </Field>
  );

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('confirm.title', { number: certificate.number })}
      testId="confirm-dialog"
    >
      <form className="form" onSubmit={submit} noValidate>
        <p className="muted">{t('confirm.intro')}</p>
        {confirm.error &&
          !(confirm.error instanceof ApiError && confirm.error.problem.problems) && (
            <ErrorState error={confirm.error} />
          )}
        {problems.submitted && <ProblemSummary problems={problems.all} />}
        <div className="row">
          <Field
            path="/parcels"
            label={t('field.parcels')}
            problems={problems.at('/parcels')}
            required
          >
            {(a) => (
              <input
                {...a}
                inputMode="numeric"
                name="parcels"
                value={parcels}
                onChange={(e) => {
                  edited();
                  setParcels(e.target.value);
                }}
                onBlur={() => problems.touch('/parcels')}
              />
            )}
          </Field>
          <Field
            path="/receivedOn"
            label={t('field.receivedOn')}
            problems={problems.at('/receivedOn')}
            required
          >
            {(a) => (
              <input
                {...a}
                type="date"
                name="receivedOn"
                value={receivedOn}
                onChange={(e) => {
                  edited();
                  setReceivedOn(e.target.value);
                }}
                onBlur={() => problems.touch('/receivedOn')}
              />
            )}
          </Field>
        </div>
        <div className="checkbox">
          <input
            id="confirm-per-line"
            type="checkbox"
            checked={perLine}
            onChange={(e) => {
              edited();
              setPerLine(e.target.checked);
            }}
          />
          <label htmlFor="confirm-per-line">{t('confirm.perLine')}</label>
        </div>
        {perLine ? (
          <fieldset className="group">
            <legend>{t('confirm.lines')}</legend>
            {lines.map((line, index) => (
              <div className="line-item" key={line.hs} data-testid={`confirm-line-${line.hs}`}>
                <p className="line-hs">
                  <strong>{line.hs}</strong>{' '}
                  <span className="muted">{hsDescription(t, line.hs)}</span>
                </p>
                {amountInput(`/items/${index}/carats`, line.carats, (v) =>
                  setLines((ls) => ls.map((l, i) => (i === index ? { ...l, carats: v } : l))),
                )}
                {amountInput(`/items/${index}/valueUsd`, line.valueUsd, (v) =>
                  setLines((ls) => ls.map((l, i) => (i === index ? { ...l, valueUsd: v } : l))),
                )}
              </div>
            ))}
            <p className="totals-line">
              {t('confirm.lineTotals')}{' '}
              {lineSum('carats') === '' ? '—' : <Amount value={lineSum('carats')} unit="ct" />}
              {' · '}
              {lineSum('valueUsd') === '' ? '—' : <Amount value={lineSum('valueUsd')} unit="usd" />}
            </p>
          </fieldset>
        ) : (
          <div className="row">
            {amountInput('/carats', carats, setCarats)}
            {amountInput('/valueUsd', valueUsd, setValueUsd)}
          </div>
        )}
        <div className="checkbox">
          <input
            id="confirm-seals"
            type="checkbox"
            checked={sealsIntact}
            onChange={(e) => {
              edited();
              setSealsIntact(e.target.checked);
            }}
          />
          <label htmlFor="confirm-seals">{t('field.sealsIntact')}</label>
        </div>
        <Field path="/remarks" label={t('field.remarks')} problems={problems.at('/remarks')}>
          {(a) => (
            <textarea
              {...a}
              rows={2}
              value={remarks}
              maxLength={1000}
              onChange={(e) => {
                edited();
                setRemarks(e.target.value);
              }}
            />
          )}
        </Field>
        <div className="discrepancy-preview" aria-live="polite" data-testid="discrepancy-preview">
          {validation.ok &&
            (preview.length === 0 ? (
              <p className="ok-text">{t('confirm.noDiscrepancies')}</p>
            ) : (
              <>
                <p className="warn-text">{t('confirm.discrepancies', { count: preview.length })}</p>
                <ul>
                  {preview.map((d) => (
                    <li key={d.field}>
                      <code>{d.field}</code>:{' '}
                      {t('confirm.expectedActual', {
                        expected: d.field === 'parcels' ? d.expected : amount(d.expected),
                        actual: d.field === 'parcels' ? d.actual : amount(d.actual),
                        difference: d.field === 'parcels' ? d.difference : amount(d.difference),
                      })}
                    </li>
                  ))}
                </ul>
              </>
            ))}
        </div>
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="button-primary"
            disabled={confirm.isPending}
            data-testid="confirm-submit"
          >
            {t('confirm.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
