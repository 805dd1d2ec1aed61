// The one event stream every front end (Ink UI, line reporter, JSON reporter)
// consumes. Events are plain data: serialisable as JSON lines as they are.
import type {BootCheckResult, CheckResult, Milestone} from './boot-check-result.js';
import type {ErrorInfo} from './errors.js';
import type {PlanSummary} from './plan-summary.js';

export type StageId = 'preflight' | 'base' | 'os' | 'export' | 'assemble' | 'write' | 'boot-check';
export type StageStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped' | 'cancelled';
export type SubStepId = 'partition' | 'filesystem' | 'bootloader' | 'convert';

export type KilnEvent =
	| {type: 'run-started'; runId: string; at: number; plan: PlanSummary; stages: Array<{id: StageId; title: string}>}
	| {type: 'stage-started'; stage: StageId; at: number; title?: string}
	| {type: 'stage-progress'; stage: StageId; at: number; current: number; total?: number; unit: 'bytes'}
	| {type: 'stage-finished'; stage: StageId; at: number; durationMs: number; detail?: string}
	| {type: 'stage-skipped'; stage: StageId; at: number; reason: string}
	| {type: 'stage-failed'; stage: StageId; at: number; durationMs: number; error: ErrorInfo}
	/** A layer of the base image being pulled (or found locally). */
	| {type: 'layer'; stage: 'base'; id: string; status: 'waiting' | 'downloading' | 'extracting' | 'done' | 'present'; current?: number; total?: number; sizeBytes?: number}
	/** A Dockerfile step of the OS image: started, finished (with the layer size it made) or reused from cache. */
	| {type: 'step'; stage: 'os'; index: number; count: number; instruction: string; status: 'running' | 'done' | 'cached'; sizeBytes?: number}
	| {type: 'substep'; stage: 'assemble'; id: SubStepId; status: 'running' | 'done' | 'skipped'; at: number}
	| {type: 'log'; stage: StageId; at: number; line: string}
	/** The container engine the run uses, and how it was found (DOCKER_HOST, a context, a socket). */
	| {type: 'engine'; name: 'Docker' | 'Podman'; version: string; rootless: boolean; via: string; host: string}
	/** The OS image the disk is made from (its id pins the rootfs). */
	| {type: 'os-image'; id: string; tag: string; sizeBytes: number}
	/** The boot check's whole result: milestones, probe, reason. */
	| {type: 'boot-check'; result: BootCheckResult}
	| {type: 'artifact'; path: string; format: string; virtualBytes: number; diskBytes: number; sha256?: string}
	| {type: 'run-finished'; at: number; durationMs: number; outcome: 'ok' | 'failed' | 'cancelled'; exitCode: number; logFile?: string};


/**
 * A boot check's stream (`kiln boot-check`, the result screen's check). It
 * ends with `boot-result`; bad input or a cancel ends it with an error instead.
 */
export type BootCheckEvent =
	/** What happens around the guest: which QEMU and accelerator, and why. */
	| {type: 'boot-status'; line: string}
	/** A serial console line, cleaned, the password masked. */
	| {type: 'boot-serial'; line: string}
	| {type: 'boot-milestone'; milestone: Milestone}
	/** A check of the app once the guest is up (port, HEALTHCHECK, console output), as it finishes. */
	| {type: 'boot-app-check'; check: CheckResult}
	| {type: 'boot-result'; result: BootCheckResult};
