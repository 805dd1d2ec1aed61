// The walk from distro to review. Answers persist while moving back and
// forth; every list comes from distros/ (or choices.ts for kiln's own
// options), and the plan is resolved by the engine's resolvePlan.
import {existsSync} from 'node:fs';
import path from 'node:path';
import {useState} from 'react';
import {type BuildChoices, bootloaderInfo, formats} from '../../core/choices.js';
import {type Arch, archInfo, arches, hostArch} from '../../core/arch.js';
import {type DistroDef, distroArches, supportNote} from '../../engine/distros.js';
import {KilnError} from '../../core/errors.js';
import {type Plan, resolvePlan, withDefaults} from '../../engine/plan.js';
import {type Answers, type StepId, answered, change, login, nextStep, stepOrder, stepTitles} from './answers.js';
import {checkHost, checkOutput, expandHome, explain} from './checks.js';
import {ChoiceStep, describe} from './ChoiceStep.js';
import {bootItems, formatDescriptions, parseBoot} from './descriptions.js';
import {LoginStep} from './LoginStep.js';
import {reviewSteps} from './review.js';
import {type Notice, ReviewStep} from './ReviewStep.js';
import {SavePreset} from './SavePreset.js';
import {SizeStep} from './SizeStep.js';
import {listKeys, StepFrame, textKeys} from './StepFrame.js';
import {TextStep} from './TextStep.js';

export interface WizardProps {
	cwd: string;
	/** Where the store lives (KILN_CONFIG_DIR), for "Save as preset". */
	env: NodeJS.ProcessEnv;
	distros: DistroDef[];
	/** The day against which releases' end of support is judged (default: now). */
	today?: Date;
	initial: Answers;
	firstStep: StepId;
	width: number;
	/** With the answers, whose password (memory only) a boot check after the build needs. */
	onStart(plan: Plan, answers: Answers): void;
	/** Esc on the first screen, with the answers so far. */
	onBack(answers: Answers): void;
	/** A preset was saved from the review. */
	onSaved(): void;
}

function archDescription(arch: Arch): string {
	const {label, uefiOnly} = archInfo[arch];
	const here = arch === hostArch() ? 'this machine' : 'built and booted under emulation here';
	return `${label} — ${here}${uefiOnly ? ', UEFI boot only' : ''}`;
}

/** The answers the trail shows, in order. */
const trailSteps = ['distro', 'arch', 'release', 'kernel', 'init', 'size', 'firmware', 'format'] as const;

