/**
 * Incident response (paper 2): the shared vocabulary of incidents, the recovery model, the
 * deterministic twin that scores plans, and the agent loop. Every module of src/main/domain/ir builds on
 * these types; nothing here has behaviour.
 */

/** The six recovery stages, in the order the weighted cost charges them (6, 5, 4, 3, 2, 1). */
export const STAGES = [
  'containment',
  'assessment',
  'preservation',
  'eviction',
  'hardening',
  'restoration',
] as const;
export type Stage = (typeof STAGES)[number];

/** Which stages are done; each only ever moves from false to true. Indexed like STAGES. */
export type StageBits = readonly [boolean, boolean, boolean, boolean, boolean, boolean];

/** An IDS alert as the response side sees it (from flow alerts, Snort fast lines or Suricata EVE). */
export interface IrAlert {
  /** Epoch milliseconds. */
  time: number;
  src: string;
  dst: string;
  srcPort: number | null;
  dstPort: number | null;
  proto: string | null;
  /** Rule message / predicted class, e.g. "Potential SSH brute force attack" or "SSH-Patator". */
  signature: string;
  /** IDS classification, e.g. "attempted-admin" / "Attempted Administrator Privilege Gain". */
  classification: string;
  /** 1 = highest. */
  priority: number;
  /** Where it came from: 'flow' (a Rampart alert, with its id), 'snort', 'suricata', 'twin'. */
  source: 'flow' | 'snort' | 'suricata' | 'twin';
  /** Rampart alert id for source 'flow'. */
  alertId?: number;
}

/** Attack families incidents are grouped by (the flow classes of CICIDS plus what IDSs report). */
export const ATTACK_FAMILIES = [
  'brute-force',
  'dos',
  'ddos',
  'web-attack',
  'infiltration',
  'botnet',
  'port-scan',
  'heartbleed',
  'exploit',
  'lateral-movement',
  'benign',
  'other',
] as const;
export type AttackFamily = (typeof ATTACK_FAMILIES)[number];

/** A group of alerts that belong to one attack (or one benign burst: a false-positive incident). */
export interface Incident {
  id: string;
  family: AttackFamily;
  /** Normalised attacker-side entities (NAT folded, e.g. 172.16.0.1 → the external attacker). */
  sources: string[];
  /** Hosts the attack touched. */
  targets: string[];
  firstSeen: number;
  lastSeen: number;
  alerts: IrAlert[];
  /** Incidents this one continues (a target that later became a source, a shared C2). */
  chainedFrom: string[];
  /** True when every alert is benign traffic: the right answer is monitor / close. */
  falsePositive: boolean;
}

/** What a response verb acts on. */
export type TargetKind = 'host' | 'endpoint' | 'account' | 'service' | 'network' | 'none';

/** One verb of the response catalogue (block, isolate, collect evidence, reimage, restore, …). */
export interface ResponseVerb {
  id: string;
  name: string;
  targetKind: TargetKind;
  /** Relative cost of doing it (wait 0 … reimage 30), shown with simulated outcomes. */
  cost: number;
  description: string;
}

/** A concrete response step: a verb on a target (an IP, an account, a service like "10.0.2.11:22"). */
export interface ResponseAction {
  verb: string;
  target: string | null;
  params?: Record<string, string | number>;
}

/** One host of a scenario's network. */
export interface TwinHost {
  ip: string;
  name: string;
  role: 'attacker' | 'server' | 'workstation' | 'gateway' | 'c2';
  /** Services as "proto/port name", e.g. "tcp/22 ssh". */
  services: string[];
  /** Legitimate services that must answer for restoration. */
  critical: boolean;
}

/** An attacker variant: what the attacker actually did, which the agent must conjecture. */
export interface AttackVariant {
  id: string;
  title: string;
  /** ATT&CK tactics it uses. */
  tactics: string[];
  /** One line the analyst reads. */
  description: string;
}

/** A scenario of the twin: network, the true variant and decoys that start with the same alerts. */
export interface ScenarioSpec {
  id: string;
  title: string;
  family: AttackFamily;
  hosts: TwinHost[];
  variants: AttackVariant[];
  /** The variant the twin runs (hidden from agents). */
  trueVariant: string;
  /** Human-readable system description (what an LLM agent is told about the network). */
  system: string;
}

/** What an agent observes after each step (never the stage predicates themselves). */
export interface Observation {
  step: number;
  /** Alerts raised since the previous step. */
  alerts: IrAlert[];
  /** Free-text result of the last action, as a tool would print it (e.g. "host isolated"). */
  feedback: string;
  /** Whether the last action was valid in this network (a catalogue verb on an existing target). */
  valid: boolean;
  /** True when every stage is done (the incident is recovered). */
  done: boolean;
}

/** An attack conjecture: tactics and variant with confidence, and the evidence for and against. */
export interface Conjecture {
  variant: string;
  confidence: number;
  tactics: string[];
  /** Scores of every variant considered (sums to 1). */
  scores: Record<string, number>;
  evidenceFor: string[];
  evidenceAgainst: string[];
}

/** A candidate next action with its simulated outcome. */
export interface Candidate {
  action: ResponseAction;
  /** Mean predicted steps to full recovery after taking it (rollouts under the conjecture). */
  predictedSteps: number;
  /** Spread of the rollouts (max − min), for the abstain rule. */
  spread: number;
  /** Predicted stage bits right after the action. */
  predictedStages: StageBits;
}

/** What an agent decides at one step. */
export type AgentDecision =
  | {
      kind: 'act';
      action: ResponseAction;
      /** The agent's picture of the stages before acting. */
      believedStages: StageBits;
      conjecture: Conjecture | null;
      candidates: Candidate[];
      /** What it expects to observe next (compared with what it does observe: refinement). */
      expected: string;
      llmCalls: number;
      tokens: number;
    }
  | { kind: 'abstain'; reason: string; candidates: Candidate[]; conjecture: Conjecture | null };

/** A response agent: told about the incident once, then asked for one step at a time. */
export interface ResponseAgent {
  readonly name: string;
  start(
    incident: Incident,
    scenario: Pick<ScenarioSpec, 'id' | 'hosts' | 'system' | 'variants'>,
  ): Promise<void>;
  next(last: Observation | null, signal?: AbortSignal): Promise<AgentDecision>;
}
