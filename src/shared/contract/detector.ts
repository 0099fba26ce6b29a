/** The detector's test report and its signatures (`detector.report`, `signatures.get`). */
import { z } from 'zod';
import { id, type BetaSummary } from './common';

/** Argument schemas of the detector requests. */
export const detectorRequests = {
  'detector.report': z.object({ detectorId: id.optional() }).strict(),
  'signatures.get': z.object({ id }).strict(),
} as const;

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface DetectorReport {
  detectorId: number;
  datasetId: number;
  createdAt: string;
  signatures: number;
  depth: number;
  trainRows: number;
  testRows: number;
  trainMs: number;
  classes: string[];
  perClass: Record<string, ClassMetrics>;
  macroF1: number;
  accuracy: number;
  /** confusion[true][predicted] over the test split. */
  confusion: number[][];
}

export interface Condition {
  feature: string;
  op: '<=' | '>';
  threshold: number;
}

export interface SignatureDetail {
  id: number;
  detectorId: number;
  predictedClass: string;
  conditions: Condition[];
  text: string;
  n: number;
  c: number;
  alpha: number;
  beta: number;
  confidence: BetaSummary;
}

/** Result types of the detector requests. */
export interface DetectorResults {
  'detector.report': DetectorReport | null;
  'signatures.get': SignatureDetail | null;
}
