/** Build knowledge-graph experiences for tests. */
import { loadCatalogue, reward } from '../../src/main/domain/catalogue/catalogue';
import type { Experience } from '../../src/main/domain/catalogue/types';

const cat = loadCatalogue();

/**
 * n identical experiences; the reward follows the catalogue when the true class is known, and is
 * +1 for an unlabelled flow (an arbitrary observed reward, so unlabelled rows still count).
 */
export function exps(
  n: number,
  predictedClass: string,
  trueClass: string | null,
  signature: number,
  action: number,
  confidence = 0.9,
): Experience[] {
  const r = trueClass === null ? 1 : reward(cat, trueClass, action);
  return Array.from({ length: n }, () => ({
    predictedClass,
    trueClass,
    signature,
    confidence,
    action,
    reward: r,
  }));
}
