/**
 * The Model screen's Automation section: per predicted class, approve a fresh recommendation
 * automatically when the signature's Beta confidence mean reaches a threshold. Off by default.
 */
import { useState, type FormEvent } from 'react';
import type { AppInfo, AutoApproveSettings } from '../../../shared/contract';
import { useClient } from '../api/context';
import { useCoreQuery, useTask } from '../api/useCore';
import { ThresholdRow } from './ThresholdRow';
import {
  draftFrom,
  draftProblems,
  draftThresholds,
  panelClasses,
  type ClassDraft,
  type Draft,
} from './thresholds';

/** The section: loads the classes and the saved thresholds, then shows the form. */
export function AutomationPanel() {
  const info = useCoreQuery('app.info', {}).data ?? null;
  const thresholds = useCoreQuery('autoApprove.get', {});
  const saved = thresholds.data ?? null;
  const error = thresholds.error && `Could not load the thresholds: ${thresholds.error}`;
  return (
    <div className="panel automation" data-testid="automation-panel">
      <h3>Automation</h3>
      <p data-testid="automation-note">
        Auto-approve: take the recommended action without an analyst when an alert’s signature
        confidence (Beta mean) reaches its class’s threshold, unless the recommendation is flagged
        “needs review”. <b>Off by default</b>; automatic approvals are logged as automatic and do
        not train the system.
      </p>
      {error && (
        <p className="error" role="alert" data-testid="automation-load-error">
          {error}
        </p>
      )}
      {!error && (!info || !saved) && <p className="muted">loading…</p>}
      {info && saved && <AutomationForm info={info} saved={saved} onSaved={thresholds.setData} />}
    </div>
  );
}

function AutomationForm({
  info,
  saved,
  onSaved,
}: {
  info: AppInfo;
  saved: AutoApproveSettings;
  onSaved(s: AutoApproveSettings): void;
}) {
  const client = useClient();
  const classes = panelClasses(info, saved);
  // null: no edits since the last load or save, so the form shows the saved values.
  const [edited, setEdited] = useState<Draft | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const save = useTask<AutoApproveSettings>();
  const busy = save.busy !== null;
  const saveError = save.error;
  const done = save.result !== undefined;
  const draft = edited ?? draftFrom(classes, saved);
  const problems = draftProblems(draft);

  const onRow = (cls: string, value: ClassDraft): void => {
    setEdited({ ...draft, [cls]: value });
    setRefused(null);
    save.reset();
  };

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    save.reset();
    const bad = Object.keys(problems);
    if (bad.length > 0) {
      setRefused(`Not saved: fix the threshold of ${bad.join(', ')}.`);
      return;
    }
    setRefused(null);
    const known = new Set([...Object.keys(info.ranked), ...Object.keys(saved.thresholds)]);
    void save
      .run(
        () => client.api['autoApprove.set']({ thresholds: draftThresholds(draft, known) }),
        true,
        'Could not save the thresholds',
      )
      .then((s) => {
        if (!s) return;
        onSaved(s);
        setEdited(null);
      });
  };

  return (
    <form noValidate data-testid="automation-form" onSubmit={onSubmit}>
      <ul className="automation-rows">
        {classes.map((c) => (
          <ThresholdRow
            key={c}
            cls={c}
            value={draft[c] ?? { on: false, text: '' }}
            problem={problems[c] ?? null}
            disabled={busy}
            onChange={(v) => onRow(c, v)}
          />
        ))}
      </ul>
      <div className="row wrap">
        <button type="submit" className="primary" disabled={busy} data-testid="automation-save">
          {busy ? 'Saving…' : 'Save'}
        </button>
        {edited && !busy && <span className="muted">unsaved changes</span>}
        {done && (
          <span className="ok" role="status" data-testid="automation-saved">
            ✓ Saved
          </span>
        )}
      </div>
      {refused && (
        <p className="error" role="alert" data-testid="automation-refused">
          {refused}
        </p>
      )}
      {saveError && (
        <p className="error" role="alert" data-testid="automation-error">
          {saveError}
        </p>
      )}
    </form>
  );
}
