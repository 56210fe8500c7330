import { useMemo } from 'react';
import type { TrustListData } from '../api/types.js';
import { normaliseAmountInput, collatorOf } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import type { FormProblems } from '../lib/form-problems.js';
import { Field, GroupProblems, fieldId } from './field.js';

export type PartyForm = { name: string; address: string; licence: string };
export type ItemForm = { hs: string; carats: string; valueUsd: string };

/** What the issue and paper forms edit: strings as typed, turned into a body on each change. */
export type CertificateForm = {
  // paper only
  number: string;
  issuingAuthority: string;
  exportingParticipant: string;
  issuedOn: string;
  totalCarats: string;
  totalValueUsd: string;
  // both
  importingParticipant: string;
  importingAuthority: string;
  exporter: PartyForm;
  importer: PartyForm;
  origin: string;
  items: ItemForm[];
  parcels: string;
  expiresOn: string;
  transit: string;
  seals: string;
  replaces: string;
};

export const hsOptions = ['7102.10', '7102.21', '7102.31'] as const;
export const maxLines = 3;

export function emptyForm(): CertificateForm {
  return {
    number: '',
    issuingAuthority: '',
    exportingParticipant: '',
    issuedOn: '',
    totalCarats: '',
    totalValueUsd: '',
    importingParticipant: '',
    importingAuthority: '',
    exporter: { name: '', address: '', licence: '' },
    importer: { name: '', address: '', licence: '' },
    origin: '',
    items: [{ hs: '7102.31', carats: '', valueUsd: '' }],
    parcels: '',
    expiresOn: '',
    transit: '',
    seals: '',
    replaces: '',
  };
}

const party = (p: PartyForm) => ({
  name: p.name.trim(),
  address: p.address.trim(),
  ...(p.licence.trim() === '' ? {} : { licence: p.licence.trim() }),
});

/** A list typed as "AE, BY" → ['AE', 'BY']. */
export function codeList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c !== '');
}

