// What every stage gets: the plan, the Docker client, the run's resources,
// and one way to report (events). Results pass between stages in `results`.
import type Docker from 'dockerode';
import type {Engine} from '../core/docker/connect.js';
import type {Resources} from '../core/cleanup.js';
import type {KilnEvent, StageId} from '../core/events.js';
import type {Plan} from './plan.js';

export interface StageResults {
	/** The container engine preflight found and connected to. */
	engine?: Engine;
	baseImageId?: string;
	osImage?: {id: string; tag: string; sizeBytes: number; created: string};
	/** Disk size chosen (explicit or auto), bytes. */
	diskBytes?: number;
	/** The finished image under its temporary name, beside the output. */
	tempOutput?: string;
}

export interface StageContext {
	runId: string;
	plan: Plan;
	docker: Docker;
	signal: AbortSignal;
	resources: Resources;
	results: StageResults;
	emit(event: KilnEvent): void;
	log(stage: StageId, line: string): void;
	/** Byte progress, throttled so front ends are not flooded. */
	progress(stage: StageId, current: number, total?: number): void;
}

export interface Stage {
	id: StageId;
	title: string;
	/** Resolves to a one-line detail for the summary. */
	run(context: StageContext): Promise<string | undefined>;
}
