// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: the userspace side of the drm-regdata demo and end-to-end
 * test, run as init's child in the QEMU VM.
 *
 *   regdata-client MODE [NAME=VALUE...]
 *   regdata-client PHASE... [NAME=VALUE...]
 *   regdata-client --list | --help | --check MODE [NAME=VALUE...]
 *
 * A run is a list of phases (the table below: name, what it does, its
 * function); a mode names a list and the drivers it runs on (the modes
 * table), and any subset of phases can be run by name on every driver.
 * --list prints both. Each phase returns its verdict, and a phase that
 * reported a failure (fail()) failed too; the table at the end has a row
 * per phase, and the exit status is 0 only if none failed: every check
 * passed and the kernel log holds no KASAN, lockdep, WARN, BUG or kmemleak
 * report. The benchmark modes (bench/) run a function of their own instead
 * of phases.
 *
 * The options, their defaults and what they do are in the options table
 * below, the only list of them: scripts/vm.sh runs "regdata-client --check
 * MODE NAME=VALUE..." on the host before it builds anything, so that a
 * misspelt option fails at once, and "regdata-client --help" prints them.
 *
 * Built statically against libdrm.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

/* ------------------------------------------------------------------ */

struct client_options opt;

static const struct {
	const char *name;
	unsigned long *value;
	unsigned long def;
	const char *help;
} options[] = {
	{ "CYCLES", &opt.cycles, 50,
	  "stress: unbind/rebind/remove/rescan cycles under load" },
	{ "THREADS", &opt.threads, 2,
	  "stress and fuzz: threads per driver (fuzzer: per node)" },
	{ "FUZZ", &opt.fuzz, 0,
	  "random driver and core ioctls on every node (0: no fuzzing)" },
	{ "FAULT_STRIDE", &opt.fault_stride, 0,
	  "fail every Nth allocation of every bind path in turn (0: none)" },
	{ "FAULT_FROM", &opt.fault_from, 1,
	  "the first allocation to fail" },
	{ "FAULT_DEBUG", &opt.fault_debug, 0,
	  "1: print every fault-injection step" },
};

/* ------------------------------------------------------------------ */
/* The phases                                                          */

enum phase_result { PHASE_PASSED, PHASE_FAILED, PHASE_SKIPPED };

/* A phase before the reports has opened the summary table. */
static bool table_open;

static enum phase_result verdict(int ret)
{
	return ret ? PHASE_FAILED : PHASE_PASSED;
}

static enum phase_result phase_devices(void)
{
	if (client_wait_devices(10000))
		return PHASE_PASSED;
	fail("the devices of the drivers under test did not appear");
	return PHASE_FAILED;
}

static enum phase_result phase_checks(void)
{
	printf("== functional checks\n");
	client_check_all();
	return PHASE_PASSED;
}

static enum phase_result phase_prime(void)
{
	if (!client_mode->across_devices)
		return PHASE_SKIPPED;
	printf("== dma-bufs across devices\n");
	prime_check();
	return PHASE_PASSED;
}

static enum phase_result phase_faults(void)
{
	if (!opt.fault_stride)
		return PHASE_SKIPPED;
	printf("== allocation failures on every bind path\n");
	return verdict(fault_check(opt.fault_from, opt.fault_stride));
}

static enum phase_result phase_modules(void)
{
	int ret;

	printf("== module unload with files open\n");
	ret = modules_check();

	if (!client_wait_devices(10000)) {
		fail("the devices did not come back after reloading the modules");
		return PHASE_FAILED;
	}
	return verdict(ret);
}

static enum phase_result phase_fuzz(void)
{
	if (!opt.fuzz)
		return PHASE_SKIPPED;
	printf("== fuzz: %lu random ioctls from %lu threads on every node\n",
	       opt.fuzz, opt.threads);
	return verdict(fuzz(opt.fuzz, opt.threads));
}

/* Debian's drm_info, proptest and modetest on the KMS drivers, then stress. */
static enum phase_result phase_stress(void)
{
	int i;

	printf("== Debian's drm_info, proptest and modetest on the KMS drivers\n");
	for (i = 0; i < client_ndrivers; i++)
		if (client_drivers[i]->kms)
			userspace_start(client_drivers[i]->name);
	printf("== stress: %lu cycles, %lu threads per driver\n", opt.cycles,
	       opt.threads);
	table_open = true;
	stress(opt.cycles, opt.threads);
	return PHASE_PASSED;
}

static enum phase_result phase_rebind(void)
{
	printf("== unbind and bind with no file open: %lu cycles\n",
	       opt.cycles);
	table_rule();
	table_open = true;
	return verdict(!rebind_cycles(opt.cycles));
}

static enum phase_result phase_held(void)
{
	printf("== a file and a mapping kept across unbind and bind\n");
	table_rule();
	table_open = true;
	return verdict(!held_check());
}

static enum phase_result phase_reports(void)
{
	int log, leaks, unrelated;

