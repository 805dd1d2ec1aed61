// runit: a service directory whose run script execs the runner; runsv starts
// it again whenever it exits. Stage 1 (the rcS scripts, network included) has
// finished before runsvdir starts services.
import type {ContextFile} from '../context-file.js';
import {runnerPath} from './runner.js';

export const runitRunPath = '/etc/sv/kiln-app/run';

export const runitRun: ContextFile = {content: `#!/bin/sh\nexec ${runnerPath}\n`, mode: 0o755};

export const runitEnable = ['mkdir -p /etc/service', 'ln -sf /etc/sv/kiln-app /etc/service/kiln-app'];
