import {usageError} from '../core/errors.js';

const MiB = 1024 ** 2;
const units: Record<string, number> = {'': 1, k: 1024, m: MiB, g: 1024 ** 3, t: 1024 ** 4};

/** Parses `2G`, `1500M`, `4GiB`, `3.5G` or plain bytes; sizes are binary (G = GiB). */
export function parseSize(text: string, field = '--size'): number {
	const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
	if (!match) {
		throw usageError(field, `${field} "${text}" is not a size`, 'Use a number with a unit, like 2G, 1500M or 4GiB, or "auto".');
	}
	const bytes = Math.round(Number(match[1]) * units[match[2]!.toLowerCase()]!);
	if (bytes <= 0) throw usageError(field, `${field} must be larger than zero`, 'Use a size like 2G, or "auto".');
	return bytes;
}

/** Disk sizes are whole MiB so partitions and filesystems align. */
export function roundUpMiB(bytes: number): number {
	return Math.ceil(bytes / MiB) * MiB;
}

export function formatBytes(bytes: number | undefined): string {
	if (bytes === undefined || !Number.isFinite(bytes)) return '…';
	if (bytes < 1000) return `${bytes} B`;
	const steps = ['kB', 'MB', 'GB', 'TB'];
	let value = bytes / 1000;
	let i = 0;
	while (value >= 1000 && i < steps.length - 1) {
		value /= 1000;
		i++;
	}
	return `${value.toFixed(value < 10 ? 1 : value < 100 ? 1 : 0)} ${steps[i]}`;
}

/** `2G`-style text for a byte count, for command lines and summaries. */
export function formatSizeFlag(bytes: number): string {
	for (const [suffix, unit] of [['T', 1024 ** 4], ['G', 1024 ** 3], ['M', MiB], ['K', 1024]] as const) {
		if (bytes % unit === 0) return `${bytes / unit}${suffix}`;
	}
	return String(bytes);
}

export function formatDuration(ms: number): string {
	if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
	const s = Math.round(ms / 1000);
	if (s < 60) return `${s}s`;
	return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/**
 * The disk size `auto` chooses: the root filesystem's size plus 30% and
 * 256 MiB of headroom (ext4 metadata, logs, a few packages), plus the
 * partition table and ESP room, rounded up to 64 MiB.
 */
export function autoDiskSize(rootfsBytes: number, firmware: string): number {
	const fs = rootfsBytes * 1.3 + 256 * MiB;
	return Math.ceil((fs + bootOverhead(firmware)) / (64 * MiB)) * 64 * MiB;
}

/** The smallest disk that can hold the root filesystem at all. */
export function minimumDiskSize(rootfsBytes: number, firmware: string): number {
	return roundUpMiB(rootfsBytes * 1.1 + 80 * MiB + bootOverhead(firmware));
}

function bootOverhead(firmware: string): number {
	return firmware === 'bios' ? MiB : 67 * MiB;
}
