/**
 * The incident report as a print-styled page: the core's Markdown report read back into HTML
 * (reportMarkdown), shown over the console and, in print, alone on white paper. "Save as PDF"
 * opens the print dialog (window.print, in the browser and in Electron alike), where the PDF
 * printer saves it; the document title becomes the report's, so the PDF is named after it.
 */
import { Fragment, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { isSimulated, parseReport, sectionName, type Block, type Inline } from './reportMarkdown';
import './incidentPrint.css';

/** Props of {@link ReportPrintView}. */
export interface ReportPrintViewProps {
  incidentId: string;
  markdown: string;
  onClose(): void;
}

/** The title the page (and so the saved PDF) carries while the view is open. */
export function reportTitle(incidentId: string): string {
  return `Rampart incident report ${incidentId}`;
}

function InlineText({ text }: { text: Inline[] }) {
  return text.map((t, i) =>
    t.kind === 'code' ? (
      <code key={i}>{t.text}</code>
    ) : t.kind === 'strike' ? (
      <s key={i}>{t.text}</s>
    ) : (
      <Fragment key={i}>{t.text}</Fragment>
    ),
  );
}

function BlockView({ block }: { block: Block }) {
  switch (block.kind) {
    case 'heading': {
      const H = block.level <= 1 ? 'h1' : block.level === 2 ? 'h2' : 'h3';
      return (
        <H>
          <InlineText text={block.text} />
        </H>
      );
    }
    case 'code':
      return (
        <pre>
          <code>{block.text}</code>
        </pre>
      );
    case 'quote':
      return (
        <blockquote>
          <InlineText text={block.text} />
        </blockquote>
      );
    case 'paragraph':
      return (
        <p>
          <InlineText text={block.text} />
        </p>
      );
    case 'list':
      return (
        <ul>
          {block.items.map((item, i) => (
            <li key={i}>
              <InlineText text={item.text} />
              {item.children.length > 0 && (
                <ul>
                  {item.children.map((c, j) => (
                    <li key={j}>
                      <InlineText text={c} />
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      );
    case 'table':
      return (
        <table>
          <thead>
            <tr>
              {block.head.map((c, i) => (
                <th key={i}>
                  <InlineText text={c} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {block.rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (
                  <td key={j}>
                    <InlineText text={c} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
  }
}

/** The report's blocks, one `<section data-section>` per `##` heading (the title stays on top). */
function ReportDocument({ blocks }: { blocks: Block[] }) {
  const parts: { name: string; simulated: boolean; blocks: Block[] }[] = [
    { name: 'title', simulated: false, blocks: [] },
  ];
  for (const b of blocks) {
    if (b.kind === 'heading' && b.level === 2)
      parts.push({ name: sectionName(b.text), simulated: isSimulated(b.text), blocks: [] });
    parts.at(-1)!.blocks.push(b);
  }
  const sections: ReactNode[] = parts.map((p, i) => (
    <section key={i} data-section={p.name} data-simulated={p.simulated || undefined}>
      {p.blocks.map((b, j) => (
        <BlockView key={j} block={b} />
      ))}
    </section>
  ));
  return <article className="inc-print-doc">{sections}</article>;
}

/** The view, rendered beside the app root so print CSS can show it alone. */
export function ReportPrintView({ incidentId, markdown, onClose }: ReportPrintViewProps) {
  const blocks = useMemo(() => parseReport(markdown), [markdown]);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const before = document.title;
    document.title = reportTitle(incidentId);
    document.body.classList.add('inc-printing');
    dialog.current?.focus();
    return () => {
      document.title = before;
      document.body.classList.remove('inc-printing');
    };
  }, [incidentId]);

  return createPortal(
    <div
      className="inc-print"
      role="dialog"
      aria-modal="true"
      aria-label={reportTitle(incidentId)}
      tabIndex={-1}
      ref={dialog}
      data-testid="incident-print-view"
      data-incident-id={incidentId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className="inc-print-bar">
        <b>Incident report {incidentId}</b>
        <span className="muted">
          Print preview: “Save as PDF” in the print dialog writes the file.
        </span>
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          data-testid="incident-print-save"
          onClick={() => window.print()}
        >
          Save as PDF…
        </button>
        <button type="button" data-testid="incident-print-close" onClick={onClose}>
          Close
        </button>
      </div>
      <ReportDocument blocks={blocks} />
    </div>,
    document.body,
  );
}
