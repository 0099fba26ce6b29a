/** Number, time and class formatting shared by the screens. */

const intFmt = new Intl.NumberFormat('en-US');

/** 1234567 → "1,234,567". */
export function formatInt(n: number): string {
  return intFmt.format(Math.round(n));
}

/** A probability as a fixed 3-decimal number, e.g. 0.973. */
export function formatProb(p: number): string {
  return Number.isFinite(p) ? p.toFixed(3) : '–';
}

/** A ratio as a percentage with 2 decimals, e.g. 99.33%. */
export function formatPct(p: number): string {
  return Number.isFinite(p) ? `${(p * 100).toFixed(2)}%` : '–';
}

/** Seconds as "1m 05s" / "42s" / "–". */
export function formatEta(sec: number | null): string {
  if (sec === null || !Number.isFinite(sec) || sec < 0) return '–';
  const s = Math.round(sec);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** Byte counts as KiB / MiB / GiB. */
export function formatBytes(b: number): string {
  if (b < 1024) return `${b} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = b / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** `ip:port`, tolerating unknown parts. */
export function endpoint(ip: string | null, port: number | null): string {
  const host = ip ?? '?';
  return port === null || port < 0 ? host : `${host}:${port}`;
}

/**
 * A flow's endpoints as one line. MachineLearningCSV files carry no addresses, only the
 * destination port, so that case reads "port 443" rather than a row of question marks.
 */
export function flowText(src: string | null, dst: string | null, dstPort: number | null): string {
  if (src === null && dst === null)
    return dstPort === null || dstPort < 0 ? '—' : `port ${dstPort}`;
  // The core sends `ip:port` already; the port is added only when the address is missing.
  return `${src ?? '?'} → ${dst ?? endpoint(null, dstPort)}`;
}

/** CSS class that colours a traffic class consistently across screens. */
export function classTone(name: string | null): string {
  if (!name) return 'tone-none';
  return `tone-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/** A probability as a percentage with one decimal, e.g. 87.3%. */
export function formatShare(p: number): string {
  return Number.isFinite(p) ? `${(p * 100).toFixed(1)}%` : '–';
}

/** A reward with its sign, e.g. +4.00 / −5.00. */
export function formatReward(r: number): string {
  if (!Number.isFinite(r)) return '–';
  const s = Math.abs(r).toFixed(2);
  return r < 0 ? `−${s}` : `+${s}`;
}

/** Milliseconds as "840 ms" / "2.4 s"; null as "–". */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** An ISO time as "2024-05-01 12:34:56" (local time when it parses, else as given). */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An ISO time's local calendar day as "YYYY-MM-DD" (null when it does not parse). */
export function localDay(iso: string): string | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** Whether ISO times fall on more than one local calendar day. */
export function spansDays(isos: readonly string[]): boolean {
  const days = new Set<string>();
  for (const iso of isos) {
    const day = localDay(iso);
    if (day !== null) days.add(day);
    if (days.size > 1) return true;
  }
  return false;
}

/**
 * An ISO time in local time as "15:56:07", or with the day as "Wed 5 Jul 15:56:07"; without
 * `seconds`, "15:56" (as given when it does not parse).
 */
export function formatWhen(iso: string, withDate: boolean, seconds = true): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number): string => String(n).padStart(2, '0');
  const clock = `${p(d.getHours())}:${p(d.getMinutes())}${seconds ? `:${p(d.getSeconds())}` : ''}`;
  if (!withDate) return clock;
  return `${WEEKDAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]} ${clock}`;
}

/** The error text of a rejected request, without the contract's "invalid request <name>: " prefix. */
export function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/^invalid request [\w.]+: /, '');
}
