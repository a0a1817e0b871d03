// The lab's device registry as the plugin sees it: a text file the lab writes, re-read when it changes.
//
// Format (UTF-8, one device per line, fields separated by spaces or tabs):
//
//     # comment lines and blank lines are ignored
//     <deviceId> <primaryKey> <secondaryKey> <deviceScope> <enabled>
//     leaf-01 q1w2...= a9s8...= ms-azure-iot-edge://lab-edge-638c1 true
//
//   deviceId      the IoT Hub device id (ids cannot contain white space)
//   primaryKey    base64 symmetric key, or `-` for none
//   secondaryKey  base64 symmetric key, or `-` for none
//   deviceScope   the parent edge device's scope (`ms-azure-iot-edge://{edgeId}-{generation}`), `-` for none
//   enabled       `true` or `false` (IoT Hub's status enabled/disabled)
//
// A line that does not fit is skipped with a warning naming its line number; the others still load.
// Write the file atomically (temporary file + rename): the plugin checks its inode, size and mtime
// before every authentication and re-reads it when any changed.
#ifndef KEPEDGE_DEVICES_FILE_H
#define KEPEDGE_DEVICES_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

typedef struct {
    char *device_id;
    char *primary_key;  // NULL when `-`
    char *secondary_key;  // NULL when `-`
    char *device_scope;  // NULL when `-`
    bool enabled;
} lab_device;

typedef struct {
    char *path;
    lab_device *devices;
    size_t count;
    // What the file looked like when last read, to notice changes.
    bool seen;
    bool missing;
    dev_t device;
    ino_t inode;
    off_t size;
    struct timespec modified;
} devices_file;

/// Sets up a registry for `path` (copied); nothing is read yet. False if out of memory.
bool devices_file_init(devices_file *file, const char *path);

/// Re-reads the file if it changed since the last read (or `force`). Problems are logged, never fatal:
/// a missing or unreadable file leaves no devices, a bad line is skipped.
void devices_file_refresh(devices_file *file, bool force);

/// The device with exactly this id, or NULL.
const lab_device *devices_file_find(const devices_file *file, const char *device_id);

void devices_file_free(devices_file *file);

#endif
