import type {Command} from './types.js';
import {buildCommand} from './build.js';
import {convertCommand} from './convert.js';
import {doctorCommand} from './doctor.js';

/** Every `kiln <name>` command. */
export const commands: Command[] = [buildCommand, convertCommand, doctorCommand];
