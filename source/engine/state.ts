// A pure fold of the event stream into what a front end shows. The Ink UI
// renders this state; nothing in here knows about rendering.
import type {BootCheckResult} from '../core/boot-check-result.js';
import type {ErrorInfo} from '../core/errors.js';
import type {KilnEvent, StageId, StageStatus, SubStepId} from '../core/events.js';
import type {PlanSummary} from '../core/plan-summary.js';


export interface StageState {
	id: StageId;
	title: string;
	status: StageStatus;
	startedAt?: number;
	durationMs?: number;
	detail?: string;
	error?: ErrorInfo;
	progress?: {current: number; total?: number; at: number};
}

export interface LayerState {
	id: string;
	status: 'waiting' | 'downloading' | 'extracting' | 'done' | 'present';
	current?: number;
	total?: number;
	sizeBytes?: number;
}

export interface StepState {
	index: number;
	count: number;
	instruction: string;
	status: 'running' | 'done' | 'cached';
	sizeBytes?: number;
}

export interface BuildState {
	runId?: string;
	plan?: PlanSummary;
	startedAt?: number;
	stages: StageState[];
	layers: LayerState[];
	steps: StepState[];
	substeps: Array<{id: SubStepId; status: 'pending' | 'running' | 'done' | 'skipped'}>;
	/** The newest log lines, bounded. */
	logs: Array<{stage: StageId; line: string}>;
	osImage?: {id: string; tag: string; sizeBytes: number};
	bootCheck?: BootCheckResult;
	artifact?: {path: string; format: string; virtualBytes: number; diskBytes: number; sha256?: string};
	outcome?: 'ok' | 'failed' | 'cancelled';
	exitCode?: number;
	durationMs?: number;
	logFile?: string;
}

export const logLimit = 200;
const substepOrder: SubStepId[] = ['partition', 'filesystem', 'bootloader', 'convert'];

export const initialState: BuildState = {
	stages: [],
	layers: [],
	steps: [],
	substeps: substepOrder.map(id => ({id, status: 'pending'})),
	logs: [],
};

function updateStage(state: BuildState, id: StageId, change: (stage: StageState) => StageState): BuildState {
	return {...state, stages: state.stages.map(stage => (stage.id === id ? change(stage) : stage))};
}

export function reduce(state: BuildState, event: KilnEvent): BuildState {
	switch (event.type) {
		case 'run-started':
			return {
				...initialState,
				runId: event.runId,
				plan: event.plan,
				startedAt: event.at,
				stages: event.stages.map(({id, title}) => ({id, title, status: 'pending'})),
			};
		case 'stage-started':
			return updateStage(state, event.stage, stage => ({...stage, status: 'running', startedAt: event.at, title: event.title ?? stage.title}));
		case 'stage-progress':
			return updateStage(state, event.stage, stage => ({...stage, progress: {current: event.current, total: event.total, at: event.at}}));
		case 'stage-finished':
			return updateStage(state, event.stage, stage => ({...stage, status: 'done', durationMs: event.durationMs, detail: event.detail}));
		case 'stage-skipped':
			return updateStage(state, event.stage, stage => ({...stage, status: 'skipped', detail: event.reason}));
		case 'stage-failed':
			return updateStage(state, event.stage, stage => ({...stage, status: 'failed', durationMs: event.durationMs, error: event.error}));
		case 'layer': {
			const {id, status, current, total, sizeBytes} = event;
			const layer: LayerState = {id, status, current, total, sizeBytes};
			const known = state.layers.some(item => item.id === id);
			return {
				...state,
				layers: known ? state.layers.map(item => (item.id === id ? {...item, ...defined(layer)} : item)) : [...state.layers, layer],
			};
		}
		case 'step': {
			const {index, count, instruction, status, sizeBytes} = event;
			const step: StepState = {index, count, instruction, status, sizeBytes};
			const others = state.steps.filter(item => item.index !== index);
			return {...state, steps: [...others, step].sort((a, b) => a.index - b.index)};
		}
		case 'substep':
			return {...state, substeps: state.substeps.map(item => (item.id === event.id ? {...item, status: event.status} : item))};
		case 'log': {
			const logs = [...state.logs, {stage: event.stage, line: event.line}];
			return {...state, logs: logs.length > logLimit ? logs.slice(-logLimit) : logs};
		}
		case 'boot-check':
			return {...state, bootCheck: event.result};
		// Shown through preflight's detail; the event is for --json readers.
		case 'engine':
			return state;
		case 'os-image':
			return {...state, osImage: {id: event.id, tag: event.tag, sizeBytes: event.sizeBytes}};
		case 'artifact': {
			const {path, format, virtualBytes, diskBytes, sha256} = event;
			return {...state, artifact: {path, format, virtualBytes, diskBytes, sha256}};
		}
		case 'run-finished':
			return {
				...state,
				outcome: event.outcome,
				exitCode: event.exitCode,
				durationMs: event.durationMs,
				logFile: event.logFile,
				// Whatever was still running when the run ended was cut short.
				stages: state.stages.map(stage =>
					stage.status === 'running' || (stage.status === 'pending' && event.outcome !== 'ok')
						? {...stage, status: event.outcome === 'cancelled' ? 'cancelled' : stage.status === 'running' ? 'failed' : 'skipped'}
						: stage),
			};
	}
}

function defined<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The state after a whole recorded stream. */
export function foldEvents(events: KilnEvent[]): BuildState {
	return events.reduce(reduce, initialState);
}
