/** JobRunner: job.finished is shaped by the job's kind, whether its body returns or throws. */
import { describe, expect, it } from 'vitest';
import { EventHub } from '../../src/main/app/hub/dispatch';
import { JobRunner } from '../../src/main/app/hub/jobs';
import type { JobFinished } from '../../src/shared/contract';

/** Run one job and resolve with its job.finished payload. */
function finished(start: (jobs: JobRunner) => string): Promise<JobFinished> {
  const hub = new EventHub();
  const jobs = new JobRunner(hub);
  return new Promise((res) => {
    let jobId = '';
    hub.subscribe((event, payload) => {
      if (event === 'job.finished' && (payload as JobFinished).jobId === jobId)
        res(payload as JobFinished);
    });
    jobId = start(jobs);
  });
}

describe('JobRunner', () => {
  it('reports a download as a download: the file, and no row counts', async () => {
    const ok = await finished((jobs) =>
      jobs.start('download', async () => ({
        kind: 'download',
        path: '/models/m.gguf',
        ok: true,
        cancelled: false,
        error: null,
      })),
    );
    expect(ok).toEqual({
      jobId: ok.jobId,
      kind: 'download',
      path: '/models/m.gguf',
      ok: true,
      cancelled: false,
      error: null,
    });
    const failed = await finished((jobs) =>
      jobs.start('download', async () => {
        throw new Error('HTTP 404');
      }),
    );
    expect(failed).toEqual({
      jobId: failed.jobId,
      kind: 'download',
      path: null,
      ok: false,
      cancelled: false,
      error: 'HTTP 404',
    });
  });

  it('ends a load whose body throws as a load that stored nothing', async () => {
    const f = await finished((jobs) =>
      jobs.start('load', async () => {
        throw new Error('disk full');
      }),
    );
    expect(f).toMatchObject({
      kind: 'load',
      ok: false,
      error: 'disk full',
      datasetId: null,
      rowsStored: 0,
      rowsSkipped: 0,
    });
  });
});
