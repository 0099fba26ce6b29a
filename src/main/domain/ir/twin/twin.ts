/**
 * The deterministic incident twin: a scenario's network under one attacker variant. Actions take
 * effect as facts; each stage latches once its hidden requirements hold; the attacker keeps
 * emitting (seeded) alerts until the actions that stop it are in place.
 */
import { isRecovered, NO_STAGES, toStageBits } from '../core/recovery';
import type { IrAlert, Observation, ResponseAction, ScenarioSpec, StageBits } from '../core/types';
import { actionKey, verb, VERBS } from '../core/verbs';
import {
  DEFAULT_EVIDENCE_NOISE,
  type FeedbackModel,
  type Requirement,
  type ScenarioModel,
  type VariantModel,
} from './scenarios/model';
import { hash32, Mulberry32 } from '../../random';
import { scenarioModel } from './scenarios';

/** Options of a twin: which variant to run (default the spec's true one) and the alert seed. */
export interface TwinOptions {
  variant?: string;
  seed: number;
  /** The scenario's model when it is not registered (default: looked up by the spec's id). */
  model?: ScenarioModel;
}

/** Epoch of step 0 of every scenario (alerts are stamped one minute apart per step). */
const T0 = Date.UTC(2026, 5, 10, 13, 0, 0);
const COLLECT = new Set([
  'collect-logs',
  'collect-pcap',
  'collect-memory',
  'collect-disk-image',
  'scan-host',
]);

/** A running twin. */
export class Twin {
  readonly model: ScenarioModel;
  readonly variant: VariantModel;
  private readonly seed: number;
  private readonly factSet = new Set<string>();
  private readonly downSet = new Set<string>();
  private readonly rebuilt = new Set<string>();
  private bits: StageBits = NO_STAGES;
  private t = 0;
  private rng: Mulberry32;
  private readonly history: ResponseAction[] = [];
  private readonly opening: IrAlert[];
  private lastFeedback: FeedbackModel = { clean: '', obscured: null, noise: 0 };

  constructor(
    readonly spec: ScenarioSpec,
    opts: TwinOptions,
  ) {
    this.model = opts.model ?? scenarioModel(spec.id);
    const id = opts.variant ?? spec.trueVariant;
    const variant = this.model.variants[id];
    if (!variant) throw new Error(`scenario ${spec.id} has no variant ${id}`);
    this.variant = variant;
    this.seed = opts.seed;
    this.rng = new Mulberry32((opts.seed ^ hash32(`${spec.id}/${id}`)) | 0);
    this.opening = this.emit(0);
  }

  /** Stages done so far. */
  get stages(): StageBits {
    return this.bits;
  }

  /** Actions taken so far. */
  get steps(): number {
    return this.t;
  }

  /** Action keys in effect. */
  get facts(): ReadonlySet<string> {
    return this.factSet;
  }

  /** Hosts and services currently down ("ip" or "ip:port"). */
  get down(): ReadonlySet<string> {
    return this.downSet;
  }

  /** Hosts rebuilt from a clean image (their evidence is gone). */
  get reimaged(): ReadonlySet<string> {
    return this.rebuilt;
  }

  /** The actions taken, in order. */
  get actions(): readonly ResponseAction[] {
    return this.history;
  }

  /** True when all six stages are done. */
  get done(): boolean {
    return isRecovered(this.bits);
  }

  /** The incident's opening alerts (step 0). */
  initialObservation(): Observation {
    return {
      step: 0,
      alerts: this.opening,
      feedback: `incident opened with ${this.opening.length} alerts`,
      valid: true,
      done: false,
    };
  }

  /** Take one action: it costs a step whether or not it helps. */
  step(a: ResponseAction): Observation {
    this.t++;
    this.history.push(a);
    const valid = this.isValid(a);
    const key = actionKey(a);
    const clean = valid ? this.apply(a) : `invalid action: ${key} (unknown verb or target)`;
    const telling = valid && this.variant.evidence[key] === clean;
    const noise = this.model.evidenceNoise ?? DEFAULT_EVIDENCE_NOISE;
    this.lastFeedback = { clean, obscured: telling ? defaultFeedback(a) : null, noise };
    const missed = telling && hash32(`${this.seed}|${this.spec.id}|${key}`) / 4294967296 < noise;
    const feedback = missed ? defaultFeedback(a) : clean;
    this.bits = this.evaluate();
    return { step: this.t, alerts: this.emit(this.t), feedback, valid, done: this.done };
  }

  /** What the last step could have printed. */
  get feedbackModel(): FeedbackModel {
    return this.lastFeedback;
  }

  /** A copy with the same history; under another variant the history is replayed. */
  clone(variant?: string): Twin {
    const id = variant ?? this.variant.id;
    const c = new Twin(this.spec, { variant: id, seed: this.seed, model: this.model });
    if (id !== this.variant.id) {
      for (const a of this.history) c.step(a);
      return c;
    }
    for (const f of this.factSet) c.factSet.add(f);
    for (const d of this.downSet) c.downSet.add(d);
    for (const r of this.rebuilt) c.rebuilt.add(r);
    c.history.push(...this.history);
    c.bits = this.bits;
    c.t = this.t;
    c.rng = this.rng.copy();
    c.lastFeedback = this.lastFeedback;
    return c;
  }

  /** Every valid action in this network (catalogue verbs × targets of the right kind). */
  validActions(): ResponseAction[] {
    const out: ResponseAction[] = [];
    for (const v of VERBS)
      for (const target of targetsOf(this.model, v.targetKind)) out.push({ verb: v.id, target });
    return out;
  }

