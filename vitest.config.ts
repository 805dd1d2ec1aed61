import path from 'node:path';
import {defineConfig} from 'vitest/config';

// Snapshots live in snapshots/, mirroring test/ paths.
const resolveSnapshotPath = (testPath: string, extension: string) =>
	path.join(import.meta.dirname, 'snapshots', path.relative(path.join(import.meta.dirname, 'test'), testPath) + extension);

export default defineConfig({
	test: {
		// ink-testing-library renders nothing under CI=true (Ink goes static).
		env: {CI: 'false', NO_COLOR: '1', FORCE_COLOR: '0'},
		resolveSnapshotPath,
		projects: [
			{
				extends: true,
				// Generous: unit tests share two cores with Docker builds and QEMU in CI.
				test: {name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], testTimeout: 30_000},
			},
			{
				// Real Docker engine and QEMU: one file at a time on a 2-core machine.
				extends: true,
				test: {
					name: 'e2e',
					include: ['test/e2e/**/*.test.{ts,tsx}'],
					fileParallelism: false,
					testTimeout: 20 * 60_000,
					hookTimeout: 20 * 60_000,
				},
			},
		],
	},
});
