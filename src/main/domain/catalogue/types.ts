/** Types shared by the decision engine: alert context, advisors and their advice. */
import type { BetaSummary } from '../../../shared/contract';

/** What an advisor is asked about one alert. */
export interface AdvisorQuery {
  /** Predicted traffic class name (e.g. 'DDoS'). */
  predictedClass: string;
  /** Signature (leaf) id within its detector, and its readable conditions. */
  signature: number;
  signatureText: string;
  /** The signature's Beta confidence. */
  confidence: BetaSummary;
}

/** One serialised KG record fed to an advisor, e.g. "action M1037 Filter Network Traffic: avg reward 4.9 over 812 flows". */
export interface KgRecord {
  kind: 'action-reward' | 'misclassification' | 'signature-confidence';
  text: string;
}

/** A candidate action after the paper's filtering rule, with its KG history. */
export interface Candidate {
  action: number;
  /** Mean historical reward of this action for this (type, signature) in the KG, or null if never tried. */
  historicalReward: number | null;
}

/** An advisor's answer. */
export interface Advice {
  /** Recommended action index into the catalogue. */
  action: number;
  /** Historical reward the advice was based on (R_LLM in the paper); 0 when none is known. */
  reward: number;
  /** A full distribution over every action (π_LLM), summing to 1. */
  distribution: Float32Array;
  /** Which advisor produced it: always shown to the analyst. */
  source: 'llm' | 'kg';
  /** Human-readable reasons (the KG records used). */
  evidence: KgRecord[];
}

/** Anything that can advise on an alert. */
export interface Advisor {
  readonly kind: 'llm' | 'kg';
  advise(q: AdvisorQuery, signal?: AbortSignal): Promise<Advice>;
}

/** What the knowledge graph answers for one (predicted type, signature). */
export interface KgAnswer {
  /** Serialised records about this type and signature (rewards, misclassifications, confidence). */
  records: KgRecord[];
  /** Actions left after the paper's filtering rule, with their historical rewards. */
  candidates: Candidate[];
  /** The KG version the answer was read from (advisor caches key on it). */
  version: number;
}

/** The read side of the knowledge graph, as advisors see it. */
export interface KgView {
  query(predictedClass: string, signature: number): KgAnswer;
}

/** One step of experience: what the replay buffer and analyst feedback feed into the KG. */
export interface Experience {
  predictedClass: string;
  /** The flow's true class, when known (always in training; from the analyst's disposition in the console). */
  trueClass: string | null;
  signature: number;
  /** The signature's Beta confidence mean at decision time. */
  confidence: number;
  action: number;
  reward: number;
}