  /** Whether a requirement holds on the current facts. */
  satisfied(r: Requirement): boolean {
    return r.anyOf.some((alt) => alt.every((key) => this.factSet.has(key)));
  }

  /** Whether every critical host and service is up. */
  criticalUp(): boolean {
    return this.spec.hosts.every(
      (h) =>
        !h.critical ||
        (!this.downSet.has(h.ip) &&
          !h.services.some((s) => this.downSet.has(serviceTarget(h.ip, s)))),
    );
  }

  private isValid(a: ResponseAction): boolean {
    const v = verb(a.verb);
    if (!v) return false;
    return targetsOf(this.model, v.targetKind).includes(a.target);
  }

  /** Put an action into effect; returns the feedback line. */
  private apply(a: ResponseAction): string {
    const key = actionKey(a);
    const target = a.target ?? '';
    if (COLLECT.has(a.verb) && this.rebuilt.has(target))
      return `${a.verb} ${target}: host was rebuilt from a clean image; no evidence left`;
    if (
      a.verb === 'reconnect-host' ||
      a.verb === 'restart-service' ||
      a.verb === 'unblock-endpoint'
    ) {
      const undo = a.verb === 'unblock-endpoint' ? `block-endpoint ${target}` : null;
      if (undo && this.factSet.delete(undo)) return `${target} unblocked`;
      const wasDown = this.downSet.delete(target);
      const fresh = !this.factSet.has(key);
      this.factSet.add(key);
      if (a.verb === 'reconnect-host') this.factSet.delete(`isolate-host ${target}`);
      else this.factSet.delete(`disable-service ${target}`);
      if (wasDown) return `${target} is back up`;
      return fresh
        ? (this.variant.evidence[key] ?? `${key}: done (it was up)`)
        : `${key}: already in effect`;
    }
    if (this.factSet.has(key)) return `${key}: already in effect`;
    this.factSet.add(key);
    if (a.verb === 'isolate-host' || a.verb === 'disable-service') this.downSet.add(target);
    if (a.verb === 'reimage-host') this.rebuilt.add(target);
    return this.variant.evidence[key] ?? defaultFeedback(a);
  }

  /** Latch every stage whose requirements hold (restoration needs the other five and services up). */
  private evaluate(): StageBits {
    const r = this.variant.requirements;
    const next = [
      r.containment.every((q) => this.satisfied(q)),
      r.assessment.every((q) => this.satisfied(q)),
      r.preservation.every((q) => this.satisfied(q)),
      r.eviction.every((q) => this.satisfied(q)),
      r.hardening.every((q) => this.satisfied(q)),
      false,
    ].map((b, i) => b || this.bits[i]!);
    next[5] =
      this.bits[5] ||
      (next.slice(0, 5).every(Boolean) &&
        r.restoration.every((q) => this.satisfied(q)) &&
        this.criticalUp());
    return toStageBits(next);
  }

  /** Alerts of step t: each active emitter draws a Poisson count. */
  private emit(t: number): IrAlert[] {
    const out: IrAlert[] = [];
    for (const e of this.variant.emitters) {
      if (t < e.from) continue;
      const stopped =
        e.until.some((key) => this.factSet.has(key)) ||
        this.factSet.has(`block-endpoint ${e.src}`) ||
        this.downSet.has(e.src) ||
        this.downSet.has(e.dst);
      if (stopped) continue;
      const n = Math.max(t === 0 ? 1 : 0, this.rng.poisson(e.rate));
      for (let i = 0; i < n; i++)
        out.push({
          time: T0 + t * 60_000 + this.rng.int(60_000),
          src: e.src,
          dst: e.dst,
          srcPort: 32768 + this.rng.int(28000),
          dstPort: e.dstPort,
          proto: e.proto,
          signature: e.signature,
          classification: e.classification,
          priority: e.priority,
          source: 'twin',
        });
    }
    return out.sort((x, y) => x.time - y.time);
  }
}

/** "tcp/22 ssh" on 10.0.2.11 → "10.0.2.11:22". */
export function serviceTarget(ip: string, service: string): string {
  const port = /\/(\d+)/.exec(service)?.[1] ?? '0';
  return `${ip}:${port}`;
}

/** Valid targets of a target kind in a scenario (null for untargeted verbs). */
export function targetsOf(m: ScenarioModel, kind: string): (string | null)[] {
  const internal = m.spec.hosts.filter((h) => h.role !== 'attacker' && h.role !== 'c2');
  switch (kind) {
    case 'none':
      return [null];
    case 'host':
      return internal.map((h) => h.ip);
    case 'endpoint':
      return [...new Set([...m.spec.hosts.map((h) => h.ip), ...m.external])];
    case 'account':
      return m.accounts;
    case 'service':
      return internal.flatMap((h) => h.services.map((s) => serviceTarget(h.ip, s)));
    default:
      return [];
  }
}

function defaultFeedback(a: ResponseAction): string {
  const t = a.target ?? '';
  switch (a.verb) {
    case 'collect-logs':
      return `logs from ${t}: nothing beyond the activity the alerts already show`;
    case 'collect-pcap':
      return `capture at ${t}: traffic matches the alerts already seen`;
    case 'collect-memory':
    case 'collect-disk-image':
      return `${a.verb} ${t}: image stored; no implant found in it`;
    case 'scan-host':
      return `scan of ${t}: no malware or unexpected listener found`;
    case 'monitor':
      return 'watched one step';
    case 'close-incident':
      return 'incident marked closed (recovery is judged by the stages, not by this)';
    default:
      return `${verb(a.verb)?.name ?? a.verb}${t ? ` ${t}` : ''}: done`;
  }
}
