/** The search box over a list, with the list's count read out as it changes. */
export function SearchBar(p: {
  label: string;
  placeholder: string;
  value: string;
  onInput: (value: string) => void;
  count: number;
  /** The counted thing, singular and plural ("memory", "memories"). */
  noun: readonly [string, string];
  testId: string;
}) {
  return (
    <div class="search">
      <input
        type="search"
        aria-label={p.label}
        placeholder={p.placeholder}
        value={p.value}
        onInput={(e) => p.onInput(e.currentTarget.value)}
      />
      <span class="meta" data-testid={p.testId} aria-live="polite">
        {p.count} {p.count === 1 ? p.noun[0] : p.noun[1]}
      </span>
    </div>
  );
}
