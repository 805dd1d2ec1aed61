// Generates the OS image's Dockerfile and its build context from a plan.
// Every value a person typed reaches the image as a data file in the context
// or as a name checked against a strict pattern, never as shell text.
import type {Plan} from './plan.js';
import {appRootfs} from './app-service/model.js';
import {appServiceRecipe} from './app-service/recipe.js';
import type {ContextFile} from './context-file.js';
import {firstBootRecipe} from './first-boot.js';

export interface OsImageRecipe {
	dockerfile: string;
	/** Files under kiln/ in the build context. */
	files: Record<string, ContextFile>;
}

const installCommand = {
	apt: (packages: string[]) =>
		`apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')} && apt-get clean && rm -rf /var/lib/apt/lists/*`,
	apk: (packages: string[]) => `apk add --no-cache ${packages.join(' ')}`,
};

// dpkg skips these paths at install time, so docs never reach a layer.
const dpkgSlim = `path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-include=/usr/share/locale/en*
path-include=/usr/share/locale/locale.alias
path-exclude=/usr/share/lintian/*
`;

const configureScript = `#!/bin/sh
# Written by kiln: applies the data files beside it, without evaluating them.
set -eu
here=/tmp/kiln
if [ -s "$here/root-password.hash" ]; then
  printf 'root:%s\\n' "$(cat "$here/root-password.hash")" | chpasswd -e
else
  passwd -l root >/dev/null
fi
if [ -s "$here/authorized_keys" ]; then
  mkdir -p /root/.ssh
  chmod 700 /root/.ssh
  cp "$here/authorized_keys" /root/.ssh/authorized_keys
  chmod 600 /root/.ssh/authorized_keys
fi
if [ -d /etc/ssh/sshd_config.d ]; then
  # sshd looks for the one host key the VM makes, not for RSA and ECDSA ones.
  printf 'PermitRootLogin prohibit-password\\nHostKey /etc/ssh/ssh_host_ed25519_key\\n' >/etc/ssh/sshd_config.d/kiln.conf
fi
# Every VM made from this image must get its own identity at first boot:
# an empty machine-id and no SSH host keys (generated before sshd starts).
if [ -e /etc/machine-id ]; then : >/etc/machine-id; fi
rm -f /var/lib/dbus/machine-id
if [ -x /usr/sbin/sshd ]; then
  rm -f /etc/ssh/ssh_host_*
  mkdir -p /usr/lib/kiln /etc/systemd/system/ssh.service.d
  # Only ed25519: an RSA key takes seconds to make under emulation.
  cat >/usr/lib/kiln/ssh-host-key <<'EOF'
#!/bin/sh
[ -s /etc/ssh/ssh_host_ed25519_key ] || ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
EOF
  chmod 755 /usr/lib/kiln/ssh-host-key
  # An empty ExecStartPre= drops the unit's own list, so the key exists before sshd -t checks it.
  printf '[Service]\\nExecStartPre=\\nExecStartPre=/usr/lib/kiln/ssh-host-key\\nExecStartPre=/usr/sbin/sshd -t\\n' >/etc/systemd/system/ssh.service.d/kiln-host-keys.conf
  if [ -f /etc/default/ssh ]; then echo '/usr/lib/kiln/ssh-host-key >/dev/null 2>&1 || true' >>/etc/default/ssh; fi
fi
`;

// initramfs-tools would build the initramfs once per kernel and again per
// package trigger; a stand-in update-initramfs takes those calls during the
// install, and the real one runs once at the end with kiln's settings.
const deferInitramfs = 'dpkg-divert --quiet --local --rename --divert /usr/sbin/update-initramfs.kiln --add /usr/sbin/update-initramfs && ln -s /bin/true /usr/sbin/update-initramfs';
const restoreInitramfs = 'rm /usr/sbin/update-initramfs && dpkg-divert --quiet --local --rename --remove /usr/sbin/update-initramfs';

