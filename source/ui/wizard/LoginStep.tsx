// How root logs in: a password typed twice (masked), an SSH public key
// file, or nobody (root locked), which is allowed after a warning.
import path from 'node:path';
import {useState} from 'react';
import {Box, Text} from 'ink';
import {useKeys} from '../keys.js';
import {ChoiceList, type ListItem} from '../ChoiceList.js';
import {useColor} from '../theme.js';
import type {LoginMethod} from './answers.js';
import {checkKey, checkRootPassword, expandHome, suggestKey} from './checks.js';
import {TextStep} from './TextStep.js';
import {useEscape} from './use-escape.js';

const methods: Array<ListItem<LoginMethod>> = [
	{key: 'password', label: 'password', description: 'type a root password now (hidden, never stored)', value: 'password'},
	{key: 'key', label: 'SSH key', description: 'root logs in with your public key; installs an SSH server', value: 'key'},
	{key: 'locked', label: 'locked', description: 'no password and no key: nobody can log in', value: 'locked'},
];

/** The method list, one method's screen (with why the last try failed), or the password's second typing. */
type Phase = {name: 'method'} | {name: LoginMethod; problem?: string} | {name: 'confirm'; first: string};

export interface LoginStepProps {
	method?: LoginMethod;
	sshKey?: string;
	cwd: string;
	width: number;
	onSubmit(method: LoginMethod, detail: {password?: string; sshKey?: string}): void;
	onBack(): void;
}

function LockedWarning({onConfirm, onBack}: {onConfirm(): void; onBack(): void}) {
	const color = useColor();
	useEscape(onBack);
	useKeys((_input, key) => {
		if (key.return) onConfirm();
	});
	return (
		<Box flexDirection="column">
			<Text color={color('warn')}>⚠ Nobody will be able to log in to this image: root has no password and no SSH key.</Text>
			<Text dimColor>Fine for an appliance that only runs services. Enter keeps root locked; esc chooses another way.</Text>
		</Box>
	);
}

export function LoginStep({method, sshKey, cwd, width, onSubmit, onBack}: LoginStepProps) {
	const color = useColor();
	const [phase, setPhase] = useState<Phase>({name: 'method'});
	const toMethods = () => setPhase({name: 'method'});
	useEscape(onBack, phase.name === 'method');
	switch (phase.name) {
		case 'method':
			return (
				<ChoiceList
					items={methods}
					initialIndex={Math.max(0, methods.findIndex(item => item.value === method))}
					width={width}
					onSelect={chosen => setPhase({name: chosen})}
				/>
			);
		case 'password':
			return (
				<Box flexDirection="column">
					{phase.problem ? <Text color={color('fail')}>{`✖ ${phase.problem}`}</Text> : null}
					<TextStep key="first" prompt="Root password:" initialValue="" mask check={checkRootPassword} onSubmit={first => setPhase({name: 'confirm', first})} onBack={toMethods} />
				</Box>
			);
		case 'confirm':
			return (
				<TextStep
					key="again"
					prompt="Type it again:"
					initialValue=""
					mask
					check={checkRootPassword}
					onSubmit={again => (again === phase.first ? onSubmit('password', {password: again}) : setPhase({name: 'password', problem: 'The two passwords differ; type it again.'}))}
					onBack={() => setPhase({name: 'password'})}
				/>
			);
		case 'key':
			return (
				<TextStep
					prompt="Public key file:"
					initialValue={sshKey ?? suggestKey() ?? ''}
					check={file => checkKey(file, cwd)}
					onSubmit={file => onSubmit('key', {sshKey: path.resolve(cwd, expandHome(file))})}
					onBack={toMethods}
					help="The .pub file written by ssh-keygen; never the private key."
				/>
			);
		case 'locked':
			return <LockedWarning onConfirm={() => onSubmit('locked', {})} onBack={toMethods} />;
	}
}
