/** What `rampart eval` prints and writes: the method table, report.json, curves.svg, lambda.svg. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MixAverages } from '../../domain/eval/regime';
import type { StudyReport } from '../../domain/eval/study';
import { lineChart } from '../../domain/eval/svgChart';
import type { Method } from '../../domain/rl';
import { table } from './format';
import type { Provenance } from './provenance';

type MethodRow = NonNullable<StudyReport['methods'][Method]>;

/** report.json, curves.svg, table.md (and lambda.svg after a λ sweep) under DIR. */
export function writeOutputs(dir: string, r: StudyReport & { provenance: Provenance }): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), JSON.stringify(r, null, 2) + '\n');
  const series = Object.entries(r.methods)
    .filter(([, m]) => m && m.curve.length > 0)
    .map(([name, m]) => ({
      name,
      points: m!.curve.map((c) => [c.episodes, c.meanReward] as [number, number]),
    }));
  writeFileSync(
    join(dir, 'curves.svg'),
    lineChart(series, {
      title: `Training reward (${r.advisor.toUpperCase()} advisor, seed ${r.regime.seedList[0]})`,
      xLabel: 'training episodes',
      yLabel: 'mean rollout reward',
      reference: { y: r.oracle.trainOnTrainFlows, label: 'oracle (train)' },
    }),
  );
  if (r.lambdaSweep) writeFileSync(join(dir, 'lambda.svg'), lambdaChart(r));
  writeFileSync(join(dir, 'table.md'), markdownTable(r));
}

/** The paper's Fig. 3: class-balanced test reward against λ, with 95% intervals over seeds. */
export function lambdaChart(r: StudyReport): string {
  const sweep = r.lambdaSweep;
  if (!sweep) throw new Error('no λ sweep in this report');
  const series = Object.entries(sweep.methods).map(([name, pts]) => ({
    name,
    points: pts!.map((p) => [p.lambda, p.avgReward] as [number, number]),
    ...(pts!.every((p) => p.ci95) ? { errors: pts!.map((p) => p.ci95!.avgReward) } : {}),
  }));
  const seeds = r.regime.seeds;
  return lineChart(series, {
    title: `Test reward vs λ (${seeds} seed${seeds > 1 ? 's, 95% t intervals' : ''})`,
    xLabel: 'λ at the start of training (anneals to λ end)',
    yLabel: 'class-balanced test reward',
    reference: { y: r.oracle.train.avgReward, label: 'oracle (train)' },
  });
}

const MIX_LABEL: Record<keyof MixAverages, string> = {
  release: "full release's class mix",
  paper: "paper's Table I mix",
  data: "test data's own mix (per flow)",
};

/**
 * A method's column name. The advisor-alone slot is LLM-KG only when an LLM advised; with the
 * rule-based KG advisor it is named so (it is not the paper's LLM-KG).
 */
function methodHeader(m: Method, r: StudyReport): string {
  if (m !== 'llm-kg') return m;
  return r.advisor === 'kg' ? 'KG advisor (no LLM)' : 'LLM-KG';
}

