/**
 * The selected incident, grounded in its own data. Left, what to do: the next step and the
 * analyst's answer, open evidence forms, the conjecture, the scored hypotheses and the candidates.
 * Right, what happened and what it rests on: the history (prediction beside observation), the
 * enforcement of executed steps, the incident's entities and what the data shows. Below: the alert
 * timeline and, boxed apart, the SIMULATED twin what-if.
 */
import type { Ref } from 'react';
import type { IncidentDetail } from '../../../shared/contract';
import { formatInt } from '../format';
import { CandidateList } from './CandidateList';
import { ConjecturePanel } from './ConjecturePanel';
import { EnforcementPanel } from './EnforcementPanel';
import { EntitiesPanel, SignalList } from './EntitiesPanel';
import { EvidenceForms } from './EvidenceForms';
import { HypothesisList } from './HypothesisList';
import { IncidentDecision, type IncidentCommands } from './IncidentDecision';
import { IncidentHistory } from './IncidentHistory';
import { IncidentTimeline } from './IncidentTimeline';
import { actionKey, hostsText, spanText, spanTitle, tacticsText } from './incidentText';
import { ReportExport } from './ReportExport';
import { StageBar } from './StageBar';
import { WhatIfBox } from './WhatIfBox';

/** Props of {@link IncidentDetailPanel}. */
export interface IncidentDetailPanelProps {
  datasetId: number;
  detail: IncidentDetail;
  /** Show each time's day (the listed incidents span more than one day). */
  withDates: boolean;
  /** The core's answer to a decision or to a form: the incident as it is now. */
  onDecided(detail: IncidentDetail): void;
  /** Where the screen's A / E / R keys reach the decision form. */
  commands?: Ref<IncidentCommands>;
}

/** The panel; `data-steps` and `data-state` follow the incident for tests. */
export function IncidentDetailPanel({
  datasetId,
  detail,
  withDates,
  onDecided,
  commands,
}: IncidentDetailPanelProps) {
  const s = detail.summary;
  const leading = detail.conjecture?.variant ?? null;
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
          <span className={`pill inc-sev-${s.severity}`} data-testid="incident-detail-severity">
            {s.severity}
          </span>
          {s.falsePositive && <span className="pill inc-fp">false positive</span>}
          <span className={`pill inc-state-${s.state}`} data-testid="incident-state">
            {s.state}
          </span>
        </h3>
        <span className="spacer" />
        <ReportExport key={s.id} datasetId={datasetId} incidentId={s.id} />
      </div>
      <div className="muted small">
        {hostsText(s.sources, 4)} → {hostsText(s.targets, 4)} ·{' '}
        <span className="mono" data-testid="incident-detail-span" title={spanTitle(s)}>
          {spanText(s, withDates)}
        </span>{' '}
        · {formatInt(s.alerts)} alerts
        {s.chainedFrom.length > 0 && ` · chained from ${s.chainedFrom.join(', ')}`}
      </div>
      {!s.falsePositive && (
        <div className="small inc-attack-stages">
          <span className="muted">Attack stages: </span>
          <span data-testid="incident-detail-tactics">{tacticsText(s.tactics)}</span>
        </div>
      )}
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
          <EvidenceForms
            key={`forms-${s.id}`}
            datasetId={datasetId}
            incidentId={s.id}
            forms={detail.forms}
            leading={leading}
            onAnswered={onDecided}
          />
          <ConjecturePanel conjecture={detail.conjecture} />
          <HypothesisList hypotheses={detail.hypotheses} leading={leading} />
          <CandidateList
            candidates={detail.candidates}
            recommendedKey={actionKey(detail.recommended?.action ?? null)}
          />
        </div>
        <div>
          <IncidentHistory history={detail.history} stageNames={detail.stageNames} />
          {!s.falsePositive && <EnforcementPanel enforcement={detail.enforcement} />}
          <EntitiesPanel entities={detail.entities} />
          <SignalList signals={detail.signals} />
        </div>
      </div>
      <IncidentTimeline
        timeline={detail.timeline}
        total={detail.alertsTotal}
        withDates={withDates}
      />
      <WhatIfBox whatIf={detail.whatIf} />
    </aside>
  );
}
