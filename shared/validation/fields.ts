import { z } from 'zod';
import { isValidNpi } from './npi';

/** Reusable field schemas so every channel validates the same fact the same way. */
export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Must be an id');

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD')
  .refine((value) => {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'Not a real calendar date');

export const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use the form HH:MM (24-hour)');

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}

export const timeZone = z.string().min(1).max(64).refine(isTimeZone, 'Not a known IANA time zone (e.g. America/Chicago)');

export const requiredText = (label: string, max = 200) => z.string().trim().min(1, `${label} is required`).max(max);
export const optionalText = (max = 200) =>
  z.string().trim().max(max).nullish().transform((value) => (value ? value : null));

export const email = z.string().trim().max(254).email('Not a valid email address');
export const phone = z.string().trim().regex(/^[0-9+() .-]{7,20}$/, 'Not a valid phone number');

/** A National Provider Identifier: ten digits, starting with 1 or 2, with a valid check digit. */
export const npi = z.string().trim().refine(isValidNpi, 'Not a valid NPI (ten digits; the last is a check digit)');
