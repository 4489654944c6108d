import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';

/**
 * The small layout toolkit Medora's billing PDFs share: US Letter pages, the two standard Helvetica
 * faces (no font files to ship), text that never overflows its box, right-aligned money, tables
 * that continue on a new page with their header repeated, and a footer with page numbers.
 *
 * Standard PDF fonts encode WinAnsi only; `pdfText` maps anything else to its closest Latin form
 * (accents are kept where WinAnsi has them: Hernández stays Hernández), so a patient's name never
 * makes a document fail.
 */

export const PAGE_WIDTH = 612;
export const PAGE_HEIGHT = 792;
export const MARGIN = 42;
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;

export const INK = rgb(0.11, 0.13, 0.16);
export const MUTED = rgb(0.36, 0.39, 0.44);
export const RULE = rgb(0.82, 0.84, 0.87);
export const BAND = rgb(0.95, 0.96, 0.97);
export const ACCENT = rgb(0.09, 0.33, 0.55);
export const ACCENT_LIGHT = rgb(0.9, 0.94, 0.98);
export const WHITE = rgb(1, 1, 1);

// Characters WinAnsi encodes beyond Latin-1 (0x80–0x9F block).
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text the standard fonts can draw: WinAnsi characters kept, others reduced to ASCII or dropped. */
export function pdfText(value: string | null | undefined): string {
  if (!value) return '';
  // Fast path: most text is plain printable ASCII.
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  let out = '';
  for (const char of value.replace(/[\r\n\t]+/g, ' ')) {
    const code = char.codePointAt(0) ?? 0;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char)) {
      out += char;
      continue;
    }
    const base = char.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    out += /^[\x20-\x7e]+$/.test(base) ? base : '?';
  }
  return out;
}

export type Align = 'left' | 'right' | 'center';

export interface TextStyle {
  readonly size?: number;
  readonly bold?: boolean;
  readonly color?: RGB;
  readonly align?: Align;
  /** Width of the box the text must fit; longer text is cut with an ellipsis. */
  readonly width?: number;
}

/** One document being drawn: fonts, the current page and a cursor running down it. */
export class PdfCanvas {
  page: PDFPage;
  y: number = PAGE_HEIGHT - MARGIN;
  readonly pages: PDFPage[] = [];

  private constructor(
    readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.page = this.addPage();
  }

