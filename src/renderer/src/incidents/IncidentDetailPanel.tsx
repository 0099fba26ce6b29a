/**
 * The selected incident: where its outcomes come from, the stage bar, the agent's conjecture, the
 * next step and the analyst's answer, the candidates, the history and the alert timeline.
 */
import type { Ref } from 'react';
import type { IncidentDetail } from '../../../shared/contract';
import { formatInt } from '../format';
import { CandidateList } from './CandidateList';
import { ConjecturePanel } from './ConjecturePanel';
import { IncidentDecision, type IncidentCommands } from './IncidentDecision';
import { IncidentHistory } from './IncidentHistory';
import { IncidentTimeline } from './IncidentTimeline';
import { actionKey, hostsText, spanText } from './incidentText';
import { ReportExport } from './ReportExport';
import { StageBar } from './StageBar';

/** Props of {@link IncidentDetailPanel}. */
export interface IncidentDetailPanelProps {
  datasetId: number;
  detail: IncidentDetail;
  onDecided(detail: IncidentDetail): void;
  /** Where the screen's A / E / R keys reach the decision form. */
  commands?: Ref<IncidentCommands>;
}

/** The panel; `data-steps` and `data-state` follow the incident for tests. */
export function IncidentDetailPanel({
  datasetId,
  detail,
  onDecided,
  commands,
}: IncidentDetailPanelProps) {
  const s = detail.summary;
  return (
    <aside
      className="inc-detail panel"
      data-testid="incident-detail"
      data-incident-id={s.id}
      data-state={s.state}
      data-steps={s.steps}
    >
      <div className="toolbar">
        <h3 className="detail-head">
          <span className="mono">{s.id}</span> {s.family}
          {s.falsePositive && <span className="pill inc-fp">false positive</span>}
          <span className={`pill inc-state-${s.state}`} data-testid="incident-state">
            {s.state}
          </span>
        </h3>
        <span className="spacer" />
        <ReportExport key={s.id} datasetId={datasetId} incidentId={s.id} />
      </div>
      <div className="muted small">
        {hostsText(s.sources, 4)} → {hostsText(s.targets, 4)} · {spanText(s)} ·{' '}
        {formatInt(s.alerts)} alerts
        {s.chainedFrom.length > 0 && ` · chained from ${s.chainedFrom.join(', ')}`}
      </div>
      <p className="inc-sim" data-testid="incident-simulation">
        {detail.simulation
          ? `Outcomes are simulated in the twin scenario ${detail.simulation.scenarioTitle} by agent ${detail.simulation.agent}.`
          : 'No twin scenario: nothing is simulated for this incident.'}
      </p>
      <StageBar names={detail.stageNames} done={detail.stages} />
      <div className="inc-columns">
        <div>
          <IncidentDecision
            key={s.id}
            datasetId={datasetId}
            detail={detail}
            onDecided={onDecided}
            ref={commands}
          />
          <ConjecturePanel conjecture={detail.conjecture} />
        </div>
        <div>
          <CandidateList
            candidates={detail.candidates}
            recommendedKey={actionKey(detail.recommended?.action ?? null)}
          />
          <IncidentHistory history={detail.history} stageNames={detail.stageNames} />
        </div>
      </div>
      <IncidentTimeline timeline={detail.timeline} total={detail.alertsTotal} />
    </aside>
  );
}
