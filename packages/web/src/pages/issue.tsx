import {
  addDays,
  defaultDirectory,
  isAmount,
  sumAmounts,
  validateDraft,
  type CertificateDraft,
  type Directory,
} from '@kpx/domain';
import { directoryFromTrustList, type TrustList } from '@kpx/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useSearch } from 'wouter';
import { api, newIdempotencyKey } from '../api/client.js';
import { ApiError } from '../api/problem.js';
import type { CertificateDetail, Issued } from '../api/types.js';
import {
  CertificateFields,
  draftOf,
  emptyForm,
  type CertificateForm,
} from '../components/certificate-fields.js';
import { CertificateView } from '../components/certificate-view.js';
import { ErrorState, Loading } from '../components/error-state.js';
import { ProblemSummary } from '../components/problem-summary.js';
import { todayUtc } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { useFormProblems } from '../lib/form-problems.js';
import { useNodeInfo, useTrustList } from '../lib/session.js';
import { useDocumentTitle } from '../lib/use-document-title.js';

/** The form of an existing certificate, for an amendment (a new certificate that replaces it). */
function formOf(detail: CertificateDetail): CertificateForm {
  const c = detail.certificate;
  return {
    ...emptyForm(),
    importingParticipant: c.importingParticipant,
    importingAuthority: c.importingAuthority,
    exporter: {
      name: c.exporter.name,
      address: c.exporter.address,
      licence: c.exporter.licence ?? '',
    },
    importer: {
      name: c.importer.name,
      address: c.importer.address,
      licence: c.importer.licence ?? '',
    },
    origin: c.origin,
    items: c.items.map((i) => ({ ...i })),
    parcels: String(c.parcels),
    expiresOn: '',
    transit: c.transit.join(', '),
    seals: c.seals.join('\n'),
    replaces: c.number,
  };
}

