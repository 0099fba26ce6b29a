/** Node and edge attribute types of the knowledge graph, and the small helpers on them. */

/** Running reward statistics of one action in one context. */
export type RewardStat = {
  /** Sum of the rewards seen. */
  sum: number;
  /** How many rewards were seen. */
  count: number;
  /** How many of them were positive (an action with none is "only negative" for the filter). */
  positive: number;
};

/** A traffic-type node (`type:<Class>`). */
export type TypeNode = {
  kind: 'type';
  label: string;
  /** Flows predicted as this type. */
  predicted: number;
  /** Of those, flows whose true class was known (the misclassification rate's denominator). */
  labelled: number;
  /** Of the labelled ones, flows that really were this type. */
  correct: number;
  /** Rewards per action (index as key) over flows whose TRUE class was this type. */
  asTrue: Record<string, RewardStat>;
};

/** A mitigation-action node (`action:<ID>`). */
export type ActionNode = {
  kind: 'action';
  label: string;
  /** Index into the catalogue. */
  index: number;
  /** ATT&CK ID, or NONE. */
  id: string;
};

/** A signature node (`sig:<n>`); its statistics live on its edge to the type it predicts. */
export type SignatureNode = {
  kind: 'signature';
  label: string;
  signature: number;
};

/** Any node of the graph. */
export type KgNode = TypeNode | ActionNode | SignatureNode;

/** Edge type 1: predicted type → action, weighted by cumulative reward. */
export type RewardEdge = {
  kind: 'reward';
  /** Equals cumulativeReward (the paper's weight). */
  weight: number;
  cumulativeReward: number;
  count: number;
  positive: number;
  meanReward: number;
};

/** Edge type 2: signature → the type it predicts, weighted by its latest Beta confidence B. */
export type PredictsEdge = {
  kind: 'predicts';
  /** Equals confidence (the paper's weight). */
  weight: number;
  /** The signature's latest Beta confidence mean. */
  confidence: number;
  /** Flows this signature matched with this prediction. */
  flows: number;
  /** Of those, flows with a known true class. */
  labelled: number;
  /** Of the labelled ones, flows whose true class was the prediction. */
  correct: number;
  /** Labelled flows by true class (the signature's observed true-class mix). */
  trueCounts: Record<string, number>;
  /** Rewards per action (index as key) for this signature. */
  actions: Record<string, RewardStat>;
};

/** One signature's share of a misclassification edge. */
export type MisclassBySignature = {
  count: number;
  /** The signature's confidence at the latest of these misclassified flows. */
  confidence: number;
};

/** Edge type 3: predicted type → true type, when the two differ. */
export type MisclassEdge = {
  kind: 'misclassified';
  /** Equals rate (the paper's weight). */
  weight: number;
  count: number;
  /** count / labelled flows predicted as the source type. */
  rate: number;
  /** Per signature (number as key): how often it made this mistake, and its confidence. */
  signatures: Record<string, MisclassBySignature>;
};

/** Any edge of the graph. */
export type KgEdge = RewardEdge | PredictsEdge | MisclassEdge;

/** Node key of a traffic type. */
export function typeKey(cls: string): string {
  return `type:${cls}`;
}

/** Node key of a catalogue action, by its ATT&CK ID. */
export function actionKey(id: string): string {
  return `action:${id}`;
}

/** Node key of a signature. */
export function sigKey(signature: number): string {
  return `sig:${signature}`;
}

/** An empty reward statistic. */
export function emptyStat(): RewardStat {
  return { sum: 0, count: 0, positive: 0 };
}

/** Add one reward to a statistic in place. */
export function addReward(s: RewardStat, reward: number): void {
  s.sum += reward;
  s.count += 1;
  if (reward > 0) s.positive += 1;
}

/** Mean of a statistic, or null when it is empty. */
export function meanOf(s: RewardStat | undefined): number | null {
  return s && s.count > 0 ? s.sum / s.count : null;
}
