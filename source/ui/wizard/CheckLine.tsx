import {Text} from 'ink';
import {useColor} from '../theme.js';
import type {Check} from './checks.js';

/** The verdict on what is typed so far. */
export function CheckLine({check}: {check: Check | undefined}) {
	const color = useColor();
	if (!check) return null;
	if (!check.ok) return <Text color={color('fail')}>{`✖ ${check.problem}`}</Text>;
	if (!check.note) return null;
	return check.warn ? <Text color={color('warn')}>{`⚠ ${check.note}`}</Text> : <Text color={color('ok')}>{`✔ ${check.note}`}</Text>;
}
