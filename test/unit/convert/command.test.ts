// kiln convert's arguments: one image, build's flags minus what the image
// decides (distro, release, base). These are refused before Docker is asked.
import {describe, expect, it} from 'vitest';
import {convertCommand} from '../../../source/commands/convert.js';
import type {Io} from '../../../source/app/io.js';

const io = {env: {}, cwd: '/'} as unknown as Io;

describe('kiln convert arguments', () => {
	it.each([
		[[], 'kiln convert needs the image to convert'],
		[['a:1', 'b:2'], 'kiln convert takes one image, got 2'],
		[['a:1', '--distro', 'debian'], "Unknown option '--distro'"],
		[['a:1', '--base', 'x:1'], "Unknown option '--base'"],
	])('%j is a usage error', async (argv, message) => {
		await expect(convertCommand.run(argv, io)).rejects.toMatchObject({exitCode: 2, message: expect.stringContaining(message)});
	});

	it('documents build\'s flags without those the image decides', () => {
		expect(convertCommand.usage).not.toMatch(/--distro|--base/);
		// The release only picks a Debian base's: the distros' lists would mislead.
		expect(convertCommand.usage).toMatch(/--release ID {11}the Debian base's release \(on a Debian base only\):\n {25}debian: trixie \(default\), bookworm\n/);
		expect(convertCommand.usage).not.toMatch(/ubuntu: |alpine: /);
		expect(convertCommand.usage).toContain('--no-app-service');
		expect(convertCommand.usage).toContain('--init ID');
		expect(convertCommand.usage).toContain("--hostname NAME        guest hostname (default: the image's name)");
	});
});
