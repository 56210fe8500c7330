import {
  amountToCents,
  participantByCode,
  valuePerCarat,
  type Amount,
  type TradeFlow,
} from '@kpx/domain';
import ExcelJS from 'exceljs';
import type { StatisticsReport } from './get-statistics.js';

/** Sheet name per flow. */
export const xlsxSheetNames: Readonly<Record<TradeFlow, string>> = Object.freeze({
  export: 'Exports',
  import: 'Imports',
});

/** The column headers of the table on each sheet, in order. */
export const xlsxColumns = [
  'Partner',
  'Partner name',
  'HS code',
  'Origin',
  'Provenance',
  'Certificates',
  'Carats',
  'Value (US$)',
  'US$/ct',
  'Carats (exact)',
  'Value US$ (exact)',
] as const;

/** The row (1-based) of the column headers; the figures start on the next. */
export const xlsxHeaderRow = 7;

const amountFormat = '#,##0.00';

/**
 * An exact amount as a spreadsheet number, at the edge only. A spreadsheet cell holds a binary
 * double: a decimal with at most 15 significant digits (every amount below 10^13, i.e. 10
 * trillion carats or US$) converts to the nearest double and shows exactly again with two
 * decimals, and sums of such cells stay within a cent far beyond any real figure. Larger values
 * could be off by a cent, so each figure is also written as exact text in the "(exact)"
 * columns, which is what should be read by machines.
 */
function spreadsheetNumber(amount: Amount): number {
  return Number(amount);
}

const flowLabel: Readonly<Record<TradeFlow, string>> = {
  export: 'Exports, by date of issue (UTC)',
  import: 'Imports, by date of receipt (UTC)',
};

/**
 * The statistics as an Office Open XML workbook (exceljs), laid out like the KP's statistical
 * tables (KPCS Annex III): a sheet per flow; header rows naming the table, the Participant, the
 * authority, the period and the basis of dating; then one row per partner × HS × origin ×
 * provenance with certificates, carats, US$ and US$ per carat as numeric cells (two decimals),
 * the exact decimal strings beside them, and a totals row counting each certificate once.
 */
export async function statisticsXlsx(report: StatisticsReport): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = `kpx ${report.authority}`;
  const participant = participantByCode(report.participant);
  for (const flow of report.flows) {
    const sheet = workbook.addWorksheet(xlsxSheetNames[flow], {
      views: [{ state: 'frozen', ySplit: xlsxHeaderRow }],
    });
    sheet.getCell('A1').value =
      `Kimberley Process rough diamond statistics — ${flow === 'export' ? 'exports' : 'imports'}`;
    sheet.getCell('A1').font = { bold: true, size: 13 };
    const meta: Array<[string, string]> = [
      [
        'Participant',
        participant === undefined
          ? report.participant
          : `${participant.names.en} (${report.participant})`,
      ],
      ['Authority', report.authority],
      ['Period', `${report.period} (${report.start} – ${report.end})`],
      ['Basis', `${flowLabel[flow]}; KPCS section V, Annex III`],
    ];
    meta.forEach(([label, value], i) => {
      sheet.getCell(i + 2, 1).value = label;
      sheet.getCell(i + 2, 1).font = { bold: true };
      sheet.getCell(i + 2, 2).value = value;
    });
    const header = sheet.getRow(xlsxHeaderRow);
    header.values = [...xlsxColumns];
    header.font = { bold: true };

    const figures = (
      cells: (string | number)[],
      carats: Amount,
      valueUsd: Amount,
      certificates: number,
    ) => {
      const perCarat =
        amountToCents(carats) === 0n ? '' : spreadsheetNumber(valuePerCarat({ carats, valueUsd }));
      return [
        ...cells,
        certificates,
        spreadsheetNumber(carats),
        spreadsheetNumber(valueUsd),
        perCarat,
        carats,
        valueUsd,
      ];
    };
    let at = xlsxHeaderRow + 1;
    for (const row of report.rows) {
      if (row.flow !== flow) continue;
      const name = participantByCode(row.partner)?.names.en ?? row.partner;
      sheet.getRow(at).values = figures(
        [row.partner, name, row.hs, row.origin, row.provenance],
        row.carats,
        row.valueUsd,
        row.certificates,
      );
      at += 1;
    }
    const totals = report.totals[flow];
    if (totals !== undefined) {
      const total = sheet.getRow(at);
      total.values = figures(
        ['Total', '', '', '', ''],
        totals.carats,
        totals.valueUsd,
        totals.certificates,
      );
      total.font = { bold: true };
    }
    for (const column of [7, 8, 9]) sheet.getColumn(column).numFmt = amountFormat;
    sheet.getColumn(6).numFmt = '0';
    const widths = [10, 28, 10, 9, 11, 13, 18, 20, 12, 20, 22];
    widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
