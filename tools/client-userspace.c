// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: real userspace from Debian next to the client. drm_info
 * lists the KMS devices, proptest the properties of each KMS driver under
 * test, and modetest sets a mode with a dumb buffer on each and holds it,
 * as a compositor would, while the stress run unbinds, rebinds and removes
 * the devices under it. Run only where the VM has the tools
 * (libdrm-tests, drm-info).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client.h"

#define MODETEST	"/usr/bin/modetest"
#define PROPTEST	"/usr/bin/proptest"
#define DRM_INFO	"/usr/bin/drm_info"

#define MAX_MODETEST	4
/* How long modetest may take to set its mode. */
#define MODETEST_TIMEOUT_MS	60000

/* The modetest instances holding a mode, one per driver. */
static struct {
	const char *driver;
	pid_t pid;
	int stdin_fd;
} modetest[MAX_MODETEST];
static int nmodetest;

/* Run @cmd, its output into @out (NUL-terminated); its exit status. */
static int run(const char *cmd, char *out, size_t size)
{
	FILE *f = popen(cmd, "r");
	size_t len = 0;

	if (!f)
		return -errno;
	while (len < size - 1 && fgets(out + len, size - len, f))
		len += strlen(out + len);
	out[len] = '\0';
	return pclose(f);
}

/*
 * The card number of @driver, found by the driver name in debugfs
 * (dri/N/name) without opening a node; -1 if it has none.
 */
static int card_of(const char *driver)
{
	size_t len = strlen(driver);
	char path[64], buf[256];
	int card;

	for (card = 0; card < 64; card++) {
		snprintf(path, sizeof(path), "/sys/kernel/debug/dri/%d/name", card);
		if (read_file(path, buf, sizeof(buf)) > 0 &&
		    !strncmp(buf, driver, len) && buf[len] == ' ')
			return card;
	}
	return -1;
}

/*
 * Whether a connector of @driver's card is enabled (scans out), read from
 * sysfs: opening the card node would make this process its master if
 * modetest had not opened it yet, and modetest's SETCRTC would then fail.
 */
static bool mode_set(const char *driver)
{
	int card = card_of(driver);
	char path[64], buf[32];
	bool set = false;
	glob_t g;
	size_t i;

	snprintf(path, sizeof(path), "/sys/class/drm/card%d-*/enabled", card);
	if (card < 0 || glob(path, 0, NULL, &g))
		return false;
	for (i = 0; i < g.gl_pathc && !set; i++)
		set = read_file(g.gl_pathv[i], buf, sizeof(buf)) > 0 &&
		      !strncmp(buf, "enabled", 7);
	globfree(&g);
	return set;
}

/* The id of the first connected connector `modetest -c` lists. */
static int connected_connector(const char *listing)
{
	const char *line;

	for (line = listing; line && *line; line = strchr(line, '\n')) {
		unsigned int id, encoder;
		char status[32];

		if (*line == '\n')
			line++;
		if (sscanf(line, "%u %u %31s", &id, &encoder, status) == 3 &&
		    !strcmp(status, "connected"))
			return id;
	}
	return -1;
}

int userspace_start(const char *driver)
{
	static char out[1 << 16];
	char cmd[256];
	int pipefd[2], conn, ret;
	double deadline;
	pid_t pid;

	if (nmodetest == MAX_MODETEST)
		return -ENOSPC;
	if (access(MODETEST, X_OK) || access(DRM_INFO, X_OK)) {
		printf("  userspace: no modetest or drm_info in this VM, skipped\n");
		return 0;
	}

	ret = run(DRM_INFO " 2>&1", out, sizeof(out));
	EXPECT(!ret && strstr(out, driver), "drm_info: %d, %s not listed", ret,
	       driver);
	printf("  drm_info: %s listed (%zu bytes of output)\n", driver,
	       strlen(out));

	snprintf(cmd, sizeof(cmd), PROPTEST " -M %s 2>&1", driver);
	ret = run(cmd, out, sizeof(out));
	/* Connector properties; plane ones need the atomic cap it lacks. */
	if (!ret && strstr(out, "DPMS"))
		printf("  proptest -M %s: properties listed\n", driver);
	else
		fail("proptest -M %s: status %d, no DPMS property listed",
		     driver, ret);

	snprintf(cmd, sizeof(cmd), MODETEST " -M %s -c 2>&1", driver);
	ret = run(cmd, out, sizeof(out));
	conn = connected_connector(out);
	if (ret || conn < 0) {
		fail("modetest -M %s -c: %d, no connected connector; it printed:\n%.1500s",
		     driver, ret, out);
		/* Who held master, if not modetest: the card's clients. */
		snprintf(cmd, sizeof(cmd), "/sys/kernel/debug/dri/%d/clients",
			 card_of(driver));
		if (read_file(cmd, out, sizeof(out)) > 0)
			printf("  %s:\n%s", cmd, out);
		return 1;
	}

	/* modetest sets the mode, then waits for a line on its stdin. */
	if (pipe(pipefd))
		return -errno;
	snprintf(cmd, sizeof(cmd), "%d:1024x768", conn);
	pid = fork();
	if (!pid) {
		dup2(pipefd[0], 0);
		close(pipefd[1]);
		execl(MODETEST, "modetest", "-M", driver, "-s", cmd, NULL);
		_exit(127);
	}
	close(pipefd[0]);
	/*
	 * Wait until the mode is set before the stress run opens the node or
	 * takes the device away: however busy the host, not for a time.
	 */
	for (deadline = now_ms() + MODETEST_TIMEOUT_MS; !mode_set(driver);
	     usleep(50000)) {
		if (waitpid(pid, &ret, WNOHANG) == pid) {
			fail("modetest -M %s -s %s exited at once: %d", driver,
			     cmd, ret);
			close(pipefd[1]);
			return 1;
		}
		if (now_ms() > deadline) {
			fail("modetest -M %s -s %s: no connector enabled after %d s",
			     driver, cmd, MODETEST_TIMEOUT_MS / 1000);
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			close(pipefd[1]);
			return 1;
		}
	}
	modetest[nmodetest].driver = driver;
	modetest[nmodetest].pid = pid;
	modetest[nmodetest].stdin_fd = pipefd[1];
	nmodetest++;
	printf("  modetest -M %s -s %s: holds the mode\n", driver, cmd);
	return 0;
}

int userspace_finish(void)
{
	int i, status, held = 0, ran = nmodetest;

	if (!nmodetest)
		return -1;
	for (i = 0; i < nmodetest; i++) {
		const char *driver = modetest[i].driver;
		pid_t pid = modetest[i].pid;

		if (waitpid(pid, &status, WNOHANG) == pid) {
			fail("modetest -M %s died during the stress run: status %#x",
			     driver, status);
			close(modetest[i].stdin_fd);
			continue;
		}
		/* Enter: modetest tears down what it set up, on a device long gone. */
		if (write(modetest[i].stdin_fd, "\n", 1) != 1)
			fail("modetest -M %s: %s", driver, strerror(errno));
		close(modetest[i].stdin_fd);
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
			fail("modetest -M %s did not exit cleanly: status %#x",
			     driver, status);
			continue;
		}
		held++;
	}
	nmodetest = 0;
	return held == ran;
}
