// Shared by the broker plugin's fuzz targets: mosquitto's logging, which the plugin calls and the fuzzer
// binary does not link (mosquitto is not running), and a NUL-terminated copy of the input.
#ifndef KEPEDGE_FUZZ_SUPPORT_H
#define KEPEDGE_FUZZ_SUPPORT_H
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The plugin's lines are formatted as mosquitto would (so format bugs show up under ASan), then dropped.
void mosquitto_log_printf(int level, const char *format, ...) {
    (void)level;
    char line[4096];
    va_list args;
    va_start(args, format);
    vsnprintf(line, sizeof(line), format, args);
    va_end(args);
}

static char *fuzz_string(const uint8_t *data, size_t size) {
    char *copy = malloc(size + 1);
    if (copy == NULL) abort();
    memcpy(copy, data, size);
    copy[size] = '\0';
    return copy;
}
#endif
