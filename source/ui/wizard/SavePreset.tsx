// "Save as preset…" from the review: a name checked as it is typed, a
// question before replacing one of the person's presets, then back to the
// review with where it was saved or why not. The password is not a choice
// and never reaches the preset.
import {useEffect, useState} from 'react';
import {Box, Text} from 'ink';
import type {ListedPreset} from '../../store/presets.js';
import {useKeys} from '../keys.js';
import {useColor} from '../theme.js';
import type {Answers} from './answers.js';
import {checkNewPresetName} from './preset-name.js';
import {knownPresets, saveChoices} from './preset-store.js';
import type {Notice} from './ReviewStep.js';
import {TextStep} from './TextStep.js';
import {useEscape} from './use-escape.js';

export interface SavePresetProps {
	choices: Answers['choices'];
	cwd: string;
	env: NodeJS.ProcessEnv;
	onDone(notice: Notice): void;
	onBack(): void;
}

function ConfirmReplace({name, onReplace, onBack}: {name: string; onReplace(): void; onBack(): void}) {
	const color = useColor();
	useEscape(onBack);
	useKeys(input => {
		if (input === 'y' || input === 'Y') onReplace();
		else if (input === 'n' || input === 'N') onBack();
	});
	return (
		<Box flexDirection="column">
			<Text color={color('warn')}>{`⚠ A preset named "${name}" exists.`}</Text>
			<Text>Replace it? y replaces · n or esc chooses another name</Text>
		</Box>
	);
}

export function SavePreset({choices, cwd, env, onDone, onBack}: SavePresetProps) {
	const [known, setKnown] = useState<ListedPreset[]>([]);
	const [replacing, setReplacing] = useState<string>();
	const [name, setName] = useState('');
	// The names taken, read once: enough to warn while typing; saving checks again.
	useEffect(() => {
		let shown = true;
		void knownPresets(env).then(presets => shown && setKnown(presets));
		return () => {
			shown = false;
		};
	}, [env]);

	const save = (chosen: string, replace: boolean) => {
		void saveChoices(chosen, choices, {cwd, env, replace}).then(onDone);
	};
	const submit = (chosen: string) => {
		setName(chosen);
		if (known.some(preset => preset.name === chosen && !preset.builtIn)) setReplacing(chosen);
		else save(chosen, false);
	};

	if (replacing) return <ConfirmReplace name={replacing} onReplace={() => save(replacing, true)} onBack={() => setReplacing(undefined)} />;
	return (
		<TextStep
			prompt="Preset name:"
			initialValue={name}
			check={text => checkNewPresetName(text, known)}
			onSubmit={submit}
			onBack={onBack}
			help="Letters, digits, dots, dashes and underscores. Use it later with kiln build --preset NAME."
		/>
	);
}
