/**
 * The when and who of the synthetic flows: how many rows each class gets, when they happen (benign
 * traffic all along, each attack in a few time-clustered bursts) and between which hosts, in the
 * shape of the CIC-IDS2017 testbed (victim network 192.168.10.0/24 behind a firewall that NATs
 * external attackers to 172.16.0.1).
 */
import { TRAFFIC_CLASSES } from '../../../shared/classes';
import type { TrafficClass } from '../../../shared/classes';
import type { DemoProfile } from './profile';
import type { Sfc32 } from '../random';
import type { ClassMix } from './types';

/** Full-dataset flow counts per class (the paper's Table I): the 'paper' mix. */
export const PAPER_CLASS_COUNTS: Readonly<Record<TrafficClass, number>> = {
  Benign: 2_271_320,
  DDoS: 128_025,
  DoS: 251_712,
  'FTP-Patator': 7_935,
  'SSH-Patator': 5_897,
  Web: 2_180,
  Infiltration: 2_003,
  PortScan: 158_804,
};

/** 2017-07-03 09:00 UTC, the Monday CIC-IDS2017's capture started. */
export const DEFAULT_START_TIME_MS = Date.UTC(2017, 6, 3, 9, 0, 0);

/** Mean flow rate over the whole timeline: CIC-IDS2017 logged ~2.8M flows in ~40 working hours. */
const FLOWS_PER_SECOND = 20;
/** Flow rate inside an attack burst, by class (order of magnitude of the real captures). */
const BURST_RATE: Readonly<Record<TrafficClass, number>> = {
  Benign: FLOWS_PER_SECOND,
  DDoS: 150,
  DoS: 120,
  'FTP-Patator': 8,
  'SSH-Patator': 6,
  Web: 4,
  Infiltration: 3,
  PortScan: 120,
};
/** Attacks of one class take at most this share of the timeline. */
const MAX_ATTACK_SHARE = 0.4;

/**
 * CIC-IDS2017's documented attacker machines (Kali 205.174.165.73; Windows 8.1 205.174.165.69–71 for
 * the LOIC DDoS). Its CSVs show them NAT'd as 172.16.0.1, which the profile's endpoints carry; a
 * share of bursts uses these so that the demo shows several attacker entities.
 */
const EXTRA_ATTACKERS: Readonly<Record<TrafficClass, readonly string[]>> = {
  Benign: [],
  DDoS: ['205.174.165.69', '205.174.165.70', '205.174.165.71'],
  DoS: ['205.174.165.73'],
  'FTP-Patator': ['205.174.165.73'],
  'SSH-Patator': ['205.174.165.73'],
  Web: ['205.174.165.73'],
  Infiltration: [],
  PortScan: ['205.174.165.73'],
};
const EXTRA_ATTACKER_SHARE = 0.3;

/** CIC-IDS2017's victim hosts (servers .3 DC/DNS, .50 web, .51 Ubuntu; the rest workstations). */
const INTERNAL_HOSTS = [3, 5, 8, 9, 12, 14, 15, 16, 17, 19, 25, 50, 51].map(
  (h) => `192.168.10.${h}`,
);
/** Linux's default ephemeral port range, which the attackers' tools draw from. */
const EPHEMERAL_LO = 32768;
const EPHEMERAL_SPAN = 60999 - EPHEMERAL_LO + 1;

/** Splits `rows` across the eight classes (TRAFFIC_CLASSES order) by largest remainder. */
export function classCounts(rows: number, mix: ClassMix = 'paper'): number[] {
  if (!Number.isInteger(rows) || rows < 0)
    throw new RangeError(`rows must be an integer ≥ 0, got ${rows}`);
  let weights: number[];
  if (mix === 'paper') weights = TRAFFIC_CLASSES.map((c) => PAPER_CLASS_COUNTS[c]);
  else if (mix === 'balanced') weights = TRAFFIC_CLASSES.map(() => 1);
  else {
    const unknown = Object.keys(mix).filter(
      (k) => !(TRAFFIC_CLASSES as readonly string[]).includes(k),
    );
    if (unknown.length) throw new RangeError(`unknown classes in mix: ${unknown.join(', ')}`);
    weights = TRAFFIC_CLASSES.map((c) => mix[c] ?? 0);
    if (weights.some((w) => !Number.isFinite(w) || w < 0))
      throw new RangeError('mix weights must be finite and ≥ 0');
  }
  return largestRemainder(rows, weights);
}

