import PDFDocument from 'pdfkit';
import type { Readable } from 'node:stream';
import { dollars, mileageLogColumns, type LogLine } from './mileage-log';

/** Column widths in points on a US Letter page in landscape (792 wide, 36 margins). */
const widths = [62, 190, 110, 110, 50, 70, 70, 58];
const margin = 36;
const rowHeight = 16;

export interface MileageLogHeading {
  employeeName: string;
  from: string;
  to: string;
  generatedAt: Date;
}

/**
 * The mileage log as a PDF (pdfkit, built-in Helvetica: nothing is loaded at run time), written as
 * the pages of trips arrive: a title, one line per trip with date, purpose, start, end, miles, rate
 * and amount, page breaks that repeat the header row, and totals at the end.
 */
export function mileageLogPdf(heading: MileageLogHeading, pages: AsyncIterable<readonly LogLine[]>): Readable {
  const doc = new PDFDocument({ size: 'LETTER', layout: 'landscape', margin, info: { Title: `Mileage log, ${heading.employeeName}, ${heading.from} to ${heading.to}` } });
  const bottom = () => doc.page.height - margin - rowHeight;

  const row = (cells: readonly string[], bold = false) => {
    if (doc.y > bottom()) doc.addPage();
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    let x = margin;
    cells.forEach((cell, index) => {
      const width = widths[index] ?? 60;
      doc.text(cell, x, y, { width: width - 4, height: rowHeight, ellipsis: true, lineBreak: false, align: index >= 4 && index <= 6 ? 'right' : 'left' });
      x += width;
    });
    doc.x = margin;
    doc.y = y + rowHeight;
  };
  const headerRow = () => row(mileageLogColumns.map((column) => column.header), true);

  doc.on('pageAdded', headerRow);
  doc.font('Helvetica-Bold').fontSize(16).text('Mileage log');
  doc.font('Helvetica').fontSize(10).text(`${heading.employeeName}: trips from ${heading.from} to ${heading.to}`);
  doc.fontSize(8).fillColor('#555555').text(`Generated ${heading.generatedAt.toISOString()} by StaffSync. Amounts of trips not yet approved use the rate in force on the trip's day and may change.`);
  doc.fillColor('black').moveDown();
  headerRow();

  void (async () => {
    let miles = 0;
    let cents = 0;
    let trips = 0;
    try {
      for await (const page of pages) {
        for (const line of page) {
          trips += 1;
          miles += line.miles;
          cents += line.amountCents ?? 0;
          row(mileageLogColumns.map((column) => String(column.value(line) ?? '')));
        }
      }
      doc.moveDown(0.5);
      row(['Total', `${trips} trips`, '', '', String(Math.round(miles * 10) / 10), '', dollars(cents), ''], true);
      doc.end();
    } catch (error) {
      doc.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return doc;
}
