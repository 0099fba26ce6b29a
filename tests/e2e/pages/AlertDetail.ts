/** The selected alert's detail panel: recommendation, advisor, evidence, decisions. */
import type { Locator } from '@playwright/test';

/** The override form's choices. */
export interface OverrideChoice {
  /** Catalogue index of the action taken. */
  action: number;
  disposition: 'tp' | 'fp' | 'other';
  /** The true class, for disposition 'other'. */
  trueClass?: string;
  note?: string;
}

/** Locators and actions inside the panel. */
export class AlertDetail {
  readonly heading: Locator;
  /** Status pill of the alert; `data-status` holds the raw status. */
  readonly status: Locator;
  /** The recommended action; `data-action-id` is its ATT&CK ID. */
  readonly recommended: Locator;
  readonly recommendedProb: Locator;
  /** The advisor line; `data-advisor` is kg or llm. */
  readonly advisor: Locator;
  readonly advisorLabel: Locator;
  readonly evidenceRecords: Locator;
  readonly policyBars: Locator;
  readonly versions: Locator;
  /** The risk section; `data-needs-review` says whether it is flagged. */
  readonly risk: Locator;
  readonly pWrong: Locator;
  readonly expectedReward: Locator;
  readonly rewardInterval: Locator;
  readonly needsReview: Locator;
  readonly reviewReasons: Locator;
  readonly piNote: Locator;
  readonly riskEvidence: Locator;
  readonly note: Locator;
  readonly approveButton: Locator;
  readonly overrideButton: Locator;
  readonly overrideAction: Locator;
  readonly overrideDisposition: Locator;
  readonly overrideClass: Locator;
  readonly overrideSubmit: Locator;
  readonly result: Locator;
  readonly error: Locator;
  readonly decisions: Locator;

  constructor(readonly panel: Locator) {
    const t = (id: string): Locator => panel.getByTestId(id);
    // The panel's own heading: the signature's graph in the panel has an <h3> of its own.
    this.heading = panel.locator('h3.detail-head');
    this.status = t('detail-status');
    this.recommended = t('detail-recommended');
    this.recommendedProb = t('detail-recommended-prob');
    this.advisor = t('detail-advisor');
    this.advisorLabel = t('detail-advisor-label');
    this.evidenceRecords = t('evidence-record');
    this.policyBars = t('policy-bar');
    this.versions = t('detail-versions');
    this.risk = t('detail-risk');
    this.pWrong = t('detail-p-wrong');
    this.expectedReward = t('detail-expected-reward');
    this.rewardInterval = t('detail-reward-interval');
    this.needsReview = t('detail-needs-review');
    this.reviewReasons = t('detail-review-reason');
    this.piNote = t('detail-pi-note');
    this.riskEvidence = t('detail-risk-evidence');
    this.note = t('decision-note');
    this.approveButton = t('decision-approve');
    this.overrideButton = t('decision-override');
    this.overrideAction = t('override-action');
    this.overrideDisposition = t('override-disposition');
    this.overrideClass = t('override-class');
    this.overrideSubmit = t('override-submit');
    this.result = t('decision-result');
    this.error = t('decision-error');
    this.decisions = t('decision-entry');
  }

  /** Approve the recommendation, with an optional note. */
  async approve(note = ''): Promise<void> {
    if (note) await this.note.fill(note);
    await this.approveButton.click();
  }

  /** Open the override form (its action picker gets the focus). */
  async openOverride(): Promise<void> {
    await this.overrideButton.click();
  }

  /** Fill the open override form and submit it. */
  async submitOverride(choice: OverrideChoice): Promise<void> {
    if (choice.note) await this.note.fill(choice.note);
    await this.overrideAction.selectOption(String(choice.action));
    await this.overrideDisposition.selectOption(choice.disposition);
    if (choice.disposition === 'other' && choice.trueClass)
      await this.overrideClass.selectOption(choice.trueClass);
    await this.overrideSubmit.click();
  }

  /** The override picker's options as catalogue index and label, in the order shown. */
  async overrideOptions(): Promise<{ index: number; label: string }[]> {
    return this.overrideAction.locator('option').evaluateAll((opts) =>
      opts
        .map((o) => o as unknown as { value: string; textContent: string | null })
        .filter((o) => o.value !== '')
        .map((o) => ({ index: Number(o.value), label: (o.textContent ?? '').trim() })),
    );
  }
}
