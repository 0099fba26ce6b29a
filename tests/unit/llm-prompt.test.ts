import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/main/domain/catalogue/catalogue';
import type { AdvisorQuery, KgAnswer } from '../../src/main/domain/catalogue/types';
import {
  ADVISOR_INSTRUCTIONS,
  ANSWER_PREFIX,
  PAPER_INSTRUCTIONS,
  answerGrammar,
  answerPrefix,
  answerSchema,
  buildPrompt,
  candidateAnswer,
  instructionsFor,
  promptCandidates,
} from '../../src/main/domain/llm/prompt';
import { validate } from '../../src/main/domain/llm/llmAdvisor';

const cat = loadCatalogue();
const q: AdvisorQuery = {
  predictedClass: 'SSH-Patator',
  signature: 17,
  signatureText: 'Dst Port = 22 and Flow Duration > 3.2',
  confidence: { mean: 0.81, lo: 0.7, hi: 0.9 },
};
const answer: KgAnswer = {
  version: 3,
  records: [
    {
      kind: 'action-reward',
      text: 'action M1032 Multi-factor Authentication: avg reward 5 over 40 flows',
    },
    {
      kind: 'misclassification',
      text: 'misclassification rate 0.12; actual types seen: FTP-Patator',
    },
  ],
  candidates: [
    { action: 5, historicalReward: 5 },
    { action: 1, historicalReward: -1.5 },
    { action: 0, historicalReward: null },
  ],
};

describe('buildPrompt', () => {
  it('fills the three slots and keeps the instructions fixed', () => {
    const p = buildPrompt(q, answer, cat);
    expect(p.system).toBe(ADVISOR_INSTRUCTIONS);
    expect(p.user).toContain('Predicted attack: SSH-Patator.');
    expect(p.user).toContain('Signature 17: Dst Port = 22 and Flow Duration > 3.2.');
    expect(p.user).toContain('0.81');
    for (const r of answer.records) expect(p.user).toContain(r.text);
    expect(p.recordsUsed).toBe(2);
    expect(ADVISOR_INSTRUCTIONS).toMatch(/reward .*is 5/s);
    expect(ADVISOR_INSTRUCTIONS).toMatch(/ATT&CK/);
    expect(ADVISOR_INSTRUCTIONS).toMatch(/prediction may be wrong/);
  });

  it('offers only the KG candidates, by ID and name', () => {
    const p = buildPrompt(q, answer, cat);
    expect(p.candidates.map((c) => c.action)).toEqual([5, 1, 0]);
    const slot2 = p.user.split('## Candidate actions\n')[1]?.split('\n## ')[0] ?? '';
    expect(slot2.split('\n')).toEqual(
      [5, 1, 0].map((a) => `${cat.actions[a]?.id}: ${cat.actions[a]?.name}`),
    );
    for (const [i, a] of cat.actions.entries())
      if (![5, 1, 0].includes(i)) expect(slot2).not.toContain(a.id + ':');
  });

  it('drops records from the end when asked to fit, and says so', () => {
    const p = buildPrompt(q, answer, cat, 1);
    expect(p.recordsUsed).toBe(1);
    expect(p.user).not.toContain('misclassification rate');
    expect(buildPrompt(q, answer, cat, 0).user).toContain('(none yet)');
  });

  it('falls back to the whole catalogue when the KG offers no candidate, and ignores unknown indices', () => {
    expect(promptCandidates(cat, { ...answer, candidates: [] })).toHaveLength(cat.actions.length);
    const c = promptCandidates(cat, {
      ...answer,
      candidates: [
        { action: 99, historicalReward: 5 },
        { action: 2, historicalReward: 1 },
      ],
    });
    expect(c.map((x) => x.action)).toEqual([2]);
  });

  it('builds an enum schema of the candidate IDs', () => {
    const s = answerSchema(buildPrompt(q, answer, cat).candidates);
    expect(s.properties.action.enum).toEqual([cat.actions[5]?.id, cat.actions[1]?.id, 'NONE']);
    expect(s.required).toEqual(['action']);
  });
});

