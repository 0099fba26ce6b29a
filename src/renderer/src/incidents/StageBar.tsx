/** The six response stages as a bar: done or not, from the agent's believed bits. */

/** Props of {@link StageBar}. */
export interface StageBarProps {
  names: string[];
  done: boolean[];
}

/** One cell per stage; `data-done` carries each bit for tests. */
export function StageBar({ names, done }: StageBarProps) {
  const count = done.filter(Boolean).length;
  return (
    <div className="inc-stages" data-testid="stage-bar" data-done-count={count}>
      {names.map((name, i) => (
        <span
          key={name}
          className={done[i] ? 'inc-stage done' : 'inc-stage'}
          data-testid="stage"
          data-stage={name}
          data-done={done[i] === true}
          title={`${name}: ${done[i] ? 'done' : 'not yet'} (as the agent believes)`}
        >
          {done[i] ? '✓ ' : ''}
          {name}
        </span>
      ))}
    </div>
  );
}