function initramfsOnce(modules: string[] | undefined): string[] {
	const conf = modules ? 'COMPRESS=zstd\\nMODULES=list\\n' : 'COMPRESS=zstd\\n';
	return [
		restoreInitramfs,
		`printf '${conf}' >/etc/initramfs-tools/conf.d/kiln.conf`,
		...(modules ? [
			`printf '%s\\n' ${modules.join(' ')} >/usr/share/initramfs-tools/modules.d/kiln.conf`,
			// udev's hardware database (13 MB: names and keymaps) finds no root disk.
			`printf '#!/bin/sh\\n[ "$1" = prereqs ] || rm -f "$DESTDIR/usr/lib/udev/hwdb.bin" "$DESTDIR/lib/udev/hwdb.bin"\\n' >/etc/initramfs-tools/hooks/kiln-no-hwdb`,
			'chmod 755 /etc/initramfs-tools/hooks/kiln-no-hwdb',
		] : []),
		'update-initramfs -c -k all',
	];
}

export function osImageRecipe(plan: Plan): OsImageRecipe {
	const {distro, kernel, init, choices} = plan;
	const app = plan.app ? appServiceRecipe(plan.app, init.id, distro.packageManager) : undefined;
	const firstBoot = firstBootRecipe(plan);
	const packages = unique([
		...kernel.packages,
		...init.packages,
		...distro.essentials.packages,
		...(firstBoot?.packages ?? []),
		...(plan.sshKey ? distro.sshPackages : []),
		...choices.packages,
		...(app?.packages ?? []),
	]);
	const slim = !choices.keepDocs;
	const files: Record<string, ContextFile> = {'configure.sh': {content: configureScript, mode: 0o755}};
	if (plan.rootPasswordHash) files['root-password.hash'] = {content: `${plan.rootPasswordHash}\n`, mode: 0o600};
	if (plan.sshKey) files.authorized_keys = {content: `${plan.sshKey.line}\n`, mode: 0o600};
	if (slim && distro.packageManager === 'apt') files['dpkg-slim.cfg'] = {content: dpkgSlim, mode: 0o644};
	// The app's service files, as a tree under kiln/app/ that is copied onto /.
	for (const [target, file] of Object.entries(app?.files ?? {})) files[`app${target}`] = file;
	for (const [target, file] of Object.entries(firstBoot?.files ?? {})) files[`first-boot${target}`] = file;

	const lines = [
		`# Generated by kiln: ${plan.releaseName}, kernel ${kernel.id}, init ${init.id}`,
		`FROM ${plan.baseImage}`,
	];
	// A --base image (an application image under kiln convert) may set USER or
	// SHELL; the steps below need root and sh.
	if (choices.base) lines.push('USER root', 'SHELL ["/bin/sh", "-c"]');
	if (distro.packageManager === 'apt') lines.push('ARG DEBIAN_FRONTEND=noninteractive');
	if (files['dpkg-slim.cfg']) lines.push('COPY kiln/dpkg-slim.cfg /etc/dpkg/dpkg.cfg.d/kiln-slim');
	// One layer from the install to the slim step, so the files slim removes
	// never reach the OS image.
	const initramfs = distro.initramfs === 'initramfs-tools';
	const steps = [
		...(initramfs ? [deferInitramfs] : []),
		installCommand[distro.packageManager](packages),
		...(initramfs ? initramfsOnce(kernel.initramfsModules) : []),
		...init.serialConsole,
		...(init.network ?? distro.essentials.network),
		...init.trim,
		...(slim ? distro.slim : []),
	];
	lines.push(`RUN ${steps.join(' && ')}`);
	const firstBootSetup = firstBoot ? ['cp -a /tmp/kiln/first-boot/. /', ...firstBoot.enable] : [];
	// systemd reruns ldconfig and rebuilds its catalog and hwdb at a boot whose
	// /usr is newer than these stamps (ConditionNeedsUpdate=), but the package
	// installs did that work: the image's last step stamps them.
	const stampUpdated = 'touch /etc/.updated /var/.updated';
	lines.push('COPY kiln/ /tmp/kiln/', `RUN ${['sh /tmp/kiln/configure.sh', ...firstBootSetup, ...(app ? [] : [stampUpdated]), 'rm -rf /tmp/kiln'].join(' && ')}`);
	// The app image's whole tree, straight from Docker's store (owners, modes,
	// links and special files kept); it never passes through kiln.
	if (app?.treeFrom) lines.push(`COPY --from=${app.treeFrom} / ${appRootfs}/`);
	if (app) lines.push('COPY kiln/app/ /', `RUN ${[...app.enable, stampUpdated].join(' && ')}`);
	return {dockerfile: `${lines.join('\n')}\n`, files};
}

function unique(items: string[]): string[] {
	return [...new Set(items)];
}
