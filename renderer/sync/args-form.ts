import { ROLE_LABELS } from '../../shared/auth/permissions';
import type { FieldError } from '../../shared/ipc/result';
import { isMutatorName, mutators } from '../../shared/sync/mutators';
import { instantAt, localDate, localTime } from '../../shared/time/facility-time';

/**
 * A form for the input of a refused change, built from the input itself and the mutation's own schema (the
 * one the device and the server validate with), so no payload type is restated here. Every primitive value
 * becomes a labelled control at its dotted path (`hours.mon.0.close`), which is also the path of the field
 * errors the server and main report. Ids and lists of ids are kept exactly as entered and not shown; the form
 * cannot add or remove entries (a resource, an opening span), only correct them.
 */

/** How a control reads and writes one value, and what an empty control sends. */
export type Leaf =
  | { readonly kind: 'text' | 'time' | 'timeZone'; readonly empty: Empty }
  | { readonly kind: 'number' | 'instant'; readonly empty: Empty }
  | { readonly kind: 'choice'; readonly options: readonly string[]; readonly empty: Empty }
  | { readonly kind: 'boolean' };

/** `null` when the schema allows null, `absent` when the key may be left out, `value` otherwise. */
type Empty = 'null' | 'absent' | 'value';

export type FormNode =
  | { readonly type: 'field'; readonly path: string; readonly label: string; readonly leaf: Leaf }
  | { readonly type: 'choices'; readonly path: string; readonly label: string; readonly options: readonly string[] }
  | { readonly type: 'group'; readonly path: string; readonly label: string; readonly layout: 'section' | 'row'; readonly children: readonly FormNode[] }
  | { readonly type: 'kept'; readonly path: string; readonly label: string };

export type Draft = string | boolean | readonly string[];
export type Drafts = Readonly<Record<string, Draft>>;

export interface ArgsForm {
  readonly nodes: readonly FormNode[];
  readonly initial: Drafts;
}

// ---- reading a zod schema ----------------------------------------------------------------------------

type Def = { readonly type: string } & Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The definition behind a zod 4 schema (`schema._zod.def`), or null for anything else. */
function defOf(schema: unknown): Def | null {
  if (!isRecord(schema) || !isRecord(schema._zod)) return null;
  const def = schema._zod.def;
  return isRecord(def) && typeof def.type === 'string' ? (def as Def) : null;
}

interface Unwrapped {
  readonly def: Def | null;
  readonly nullable: boolean;
  readonly optional: boolean;
}

/** Looks through optional, nullable, default and pipe wrappers to the type a control edits. */
function unwrap(schema: unknown): Unwrapped {
  let def = defOf(schema);
  let nullable = false;
  let optional = false;
  for (let depth = 0; def && depth < 10; depth += 1) {
    if (def.type === 'optional') optional = true;
    else if (def.type === 'nullable') nullable = true;
    else if (def.type !== 'default' && def.type !== 'prefault' && def.type !== 'readonly' && def.type !== 'pipe') break;
    def = defOf(def.type === 'pipe' ? def.in : def.innerType);
  }
  return { def, nullable, optional };
}

function shapeOf(def: Def | null): Record<string, unknown> {
  return def?.type === 'object' && isRecord(def.shape) ? def.shape : {};
}

function elementOf(def: Def | null): unknown {
  return def?.type === 'array' ? def.element : undefined;
}

function enumOptions(def: Def | null): string[] | null {
  if (def?.type !== 'enum' || !isRecord(def.entries)) return null;
  return Object.values(def.entries).filter((value): value is string => typeof value === 'string');
}

// ---- labels ------------------------------------------------------------------------------------------

const LABELS: Readonly<Record<string, string>> = {
  name: 'Name',
  code: 'Code',
  addressLine1: 'Address',
  addressLine2: 'Address line 2',
  postalCode: 'ZIP code',
  timeZone: 'Time zone',
  hours: 'Opening hours',
  isActive: 'Active',
  resources: 'Rooms and equipment',
  open: 'Opens',
  close: 'Closes',
  legalName: 'Legal name',
  taxId: 'Tax id (EIN)',
  idleTimeoutMinutes: 'Lock after inactivity (minutes)',
  offlineLeaseHours: 'Offline sign-in allowed for (hours)',
  travelBufferMinutes: 'Travel buffer between facilities (minutes)',
  treatmentGapDays: 'Treatment gap warning (days)',
  defaultTimeZone: 'Default time zone',
  displayName: 'Full name',
  roles: 'Roles',
  facilityIds: 'Facilities',
  physicianId: 'Linked physician',
  attorneyId: 'Linked attorney',
  referringDoctorId: 'Linked referring doctor',
  facilityId: 'Facility',
  patientId: 'Patient',
  examTypeId: 'Exam type',
  caseId: 'Case',
  startsAt: 'Starts',
  endsAt: 'Ends',
  sun: 'Sunday',
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
};

/** Values inside a list's entries, by `list.key`, where the plain label would repeat an outer one. */
const ITEM_LABELS: Readonly<Record<string, string>> = {
  'resources.name': 'Room or equipment name',
  'resources.isActive': 'In use',
};

