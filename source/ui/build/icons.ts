import type {StageStatus} from '../../core/events.js';
import type {Role} from '../theme.js';

const spinnerFrames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** The spinner frame for a moment, so every running row turns in step and a fixed clock gives a fixed frame. */
export function spinner(now: number): string {
	return spinnerFrames[Math.floor(now / 100) % spinnerFrames.length]!;
}

export type Mark = 'done' | 'failed' | 'running' | 'pending' | 'skipped' | 'cancelled';

const marks: Record<Exclude<Mark, 'running'>, {icon: string; role?: Role}> = {
	done: {icon: '✔', role: 'ok'},
	failed: {icon: '✖', role: 'fail'},
	cancelled: {icon: '✖', role: 'warn'},
	pending: {icon: '○'},
	skipped: {icon: '–'},
};

export function icon(mark: Mark | StageStatus, now: number): {icon: string; role?: Role} {
	return mark === 'running' ? {icon: spinner(now), role: 'run'} : marks[mark];
}
