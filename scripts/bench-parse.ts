/**
 * Parse-only throughput of the CSV loader against uDSV's streaming parser, on one big file.
 *
 *   npx tsx scripts/bench-parse.ts --make /tmp/flows.csv [dir] [copies]   # build a test file
 *   npx tsx scripts/bench-parse.ts /tmp/flows.csv [read|udsv|udsv-strings|rampart ...]
 *
 * --make concatenates every CSV in dir (default ../shared/data/cicids2017/improved-rnd5000)
 * `copies` times (default 9, about 220 MB) under one header. Each mode runs in this process in
 * turn; run one mode per invocation for the cleanest numbers. MiB/CPU-s divides by the process's
 * CPU time, which stays comparable when other work shares the machine.
 */
import { createReadStream, createWriteStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inferSchema, initParser } from 'udsv';
import { readFlows } from '../src/main/domain/ingest';

const MIB = 2 ** 20;

async function make(out: string, dir: string, copies: number): Promise<void> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .map((f) => join(dir, f));
  const ws = createWriteStream(out);
  const first = readFileSync(files[0]!, 'utf8');
  ws.write(first.slice(0, first.indexOf('\n') + 1));
  for (let c = 0; c < copies; c++) {
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      ws.write(text.slice(text.indexOf('\n') + 1));
    }
  }
  await new Promise<void>((ok, fail) => ws.end((err?: Error | null) => (err ? fail(err) : ok())));
  console.log(`${out}: ${(statSync(out).size / MIB).toFixed(1)} MiB`);
}

/** Reading alone: the ceiling for any parser. */
async function readOnly(file: string): Promise<number> {
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: MIB }))
    bytes += (chunk as Buffer).length;
  return bytes > 0 ? 0 : 0;
}

/** uDSV in streaming mode: decode each chunk to text, parse to typed or string tuples. */
async function udsv(file: string, typed: boolean): Promise<number> {
  const decoder = new TextDecoder();
  let parser: ReturnType<typeof initParser> | null = null;
  let rows = 0;
  const onRow = () => {
    rows++;
  };
  for await (const chunk of createReadStream(file, { highWaterMark: MIB })) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    parser ??= initParser(inferSchema(text));
    if (typed) parser.chunk<unknown[]>(text, parser.typedArrs, onRow);
    else parser.chunk<string[]>(text, parser.stringArrs, onRow);
  }
  parser?.end();
  return rows;
}

/** The loader, batches discarded. */
async function rampart(file: string): Promise<number> {
  const stream = readFlows([file], { extraClasses: ['Bot', 'Heartbleed'] });
  let rows = 0;
  for await (const batch of stream) rows += batch.count;
  return rows;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--make') {
    const dir = args[2] ?? resolve(process.cwd(), '../shared/data/cicids2017/improved-rnd5000');
    return make(args[1] ?? '/tmp/flows.csv', dir, Number(args[3] ?? 9));
  }
  const file = args[0];
  if (file === undefined)
    throw new Error('usage: bench-parse.ts FILE [read|udsv|udsv-strings|rampart ...]');
  const modes = args.length > 1 ? args.slice(1) : ['read', 'udsv', 'udsv-strings', 'rampart'];
  const mib = statSync(file).size / MIB;
  for (const mode of modes) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const rows =
      mode === 'read'
        ? await readOnly(file)
        : mode === 'udsv'
          ? await udsv(file, true)
          : mode === 'udsv-strings'
            ? await udsv(file, false)
            : await rampart(file);
    const s = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    // CPU time (user + system, all threads) stays meaningful on a busy machine; wall time does not.
    const cpuS = (cpu.user + cpu.system) / 1e6;
    console.log(
      `${mode.padEnd(13)} ${(mib / s).toFixed(1).padStart(7)} MiB/s wall ${(mib / cpuS).toFixed(1).padStart(7)} MiB/CPU-s  ${s.toFixed(2)} s  ${rows} rows`,
    );
  }
}

await main();
