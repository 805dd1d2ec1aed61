import type {Command} from './types.js';
import {bootCommand} from './boot.js';
import {bootCheckCommand} from './boot-check.js';
import {buildCommand} from './build.js';
import {convertCommand} from './convert.js';
import {doctorCommand} from './doctor.js';
import {historyCommand} from './history.js';
import {presetCommand} from './preset.js';
import {rerunCommand} from './rerun.js';

/** Every `kiln <name>` command. */
export const commands: Command[] = [buildCommand, bootCommand, bootCheckCommand, convertCommand, doctorCommand, presetCommand, historyCommand, rerunCommand];
