/**
 * The validators every value passes before it reaches an enforcement rule (enforce.ts) or a
 * connector's argv (app/incidentDesk/connector.ts). Actions come from agents, some of them LLMs, so
 * a target is untrusted text: each part is checked against a strict grammar (address, host name,
 * port, protocol, account, incident id) and anything else is an EnforcementError. Nothing here
 * executes anything.
 */
import { isIP } from 'node:net';
import type { ResponseAction, TargetKind } from '../core/types';
import { verb, type CatalogueVerb } from '../core/verbs';

/** Thrown when a value is not well-formed; the message names the field and the (quoted) value. */
export class EnforcementError extends Error {
  readonly field: string;
  constructor(field: string, value: unknown, why: string) {
    // JSON quoting shows a newline or a quote in the value instead of letting it break the log line.
    const shown = JSON.stringify(value) ?? String(value);
    super(`${field} ${shown.length > 120 ? `${shown.slice(0, 117)}...` : shown}: ${why}`);
    this.name = 'EnforcementError';
    this.field = field;
  }
}

/** Service protocols a rule can name. */
export type Proto = 'tcp' | 'udp' | 'icmp';
const PROTOS: readonly string[] = ['tcp', 'udp', 'icmp'];

const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const INCIDENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const USER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const IFACE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;
const AGENTS = /^[0-9]{3,8}(,[0-9]{3,8}){0,63}$/;

/** An IPv4 or IPv6 address (IPv6 in canonical form, so a block and its unblock spell it alike). */
export function validateAddress(field: string, value: unknown): string {
  if (typeof value !== 'string') throw new EnforcementError(field, value, 'not a string');
  const family = isIP(value);
  if (family === 4) return value;
  // isIP accepts a zone id ("fe80::1%eth0"), which no rule syntax takes: hex, ':' and '.' only.
  if (family === 6 && /^[0-9A-Fa-f:.]+$/.test(value)) {
    return new URL(`http://[${value}]/`).hostname.slice(1, -1);
  }
  throw new EnforcementError(field, value, 'not an IPv4 or IPv6 address');
}

/** 4 or 6 for a validated address. */
export function familyOf(address: string): 4 | 6 {
  return isIP(address) === 6 ? 6 : 4;
}

/** A DNS host name (letters, digits, '.', '-'; no leading or trailing '.' or '-'). */
export function validateHostName(field: string, value: unknown): string {
  if (typeof value !== 'string' || !HOST_NAME.test(value))
    throw new EnforcementError(field, value, 'not a host name');
  return value;
}

/** A host: an address when it parses as one, otherwise a host name. */
export function validateHost(
  field: string,
  value: unknown,
): { host: string; address: string | null } {
  if (typeof value === 'string' && isIP(value) !== 0) {
    const address = validateAddress(field, value);
    return { host: address, address };
  }
  // A dotted quad that is not an address (300.1.1.1) must not slip through as a "host name".
  if (typeof value === 'string' && /^[0-9.]+$/.test(value))
    throw new EnforcementError(field, value, 'not an IPv4 address');
  return { host: validateHostName(field, value), address: null };
}

/** A port: an integer 1–65535 (a string of digits is accepted, as targets are text). */
export function validatePort(field: string, value: unknown): number {
  const n = typeof value === 'string' && /^[0-9]{1,5}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535)
    throw new EnforcementError(field, value, 'not a port (an integer 1-65535)');
  return n;
}

/** tcp, udp or icmp. */
export function validateProto(field: string, value: unknown): Proto {
  if (typeof value !== 'string' || !PROTOS.includes(value))
    throw new EnforcementError(field, value, 'not tcp, udp or icmp');
  return value as Proto;
}

/** An incident id: letters, digits, '_' and '-', at most 64. */
export function validateIncidentId(value: unknown): string {
  if (typeof value !== 'string' || !INCIDENT_ID.test(value))
    throw new EnforcementError('incidentId', value, 'not 1-64 letters, digits, "_" or "-"');
  return value;
}

/** A network interface name (at most 15 characters, as the kernel allows). */
export function validateInterface(value: unknown): string {
  if (typeof value !== 'string' || !IFACE.test(value))
    throw new EnforcementError('perimeterInterface', value, 'not an interface name');
  return value;
}

/** A Wazuh agents_list: agent ids (3 or more digits), comma-separated. */
export function validateAgents(value: unknown): string {
  if (typeof value !== 'string' || !AGENTS.test(value))
    throw new EnforcementError('wazuhAgent', value, 'not a list of Wazuh agent ids');
  return value;
}

/** An integer in [min, max]. */
export function validateInt(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new EnforcementError(field, value, `not an integer ${min}-${max}`);
  return value;
}

/** The parts of a service target "host:port/proto" ("host:port" means tcp, as the twin writes it). */
export function parseServiceTarget(t: string): { host: string; port: number; proto: Proto } {
  if (typeof t !== 'string') throw new EnforcementError('service', t, 'not a string');
  const m = /^(?:\[([^\]]*)\]|([^:/[\]]*)):([^:/]*)(?:\/([^/]*))?$/.exec(t);
  if (!m) throw new EnforcementError('service', t, 'not "host:port/proto"');
  const bracketed = m[1];
  const host =
    bracketed !== undefined
      ? validateAddress('service host', bracketed)
      : validateHost('service host', m[2]).host;
  return {
    host,
    port: validatePort('service port', m[3]),
    proto: m[4] === undefined ? 'tcp' : validateProto('service proto', m[4]),
  };
}

/** A validated action target: what each placeholder or rule may use. */
export interface ValidTarget {
  kind: TargetKind;
  /** Set when the target is (or names) an IP address. */
  address: string | null;
  /** Address or host name of the target (the host of a service or an account). */
  host: string | null;
  port: number | null;
  proto: Proto | null;
  /** The user of an account target. */
  user: string | null;
}

/** The catalogue verb of an action and its target, validated by the verb's target kind. */
export function validateAction(a: ResponseAction): { verb: CatalogueVerb; target: ValidTarget } {
  const v = typeof a.verb === 'string' ? verb(a.verb) : undefined;
  if (!v) throw new EnforcementError('verb', a.verb, 'not a catalogue verb');
  const none = { address: null, host: null, port: null, proto: null, user: null };
  const t = a.target;
  switch (v.targetKind) {
    case 'none':
    case 'network':
      if (t !== null) throw new EnforcementError('target', t, `must be empty for ${v.id}`);
      return { verb: v, target: { kind: v.targetKind, ...none } };
    case 'endpoint': {
      const address = validateAddress('target address', t);
      return { verb: v, target: { kind: 'endpoint', ...none, address, host: address } };
    }
    case 'host':
      return { verb: v, target: { kind: 'host', ...none, ...validateHost('target host', t) } };
    case 'service': {
      const s = parseServiceTarget(t as string);
      const address = isIP(s.host) !== 0 ? s.host : null;
      return { verb: v, target: { kind: 'service', ...none, ...s, address } };
    }
    case 'account': {
      const at = typeof t === 'string' ? t.lastIndexOf('@') : -1;
      if (typeof t !== 'string' || at < 0)
        throw new EnforcementError('target account', t, 'not "user@host"');
      const user = t.slice(0, at);
      if (!USER.test(user)) throw new EnforcementError('account user', user, 'not a user name');
      const h = validateHost('account host', t.slice(at + 1));
      return { verb: v, target: { kind: 'account', ...none, ...h, user } };
    }
  }
}
