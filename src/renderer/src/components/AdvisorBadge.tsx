/** Which advisor produced a suggestion: the LLM or the knowledge graph, always spelled out. */

/** "KG" or "LLM" label; `data-advisor` carries the raw value. */
export function AdvisorBadge({ advisor, testId }: { advisor: 'llm' | 'kg'; testId?: string }) {
  return (
    <span
      className={`pill advisor-${advisor}`}
      data-testid={testId}
      data-advisor={advisor}
      title={
        advisor === 'llm'
          ? 'Suggested by the local LLM advisor'
          : 'Suggested by the knowledge-graph advisor (best historical reward for the class)'
      }
    >
      {advisor === 'llm' ? 'LLM' : 'KG'}
    </span>
  );
}
