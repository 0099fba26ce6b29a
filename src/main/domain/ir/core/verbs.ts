/**
 * The response catalogue: typed verbs with what they act on and a relative cost (monitor 0 …
 * reimage 30). `phase` orders a plan (evidence first, then containment, eviction, hardening,
 * restoration), so collecting evidence always precedes the actions that destroy it.
 */
import type { ResponseAction, ResponseVerb, TargetKind } from './types';

/** A catalogue verb with the phase a plan puts it in (0 investigate … 4 restore, 5 close). */
export interface CatalogueVerb extends ResponseVerb {
  phase: number;
}

const v = (
  id: string,
  name: string,
  targetKind: TargetKind,
  cost: number,
  phase: number,
  description: string,
): CatalogueVerb => ({ id, name, targetKind, cost, phase, description });

/** Every verb the twin and the agents know, by id. */
export const VERBS: readonly CatalogueVerb[] = [
  v('monitor', 'Monitor', 'none', 0, 5, 'Wait one step and watch the alerts.'),
  v('close-incident', 'Close incident', 'none', 0, 5, 'Declare the incident handled.'),
  v('escalate', 'Escalate to tier 2', 'none', 1, 5, 'Hand the incident to a senior analyst.'),
  v('collect-logs', 'Collect logs', 'host', 1, 0, 'Pull auth, web and system logs from a host.'),
  v(
    'collect-pcap',
    'Collect packet capture',
    'host',
    1,
    0,
    'Capture traffic at a host or the gateway.',
  ),
  v(
    'collect-memory',
    'Collect memory image',
    'host',
    3,
    0,
    'Dump the RAM of a host for forensics.',
  ),
  v(
    'collect-disk-image',
    'Collect disk image',
    'host',
    5,
    0,
    'Image the disk of a host for forensics.',
  ),
  v('scan-host', 'Scan host', 'host', 2, 0, 'Malware and vulnerability scan of a host.'),
  v(
    'block-endpoint',
    'Block endpoint',
    'endpoint',
    2,
    1,
    'Drop all traffic from an address at the gateway.',
  ),
  v('unblock-endpoint', 'Unblock endpoint', 'endpoint', 1, 4, 'Lift a gateway block.'),
  v(
    'rate-limit-endpoint',
    'Rate-limit endpoint',
    'endpoint',
    1,
    1,
    'Throttle an address at the gateway.',
  ),
  v(
    'block-outbound-c2',
    'Block outbound to C2',
    'endpoint',
    2,
    1,
    'Drop egress to a command-and-control address.',
  ),
  v(
    'deploy-ips-rule',
    'Deploy IPS rule',
    'service',
    2,
    1,
    'Drop the attack pattern inline in front of a service.',
  ),
  v(
    'isolate-host',
    'Isolate host',
    'host',
    10,
    1,
    'Cut a host off the network (its services go down).',
  ),
  v('reconnect-host', 'Reconnect host', 'host', 2, 4, 'Put an isolated host back on the network.'),
  v(
    'kill-sessions',
    'Kill sessions',
    'host',
    2,
    2,
    'End every interactive session and attacker process on a host.',
  ),
  v('disable-account', 'Disable account', 'account', 3, 2, 'Lock an account.'),
  v(
    'rotate-credentials',
    'Rotate credentials',
    'account',
    3,
    2,
    'Reset an account’s password and keys.',
  ),
  v(
    'remove-malware',
    'Remove malware',
    'host',
    6,
    2,
    'Delete implants, webshells and persistence from a host.',
  ),
  v(
    'reimage-host',
    'Wipe and reimage host',
    'host',
    30,
    2,
    'Rebuild a host from a clean image (destroys evidence).',
  ),
  v(
    'revoke-certificate',
    'Revoke and reissue certificate',
    'service',
    4,
    2,
    'Replace a leaked TLS key.',
  ),
  v('patch-service', 'Patch service', 'service', 5, 3, 'Update the software behind a service.'),
  v(
    'harden-service-config',
    'Harden service config',
    'service',
    3,
    3,
    'Tighten a service’s configuration (timeouts, limits, CGI).',
  ),
  v(
    'enforce-password-policy',
    'Enforce password policy',
    'service',
    2,
    3,
    'Lock-out and complexity rules on a login service.',
  ),
  v('enable-mfa', 'Enable MFA', 'service', 3, 3, 'Require a second factor on a login service.'),
  v(
    'add-waf-rule',
    'Add WAF rule',
    'service',
    2,
    3,
    'Filter malicious requests (input validation) in front of a web service.',
  ),
  v(
    'segment-network',
    'Segment network',
    'none',
    8,
    3,
    'Restrict server-to-server traffic to what is needed.',
  ),
  v(
    'disable-service',
    'Disable service',
    'service',
    4,
    3,
    'Stop a service (it stays down until restarted).',
  ),
  v('restart-service', 'Restart service', 'service', 2, 4, 'Start a stopped service again.'),
  v(
    'restore-from-backup',
    'Restore from backup',
    'host',
    8,
    4,
    'Put back data the attacker changed from the last good backup.',
  ),
  v(
    'notify-users',
    'Notify users',
    'none',
    0,
    4,
    'Tell affected users what happened and what to do.',
  ),
];

/**
 * Verbs only the grounded incident desk plans with. The twin benchmark keeps VERBS as it was, so
 * its stored results still reproduce.
 */
export const DESK_ONLY_VERBS: readonly CatalogueVerb[] = [
  v(
    'reset-credentials',
    'Reset service credentials',
    'service',
    3,
    2,
    'Reset every password and key that logs in to a service on a host.',
  ),
];

const BY_ID = new Map([...VERBS, ...DESK_ONLY_VERBS].map((x) => [x.id, x]));

/** The verb with this id, or undefined. */
export function verb(id: string): CatalogueVerb | undefined {
  return BY_ID.get(id);
}

/** Stable text key of an action: "verb target" ("monitor -" when untargeted). */
export function actionKey(a: ResponseAction): string {
  return `${a.verb} ${a.target ?? '-'}`;
}

/** The action a key names (inverse of actionKey). */
export function parseActionKey(key: string): ResponseAction {
  const i = key.indexOf(' ');
  const verbId = i < 0 ? key : key.slice(0, i);
  const target = i < 0 ? '-' : key.slice(i + 1);
  return { verb: verbId, target: target === '-' ? null : target };
}

/** Cost of an action (an unknown verb costs nothing but is invalid anyway). */
export function actionCost(a: ResponseAction): number {
  return verb(a.verb)?.cost ?? 0;
}

/** Plan order of an action key: its verb's phase (unknown verbs last). */
export function phaseOf(key: string): number {
  return verb(parseActionKey(key).verb)?.phase ?? 9;
}
