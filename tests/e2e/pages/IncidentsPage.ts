/**
 * The Incidents screen: the incident list, the selected incident's view (entities, signals,
 * hypotheses, conjecture, candidates, evidence forms, history, enforcement, the SIMULATED what-if)
 * and its decisions.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** The page's globals the print stub touches. */
interface PrintGlobals {
  print(): void;
  printCalls: number;
}

/** The print view's section of the executed plan (its heading as a section name). */
export const PLAN_SECTION = 'executed-plan-prediction-and-observation';

/** An answer to an evidence form's question. */
export type FormAnswer = 'yes' | 'no' | 'unknown';

/** Reading and driving the incident view. */
export class IncidentsPage {
  readonly screen: Locator;
  readonly list: Locator;
  /** Rows carry `data-incident-id`, `-family`, `-false-positive`, `-scenario`, `-state`, `-steps`. */
  readonly rows: Locator;
  readonly error: Locator;
  /** The selected incident; `data-incident-id`, `data-state`, `data-steps`. */
  readonly detail: Locator;
  /** Hosts of the incident; `data-role`, `data-address`, `data-aliases` (space-separated). */
  readonly entityHosts: Locator;
  /** Indicators from the data; `data-signal`, `data-present`. */
  readonly signals: Locator;
  /** Hypotheses; `data-hypothesis`, `data-kept`, `data-leading`. */
  readonly hypotheses: Locator;
  readonly formResult: Locator;
  /** Enforcement of executed steps; `data-step`, `data-action`. */
  readonly enforcementSteps: Locator;
  /** The twin what-if, boxed apart; `data-label` is SIMULATED. */
  readonly whatIf: Locator;
  readonly stageBar: Locator;
  /** One per stage; `data-stage` its name, `data-done` true or false. */
  readonly stages: Locator;
  readonly conjecture: Locator;
  readonly candidates: Locator;
  /** The recommended step; `data-action` is its `verb[:target]` key. */
  readonly recommended: Locator;
  readonly expected: Locator;
  readonly why: Locator;
  readonly abstain: Locator;
  readonly note: Locator;
  readonly approveButton: Locator;
  readonly editButton: Locator;
  readonly rejectButton: Locator;
  readonly editChoice: Locator;
  readonly editVerb: Locator;
  readonly editTarget: Locator;
  readonly editSubmit: Locator;
  /** The confirmation line of the last decision. */
  readonly result: Locator;
  readonly decisionError: Locator;
  /**
   * History entries; `data-step`, `data-decision`, `data-audit-id`, `data-observation` (its kind)
   * and `data-mismatch` (true / false / empty).
   */
  readonly history: Locator;
  readonly timelineRows: Locator;
  readonly exportButton: Locator;
  readonly exportResult: Locator;
  /** The toolbar's line naming the single-key commands. */
  readonly keyHints: Locator;
  readonly printButton: Locator;
  /** The report's print view (a modal); `data-incident-id`. */
  readonly printView: Locator;
  readonly printSave: Locator;
  readonly printClose: Locator;
  /** Rows of the print view's executed-plan table (step, decision, actor, action, predicted, …). */
  readonly printPlanRows: Locator;

  constructor(readonly page: Page) {
    const t = (id: string): Locator => page.getByTestId(id);
    this.screen = t('incidents-screen');
    this.list = t('incidents-list');
    this.rows = t('incident-row');
    this.error = t('incidents-error');
    this.detail = t('incident-detail');
    this.entityHosts = t('entity-host');
    this.signals = t('signal');
    this.hypotheses = t('hypothesis');
    this.formResult = t('form-result');
    this.enforcementSteps = t('enforcement-step');
    this.whatIf = t('incident-what-if');
    this.stageBar = t('stage-bar');
    this.stages = t('stage');
    this.conjecture = t('conjecture');
    this.candidates = t('candidate');
    this.recommended = t('incident-recommended');
    this.expected = t('incident-expected');
    this.why = t('incident-why');
    this.abstain = t('incident-abstain');
    this.note = t('incident-note');
    this.approveButton = t('incident-approve');
    this.editButton = t('incident-edit');
    this.rejectButton = t('incident-reject');
    this.editChoice = t('incident-edit-choice');
    this.editVerb = t('incident-edit-verb');
    this.editTarget = t('incident-edit-target');
    this.editSubmit = t('incident-edit-submit');
    this.result = t('incident-result');
    this.decisionError = t('incident-error');
    this.history = t('history-step');
    this.timelineRows = t('timeline-row');
    this.exportButton = t('incident-export');
    this.exportResult = t('incident-export-result');
    this.keyHints = t('incidents-keys');
    this.printButton = t('incident-print');
    this.printView = t('incident-print-view');
    this.printSave = t('incident-print-save');
    this.printClose = t('incident-print-close');
    this.printPlanRows = this.printSection(PLAN_SECTION).locator('tbody tr');
  }

