/** A traffic class name in its colour. */
import { classTone } from '../format';

/** Coloured class label; `null` renders a dash (class unknown). */
export function ClassBadge({ name, testId }: { name: string | null; testId?: string }) {
  if (!name) return <span className="muted">—</span>;
  return (
    <span className={`badge ${classTone(name)}`} data-testid={testId}>
      {name}
    </span>
  );
}
