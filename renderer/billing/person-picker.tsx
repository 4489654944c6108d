import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

export interface PickerOption {
  readonly id: string;
  readonly label: string;
  readonly detail?: string;
}

/**
 * A search box with its matches as a list of buttons below it, for choosing a patient or an account by
 * keyboard: type, ↓ into the list, ↑/↓ between matches, Enter to choose. The search itself is the
 * caller's (a channel), run a moment after typing stops.
 */
export function PersonPicker({ label, hint, search, onPick, error, autoFocus }: {
  label: string;
  hint?: string;
  search: (query: string) => Promise<readonly PickerOption[]>;
  onPick: (option: PickerOption) => void;
  error?: string | undefined;
  autoFocus?: boolean;
}) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<readonly PickerOption[] | null>(null);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    const text = query.trim();
    if (text === '') {
      setOptions(null);
      return;
    }
    let isCurrent = true;
    const timer = setTimeout(() => void search(text).then((found) => { if (isCurrent) setOptions(found); }), 200);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [query]);

  function move(event: KeyboardEvent, from: number | null) {
    const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    if (event.key === 'ArrowDown' && buttons.length > 0) {
      event.preventDefault();
      buttons[from === null ? 0 : Math.min(from + 1, buttons.length - 1)]?.focus();
    } else if (event.key === 'ArrowUp' && from !== null) {
      event.preventDefault();
      if (from === 0) document.getElementById(id)?.focus();
      else buttons[from - 1]?.focus();
    }
  }

  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : '', options !== null ? `${id}-count` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', 'person-picker', error ? 'field--invalid' : ''].filter(Boolean).join(' ')}>
      <label className="field__label" htmlFor={id}>{label}</label>
      <input
        id={id} className="input" type="search" value={query} autoComplete="off" autoFocus={autoFocus}
        aria-describedby={describedBy} aria-invalid={error ? true : undefined} aria-controls={`${id}-list`}
        onChange={(event) => setQuery(event.target.value)} onKeyDown={(event) => move(event, null)}
      />
      {hint && <p className="field__hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p className="field__error" id={`${id}-error`}>{error}</p>}
      {options !== null && (
        <p className="visually-hidden" id={`${id}-count`} aria-live="polite">{options.length === 0 ? 'No matches' : `${options.length} matches; press down to choose`}</p>
      )}
      {options !== null && options.length === 0 && <p className="muted">No matches.</p>}
      {options !== null && options.length > 0 && (
        <ul className="picker" id={`${id}-list`} ref={listRef} aria-label={`${label}: matches`}>
          {options.map((option, index) => (
            <li key={option.id}>
              <button type="button" className="picker__option" onKeyDown={(event) => move(event, index)} onClick={() => { onPick(option); setQuery(''); }}>
                {option.label}
                {option.detail && <span className="picker__detail"> {option.detail}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