	if (!table_open) {
		printf("\n");
		table_rule();
	}
	log = kernel_log_reports();
	leaks = kmemleak_reports(&unrelated);
	table_row("sanitizer/WARN reports", "%d", log);
	table_row("kmemleak reports (DRM)", "%d", leaks);
	table_row("kmemleak reports (other)", "%d", unrelated);
	if (log)
		fail("%d kernel log reports", log);
	if (leaks)
		fail("%d kmemleak reports in DRM", leaks);
	return verdict(log || leaks);
}

static const struct client_phase {
	const char *name;
	const char *help;
	enum phase_result (*run)(void);
} phases[] = {
	{ "devices", "the devices of the drivers under test appear",
	  phase_devices },
	{ "checks", "every driver's ioctls, good and bad input", phase_checks },
	{ "prime", "dma-bufs across devices (needs nova)", phase_prime },
	{ "faults", "allocation failures on every bind path (FAULT_STRIDE)",
	  phase_faults },
	{ "modules", "module unload with files open", phase_modules },
	{ "fuzzer", "random driver and core ioctls on every node (FUZZ)",
	  phase_fuzz },
	{ "hammer", "threads on every driver through unbind/rebind/remove/rescan",
	  phase_stress },
	{ "rebind", "unbind and bind with no file open, CYCLES times",
	  phase_rebind },
	{ "held", "a file and a mapping kept across unbind and bind",
	  phase_held },
	{ "reports", "the kernel log and kmemleak hold no report",
	  phase_reports },
};

/* ------------------------------------------------------------------ */
/* The modes                                                           */

/*
 * The drivers of the series' VM run (vm/sanitizer.vm): the framework's (the
 * samples, and bochs, virtio-gpu and qxl converted), and cirrus, the
 * control, which 6.12 already unplugs by hand. make compare runs the first
 * four apart from qxl and cirrus.
 */
#define CORE_DRIVERS	"regdata_nova regdata_tyr bochs-drm virtio_gpu"
#define SERIES_DRIVERS	CORE_DRIVERS " qxl cirrus"

static const struct client_mode modes[] = {
	{ .name = "check", .drivers = SERIES_DRIVERS, .across_devices = true,
	  .phases = "devices checks prime faults fuzzer reports" },
	{ .name = "stress", .drivers = SERIES_DRIVERS, .across_devices = true,
	  .phases = "devices checks prime faults modules fuzzer hammer held reports" },
	/*
	 * 6.12 with the series' fixes alone: the in-tree drivers they fix,
	 * as they are, without the framework and its samples.
	 */
	{ .name = "fixes", .drivers = "bochs-drm virtio_gpu",
	  .phases = "devices checks faults fuzzer hammer reports" },
	/* The same tree: qxl as 6.12 has it, and cirrus, the control. */
	{ .name = "qxl", .drivers = "qxl cirrus", .qxl_no_drawing = true,
	  .phases = "devices checks faults fuzzer rebind reports" },
	/*
	 * qxl and cirrus with a file kept open: 6.12's qxl does not refuse
	 * the old file's ioctls (its remove() does not unplug), so this mode
	 * fails on it; not in make check (scripts/vm-fixes.sh qxl-held).
	 */
	{ .name = "qxl-held", .drivers = "qxl cirrus", .qxl_no_drawing = true,
	  .phases = "devices checks held reports" },
	/*
	 * The series' kernel: qxl on the framework and cirrus, the control,
	 * unbound and bound with no file open CYCLES times, the plainest
	 * unplug there is (6.12's qxl panicked in it). The stress mode runs
	 * everything else on them.
	 */
	{ .name = "qxl-regdata", .drivers = "qxl cirrus",
	  .phases = "devices checks held rebind reports" },
	/*
	 * make compare (scripts/compare.sh): the same runs on the series'
	 * kernel and on the drivers as 6.12 has them, without the fault
	 * sweep; qxl apart, so that 6.12's qxl, which does not survive its
	 * run, does not end the other drivers' (a panic ends the VM).
	 */
	{ .name = "compare", .drivers = CORE_DRIVERS, .across_devices = true,
	  .phases = "devices checks prime modules fuzzer hammer held reports" },
	{ .name = "compare-qxl", .drivers = "qxl cirrus",
	  .phases = "devices checks held rebind fuzzer hammer reports" },
	{ .name = "fuzz", .drivers = SERIES_DRIVERS, .across_devices = true,
	  .phases = "devices checks prime faults fuzzer reports" },
	{ .name = "bench" }, { .name = "bench-icount" },
	{ .name = "bench-virtio" }, { .name = "bench-virtio-icount" },
};

const struct client_mode *client_mode = &modes[0];

static const struct client_phase *find_phase(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(phases); i++)
		if (!strcmp(phases[i].name, name))
			return &phases[i];
	return NULL;
}

static const struct client_mode *find_mode(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(modes); i++)
		if (!strcmp(modes[i].name, name))
			return &modes[i];
	return NULL;
}

