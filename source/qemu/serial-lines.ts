// Turns the raw bytes of a serial console into readable lines. Firmware and
// GRUB draw with terminal escapes and bare carriage returns; the guest's
// prompts ("login: ", "Password: ") end without a newline, so the unfinished
// tail is exposed too. Lines come out as the guest sent them; whatever is
// reported (logs, events, JSON) goes through redact() first, which masks the
// secrets typed into the guest.

import {LineSplitter} from '../core/lines.js';

/** Longest line kept; a console spewing without newlines must not grow memory. */
const maxLine = 4096;
export const mask = '********';

// CSI sequences (colours, cursor moves), OSC titles, and two-byte escapes
// such as SeaBIOS's "ESC c" reset; then the remaining control characters.
const escapes = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_a-z]/g;
const controls = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

export function cleanLine(text: string): string {
	return text.replace(escapes, '').replace(controls, '').trimEnd();
}

export class SerialLines {
	// Bare carriage returns end lines too: firmware redraws with them.
	private readonly lines = new LineSplitter({separator: /[\r\n]+/, maxLength: maxLine});
	private readonly secrets: string[];

	constructor(secrets: readonly string[] = []) {
		this.secrets = secrets.filter(secret => secret.length > 0);
	}

	/** Complete lines found in this chunk (cleaned, empty ones dropped). */
	push(chunk: Uint8Array | string): string[] {
		return this.lines.push(chunk).map(part => cleanLine(part)).filter(line => line !== '');
	}

	/** The unterminated tail: where prompts appear. */
	partial(): string {
		return cleanLine(this.lines.partial());
	}

	/** Whatever is left when the stream ends. */
	end(): string[] {
		return this.lines.end().map(part => cleanLine(part)).filter(line => line !== '');
	}

	/** The text with every secret masked. */
	redact(text: string): string {
		let result = text;
		for (const secret of this.secrets) result = result.split(secret).join(mask);
		return result;
	}
}
