// What the boot check asks a logged-in guest, and how it reads the answers.
// The script is a constant typed into the guest's shell: no user input goes
// into it. Each answer is printed as "kiln-probe:KEY=VALUE"; the typed
// command itself only contains "$P:KEY", so its echo can never be mistaken
// for an answer. It needs nothing beyond a POSIX shell, awk and /proc.
import type {ProbeResult} from '../core/boot-check-result.js';

export const probeScript = [
	'stty -echo 2>/dev/null; P=kiln-probe',
	'(. /etc/os-release 2>/dev/null; echo "$P:os_id=$ID"; echo "$P:os_name=$PRETTY_NAME"; echo "$P:os_version=$VERSION_ID")',
	'echo "$P:kernel=$(uname -r)"; echo "$P:machine=$(uname -m)"',
	'echo "$P:root=$(awk \'$2=="/" {r=$3" "$4} END {print r}\' /proc/mounts)"',
	// POSIX df: the root filesystem's size in KiB (what a grown disk changes).
	'echo "$P:root_kib=$(df -Pk / | awk \'NR==2 {print $2}\')"',
	// DHCP may still be running when the login prompt appears: wait up to 20 s for a default route.
	'for i in $(seq 20); do r=$(awk \'$2=="00000000" {print $1; exit}\' /proc/net/route); [ -n "$r" ] && break; sleep 1; done',
	'echo "$P:route=$r"',
	'echo "$P:addr=$(ip -4 -o addr show dev "${r:-eth0}" 2>/dev/null | awk \'{print $4; exit}\')"',
	'echo "$P:end"; stty echo 2>/dev/null',
].join('; ');

export const probeLine = /^kiln-probe:(\w+)=(.*)$/;
export const probeEnd = /^kiln-probe:end$/;

export function parseProbe(lines: string[]): ProbeResult {
	const values = new Map<string, string>();
	for (const line of lines) {
		const match = probeLine.exec(line);
		if (match) values.set(match[1]!, match[2]!.trim());
	}
	const value = (key: string) => values.get(key) || undefined;
	const [fsType, options] = (value('root') ?? '').split(' ');
	const mode = options?.split(',').find(option => option === 'rw' || option === 'ro') as 'rw' | 'ro' | undefined;
	const route = value('route');
	const kib = value('root_kib');
	return {
		os: {id: value('os_id'), name: value('os_name'), version: value('os_version')},
		kernel: value('kernel'),
		machine: value('machine'),
		rootFs: {type: fsType || undefined, mode, options: options || undefined, sizeBytes: kib && /^\d+$/.test(kib) ? Number(kib) * 1024 : undefined},
		network: {up: route !== undefined, interface: route, address: value('addr')},
	};
}
