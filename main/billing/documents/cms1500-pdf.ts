import { degrees, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { cms1500Forms, DIAGNOSIS_LETTERS, type Cms1500Form, type FormDate } from '../../../shared/billing/documents/cms1500';
import type { ClaimDocument } from '../../../shared/billing/documents/document-model';
import { PdfCanvas, pdfText } from './pdf-kit';

/**
 * The CMS-1500 (02/12) drawn, not overlaid: the official red form cannot be shipped, so each of its
 * 33 items is drawn as a ruled box with its number and caption where the form has it, in the form's
 * drop-out red, and filled in Courier as billing software prints it. What goes in each box is decided
 * by `cms1500Forms` (shared/billing/documents/cms1500.ts); this file only places it.
 */

const FORM_INK = rgb(0.78, 0.12, 0.12);
const SHADE = rgb(0.99, 0.9, 0.9);
const DATA = rgb(0, 0, 0);
const LEFT = 28;
const RIGHT = 584;
const WIDTH = RIGHT - LEFT;
/** Column boundaries of the upper form: patient | middle | insured. */
const COL2 = 232;
const COL3 = 378;

interface Ink {
  readonly page: PDFPage;
  readonly label: PDFFont;
  readonly labelBold: PDFFont;
  readonly data: PDFFont;
}

function caption(ink: Ink, text: string, x: number, y: number, size = 5.4, bold = false): void {
  ink.page.drawText(pdfText(text), { x, y, size, font: bold ? ink.labelBold : ink.label, color: FORM_INK });
}

function box(ink: Ink, x: number, top: number, width: number, height: number, label?: string): void {
  ink.page.drawRectangle({ x, y: top - height, width, height, borderColor: FORM_INK, borderWidth: 0.6 });
  if (label) caption(ink, label, x + 2, top - 6.5);
}

function fill(ink: Ink, value: string, x: number, y: number, size = 8.5, maxWidth?: number): void {
  let text = pdfText(value);
  if (!text) return;
  if (maxWidth !== undefined) while (text.length > 1 && ink.data.widthOfTextAtSize(text, size) > maxWidth) text = text.slice(0, -1);
  ink.page.drawText(text, { x, y, size, font: ink.data, color: DATA });
}

function fillRight(ink: Ink, value: string, right: number, y: number, size = 8.5): void {
  const text = pdfText(value);
  fill(ink, text, right - ink.data.widthOfTextAtSize(text, size), y, size);
}

function checkbox(ink: Ink, x: number, y: number, label: string, checked: boolean, labelFirst = false): void {
  const labelWidth = ink.label.widthOfTextAtSize(label, 5.4);
  const boxX = labelFirst ? x + labelWidth + 2 : x;
  if (labelFirst) caption(ink, label, x, y + 1.2);
  ink.page.drawRectangle({ x: boxX, y, width: 7, height: 7, borderColor: FORM_INK, borderWidth: 0.5 });
  if (!labelFirst) caption(ink, label, x + 9, y + 1.2);
  if (checked) fill(ink, 'X', boxX + 1.2, y + 1, 8);
}

function dateBoxes(ink: Ink, x: number, y: number, date: FormDate | null, shortYear = false): void {
  if (!date) return;
  const step = shortYear ? 13 : 16;
  const size = shortYear ? 8 : 8.5;
  fill(ink, date.mm, x, y, size);
  fill(ink, date.dd, x + step, y, size);
  fill(ink, shortYear ? date.yyyy.slice(2) : date.yyyy, x + 2 * step, y, size);
}

function dateCaption(ink: Ink, x: number, y: number): void {
  caption(ink, 'MM', x + 1, y, 4.6);
  caption(ink, 'DD', x + 17, y, 4.6);
  caption(ink, 'YY', x + 33, y, 4.6);
}

function money(ink: Ink, cents: number, right: number, y: number, centsWidth = 16): void {
  const dollars = Math.floor(Math.abs(cents) / 100);
  fillRight(ink, `${cents < 0 ? '-' : ''}${dollars}`, right - centsWidth - 3, y);
  fill(ink, String(Math.abs(cents) % 100).padStart(2, '0'), right - centsWidth + 2, y);
  ink.page.drawLine({ start: { x: right - centsWidth, y: y - 3 }, end: { x: right - centsWidth, y: y + 9 }, color: FORM_INK, thickness: 0.4 });
}

/** Draws one form (one page). */
function drawForm(ink: Ink, form: Cms1500Form): void {
  const { page } = ink;
  // Header: carrier block, title, PICA.
  caption(ink, '1500', LEFT, 748, 16, true);
  caption(ink, 'HEALTH INSURANCE CLAIM FORM', LEFT, 728, 11, true);
  caption(ink, 'APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12', LEFT, 719, 5.6);
  page.drawText('CARRIER', { x: RIGHT + 10, y: 712, size: 6, font: ink.labelBold, color: FORM_INK, rotate: degrees(90) });
  form.carrier.forEach((line, index) => fill(ink, line, COL3 + 4, 752 - index * 11, 9, RIGHT - COL3 - 8));
  if (form.pageCount > 1) fill(ink, `FORM ${form.page} OF ${form.pageCount}`, COL3 + 4, 716, 8);
  page.drawLine({ start: { x: LEFT, y: 712 }, end: { x: RIGHT, y: 712 }, color: FORM_INK, thickness: 1 });
  checkbox(ink, LEFT, 702, 'PICA', false);
  checkbox(ink, RIGHT - 30, 702, 'PICA', false, true);

  // Item 1 and 1a.
  let top = 698;
  box(ink, LEFT, top, COL3 - LEFT, 24);
  caption(ink, '1.', LEFT + 2, top - 7, 5.4, true);
  const programs = [['MEDICARE', 'medicare'], ['MEDICAID', 'medicaid'], ['TRICARE', 'tricare'], ['CHAMPVA', 'champva'], ['GROUP HEALTH PLAN', 'group_health_plan'], ['FECA BLK LUNG', 'feca_black_lung'], ['OTHER', 'other']] as const;
  let px = LEFT + 10;
  for (const [label, value] of programs) {
    checkbox(ink, px, top - 19, label, form.item1 === value);
    px += 11 + ink.label.widthOfTextAtSize(label, 5.4) + 5;
  }
  box(ink, COL3, top, RIGHT - COL3, 24, "1a. INSURED'S I.D. NUMBER                    (For Program in Item 1)");
  fill(ink, form.item1a, COL3 + 4, top - 19);

  // Items 2, 3, 4.
  top -= 24;
  box(ink, LEFT, top, COL2 - LEFT, 24, "2. PATIENT'S NAME (Last Name, First Name, Middle Initial)");
  fill(ink, form.item2, LEFT + 4, top - 19, 8.5, COL2 - LEFT - 8);
  box(ink, COL2, top, COL3 - COL2, 24, "3. PATIENT'S BIRTH DATE            SEX");
  dateCaption(ink, COL2 + 6, top - 12);
  dateBoxes(ink, COL2 + 6, top - 21, form.item3.birthDate);
  checkbox(ink, COL2 + 86, top - 20, 'M', form.item3.sex === 'M', true);
  checkbox(ink, COL2 + 112, top - 20, 'F', form.item3.sex === 'F', true);
  box(ink, COL3, top, RIGHT - COL3, 24, "4. INSURED'S NAME (Last Name, First Name, Middle Initial)");
  fill(ink, form.item4, COL3 + 4, top - 19, 8.5, RIGHT - COL3 - 8);

  // Items 5, 6, 7 (three rows: street / city-state / zip-phone).
  top -= 24;
  box(ink, LEFT, top, COL2 - LEFT, 24, "5. PATIENT'S ADDRESS (No., Street)");
  fill(ink, form.item5.street, LEFT + 4, top - 19, 8.5, COL2 - LEFT - 8);
  box(ink, COL2, top, COL3 - COL2, 24, '6. PATIENT RELATIONSHIP TO INSURED');
  const relations = [['Self', 'self'], ['Spouse', 'spouse'], ['Child', 'child'], ['Other', 'other']] as const;
  relations.forEach(([label, value], index) => checkbox(ink, COL2 + 6 + index * 35, top - 19, label, form.item6 === value, true));
  box(ink, COL3, top, RIGHT - COL3, 24, "7. INSURED'S ADDRESS (No., Street)");
  fill(ink, form.item7.street, COL3 + 4, top - 19, 8.5, RIGHT - COL3 - 8);
  top -= 24;
  box(ink, LEFT, top, COL2 - LEFT - 36, 24, 'CITY');
  box(ink, COL2 - 36, top, 36, 24, 'STATE');
  fill(ink, form.item5.city, LEFT + 4, top - 19, 8.5, COL2 - LEFT - 44);
  fill(ink, form.item5.state, COL2 - 30, top - 19);
  box(ink, COL2, top, COL3 - COL2, 48, '8. RESERVED FOR NUCC USE');
  box(ink, COL3, top, RIGHT - COL3 - 40, 24, 'CITY');
  box(ink, RIGHT - 40, top, 40, 24, 'STATE');
  fill(ink, form.item7.city, COL3 + 4, top - 19, 8.5, RIGHT - COL3 - 48);
  fill(ink, form.item7.state, RIGHT - 34, top - 19);
  top -= 24;
  box(ink, LEFT, top, 80, 24, 'ZIP CODE');
  box(ink, LEFT + 80, top, COL2 - LEFT - 80, 24, 'TELEPHONE (Include Area Code)');
  fill(ink, form.item5.zip, LEFT + 4, top - 19);
  fill(ink, form.item5.phone, LEFT + 84, top - 19);
  box(ink, COL3, top, 80, 24, 'ZIP CODE');
  box(ink, COL3 + 80, top, RIGHT - COL3 - 80, 24, 'TELEPHONE (Include Area Code)');
  fill(ink, form.item7.zip, COL3 + 4, top - 19);
  fill(ink, form.item7.phone, COL3 + 84, top - 19);

  // Items 9 (a–d), 10 (a–d), 11 (a–d): four rows of 22 plus the titles.
  top -= 24;
  const rows = 5;
  const rowHeight = 22;
  box(ink, LEFT, top, COL2 - LEFT, rowHeight, "9. OTHER INSURED'S NAME (Last Name, First Name, Middle Initial)");
  fill(ink, form.item9, LEFT + 4, top - 17, 8.5, COL2 - LEFT - 8);
  box(ink, LEFT, top - rowHeight, COL2 - LEFT, rowHeight, "a. OTHER INSURED'S POLICY OR GROUP NUMBER");
  fill(ink, form.item9a, LEFT + 4, top - rowHeight - 17);
  box(ink, LEFT, top - 2 * rowHeight, COL2 - LEFT, rowHeight, 'b. RESERVED FOR NUCC USE');
  box(ink, LEFT, top - 3 * rowHeight, COL2 - LEFT, rowHeight, 'c. RESERVED FOR NUCC USE');
  box(ink, LEFT, top - 4 * rowHeight, COL2 - LEFT, rowHeight, 'd. INSURANCE PLAN NAME OR PROGRAM NAME');
  fill(ink, form.item9d, LEFT + 4, top - 4 * rowHeight - 17, 8.5, COL2 - LEFT - 8);

  box(ink, COL2, top, COL3 - COL2, rows * rowHeight);
  caption(ink, "10. IS PATIENT'S CONDITION RELATED TO:", COL2 + 2, top - 6.5);
  const yesNo = (y: number, label: string, yes: boolean) => {
    caption(ink, label, COL2 + 6, y + 9);
    checkbox(ink, COL2 + 40, y, 'YES', yes);
    checkbox(ink, COL2 + 80, y, 'NO', !yes);
  };
  yesNo(top - rowHeight - 8, 'a. EMPLOYMENT? (Current or Previous)', form.item10a);
  yesNo(top - 2 * rowHeight - 8, 'b. AUTO ACCIDENT?', form.item10b.yes);
  caption(ink, 'PLACE (State)', COL2 + 112, top - 2 * rowHeight + 1);
  ink.page.drawLine({ start: { x: COL2 + 114, y: top - 2 * rowHeight - 10 }, end: { x: COL3 - 6, y: top - 2 * rowHeight - 10 }, color: FORM_INK, thickness: 0.4 });
  fill(ink, form.item10b.state, COL2 + 118, top - 2 * rowHeight - 8);
  yesNo(top - 3 * rowHeight - 8, 'c. OTHER ACCIDENT?', form.item10c);
  ink.page.drawLine({ start: { x: COL2, y: top - 4 * rowHeight }, end: { x: COL3, y: top - 4 * rowHeight }, color: FORM_INK, thickness: 0.6 });
  caption(ink, '10d. CLAIM CODES (Designated by NUCC)', COL2 + 2, top - 4 * rowHeight - 6.5);
  fill(ink, form.item10d, COL2 + 4, top - 4 * rowHeight - 17);

  box(ink, COL3, top, RIGHT - COL3, rowHeight, "11. INSURED'S POLICY GROUP OR FECA NUMBER");
  fill(ink, form.item11, COL3 + 4, top - 17);
  box(ink, COL3, top - rowHeight, RIGHT - COL3, rowHeight, "a. INSURED'S DATE OF BIRTH                         SEX");
  dateBoxes(ink, COL3 + 8, top - rowHeight - 18, form.item11a.birthDate);
  checkbox(ink, COL3 + 120, top - rowHeight - 17, 'M', form.item11a.sex === 'M', true);
  checkbox(ink, COL3 + 150, top - rowHeight - 17, 'F', form.item11a.sex === 'F', true);
  box(ink, COL3, top - 2 * rowHeight, RIGHT - COL3, rowHeight, 'b. OTHER CLAIM ID (Designated by NUCC)');
  fill(ink, form.item11b, COL3 + 4, top - 2 * rowHeight - 17);
  box(ink, COL3, top - 3 * rowHeight, RIGHT - COL3, rowHeight, 'c. INSURANCE PLAN NAME OR PROGRAM NAME');
  fill(ink, form.item11c, COL3 + 4, top - 3 * rowHeight - 17, 8.5, RIGHT - COL3 - 8);
  box(ink, COL3, top - 4 * rowHeight, RIGHT - COL3, rowHeight, 'd. IS THERE ANOTHER HEALTH BENEFIT PLAN?');
  checkbox(ink, COL3 + 8, top - 4 * rowHeight - 18, 'YES', form.item11d);
  checkbox(ink, COL3 + 40, top - 4 * rowHeight - 18, 'NO', !form.item11d);
  caption(ink, 'If yes, complete items 9, 9a, and 9d.', COL3 + 72, top - 4 * rowHeight - 16);

  // Items 12 and 13.
  top -= rows * rowHeight;
  box(ink, LEFT, top, COL3 - LEFT, 30);
  caption(ink, 'READ BACK OF FORM BEFORE COMPLETING & SIGNING THIS FORM.', LEFT + 60, top - 6.5, 5.4, true);
  caption(ink, "12. PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE  I authorize the release of any medical or other information necessary", LEFT + 2, top - 13);
  caption(ink, 'to process this claim. I also request payment of government benefits either to myself or to the party who accepts assignment below.', LEFT + 2, top - 19);
  caption(ink, 'SIGNED', LEFT + 4, top - 27);
  fill(ink, form.item12, LEFT + 30, top - 27, 8);
  caption(ink, 'DATE', LEFT + 250, top - 27);
  box(ink, COL3, top, RIGHT - COL3, 30);
  caption(ink, "13. INSURED'S OR AUTHORIZED PERSON'S SIGNATURE I authorize", COL3 + 2, top - 6.5);
  caption(ink, 'payment of medical benefits to the undersigned physician or supplier for', COL3 + 2, top - 12.5);
  caption(ink, 'services described below.', COL3 + 2, top - 18.5);
  caption(ink, 'SIGNED', COL3 + 4, top - 27);
  fill(ink, form.item13, COL3 + 30, top - 27, 8);

  // Items 14–20.
  top -= 30;
  box(ink, LEFT, top, 176, 24, '14. DATE OF CURRENT ILLNESS, INJURY, or PREGNANCY (LMP)');
  dateCaption(ink, LEFT + 6, top - 12);
  dateBoxes(ink, LEFT + 6, top - 21, form.item14.date);
  caption(ink, 'QUAL.', LEFT + 92, top - 20);
  fill(ink, form.item14.qualifier, LEFT + 112, top - 21);
  box(ink, LEFT + 176, top, COL3 - LEFT - 176, 24, '15. OTHER DATE');
  caption(ink, 'QUAL.', LEFT + 180, top - 20);
  box(ink, COL3, top, RIGHT - COL3, 24, '16. DATES PATIENT UNABLE TO WORK IN CURRENT OCCUPATION');
  caption(ink, 'FROM', COL3 + 4, top - 20);
  caption(ink, 'TO', COL3 + 104, top - 20);
  top -= 24;
  box(ink, LEFT, top, COL2 - LEFT, 24, '17. NAME OF REFERRING PROVIDER OR OTHER SOURCE');
  fill(ink, form.item17.qualifier, LEFT + 4, top - 19);
  fill(ink, form.item17.name, LEFT + 22, top - 19, 8.5, COL2 - LEFT - 26);
  box(ink, COL2, top, COL3 - COL2, 12, '17a.');
  box(ink, COL2, top - 12, COL3 - COL2, 12, '17b. NPI');
  fill(ink, form.item17.npi, COL2 + 32, top - 21);
  box(ink, COL3, top, RIGHT - COL3, 24, '18. HOSPITALIZATION DATES RELATED TO CURRENT SERVICES');
  caption(ink, 'FROM', COL3 + 4, top - 20);
  caption(ink, 'TO', COL3 + 104, top - 20);
  top -= 24;
  box(ink, LEFT, top, COL3 - LEFT, 22, '19. ADDITIONAL CLAIM INFORMATION (Designated by NUCC)');
  fill(ink, form.item19, LEFT + 4, top - 17);
  box(ink, COL3, top, RIGHT - COL3, 22, '20. OUTSIDE LAB?                      $ CHARGES');
  checkbox(ink, COL3 + 8, top - 18, 'YES', form.item20);
  checkbox(ink, COL3 + 40, top - 18, 'NO', !form.item20);

  // Items 21–23.
  top -= 22;
  box(ink, LEFT, top, COL3 - LEFT, 44, '21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY  Relate A-L to service line below (24E)');
  caption(ink, 'ICD Ind.', COL3 - 62, top - 6.5);
  fill(ink, form.item21.indicator, COL3 - 34, top - 8, 8);
  DIAGNOSIS_LETTERS.forEach((letter, index) => {
    const x = LEFT + 6 + (index % 4) * 86;
    const y = top - 18 - Math.floor(index / 4) * 11;
    caption(ink, `${letter}.`, x, y);
    ink.page.drawLine({ start: { x: x + 7, y: y - 1.5 }, end: { x: x + 74, y: y - 1.5 }, color: FORM_INK, thickness: 0.4 });
    fill(ink, form.item21.codes[index] ?? '', x + 10, y, 8.5);
  });
  box(ink, COL3, top, RIGHT - COL3, 22, '22. RESUBMISSION CODE          ORIGINAL REF. NO.');
  fill(ink, form.item22.code, COL3 + 6, top - 17);
  fill(ink, form.item22.originalReference, COL3 + 76, top - 17);
  box(ink, COL3, top - 22, RIGHT - COL3, 22, '23. PRIOR AUTHORIZATION NUMBER');
  fill(ink, form.item23, COL3 + 4, top - 39);

  // Item 24: header and six lines (a shaded supplemental row over each line).
  top -= 44;
  const cols = { a: LEFT, b: LEFT + 86, c: LEFT + 112, d: LEFT + 128, e: LEFT + 250, f: LEFT + 290, g: LEFT + 350, h: LEFT + 378, i: LEFT + 398, j: LEFT + 422 };
  box(ink, LEFT, top, WIDTH, 26);
  caption(ink, '24. A.      DATE(S) OF SERVICE', cols.a + 2, top - 6.5);
  caption(ink, 'From', cols.a + 10, top - 13);
  caption(ink, 'To', cols.a + 58, top - 13);
  ['MM', 'DD', 'YY', 'MM', 'DD', 'YY'].forEach((label, index) => caption(ink, label, cols.a + 4 + index * 13 + (index > 2 ? 3 : 0), top - 22, 4.6));
  const headers: [number, string[]][] = [
    [cols.b, ['B.', 'PLACE', 'OF SVC']], [cols.c, ['C.', '', 'EMG']],
    [cols.d, ['D. PROCEDURES, SERVICES, OR SUPPLIES', '(Explain Unusual Circumstances)', 'CPT/HCPCS          MODIFIER']],
    [cols.e, ['E.', 'DIAGNOSIS', 'POINTER']], [cols.f, ['F.', '', '$ CHARGES']], [cols.g, ['G.', 'DAYS OR', 'UNITS']],
    [cols.h, ['H. EPSDT', 'Family', 'Plan']], [cols.i, ['I.', 'ID.', 'QUAL.']], [cols.j, ['J.', 'RENDERING', 'PROVIDER ID. #']],
  ];
  for (const [x, lines] of headers) {
    lines.forEach((line, index) => caption(ink, line, x + 2, top - 6.5 - index * 7, 4.8));
    if (x !== LEFT) page.drawLine({ start: { x, y: top }, end: { x, y: top - 26 - 6 * 26 }, color: FORM_INK, thickness: 0.5 });
  }
  top -= 26;
  for (let index = 0; index < 6; index += 1) {
    const rowTop = top - index * 26;
    page.drawRectangle({ x: LEFT, y: rowTop - 11, width: WIDTH, height: 11, color: SHADE });
    page.drawRectangle({ x: LEFT, y: rowTop - 26, width: WIDTH, height: 26, borderColor: FORM_INK, borderWidth: 0.5 });
    page.drawLine({ start: { x: cols.i, y: rowTop - 11 }, end: { x: RIGHT, y: rowTop - 11 }, color: FORM_INK, thickness: 0.3, dashArray: [2, 2] });
    caption(ink, String(index + 1), LEFT - 8, rowTop - 22, 7, true);
    caption(ink, 'NPI', cols.i + 4, rowTop - 22, 6, true);
    const line = form.lines[index];
    if (!line) continue;
    const y = rowTop - 22;
    dateBoxes(ink, cols.a + 3, y, line.from, true);
    dateBoxes(ink, cols.a + 45, y, line.to, true);
    fill(ink, line.placeOfService, cols.b + 5, y);
    fill(ink, line.emergency, cols.c + 4, y);
    fill(ink, line.procedureCode, cols.d + 3, y);
    line.modifiers.forEach((modifier, position) => fill(ink, modifier, cols.d + 50 + position * 17, y));
    fill(ink, line.diagnosisPointer, cols.e + 4, y);
    money(ink, line.chargesCents, cols.g - 2, y);
    fillRight(ink, line.units, cols.h - 4, y);
    fill(ink, line.renderingNpi, cols.j + 6, y);
  }
  [cols.d + 46, cols.d + 63, cols.d + 80, cols.d + 97].forEach((x) =>
    page.drawLine({ start: { x, y: top }, end: { x, y: top - 6 * 26 }, color: FORM_INK, thickness: 0.3 }));

  // Items 25–30.
  top -= 6 * 26;
  box(ink, LEFT, top, 130, 24, '25. FEDERAL TAX I.D. NUMBER        SSN  EIN');
  fill(ink, form.item25.taxId, LEFT + 4, top - 19);
  checkbox(ink, LEFT + 98, top - 19, '', form.item25.type === 'SSN');
  checkbox(ink, LEFT + 114, top - 19, '', form.item25.type === 'EIN');
  box(ink, LEFT + 130, top, 92, 24, "26. PATIENT'S ACCOUNT NO.");
  fill(ink, form.item26, LEFT + 134, top - 19);
  box(ink, LEFT + 222, top, COL3 - LEFT - 222, 24, '27. ACCEPT ASSIGNMENT?');
  checkbox(ink, LEFT + 228, top - 19, 'YES', form.item27);
  checkbox(ink, LEFT + 262, top - 19, 'NO', !form.item27);
  box(ink, COL3, top, 74, 24, '28. TOTAL CHARGE');
  caption(ink, '$', COL3 + 3, top - 19, 7);
  money(ink, form.item28Cents, COL3 + 72, top - 19);
  box(ink, COL3 + 74, top, 74, 24, '29. AMOUNT PAID');
  caption(ink, '$', COL3 + 77, top - 19, 7);
  money(ink, form.item29Cents, COL3 + 146, top - 19);
  box(ink, COL3 + 148, top, RIGHT - COL3 - 148, 24, '30. Rsvd for NUCC Use');

  // Items 31–33.
  top -= 24;
  const height = 58;
  box(ink, LEFT, top, 150, height);
  caption(ink, '31. SIGNATURE OF PHYSICIAN OR SUPPLIER', LEFT + 2, top - 6.5);
  caption(ink, 'INCLUDING DEGREES OR CREDENTIALS', LEFT + 8, top - 12.5);
  caption(ink, '(I certify that the statements on the reverse', LEFT + 8, top - 18.5);
  caption(ink, 'apply to this bill and are made a part thereof.)', LEFT + 8, top - 24.5);
  fill(ink, form.item31.signature, LEFT + 4, top - 38, 7.5, 142);
  caption(ink, 'SIGNED', LEFT + 4, top - 52);
  caption(ink, 'DATE', LEFT + 88, top - 52);
  fill(ink, form.item31.date, LEFT + 104, top - 52, 7);
  box(ink, LEFT + 150, top, 200, height, '32. SERVICE FACILITY LOCATION INFORMATION');
  form.item32.forEach((line, index) => fill(ink, line, LEFT + 154, top - 17 - index * 10, 7.5, 192));
  box(ink, LEFT + 150, top - height + 12, 100, 12, 'a.');
  fill(ink, form.item32a, LEFT + 162, top - height + 3, 8);
  box(ink, LEFT + 250, top - height + 12, 100, 12, 'b.');
  box(ink, COL3, top, RIGHT - COL3, height, '33. BILLING PROVIDER INFO & PH #');
  fill(ink, form.item33.phone, COL3 + 116, top - 8, 7.5);
  form.item33.lines.forEach((line, index) => fill(ink, line, COL3 + 4, top - 17 - index * 10, 7.5, RIGHT - COL3 - 8));
  box(ink, COL3, top - height + 12, 100, 12, 'a.');
  fill(ink, form.item33a, COL3 + 12, top - height + 3, 8);
  box(ink, COL3 + 100, top - height + 12, RIGHT - COL3 - 100, 12, 'b.');

  top -= height;
  caption(ink, 'NUCC Instruction Manual available at: www.nucc.org', LEFT, top - 9, 5.6, true);
  caption(ink, 'PLEASE PRINT OR TYPE', LEFT + 230, top - 9, 6.5, true);
  caption(ink, 'APPROVED OMB-0938-1197 FORM 1500 (02-12)', RIGHT - 150, top - 9, 5.6, true);
  caption(ink, 'Drawn by Medora from the NUCC 02/12 layout for review and plain-paper submission.', LEFT, top - 18, 5);

  // Side captions, as on the printed form.
  page.drawText('PATIENT AND INSURED INFORMATION', { x: RIGHT + 10, y: 440, size: 6, font: ink.labelBold, color: FORM_INK, rotate: degrees(90) });
  page.drawText('PHYSICIAN OR SUPPLIER INFORMATION', { x: RIGHT + 10, y: 130, size: 6, font: ink.labelBold, color: FORM_INK, rotate: degrees(90) });
}

/** One PDF with a CMS-1500 page per six service lines of the claim. */
export async function cms1500Pdf(claim: ClaimDocument, producedAt: Date): Promise<Uint8Array> {
  const canvas = await PdfCanvas.create(`CMS-1500 ${claim.controlNumber}`, 'CMS-1500 (02/12) professional claim', producedAt);
  const data = await canvas.doc.embedFont(StandardFonts.Courier);
  const forms = cms1500Forms(claim);
  forms.forEach((form, index) => {
    const page = index === 0 ? canvas.page : canvas.addPage();
    drawForm({ page, label: canvas.regular, labelBold: canvas.bold, data }, form);
  });
  return canvas.save();
}
