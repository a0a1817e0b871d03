// broker_authenticate on any CONNECT: the input is "client id \n username \n password" against a lab
// registry holding kepware-01 (key below) as a child of lab-edge.
#include <unistd.h>
#include "fuzz_support.h"
#include "../../Sources/CKepEdgeBrokerAuth/authenticate.h"

static broker_auth_config *config(void) {
    static broker_auth_config shared;
    static int ready;
    if (ready) return &shared;
    char path[64];
    snprintf(path, sizeof(path), "/tmp/kepedge-fuzz-auth-devices-%d", (int)getpid());
    FILE *file = fopen(path, "w");
    if (file == NULL) abort();
    fputs("kepware-01 +XLy+MVZ+aTeOnVzN2kLeB16O+kSxmz6g3rS6fAf6rw= - ms-azure-iot-edge://lab-edge-638c1 true\n"
          "off-01 +XLy+MVZ+aTeOnVzN2kLeB16O+kSxmz6g3rS6fAf6rw= - ms-azure-iot-edge://lab-edge-638c1 false\n", file);
    fclose(file);
    shared.hub_hostname = strdup("lab-hub.azure-devices.net");
    shared.edge_hostname = strdup("localhost");
    shared.edge_device_scope = strdup("ms-azure-iot-edge://lab-edge-638c1");
    if (!devices_file_init(&shared.devices, path)) abort();
    devices_file_refresh(&shared.devices, true);
    ready = 1;
    return &shared;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *input = fuzz_string(data, size);
    char *client_id = input;
    char *username = strchr(client_id, '\n');
    char *password = NULL;
    if (username) {
        *username++ = '\0';
        password = strchr(username, '\n');
        if (password) *password++ = '\0';
    }
    (void)broker_authenticate(config(), client_id, username ? username : "", password, 1795744348);
    free(input);
    return 0;
}
