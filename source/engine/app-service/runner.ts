// For inits without systemd's own exec syntax (sysvinit, OpenRC, runit,
// busybox init) the app is started by one fixed runner script. The image's
// strings never enter that script: they are data files beside it, one word
// per line, read with `read -r` and decoded with printf %b, then passed as
// separate arguments. Nothing in them is ever parsed as shell.
import {appRunnerPath} from '../../core/image-checks.js';
import type {ContextFile} from '../context-file.js';
import type {AppSpec} from './model.js';

export const runnerPath = appRunnerPath;
export const appDataDir = '/etc/kiln/app';
export const appLogPath = '/var/log/kiln-app.log';

/** One data line: backslashes doubled and line breaks as \n, which printf %b undoes. */
export function dataLine(word: string): string {
	return `${word.replaceAll('\\', '\\\\').replaceAll('\n', '\\n')}\n`;
}

const runnerScript = `#!/bin/sh
# Written by kiln convert: starts the image's ENTRYPOINT/CMD as Docker would,
# with its ENV, WORKDIR and USER, its output on the console and in
# ${appLogPath}. "run health SECONDS" runs its HEALTHCHECK command the same
# way, output to stdout, stopped after SECONDS. What to run is read from the
# data files in ${appDataDir} (one word per line, \\\\ and \\n escaped); none
# of it is evaluated as shell.
set -eu
data=${appDataDir}
words=argv
if [ "\${1:-}" = health ]; then
  words=health
  case \${2:-} in ''|*[!0-9]*) echo "usage: $0 health SECONDS" >&2; exit 2 ;; esac
  timeout=$2
fi

# Sets $word to line $1 with its escapes undone; the x keeps trailing newlines
# that command substitution would otherwise strip.
decode() {
  word=$(printf '%bx' "$1")
  word=\${word%x}
}

user=root
group=
if [ -s "$data/user" ]; then
  IFS= read -r spec <"$data/user"
  user=\${spec%%:*}
  case $spec in *:*) group=\${spec#*:} ;; esac
fi
home=$(awk -F: -v u="$user" '$1 == u || $3 == u { print $6; exit }' /etc/passwd)

# The command is built up in "$@": user switch, a clean environment, argv.
set --
if [ "$user" != root ]; then
  if id "$user" >/dev/null 2>&1; then
    set -- setpriv --reuid="$user" --regid="\${group:-$(id -g "$user")}" --init-groups
  else
    # A numeric id without a passwd entry: Docker runs it with group 0.
    set -- setpriv --reuid="$user" --regid="\${group:-0}" --clear-groups
  fi
elif [ -n "$group" ]; then
  set -- setpriv --regid="$group" --clear-groups
fi
set -- "$@" env -i -- "HOME=\${home:-/}"
while IFS= read -r line; do decode "$line"; set -- "$@" "$word"; done <"$data/env"
while IFS= read -r line; do decode "$line"; set -- "$@" "$word"; done <"$data/$words"
IFS= read -r line <"$data/workdir"
decode "$line"
cd "$word"
if [ $words = health ]; then exec timeout "$timeout" "$@"; fi

# The app writes into a FIFO that tee copies to the console and the log, so
# the app itself is exec'd and its supervisor signals it directly.
fifo=/run/kiln-app.out
rm -f "$fifo"
mkfifo -m 600 "$fifo"
tee -a ${appLogPath} <"$fifo" >/dev/console &
exec "$@" >"$fifo" 2>&1 </dev/null
`;

/** A runner script and the data files both runners read (argv, env, workdir, health), as paths in the image. */
export function appDataFiles(app: AppSpec, script: string): Record<string, ContextFile> {
	const files: Record<string, ContextFile> = {
		[runnerPath]: {content: script, mode: 0o755},
		[`${appDataDir}/argv`]: {content: app.argv.map(dataLine).join(''), mode: 0o644},
		[`${appDataDir}/env`]: {content: app.env.map(({name, value}) => dataLine(`${name}=${value}`)).join(''), mode: 0o644},
		[`${appDataDir}/workdir`]: {content: dataLine(app.workdir), mode: 0o644},
	};
	if (app.checks.health) files[`${appDataDir}/health`] = {content: app.checks.health.argv.map(dataLine).join(''), mode: 0o644};
	return files;
}

/** The runner and the app's data files, as paths in the image. */
export function runnerFiles(app: AppSpec): Record<string, ContextFile> {
	const files = appDataFiles(app, runnerScript);
	if (app.user) files[`${appDataDir}/user`] = {content: `${app.user.name}${app.user.group ? `:${app.user.group}` : ''}\n`, mode: 0o644};
	return files;
}
