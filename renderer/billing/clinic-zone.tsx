import type { ReactNode } from 'react';
import { useChannel } from '../platform/use-channel';
import { Loaded } from '../ui/states';

/** Reads the clinic's default time zone (`clinic.get`) and renders what needs it once it is known. */
export function WithClinicZone({ children }: { children: (timeZone: string) => ReactNode }) {
  const [clinic, reload] = useChannel('clinic.get', {});
  return (
    <Loaded state={clinic} onRetry={reload} loadingLabel="Loading…">
      {(value) => children(value.defaultTimeZone)}
    </Loaded>
  );
}
