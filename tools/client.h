/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by regdata-client.c and regdata-bench.c.
 */

#ifndef _REGDATA_CLIENT_H_
#define _REGDATA_CLIENT_H_

#include <stddef.h>

int open_by_name(const char *name);
double now_ms(void);
int read_file(const char *path, char *buf, size_t size);
int bench(void);

#endif /* _REGDATA_CLIENT_H_ */
