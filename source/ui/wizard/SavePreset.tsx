// "Save as preset…" from the review: a name checked as it is typed, a
// question before replacing one of the person's presets, then back to the
// review with where it was saved or why not. The password is not a choice
// and never reaches the preset.
import path from 'node:path';
import {useEffect, useState} from 'react';
import {Box, Text} from 'ink';
import {KilnError} from '../../engine/errors.js';
import {configDir} from '../../store/config-dir.js';
import {type ListedPreset, listPresets, presetFromChoices, savePreset} from '../../store/presets.js';
import {useKeys} from '../keys.js';
import {useColor} from '../theme.js';
import type {Answers} from './answers.js';
import {explain} from './checks.js';
import {checkNewPresetName} from './preset-name.js';
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
	// The names taken, read once: enough to warn while typing; savePreset checks again.
	useEffect(() => {
		try {
			setKnown(listPresets(env).value);
		} catch {
			// Unreadable: saving reports the store's error.
		}
	}, [env]);

	const save = (chosen: string, replace: boolean) => {
		try {
			const {warning} = savePreset(presetFromChoices(chosen, choices, {cwd}), {replace}, env);
			const where = path.join(configDir(env), 'presets.json');
			onDone({ok: true, text: `Saved preset "${chosen}" to ${where}${warning ? ` (${warning})` : ''}`});
		} catch (error) {
			if (!(error instanceof KilnError)) throw error;
			onDone({ok: false, text: `Preset not saved: ${explain(error)}`});
		}
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
