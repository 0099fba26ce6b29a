/** The extra-classes field's text as the list `datasets.loadPaths` takes, checked as it checks. */

/** Most names a load takes (the contract's limit). */
export const MAX_EXTRA_CLASSES = 16;
/** Longest name a load takes (the contract's limit). */
export const MAX_EXTRA_CLASS_LENGTH = 64;

/**
 * The names in `text` (separated by commas or new lines, trimmed, repeats dropped ignoring case)
 * and why the load would refuse them, or null.
 */
export function parseExtraClasses(text: string): { names: string[]; problem: string | null } {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const part of text.split(/[,\n]/)) {
    const name = part.trim();
    if (name === '' || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    names.push(name);
  }
  const long = names.find((n) => n.length > MAX_EXTRA_CLASS_LENGTH);
  const problem =
    names.length > MAX_EXTRA_CLASSES
      ? `at most ${MAX_EXTRA_CLASSES} extra classes, got ${names.length}`
      : long !== undefined
        ? `"${long.slice(0, 20)}…" is longer than ${MAX_EXTRA_CLASS_LENGTH} characters`
        : null;
  return { names, problem };
}
