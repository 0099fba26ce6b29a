/**
 * IDS alert files → IrAlerts. Two Snort fast-alert dialects (the ESORICS'26 twin's
 * `YYYY-MM-DD HH:MM:SS,mmm [ INFO] Alert: [pri=N cls=…] {PROTO} a[:p] -> b[:p] [g:s:r] msg` and
 * classic `MM/DD[/YY]-HH:MM:SS.uuuuuu [**] [g:s:r] msg [**] [Classification: …] [Priority: N]
 * {PROTO} a[:p] -> b[:p]`) and Suricata EVE JSON. Every line is an alert, not an alert (prose,
 * other EVE event types: counted, skipped silently) or bad (counted, skipped, with `file:line`
 * and a reason). Timestamps without a zone are read as UTC.
 */
import { isIP } from 'node:net';
import type { IrAlert } from '../core/types';

export { flowAlertsToIr, type FlowAlertRow } from './flowAlerts';

/** The file formats the parsers read. */
export type AlertFileFormat = 'snort' | 'suricata';

/** Options of the parsers. */
export interface ParseOptions {
  /** Year for classic Snort lines without one (no `-y`). Default: the current UTC year. */
  year?: number;
}

/** What one line turned out to be. */
export type LineResult =
  { kind: 'alert'; alert: IrAlert } | { kind: 'not-an-alert' } | { kind: 'bad'; reason: string };

/** A skipped bad line. `where` is `file:line`. */
export interface ParseIssue {
  where: string;
  reason: string;
  text: string;
}

/** Alerts of one file (or text) and what was skipped. */
export interface ParseResult {
  format: AlertFileFormat;
  alerts: IrAlert[];
  counts: { lines: number; alerts: number; notAnAlert: number; bad: number };
  issues: ParseIssue[];
}

const ESORICS =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[,.](\d{1,6}))?\s+\[\s*[A-Za-z]+\s*\]\s+Alert:\s*\[pri=(\d+)\s+cls=([^\]]*)\]\s*\{([A-Za-z0-9-]+)\}\s+(\S+)\s+->\s+(\S+)\s+\[(\d+):(\d+):(\d+)\]\s*(.*?)\s*$/;
const CLASSIC =
  /^(\d{2})\/(\d{2})(?:\/(\d{2}))?-(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?\s+\[\*\*\]\s+\[(\d+):(\d+):(\d+)\]\s+(.*?)\s*\[\*\*\]\s*(?:\[Classification:\s*([^\]]*?)\s*\]\s*)?(?:\[Priority:\s*(\d+)\s*\]\s*)?\{([A-Za-z0-9-]+)\}\s+(\S+)\s+->\s+(\S+)\s*$/;
/** A line that claims to be a Snort alert (so failing the full pattern makes it bad). */
const LOOKS_LIKE_SNORT = /\bAlert:\s*\[|\[\*\*\]/;

/** UTC epoch ms from date parts, or null when a part is out of range. */
function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string) {
  const ms = frac ? Math.floor(Number(frac.padEnd(6, '0')) / 1000) : 0;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const back = new Date(t);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 60)
    return null;
  return t;
}

/** `a.b.c.d`, `a.b.c.d:port`, `[v6]:port` or a bare IPv6 address. */
export function parseEndpoint(s: string): { ip: string; port: number | null } | string {
  let ip = s;
  let port: string | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) [, ip = '', port] = v6;
  else if (s.split(':').length === 2) [ip = '', port] = s.split(':');
  if (!isIP(ip)) return `bad address "${s}"`;
  if (port === undefined) return { ip, port: null };
  const n = Number(port);
  if (!/^\d+$/.test(port) || n > 65535) return `bad port in "${s}"`;
  return { ip, port: n };
}

function endpoints(src: string, dst: string) {
  const a = parseEndpoint(src);
  if (typeof a === 'string') return a;
  const b = parseEndpoint(dst);
  if (typeof b === 'string') return b;
  return { a, b };
}

/** One Snort fast-alert line (either dialect). */
export function parseSnortLine(line: string, opts: ParseOptions = {}): LineResult {
  const e = ESORICS.exec(line);
  if (e) {
    const [, y, mo, d, h, mi, s, frac = '', pri, cls = '', proto = '', src = '', dst = ''] = e;
    const time = utc(+y!, +mo!, +d!, +h!, +mi!, +s!, frac);
    if (time === null) return { kind: 'bad', reason: 'timestamp out of range' };
    const ep = endpoints(src, dst);
    if (typeof ep === 'string') return { kind: 'bad', reason: ep };
    return { kind: 'alert', alert: snortAlert(time, ep, proto, e[16] ?? '', cls, Number(pri)) };
  }
  const c = CLASSIC.exec(line);
  if (c) {
    const [, mo, d, yy, h, mi, s, frac = '', , , , msg = '', cls, pri, proto = '', src, dst] = c;
    const year = yy ? 2000 + Number(yy) : (opts.year ?? new Date().getUTCFullYear());
    const time = utc(year, +mo!, +d!, +h!, +mi!, +s!, frac);
    if (time === null) return { kind: 'bad', reason: 'timestamp out of range' };
    const ep = endpoints(src ?? '', dst ?? '');
    if (typeof ep === 'string') return { kind: 'bad', reason: ep };
    return {
      kind: 'alert',
      alert: snortAlert(time, ep, proto, msg, cls ?? '', pri === undefined ? 3 : Number(pri)),
    };
  }
  if (LOOKS_LIKE_SNORT.test(line))
    return {
      kind: 'bad',
      reason: 'malformed Snort fast-alert line (fields missing or out of order)',
    };
  return { kind: 'not-an-alert' };
}

