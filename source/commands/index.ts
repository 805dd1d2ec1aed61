import type {Command} from './types.js';
import {buildCommand} from './build.js';

/** Every `kiln <name>` command. */
export const commands: Command[] = [buildCommand];
