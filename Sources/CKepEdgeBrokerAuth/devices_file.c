#include "devices_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <openssl/crypto.h>

#include "sas_token.h"

#define FIELD_COUNT 5

static void free_device(lab_device *device) {
    free(device->device_id);
    if (device->primary_key) OPENSSL_cleanse(device->primary_key, strlen(device->primary_key));
    if (device->secondary_key) OPENSSL_cleanse(device->secondary_key, strlen(device->secondary_key));
    free(device->primary_key);
    free(device->secondary_key);
    free(device->device_scope);
    memset(device, 0, sizeof(*device));
}

static void free_devices(lab_device *devices, size_t count) {
    for (size_t i = 0; i < count; i++) free_device(&devices[i]);
    free(devices);
}

bool devices_file_init(devices_file *file, const char *path) {
    memset(file, 0, sizeof(*file));
    file->path = strdup(path);
    return file->path != NULL;
}

static char *optional_copy(const char *field) {
    return strcmp(field, "-") == 0 ? NULL : strdup(field);
}

// Reads one line into `device`. Returns NULL on success, else why the line was skipped (never a key).
static const char *parse_line(char *line, lab_device *device) {
    char *fields[FIELD_COUNT + 1];
    size_t count = 0;
    for (char *save = NULL, *word = strtok_r(line, " \t\r\n", &save); word != NULL;
         word = strtok_r(NULL, " \t\r\n", &save)) {
        if (count <= FIELD_COUNT) fields[count] = word;
        count++;
    }
    if (count != FIELD_COUNT) {
        return "expected 5 fields: deviceId primaryKey secondaryKey deviceScope enabled";
    }
    bool enabled;
    if (strcmp(fields[4], "true") == 0) {
        enabled = true;
    } else if (strcmp(fields[4], "false") == 0) {
        enabled = false;
    } else {
        return "the 5th field (enabled) must be true or false";
    }
    if (strcmp(fields[1], "-") != 0 && !sas_base64_is_valid(fields[1])) return "the primary key is not base64";
    if (strcmp(fields[2], "-") != 0 && !sas_base64_is_valid(fields[2])) return "the secondary key is not base64";

    device->device_id = strdup(fields[0]);
    device->primary_key = optional_copy(fields[1]);
    device->secondary_key = optional_copy(fields[2]);
    device->device_scope = optional_copy(fields[3]);
    device->enabled = enabled;
    if (device->device_id == NULL || (device->primary_key == NULL && strcmp(fields[1], "-") != 0) ||
        (device->secondary_key == NULL && strcmp(fields[2], "-") != 0) ||
        (device->device_scope == NULL && strcmp(fields[3], "-") != 0)) {
        free_device(device);
        return "out of memory";
    }
    return NULL;
}

static bool is_ignorable(const char *line) {
    while (*line == ' ' || *line == '\t' || *line == '\r' || *line == '\n') line++;
    return *line == '\0' || *line == '#';
}

static void load(devices_file *file, FILE *stream) {
    lab_device *devices = NULL;
    size_t count = 0, capacity = 0;
    char *line = NULL;
    size_t line_capacity = 0;
    size_t line_number = 0;
    while (getline(&line, &line_capacity, stream) != -1) {
        line_number++;
        if (is_ignorable(line)) continue;
        lab_device device;
        memset(&device, 0, sizeof(device));
        const char *problem = parse_line(line, &device);
        if (problem == NULL && devices_file_find(&(devices_file){.devices = devices, .count = count}, device.device_id)) {
            free_device(&device);
            problem = "a device with this id is already listed above";
        }
        if (problem == NULL && count == capacity) {
            size_t grown = capacity ? capacity * 2 : 16;
            lab_device *bigger = realloc(devices, grown * sizeof(*devices));
            if (bigger == NULL) {
                free_device(&device);
                problem = "out of memory";
            } else {
                devices = bigger;
                capacity = grown;
            }
        }
        if (problem != NULL) {
            mosquitto_log_printf(MOSQ_LOG_WARNING, "kepedge-lab: devices file %s line %zu skipped: %s.",
                                 file->path, line_number, problem);
            continue;
        }
        devices[count++] = device;
    }
    if (line) OPENSSL_cleanse(line, line_capacity);
    free(line);
    free_devices(file->devices, file->count);
    file->devices = devices;
    file->count = count;
    mosquitto_log_printf(MOSQ_LOG_INFO, "kepedge-lab: devices file %s read: %zu device(s).", file->path, count);
}

// The file is gone or unreadable: no device is known until it comes back. Warns once per change.
static void forget_devices(devices_file *file, bool force) {
    if (!file->missing || force) {
        mosquitto_log_printf(MOSQ_LOG_WARNING, "kepedge-lab: devices file %s cannot be read (%s): no device is known.",
                             file->path, strerror(errno));
    }
    free_devices(file->devices, file->count);
    file->devices = NULL;
    file->count = 0;
    file->missing = true;
    file->seen = false;
}

void devices_file_refresh(devices_file *file, bool force) {
    struct stat info;
    if (stat(file->path, &info) != 0) {
        forget_devices(file, force);
        return;
    }
    bool unchanged = file->seen && info.st_dev == file->device && info.st_ino == file->inode &&
                     info.st_size == file->size && info.st_mtim.tv_sec == file->modified.tv_sec &&
                     info.st_mtim.tv_nsec == file->modified.tv_nsec;
    if (unchanged && !force) return;

    FILE *stream = fopen(file->path, "r");
    if (stream == NULL) {
        forget_devices(file, force);
        return;
    }
    load(file, stream);
    fclose(stream);
    file->missing = false;
    file->seen = true;
    file->device = info.st_dev;
    file->inode = info.st_ino;
    file->size = info.st_size;
    file->modified = info.st_mtim;
}

const lab_device *devices_file_find(const devices_file *file, const char *device_id) {
    for (size_t i = 0; i < file->count; i++) {
        if (strcmp(file->devices[i].device_id, device_id) == 0) return &file->devices[i];
    }
    return NULL;
}

void devices_file_free(devices_file *file) {
    free_devices(file->devices, file->count);
    free(file->path);
    memset(file, 0, sizeof(*file));
}
