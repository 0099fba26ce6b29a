/**
 * The two homes of a policy network: TensorFlow.js variables (the tfjs path; tfjs-node-gpu where
 * it installs) or an Arena of the fused learner (the default on CPUs). Which one new and loaded
 * networks get follows the learner selectBackend chose.
 */
import { activeLearner } from './backend';
import type { FastMlp } from './fast/net';
import { createNets } from './fast/net';
import { Mlp, type MlpWeights } from './network';

/** A policy network on either path. */
export type Net = Mlp | FastMlp;

/** The net as TensorFlow.js variables, for code that only runs on the tfjs path. */
export function tfNet(n: Net): Mlp {
  if (n instanceof Mlp) return n;
  throw new Error(
    'this step runs on the TensorFlow.js path, but the network is on the fused learner',
  );
}

/**
 * Networks for these weights on the active learner: on the fused path they share one arena with
 * their parameters contiguous (the actor then the critic, as the PPO learner needs).
 */
export function makeNets(weights: MlpWeights[]): Net[] {
  if (activeLearner() === 'fused') return createNets(weights).nets;
  return weights.map((w) => new Mlp(w));
}
