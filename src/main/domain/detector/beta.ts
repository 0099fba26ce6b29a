/** Beta-posterior confidence of a signature: how often its prediction was right. */
import jStat from 'jstat';

/** Beta(alpha, beta) prior on a signature's accuracy. */
export interface BetaPrior {
  alpha: number;
  beta: number;
}

/** Uniform prior Beta(1, 1), as in the paper. */
export const DEFAULT_BETA_PRIOR: BetaPrior = { alpha: 1, beta: 1 };

/**
 * Posterior mean (α + C) / (α + β + N) and its 95% equal-tailed interval, the 2.5% and 97.5%
 * quantiles of Beta(α + C, β + N − C), for C correct out of N matched flows.
 */
export function betaSummary(
  c: number,
  n: number,
  prior: BetaPrior = DEFAULT_BETA_PRIOR,
): { mean: number; lo: number; hi: number } {
  if (!(n >= 0 && c >= 0 && c <= n)) throw new RangeError(`need 0 <= C <= N, got C=${c} N=${n}`);
  if (!(prior.alpha > 0 && prior.beta > 0))
    throw new RangeError('Beta prior parameters must be > 0');
  const a = prior.alpha + c;
  const b = prior.beta + n - c;
  return { mean: a / (a + b), lo: jStat.beta.inv(0.025, a, b), hi: jStat.beta.inv(0.975, a, b) };
}
