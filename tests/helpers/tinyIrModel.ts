/**
 * A tiny random-weight GGUF for the LLM response agents (tests, `npm run bench -- --only ir`,
 * `scripts/make-tiny-gguf.ts --ir`): its tokenizer learns merges from the incident prompts' own
 * vocabulary, so the prompts fit the 4096-token context. Random weights: it says nothing of
 * response quality, only that the path from the public spec to the model and back works.
 */
import { writeTinyGguf } from './tinyGguf';
import { publicScenario } from '../../src/main/domain/ir/agents/common';
import { publicValidActions } from '../../src/main/domain/ir/agents/llmAgents';
import { IR_INSTRUCTIONS } from '../../src/main/domain/ir/llmAgent';
import { scenarioModel, SCENARIOS } from '../../src/main/domain/ir/twin';
import { STAGES } from '../../src/main/domain/ir/core/types';
import { VERBS } from '../../src/main/domain/ir/core/verbs';

/** The text the tokenizer learns from: instructions, catalogue, answer shape, scenarios' networks and actions. */
export function irPromptCorpus(
  scenarioIds: readonly string[] = SCENARIOS.map((m) => m.spec.id),
): string {
  const parts = [
    IR_INSTRUCTIONS,
    ...VERBS.map((v) => `- ${v.id}: ${v.name}; ${v.targetKind}; cost ${v.cost}. ${v.description}`),
    `{"done": [${STAGES.map((s) => `"${s}"`).join(', ')}], "next": {"verb": "monitor", "target": "none"}}`,
  ];
  for (const id of scenarioIds) {
    const s = scenarioModel(id).spec;
    parts.push(s.system, ...s.hosts.map((h) => `- ${h.ip} ${h.name} (${h.role})`));
    for (const a of publicValidActions(publicScenario(s)))
      parts.push(`{"verb": "${a.verb}", "target": "${a.target ?? 'none'}"}`);
  }
  return parts.join('\n');
}

/** Write the tiny IR model (seed 11, 2,048-token vocabulary); returns its size in bytes. */
export function writeTinyIrGguf(
  path: string,
  scenarioIds?: readonly string[],
  seed = 11,
): Promise<number> {
  return writeTinyGguf(path, { seed, corpus: irPromptCorpus(scenarioIds), vocabSize: 2048 });
}
