/**
 * The selected alert: the recommendation and the advisor's suggestion, Approve / Override, the
 * decision history, the policy's distribution, the KG evidence, the signature, its neighbourhood
 * in the knowledge graph and the versions.
 */
import { Fragment, useState, type Ref } from 'react';
import type { AlertDetail, FlowRecord, RecommendationDetail } from '../../../shared/contract';
import { actionAt, type Catalogue } from '../catalogue';
import { AdvisorBadge } from '../components/AdvisorBadge';
import { ClassBadge } from '../components/ClassBadge';
import { StatusPill } from '../components/StatusPill';
import { flowText, formatInt, formatReward, formatShare, formatTime } from '../format';
import type { KgFilter } from '../kg/filter';
import { KgView } from '../kg/KgView';
import { ActionBars } from './ActionBars';
import { NO_POLICY_TITLE } from './AlertRowView';
import { DecisionForm, type DecisionCommands } from './DecisionForm';
import { DecisionHistory } from './DecisionHistory';
import { EvidenceList } from './EvidenceList';
import { formatEventTime } from './eventTime';
import type { AlertFilters } from './query';
import { SignatureSection } from './SignatureSection';
import { useAlertDetail } from './useAlertDetail';

/** Props of {@link AlertDetailPanel}. */
export interface AlertDetailPanelProps {
  alertId: number | null;
  /** Changes when rows changed (a decision, new alerts); the detail reloads. */
  version: string;
  catalogue: Catalogue;
  classes: string[];
  onDecided(summary?: string): void;
  commands?: Ref<DecisionCommands>;
  /** A node of the signature's graph was clicked: filter the queue by it. */
  onFilter(filter: KgFilter): void;
  /** Show related flows (same source, destination or signature) in the list. */
  onPivot?(patch: Partial<AlertFilters>): void;
}