export default function IssuePage() {
  const { t, date, amount, locale } = useI18n();
  const search = useSearch();
  const replaces = new URLSearchParams(search).get('replaces') ?? '';
  useDocumentTitle(
    replaces === '' ? t('issue.title') : t('issue.amendTitle', { number: replaces }),
  );
  const node = useNodeInfo();
  const trust = useTrustList();
  const client = useQueryClient();
  const [form, setForm] = useState<CertificateForm>(() => ({ ...emptyForm(), replaces }));
  const [step, setStep] = useState<'edit' | 'preview' | 'done'>('edit');
  const idempotencyKey = useRef(newIdempotencyKey());
  const summaryRef = useRef<HTMLDivElement>(null);

  const original = useQuery({
    queryKey: ['certificate', replaces],
    queryFn: () => api<CertificateDetail>(`/api/v1/certificates/${encodeURIComponent(replaces)}`),
    enabled: replaces !== '',
  });
  const prefilled = useRef(false);
  useEffect(() => {
    if (original.data && !prefilled.current) {
      prefilled.current = true;
      setForm(formOf(original.data));
    }
  }, [original.data]);

  const directory: Directory = useMemo(
    () =>
      trust.data
        ? directoryFromTrustList(trust.data.trustList as unknown as TrustList)
        : defaultDirectory,
    [trust.data],
  );
  const authority = node.data?.authority;
  const own = authority === undefined ? undefined : directory.authority(authority);
  const today = todayUtc();
  const body = useMemo(() => draftOf(form), [form]);
  // The same validator, schemas and messages as the API (packages/domain).
  const validation = useMemo(
    () =>
      authority === undefined
        ? undefined
        : validateDraft(body, { directory, issuingAuthority: authority, today }),
    [body, directory, authority, today],
  );
  const live = validation === undefined || validation.ok ? [] : validation.problems;
  const problems = useFormProblems(live);

  const issue = useMutation({
    mutationFn: (draft: CertificateDraft) =>
      api<Issued>('/api/v1/certificates', {
        method: 'POST',
        json: draft,
        headers: { 'idempotency-key': idempotencyKey.current },
      }),
    onSuccess: () => {
      setStep('done');
      void client.invalidateQueries({ queryKey: ['certificates'] });
      void client.invalidateQueries({ queryKey: ['dashboard'] });
      if (replaces !== '') void client.invalidateQueries({ queryKey: ['certificate', replaces] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.problem.problems !== undefined) {
        problems.setServer(error.problem.problems);
        setStep('edit');
      }
    },
  });

  const toPreview = (event: FormEvent) => {
    event.preventDefault();
    problems.submit();
    if (validation?.ok === true) {
      setStep('preview');
      window.scrollTo(0, 0);
    } else {
      setTimeout(() => summaryRef.current?.querySelector<HTMLElement>('a, p')?.focus(), 0);
    }
  };

  if (replaces !== '' && original.isPending) return <Loading />;
  if (original.error) return <ErrorState error={original.error} />;

  const heading = replaces === '' ? t('issue.title') : t('issue.amendTitle', { number: replaces });

  if (step === 'done' && issue.data) {
    const r = issue.data;
    return (
      <section>
        <h1>{t('issue.doneTitle')}</h1>
        <div className="card result" role="status" data-testid="issue-result">
          <dl className="facts">
            <div>
              <dt>{t('field.number')}</dt>
              <dd data-testid="issued-number">{r.number}</dd>
            </div>
            <div>
              <dt>{t('field.status')}</dt>
              <dd>{t(`status.${r.status}`)}</dd>
            </div>
            <div>
              <dt>{t('field.delivery')}</dt>
              <dd data-testid="issued-delivery">{t(`delivery.${r.delivery}`)}</dd>
            </div>
            <div>
              <dt>{t('field.issuedOn')}</dt>
              <dd>{date(r.issuedOn)}</dd>
            </div>
            <div>
              <dt>{t('field.expiresOn')}</dt>
              <dd>{date(r.expiresOn)}</dd>
            </div>
            {r.replaces !== undefined && (
              <div>
                <dt>{t('field.replaces')}</dt>
                <dd>{r.replaces}</dd>
              </div>
            )}
          </dl>
          <p>
            {r.delivery === 'electronic' ? t('issue.deliveryElectronic') : t('issue.deliveryPaper')}
          </p>
          <div className="actions">
            <Link
              href={`/certificates/${encodeURIComponent(r.number)}`}
              className="button button-primary"
            >
              {t('issue.viewCertificate')}
            </Link>
            <a
              href={`/api/v1/certificates/${encodeURIComponent(r.number)}/pdf?lang=${locale === 'en' ? 'en' : `en,${locale}`}`}
              className="button"
              download
            >
              {t('detail.downloadPdf')}
            </a>
            <button
              type="button"
              className="button"
              onClick={() => {
                setForm(emptyForm());
                problems.reset();
                idempotencyKey.current = newIdempotencyKey();
                issue.reset();
                setStep('edit');
              }}
            >
              {t('issue.another')}
            </button>
          </div>
        </div>
      </section>
    );
  }

  if (step === 'preview' && validation?.ok === true) {
    const draft = validation.value;
    const totals = {
      carats: sumAmounts(draft.items.map((i) => i.carats)),
      valueUsd: sumAmounts(draft.items.map((i) => i.valueUsd)),
    };
    const defaultExpiry = own === undefined ? undefined : addDays(today, own.validity.defaultDays);
    return (
      <section>
        <h1>{t('issue.previewTitle')}</h1>
        <p className="muted">{t('issue.previewIntro')}</p>
        {issue.error && !(issue.error instanceof ApiError && issue.error.problem.problems) && (
          <ErrorState error={issue.error} />
        )}
        <CertificateView
          certificate={{
            ...draft,
            issuingAuthority: authority ?? '',
            exportingParticipant: own?.participant ?? '',
            totals,
            transit: draft.transit ?? [],
            seals: draft.seals ?? [],
          }}
          trustList={trust.data?.trustList}
          placeholders={{
            number: t('issue.numberOnIssue'),
            issuedOn: date(today),
            expiresOn:
              defaultExpiry === undefined
                ? '—'
                : `${date(defaultExpiry)} (${t('issue.defaultValidity')})`,
            importingAuthority:
              directory.defaultImportingAuthority(draft.importingParticipant)?.id ?? '—',
          }}
        />
        <div className="actions sticky-actions">
          <button type="button" className="button" onClick={() => setStep('edit')}>
            {t('issue.backToEdit')}
          </button>
          <button
            type="button"
            className="button-primary"
            disabled={issue.isPending}
            onClick={() => issue.mutate(draft)}
            data-testid="issue-submit"
          >
            {issue.isPending ? t('issue.signing') : t('issue.submit')}
          </button>
        </div>
      </section>
    );
  }

  const totalsText = (() => {
    const carats = form.items.map((i) => i.carats.trim());
    const values = form.items.map((i) => i.valueUsd.trim());
    if (!carats.every(isAmount) || !values.every(isAmount)) return undefined;
    try {
      return { carats: sumAmounts(carats), valueUsd: sumAmounts(values) };
    } catch {
      return undefined;
    }
  })();

  return (
    <section>
      <h1>{heading}</h1>
      <p className="muted">{t('issue.intro')}</p>
      {(node.isPending || trust.isPending) && <Loading />}
      {node.error && <ErrorState error={node.error} />}
      <div ref={summaryRef}>{problems.submitted && <ProblemSummary problems={problems.all} />}</div>
      <form className="form" onSubmit={toPreview} noValidate data-testid="issue-form">
        <CertificateFields
          mode="issue"
          form={form}
          onChange={setForm}
          problems={problems}
          trustList={trust.data?.trustList}
          ownParticipant={own?.participant}
          validity={own?.validity}
        />
        <p className="totals-line" aria-live="polite">
          {totalsText === undefined
            ? t('issue.totalsPending')
            : t('issue.totals', {
                carats: amount(totalsText.carats),
                value: amount(totalsText.valueUsd),
              })}
        </p>
        <p className="muted" aria-live="polite" data-testid="live-status">
          {validation === undefined
            ? ''
            : validation.ok
              ? t('issue.ready')
              : t('issue.problemCount', { count: validation.problems.length })}
        </p>
        <div className="actions">
          <button type="submit" className="button-primary" data-testid="preview-button">
            {t('issue.preview')}
          </button>
        </div>
      </form>
    </section>
  );
}
