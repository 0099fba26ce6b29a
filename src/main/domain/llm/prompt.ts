/**
 * The advisor's prompt, in the paper's structure: fixed instructions (cached once per sequence)
 * and three per-query slots: the predicted attack, the candidate actions, the KG records. Two
 * styles fill them: 'default' (Rampart's wording, a JSON answer naming a candidate ID) and
 * 'paper' (the paper's Table III, word for word, answered with the action's name).
 */
import type { PromptStyle } from '../../../shared/contract/model';
import type { Catalogue } from '../catalogue/catalogue';
import type { AdvisorQuery, KgAnswer } from '../catalogue/types';

export type { PromptStyle };

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

/** The text that opens every default-style answer: candidate scoring continues right after it. */
export const ANSWER_PREFIX = '{"action": "';

/**
 * Table III of the paper (Knowledge-infused RL with an LLM for mitigation), "-System-" part,
 * verbatim; the text says the actions are "separated by comma", so slot 2 is comma-separated.
 */
export const PAPER_INSTRUCTIONS = [
  'You are a Cybersecurity expert. Given a predicted attack on networks, you must select one mitigation action from the following list separated by comma to mitigate the predicted attack.',
  '',
  'Some previous records of predicted traffic and selected actions with its rewards are also given below. You must select the action with reward 5.00. If the records do not have any action with reward 5.00, select based on your knowledge of the MITRE ATT&CK framework.',
  '',
  'In addition to previous records, which signature used for prediction and confidence of prediction are given. Sometimes the prediction can be wrong. According to previous records, how many times the particular prediction was wrong and what was actual traffic are given below.',
  '',
  'Reason thoroughly before answering and consider the fact that predictions can be wrong. When prediction is wrong, some possible true attack list is also given below.',
].join('\n');

/** The fixed instructions of a style (the system message). */
export function instructionsFor(style: PromptStyle): string {
  return style === 'paper' ? PAPER_INSTRUCTIONS : ADVISOR_INSTRUCTIONS;
}

/** What opens the answer before the candidate's own text ('' in the paper's style). */
export function answerPrefix(style: PromptStyle): string {
  return style === 'paper' ? '' : ANSWER_PREFIX;
}

/** The answer text that names `c` after the prefix: `ID"` (default) or the action's name (paper). */
export function candidateAnswer(
  style: PromptStyle,
  c: Pick<PromptCandidate, 'id' | 'name'>,
): string {
  return style === 'paper' ? c.name : `${c.id}"`;
}

/** One action offered to the model: its catalogue index, ATT&CK ID and name. */
export interface PromptCandidate {
  action: number;
  id: string;
  name: string;
  historicalReward: number | null;
}

/** The per-query part of a prompt (slots 1–3) and the candidates it offers. */
export interface AdvisorPrompt {
  /** Which template was filled. */
  style: PromptStyle;
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

/**
 * Build the prompt for one query in `style` (default 'default'), keeping at most `maxRecords` KG
 * records (default: all).
 */
export function buildPrompt(
  q: AdvisorQuery,
  answer: KgAnswer,
  cat: Catalogue,
  maxRecords = answer.records.length,
  style: PromptStyle = 'default',
): AdvisorPrompt {
  if (style === 'paper') return buildPaperPrompt(q, answer, cat, maxRecords);
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
  return {
    style: 'default',
    system: ADVISOR_INSTRUCTIONS,
    user,
    candidates,
    recordsUsed: records.length,
  };
}

/**
 * Table III's "-User-" part with its three slots: {attack} (the predicted type with the signature
 * and its confidence), {actions} (the candidates' names, comma-separated) and {records}.
 */
function buildPaperPrompt(
  q: AdvisorQuery,
  answer: KgAnswer,
  cat: Catalogue,
  maxRecords: number,
): AdvisorPrompt {
  const candidates = promptCandidates(cat, answer);
  const c = q.confidence;
  const attack =
    `${q.predictedClass} (signature ${q.signature}: ${q.signatureText}; ` +
    `confidence ${fmt(c.mean)}, 95% interval ${fmt(c.lo)}–${fmt(c.hi)})`;
  const actions = candidates.map((x) => x.name).join(', ');
  const records = answer.records.slice(0, Math.max(0, maxRecords));
  const recordText = records.length ? records.map((r) => r.text).join('\n') : 'none';
  const user =
    `Now, if ${attack} traffic is predicted. Select one mitigation action from the given list. ` +
    `Output only the mitigation action name, nothing else. Mitigation actions: ${actions}\n` +
    `Previous records: ${recordText}`;
  return {
    style: 'paper',
    system: PAPER_INSTRUCTIONS,
    user,
    candidates,
    recordsUsed: records.length,
  };
}

/**
 * The GBNF grammar of an answer in `style`: exactly the text candidate scoring walks, i.e. the
 * prefix then one candidate's answer (`{"action": "M1037"}` with no optional whitespace, or a
 * name alone). A JSON-schema grammar would also allow whitespace, and a real model takes it
 * (Gemma 3 writes `{\n    "action": …`), so the answer and π_LLM would follow different tokens.
 */
export function answerGrammar(style: PromptStyle, candidates: readonly PromptCandidate[]): string {
  const alts = candidates.map((c) => JSON.stringify(style === 'paper' ? c.name : c.id)).join(' | ');
  return style === 'paper'
    ? `root ::= ${alts}`
    : `root ::= ${JSON.stringify(ANSWER_PREFIX)} ( ${alts} ) ${JSON.stringify('"}')}`;
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
