/** The bucket a site writes to: one select for the popup and the options page. */
import type { Bucket } from '../config/settings';

export function BucketSelect(props: {
  buckets: readonly Bucket[];
  value: string;
  onChange: (bucket: string) => void;
  /** An accessible name where no <label> wraps the select. */
  label?: string;
}) {
  return (
    <select
      {...(props.label ? { 'aria-label': props.label } : {})}
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
    >
      {props.buckets.map((b) => (
        <option key={b.id} value={b.id}>
          {b.name}
        </option>
      ))}
    </select>
  );
}
