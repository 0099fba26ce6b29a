/**
 * One benchmark phase per process, so each reports its own peak memory (maxRSS):
 *   gen <csv> <rows> <seed>   write the synthetic CSV (paper class mix)
 *   ingest <csv> <db>         CSV -> SQLite through the same path as `rampart ingest`
 *   tree <csv> <trainRows>    read, train the detector on trainRows rows, classify every row
 * Prints one JSON line.
 */
import { rmSync, statSync } from 'node:fs';
import { writeDemoCsv } from '../../src/main/domain/demo';
import { trainDetector } from '../../src/main/domain/classify/detect';
import { collectFlows } from '../../src/main/domain/classify/collect';
import { ingestToStore } from '../../src/main/app/loads/ingestToStore';
import { Store } from '../../src/main/store/store';

const MiB = 2 ** 20;
const peakMiB = () => process.resourceUsage().maxRSS / 1024;

async function gen(csv: string, rows: number, seed: number) {
  const t0 = performance.now();
  const r = await writeDemoCsv(csv, { rows, seed, mix: 'paper' });
  const s = (performance.now() - t0) / 1000;
  return {
    phase: 'gen',
    rows: r.rows,
    mib: r.bytes / MiB,
    seconds: s,
    rowsPerSec: r.rows / s,
    mibPerSec: r.bytes / MiB / s,
    peakRssMiB: peakMiB(),
  };
}

async function ingest(csv: string, db: string) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  const store = Store.open(db);
  const t0 = performance.now();
  const { report } = await ingestToStore(store, [csv], { collect: false });
  store.close();
  const s = (performance.now() - t0) / 1000;
  const mib = statSync(csv).size / MiB;
  return {
    phase: 'ingest',
    fileMiB: mib,
    rowsStored: report.rowsStored,
    rowsSkipped: report.rowsSkipped,
    seconds: s,
    mibPerSec: mib / s,
    rowsPerSec: report.rowsStored / s,
    dbMiB: statSync(db).size / MiB,
    peakRssMiB: peakMiB(),
  };
}

async function tree(csv: string, trainRows: number) {
  const t0 = performance.now();
  const { matrix, report } = await collectFlows([csv]);
  const readS = (performance.now() - t0) / 1000;
  const split = Math.min(0.95, trainRows / matrix.rows);
  const d = trainDetector(matrix, report.classNames, { split, seed: 1 });
  const leaves = new Int32Array(matrix.rows);
  const pred = new Int16Array(matrix.rows);
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    d.tree.predictBatch(matrix.featureView, matrix.rows, leaves, pred);
    best = Math.min(best, performance.now() - t);
  }
  return {
    phase: 'tree',
    rows: matrix.rows,
    readSeconds: readS,
    trainRows: d.train.length,
    trainSeconds: d.trainMs / 1000,
    signatures: d.signatures.length,
    depth: d.tree.depth,
    macroF1: d.report.macroF1,
    classifyFlowsPerSec: matrix.rows / (best / 1000),
    peakRssMiB: peakMiB(),
  };
}

const [phase, a = '', b = '', c = ''] = process.argv.slice(2);
const run =
  phase === 'gen'
    ? gen(a, Number(b), Number(c))
    : phase === 'ingest'
      ? ingest(a, b)
      : phase === 'tree'
        ? tree(a, Number(b))
        : null;
if (!run) {
  console.error('usage: phases.ts gen|ingest|tree …');
  process.exit(2);
}
console.log(JSON.stringify(await run));