function snortAlert(
  time: number,
  ep: { a: { ip: string; port: number | null }; b: { ip: string; port: number | null } },
  proto: string,
  signature: string,
  classification: string,
  priority: number,
): IrAlert {
  return {
    time,
    src: ep.a.ip,
    dst: ep.b.ip,
    srcPort: ep.a.port,
    dstPort: ep.b.port,
    proto: proto.toUpperCase(),
    signature,
    classification,
    priority,
    source: 'snort',
  };
}

/** EVE timestamps: `2017-07-07T14:33:01.123456+0000` (zone without colon) or ISO 8601. */
function eveTime(s: string): number | null {
  const iso = s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(/(\.\d{3})\d+/, '$1');
  const t = Date.parse(/[zZ]|[+-]\d{2}:\d{2}$/.test(iso) ? iso : `${iso}Z`);
  return Number.isFinite(t) ? t : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

function port(v: unknown): number | null | 'bad' {
  if (v === undefined || v === null) return null;
  return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535
    ? (v as number)
    : 'bad';
}

/** One Suricata EVE JSON line. */
export function parseEveLine(line: string): LineResult {
  let ev: unknown;
  try {
    ev = JSON.parse(line);
  } catch (err) {
    return { kind: 'bad', reason: `invalid JSON (${(err as Error).message})` };
  }
  if (typeof ev !== 'object' || ev === null || Array.isArray(ev))
    return { kind: 'bad', reason: 'not a JSON object' };
  const o = ev as Record<string, unknown>;
  if (typeof o.event_type !== 'string') return { kind: 'bad', reason: 'no event_type' };
  if (o.event_type !== 'alert') return { kind: 'not-an-alert' };
  const al = o.alert as Record<string, unknown> | undefined;
  const ts = str(o.timestamp);
  const time = ts ? eveTime(ts) : null;
  if (time === null) return { kind: 'bad', reason: `bad or missing timestamp "${ts ?? ''}"` };
  const src = str(o.src_ip);
  const dst = str(o.dest_ip);
  if (!src || !isIP(src) || !dst || !isIP(dst))
    return { kind: 'bad', reason: 'missing or bad src_ip / dest_ip' };
  const sp = port(o.src_port);
  const dp = port(o.dest_port);
  if (sp === 'bad' || dp === 'bad') return { kind: 'bad', reason: 'bad src_port / dest_port' };
  if (typeof al !== 'object' || al === null || !str(al.signature))
    return { kind: 'bad', reason: 'alert event without alert.signature' };
  const sev = al.severity;
  return {
    kind: 'alert',
    alert: {
      time,
      src,
      dst,
      srcPort: sp,
      dstPort: dp,
      proto: str(o.proto)?.toUpperCase() ?? null,
      signature: al.signature as string,
      classification: str(al.category) ?? '',
      priority: Number.isInteger(sev) && (sev as number) > 0 ? (sev as number) : 3,
      source: 'suricata',
    },
  };
}

/** Suricata when the first non-blank line is a JSON object, else Snort. */
export function detectFormat(text: string): AlertFileFormat {
  const first = /^[ \t]*(\S)/m.exec(text);
  return first?.[1] === '{' ? 'suricata' : 'snort';
}

/** Parse a whole file's text; `file` names it in issues. Never throws on content. */
export function parseAlertText(
  text: string,
  file: string,
  format: AlertFileFormat | 'auto' = 'auto',
  opts: ParseOptions = {},
): ParseResult {
  const fmt = format === 'auto' ? detectFormat(text) : format;
  const out: ParseResult = {
    format: fmt,
    alerts: [],
    counts: { lines: 0, alerts: 0, notAnAlert: 0, bad: 0 },
    issues: [],
  };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (!line) return;
    out.counts.lines++;
    const r = fmt === 'suricata' ? parseEveLine(line) : parseSnortLine(line, opts);
    if (r.kind === 'alert') {
      out.alerts.push(r.alert);
      out.counts.alerts++;
    } else if (r.kind === 'not-an-alert') out.counts.notAnAlert++;
    else {
      out.counts.bad++;
      out.issues.push({ where: `${file}:${i + 1}`, reason: r.reason, text: line.slice(0, 200) });
    }
  });
  return out;
}
