/** The console's view of a study report: the regime, means with intervals, tests and review. */
import type { PairedSummary, StudyMethodResult, StudyResult } from '../../../shared/contract';
import type { PairedTest } from '../../domain/eval/stats';
import type { MethodReport, StudyReport } from '../../domain/eval/study';

// t is left out: it is ±Infinity when every seed differs by the same amount (not JSON).
const paired = (t: PairedTest): PairedSummary => ({
  n: t.n,
  meanDiff: t.meanDiff,
  ci95: t.ci95,
  p: t.p,
});

function methodResult(m: MethodReport): StudyMethodResult {
  const r = m.review;
  return {
    avgReward: m.avgReward,
    avgRewardWeighted: m.avgRewardWeighted,
    avgRewardFlows: m.avgRewardFlows,
    perClass: m.perClass,
    correctWhenRight: m.correctWhenRight,
    correctWhenWrong: m.correctWhenWrong,
    ci95: m.ci95
      ? { avgReward: m.ci95.avgReward, avgRewardWeighted: m.ci95.avgRewardWeighted }
      : null,
    vsPpo: m.vsPpo
      ? {
          avgReward: paired(m.vsPpo.avgReward),
          avgRewardWeighted: paired(m.vsPpo.avgRewardWeighted),
        }
      : null,
    review: {
      flaggedShare: r.flaggedShare,
      wrongActionShare: r.wrongActionShare,
      wrongCaughtShare: r.wrongCaughtShare,
      aurc: r.aurc,
      aurcByB: r.aurcByB,
      aurcByPi: r.aurcByPi,
      ci95: r.ci95 ?? null,
    },
  };
}

/** Keep what the Training screen shows of `rampart eval`'s report. */
export function studyResultOf(report: StudyReport): StudyResult {
  const g = report.regime;
  const methods: StudyResult['methods'] = {};
  for (const [name, m] of Object.entries(report.methods) as [
    keyof StudyReport['methods'],
    MethodReport | undefined,
  ][])
    if (m) methods[name] = methodResult(m);
  const o = report.oracle;
  return {
    regime: {
      train: g.train,
      test: g.test,
      split: g.split,
      prevalence: g.prevalence,
      prevalenceSource: g.prevalenceSource,
      seeds: g.seeds,
      seedList: g.seedList,
      maxDepth: g.maxDepth,
      minLeaf: g.minLeaf,
      lambdaStart: g.lambdaStart,
      lambdaEnd: g.lambdaEnd,
      testClassesDropped: g.testClassesDropped,
      classesNotInTrain: g.classesNotInTrain,
    },
    advisor: report.advisor,
    detector: {
      macroF1: report.detector.macroF1,
      macroF1Ci95: report.detector.macroF1Ci95 ?? null,
      accuracy: report.detector.accuracy,
      signatures: report.detector.signatures,
    },
    calibration: {
      ece: report.calibration.ece,
      eceCi95: report.calibration.eceCi95 ?? null,
      meanB: report.calibration.meanB,
      accuracy: report.calibration.accuracy,
    },
    methods,
    oracle: {
      train: {
        avgReward: o.train.avgReward,
        avgRewardWeighted: o.train.avgRewardWeighted,
        ci95: o.ci95?.train.avgReward ?? null,
      },
      test: {
        avgReward: o.test.avgReward,
        avgRewardWeighted: o.test.avgRewardWeighted,
        ci95: o.ci95?.test.avgReward ?? null,
      },
    },
    seconds: report.seconds,
  };
}
