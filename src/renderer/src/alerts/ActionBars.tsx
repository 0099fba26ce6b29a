/** The policy's distribution over the catalogue as compact bars, the advisor's beside it. */
import { useState } from 'react';
import type { RecommendationDetail } from '../../../shared/contract';
import { actionAt, type Catalogue } from '../catalogue';
import { formatShare } from '../format';

/** Rows shown before "show all". */
const TOP = 5;

/** Bars sorted by the policy's probability (highest first); the advisor's share is a thinner bar. */
export function ActionBars({
  rec,
  catalogue,
}: {
  rec: RecommendationDetail;
  catalogue: Catalogue;
}) {
  const [all, setAll] = useState(false);
  const order = rec.policyProbs
    .map((p, index) => ({ index, p, a: rec.adviceProbs[index] ?? 0 }))
    .sort((x, y) => y.p - x.p || y.a - x.a || x.index - y.index);
  const shown = all ? order : order.slice(0, TOP);
  const advisor = rec.advisor === 'llm' ? 'LLM' : 'KG';
  return (
    <section className="dsec" data-testid="policy-distribution">
      <h4>
        Action distribution{' '}
        <span className="legend">
          <i className="sw sw-policy" /> policy <i className="sw sw-advice" /> {advisor} advisor
        </span>
      </h4>
      <ul className="pbars">
        {shown.map(({ index, p, a }) => {
          const act = actionAt(catalogue, index);
          const marks = [
            index === rec.action ? 'recommended' : '',
            index === rec.adviceAction ? 'advised' : '',
          ].join(' ');
          return (
            <li
              key={index}
              className={`pbar ${marks}`}
              data-testid="policy-bar"
              data-action-id={act.id}
              title={`${act.id} ${act.name}: policy ${formatShare(p)}, ${advisor} advisor ${formatShare(a)}\n${act.description}`}
            >
              <span className="mono aid">{act.id}</span>
              <span className="ellipsis">{act.name}</span>
              <span className="bars" aria-hidden="true">
                <span className="bar-p" style={{ width: `${(p * 100).toFixed(1)}%` }} />
                <span className="bar-a" style={{ width: `${(a * 100).toFixed(1)}%` }} />
              </span>
              <span className="mono num">{formatShare(p)}</span>
              <span className="mono num muted">{formatShare(a)}</span>
            </li>
          );
        })}
      </ul>
      {order.length > TOP && (
        <button
          type="button"
          className="link"
          data-testid="policy-bars-toggle"
          onClick={() => setAll((v) => !v)}
        >
          {all ? `Top ${TOP} only` : `All ${order.length} actions`}
        </button>
      )}
    </section>
  );
}
