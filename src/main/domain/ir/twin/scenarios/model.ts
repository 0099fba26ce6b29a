/**
 * How a scenario is written down: per variant, the requirements that decide each stage (hidden
 * from agents), the alerts it emits and the feedback its evidence actions print. The twin runs a
 * model; the solver reads the same requirements to find the optimal plan.
 */
import type { ScenarioSpec, Stage } from '../../core/types';

/** A stage condition: satisfied when every action key of any one alternative has taken effect. */
export interface Requirement {
  label: string;
  anyOf: string[][];
}

/** An alert source: emits about `rate` alerts per step from step `from` until any `until` key holds. */
export interface Emitter {
  signature: string;
  classification: string;
  priority: number;
  src: string;
  dst: string;
  dstPort: number | null;
  proto: string;
  /** First step that emits (0 = already in the incident's opening alerts). */
  from: number;
  /** Expected alerts per step (drawn per step from the twin's seeded generator). */
  rate: number;
  /** Action keys any one of which stops it. */
  until: string[];
}

/** One attacker variant of a scenario. */
export interface VariantModel {
  id: string;
  requirements: Record<Stage, Requirement[]>;
  emitters: Emitter[];
  /** Feedback an evidence action prints under this variant (action key → text). */
  evidence: Record<string, string>;
}

/** A whole scenario: the public spec plus what the twin needs to run each variant. */
export interface ScenarioModel {
  spec: ScenarioSpec;
  /** Accounts on the network, as "user@ip" (targets of account verbs). */
  accounts: string[];
  /** Addresses outside the protected network (attackers, C2). */
  external: string[];
  /** Chance that an evidence action shows nothing telling (logs rotated, capture missed). Default DEFAULT_EVIDENCE_NOISE. */
  evidenceNoise?: number;
  variants: Record<string, VariantModel>;
}

/** Default chance that an evidence action comes back empty-handed (seeded per twin and action). */
export const DEFAULT_EVIDENCE_NOISE = 0.25;

/** What the last action could have printed: its telling text and, for evidence, the empty-handed one. */
export interface FeedbackModel {
  clean: string;
  /** The generic text shown instead when the evidence is missed; null when the text is certain. */
  obscured: string | null;
  noise: number;
}

/** A requirement with one alternative. */
export const need = (label: string, ...keys: string[]): Requirement => ({ label, anyOf: [keys] });

/** A requirement with several alternatives. */
export const oneOf = (label: string, ...alts: string[][]): Requirement => ({ label, anyOf: alts });

/** Shorthands for action keys. */
export const k = {
  block: (ip: string) => `block-endpoint ${ip}`,
  rate: (ip: string) => `rate-limit-endpoint ${ip}`,
  c2: (ip: string) => `block-outbound-c2 ${ip}`,
  ips: (svc: string) => `deploy-ips-rule ${svc}`,
  isolate: (ip: string) => `isolate-host ${ip}`,
  logs: (ip: string) => `collect-logs ${ip}`,
  pcap: (ip: string) => `collect-pcap ${ip}`,
  memory: (ip: string) => `collect-memory ${ip}`,
  disk: (ip: string) => `collect-disk-image ${ip}`,
  scan: (ip: string) => `scan-host ${ip}`,
  kill: (ip: string) => `kill-sessions ${ip}`,
  rotate: (acct: string) => `rotate-credentials ${acct}`,
  disable: (acct: string) => `disable-account ${acct}`,
  malware: (ip: string) => `remove-malware ${ip}`,
  reimage: (ip: string) => `reimage-host ${ip}`,
  cert: (svc: string) => `revoke-certificate ${svc}`,
  patch: (svc: string) => `patch-service ${svc}`,
  harden: (svc: string) => `harden-service-config ${svc}`,
  password: (svc: string) => `enforce-password-policy ${svc}`,
  mfa: (svc: string) => `enable-mfa ${svc}`,
  waf: (svc: string) => `add-waf-rule ${svc}`,
  segment: () => 'segment-network -',
  backup: (ip: string) => `restore-from-backup ${ip}`,
};

/** Build an emitter with defaults (TCP, from step 0, rate 3). */
export function emit(
  signature: string,
  classification: string,
  src: string,
  dst: string,
  dstPort: number | null,
  opts: Partial<Pick<Emitter, 'priority' | 'proto' | 'from' | 'rate' | 'until'>> = {},
): Emitter {
  return {
    signature,
    classification,
    priority: opts.priority ?? 2,
    src,
    dst,
    dstPort,
    proto: opts.proto ?? 'TCP',
    from: opts.from ?? 0,
    rate: opts.rate ?? 3,
    until: opts.until ?? [],
  };
}
