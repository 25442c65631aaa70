/** One line of a label: its text and type size in points. */
export interface LabelLine {
  text: string;
  size: number;
}

/** A 4 × 6 inch label, the usual thermal-printer size, in PDF points. */
const WIDTH = 288;
const HEIGHT = 432;
const MARGIN = 24;

/** PDF string literal: Helvetica's WinAnsi covers printable ASCII safely; anything else prints as `?`. */
function literal(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return `(${ascii.replace(/[\\()]/g, (char) => `\\${char}`)})`;
}

/**
 * A one-page PDF of text lines, top to bottom, in Helvetica. Deterministic (no dates, no ids), so the same lines
 * always give the same bytes, as a repeated Get Shipping Label must. Hand-written because a label of a few lines
 * needs five objects; a barcode or an image would call for a PDF library instead.
 */
export function labelPdf(lines: readonly LabelLine[]): Buffer {
  let y = HEIGHT - MARGIN;
  const content = lines
    .map((line) => {
      y -= line.size * 1.4;
      return `BT /F1 ${line.size} Tf ${MARGIN} ${y.toFixed(1)} Td ${literal(line.text)} Tj ET`;
    })
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${WIDTH} ${HEIGHT}] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  // Everything is ASCII, so string lengths are byte offsets.
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((object, index) => {
    const offset = pdf.length;
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