function rows(r: StudyReport): { header: string[]; body: string[][] } {
  const names = Object.keys(r.methods) as Method[];
  const classes = Object.keys(r.oracle.train.perClass);
  const f = (x: number | null | undefined, d = 2) =>
    x === null || x === undefined ? '—' : x.toFixed(d);
  const pm = (x: number, ci: [number, number] | undefined, d = 3) =>
    ci ? `${x.toFixed(d)} ± ${((ci[1] - ci[0]) / 2).toFixed(d)}` : x.toFixed(d);
  const col = (get: (m: MethodRow) => string) => names.map((n) => get(r.methods[n]!));
  const oci = r.oracle.ci95;
  const mixRows = (Object.keys(MIX_LABEL) as (keyof MixAverages)[]).map((mix) => [
    `average weighted by the ${MIX_LABEL[mix]}${mix === r.regime.prevalence ? ' [avgRewardWeighted]' : ''}`,
    ...col((m) =>
      mix === r.regime.prevalence
        ? pm(m.avgRewardWeighted, m.ci95?.avgRewardWeighted)
        : f(m.avgRewardByMix[mix], 3),
    ),
    mix === r.regime.prevalence
      ? pm(r.oracle.train.avgRewardWeighted, oci?.train.avgRewardWeighted)
      : f(r.oracle.train.avgRewardByMix[mix], 3),
    mix === r.regime.prevalence
      ? pm(r.oracle.test.avgRewardWeighted, oci?.test.avgRewardWeighted)
      : f(r.oracle.test.avgRewardByMix[mix], 3),
  ]);
  return {
    header: ['', ...names.map((n) => methodHeader(n, r)), 'oracle (train)', 'oracle (test)'],
    body: [
      ...classes.map((c) => [
        c,
        ...col((m) => f(m.perClass[c])),
        f(r.oracle.train.perClass[c]),
        f(r.oracle.test.perClass[c]),
      ]),
      [
        'average (class-balanced) [avgReward]',
        ...col((m) => pm(m.avgReward, m.ci95?.avgReward)),
        pm(r.oracle.train.avgReward, oci?.train.avgReward),
        pm(r.oracle.test.avgReward, oci?.test.avgReward),
      ],
      ...mixRows,
      ...(names.some((n) => r.methods[n]?.online)
        ? [
            [
              'class-balanced, N/C/B online from test labels',
              ...col((m) => (m.online ? pm(m.online.avgReward, m.online.ci95?.avgReward) : '—')),
              '',
              '',
            ],
          ]
        : []),
      ...(names.some((n) => r.methods[n]?.vsPpo)
        ? [
            [
              'class-balanced − PPO (paired t-test p)',
              ...col((m) =>
                m.vsPpo
                  ? `${m.vsPpo.avgReward.meanDiff.toFixed(3)} (p ${m.vsPpo.avgReward.p.toFixed(3)})`
                  : '—',
              ),
              '',
              '',
            ],
          ]
        : []),
      [
        '% correct, detector right',
        ...col((m) => f(100 * m.correctWhenRight, 1)),
        f(100 * r.oracle.train.correctWhenRight, 1),
        f(100 * r.oracle.test.correctWhenRight, 1),
      ],
      [
        '% correct, detector wrong',
        ...col((m) => f(100 * m.correctWhenWrong, 1)),
        f(100 * r.oracle.train.correctWhenWrong, 1),
        f(100 * r.oracle.test.correctWhenWrong, 1),
      ],
      [
        '% positive reward, detector wrong',
        ...col((m) => f(100 * m.positiveWhenWrong, 1)),
        f(100 * r.oracle.train.positiveWhenWrong, 1),
        f(100 * r.oracle.test.positiveWhenWrong, 1),
      ],
      [
        'episodes to within 0.1 of oracle',
        ...col((m) =>
          m.episodesToNearOracle === null ? 'never/n.a.' : String(m.episodesToNearOracle),
        ),
        '',
        '',
      ],
      ['% flagged "needs review"', ...col((m) => f(100 * m.review.flaggedShare, 1)), '', ''],
      [
        '% of wrong actions flagged',
        ...col((m) =>
          m.review.wrongCaughtShare === null ? '—' : f(100 * m.review.wrongCaughtShare, 1),
        ),
        '',
        '',
      ],
      [
        'AURC: review / by B / by π',
        ...col(
          (m) => `${f(m.review.aurc, 4)} / ${f(m.review.aurcByB, 4)} / ${f(m.review.aurcByPi, 4)}`,
        ),
        '',
        '',
      ],
      ['latency per decision (ms)', ...col((m) => f(m.latencyMs, 4)), '', ''],
      ['advisor ms per real call', ...col((m) => f(m.adviceMsPerCall, 3)), '', ''],
      [
        'advisor calls while training (rounds)',
        ...col((m) =>
          m.trainingAdvice ? `${m.trainingAdvice.calls} (${m.trainingAdvice.rounds})` : '—',
        ),
        '',
        '',
      ],
      ['training time (s)', ...col((m) => f(m.trainSeconds, 1)), '', ''],
    ],
  };
}

function sweepRows(r: StudyReport): { header: string[]; body: string[][] } | null {
  const s = r.lambdaSweep;
  if (!s) return null;
  const names = Object.keys(s.methods) as Method[];
  return {
    header: ['λ', ...names.map((n) => `${n} (class-balanced)`)],
    body: s.lambdas.map((lambda) => [
      String(lambda),
      ...names.map((n) => {
        const p = s.methods[n]!.find((q) => q.lambda === lambda);
        if (!p) return '—';
        const ci = p.ci95?.avgReward;
        return ci
          ? `${p.avgReward.toFixed(3)} [${ci[0].toFixed(3)}, ${ci[1].toFixed(3)}]`
          : p.avgReward.toFixed(3);
      }),
    ]),
  };
}