describe('validate', () => {
  const cands = buildPrompt(q, answer, cat).candidates;
  it('accepts a candidate ID', () => {
    const v = validate(`{"action": "${cat.actions[1]?.id}"}`, cands);
    expect(v).toMatchObject({ chosen: { action: 1 }, fallback: null });
  });
  it('falls back to the best-reward candidate on an unknown ID', () => {
    expect(validate('{"action": "M9999"}', cands)).toMatchObject({
      chosen: { action: 5 },
      fallback: 'unknown-action',
    });
  });
  it('falls back on unparseable text', () => {
    expect(validate('{"action": "M10', cands)).toMatchObject({
      chosen: { action: 5 },
      fallback: 'unparseable',
    });
    expect(validate('[]', cands).fallback).toBe('unparseable');
  });
});

describe("the paper's prompt (Table III)", () => {
  const p = buildPrompt(q, answer, cat, answer.records.length, 'paper');

  it('the default style stays the default', () => {
    expect(buildPrompt(q, answer, cat)).toEqual(
      buildPrompt(q, answer, cat, answer.records.length, 'default'),
    );
    expect(buildPrompt(q, answer, cat).style).toBe('default');
    expect(instructionsFor('default')).toBe(ADVISOR_INSTRUCTIONS);
    expect(answerPrefix('default')).toBe(ANSWER_PREFIX);
  });

  it('uses the -System- text word for word', () => {
    expect(p.style).toBe('paper');
    expect(p.system).toBe(PAPER_INSTRUCTIONS);
    expect(instructionsFor('paper')).toBe(PAPER_INSTRUCTIONS);
    for (const sentence of [
      'You are a Cybersecurity expert. Given a predicted attack on networks, you must select one mitigation action from the following list separated by comma to mitigate the predicted attack.',
      'You must select the action with reward 5.00. If the records do not have any action with reward 5.00, select based on your knowledge of the MITRE ATT&CK framework.',
      'Sometimes the prediction can be wrong.',
      'Reason thoroughly before answering and consider the fact that predictions can be wrong. When prediction is wrong, some possible true attack list is also given below.',
    ])
      expect(p.system).toContain(sentence);
  });

  it('fills {attack}, {actions} and {records} in the -User- text', () => {
    const names = [5, 1, 0].map((a) => cat.actions[a]?.name).join(', ');
    expect(p.user).toBe(
      'Now, if SSH-Patator (signature 17: Dst Port = 22 and Flow Duration > 3.2; confidence 0.81, ' +
        '95% interval 0.70–0.90) traffic is predicted. Select one mitigation action from the given list. ' +
        `Output only the mitigation action name, nothing else. Mitigation actions: ${names}\n` +
        `Previous records: ${answer.records.map((r) => r.text).join('\n')}`,
    );
    expect(p.candidates.map((c) => c.action)).toEqual([5, 1, 0]);
    expect(p.recordsUsed).toBe(2);
    const none = buildPrompt(q, answer, cat, 0, 'paper');
    expect(none.user.endsWith('Previous records: none')).toBe(true);
    expect(none.recordsUsed).toBe(0);
  });

  it('is answered by an action name alone, constrained to the candidates', () => {
    expect(answerPrefix('paper')).toBe('');
    const c = p.candidates[0]!;
    expect(candidateAnswer('paper', c)).toBe(c.name);
    expect(candidateAnswer('default', c)).toBe(`${c.id}"`);
    expect(answerGrammar('paper', p.candidates)).toBe(
      `root ::= ${p.candidates.map((x) => JSON.stringify(x.name)).join(' | ')}`,
    );
    expect(answerGrammar('default', p.candidates)).toBe(
      'root ::= "{\\"action\\": \\"" ( "M1042" | "M1037" | "NONE" ) "\\"}"',
    );
    expect(validate(` ${c.name}.`, p.candidates, 'paper')).toMatchObject({
      chosen: { action: c.action },
      fallback: null,
    });
    expect(validate(c.id, p.candidates, 'paper').fallback).toBeNull();
    expect(validate('Reboot everything', p.candidates, 'paper').fallback).toBe('unknown-action');
    expect(validate('  ', p.candidates, 'paper').fallback).toBe('unparseable');
  });
});
