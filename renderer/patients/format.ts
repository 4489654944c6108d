import { formatCents as money } from '../../shared/format/money';

/** A `YYYY-MM-DD` date as people read it, without any time zone (dates of birth are date-only). */
export function formatDate(value: string | null): string {
  if (!value) return '—';
  const [y, m, d] = value.split('-');
  return `${m}/${d}/${y}`;
}

export function formatCents(cents: number | null): string {
  return cents === null ? '—' : money(cents);
}