/** Seals, one per line (commas allowed too, since seal numbers have none). */
export function sealList(text: string): string[] {
  return text
    .split(/[\n,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Parcels: a whole number when typed as one; anything else is sent as typed so the schema explains it. */
function parcelsOf(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function withOptional(body: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value === 'string' && value === '') return;
  if (Array.isArray(value) && value.length === 0) return;
  body[key] = value;
}

/** The issue body (`CertificateDraft`) of the form, optional fields left out when empty. */
export function draftOf(form: CertificateForm): Record<string, unknown> {
  const body: Record<string, unknown> = {
    importingParticipant: form.importingParticipant,
  };
  withOptional(body, 'importingAuthority', form.importingAuthority);
  body['exporter'] = party(form.exporter);
  body['importer'] = party(form.importer);
  body['origin'] = form.origin.trim().toUpperCase();
  body['items'] = form.items.map((i) => ({
    hs: i.hs,
    carats: i.carats.trim(),
    valueUsd: i.valueUsd.trim(),
  }));
  withOptional(body, 'parcels', parcelsOf(form.parcels));
  withOptional(body, 'expiresOn', form.expiresOn);
  withOptional(body, 'transit', codeList(form.transit));
  withOptional(body, 'seals', sealList(form.seals));
  withOptional(body, 'replaces', form.replaces.trim());
  return body;
}

/** The paper-certificate body (`PaperCertificateInput`). */
export function paperOf(form: CertificateForm): Record<string, unknown> {
  const body: Record<string, unknown> = {
    number: form.number.trim(),
    issuingAuthority: form.issuingAuthority.trim(),
    exportingParticipant: form.exportingParticipant,
    importingParticipant: form.importingParticipant,
  };
  withOptional(body, 'importingAuthority', form.importingAuthority);
  body['exporter'] = party(form.exporter);
  body['importer'] = party(form.importer);
  body['origin'] = form.origin.trim().toUpperCase();
  body['items'] = form.items.map((i) => ({
    hs: i.hs,
    carats: i.carats.trim(),
    valueUsd: i.valueUsd.trim(),
  }));
  body['totals'] = { carats: form.totalCarats.trim(), valueUsd: form.totalValueUsd.trim() };
  withOptional(body, 'parcels', parcelsOf(form.parcels));
  body['issuedOn'] = form.issuedOn;
  body['expiresOn'] = form.expiresOn;
  withOptional(body, 'transit', codeList(form.transit));
  withOptional(body, 'seals', sealList(form.seals));
  withOptional(body, 'replaces', form.replaces.trim());
  return body;
}

type Props = {
  mode: 'issue' | 'paper';
  form: CertificateForm;
  onChange: (next: CertificateForm) => void;
  problems: FormProblems;
  trustList: TrustListData | undefined;
  /** The node's own Participant (the exporter when issuing, the importer when recording paper). */
  ownParticipant: string | undefined;
  validity?: { defaultDays: number; maxDays: number } | undefined;
};

/** Every KP field (KPCS Annex I part A), grouped as on the paper form. */
export function CertificateFields({
  mode,
  form,
  onChange,
  problems,
  trustList,
  ownParticipant,
  validity,
}: Props) {
  const { t, locale, name } = useI18n();
  const set = (patch: Partial<CertificateForm>) => {
    problems.edited();
    onChange({ ...form, ...patch });
  };
  const participants = useMemo(() => {
    const list = (trustList?.participants ?? []).filter((p) => p.status === 'active');
    const collator = collatorOf(locale);
    return [...list].sort((a, b) => collator.compare(name(a.names, a.code), name(b.names, b.code)));
  }, [trustList, locale, name]);
  const importingAuthorities = useMemo(
    () =>
      (trustList?.authorities ?? []).filter(
        (a) => a.participant === form.importingParticipant && a.mayImport,
      ),
    [trustList, form.importingParticipant],
  );
  const defaultImporter = importingAuthorities.find((a) => a.defaultImporting);
  const blur = (path: string) => () => problems.touch(path);
  const amountBlur = (path: string, apply: (normalised: string) => void, current: string) => () => {
    const normalised = normaliseAmountInput(current);
    if (normalised !== current) apply(normalised);
    problems.touch(path);
  };

  const participantOptions = (exclude?: string) =>
    participants
      .filter((p) => p.code !== exclude)
      .map((p) => (
        <option key={p.code} value={p.code}>
          {name(p.names, p.code)} ({p.code})
        </option>
      ));

  const partyFields = (side: 'exporter' | 'importer') => {
    const value = form[side];
    const setParty = (patch: Partial<PartyForm>) => set({ [side]: { ...value, ...patch } });
    return (
      <fieldset className="group">
        <legend>{t(`field.${side}`)}</legend>
        <Field
          path={`/${side}/name`}
          label={t('field.partyName')}
          problems={problems.at(`/${side}/name`)}
          required
        >
          {(a) => (
            <input
              {...a}
              name={`${side}.name`}
              value={value.name}
              maxLength={200}
              onChange={(e) => setParty({ name: e.target.value })}
              onBlur={blur(`/${side}/name`)}
            />
          )}
        </Field>
        <Field
          path={`/${side}/address`}
          label={t('field.partyAddress')}
          problems={problems.at(`/${side}/address`)}
          required
        >
          {(a) => (
            <textarea
              {...a}
              name={`${side}.address`}
              rows={2}
              value={value.address}
              maxLength={500}
              onChange={(e) => setParty({ address: e.target.value })}
              onBlur={blur(`/${side}/address`)}
            />
          )}
        </Field>
        <Field
          path={`/${side}/licence`}
          label={t('field.partyLicence')}
          hint={t('field.partyLicenceHint')}
          problems={problems.at(`/${side}/licence`)}
        >
          {(a) => (
            <input
              {...a}
              name={`${side}.licence`}
              value={value.licence}
              maxLength={64}
              onChange={(e) => setParty({ licence: e.target.value })}
              onBlur={blur(`/${side}/licence`)}
            />
          )}
        </Field>
      </fieldset>
    );
  };

  const setItem = (index: number, patch: Partial<ItemForm>) =>
    set({ items: form.items.map((item, i) => (i === index ? { ...item, ...patch } : item)) });
  const unusedHs = hsOptions.find((h) => !form.items.some((i) => i.hs === h)) ?? '7102.10';

  return (
    <>
      {mode === 'paper' && (
        <fieldset className="group">
          <legend>{t('paper.printed')}</legend>
          <div className="row">
            <Field
              path="/number"
              label={t('field.number')}
              problems={problems.at('/number')}
              required
            >
              {(a) => (
                <input
                  {...a}
                  name="number"
                  value={form.number}
                  maxLength={64}
                  onChange={(e) => set({ number: e.target.value })}
                  onBlur={blur('/number')}
                />
              )}
            </Field>
            <Field
              path="/exportingParticipant"
              label={t('field.exportingParticipant')}
              problems={problems.at('/exportingParticipant')}
              required
            >
              {(a) => (
                <select
                  {...a}
                  name="exportingParticipant"
                  value={form.exportingParticipant}
                  onChange={(e) => set({ exportingParticipant: e.target.value })}
                  onBlur={blur('/exportingParticipant')}
                >
                  <option value="">{t('common.choose')}</option>
                  {participantOptions(ownParticipant)}
                </select>
              )}
            </Field>
          </div>
          <Field
            path="/issuingAuthority"
            label={t('field.issuingAuthorityPrinted')}
            problems={problems.at('/issuingAuthority')}
            required
          >
            {(a) => (
              <input
                {...a}
                name="issuingAuthority"
                value={form.issuingAuthority}
                maxLength={200}
                onChange={(e) => set({ issuingAuthority: e.target.value })}
                onBlur={blur('/issuingAuthority')}
              />
            )}
          </Field>
          <div className="row">
            <Field
              path="/issuedOn"
              label={t('field.issuedOn')}
              problems={problems.at('/issuedOn')}
              required
            >
              {(a) => (
                <input
                  {...a}
                  type="date"
                  name="issuedOn"
                  value={form.issuedOn}
                  onChange={(e) => set({ issuedOn: e.target.value })}
                  onBlur={blur('/issuedOn')}
                />
              )}
            </Field>
            <Field
              path="/expiresOn"
              label={t('field.expiresOn')}
              problems={problems.at('/expiresOn')}
              required
            >
              {(a) => (
                <input
                  {...a}
                  type="date"
                  name="expiresOn"
                  value={form.expiresOn}
                  onChange={(e) => set({ expiresOn: e.target.value })}
                  onBlur={blur('/expiresOn')}
                />
              )}
            </Field>
          </div>
        </fieldset>
      )}

      <fieldset className="group">
        <legend>{t('issue.route')}</legend>
        <div className="row">
          <Field
            path="/importingParticipant"
            label={t('field.importingParticipant')}
            problems={problems.at('/importingParticipant')}
            required
          >
            {(a) => (
              <select
                {...a}
                name="importingParticipant"
                value={form.importingParticipant}
                disabled={mode === 'paper'}
                onChange={(e) =>
                  set({ importingParticipant: e.target.value, importingAuthority: '' })
                }
                onBlur={blur('/importingParticipant')}
              >
                <option value="">{t('common.choose')}</option>
                {participantOptions(mode === 'issue' ? ownParticipant : undefined)}
              </select>
            )}
          </Field>
          <Field
            path="/importingAuthority"
            label={t('field.importingAuthority')}
            problems={problems.at('/importingAuthority')}
          >
            {(a) => (
              <select
                {...a}
                name="importingAuthority"
                value={form.importingAuthority}
                onChange={(e) => set({ importingAuthority: e.target.value })}
                onBlur={blur('/importingAuthority')}
              >
                <option value="">
                  {defaultImporter
                    ? t('issue.defaultAuthority', { authority: defaultImporter.id })
                    : t('issue.noDefaultAuthority')}
                </option>
                {importingAuthorities.map((a2) => (
                  <option key={a2.id} value={a2.id}>
                    {a2.id} — {name(a2.names, a2.id)}
                    {a2.endpoint === undefined ? ` (${t('issue.paperOnly')})` : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="row">
          <Field
            path="/origin"
            label={t('field.origin')}
            hint={t('field.originHint')}
            problems={problems.at('/origin')}
            required
          >
            {(a) => (
              <>
                <input
                  {...a}
                  name="origin"
                  list="origin-options"
                  autoCapitalize="characters"
                  value={form.origin}
                  maxLength={5}
                  onChange={(e) => set({ origin: e.target.value.toUpperCase() })}
                  onBlur={blur('/origin')}
                />
                <datalist id="origin-options">
                  <option value="MIXED">{t('field.originMixed')}</option>
                  {participants.map((p) => (
                    <option key={p.code} value={p.code}>
                      {name(p.names, p.code)}
                    </option>
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field
            path="/transit"
            label={t('field.transit')}
            hint={t('field.transitHint')}
            problems={problems.under('/transit')}
          >
            {(a) => (
              <input
                {...a}
                name="transit"
                value={form.transit}
                onChange={(e) => set({ transit: e.target.value.toUpperCase() })}
                onBlur={blur('/transit')}
              />
            )}
          </Field>
        </div>
      </fieldset>

      {partyFields('exporter')}
      {partyFields('importer')}

      <fieldset className="group" id={fieldId('/items')}>
        <legend>{t('field.items')}</legend>
        <GroupProblems path="/items" problems={problems.at('/items')} />
        {form.items.map((item, index) => (
          <div className="line-item" key={index} data-testid={`item-${index}`}>
            <Field
              path={`/items/${index}/hs`}
              label={t('field.hs')}
              problems={problems.at(`/items/${index}/hs`)}
              required
            >
              {(a) => (
                <select
                  {...a}
                  name={`items.${index}.hs`}
                  value={item.hs}
                  onChange={(e) => setItem(index, { hs: e.target.value })}
                  onBlur={blur(`/items/${index}/hs`)}
                >
                  {hsOptions.map((h) => (
                    <option key={h} value={h}>
                      {h} — {t(`hs.${h}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              path={`/items/${index}/carats`}
              label={t('field.carats')}
              problems={problems.at(`/items/${index}/carats`)}
              required
            >
              {(a) => (
                <input
                  {...a}
                  name={`items.${index}.carats`}
                  inputMode="decimal"
                  placeholder="1520.35"
                  value={item.carats}
                  onChange={(e) => setItem(index, { carats: e.target.value })}
                  onBlur={amountBlur(
                    `/items/${index}/carats`,
                    (v) => setItem(index, { carats: v }),
                    item.carats,
                  )}
                />
              )}
            </Field>
            <Field
              path={`/items/${index}/valueUsd`}
              label={t('field.valueUsd')}
              problems={problems.at(`/items/${index}/valueUsd`)}
              required
            >
              {(a) => (
                <input
                  {...a}
                  name={`items.${index}.valueUsd`}
                  inputMode="decimal"
                  placeholder="2450000.00"
                  value={item.valueUsd}
                  onChange={(e) => setItem(index, { valueUsd: e.target.value })}
                  onBlur={amountBlur(
                    `/items/${index}/valueUsd`,
                    (v) => setItem(index, { valueUsd: v }),
                    item.valueUsd,
                  )}
                />
              )}
            </Field>
            <button
              type="button"
              className="button-plain remove-line"
              disabled={form.items.length <= 1}
              onClick={() => set({ items: form.items.filter((_, i) => i !== index) })}
            >
              {t('issue.removeLine', { n: index + 1 })}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button"
          disabled={form.items.length >= maxLines}
          onClick={() =>
            set({ items: [...form.items, { hs: unusedHs, carats: '', valueUsd: '' }] })
          }
          data-testid="add-line"
        >
          {t('issue.addLine')}
        </button>
        {mode === 'paper' && (
          <div className="row">
            <Field
              path="/totals/carats"
              label={t('field.totalCarats')}
              problems={problems.at('/totals/carats')}
              required
            >
              {(a) => (
                <input
                  {...a}
                  name="totals.carats"
                  inputMode="decimal"
                  value={form.totalCarats}
                  onChange={(e) => set({ totalCarats: e.target.value })}
                  onBlur={amountBlur(
                    '/totals/carats',
                    (v) => set({ totalCarats: v }),
                    form.totalCarats,
                  )}
                />
              )}
            </Field>
            <Field
              path="/totals/valueUsd"
              label={t('field.totalValueUsd')}
              problems={problems.at('/totals/valueUsd')}
              required
            >
              {(a) => (
                <input
                  {...a}
                  name="totals.valueUsd"
                  inputMode="decimal"
                  value={form.totalValueUsd}
                  onChange={(e) => set({ totalValueUsd: e.target.value })}
                  onBlur={amountBlur(
                    '/totals/valueUsd',
                    (v) => set({ totalValueUsd: v }),
                    form.totalValueUsd,
                  )}
                />
              )}
            </Field>
          </div>
        )}
      </fieldset>

      <fieldset className="group">
        <legend>{t('issue.shipment')}</legend>
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
                name="parcels"
                inputMode="numeric"
                value={form.parcels}
                onChange={(e) => set({ parcels: e.target.value })}
                onBlur={blur('/parcels')}
              />
            )}
          </Field>
          {mode === 'issue' && (
            <Field
              path="/expiresOn"
              label={t('field.expiresOn')}
              hint={
                validity === undefined
                  ? t('field.expiresOnHintPlain')
                  : t('field.expiresOnHint', { days: validity.defaultDays, max: validity.maxDays })
              }
              problems={problems.at('/expiresOn')}
            >
              {(a) => (
                <input
                  {...a}
                  type="date"
                  name="expiresOn"
                  value={form.expiresOn}
                  onChange={(e) => set({ expiresOn: e.target.value })}
                  onBlur={blur('/expiresOn')}
                />
              )}
            </Field>
          )}
        </div>
        <Field
          path="/seals"
          label={t('field.seals')}
          hint={t('field.sealsHint')}
          problems={problems.under('/seals')}
        >
          {(a) => (
            <textarea
              {...a}
              name="seals"
              rows={2}
              value={form.seals}
              onChange={(e) => set({ seals: e.target.value })}
              onBlur={blur('/seals')}
            />
          )}
        </Field>
        <Field
          path="/replaces"
          label={t('field.replaces')}
          hint={t('field.replacesHint')}
          problems={problems.at('/replaces')}
        >
          {(a) => (
            <input
              {...a}
              name="replaces"
              value={form.replaces}
              onChange={(e) => set({ replaces: e.target.value })}
              onBlur={blur('/replaces')}
            />
          )}
        </Field>
      </fieldset>
    </>
  );
}
