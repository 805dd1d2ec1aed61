// `kiln` in a terminal: the start screen, the wizard, then the build.
import {useEffect, useState} from 'react';
import {useApp} from 'ink';
import {useKeys} from './keys.js';
import type {DistroDef} from '../engine/distros.js';
import type {Plan} from '../engine/plan.js';
import {BuildApp, type BuildAppProps} from './BuildApp.js';
import type {StartOption} from './start/options.js';
import {StartScreen} from './start/StartScreen.js';
import {useTerminalSize} from './terminal.js';
import type {Answers} from './wizard/answers.js';
import {Wizard} from './wizard/Wizard.js';

export interface KilnProps extends Omit<BuildAppProps, 'plan'> {
	cwd: string;
	options: StartOption[];
	distros: DistroDef[];
}

type Screen = {name: 'start'} | {name: 'wizard'; option: StartOption} | {name: 'build'; plan: Plan};
type Drafts = Partial<Record<string, Answers>>;

export function Kiln({cwd, options, distros, ...build}: KilnProps) {
	const {exit} = useApp();
	const {columns} = useTerminalSize();
	const [screen, setScreen] = useState<Screen>({name: 'start'});
	const [quitting, setQuitting] = useState(false);
	// Answers left behind with Esc on a wizard's first step, by start option: choosing it again resumes them.
	const [drafts, setDrafts] = useState<Drafts>({});
	// Ctrl-C before a build has started: nothing to clean up, so leave at once.
	useKeys((input, key) => {
		if (key.ctrl && input === 'c') setQuitting(true);
	}, {isActive: screen.name !== 'build'});
	// Leave after the cleared frame is drawn.
	useEffect(() => {
		if (quitting) exit({code: 130});
	}, [quitting, exit]);

	if (quitting) return null;
	switch (screen.name) {
		case 'start':
			return <StartScreen options={options} width={columns} onSelect={option => setScreen({name: 'wizard', option})} />;
		case 'wizard':
			return (
				<Wizard
					cwd={cwd}
					distros={distros}
					initial={drafts[screen.option.key] ?? screen.option.answers}
					firstStep={screen.option.step}
					width={columns}
					onStart={plan => setScreen({name: 'build', plan})}
					onBack={answers => {
						setDrafts({...drafts, [screen.option.key]: answers});
						setScreen({name: 'start'});
					}}
				/>
			);
		case 'build':
			return <BuildApp {...build} plan={screen.plan} />;
	}
}