/** Side panel; loads alerts.detail for the selected alert. */
export function AlertDetailPanel({
  alertId,
  version,
  catalogue,
  classes,
  onDecided,
  commands,
  onFilter,
  onPivot,
}: AlertDetailPanelProps) {
  const { loaded, loading } = useAlertDetail(alertId, version);
  // Here rather than in the body, so collapsing the graph holds while the cursor moves.
  const [graphOpen, setGraphOpen] = useState(true);
  if (alertId === null) {
    return (
      <aside className="panel detail muted" data-testid="signature-detail-empty">
        Select an alert (click, or ↑/↓ in the table) to see its recommendation and signature.
        <p className="small">
          Keys in the table: Space ticks a row, A approves, O overrides. Shift/Ctrl-click ticks
          several rows for a bulk approve.
        </p>
      </aside>
    );
  }
  return (
    <aside
      className="panel detail"
      data-testid="signature-detail"
      data-alert-id={alertId}
      aria-busy={loading}
    >
      {!loaded && <p className="muted">loading alert #{alertId}…</p>}
      {loaded?.error && (
        <p className="error" data-testid="detail-error">
          {loaded.error}
        </p>
      )}
      {loaded && !loaded.error && !loaded.detail && (
        <p className="muted">Alert #{alertId} no longer exists.</p>
      )}
      {loaded?.detail && (
        <DetailBody
          d={loaded.detail}
          catalogue={catalogue}
          classes={classes}
          onDecided={onDecided}
          commands={commands}
          onPivot={onPivot}
          graph={{ open: graphOpen, onToggle: () => setGraphOpen((o) => !o), onFilter }}
        />
      )}
    </aside>
  );
}

function DetailBody({
  d,
  catalogue,
  classes,
  onDecided,
  commands,
  onPivot,
  graph,
}: {
  d: AlertDetail;
  catalogue: Catalogue;
  classes: string[];
  onDecided(summary?: string): void;
  commands: Ref<DecisionCommands> | undefined;
  onPivot: ((patch: Partial<AlertFilters>) => void) | undefined;
  graph: GraphSectionState;
}) {
  const { alert, recommendation: rec } = d;
  return (
    <>
      <h3 className="detail-head">
        Alert #{alert.id} <ClassBadge name={alert.predictedClass} />{' '}
        <StatusPill status={alert.status} testId="detail-status" />
      </h3>
      <dl className="kv">
        <dt>Flow</dt>
        <dd className="mono">
          {flowText(alert.src, alert.dst, alert.dstPort)}
          {alert.timeMs !== null && (
            <span className="muted" title={`written as ${alert.time}`}>
              {' '}
              · {formatEventTime(alert.timeMs, true)}
            </span>
          )}
        </dd>
        {d.src && d.src.aliases.length > 0 && (
          <>
            <dt>Source</dt>
            <dd className="mono" data-testid="detail-src-folded">
              {d.src.address} (also seen as {d.src.aliases.join(', ')}, NAT)
            </dd>
          </>
        )}
        {d.dst && d.dst.aliases.length > 0 && (
          <>
            <dt>Destination</dt>
            <dd className="mono" data-testid="detail-dst-folded">
              {d.dst.address} (also seen as {d.dst.aliases.join(', ')}, NAT)
            </dd>
          </>
        )}
        <dt>True class</dt>
        <dd>
          <ClassBadge name={alert.trueClass} />
        </dd>
      </dl>
      {onPivot && <RelatedFlows d={d} onPivot={onPivot} />}
      {rec ? (
        <>
          <RecommendationSummary rec={rec} catalogue={catalogue} />
          <RiskSection rec={rec} signatureId={d.signature.id} />
        </>
      ) : (
        <p className="muted" data-testid="detail-no-recommendation">
          {NO_POLICY_TITLE}
        </p>
      )}
      <DecisionForm
        key={alert.id}
        alert={alert}
        recommendation={rec}
        catalogue={catalogue}
        classes={classes}
        onDecided={onDecided}
        ref={commands}
      />
      <DecisionHistory
        decisions={d.decisions}
        catalogue={catalogue}
        predictedClass={alert.predictedClass}
      />
      {rec && <ActionBars rec={rec} catalogue={catalogue} />}
      {rec && <EvidenceList evidence={rec.evidence} />}
      {d.flow && <FlowRecordSection alertId={alert.id} flow={d.flow} />}
      <SignatureSection sig={d.signature} />
      <GraphSection signatureId={d.signature.id} {...graph} />
      {rec && <Versions rec={rec} />}
    </>
  );
}

/** Whether the graph section is open, and what its clicks do. */
interface GraphSectionState {
  open: boolean;
  onToggle(): void;
  onFilter(filter: KgFilter): void;
}

/** The signature's KG neighbourhood, collapsible; collapsed, nothing is fetched or drawn. */
function GraphSection({
  signatureId,
  open,
  onToggle,
  onFilter,
}: GraphSectionState & { signatureId: number }) {
  return (
    <section className="dsec graph-sec" data-testid="detail-graph" data-open={open}>
      <h4>
        <button
          type="button"
          className="link collapse-toggle"
          aria-expanded={open}
          data-testid="detail-graph-toggle"
          onClick={onToggle}
        >
          {open ? '▾' : '▸'} Graph
        </button>
        <span className="muted"> · click a node to filter the queue</span>
      </h4>
      {open && <KgView compact datasetId={null} signatureId={signatureId} onFilter={onFilter} />}
    </section>
  );
}

function RecommendationSummary({
  rec,
  catalogue,
}: {
  rec: RecommendationDetail;
  catalogue: Catalogue;
}) {
  const a = actionAt(catalogue, rec.action);
  const adv = actionAt(catalogue, rec.adviceAction);
  return (
    <section className="dsec recsum" data-testid="detail-recommendation">
      <div
        className="recline"
        data-testid="detail-recommended"
        data-action-id={a.id}
        title={a.description}
      >
        <span className="muted label">Recommended</span>
        <span className="mono aid big">{a.id}</span>
        <span className="rec-name">{a.name}</span>
        <span
          className="muted pi-label"
          title="π(a|s): the policy’s preference for this action among the catalogue’s, not a confidence that it is right"
        >
          policy preference π
        </span>
        <span className="mono num" data-testid="detail-recommended-prob">
          {formatShare(rec.probability)}
        </span>
      </div>
      <div
        className="recline"
        data-testid="detail-advisor"
        data-advisor={rec.advisor}
        data-action-id={adv.id}
      >
        <span className="muted label">Advisor</span>
        <AdvisorBadge advisor={rec.advisor} testId="detail-advisor-label" />
        <span className="mono aid">{adv.id}</span>
        <span className="rec-name" title={adv.description}>
          {adv.name}
        </span>
        <span
          className="mono num"
          title="historical mean reward of this action for the class"
          data-testid="detail-advice-reward"
        >
          reward {formatReward(rec.adviceReward)}
        </span>
      </div>
    </section>
  );
}

/** How far to trust the recommendation: P(wrong), expected reward, evidence, novelty, review. */
function RiskSection({ rec, signatureId }: { rec: RecommendationDetail; signatureId: number }) {
  const risk = rec.risk;
  if (!risk)
    return (
      <p className="muted small" data-testid="detail-risk-missing">
        No risk recorded: this recommendation was written before risk was computed. Deciding on
        another alert of its signature recommends it again with its risk.
      </p>
    );
  const [lo, hi] = risk.rewardInterval;
  return (
    <section
      className={`dsec risk-sec${risk.needsReview ? ' review' : ''}`}
      data-testid="detail-risk"
      data-needs-review={risk.needsReview}
    >
      <h4>
        Risk
        {risk.needsReview && (
          <span className="review-flag" data-testid="detail-needs-review">
            {' '}
            ⚑ needs review
          </span>
        )}
      </h4>
      <dl className="kv">
        <dt title="Posterior probability that the recommended action is not the right one for the flow’s true class, from the signature’s labelled flows by true class">
          P wrong
        </dt>
        <dd className="mono" data-testid="detail-p-wrong">
          {formatShare(risk.pWrong)}
        </dd>
        <dt title="Posterior mean reward of the recommended action and its 95% credible interval">
          Expected reward
        </dt>
        <dd className="mono">
          <span data-testid="detail-expected-reward">{formatReward(risk.expectedReward)}</span>{' '}
          <span className="muted" data-testid="detail-reward-interval">
            (95%: {formatReward(lo)} … {formatReward(hi)})
          </span>
        </dd>
        <dt title="Labelled flows of the signature behind the posterior (calibration flows, labelled loads, analysts’ labels)">
          Evidence
        </dt>
        <dd data-testid="detail-risk-evidence">
          {formatInt(risk.evidence)} labelled flow{risk.evidence === 1 ? '' : 's'} of signature #
          {signatureId}
        </dd>
        <dt title="Share of the flow’s features outside the ranges of the flows its signature was trained on">
          Novelty
        </dt>
        <dd data-testid="detail-novelty">
          {risk.novelty === null
            ? 'not measured (no feature ranges stored for this detector)'
            : `${formatShare(risk.novelty)} of features outside signature #${signatureId}’s ranges`}
        </dd>
      </dl>
      {risk.reasons.length > 0 && (
        <ul className="review-reasons" data-testid="detail-review-reasons">
          {risk.reasons.map((r) => (
            <li key={r} data-testid="detail-review-reason">
              {r}
            </li>
          ))}
        </ul>
      )}
      <p className="muted small" data-testid="detail-pi-note">
        π {formatShare(rec.probability)} is the policy’s preference among the actions, not a
        confidence that the action is right; P wrong is.
      </p>
    </section>
  );
}

function Versions({ rec }: { rec: RecommendationDetail }) {
  return (
    <section className="dsec" data-testid="detail-versions">
      <h4>Provenance</h4>
      <p className="mono small versions">
        detector #{rec.detectorId} · policy #{rec.policyId} ({rec.method}) · KG v{rec.kgVersion} ·
        advisor {rec.advisor === 'llm' ? `LLM (${rec.advisorModel ?? 'unknown model'})` : 'KG'}
      </p>
      <p className="muted small">recommended at {formatTime(rec.createdAt)}</p>
    </section>
  );
}

/** One click to the alert's related flows: same source, same destination, same signature. */
function RelatedFlows({
  d,
  onPivot,
}: {
  d: AlertDetail;
  onPivot(patch: Partial<AlertFilters>): void;
}) {
  const src = d.src?.address;
  const dst = d.dst?.address;
  return (
    <div className="dsec related" data-testid="related-flows">
      <span className="muted">Related flows:</span>{' '}
      {src && (
        <button type="button" data-testid="related-src" onClick={() => onPivot({ src })}>
          same source {src}
        </button>
      )}{' '}
      {dst && (
        <button
          type="button"
          data-testid="related-dst"
          onClick={() =>
            onPivot({ dst, ...(d.alert.dstPort === null ? {} : { dstPort: d.alert.dstPort }) })
          }
        >
          same destination {dst}
          {d.alert.dstPort === null ? '' : `:${d.alert.dstPort}`}
        </button>
      )}{' '}
      <button
        type="button"
        data-testid="related-signature"
        onClick={() => onPivot({ signatureId: d.signature.id })}
      >
        same signature #{d.signature.id}
      </button>
    </div>
  );
}

/** The full flow record behind the alert: where it was read and every feature, copyable as JSON. */
function FlowRecordSection({ alertId, flow }: { alertId: number; flow: FlowRecord }) {
  const [copied, setCopied] = useState<string | null>(null);
  const json = JSON.stringify({ alertId, ...flow }, null, 2);
  const copy = (): void => {
    navigator.clipboard.writeText(json).then(
      () => setCopied('copied'),
      (err: unknown) => setCopied(`could not copy: ${String(err)}`),
    );
  };
  const features = Object.entries(flow.features);
  return (
    <details className="dsec flow-record" data-testid="flow-record">
      <summary>
        Flow record: {features.length} features
        {flow.file !== null && (
          <span className="muted small">
            {' '}
            · {flow.file.split(/[\\/]/).pop()} line {flow.line}
          </span>
        )}
      </summary>
      <div className="row">
        <button type="button" data-testid="flow-record-copy" onClick={copy}>
          Copy as JSON
        </button>
        {copied && <span className="muted small">{copied}</span>}
      </div>
      <dl className="kv small">
        {flow.label !== null && (
          <>
            <dt>Label</dt>
            <dd>{flow.label}</dd>
          </>
        )}
        {flow.srcPort !== null && (
          <>
            <dt>Source port</dt>
            <dd className="mono">{flow.srcPort}</dd>
          </>
        )}
        {features.map(([name, v]) => (
          <Fragment key={name}>
            <dt>{name}</dt>
            <dd className="mono" data-feature={name}>
              {Number.isInteger(v) ? v : v.toPrecision(6)}
            </dd>
          </Fragment>
        ))}
      </dl>
      <pre className="hidden-json" data-testid="flow-record-json" hidden>
        {json}
      </pre>
    </details>
  );
}
