/** A {@link createDebouncer} that lives as long as the component; pending work is dropped on unmount. */
import { useEffect, useState } from 'react';
import { createDebouncer, type Debouncer } from './debounce';

/** One debouncer per mounted component. */
export function useDebouncer(ms: number): Debouncer {
  const [d] = useState(() => createDebouncer(ms));
  useEffect(() => () => d.cancel(), [d]);
  return d;
}