  /** Open the Incidents screen from the header and wait for its list. */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-incidents').click();
    await expect(this.screen).toBeVisible();
    await expect(this.rows.first()).toBeVisible();
  }

  /** A `##` section of the print view by name ("summary", "entities", "enforcement", "what-if", …). */
  printSection(name: string): Locator {
    return this.printView.locator(`section[data-section="${name}"]`);
  }

  /** The cell texts of one print-view table row. */
  async cells(row: Locator): Promise<string[]> {
    return row.locator('td').allTextContents();
  }

  /**
   * Replace the page's window.print with a counter: headless Chromium has no print dialog, and
   * what the test checks is that "Save as PDF" asks for it.
   */
  async stubPrint(): Promise<void> {
    await this.page.evaluate(() => {
      const g = globalThis as unknown as PrintGlobals;
      g.printCalls = 0;
      g.print = () => void g.printCalls++;
    });
  }

  /** How often window.print was called since {@link stubPrint}. */
  async printCalls(): Promise<number> {
    return this.page.evaluate(() => (globalThis as unknown as PrintGlobals).printCalls);
  }

  /** The row of incident `id`. */
  row(id: string): Locator {
    return this.list.locator(`[data-testid="incident-row"][data-incident-id="${id}"]`);
  }

  /** Show incident `id` and wait for its detail. */
  async select(id: string): Promise<void> {
    await this.row(id).click();
    await expect(this.detail).toHaveAttribute('data-incident-id', id);
  }

  /** The stage bits as shown, in order. */
  async stageBits(): Promise<boolean[]> {
    return this.stages.evaluateAll((els) => els.map((e) => e.getAttribute('data-done') === 'true'));
  }

  /** The recommended step's `verb[:target]` key. */
  async recommendedKey(): Promise<string> {
    await expect(this.recommended).toBeVisible();
    return (await this.recommended.getAttribute('data-action')) ?? '';
  }

  /** Approve the recommended step with an optional note. */
  async approve(note = ''): Promise<void> {
    if (note) await this.note.fill(note);
    await this.approveButton.click();
  }

  /** Reject the recommended step; a note is required. */
  async reject(note: string): Promise<void> {
    await this.note.fill(note);
    await this.rejectButton.click();
  }

  /** Edit: run one of the candidates instead (its `verb[:target]` key). */
  async editPick(key: string, note = ''): Promise<void> {
    if (note) await this.note.fill(note);
    if ((await this.editChoice.count()) === 0) await this.editButton.click();
    await this.editChoice.selectOption(key);
    await this.editSubmit.click();
  }

  /** The candidates' `verb[:target]` keys, in the order shown. */
  async candidateKeys(): Promise<string[]> {
    return this.candidates.evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-action') ?? ''),
    );
  }

  /** Edit: run another verb and target typed in (target empty: none). */
  async editFree(verb: string, target: string, note = ''): Promise<void> {
    if (note) await this.note.fill(note);
    if ((await this.editChoice.count()) === 0) await this.editButton.click();
    await this.editChoice.selectOption('__other__');
    await this.editVerb.fill(verb);
    await this.editTarget.fill(target);
    await this.editSubmit.click();
  }

  /** The conjecture's leading hypothesis id. */
  async leading(): Promise<string> {
    await expect(this.conjecture).toBeVisible();
    return (await this.conjecture.getAttribute('data-variant')) ?? '';
  }

  /** The recommendation as shown: its action key and why (both change when the plan does). */
  async recommendationText(): Promise<string> {
    return `${await this.recommendedKey()} | ${(await this.why.textContent()) ?? ''}`;
  }

  /**
   * Run step `key` (`verb:target`): approve it when it is the recommendation, else run it through
   * Edit (picked among the candidates, or typed in). Returns the decision the history will show.
   */
  async runStep(key: string, note = ''): Promise<'approve' | 'edit'> {
    if ((await this.recommended.count()) > 0 && (await this.recommendedKey()) === key) {
      await this.approve(note);
      return 'approve';
    }
    const [verb, ...rest] = key.split(':');
    if ((await this.candidateKeys()).includes(key)) await this.editPick(key, note);
    else await this.editFree(verb ?? '', rest.join(':'), note);
    return 'edit';
  }

  /** The open evidence form of step `step`; `data-verb`, `data-host`. */
  form(step: number): Locator {
    return this.page.locator(`[data-testid="evidence-form"][data-step="${step}"]`);
  }

  /** A question of a form. */
  question(form: Locator, id: string): Locator {
    return form.locator(`[data-testid="form-question"][data-question="${id}"]`);
  }

  /** The question ids of a form, in order. */
  async questionIds(form: Locator): Promise<string[]> {
    return form
      .getByTestId('form-question')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-question') ?? ''));
  }

  /** What hypothesis `hypothesis` expects a question's answer to be. */
  async expectedAnswer(form: Locator, question: string, hypothesis: string): Promise<FormAnswer> {
    const e = this.question(form, question).locator(
      `[data-testid="question-expected"][data-hypothesis="${hypothesis}"]`,
    );
    return ((await e.getAttribute('data-value')) ?? 'unknown') as FormAnswer;
  }

  /** Answer the questions of a form (id → answer), write a note and submit it. */
  async answerForm(form: Locator, answers: Record<string, FormAnswer>, note = ''): Promise<void> {
    for (const [q, a] of Object.entries(answers))
      await this.question(form, q)
        .locator(`[data-testid="form-answer"][data-value="${a}"]`)
        .check();
    if (note) await form.getByTestId('form-note').fill(note);
    await form.getByTestId('form-submit').click();
  }

  /** The history entry of step `step` that ran (not a rejection). */
  historyStep(step: number): Locator {
    const ran = `[data-testid="history-step"][data-step="${step}"]:not([data-decision="reject"])`;
    return this.page.locator(ran);
  }

  /** The enforcement of step `step`. */
  enforcement(step: number): Locator {
    return this.page.locator(`[data-testid="enforcement-step"][data-step="${step}"]`);
  }

  /** One system's rendering (nftables, suricata, wazuh) inside an enforcement block. */
  rendering(block: Locator, system: 'nftables' | 'suricata' | 'wazuh'): Locator {
    return block.locator(`[data-testid="enforcement-rendering"][data-system="${system}"]`);
  }

  /** The incident view's text outside its SIMULATED what-if box (the evidence and the plan). */
  async detailTextOutsideWhatIf(): Promise<string> {
    const all = await this.detail.innerText();
    const box = (await this.whatIf.count()) > 0 ? await this.whatIf.innerText() : '';
    return all.replace(box, '');
  }
}
