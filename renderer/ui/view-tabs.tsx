/**
 * A row of tabs that are links to views of one section (`#/<section>/<view>`): the current one is marked
 * `aria-current="page"`. Styled by `.view-tabs` in screens.css.
 */
export function ViewTabs({ label, tabs, current }: {
  /** What the row is, for assistive technology: "Billing views". */
  label: string;
  tabs: readonly { readonly id: string; readonly label: string; readonly href: string }[];
  current: string;
}) {
  return (
    <nav className="view-tabs" aria-label={label}>
      {tabs.map((tab) => (
        <a key={tab.id} className="view-tabs__tab" href={tab.href} aria-current={tab.id === current ? 'page' : undefined}>
          {tab.label}
        </a>
      ))}
    </nav>
  );
}