static void list(void)
{
	size_t i;

	printf("phases:\n");
	for (i = 0; i < ARRAY_SIZE(phases); i++)
		printf("  %-9s %s\n", phases[i].name, phases[i].help);
	printf("modes:\n");
	for (i = 0; i < ARRAY_SIZE(modes); i++)
		printf("  %-20s %s\n", modes[i].name,
		       modes[i].phases ? modes[i].phases : "(benchmark)");
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: regdata-client MODE|PHASE... [NAME=VALUE...]\n"
		"       regdata-client --list (the modes and phases)\nmodes:");
	for (i = 0; i < ARRAY_SIZE(modes); i++)
		fprintf(f, " %s", modes[i].name);
	fprintf(f, "\noptions (default):\n");
	for (i = 0; i < ARRAY_SIZE(options); i++)
		fprintf(f, "  %-13s %s (%lu)\n", options[i].name,
			options[i].help, options[i].def);
}

/* Append phase @name to @run, at most once each; false if it cannot. */
static bool add_phase(const struct client_phase **run, int *nrun,
		      const char *name)
{
	const struct client_phase *p = find_phase(name);
	int i;

	for (i = 0; p && i < *nrun; i++)
		if (run[i] == p)
			p = NULL;
	if (!p) {
		fprintf(stderr, "regdata-client: no mode or phase \"%s\", or named twice\n",
			name);
		return false;
	}
	run[(*nrun)++] = p;
	return true;
}

/*
 * 0 on success, with @run (room for every phase once) the phases to run: a
 * mode's, or those named; prints what is wrong and returns 2 otherwise. A
 * first argument that names a mode is the mode.
 */
static int parse_args(int argc, char **argv,
		      const struct client_phase **run, int *nrun)
{
	const struct client_mode *m;
	int a;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(options); i++)
		*options[i].value = options[i].def;
	*nrun = 0;
	a = 1;
	m = a < argc ? find_mode(argv[a]) : NULL;
	if (m) {
		const char *p = m->phases ? m->phases : "";
		char name[16];
		int n;

		client_mode = m;
		while (sscanf(p, "%15s%n", name, &n) == 1) {
			if (!add_phase(run, nrun, name))
				return 2;
			p += n;
		}
		a++;
	} else {
		for (; a < argc && !strchr(argv[a], '='); a++) {
			if (!add_phase(run, nrun, argv[a])) {
				usage(stderr);
				return 2;
			}
		}
		if (!*nrun) {
			usage(stderr);
			return 2;
		}
	}
	for (; a < argc; a++) {
		const char *eq = strchr(argv[a], '=');
		char *end;

		for (i = 0; eq && i < ARRAY_SIZE(options); i++)
			if (strlen(options[i].name) == (size_t)(eq - argv[a]) &&
			    !strncmp(argv[a], options[i].name, eq - argv[a]))
				break;
		if (!eq || i == ARRAY_SIZE(options)) {
			fprintf(stderr, "regdata-client: unknown option \"%s\"\n",
				argv[a]);
			usage(stderr);
			return 2;
		}
		errno = 0;
		*options[i].value = strtoul(eq + 1, &end, 0);
		if (errno || end == eq + 1 || *end || eq[1] == '-') {
			fprintf(stderr, "regdata-client: %s wants a number, not \"%s\"\n",
				options[i].name, eq + 1);
			return 2;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	const struct client_phase *run[ARRAY_SIZE(phases)];
	enum phase_result result[ARRAY_SIZE(phases)];
	static const char *const said[] = { "passed", "FAILED", "skipped" };
	int nrun, i, failed = 0;
	size_t o;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		usage(stdout);
		list();
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--list")) {
		list();
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--check")) {
		/* On the host: check the options, print them all. */
		if (parse_args(argc - 1, argv + 1, run, &nrun))
			return 2;
		for (o = 0; o < ARRAY_SIZE(options); o++)
			printf("%s=%lu\n", options[o].name, *options[o].value);
		return 0;
	}
	if (parse_args(argc, argv, run, &nrun))
		return 2;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(client_mode->name, "bench") ||
	    !strcmp(client_mode->name, "bench-icount"))
		return bench();
	if (!strcmp(client_mode->name, "bench-virtio"))
		return bench_virtio(true);
	if (!strcmp(client_mode->name, "bench-virtio-icount"))
		return bench_virtio(false);

	if (!client_use_drivers(client_mode->drivers)) {
		fail("mode %s: unknown drivers \"%s\"", client_mode->name,
		     client_mode->drivers);
		return 1;
	}
	for (i = 0; i < nrun; i++) {
		int before = failures();

		result[i] = run[i]->run();
		if (result[i] != PHASE_SKIPPED && failures() != before)
			result[i] = PHASE_FAILED;
		/* Without its devices, nothing else can run. */
		if (run[i]->run == phase_devices && result[i] == PHASE_FAILED)
			return 1;
	}
	for (i = 0; i < nrun; i++) {
		char row[64];

		snprintf(row, sizeof(row), "phase %s", run[i]->name);
		table_row(row, "%s", said[result[i]]);
		failed += result[i] == PHASE_FAILED;
	}
	table_rule();
	printf("%s: %d failures\n", failed ? "FAILED" : "PASSED", failures());
	return failed ? 1 : 0;
}