  static async create(title: string, subject: string, producedAt: Date): Promise<PdfCanvas> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.setTitle(pdfText(title));
    doc.setSubject(pdfText(subject));
    doc.setProducer('Medora');
    doc.setCreator('Medora');
    doc.setCreationDate(producedAt);
    doc.setModificationDate(producedAt);
    const [regular, bold] = await Promise.all([doc.embedFont(StandardFonts.Helvetica), doc.embedFont(StandardFonts.HelveticaBold)]);
    return new PdfCanvas(doc, regular, bold);
  }

  addPage(): PDFPage {
    const page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.pages.push(page);
    this.page = page;
    this.y = PAGE_HEIGHT - MARGIN;
    return page;
  }

  font(bold = false): PDFFont {
    return bold ? this.bold : this.regular;
  }

  /** Width of text already made drawable with `pdfText`. */
  widthOf(text: string, size: number, bold = false): number {
    return this.font(bold).widthOfTextAtSize(text, size);
  }

  /** Cuts text to fit `width`, ending with an ellipsis when it had to cut. */
  fit(text: string, size: number, width: number, bold = false): string {
    const clean = pdfText(text);
    if (this.widthOf(clean, size, bold) <= width) return clean;
    let low = 0;
    let high = clean.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (this.widthOf(`${clean.slice(0, middle)}…`, size, bold) <= width) low = middle;
      else high = middle - 1;
    }
    return `${clean.slice(0, low).trimEnd()}…`;
  }

  /** Draws text with its left, right or centre at `x` (right/centre need `width` when in a box). */
  text(value: string, x: number, y: number, style: TextStyle = {}, page: PDFPage = this.page): void {
    const size = style.size ?? 9;
    const bold = style.bold ?? false;
    const text = style.width !== undefined ? this.fit(value, size, style.width, bold) : pdfText(value);
    if (!text) return;
    const width = this.widthOf(text, size, bold);
    const align = style.align ?? 'left';
    const left = align === 'right' ? x - width : align === 'center' ? x - width / 2 : x;
    page.drawText(text, { x: left, y, size, font: this.font(bold), color: style.color ?? INK });
  }

  /** Word-wraps text into `width`; returns the lines drawn. */
  paragraph(value: string, x: number, y: number, width: number, style: TextStyle & { lineHeight?: number } = {}): number {
    const size = style.size ?? 9;
    const words = pdfText(value).split(' ');
    const lines: string[] = [];
    let current = '';
    for (const word of words) {
      const candidate = current ? `${current} ${word}` : word;
      if (this.widthOf(candidate, size, style.bold) > width && current) {
        lines.push(current);
        current = word;
      } else current = candidate;
    }
    if (current) lines.push(current);
    lines.forEach((line, index) => this.text(line, x, y - index * (style.lineHeight ?? size + 3), { ...style, width }));
    return lines.length;
  }

  rect(x: number, y: number, width: number, height: number, options: { fill?: RGB; border?: RGB; borderWidth?: number } = {}, page: PDFPage = this.page): void {
    page.drawRectangle({
      x, y, width, height,
      ...(options.fill ? { color: options.fill } : {}),
      ...(options.border ? { borderColor: options.border, borderWidth: options.borderWidth ?? 0.75 } : {}),
    });
  }

  line(x1: number, y1: number, x2: number, y2: number, color: RGB = RULE, thickness = 0.75, page: PDFPage = this.page): void {
    page.drawLine({ start: { x: x1, y: y1 }, end: { x: x2, y: y2 }, color, thickness });
  }

  /** Starts a new page when fewer than `height` points are left above the footer. */
  ensureSpace(height: number, onNewPage?: () => void): void {
    if (this.y - height < MARGIN + 36) {
      this.addPage();
      onNewPage?.();
    }
  }

  /**
   * Footer on pages `from`..`to` (one document inside a batch file is its own page range): a left
   * note and "Page n of m" counted within the range. Call once per range, after drawing it.
   */
  footer(note: string, from = 0, to = this.pages.length): void {
    const range = this.pages.slice(from, to);
    range.forEach((page, index) => {
      this.line(MARGIN, MARGIN + 14, PAGE_WIDTH - MARGIN, MARGIN + 14, RULE, 0.5, page);
      this.text(note, MARGIN, MARGIN + 2, { size: 7, color: MUTED, width: CONTENT_WIDTH - 80 }, page);
      this.text(`Page ${index + 1} of ${range.length}`, PAGE_WIDTH - MARGIN, MARGIN + 2, { size: 7, color: MUTED, align: 'right' }, page);
    });
  }

  async save(): Promise<Uint8Array> {
    return this.doc.save({ useObjectStreams: false });
  }
}

export interface Column<Row> {
  readonly header: string;
  readonly width: number;
  readonly align?: Align;
  readonly value: (row: Row) => string;
  readonly bold?: (row: Row) => boolean;
}

/**
 * A table from the cursor down: a shaded header row, zebra rows, and a page break that repeats
 * the header. Returns when the last row is drawn; the cursor is below it.
 */
export function drawTable<Row>(canvas: PdfCanvas, columns: readonly Column<Row>[], rows: readonly Row[], options: { rowHeight?: number; size?: number; x?: number } = {}): void {
  const rowHeight = options.rowHeight ?? 15;
  const size = options.size ?? 8;
  const left = options.x ?? MARGIN;
  const width = columns.reduce((total, column) => total + column.width, 0);
  const header = () => {
    canvas.rect(left, canvas.y - rowHeight, width, rowHeight, { fill: ACCENT });
    let x = left;
    for (const column of columns) {
      const anchor = column.align === 'right' ? x + column.width - 4 : column.align === 'center' ? x + column.width / 2 : x + 4;
      canvas.text(column.header, anchor, canvas.y - rowHeight + 4.5, { size: size - 0.5, bold: true, color: WHITE, align: column.align ?? 'left', width: column.width - 8 });
      x += column.width;
    }
    canvas.y -= rowHeight;
  };
  canvas.ensureSpace(rowHeight * 2);
  header();
  rows.forEach((row, index) => {
    canvas.ensureSpace(rowHeight, header);
    if (index % 2 === 1) canvas.rect(left, canvas.y - rowHeight, width, rowHeight, { fill: BAND });
    let x = left;
    for (const column of columns) {
      const anchor = column.align === 'right' ? x + column.width - 4 : column.align === 'center' ? x + column.width / 2 : x + 4;
      canvas.text(column.value(row), anchor, canvas.y - rowHeight + 4.5, { size, align: column.align ?? 'left', width: column.width - 8, bold: column.bold?.(row) ?? false });
      x += column.width;
    }
    canvas.y -= rowHeight;
  });
  canvas.line(left, canvas.y, left + width, canvas.y, RULE, 0.75);
}
