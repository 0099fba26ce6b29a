/** How the advisor in use is named on screen, in the header and on the Model screen alike. */
import type { AdvisorStatus } from '../../../shared/contract';

/** "KG advisor (no model loaded)", "LLM advisor: qwen2.5-0.5b.gguf", … */
export function advisorText(s: AdvisorStatus): string {
  if (s.active === 'llm') {
    return s.model.status === 'loaded' ? `LLM advisor: ${s.model.name}` : 'LLM advisor';
  }
  switch (s.model.status) {
    case 'none':
      return 'KG advisor (no model loaded)';
    case 'loading':
      return 'KG advisor (model loading…)';
    case 'error':
      return 'KG advisor (model failed to load)';
    case 'loaded':
      return 'KG advisor';
  }
}
