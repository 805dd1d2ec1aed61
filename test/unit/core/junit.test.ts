import {describe, expect, test} from 'vitest';
import type {BootCheckResult} from '../../../source/core/boot-check-result.js';
import {junitReport} from '../../../source/core/junit.js';

interface XmlElement {
	name: string;
	attributes: Record<string, string>;
	children: XmlElement[];
	text: string;
}

const references: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: '\''};
const decode = (text: string) => text.replace(/&(#\d+|[a-z]+);/g, (_all, name: string) => (name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : references[name]!));
// A parser normalizes raw tabs and line breaks in attribute values to spaces, and CR LF / CR in text to LF.
const attributeValue = (raw: string) => decode(raw.replace(/[\t\n\r]/g, ' '));
const textValue = (raw: string) => decode(raw.replace(/\r\n?/g, '\n'));

/** A strict reader for the subset the report uses: fails on anything that is not well-formed XML 1.0. */
function parseXml(document: string): XmlElement {
	// Characters XML 1.0 allows at all (lone surrogates and U+FFFE/U+FFFF excluded).
	expect(document).toMatch(/^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u);
	const body = document.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
	expect(body).not.toBe(document);
	const root: XmlElement = {name: '', attributes: {}, children: [], text: ''};
	const stack = [root];
	const tag = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/y;
	let at = 0;
	while (at < body.length) {
		const next = body.indexOf('<', at);
		const text = body.slice(at, next === -1 ? body.length : next);
		// In text, & only starts a reference, and ]]> must not appear raw.
		expect(text).toMatch(/^(?:[^&<]|&(?:#\d+|amp|lt|gt|quot|apos);)*$/);
		expect(text).not.toContain(']]>');
		stack.at(-1)!.text += textValue(text);
		if (next === -1) break;
		tag.lastIndex = next;
		const match = tag.exec(body);
		if (!match) throw new Error(`not a tag at ${next}: ${body.slice(next, next + 40)}`);
		const [whole, closing, name, attributeText, empty] = match;
		if (closing) {
			const open = stack.pop()!;
			expect(open.name).toBe(name);
		} else {
			const attributes: Record<string, string> = {};
			for (const [, key, raw] of attributeText!.matchAll(/([\w-]+)="([^"<]*)"/g)) {
				expect(raw).toMatch(/^(?:[^&]|&(?:#\d+|amp|lt|gt|quot|apos);)*$/);
				expect(attributes).not.toHaveProperty(key!);
				attributes[key!] = attributeValue(raw!);
			}
			const element: XmlElement = {name: name!, attributes, children: [], text: ''};
			stack.at(-1)!.children.push(element);
			if (!empty) stack.push(element);
		}
		at = next + whole.length;
	}
	expect(stack).toHaveLength(1);
	expect(root.children).toHaveLength(1);
	expect(root.text.trim()).toBe('');
	return root.children[0]!;
}

const all = (element: XmlElement, name: string): XmlElement[] => [
	...element.children.filter(child => child.name === name),
	...element.children.flatMap(child => all(child, name)),
];

const base: BootCheckResult = {
	ok: true,
	image: {path: '/out/disk.img', format: 'raw', firmware: 'bios'},
	qemu: 'QEMU 8.2.2 (host)',
	accel: 'tcg',
	accelReason: 'no /dev/kvm',
	timeoutSec: 180,
	milestones: [{name: 'firmware', atSec: 0.5}, {name: 'bootloader', atSec: 1.5}, {name: 'kernel', atSec: 3}, {name: 'init', atSec: 7.25}, {name: 'login', atSec: 20}],
	timeToLoginSec: 20,
	loggedIn: true,
	durationSec: 41.3,
	lastLines: ['Debian GNU/Linux 12 vm ttyS0', 'vm login: root'],
};

function cases(suite: XmlElement) {
	return all(suite, 'testcase').map(testCase => ({
		classname: testCase.attributes.classname,
		name: testCase.attributes.name,
		time: testCase.attributes.time,
		failure: all(testCase, 'failure')[0]?.attributes,
		skipped: all(testCase, 'skipped').length > 0,
	}));
}

describe('junitReport', () => {
	test('a passing boot: one case per milestone with the time since the one before, login and probe, each check', () => {
		const xml = parseXml(junitReport({
			...base,
			checks: [
				{name: 'port 8080', source: 'image', ok: true, atSec: 25, durationSec: 2.04, detail: 'accepting (EXPOSE)'},
				{name: 'output /ready/', source: 'flag', ok: true, atSec: 18, durationSec: 18, detail: 'ready'},
			],
		}));
		expect(xml.name).toBe('testsuites');
		expect(xml.attributes).toMatchObject({tests: '9', failures: '0', errors: '0', skipped: '0', time: '41.3'});
		const [suite] = all(xml, 'testsuite');
		expect(suite!.attributes).toMatchObject({name: 'kiln boot-check /out/disk.img', tests: '9', failures: '0'});
		expect(Object.fromEntries(all(suite!, 'property').map(({attributes}) => [attributes.name, attributes.value]))).toEqual({qemu: 'QEMU 8.2.2 (host)', accel: 'tcg', firmware: 'bios'});
		expect(cases(suite!)).toEqual([
			{classname: 'kiln.boot.milestone', name: 'firmware', time: '0.5', failure: undefined, skipped: false},
			{classname: 'kiln.boot.milestone', name: 'bootloader', time: '1.0', failure: undefined, skipped: false},
			{classname: 'kiln.boot.milestone', name: 'kernel started', time: '1.5', failure: undefined, skipped: false},
			{classname: 'kiln.boot.milestone', name: 'init started', time: '4.3', failure: undefined, skipped: false},
			{classname: 'kiln.boot.milestone', name: 'login prompt', time: '12.8', failure: undefined, skipped: false},
			{classname: 'kiln.boot.session', name: 'root login', time: '0.0', failure: undefined, skipped: false},
			{classname: 'kiln.boot.session', name: 'probe', time: '0.0', failure: undefined, skipped: false},
			{classname: 'kiln.boot.check.image', name: 'port 8080', time: '2.0', failure: undefined, skipped: false},
			{classname: 'kiln.boot.check.flag', name: 'output /ready/', time: '18.0', failure: undefined, skipped: false},
		]);
		expect(suite!.children.find(child => child.name === 'system-out')!.text).toBe('Debian GNU/Linux 12 vm ttyS0\nvm login: root');
	});

	test('a boot that stopped: the first milestone not reached fails with the reason and the console, the rest are skipped', () => {
		const xml = parseXml(junitReport({
			...base,
			ok: false,
			code: 'kernel-panic',
			reason: 'kernel panic: VFS: Unable to mount root fs on unknown-block(0,0)',
			milestones: base.milestones.slice(0, 3),
			loggedIn: undefined,
			timeToLoginSec: undefined,
			durationSec: 9,
			lastLines: ['[    2.1] Kernel panic - not syncing: VFS: Unable to mount root fs', '[    2.2] ---[ end Kernel panic ]---'],
		}, 'my suite'));
		expect(xml.attributes).toMatchObject({tests: '5', failures: '1', skipped: '1', time: '9.0'});
		expect(all(xml, 'testsuite')[0]!.attributes.name).toBe('my suite');
		const found = cases(xml);
		expect(found.map(({name}) => name)).toEqual(['firmware', 'bootloader', 'kernel started', 'init started', 'login prompt']);
		expect(found[3]).toMatchObject({time: '6.0', failure: {type: 'kernel-panic', message: 'kernel panic: VFS: Unable to mount root fs on unknown-block(0,0)'}});
		expect(found[4]).toMatchObject({time: '0.0', skipped: true, failure: undefined});
		expect(all(xml, 'failure')[0]!.text).toBe('[    2.1] Kernel panic - not syncing: VFS: Unable to mount root fs\n[    2.2] ---[ end Kernel panic ]---');
	});

	test('a failed login is a failed case, and no probe case follows', () => {
		const xml = parseXml(junitReport({...base, ok: false, code: 'login-failed', reason: 'the password was refused', loggedIn: false}));
		const found = cases(xml);
		expect(found.filter(({failure}) => failure)).toEqual([
			{classname: 'kiln.boot.session', name: 'root login', time: '0.0', failure: {type: 'login-failed', message: 'the password was refused'}, skipped: false},
		]);
		expect(found.map(({name}) => name)).not.toContain('probe');
		expect(xml.attributes).toMatchObject({tests: '6', failures: '1', skipped: '0'});
	});

	test('failed checks are counted, each with its own reason; a failed probe is its own failure', () => {
		const xml = parseXml(junitReport({
			...base,
			ok: false,
			code: 'probe-failed',
			reason: 'the probe did not finish',
			checks: [
				{name: 'port 80', source: 'image', ok: false, atSec: 80, durationSec: 60, detail: 'nothing listening on TCP port 80 after 60 s'},
				{name: 'port 443', source: 'flag', ok: true, atSec: 21, durationSec: 1, detail: 'accepting (--expect-port)'},
				{name: 'healthcheck', source: 'image', ok: false, atSec: 95, durationSec: 15},
			],
		}));
		expect(xml.attributes).toMatchObject({tests: '10', failures: '3', skipped: '0'});
		expect(cases(xml).filter(({failure}) => failure).map(({name, failure}) => [name, failure])).toEqual([
			['probe', {type: 'probe-failed', message: 'the probe did not finish'}],
			['port 80', {type: 'check-failed', message: 'nothing listening on TCP port 80 after 60 s'}],
			['healthcheck', {type: 'check-failed', message: 'failed'}],
		]);
	});

	test('a failed check does not fail a milestone that was reached', () => {
		const xml = parseXml(junitReport({
			...base,
			ok: false,
			code: 'check-failed',
			reason: 'a check failed',
			milestones: base.milestones.slice(0, 4),
			checks: [{name: 'output /ready/', source: 'flag', ok: false, atSec: 80, durationSec: 60, detail: 'no console line matched'}],
		}));
		const found = cases(xml);
		expect(found.find(({name}) => name === 'login prompt')).toMatchObject({skipped: true, failure: undefined});
		expect(found.filter(({failure}) => failure).map(({name}) => name)).toEqual(['output /ready/']);
	});

	test('hostile names, messages and console lines stay well-formed and come back as they were, less what XML cannot hold', () => {
		const hostile = 'a<b>&c "d" \'e\' ]]> <![CDATA[x]]> &amp; </testcase>';
		const controls = 'bell\u0007 esc\u001b[31mred\u001b[0m nul\u0000 del\u007f fffe\ufffe lone\ud800 tab\tend';
		const xml = parseXml(junitReport({
			...base,
			ok: false,
			code: 'check-failed',
			reason: hostile,
			image: {...base.image, path: `/out/${hostile}.img`},
			qemu: `QEMU "${hostile}"`,
			checks: [
				{name: `output /${hostile}/`, source: 'flag', ok: false, atSec: 1, durationSec: 1, detail: `line one\nline two\r\n${hostile}`},
				{name: controls, source: 'image', ok: false, atSec: 1, durationSec: 1, detail: controls},
			],
			lastLines: [hostile, controls, 'carriage\rreturn'],
		}));
		const stripped = 'bell esc[31mred[0m nul del\u007f fffe lone tab\tend';
		expect(all(xml, 'testsuite')[0]!.attributes.name).toBe(`kiln boot-check /out/${hostile}.img`);
		expect(all(xml, 'property')[0]!.attributes.value).toBe(`QEMU "${hostile}"`);
		const failed = cases(xml).filter(({failure}) => failure);
		expect(failed.map(({name, failure}) => [name, failure!.message])).toEqual([
			[`output /${hostile}/`, `line one\nline two\r\n${hostile}`],
			[stripped, stripped],
		]);
		const console = `${hostile}\n${stripped}\ncarriage\rreturn`;
		expect(all(xml, 'failure').map(failure => failure.text)).toEqual([console, console]);
		expect(all(xml, 'system-out')[0]!.text).toBe(console);
	});
});
