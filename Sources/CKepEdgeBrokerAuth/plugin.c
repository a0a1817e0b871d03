// The mosquitto 2.0 plugin entry points (v5 API): read the plugin_opt_* options, register the
// basic-auth callback, and hand every CONNECT to broker_authenticate.
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>

#include "authenticate.h"
#include "include/kepedge_broker_auth.h"

typedef struct {
    mosquitto_plugin_id_t *identifier;
    broker_auth_config config;
} plugin_state;

int mosquitto_plugin_version(int supported_version_count, const int *supported_versions) {
    for (int i = 0; i < supported_version_count; i++) {
        if (supported_versions[i] == 5) return 5;
    }
    return -1;
}

static int on_basic_auth(int event, void *event_data, void *userdata) {
    (void)event;
    struct mosquitto_evt_basic_auth *auth = event_data;
    plugin_state *state = userdata;
    return broker_authenticate(&state->config, mosquitto_client_id(auth->client), auth->username, auth->password,
                               time(NULL));
}

static const char *option(struct mosquitto_opt *options, int option_count, const char *key) {
    for (int i = 0; i < option_count; i++) {
        if (options[i].key && strcmp(options[i].key, key) == 0) return options[i].value;
    }
    return NULL;
}

static void free_state(plugin_state *state) {
    if (state == NULL) return;
    free(state->config.hub_hostname);
    free(state->config.edge_hostname);
    free(state->config.edge_device_scope);
    devices_file_free(&state->config.devices);
    free(state);
}

int mosquitto_plugin_init(mosquitto_plugin_id_t *identifier, void **userdata, struct mosquitto_opt *options, int option_count) {
    static const char *required[] = {"hub_hostname", "edge_hostname", "edge_device_scope", "devices_file"};
    for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
        const char *value = option(options, option_count, required[i]);
        if (value == NULL || value[0] == '\0') {
            mosquitto_log_printf(MOSQ_LOG_ERR, "%s: plugin_opt_%s is missing from the broker configuration; add it after the plugin line.",
                                 KEPEDGE_BROKER_AUTH_NAME, required[i]);
            return MOSQ_ERR_INVAL;
        }
    }
    plugin_state *state = calloc(1, sizeof(*state));
    if (state == NULL) return MOSQ_ERR_NOMEM;
    state->identifier = identifier;
    state->config.hub_hostname = strdup(option(options, option_count, "hub_hostname"));
    state->config.edge_hostname = strdup(option(options, option_count, "edge_hostname"));
    state->config.edge_device_scope = strdup(option(options, option_count, "edge_device_scope"));
    if (!state->config.hub_hostname || !state->config.edge_hostname || !state->config.edge_device_scope ||
        !devices_file_init(&state->config.devices, option(options, option_count, "devices_file"))) {
        free_state(state);
        return MOSQ_ERR_NOMEM;
    }
    devices_file_refresh(&state->config.devices, true);
    // plugin_opt_edge_version: "1.1" compares the audience's hub case-sensitively as 1.1's edgeHub does;
    // anything else (default 1.5) ignores case as 1.2+ do.
    const char *edge_version = option(options, option_count, "edge_version");
    if (edge_version == NULL || edge_version[0] == '\0') edge_version = "1.5";
    state->config.audience_case_sensitive = strcmp(edge_version, "1.1") == 0;

    int rc = mosquitto_callback_register(identifier, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL, state);
    if (rc != MOSQ_ERR_SUCCESS) {
        free_state(state);
        return rc;
    }
    *userdata = state;
    mosquitto_log_printf(MOSQ_LOG_INFO, "%s: authenticating like IoT Edge %s's edgeHub for IoT Hub %s, gateway %s, scope %s.",
                         KEPEDGE_BROKER_AUTH_NAME, edge_version, state->config.hub_hostname, state->config.edge_hostname,
                         state->config.edge_device_scope);
    return MOSQ_ERR_SUCCESS;
}

int mosquitto_plugin_cleanup(void *userdata, struct mosquitto_opt *options, int option_count) {
    (void)options;
    (void)option_count;
    plugin_state *state = userdata;
    if (state) mosquitto_callback_unregister(state->identifier, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL);
    free_state(state);
    return MOSQ_ERR_SUCCESS;
}
