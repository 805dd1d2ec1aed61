// `kiln convert IMAGE`: any Debian, Ubuntu or Alpine based image, application
// images included, into a bootable disk that starts the image's app at boot.
// The build is `kiln build`'s, with the image as the base and its distro and
// release detected from it, so the same flags, progress and reporters apply.
import {connectEngine, dockerClient} from '../core/docker/connect.js';
import {planConvert} from '../engine/convert/convert-plan.js';
import {appRootfs} from '../engine/app-service/model.js';
import {usageError} from '../core/errors.js';
import {choiceHelp, choiceOptions, choicesFromFlags, flagHelpLines, outputFlagHelp, outputOptions, parseFlags} from './build-flags.js';
import {bootCheckFromFlags, bootFlagHelp, bootOptions, executePlan} from './build.js';
import type {Io} from '../app/io.js';
import type {Command} from './types.js';

const convertOptions = {
	...choiceOptions('convert'),
	...outputOptions,
	...bootOptions,
	'no-app-service': {type: 'boolean'},
} as const;

export const convertCommand: Command = {
	name: 'convert',
	usage: `kiln convert IMAGE [flags]

An image of a distro kiln knows (its /etc/os-release), with its package
manager and a shell, gets a kernel and init added in place. Any other image
(FROM scratch, distroless, another distro) boots on a Debian base: its tree
is kept whole under /var/lib/kiln/app/rootfs and the app runs inside it, as
Docker would run it. Either way its ENTRYPOINT/CMD, ENV, WORKDIR and USER
become a service started at boot, after the network, restarted when it
fails, its output on the console (ttyS0) and in the journal (systemd) or
/var/log/kiln-app.log; its EXPOSE ports and HEALTHCHECK are what the boot
check proves. The hostname and output file default to the image's name
(team/web-app:1.2 → web-app, web-app.img).

Build choices:
${choiceHelp('convert')}
${flagHelpLines('--no-app-service', ["do not start the image's ENTRYPOINT/CMD at boot"])}

${bootFlagHelp}

${outputFlagHelp}`,
	async run(argv: string[], io: Io) {
		const {values, positionals} = parseFlags(argv, convertOptions, true);
		if (positionals.length !== 1) {
			throw usageError('IMAGE', positionals.length === 0 ? 'kiln convert needs the image to convert' : `kiln convert takes one image, got ${positionals.length}`,
				'Run kiln convert IMAGE [flags], e.g. kiln convert myapp:latest --root-password-file -.');
		}
		const {choices, secrets} = choicesFromFlags(values);
		const docker = await dockerClient(io.env);
		await connectEngine(docker, io.env);
		const {plan, notes} = await planConvert(positionals[0]!, choices, secrets, {
			docker,
			cwd: io.cwd,
			appService: !values['no-app-service'],
			// Ctrl-C here ends the process before any build; the container read
			// for os-release carries the run labels, so kiln doctor finds it.
			signal: new AbortController().signal,
		});
		for (const note of notes) io.stderr.write(`kiln: note: ${note}\n`);
		if (plan.appBase) {
			io.stderr.write(plan.appBase.path === 'debian'
				? `kiln: on a Debian base (${plan.appBase.why}): the image's tree is kept whole under ${appRootfs}, the app runs inside it\n`
				: `kiln: in place (${plan.appBase.why})\n`);
		}
		if (plan.app) io.stderr.write(`kiln: ${plan.releaseName}; at boot, ${plan.init.id} starts the app: ${JSON.stringify(plan.app.argv)}\n`);
		else io.stderr.write(`kiln: ${plan.releaseName}; no app service\n`);
		return executePlan(plan, values, io, bootCheckFromFlags(values, secrets.rootPassword, io.cwd));
	},
};