/** An entry of a list, by the list's key. */
const ITEM_NOUNS: Readonly<Record<string, string>> = { resources: 'Room or equipment' };

/** `addressLine1` → `Address`; unknown keys in words (`travelBufferMinutes` → `Travel buffer minutes`). */
export function labelFor(key: string): string {
  const known = LABELS[key];
  if (known) return known;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A dotted path in words, for errors about values the form does not show: `hours.mon.0.close` → `Opening hours, Monday 1, Closes`. */
export function labelForPath(path: string): string {
  if (!path) return 'The change as a whole';
  const parts = path.split('.');
  return parts
    .map((part, index) => (/^\d+$/.test(part) ? null : `${labelFor(part)}${/^\d+$/.test(parts[index + 1] ?? '') ? ` ${Number(parts[index + 1]) + 1}` : ''}`))
    .filter((part): part is string => part !== null)
    .join(', ');
}

/** `front_desk` → `Front desk`, with the role names of the permission table. */
export function optionLabel(option: string): string {
  return (ROLE_LABELS as Readonly<Record<string, string>>)[option] ?? labelFor(option);
}

function itemLabel(key: string, index: number, count: number): string {
  const noun = ITEM_NOUNS[key];
  if (noun) return `${noun} ${index + 1}`;
  return count > 1 ? `${labelFor(key)} ${index + 1}` : labelFor(key);
}

// ---- building the form -------------------------------------------------------------------------------

/** Ids mean nothing to a person and are never what a server refuses for a typing mistake: kept, not shown. */
function isReference(key: string): boolean {
  return key === 'id' || /Ids?$/.test(key);
}

function leafFor(key: string, value: unknown, schema: unknown): Leaf {
  const { def, nullable, optional } = unwrap(schema);
  const empty: Empty = nullable || value === null ? 'null' : optional ? 'absent' : 'value';
  const options = enumOptions(def);
  if (options) return { kind: 'choice', options, empty };
  const type = def?.type ?? (value === null ? 'string' : typeof value);
  if (type === 'boolean') return { kind: 'boolean' };
  if (type === 'number') return { kind: /At$/.test(key) ? 'instant' : 'number', empty };
  if (/(^t|T)imeZone$/.test(key)) return { kind: 'timeZone', empty };
  if (typeof value === 'string' && /^\d{2}:\d{2}$/.test(value)) return { kind: 'time', empty };
  return { kind: 'text', empty };
}

function isPrimitive(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function join(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}

/** Keys in the schema's order first (the order the form was designed in), then any others. */
function orderedKeys(value: Record<string, unknown>, shape: Record<string, unknown>): string[] {
  return [...Object.keys(shape).filter((key) => key in value), ...Object.keys(value).filter((key) => !(key in shape))];
}

function walkProperty(key: string, value: unknown, schema: unknown, path: string, depth: number, listKey: string | null): FormNode[] {
  if (value === undefined) return [];
  const label = (listKey ? ITEM_LABELS[`${listKey}.${key}`] : undefined) ?? labelFor(key);
  if (isReference(key) && (isPrimitive(value) || Array.isArray(value))) return [{ type: 'kept', path, label }];
  const { def } = unwrap(schema);
  if (Array.isArray(value)) {
    const elementSchema = elementOf(def);
    const options = enumOptions(unwrap(elementSchema).def);
    if (options && value.every((item) => typeof item === 'string')) return [{ type: 'choices', path, label, options }];
    if (!value.every(isRecord)) return [{ type: 'kept', path, label }];
    const rows = value.map((item, index) => objectNode(item, elementSchema, join(path, index), itemLabel(key, index, value.length), depth + 1, key));
    // A list at the top gets a section of its own; inside a section (the days of `hours`) its entries are rows.
    return depth === 0 ? [{ type: 'group', path, label, layout: 'section', children: rows }] : rows;
  }
  if (isRecord(value)) return [objectNode(value, schema, path, label, depth, null)];
  return [{ type: 'field', path, label, leaf: leafFor(key, value, schema) }];
}

function objectNode(value: Record<string, unknown>, schema: unknown, path: string, label: string, depth: number, listKey: string | null): FormNode {
  const shape = shapeOf(unwrap(schema).def);
  const children = orderedKeys(value, shape).flatMap((key) => walkProperty(key, value[key], shape[key], join(path, key), depth + 1, listKey));
  const isRow = depth > 0 && children.every((child) => child.type === 'field' || child.type === 'kept');
  return { type: 'group', path, label, layout: isRow ? 'row' : 'section', children };
}

function initialDraft(leaf: Leaf, value: unknown, timeZone: string): Draft {
  if (leaf.kind === 'boolean') return value === true;
  if (value === null || value === undefined) return '';
  if (leaf.kind === 'instant' && typeof value === 'number') return `${localDate(value, timeZone)}T${localTime(value, timeZone)}`;
  return String(value);
}

function valueAt(root: unknown, path: string): unknown {
  let current = root;
  for (const part of path.split('.')) {
    if (Array.isArray(current)) current = current[Number(part)];
    else if (isRecord(current)) current = current[part];
    else return undefined;
  }
  return current;
}

function collectDrafts(nodes: readonly FormNode[], args: unknown, timeZone: string, into: Record<string, Draft>): void {
  for (const node of nodes) {
    if (node.type === 'field') into[node.path] = initialDraft(node.leaf, valueAt(args, node.path), timeZone);
    else if (node.type === 'choices') into[node.path] = (valueAt(args, node.path) as readonly string[] | undefined) ?? [];
    else if (node.type === 'group') collectDrafts(node.children, args, timeZone, into);
  }
}

/** The form for a refused change's input; null when the input is not an object (nothing to edit field by field). */
export function buildArgsForm(name: string, args: unknown, timeZone: string): ArgsForm | null {
  if (!isRecord(args)) return null;
  const schema = isMutatorName(name) ? mutators[name].input : undefined;
  const shape = shapeOf(unwrap(schema).def);
  const nodes = orderedKeys(args, shape).flatMap((key) => walkProperty(key, args[key], shape[key], key, 0, null));
  const initial: Record<string, Draft> = {};
  collectDrafts(nodes, args, timeZone, initial);
  return { nodes, initial };
}

// ---- reading the form back ---------------------------------------------------------------------------

type Parsed = { readonly ok: true; readonly value: unknown; readonly remove: boolean } | { readonly ok: false; readonly message: string };

function parseDraft(leaf: Leaf, draft: Draft, timeZone: string): Parsed {
  if (leaf.kind === 'boolean') return { ok: true, value: draft === true, remove: false };
  const text = typeof draft === 'string' ? draft.trim() : '';
  if (text === '' && leaf.empty !== 'value') return { ok: true, value: null, remove: leaf.empty === 'absent' };
  if (leaf.kind === 'number') {
    const number = Number(text);
    return text !== '' && Number.isFinite(number) ? { ok: true, value: number, remove: false } : { ok: false, message: 'Enter a number' };
  }
  if (leaf.kind === 'instant') {
    const [date, time] = text.split('T');
    if (!date || !time) return { ok: false, message: 'Enter a date and a time' };
    return { ok: true, value: instantAt(date, time.slice(0, 5), timeZone), remove: false };
  }
  // Text is sent as typed (main trims and checks it with the same schema as the first time).
  return { ok: true, value: typeof draft === 'string' ? draft : '', remove: false };
}

function setAt(root: Record<string, unknown>, path: string, value: unknown, remove: boolean): void {
  const parts = path.split('.');
  const last = parts.pop();
  if (last === undefined) return;
  let current: unknown = root;
  for (const part of parts) current = Array.isArray(current) ? current[Number(part)] : isRecord(current) ? current[part] : undefined;
  if (Array.isArray(current)) current[Number(last)] = value;
  else if (isRecord(current)) {
    if (remove) delete current[last];
    else current[last] = value;
  }
}

function sameDraft(a: Draft | undefined, b: Draft | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function applyNodes(nodes: readonly FormNode[], form: ArgsForm, drafts: Drafts, timeZone: string, into: Record<string, unknown>, errors: FieldError[]): void {
  for (const node of nodes) {
    if (node.type === 'group') applyNodes(node.children, form, drafts, timeZone, into, errors);
    if (node.type !== 'field' && node.type !== 'choices') continue;
    const draft = drafts[node.path];
    // Untouched values go back exactly as they were entered.
    if (draft === undefined || sameDraft(draft, form.initial[node.path])) continue;
    if (node.type === 'choices') {
      setAt(into, node.path, [...(draft as readonly string[])], false);
      continue;
    }
    const parsed = parseDraft(node.leaf, draft, timeZone);
    if (parsed.ok) setAt(into, node.path, parsed.value, parsed.remove);
    else errors.push({ path: node.path, message: parsed.message });
  }
}

/** The edited input: the original with every changed control's value in place, or what cannot be read. */
export function applyDrafts(
  args: unknown,
  form: ArgsForm,
  drafts: Drafts,
  timeZone: string,
): { readonly ok: true; readonly args: Record<string, unknown> } | { readonly ok: false; readonly fields: FieldError[] } {
  const edited: unknown = structuredClone(args);
  if (!isRecord(edited)) return { ok: false, fields: [{ path: '', message: 'This change cannot be edited here.' }] };
  const errors: FieldError[] = [];
  applyNodes(form.nodes, form, drafts, timeZone, edited, errors);
  return errors.length > 0 ? { ok: false, fields: errors } : { ok: true, args: edited };
}

/** Every path the form shows a control or group for (field errors elsewhere are listed above the form). */
export function shownPaths(nodes: readonly FormNode[], into: Set<string> = new Set()): Set<string> {
  for (const node of nodes) {
    if (node.type === 'kept') continue;
    into.add(node.path);
    if (node.type === 'group') shownPaths(node.children, into);
  }
  return into;
}
