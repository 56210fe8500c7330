import { defaultDirectory, validateDraft, type Directory } from '@kpx/domain';
import { directoryFromTrustList, type TrustList } from '@kpx/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useSearch } from 'wouter';
import { api } from '../api/client.js';
import { ApiError, type FieldProblem } from '../api/problem.js';
import { fileToBase64, type ApplicationDetail } from '../api/application-types.js';
import {
  CertificateFields,
  draftOf,
  emptyForm,
  type CertificateForm,
} from '../components/certificate-fields.js';
import { ErrorState, Loading } from '../components/error-state.js';
import { ProblemSummary } from '../components/problem-summary.js';
import { todayUtc } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { useFormProblems } from '../lib/form-problems.js';
import { useNodeInfo, useTrustList } from '../lib/session.js';
import { useDocumentTitle } from '../lib/use-document-title.js';

/** The form of an application's draft (a revision after an officer asked for changes). */
function formOf(draft: ApplicationDetail['draft']): CertificateForm {
  return {
    ...emptyForm(),
    importingParticipant: draft.importingParticipant,
    importingAuthority: draft.importingAuthority ?? '',
    exporter: {
      name: draft.exporter.name,
      address: draft.exporter.address,
      licence: draft.exporter.licence ?? '',
    },
    importer: {
      name: draft.importer.name,
      address: draft.importer.address,
      licence: draft.importer.licence ?? '',
    },
    origin: draft.origin,
    items: draft.items.map((i) => ({ ...i })),
    parcels: String(draft.parcels),
    expiresOn: draft.expiresOn ?? '',
    transit: (draft.transit ?? []).join(', '),
    seals: (draft.seals ?? []).join('\n'),
  };
}

/**
 * A trader's application: the issue form itself (same fields, same live validation by
 * @kpx/domain, same messages as an officer gets) plus the invoice and packing list as PDF files.
 * Problems the node sends under `/draft` land on their fields; the documents' in the summary.
 */
export default function ApplicationNewPage() {
  const { t } = useI18n();
  // `?revise=<id>`: the revision of an application the officer sent back for changes.
  const revise = new URLSearchParams(useSearch()).get('revise') ?? '';
  useDocumentTitle(revise === '' ? t('app.newTitle') : t('app.reviseTitle'));
  const node = useNodeInfo();
  const trust = useTrustList();
  const client = useQueryClient();
  const [form, setForm] = useState<CertificateForm>(() => emptyForm());
  const [invoice, setInvoice] = useState<File | undefined>();
  const [packingList, setPackingList] = useState<File | undefined>();
  const [documentProblems, setDocumentProblems] = useState<FieldProblem[]>([]);
  const summaryRef = useRef<HTMLDivElement>(null);
  const original = useQuery({
    queryKey: ['application', revise],
    queryFn: () => api<ApplicationDetail>(`/api/v1/applications/${encodeURIComponent(revise)}`),
    enabled: revise !== '',
  });
  const prefilled = useRef(false);
  useEffect(() => {
    if (original.data && !prefilled.current) {
      prefilled.current = true;
      setForm(formOf(original.data.draft));
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
  const body = useMemo(() => draftOf(form), [form]);
  const validation = useMemo(
    () =>
      authority === undefined
        ? undefined
        : validateDraft(body, { directory, issuingAuthority: authority, today: todayUtc() }),
    [body, directory, authority],
  );
  const live = validation === undefined || validation.ok ? [] : validation.problems;
  const problems = useFormProblems(live);

  const submit = useMutation({
    mutationFn: async () => {
      const attachments = [];
      if (invoice !== undefined)
        attachments.push({
          kind: 'invoice',
          filename: invoice.name,
          contentType: invoice.type || 'application/pdf',
          content: await fileToBase64(invoice),
        });
      if (packingList !== undefined)
        attachments.push({
          kind: 'packing-list',
          filename: packingList.name,
          contentType: packingList.type || 'application/pdf',
          content: await fileToBase64(packingList),
        });
      return api<ApplicationDetail>(
        revise === ''
          ? '/api/v1/applications'
          : `/api/v1/applications/${encodeURIComponent(revise)}/resubmission`,
        { method: 'POST', json: { draft: body, attachments } },
      );
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['applications'] });
      if (revise !== '') void client.invalidateQueries({ queryKey: ['application', revise] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.problem.problems !== undefined) {
        const all = error.problem.problems;
        problems.setServer(
          all
            .filter((p) => p.path.startsWith('/draft'))
            .map((p) => ({ ...p, path: p.path.slice('/draft'.length) })),
        );
        setDocumentProblems(all.filter((p) => !p.path.startsWith('/draft')));
      }
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    problems.submit();
    setDocumentProblems([]);
    if (validation?.ok === true) submit.mutate();
    else setTimeout(() => summaryRef.current?.querySelector<HTMLElement>('a, p')?.focus(), 0);
  };

  if (submit.data) {
    return (
      <section>
        <h1>{t('app.submittedTitle')}</h1>
        <div className="card result" role="status" data-testid="application-submitted">
          <p>{t('app.submittedText')}</p>
          <Link href={`/applications/${submit.data.id}`} className="button button-primary">
            {t('app.view')}
          </Link>
        </div>
      </section>
    );
  }
  return (
    <section>
      <h1>{revise === '' ? t('app.newTitle') : t('app.reviseTitle')}</h1>
      <p className="muted">{t('app.newIntro')}</p>
      {original.data?.reason != null && (
        <p className="alert" data-testid="revise-reason">
          {t('app.reason')}: {original.data.reason}
        </p>
      )}
      {original.error && <ErrorState error={original.error} />}
      {(node.isPending || trust.isPending) && <Loading />}
      {submit.error && !(submit.error instanceof ApiError && submit.error.problem.problems) && (
        <ErrorState error={submit.error} />
      )}
      <div ref={summaryRef}>
        {(problems.submitted || documentProblems.length > 0) && (
          <ProblemSummary problems={[...problems.all, ...documentProblems]} />
        )}
      </div>
      <form className="form" onSubmit={onSubmit} noValidate data-testid="application-form">
        <CertificateFields
          mode="issue"
          form={form}
          onChange={setForm}
          problems={problems}
          trustList={trust.data?.trustList}
          ownParticipant={own?.participant}
          validity={own?.validity}
        />
        <fieldset>
          <legend>{t('app.documents')}</legend>
          <p className="muted">{t('app.documentsHint')}</p>
          <label>
            {t('app.invoice')}{' '}
            <input
              type="file"
              accept="application/pdf,.pdf"
              onChange={(e) => setInvoice(e.target.files?.[0])}
              data-testid="invoice-file"
            />
          </label>
          <label>
            {t('app.packingList')}{' '}
            <input
              type="file"
              accept="application/pdf,.pdf"
              onChange={(e) => setPackingList(e.target.files?.[0])}
              data-testid="packing-list-file"
            />
          </label>
        </fieldset>
        <div className="actions">
          <button
            type="submit"
            className="button-primary"
            disabled={submit.isPending}
            data-testid="application-submit"
          >
            {t('app.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
