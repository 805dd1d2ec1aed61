// Colour by role. chalk (under Ink) honours FORCE_COLOR but not NO_COLOR, so
// whether to colour is decided here from the environment and components ask
// for a role instead of naming colours.
import {createContext, useContext} from 'react';

export type Role = 'ok' | 'fail' | 'run' | 'warn' | 'accent';

const palette: Record<Role, string> = {ok: 'green', fail: 'red', run: 'cyan', warn: 'yellow', accent: 'cyan'};

/** NO_COLOR (non-empty) turns colour off; FORCE_COLOR other than 0/false turns it back on. */
export function colorsEnabled(env: NodeJS.ProcessEnv): boolean {
	const force = env.FORCE_COLOR;
	if (force !== undefined && force !== '0' && force !== 'false') return true;
	return !env.NO_COLOR;
}

const ColorContext = createContext(true);
export const ColorProvider = ColorContext.Provider;

/** The colour for a role, or undefined when colour is off. */
export function useColor(): (role: Role) => string | undefined {
	const enabled = useContext(ColorContext);
	return role => (enabled ? palette[role] : undefined);
}
