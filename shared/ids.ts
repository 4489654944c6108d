import { v7 as uuidv7 } from 'uuid';

/** A new UUIDv7: time-ordered, generated on the device, never reused. */
export function newId(): string {
  return uuidv7();
}
