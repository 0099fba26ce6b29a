/**
 * CICFlowMeter timestamp parsing. The datasets write local lab time without a zone, so the value
 * is taken as UTC "as written" (keeps ordering and differences right without guessing a zone).
 */

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * CIC-IDS2017's capture week, Monday 3 to Friday 7 July 2017, as days since 1970-01-01. Its
 * TrafficLabelling CSVs write the hour on a 12-hour clock with no AM/PM (`7/7/2017 3:56` is 15:56).
 */
const CIC2017_FIRST_DAY = 17350;
const CIC2017_LAST_DAY = 17354;
/**
 * The capture ran from about 08:00 to 18:00 lab time each day (the improved re-extraction, which
 * writes 24-hour UTC, spans 11:xx to 20:xx UTC = 08:xx to 17:xx at UTC-3), so an unmarked
 * day-first hour below this, in that week, can only be an afternoon hour.
 */
const CIC2017_FIRST_HOUR = 8;

const MAX_FIELDS = 7;
const fields = new Float64Array(MAX_FIELDS);
const widths = new Int8Array(MAX_FIELDS);

/**
 * Epoch milliseconds of a timestamp written as `2017-07-06 12:39:06.818901` (improved CICIDS2017),
 * `5/7/2017 8:59` or `05/07/2017 08:59:59` (CIC-IDS2017, day first), `14/02/2018 08:31:01`
 * (CSE-CIC-IDS2018), optionally with AM/PM. NaN when it is none of these.
 *
 * CIC-IDS2017's own 12-hour clock: an unmarked day-first time dated in its capture week with hour
 * 1..7 is read as 13..19, since the capture ran 08:00-18:00 and those hours cannot be morning.
 * Timestamps with AM/PM, year-first ones and every other date are read as written, so 24-hour
 * files (CSE-CIC-IDS2018, the improved re-extraction) keep their early hours.
 */
export function parseTimestamp(text: string): number {
  let n = 0;
  let dateSep = 0;
  let pm = -1;
  let frac = 0;
  let fracDigits = 0;
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (n === MAX_FIELDS) return NaN;
      let v = 0;
      const start = i;
      for (; i < text.length; i++) {
        const d = text.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (n === 6) {
        frac = v;
        fracDigits = i - start;
      }
      fields[n] = v;
      widths[n++] = i - start;
      continue;
    }
    if ((c === 45 || c === 47) && dateSep === 0 && n === 1) dateSep = c;
    else if ((c === 65 || c === 97 || c === 80 || c === 112) && n >= 5)
      pm = c === 80 || c === 112 ? 1 : 0;
    i++;
  }
  if (n < 5 || dateSep === 0) return NaN;
  const yearFirst = widths[0] === 4;
  const y = yearFirst ? fields[0]! : fields[2]!;
  const mo = fields[1]!;
  const d = yearFirst ? fields[2]! : fields[0]!;
  let h = fields[3]!;
  const mi = fields[4]!;
  const s = n > 5 ? fields[5]! : 0;
  if (pm === 1 && h < 12) h += 12;
  else if (pm === 0 && h === 12) h = 0;
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return NaN;
  const days = daysFromCivil(y, mo, d);
  if (
    pm === -1 &&
    !yearFirst &&
    h >= 1 &&
    h < CIC2017_FIRST_HOUR &&
    days >= CIC2017_FIRST_DAY &&
    days <= CIC2017_LAST_DAY
  )
    h += 12;
  const ms = fracDigits > 0 ? (frac / 10 ** fracDigits) * 1000 : 0;
  return (((days * 24 + h) * 60 + mi) * 60 + s) * 1000 + ms;
}
