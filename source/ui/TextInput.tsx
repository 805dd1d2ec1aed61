// A one-line text field. The value is kept in a ref as well as in state:
// several keys can arrive in one read, and each must see the previous one.
import {useRef, useState} from 'react';
import {Text} from 'ink';
import {useKeys} from './keys.js';

export interface TextInputProps {
	initialValue?: string;
	/** Shows a bullet for each character (passwords). */
	mask?: boolean;
	onChange?(value: string): void;
	onSubmit(value: string): void;
}

export function TextInput({initialValue = '', mask = false, onChange, onSubmit}: TextInputProps) {
	const current = useRef(initialValue);
	const [value, setValue] = useState(initialValue);
	const set = (next: string) => {
		current.current = next;
		setValue(next);
		onChange?.(next);
	};
	useKeys((input, key) => {
		if (key.return) onSubmit(current.current);
		else if (key.backspace || key.delete) set(current.current.slice(0, -1));
		else if (key.ctrl && input === 'u') set('');
		else if (!key.ctrl && !key.meta && !key.escape && !key.tab && input) {
			// Typed-ahead or pasted text can end in Enter: a line break submits
			// what came before it, as in a shell.
			const [line = '', ...rest] = input.split(/\r\n|\r|\n/);
			set(current.current + line);
			if (rest.length > 0) onSubmit(current.current);
		}
	});
	const shown = mask ? '•'.repeat(value.length) : value;
	return (
		<Text>
			{shown}
			<Text inverse> </Text>
		</Text>
	);
}
