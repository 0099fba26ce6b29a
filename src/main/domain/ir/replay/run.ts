/**
 * The replay loop: flows in time order through the agent's enforcement; at every decision point
 * (one analyst step per incident per `stepDelayS` of replay time) the alerts that got through are
 * grouped into incidents and the agent proposes steps on each active one; the automatic analyst
 * approves them, and answers evidence forms from the ground-truth labels where they tell (else
 * "unknown"). Containment takes effect from the decision on.
 */
import type { ResponseAction } from '../core/types';
import { groupIncidentsWithReport, incidentConfig } from '../grouping';
import {
  alertsAfterStep,
  GroundedResponse,
  indexContext,
  loadHypotheses,
  perceive,
  type Answer,
  type HypothesisCatalogue,
} from '../grounded';
import type { ReplayFlow } from './flows';
import type { IncidentMemory, ReplayAgent } from './agents';
import { flowAlert, ReplayMeter, ReplayWorld, type AttackOutcome } from './world';

/** Replay settings (each documents its default). */
export interface ReplayOptions {
  /** Replay seconds one analyst step takes (default 60). */
  stepDelayS?: number;
  /** Quiet minutes that end an incident (default 10, the desk's). */
  gapMin?: number;
  /** How far back (minutes) a decision point groups alerts (default 120). */
  windowMin?: number;
  catalogue?: HypothesisCatalogue;
  signal?: AbortSignal;
}

/** One agent's replay result. */
export interface AgentReplay {
  agent: string;
  attacks: AttackOutcome[];
  benignFlows: number;
  collateral: number;
  steps: number;
  analystAnswers: number;
  decisionPoints: number;
  /** Steps by verb. */
  verbs: Record<string, number>;
  ms: number;
}

/**
 * The automatic analyst's answer from the labels: whether the incident's attackers sent labelled
 * attack traffic, what a host's own traffic shows; everything the labels cannot tell is unknown.
 */
function groundTruthAnswer(
  q: string,
  host: string,
  attackers: readonly string[],
  attackSources: Map<string, Set<string>>,
): Answer {
  if (q === 'q-attack-traffic') return attackers.some((a) => attackSources.has(a)) ? 'yes' : 'no';
  const out = attackSources.get(host);
  if (q === 'q-attacker-process') return out ? 'yes' : 'unknown';
  if (q === 'q-outbound')
    return out && [...out].some((d) => !/^(10|192\.168|172\.(1[6-9]|2\d|3[01]))\./.test(d))
      ? 'yes'
      : 'unknown';
  return 'unknown';
}

/** Replay `flows` under one agent. */
export async function replayAgent(
  flows: readonly ReplayFlow[],
  agent: ReplayAgent,
  opts: ReplayOptions = {},
): Promise<AgentReplay> {
  const t0 = performance.now();
  const cfg = incidentConfig({ gapMs: (opts.gapMin ?? 10) * 60_000 });
  const entity = (ip: string) => cfg.aliases[ip] ?? ip;
  const catalogue = opts.catalogue ?? loadHypotheses();
  const stepMs = (opts.stepDelayS ?? 60) * 1000;
  const windowMs = (opts.windowMin ?? 120) * 60_000;
  const world = new ReplayWorld(entity);
  const meter = new ReplayMeter();
  const alerts: ReturnType<typeof flowAlert>[] = [];
  const memory = new Map<string, IncidentMemory>();
  // Ground truth the automatic analyst may consult: who sent labelled attack traffic to whom.
  const attackSources = new Map<string, Set<string>>();
  const verbs: Record<string, number> = {};
  let steps = 0;
  let answers = 0;
  let points = 0;
  let nextTick = -Infinity;
  let attackSinceTick = false;
  let active = false;
  let windowStart = 0;

  const tick = async (now: number) => {
    points++;
    while (windowStart < alerts.length && alerts[windowStart]!.time < now - windowMs) windowStart++;
    const recent = alerts.slice(windowStart);
    const { incidents, report } = groupIncidentsWithReport(recent, cfg);
    const context = indexContext(recent);
    const lastId = alerts.length ? alerts[alerts.length - 1]!.alertId! : 0;
    active = false;
    for (const inc of incidents) {
      if (inc.falsePositive || inc.lastSeen < now - cfg.gapMs) continue;
      active = true;
      const key = inc.sources[0] ?? inc.id;
      let mem = memory.get(key);
      if (!mem || mem.lastSeen < inc.firstSeen - cfg.gapMs)
        memory.set(key, (mem = { done: [], answers: [], lastSeen: inc.lastSeen, closed: false }));
      mem.lastSeen = inc.lastSeen;
      if (mem.closed) continue;
      const perception = perceive(inc, context, cfg, report.gateways);
      // What later alerts showed about each containment step so far.
      for (const d of mem.done)
        d.alertsAfter = alertsAfterStep(alerts, d.action, d.afterId ?? 0, entity);
      const actions = await agent.decide(
        { incident: inc, perception, memory: mem, catalogue, blocked: (e) => world.isBlocked(e) },
        opts.signal,
      );
      const attackers = perception.attackers.map((x) => x.address);
      for (const a of actions)
        run(a, mem, lastId, new GroundedResponse(perception, catalogue), attackers);
    }
  };

  const run = (
    a: ResponseAction,
    mem: IncidentMemory,
    lastId: number,
    r: GroundedResponse,
    attackers: readonly string[],
  ) => {
    if (a.verb === 'close-incident') {
      mem.closed = true;
      return;
    }
    const step = mem.done.length + 1;
    steps++;
    verbs[a.verb] = (verbs[a.verb] ?? 0) + 1;
    world.apply(a);
    mem.done.push({ step, action: a, afterId: lastId });
    if (a.target === null) return;
    for (const q of r.formQuestions(a.verb, a.target)) {
      answers++;
      mem.answers.push({
        step,
        host: a.target,
        question: q.id,
        answer: groundTruthAnswer(q.id, a.target, attackers, attackSources),
      });
    }
  };

  for (const f of flows) {
    if (opts.signal?.aborted) throw new Error('replay cancelled');
    if (f.t >= nextTick) {
      if (attackSinceTick || active) await tick(f.t);
      attackSinceTick = false;
      nextTick = f.t + stepMs;
    }
    if (!f.benign) {
      const s = attackSources.get(entity(f.src)) ?? new Set<string>();
      s.add(entity(f.dst));
      attackSources.set(entity(f.src), s);
    }
    const dropped = world.drops(f);
    meter.count(f, dropped);
    if (dropped) continue;
    alerts.push(flowAlert(f));
    if (f.predicted !== 'Benign') attackSinceTick = true;
  }
  return {
    agent: agent.name,
    attacks: meter.outcomes(),
    benignFlows: meter.benignFlows,
    collateral: meter.collateral,
    steps,
    analystAnswers: answers,
    decisionPoints: points,
    verbs,
    ms: Math.round(performance.now() - t0),
  };
}
