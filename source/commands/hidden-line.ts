// The keys of a hidden line prompt, read from raw terminal input. Escape
// sequences (arrow and function keys, bracketed-paste markers, Alt+key) are
// swallowed whole, even when a sequence is split across reads, so none of
// their bytes end up in the password.

export type HiddenLineEvent = {type: 'line'; text: string} | {type: 'cancel'};

const ESC = '\u001b';

/** Feeds raw input in and gets finished lines (or a cancel) out; keeps the partial line and any half-read escape sequence between feeds. */
export class HiddenLineReader {
	private text = '';
	/** Where an escape sequence being skipped stands: after ESC, inside CSI (ESC [ or 0x9b), or waiting for SS3's one final character. */
	private escape: 'none' | 'esc' | 'csi' | 'ss3' = 'none';

	feed(input: string): HiddenLineEvent[] {
		const events: HiddenLineEvent[] = [];
		for (const char of input) {
			if (this.skipEscape(char)) continue;
			if (char === '\u0003' || char === '\u0004') {
				events.push({type: 'cancel'});
				return events;
			}
			if (char === '\r' || char === '\n') {
				events.push({type: 'line', text: this.text});
				this.text = '';
			} else if (char === '\u007f' || char === '\b') {
				this.text = [...this.text].slice(0, -1).join('');
			} else if (char === '\u0015') {
				this.text = ''; // Ctrl-U: kill the line
			} else if (char >= ' ' && !(char >= '\u0080' && char < '\u00a0')) {
				this.text += char;
			}
		}
		return events;
	}

	/** True when `char` belongs to an escape sequence (and is dropped). */
	private skipEscape(char: string): boolean {
		const code = char.codePointAt(0)!;
		switch (this.escape) {
			case 'none':
				if (char === ESC) this.escape = 'esc';
				else if (code === 0x9b) this.escape = 'csi';
				else return false;
				return true;
			case 'esc':
				if (char === '[') this.escape = 'csi';
				else if (char === 'O') this.escape = 'ss3';
				else if (char === ESC) this.escape = 'esc';
				else this.escape = 'none'; // Alt+key, or another two-character escape
				return true;
			case 'csi':
				// Parameter (0x30-0x3f) and intermediate (0x20-0x2f) bytes go on; a final byte (0x40-0x7e) ends it.
				if (code >= 0x40 && code <= 0x7e) this.escape = 'none';
				else if (code < 0x20 || code > 0x7e) {
					// Not a CSI byte: the sequence was cut short; take this character as typed.
					this.escape = 'none';
					return false;
				}
				return true;
			case 'ss3':
				this.escape = 'none';
				return true;
		}
	}
}
