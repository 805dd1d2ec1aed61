// `kiln` in a terminal: the start screen (and its preset and history lists),
// the wizard, then the build.
import {useEffect, useState} from 'react';
import {useApp} from 'ink';
import {useKeys} from './keys.js';
import type {DistroDef} from '../engine/distros.js';
import type {Plan} from '../engine/plan.js';
import {BuildApp, type BuildAppProps} from './BuildApp.js';
import type {ResultAction} from './result/actions.js';
import {HistoryScreen} from './start/HistoryScreen.js';
import {startOptions, type WizardStart} from './start/options.js';
import {PresetsScreen} from './start/PresetsScreen.js';
import {presetAnswers, recordAnswers} from './start/ready-made.js';
import {emptyStart, type StartData} from './start/start-data.js';
import {StartScreen} from './start/StartScreen.js';
import {useTerminalSize} from './terminal.js';
import type {Answers} from './wizard/answers.js';
import {Wizard} from './wizard/Wizard.js';

export interface KilnProps extends Omit<BuildAppProps, 'plan' | 'actions'> {
	cwd: string;
	env: NodeJS.ProcessEnv;
	/** Presets and history, read after the first frame (the store is slow to load) and again after a preset is saved. */
	loadStart(): Promise<StartData>;
	distros: DistroDef[];
	/** The day against which releases' end of support is judged (default: now). */
	today?: Date;
	/** The result screen's actions; the root password typed in the wizard (memory only) lets a boot check log in. */
	actions(rootPassword?: string): ResultAction[];
}

/** A list the wizard was entered from, with the entry chosen there. */
type ListScreen = {name: 'start' | 'presets' | 'history'; current?: string};
type Screen = ListScreen | {name: 'wizard'; start: WizardStart; from: ListScreen} | {name: 'build'; plan: Plan; actions: ResultAction[]};
type Drafts = Partial<Record<string, Answers>>;

/** Rows a list screen leaves for its items: title, margins, keys line and the "more" lines. */
const listChrome = 7;

export function Kiln({cwd, env, loadStart, distros, today, actions, ...build}: KilnProps) {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const [data, setData] = useState(emptyStart);
	// Bumped to read the store again.
	const [reads, setReads] = useState(0);
	const [screen, setScreen] = useState<Screen>({name: 'start'});
	const [quitting, setQuitting] = useState(false);
	// Answers left behind with Esc on a wizard's first step, by where it started: choosing it again resumes them.
	const [drafts, setDrafts] = useState<Drafts>({});
	// Ctrl-C before a build has started: nothing to clean up, so leave at once.
	useKeys((input, key) => {
		if (key.ctrl && input === 'c') setQuitting(true);
	}, {isActive: screen.name !== 'build'});
	// The entries that need the store join "New build" once it has been read.
	useEffect(() => {
		let shown = true;
		void loadStart().then(loaded => shown && setData(loaded));
		return () => {
			shown = false;
		};
	}, [loadStart, reads]);
	// Leave after the cleared frame is drawn.
	useEffect(() => {
		if (quitting) exit({code: 130});
	}, [quitting, exit]);

	const openWizard = (wizardStart: WizardStart, from: ListScreen) => setScreen({name: 'wizard', start: wizardStart, from});
	const listRows = Math.max(3, rows - listChrome);
	if (quitting) return null;
	switch (screen.name) {
		case 'start':
			return (
				<StartScreen
					options={startOptions(data)}
					current={screen.current}
					warnings={data.warnings}
					width={columns}
					onSelect={({key, target}) => (target.screen === 'wizard' ? openWizard(target.start, {name: 'start', current: key}) : setScreen({name: target.screen}))}
				/>
			);
		case 'presets':
			return (
				<PresetsScreen
					presets={data.presets}
					current={screen.current}
					width={columns}
					rows={listRows}
					onSelect={preset => openWizard({key: `preset-${preset.name}`, answers: presetAnswers(preset), step: 'review'}, {name: 'presets', current: preset.name})}
					onBack={() => setScreen({name: 'start', current: screen.name})}
				/>
			);
		case 'history':
			return (
				<HistoryScreen
					history={data.history}
					current={screen.current}
					width={columns}
					rows={listRows}
					onSelect={record => openWizard({key: `history-${record.id}`, answers: recordAnswers(record), step: 'review'}, {name: 'history', current: record.id})}
					onBack={() => setScreen({name: 'start', current: screen.name})}
				/>
			);
		case 'wizard':
			return (
				<Wizard
					cwd={cwd}
					env={env}
					distros={distros}
					today={today}
					initial={drafts[screen.start.key] ?? screen.start.answers}
					firstStep={screen.start.step}
					width={columns}
					onStart={(plan, answers) => setScreen({name: 'build', plan, actions: actions(answers.password)})}
					onBack={answers => {
						setDrafts({...drafts, [screen.start.key]: answers});
						setScreen(screen.from);
					}}
					// A saved preset is listed when the person goes back to the start.
					onSaved={() => setReads(reads + 1)}
				/>
			);
		case 'build':
			return <BuildApp {...build} plan={screen.plan} actions={screen.actions} />;
	}
}
