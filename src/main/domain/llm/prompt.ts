/**
 * The advisor's prompt, in the paper's structure: fixed instructions (cached once per sequence)
 * and three per-query slots: the predicted attack, the candidate actions, the KG records.
 */
import type { Catalogue } from '../catalogue/catalogue';
import type { AdvisorQuery, KgAnswer } from '../catalogue/types';

/** The fixed instructions: identical for every query, so their KV cache is evaluated once. */
export const ADVISOR_INSTRUCTIONS = [
  'You advise a security analyst on how to respond to a network intrusion alert.',
  'An intrusion detector has labelled a traffic flow with a predicted attack type and the',
  'signature (decision rule) that fired. Choose exactly one response action from the candidate',
  'actions listed for this alert.',
  'How to choose:',
  '1. Prefer the action whose recorded reward in the knowledge graph records is 5: it has',
  'worked best for this attack type and signature before.',
  '2. When no record settles it, use your knowledge of MITRE ATT&CK mitigations for the attack.',
  '3. The prediction may be wrong: weigh the signature confidence and the misclassification',
  'records (the actual types seen and the right action for them) before acting on it.',
  'Answer only with JSON of the form {"action": "<candidate ID>"}, using one of the candidate IDs.',
].join('\n');

/** The text that opens every answer: candidate scoring continues right after it. */
export const ANSWER_PREFIX = '{"action": "';

/** One action offered to the model: its catalogue index, ATT&CK ID and name. */
export interface PromptCandidate {
  action: number;
  id: string;
  name: string;
  historicalReward: number | null;
}

/** The per-query part of a prompt (slots 1–3) and the candidates it offers. */
export interface AdvisorPrompt {
  /** The fixed instructions (the system message). */
  system: string;
  /** Slots 1–3, filled for this query. */
  user: string;
  /** The candidates offered, in prompt order; never empty. */
  candidates: PromptCandidate[];
  /** How many KG records made it into the prompt (records may be dropped to fit the context). */
  recordsUsed: number;
}

/** The KG's candidates mapped to catalogue entries; falls back to every action when the KG offers none. */
export function promptCandidates(cat: Catalogue, answer: KgAnswer): PromptCandidate[] {
  const source =
    answer.candidates.length > 0
      ? answer.candidates
      : cat.actions.map((_, action) => ({ action, historicalReward: null }));
  const seen = new Set<number>();
  const out: PromptCandidate[] = [];
  for (const c of source) {
    const m = cat.actions[c.action];
    if (!m || seen.has(c.action)) continue; // an index outside the catalogue cannot be offered
    seen.add(c.action);
    out.push({ action: c.action, id: m.id, name: m.name, historicalReward: c.historicalReward });
  }
  if (out.length === 0) throw new Error('the knowledge graph offered no action from the catalogue');
  return out;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

/** Build the prompt for one query, keeping at most `maxRecords` KG records (default: all). */
export function buildPrompt(
  q: AdvisorQuery,
  answer: KgAnswer,
  cat: Catalogue,
  maxRecords = answer.records.length,
): AdvisorPrompt {
  const candidates = promptCandidates(cat, answer);
  const c = q.confidence;
  const slot1 = [
    `Predicted attack: ${q.predictedClass}.`,
    `Signature ${q.signature}: ${q.signatureText}.`,
    `Signature confidence: ${fmt(c.mean)} (95% interval ${fmt(c.lo)}–${fmt(c.hi)}).`,
  ].join('\n');
  const slot2 = candidates.map((x) => `${x.id}: ${x.name}`).join('\n');
  const records = answer.records.slice(0, Math.max(0, maxRecords));
  const slot3 = records.length ? records.map((r) => `- ${r.text}`).join('\n') : '- (none yet)';
  const user = [
    '## Alert',
    slot1,
    '## Candidate actions',
    slot2,
    '## Knowledge graph records',
    slot3,
    '## Answer',
  ].join('\n');
  return { system: ADVISOR_INSTRUCTIONS, user, candidates, recordsUsed: records.length };
}

/** The JSON schema of a valid answer: {"action": one of the candidate IDs}. */
export function answerSchema(candidates: readonly PromptCandidate[]) {
  return {
    type: 'object',
    properties: { action: { enum: candidates.map((c) => c.id) } },
    required: ['action'],
    additionalProperties: false,
  } as const;
}
