// SPDX-License-Identifier: GPL-2.0
/*
 * tsc-khz: the host's TSC frequency in kHz, measured against
 * CLOCK_MONOTONIC_RAW over 200 ms. QEMU's TCG gives the guest the host's
 * TSC, and a guest kernel that cannot calibrate it (no PIT under load, no
 * HPET without ACPI) falls back to a jiffies clock: scripts/vm.sh passes
 * this as tsc_early_khz= instead.
 */

#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <x86intrin.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	double t0, t1;
	uint64_t c0, c1;
	struct timespec pause = { 0, 200 * 1000 * 1000 };

	t0 = now();
	c0 = __rdtsc();
	nanosleep(&pause, NULL);
	t1 = now();
	c1 = __rdtsc();
	printf("%.0f\n", (c1 - c0) / (t1 - t0) / 1e3);
	return 0;
}
