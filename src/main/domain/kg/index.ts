/** The knowledge graph (paper 1, §III-B/C): building, querying, advising, exporting. */
export { KnowledgeGraph, edgeKey, type KgCounts, type KgGraph, type MisclassOut } from './graph';
export { queryKg, rewardedFor, rightActionText, actionName } from './query';
export {
  KgAdvisor,
  DEFAULT_KG_ADVISOR_OPTIONS,
  trueClassMix,
  expectedRewards,
  softmax,
  type KgAdvisorOptions,
  type TrueClassMix,
  type MixLevel,
} from './kgAdvisor';
export {
  toKgJson,
  fromKgJson,
  KG_JSON_FORMAT,
  KG_JSON_FORMAT_VERSION,
  type KgJson,
} from './serialize';
export { toGraphML } from './graphml';
export { exportKg, kgToText, formatOfPath, type KgExportFormat } from './export';
export type * from './types';
export { typeKey, actionKey, sigKey } from './types';
export { kgWholeView, kgNeighbourhoodView, type KgViewBody, type KgViewOptions } from './view';
export { kgMisclassMatrix, type SignatureIdOf } from './matrix';
