/**
 * The jump-forward decoder's answer languages: each schema the roles use compiles to canonical
 * JSON texts, exactly the ones the schema allows (enumerated here through the decision points).
 */
import type { GbnfJsonSchema } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import {
  compileSchema,
  distinctOptions,
  type AnswerNode,
} from '../../src/main/domain/ir/llmAgent/choices';
import { actionSchema, stagesSchema } from '../../src/main/domain/ir/llmAgent/grounding';
import type { ResponseAction, ResponseVerb } from '../../src/main/domain/ir/core/types';

/** Every complete text of a language, walking its decision points depth first. */
function texts(lang: readonly AnswerNode[], limit = 10_000): string[] {
  const out: string[] = [];
  const walk = (prefix: string, cont: readonly AnswerNode[]): void => {
    if (out.length >= limit) return;
    if (cont.length === 0) return void out.push(prefix);
    const opts = distinctOptions(cont);
    expect(new Set(opts.map((o) => o.text)).size).toBe(opts.length);
    for (const o of opts) walk(prefix + o.text, o.rest);
  };
  walk('', lang);
  return out;
}

const verb = (id: string, targetKind: ResponseVerb['targetKind']): ResponseVerb => ({
  id,
  name: id,
  targetKind,
  cost: 1,
  description: '',
});

describe('jump-forward answer languages', () => {
  it('an action: one option per (verb, target) the network allows, in canonical JSON', () => {
    const verbs = [verb('block', 'host'), verb('isolate', 'host'), verb('monitor', 'none')];
    const valid: ResponseAction[] = [
      { verb: 'block', target: '10.0.0.1' },
      { verb: 'block', target: '10.0.0.12' },
      { verb: 'isolate', target: '10.0.0.12' },
      { verb: 'monitor', target: null },
    ];
    const lang = compileSchema(actionSchema(verbs, valid))!;
    const all = texts(lang);
    expect(all.sort()).toEqual(
      [
        '{"verb": "block", "target": "10.0.0.1"}',
        '{"verb": "block", "target": "10.0.0.12"}',
        '{"verb": "isolate", "target": "10.0.0.12"}',
        '{"verb": "monitor", "target": "none"}',
      ].sort(),
    );
    // The shared opening is carried into each verb's option: the first decision is the verb.
    expect(distinctOptions(lang).map((o) => o.text)).toEqual([
      '{"verb": "block", "target": ',
      '{"verb": "isolate", "target": ',
      '{"verb": "monitor", "target": ',
    ]);
  });

  it('bounded arrays: every length from minItems to maxItems, items from the enum', () => {
    const schema: GbnfJsonSchema = {
      type: 'object',
      properties: {
        xs: { type: 'array', items: { enum: ['a', 'b'] }, minItems: 1, maxItems: 2 },
        p: { enum: [1, 2] },
      },
      required: ['xs', 'p'],
      additionalProperties: false,
    };
    const all = texts(compileSchema(schema)!);
    expect(all).toHaveLength((2 + 4) * 2);
    for (const t of all) {
      const v = JSON.parse(t) as { xs: string[]; p: number };
      expect(v.xs.length).toBeGreaterThanOrEqual(1);
      expect(v.xs.length).toBeLessThanOrEqual(2);
      expect([1, 2]).toContain(v.p);
      expect(JSON.stringify(v).replace(/[:,]/g, (c) => `${c} `)).toBe(t);
    }
  });

  it('the stage list allows the empty list and all six stages', () => {
    const all = texts(compileSchema(stagesSchema())!, 2000); // depth first: long lists come early
    expect(all).toContain('[]');
    expect(all.some((t) => (JSON.parse(t) as string[]).length === 6)).toBe(true);
    expect(all.every((t) => (JSON.parse(t) as string[]).length <= 6)).toBe(true);
  });

  it('booleans, and null for what the decoder leaves to the grammar', () => {
    const b = compileSchema({
      type: 'object',
      properties: { a: { type: 'boolean' } },
      required: ['a'],
    });
    expect(texts(b!)).toEqual(['{"a": true}', '{"a": false}']);
    expect(compileSchema({ type: 'string' })).toBeNull();
    expect(compileSchema({ type: 'object', properties: { a: { type: 'boolean' } } })).toBeNull();
  });
});
