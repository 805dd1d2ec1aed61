import {Box, Text} from 'ink';
import type {BuildChoices} from '../../core/choices.js';
import {type DistroDef, endOfSupportWarning} from '../../engine/distros.js';
import {ChoiceList, type ListItem} from '../ChoiceList.js';
import {Lines} from '../Lines.js';
import {commandLines} from '../shell-quote.js';
import {useColor} from '../theme.js';
import {type Answers, type StepId, stepTitles} from './answers.js';
import {buildArgv, passwordFilePlaceholder} from './command-line.js';
import {describeAnswer, reviewSteps} from './review.js';
import {useEscape} from './use-escape.js';

/** What the last "Save as preset" did: where it saved, or why it did not. */
export interface Notice {
	ok: boolean;
	text: string;
}

export interface ReviewStepProps {
	answers: Answers;
	/** The answers with every default filled in, as the build will run. */
	filled: BuildChoices;
	distro: DistroDef;
	/** The day against which the release's end of support is judged (default: now). */
	today?: Date;
	cwd: string;
	/** Set when the output file exists: the build replaces it. */
	replaces: boolean;
	/** Set when the bootloader's builder needs privileged Docker. */
	privileged: boolean;
	/** Why the last Start build was refused. */
	problem?: string;
	notice?: Notice;
	width: number;
	onStart(): void;
	onSave(): void;
	onEdit(step: StepId): void;
	onBack(): void;
}

export function ReviewStep({answers, filled, distro, today, cwd, replaces, privileged, problem, notice, width, onStart, onSave, onEdit, onBack}: ReviewStepProps) {
	const color = useColor();
	useEscape(onBack);
	const items: Array<ListItem<StepId | 'start' | 'save'>> = [
		{key: 'start', label: 'Start build', value: 'start'},
		...reviewSteps.map(step => ({key: step, label: stepTitles[step], description: describeAnswer(step, answers, filled, distro, cwd), value: step})),
		{key: 'save', label: 'Save as preset…', description: 'keep these choices under a name (never the password)', value: 'save'},
	];
	const select = (choice: StepId | 'start' | 'save') => {
		if (choice === 'start') onStart();
		else if (choice === 'save') onSave();
		else onEdit(choice);
	};
	const release = distro.releases.find(item => item.id === filled.release);
	const unsupported = release ? endOfSupportWarning(distro, release, today) : undefined;
	const argv = buildArgv({...filled, force: filled.force || replaces});
	return (
		<Box flexDirection="column">
			<ChoiceList items={items} width={width} onSelect={select} />
			{replaces ? <Text color={color('warn')}>{`⚠ ${describeAnswer('output', answers, filled, distro, cwd)} exists; the build replaces it.`}</Text> : null}
			{unsupported ? <Text color={color('warn')}>{`⚠ ${unsupported}`}</Text> : null}
			{privileged ? <Text color={color('warn')}>{`⚠ ${filled.bootloader} loop-mounts the disk: its builder runs with CAP_SYS_ADMIN and the host's loop devices.`}</Text> : null}
			{problem ? <Text color={color('fail')}>{`✖ ${problem}`}</Text> : null}
			{notice ? <Text color={color(notice.ok ? 'ok' : 'fail')}>{`${notice.ok ? '✔' : '✖'} ${notice.text}`}</Text> : null}
			<Box marginTop={1} flexDirection="column">
				<Text dimColor>
					{`The same build without the wizard${argv.includes(passwordFilePlaceholder) ? ` (${passwordFilePlaceholder}: a file holding the root password)` : ''}:`}
				</Text>
				<Lines lines={commandLines(argv, width)} wrap />
			</Box>
		</Box>
	);
}
