// Stored text reaches the terminal through here: a preset file or a hand-edited
// store must not be able to send escape sequences, so every control character
// on every line is shown visibly.
import {printable} from '../core/value-checks.js';

export function safeText(lines: string[]): string {
	return `${lines.map(line => printable(line)).join('\n')}\n`;
}
