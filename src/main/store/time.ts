/** Current time as ISO-8601, the store's timestamp format. */
export function nowIso(): string {
  return new Date().toISOString();
}
