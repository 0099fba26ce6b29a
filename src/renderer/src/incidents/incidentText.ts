/** Words for incidents, actions, steps and answers, shared by the incident view's parts. */
import {
  ATTACK_TECHNIQUES,
  type IncidentActionView,
  type IncidentSummary,
} from '../../../shared/contract';
import { formatTime, formatWhen, localDay, spansDays } from '../format';

/** An action as the analyst reads it: the catalogue's name, then its target. */
export function actionText(a: IncidentActionView | null): string {
  if (!a) return '—';
  return a.target === null ? a.verbName : `${a.verbName} → ${a.target}`;
}

/** An action's machine key (`verb` or `verb:target`), as the core and the report write it. */
export function actionKey(a: { verb: string; target: string | null } | null): string {
  if (!a) return '';
  return a.target === null ? a.verb : `${a.verb}:${a.target}`;
}

/**
 * "first – last (duration)" of an incident: the day on `first` when `withDate` (the list spans
 * several days), and on `last` too when the incident itself crosses midnight; the clock to the
 * second unless `seconds` is false.
 */
export function spanText(
  s: Pick<IncidentSummary, 'firstSeen' | 'lastSeen'>,
  withDate: boolean,
  seconds = true,
): string {
  const ms = new Date(s.lastSeen).getTime() - new Date(s.firstSeen).getTime();
  const lastDated = withDate && localDay(s.lastSeen) !== localDay(s.firstSeen);
  const first = formatWhen(s.firstSeen, withDate, seconds);
  return `${first} – ${formatWhen(s.lastSeen, lastDated, seconds)} (${durationText(ms)})`;
}

/** The full first and last times (with the year), for a title. */
export function spanTitle(s: Pick<IncidentSummary, 'firstSeen' | 'lastSeen'>): string {
  return `${formatTime(s.firstSeen)} – ${formatTime(s.lastSeen)}`;
}

/** Whether an incident list's times need their dates: its incidents span more than one day. */
export function listNeedsDates(
  incidents: readonly Pick<IncidentSummary, 'firstSeen' | 'lastSeen'>[],
): boolean {
  return spansDays(incidents.flatMap((i) => [i.firstSeen, i.lastSeen]));
}

/** An ATT&CK technique as words, e.g. "Brute Force (credential access)"; unknown codes as given. */
export function techniqueText(code: string): string {
  const t = ATTACK_TECHNIQUES[code];
  return t ? `${t.name} (${t.tactic})` : code;
}

/** Attack stages (tactics) as one line, e.g. "discovery → credential access". */
export function tacticsText(tactics: readonly string[]): string {
  return tactics.length ? tactics.join(' → ') : '—';
}

/** Milliseconds as "42s" / "3m 10s" / "2h 05m". */
export function durationText(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** A list of hosts, the first few then "+N". */
export function hostsText(hosts: string[], shown = 2): string {
  if (hosts.length === 0) return '—';
  const head = hosts.slice(0, shown).join(', ');
  return hosts.length > shown ? `${head} +${hosts.length - shown}` : head;
}

/** Past-tense words for a step's decision. */
export const DECISION_WORDS: Record<'approve' | 'edit' | 'reject', string> = {
  approve: 'approved',
  edit: 'edited',
  reject: 'rejected',
};

/** A predicted boolean answer as the form's words. */
export function yesNo(b: boolean): 'yes' | 'no' {
  return b ? 'yes' : 'no';
}

/** Whether an answer contradicts the expected one ("unknown" contradicts nothing). */
export function contradicts(answer: 'yes' | 'no' | 'unknown', expected: boolean): boolean {
  return answer !== 'unknown' && (answer === 'yes') !== expected;
}

/** The enforcement systems' names as their vendors write them. */
export const SYSTEM_NAMES: Record<'nftables' | 'suricata' | 'wazuh', string> = {
  nftables: 'nftables',
  suricata: 'Suricata',
  wazuh: 'Wazuh',
};