export function Wizard({cwd, env, distros, today, initial, firstStep, width, onStart, onBack, onSaved}: WizardProps) {
	const [answers, setAnswers] = useState(initial);
	// The steps visited, newest last: Esc walks back along it.
	const [visited, setVisited] = useState<StepId[]>([firstStep]);
	const [problem, setProblem] = useState<string>();
	// "Save as preset" opens over the review; what it did shows on the review after.
	const [saving, setSaving] = useState(false);
	const [notice, setNotice] = useState<Notice>();
	const step = visited.at(-1)!;
	const filled = withDefaults(answers.choices, distros);
	const distro = distros.find(item => item.id === filled.distro)!;
	const replaces = existsSync(path.resolve(cwd, filled.output));

	const back = () => (visited.length > 1 ? setVisited(visited.slice(0, -1)) : onBack(answers));
	const open = (target: StepId) => setVisited([...visited, target]);
	const advance = (next: Answers) => {
		setAnswers(next);
		setProblem(undefined);
		setNotice(undefined);
		open(nextStep(next, step, visited.includes('review')));
	};
	const choose = (patch: Partial<BuildChoices>) => advance(change(answers, patch));
	const start = () => {
		const missing = reviewSteps.find(item => !answered(answers, item));
		if (missing) return open(missing);
		try {
			onStart(resolvePlan({...answers.choices, force: filled.force || replaces}, {rootPassword: answers.password}, {cwd, distros, today}), answers);
		} catch (error) {
			if (!(error instanceof KilnError)) throw error;
			setProblem(explain(error));
		}
	};

	const common = {width, onBack: back};
	const body = (() => {
		switch (step) {
			case 'distro':
				return <ChoiceStep {...common} items={describe(distros)} value={filled.distro} onSubmit={distro => choose({distro})} />;
			case 'arch':
				return (
					<ChoiceStep
						{...common}
						items={arches.filter(arch => distroArches(distro).includes(arch)).map(arch => ({key: arch, label: arch, description: archDescription(arch), value: arch}))}
						value={filled.arch}
						onSubmit={arch => choose({arch})}
					/>
				);
			case 'release':
				return (
					<ChoiceStep
						{...common}
						items={distro.releases.map(release => ({key: release.id, label: release.id, description: `${release.name} — ${release.description} · ${supportNote(release, today)}`, value: release.id}))}
						value={filled.release}
						onSubmit={release => choose({release})}
					/>
				);
			case 'kernel':
				return <ChoiceStep {...common} items={describe(distro.kernels.filter(kernel => kernel.packages[filled.arch]))} value={filled.kernel} onSubmit={kernel => choose({kernel})} />;
			case 'init':
				return <ChoiceStep {...common} items={describe(distro.inits)} value={filled.init} onSubmit={init => choose({init})} />;
			case 'size':
				return <SizeStep {...common} value={filled.size} onSubmit={size => choose({size})} />;
			case 'firmware':
				return <ChoiceStep {...common} items={bootItems(filled.arch)} value={`${filled.firmware}/${filled.bootloader}`} onSubmit={boot => choose(parseBoot(boot))} />;
			case 'format':
				return <ChoiceStep {...common} items={describe(formats.map(id => ({id, description: formatDescriptions[id]})))} value={filled.format} onSubmit={format => choose({format})} />;
			case 'output':
				return (
					<TextStep
						{...common}
						prompt="Write the image to:"
						initialValue={filled.output}
						check={file => checkOutput(file, cwd)}
						// Only a changed name is kept, so the default follows a later change of format.
						onSubmit={file => choose({output: file === withDefaults({...answers.choices, output: undefined}, distros).output ? undefined : expandHome(file)})}
						help={`A path relative to ${cwd}, or an absolute one.`}
					/>
				);
			case 'hostname':
				return <TextStep {...common} prompt="Hostname:" initialValue={filled.hostname} check={checkHost} onSubmit={hostname => choose({hostname})} help="The guest's name, written to /etc/hostname." />;
			case 'login':
				return <LoginStep {...common} method={answers.login} sshKey={answers.choices.sshKey} cwd={cwd} onSubmit={(method, detail) => advance(login(answers, method, detail))} />;
			case 'review':
				if (saving) {
					return (
						<SavePreset
							choices={answers.choices}
							cwd={cwd}
							env={env}
							onDone={done => {
								setNotice(done);
								setSaving(false);
								if (done.ok) onSaved();
							}}
							onBack={() => setSaving(false)}
						/>
					);
				}
				return (
					<ReviewStep
						{...common}
						answers={answers}
						filled={filled}
						distro={distro}
						today={today}
						cwd={cwd}
						replaces={replaces}
						privileged={bootloaderInfo[filled.bootloader].privileged}
						problem={problem}
						notice={notice}
						onStart={start}
						onSave={() => {
							setNotice(undefined);
							setSaving(true);
						}}
						onEdit={open}
					/>
				);
		}
	})();

	const index = stepOrder.indexOf(step);
	const trail = trailSteps.filter(item => stepOrder.indexOf(item) < index && answers.choices[item] !== undefined).map(item => filled[item]);
	const typing = step === 'output' || step === 'hostname' || saving;
	return (
		<StepFrame key={visited.length} title={saving ? 'Save as preset' : stepTitles[step]} trail={step === 'review' ? undefined : trail.join(' › ')} position={`${index + 1}/${stepOrder.length}`} keys={typing ? textKeys : listKeys} width={width}>
			{body}
		</StepFrame>
	);
}
