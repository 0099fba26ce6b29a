/** Confusion matrix as a heat-map table: rows are true classes, columns predicted. */
import { formatInt, formatPct } from '../format';

/**
 * Cell shade is the row-normalised rate (recall-style), so small classes are as readable as big
 * ones; the diagonal is shaded green, errors red.
 */
export function ConfusionMatrix({ classes, matrix }: { classes: string[]; matrix: number[][] }) {
  return (
    <table className="dense confusion" data-testid="confusion-matrix">
      <thead>
        <tr>
          <th className="corner">true ↓ / predicted →</th>
          {classes.map((c) => (
            <th key={c} className="num rot">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {classes.map((t, i) => {
          const row = matrix[i] ?? [];
          const sum = row.reduce((a, b) => a + b, 0);
          return (
            <tr key={t}>
              <th>{t}</th>
              {classes.map((p, j) => {
                const n = row[j] ?? 0;
                const rate = sum > 0 ? n / sum : 0;
                const hue = i === j ? '46, 160, 67' : '248, 81, 73';
                const alpha = n === 0 ? 0 : 0.12 + 0.88 * rate;
                return (
                  <td
                    key={p}
                    className="num cm-cell"
                    style={{ background: `rgba(${hue}, ${alpha.toFixed(3)})` }}
                    title={`true ${t}, predicted ${p}: ${formatInt(n)} (${formatPct(rate)} of ${t})`}
                    data-testid="confusion-cell"
                  >
                    {n === 0 ? '·' : formatInt(n)}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
