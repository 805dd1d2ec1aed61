import type {PlanSummary} from '../../core/plan-summary.js';

/** One line naming what is being built, kept above the tree. */
export function recap(plan: PlanSummary): string {
	const {choices} = plan;
	return `Building ${plan.releaseName} · ${choices.kernel} kernel · ${choices.init} · ${choices.firmware} · ${choices.format} → ${plan.outputPath}`;
}
