// The lab's devices file as the plugin parses it (devices_file.c's `load`), from memory: any bytes as the
// file. (Going through a real file and stat made each run 50 times slower without reaching more code.)
#include "fuzz_support.h"
#include "../../Sources/CKepEdgeBrokerAuth/devices_file.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    devices_file devices;
    if (!devices_file_init(&devices, "fuzz-devices")) abort();
    FILE *stream = fmemopen((void *)data, size, "r");
    if (stream == NULL) return 0;  // fmemopen refuses size 0
    load(&devices, stream);
    fclose(stream);
    for (size_t i = 0; i < devices.count; i++) {
        if (devices_file_find(&devices, devices.devices[i].device_id) == NULL) abort();  // every device read is found
    }
    devices_file_free(&devices);
    return 0;
}
