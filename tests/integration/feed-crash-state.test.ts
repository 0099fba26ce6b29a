/**
 * A dataset whose writer never finished and left no job record — a live feed's when the process
 * died, since feeds write as they receive — is offered a way on after the restart, and a feed that
 * stopped with an error (a final report stored) is not mistaken for one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createAppService } from '../../src/main/app/service';
import { Store } from '../../src/main/store/store';
import { callService } from '../helpers/service';

const dir = mkdtempSync(join(tmpdir(), 'rampart-feed-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('offers delete / start again for a feed dataset its dead process left loading', async () => {
  const dbPath = join(dir, 'db.sqlite');
  const store = Store.open(dbPath);
  // What a feed leaves behind when its process is killed: a dataset still 'loading', no report.
  const crashed = store.createDataset(
    'Live feed: tcp 127.0.0.1:9000',
    ['127.0.0.1:9000'],
    false,
    [],
  );
  // A feed that stopped on an error writes its final report with status 'failed'.
  const errored = store.createDataset(
    'Live feed: tcp 127.0.0.1:9001',
    ['127.0.0.1:9001'],
    false,
    [],
  );
  store.finishDataset(errored, {
    status: 'failed',
    rowsSkipped: 0,
    classNames: [],
    report: { error: 'bind failed' },
  });
  store.close();

  const svc = await createAppService({ dbPath, host: 'headless', seedDemo: false });
  try {
    const list = await callService(svc, 'datasets.list', {});
    const a = list.find((d) => d.id === crashed)!;
    const b = list.find((d) => d.id === errored)!;
    expect(a.status).toBe('failed');
    expect(a.job).toBeNull();
    expect(a.next?.action).toBe('reload');
    expect(a.next?.why).toMatch(
      /live feed.*stopped with the process.*0 rows.*Delete it, or start the feed/,
    );
    expect(b.status).toBe('failed');
    expect(b.next).toBeNull();
  } finally {
    await svc.close();
  }
});