function largestRemainder(n: number, weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (n > 0 && !(total > 0)) throw new RangeError('mix needs at least one positive weight');
  if (n === 0) return weights.map(() => 0);
  const raw = weights.map((w) => (n * w) / total);
  const out = raw.map(Math.floor);
  let left = n - out.reduce((a, b) => a + b, 0);
  const order = raw
    .map((r, i) => [r - Math.floor(r), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) if (left-- > 0) out[i] = (out[i] as number) + 1;
  return out;
}

/** A stretch of time in which one class emits `n` flows from one attacker. */
export interface Burst {
  t0: number;
  dur: number;
  n: number;
  attacker: string;
  portBase: number;
  portStep: number;
}

/** One class's flows in time order: bursts one after another, evenly jittered inside each. */
class ClassStream {
  bi = 0;
  k = 0;
  next = Infinity;
  constructor(readonly bursts: Burst[]) {}
  advance(rng: Sfc32): void {
    let b = this.bursts[this.bi];
    if (b && this.k >= b.n) {
      this.bi++;
      this.k = 0;
      b = this.bursts[this.bi];
    }
    this.next = b ? b.t0 + (b.dur * (this.k + rng.float())) / b.n : Infinity;
  }
}

/** The current flow's class, time (s from the start), burst and index within it. */
export interface TimelineEvent {
  cls: number;
  t: number;
  burst: Burst;
  k: number;
}

/** Merges the classes' streams into one sequence of non-decreasing times. */
export class Timeline {
  private readonly streams: ClassStream[];
  private readonly ev: TimelineEvent = {
    cls: 0,
    t: 0,
    burst: { t0: 0, dur: 0, n: 0, attacker: '', portBase: 0, portStep: 1 },
    k: 0,
  };

  constructor(
    counts: readonly number[],
    private readonly rng: Sfc32,
    attacker: (cls: number) => string,
  ) {
    const span = Math.max(60, counts.reduce((a, b) => a + b, 0) / FLOWS_PER_SECOND);
    this.streams = counts.map(
      (n, c) =>
        new ClassStream(c === 0 ? [this.burst(0, span, n, '')] : this.plan(c, n, span, attacker)),
    );
    for (const s of this.streams) s.advance(rng);
  }

  private burst(t0: number, dur: number, n: number, attacker: string): Burst {
    return {
      t0,
      dur,
      n,
      attacker,
      portBase: this.rng.int(EPHEMERAL_SPAN),
      portStep: 1 + this.rng.int(2),
    };
  }

  /** Splits an attack class's rows into a few bursts with random gaps between them. */
  private plan(c: number, n: number, span: number, attacker: (cls: number) => string): Burst[] {
    if (n === 0) return [];
    const cls = TRAFFIC_CLASSES[c] as TrafficClass;
    const count = Math.min(n, 8, Math.max(1, Math.ceil(Math.sqrt(n) / 10)));
    const sizes = largestRemainder(
      n - count,
      Array.from({ length: count }, () => 0.5 + this.rng.float()),
    ).map((s) => s + 1);
    const busy = Math.min(n / BURST_RATE[cls], MAX_ATTACK_SHARE * span);
    const gaps = Array.from({ length: count + 1 }, () => 0.05 + this.rng.float());
    const gapSum = gaps.reduce((a, b) => a + b, 0);
    let t = 0;
    return sizes.map((size, b) => {
      t += ((gaps[b] as number) / gapSum) * (span - busy);
      const dur = (busy * size) / n;
      const burst = this.burst(t, dur, size, attacker(c));
      t += dur;
      return burst;
    });
  }

  /** The next flow's event (a reused object), or null when every class is exhausted. */
  next(): TimelineEvent | null {
    let best = -1;
    let bestT = Infinity;
    this.streams.forEach((s, c) => {
      if (s.next < bestT) [best, bestT] = [c, s.next];
    });
    if (best < 0) return null;
    const s = this.streams[best] as ClassStream;
    const ev = this.ev;
    ev.cls = best;
    ev.t = bestT;
    ev.burst = s.bursts[s.bi] as Burst;
    ev.k = s.k++;
    s.advance(this.rng);
    return ev;
  }
}

/** A weighted address list; the unlisted remainder is drawn from internal hosts or the internet. */
interface Pool {
  ips: string[];
  cum: Float64Array;
  internal: boolean;
}

interface Endpoint {
  samePort: number;
  src: Pool;
  dst: Pool;
}

const isPrivate = (ip: string): boolean => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(ip);

function pool(list: [string, number][]): Pool {
  let s = 0;
  const priv = list.reduce((a, [ip, w]) => a + (isPrivate(ip) ? w : -w), 0);
  return {
    ips: list.map(([ip]) => ip),
    cum: Float64Array.from(list, ([, w]) => (s += w)),
    internal: priv >= 0,
  };
}

/** Picks the hosts and ports of each flow from the profile's fitted endpoints. */
export class Entities {
  private readonly byPort: Map<number, Endpoint>[] = [];
  private readonly fallback: Endpoint[] = [];
  private readonly internet: string[];

  constructor(
    profile: DemoProfile,
    private readonly rng: Sfc32,
  ) {
    for (const cls of TRAFFIC_CLASSES) {
      const m = new Map<number, Endpoint>();
      for (const e of profile.classes[cls].endpoints) {
        const ep = { samePort: e.samePort, src: pool(e.src), dst: pool(e.dst) };
        if (e.port === null) this.fallback.push(ep);
        else m.set(e.port, ep);
      }
      this.byPort.push(m);
    }
    // A fixed set of public addresses stands in for "the rest of the internet".
    this.internet = Array.from({ length: 512 }, () => this.publicIp());
  }

  private publicIp(): string {
    const r = this.rng;
    let a = 0;
    while (a === 0 || a === 10 || a === 127 || a === 172 || a === 192 || a >= 224)
      a = 1 + r.int(223);
    return `${a}.${r.int(256)}.${r.int(256)}.${1 + r.int(254)}`;
  }

  private pick(p: Pool): string {
    const u = this.rng.float();
    for (let i = 0; i < p.cum.length; i++) if (u < (p.cum[i] as number)) return p.ips[i] as string;
    const others = p.internal ? INTERNAL_HOSTS : this.internet;
    return others[this.rng.int(others.length)] as string;
  }

  /** The attacker of a new burst of class `cls`. */
  attacker(cls: number): string {
    const extra = EXTRA_ATTACKERS[TRAFFIC_CLASSES[cls] as TrafficClass];
    if (extra.length && this.rng.float() < EXTRA_ATTACKER_SHARE)
      return extra[this.rng.int(extra.length)] as string;
    return this.pick((this.fallback[cls] as Endpoint).src);
  }

  /** Fills the addresses and source port of a flow of class `ev.cls` to `dstPort`. */
  fill(
    ev: TimelineEvent,
    dstPort: number,
    out: { srcIp: string; srcPort: number; dstIp: string },
  ): void {
    const ep = this.byPort[ev.cls]?.get(dstPort) ?? (this.fallback[ev.cls] as Endpoint);
    const b = ev.burst;
    out.srcIp = ev.cls === 0 ? this.pick(ep.src) : b.attacker;
    out.dstIp = this.pick(ep.dst);
    // A host does not talk to itself; the pools may still offer it (the DNS server is both ends).
    for (let i = 0; out.dstIp === out.srcIp; i++) {
      out.dstIp =
        i < 3 ? this.pick(ep.dst) : (INTERNAL_HOSTS[this.rng.int(INTERNAL_HOSTS.length)] as string);
    }
    if (this.rng.float() < ep.samePort) out.srcPort = dstPort;
    else if (ev.cls === 0) out.srcPort = EPHEMERAL_LO + this.rng.int(65536 - EPHEMERAL_LO);
    // A tool opening connection after connection walks up the ephemeral range.
    else out.srcPort = EPHEMERAL_LO + ((b.portBase + ev.k * b.portStep) % EPHEMERAL_SPAN);
  }
}
