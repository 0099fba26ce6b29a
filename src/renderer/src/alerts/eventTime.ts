/**
 * Event times as the flow records write them. The ingest stores a record's local lab time "as
 * written" as epoch ms in UTC (no zone is guessed), so they are shown with UTC getters: the clock
 * the capture wrote, with the day whenever the items shown span more than one day.
 */

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;

/** "15:56:07", or "Wed 5 Jul 15:56:07" with the day; "–" for no time. */
export function formatEventTime(ms: number | null, withDate: boolean): string {
  if (ms === null || !Number.isFinite(ms)) return '–';
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  const clock = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  if (!withDate) return clock;
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${clock}`;
}

/** Whether event times fall on more than one (written) calendar day. */
export function eventTimesSpanDays(times: readonly (number | null)[]): boolean {
  let day: number | null = null;
  for (const t of times) {
    if (t === null || !Number.isFinite(t)) continue;
    const d = Math.floor(t / DAY_MS);
    if (day === null) day = d;
    else if (d !== day) return true;
  }
  return false;
}

/** A first–last range: "15:56:07 – 16:02:11", the day added when the range or the list spans days. */
export function formatEventRange(
  first: number | null,
  last: number | null,
  withDate: boolean,
): string {
  if (first === null && last === null) return '–';
  const dated = withDate || eventTimesSpanDays([first, last]);
  const a = formatEventTime(first, dated);
  const b = formatEventTime(last, dated);
  return a === b ? a : `${a} – ${b}`;
}
