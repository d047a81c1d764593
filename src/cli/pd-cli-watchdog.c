/* pd-cli-watchdog.c: placeholder until the watchdog lands. */
#include "config.h"

#include "pd-cli.h"

void pd_cli_watchdog_start (void) {}
void pd_cli_watchdog_kick (void) {}
void pd_cli_watchdog_stop (void) {}
