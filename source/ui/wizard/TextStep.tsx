import {useState} from 'react';
import {Box, Text} from 'ink';
import {TextInput} from '../TextInput.js';
import type {Check} from './checks.js';
import {CheckLine} from './CheckLine.js';
import {useEscape} from './use-escape.js';

export interface TextStepProps {
	prompt: string;
	initialValue: string;
	/** Run on every key: the answer is shown as valid or not while typed. */
	check(value: string): Check;
	onSubmit(value: string): void;
	onBack(): void;
	mask?: boolean;
	/** Text under the field, such as what the answer is for. */
	help?: string;
}

export function TextStep({prompt, initialValue, check, onSubmit, onBack, mask, help}: TextStepProps) {
	const [verdict, setVerdict] = useState(() => (initialValue === '' ? undefined : check(initialValue)));
	useEscape(onBack);
	const submit = (value: string) => {
		const result = check(value);
		setVerdict(result);
		if (result.ok) onSubmit(value);
	};
	return (
		<Box flexDirection="column">
			<Text>
				{`${prompt} `}
				<TextInput initialValue={initialValue} mask={mask} onChange={value => setVerdict(check(value))} onSubmit={submit} />
			</Text>
			<CheckLine check={verdict} />
			{help ? <Text dimColor>{help}</Text> : null}
		</Box>
	);
}
