// A boot check as a JUnit XML report, which CI systems show natively: one
// test case per boot milestone (firmware → login prompt), for the root login
// and probe, and per check (ports, HEALTHCHECK, console output), each with
// its time; what failed carries the reason, and the last console lines.
import type {BootCheckResult, MilestoneName} from './boot-check-result.js';

const milestoneNames: Array<[MilestoneName, string]> = [
	['firmware', 'firmware'], ['bootloader', 'bootloader'], ['kernel', 'kernel started'], ['init', 'init started'], ['login', 'login prompt'],
];

// XML 1.0 allows no control characters but tab and line breaks, no lone surrogate, no U+FFFE/U+FFFF.
const notXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/gu;
const entities: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;'};

/** Text content; a carriage return is kept as a reference, as a parser would turn it into a line feed. */
function xml(text: string): string {
	return text.replace(notXml, '').replace(/[&<>"\r]/g, char => entities[char]!);
}

/** An attribute value; a parser turns raw tabs and line breaks there into spaces, so they go as references. */
function xmlAttribute(text: string): string {
	return text.replace(notXml, '').replace(/[&<>"\t\n\r]/g, char => entities[char]!);
}

const seconds = (value: number) => Math.max(0, value).toFixed(1);

interface Case {
	classname: string;
	name: string;
	time: number;
	failure?: {type: string; message: string};
	skipped?: string;
}

export function junitReport(result: BootCheckResult, suiteName = `kiln boot-check ${result.image.path}`): string {
	const cases: Case[] = [];
	let previous = 0;
	let failed = false;
	for (const [id, title] of milestoneNames) {
		const reached = result.milestones.find(milestone => milestone.name === id);
		if (reached) {
			cases.push({classname: 'kiln.boot.milestone', name: title, time: reached.atSec - previous});
			previous = reached.atSec;
		} else if (!failed && !result.ok && result.code !== 'check-failed') {
			failed = true;
			cases.push({classname: 'kiln.boot.milestone', name: title, time: result.durationSec - previous, failure: {type: result.code ?? 'failed', message: result.reason ?? 'not reached'}});
		} else {
			cases.push({classname: 'kiln.boot.milestone', name: title, time: 0, skipped: 'not reached'});
		}
	}
	if (result.loggedIn !== undefined || result.code === 'login-failed') {
		cases.push({classname: 'kiln.boot.session', name: 'root login', time: 0, ...(result.loggedIn ? {} : {failure: {type: result.code ?? 'login-failed', message: result.reason ?? 'no root shell'}})});
	}
	if (result.loggedIn) {
		const probeFailed = result.code === 'probe-failed';
		cases.push({classname: 'kiln.boot.session', name: 'probe', time: 0, ...(probeFailed ? {failure: {type: 'probe-failed', message: result.reason ?? 'probe failed'}} : {})});
	}
	for (const check of result.checks ?? []) {
		cases.push({classname: `kiln.boot.check.${check.source}`, name: check.name, time: check.durationSec, ...(check.ok ? {} : {failure: {type: 'check-failed', message: check.detail ?? 'failed'}})});
	}
	const failures = cases.filter(testCase => testCase.failure).length;
	const skipped = cases.filter(testCase => testCase.skipped).length;
	const console = result.lastLines.join('\n');
	const body = cases.map(testCase => {
		const open = `    <testcase classname="${xmlAttribute(testCase.classname)}" name="${xmlAttribute(testCase.name)}" time="${seconds(testCase.time)}"`;
		if (testCase.failure) return `${open}>\n      <failure type="${xmlAttribute(testCase.failure.type)}" message="${xmlAttribute(testCase.failure.message)}">${xml(console)}</failure>\n    </testcase>`;
		if (testCase.skipped) return `${open}>\n      <skipped message="${xmlAttribute(testCase.skipped)}"/>\n    </testcase>`;
		return `${open}/>`;
	});
	const counts = `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(result.durationSec)}"`;
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		`<testsuites name="kiln boot-check" ${counts}>`,
		`  <testsuite name="${xmlAttribute(suiteName)}" ${counts}>`,
		`    <properties>\n      <property name="qemu" value="${xmlAttribute(result.qemu)}"/>\n      <property name="accel" value="${xmlAttribute(result.accel)}"/>\n      <property name="firmware" value="${xmlAttribute(result.image.firmware)}"/>\n    </properties>`,
		...body,
		`    <system-out>${xml(console)}</system-out>`,
		'  </testsuite>',
		'</testsuites>',
		'',
	].join('\n');
}