function regimeLine(r: StudyReport): string {
  const g = r.regime;
  const source = g.test
    ? `train on ${g.train.length} file(s), test on ${g.test.length} other file(s)`
    : `split ${g.split} of ${g.train.length} file(s)`;
  const tree =
    g.maxDepth !== null || g.minLeaf !== null
      ? `, detector max depth ${g.maxDepth ?? 'default'} / min leaf ${g.minLeaf ?? 'default'}`
      : '';
  return `${source}; ${g.seeds} seed(s) ${g.seedList.join(', ')}; weighted by ${g.prevalenceSource}; λ ${g.lambdaStart} → ${g.lambdaEnd}${tree}; detector macro-F1 ${r.detector.macroF1.toFixed(4)}, ${r.detector.signatures} signatures`;
}

function markdownTable(r: StudyReport): string {
  const { header, body } = rows(r);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const sweep = sweepRows(r);
  return [
    `Average test reward per true class (${r.advisor.toUpperCase()} advisor, backend ${r.backend.name}; ${r.detector.trainRows} train / ${r.detector.testRows} test flows; ${regimeLine(r)}${r.regime.seeds > 1 ? '; mean ± 95% t half-width over seeds' : ''})`,
    '',
    line(header),
    line(header.map(() => '---')),
    ...body.map(line),
    '',
    `Reliability of B on the test flows (seed ${r.calibration.binsOfSeed}): ECE ${r.calibration.ece.toFixed(3)} (mean over seeds), MCE ${r.calibration.mce.toFixed(3)}`,
    '',
    line(['B bin', 'flows', 'mean B', 'detector right']),
    line(['---', '---', '---', '---']),
    ...r.calibration.bins
      .filter((b) => b.count > 0)
      .map((b) =>
        line([
          `${b.lo.toFixed(1)}–${b.hi.toFixed(1)}`,
          String(b.count),
          b.meanB.toFixed(3),
          b.accuracy.toFixed(3),
        ]),
      ),
    '',
    ...(sweep
      ? [
          'Test reward by λ (mean [95% t interval] over seeds)',
          '',
          line(sweep.header),
          line(sweep.header.map(() => '---')),
          ...sweep.body.map(line),
          '',
        ]
      : []),
  ].join('\n');
}

/** The table and a summary line on stdout. */
export function printReport(r: StudyReport, out: string | undefined): void {
  const { header, body } = rows(r);
  console.log(`\n${table(header, body)}\n`);
  const sweep = sweepRows(r);
  if (sweep) console.log(`test reward by λ:\n${table(sweep.header, sweep.body)}\n`);
  console.log(regimeLine(r));
  const notInTrain = Object.keys(r.regime.classesNotInTrain);
  if (notInTrain.length)
    console.log(`test classes with no training flow: ${notInTrain.join(', ')}`);
  const dropped = Object.entries(r.regime.testClassesDropped);
  if (dropped.length)
    console.log(
      `test rows of classes the training source does not name (not scored): ${dropped.map(([c, n]) => `${c} ${n}`).join(', ')}`,
    );
  const cal = r.calibration;
  console.log(
    `B on the test flows: mean ${cal.meanB.toFixed(3)} vs accuracy ${cal.accuracy.toFixed(3)}, ECE ${cal.ece.toFixed(3)}${cal.eceCi95 ? ` [${cal.eceCi95[0].toFixed(3)}, ${cal.eceCi95[1].toFixed(3)}]` : ''}, MCE ${cal.mce.toFixed(3)}`,
  );
  console.log(
    `advisor: ${r.advisor === 'kg' ? 'KG advisor (no LLM)' : 'LLM advisor'}, ${r.advice.calls + r.advice.cacheHits === 0 ? "the warm-up graph's advice not asked (no llm-kg)" : `${r.advice.calls} real calls at ${r.advice.msPerCall.toFixed(3)} ms, ${r.advice.cacheHits} memo hits at ${r.advice.msPerCacheHit.toFixed(5)} ms`}; KG after warm-up ${r.kgWarmUp.nodes} nodes / ${r.kgWarmUp.edges} edges, final (${r.kg.of}) ${r.kg.nodes} / ${r.kg.edges}; ${r.seconds.toFixed(1)} s in all`,
  );
  if (out)
    console.log(
      `written ${join(out, 'report.json')}, curves.svg, table.md${r.lambdaSweep ? ', lambda.svg' : ''}`,
    );
}
