#include "authenticate.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <mosquitto.h>
#include <mosquitto_broker.h>

#include "sas_token.h"
#include "text.h"
#include "username.h"

// The exception DeviceIdentityProvider re-throws for a username it cannot parse; edgeHub logs it under
// "Error creating client identity" and the protocol gateway answers CONNACK 3.
#define USERNAME_EXCEPTION "Microsoft.Azure.Devices.Edge.Hub.Core.EdgeHubConnectionException"
#define KEY_MISMATCH_ERROR "The specified SAS token has an invalid signature. It does not match either the primary or secondary key."

static void log_line(int level, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void log_line(int level, const char *format, ...) {
    char line[2048];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(line, sizeof(line), format, arguments);
    va_end(arguments);
    mosquitto_log_printf(level, "%s", line);
}

// edgeHub answers these with CONNACK 3 (server unavailable); mosquitto 2.0 lets a basic-auth plugin
// refuse only with CONNACK 5 (MOSQ_ERR_AUTH) or by closing the connection without any CONNACK.
static int refuse_as_server_unavailable(void) {
    log_line(MOSQ_LOG_NOTICE, "kepedge-lab: edgeHub answers this CONNECT with CONNACK 3 (server unavailable); "
                              "mosquitto 2.0 lets the lab refuse it only with CONNACK 5 (not authorised).");
    return MOSQ_ERR_AUTH;
}

static const lab_device *find_in_scope(broker_auth_config *config, const char *identity_id) {
    const lab_device *device = devices_file_find(&config->devices, identity_id);
    // edgeHub's scope cache holds only the identities whose deviceScope is the edge device's.
    if (device == NULL || device->device_scope == NULL || strcmp(device->device_scope, config->edge_device_scope) != 0) {
        return NULL;
    }
    return device;
}

// 1.1: `this.iothubHostName.Equals(hostName)`; 1.2+: `string.Equals(…, StringComparison.OrdinalIgnoreCase)`.
static bool same_host(const broker_auth_config *config, const char *configured, const char *host) {
    return config->audience_case_sensitive ? strcmp(configured, host) == 0 : strcasecmp(configured, host) == 0;
}

// DeviceScopeTokenAuthenticator.ValidateAudience for a device identity.
static bool audience_is_valid(const broker_auth_config *config, const sas_token *token, const char *identity_id,
                              const char *identity_device_id) {
    char *trimmed = text_trimmed_copy(token->audience, strlen(token->audience));
    char *audience = trimmed ? text_url_decode(trimmed, strlen(trimmed), true) : NULL;
    free(trimmed);
    if (audience == NULL) return false;

    char *parts[6] = {0};
    size_t count = 0;
    for (char *p = audience;;) {
        if (count < 6) parts[count] = p;
        count++;
        char *slash = strchr(p, '/');
        if (slash == NULL) break;
        *slash = '\0';
        p = slash + 1;
    }
    bool valid = false;
    if (count == 3) {
        const char *host = parts[0], *audience_device_id = parts[2];
        if (strcmp(identity_device_id, audience_device_id) != 0) {
            log_line(MOSQ_LOG_WARNING, "Error authenticating token for %s because the deviceId %s in the identity does not match the audienceId %s.",
                     identity_id, identity_device_id, audience_device_id);
        } else if (text_is_blank(host) || (!same_host(config, config->hub_hostname, host) && !same_host(config, config->edge_hostname, host))) {
            log_line(MOSQ_LOG_WARNING, "Error authenticating token for %s because the audience hostname %s does not match IoTHub hostname %s or the EdgeHub hostname %s.",
                     identity_id, host, config->hub_hostname, config->edge_hostname);
        } else {
            valid = true;
        }
    } else {
        // A module audience (five parts) for a device identity, or any other shape.
        log_line(MOSQ_LOG_WARNING, "Error authenticating token for %s because the audience %s is invalid.", identity_id, token->audience);
    }
    free(audience);
    return valid;
}

// DeviceScopeTokenAuthenticator.ValidateCredentials: status, keys, audience (the expiry was checked by the parser).
static bool validate_with_service_identity(const broker_auth_config *config, const lab_device *device, const sas_token *token,
                                           const char *identity_id, const char *identity_device_id) {
    if (!device->enabled) {
        log_line(MOSQ_LOG_WARNING, "Error authenticating token for %s because the service identity is not enabled", device->device_id);
        return false;
    }
    if (device->primary_key == NULL && device->secondary_key == NULL) {
        log_line(MOSQ_LOG_WARNING, "Error authenticating credentials for %s", identity_id);
        return false;
    }
    bool signed_with_a_key = (device->primary_key && sas_token_signed_with(token, device->primary_key)) ||
                             (device->secondary_key && sas_token_signed_with(token, device->secondary_key));
    if (!signed_with_a_key) {
        log_line(MOSQ_LOG_WARNING, "Error authenticating token for %s because the token did not match the primary or the secondary key. Error - %s",
                 device->device_id, KEY_MISMATCH_ERROR);
        return false;
    }
    return audience_is_valid(config, token, identity_id, identity_device_id);
}

// DeviceScopeAuthenticator.AuthenticateInternalAsync with the lab's devices file as the scope cache;
// "resyncing" re-reads the file (edgeHub would also wait up to 100 s for a full cache refresh).
static bool authenticate_in_scope(broker_auth_config *config, const char *identity_id, const char *identity_device_id,
                                  const char *password, time_t now) {
    sas_token token;
    sas_parse_result parsed = sas_token_parse(password, now, &token);
    if (parsed != SAS_PARSED) {
        log_line(MOSQ_LOG_INFO, "Error authenticating token for %s because the token is expired or could not be parsed", identity_id);
        log_line(MOSQ_LOG_INFO, "Credentials for client %s are not valid.", identity_id);
        return false;
    }
    devices_file_refresh(&config->devices, false);
    const lab_device *device = find_in_scope(config, identity_id);
    bool authenticated = device && validate_with_service_identity(config, device, &token, identity_id, identity_device_id);
    if (!authenticated) {
        log_line(MOSQ_LOG_INFO, "Unable to authenticate client %s with cached service identity %s (Found: %s). Resyncing service identity...",
                 identity_id, identity_id, device ? "True" : "False");
        devices_file_refresh(&config->devices, true);
        device = find_in_scope(config, identity_id);
        // DeviceScopeApiClient / NestedDeviceScopeApiClient Events.ScopeNotFound (wording since Azure/iotedge PR #1661).
        if (device == NULL) {
            log_line(MOSQ_LOG_WARNING, "Device scope not found for %s. Parent-child relationship is not set.", identity_id);
        }
        authenticated = device && validate_with_service_identity(config, device, &token, identity_id, identity_device_id);
    }
    sas_token_free(&token);
    return authenticated;
}

static const char *username_problem(username_result result) {
    switch (result) {
    case USERNAME_INVALID_VALUES: return "does not contain valid values";
    case USERNAME_NO_API_VERSION: return "does not contain a valid Api-version property";
    case USERNAME_NO_DEVICE_ID: return "does not contain a valid device ID";
    default: return NULL;
    }
}

int broker_authenticate(broker_auth_config *config, const char *client_id, const char *username,
                        const char *password, time_t now) {
    if (text_is_blank(username) || text_is_blank(client_id)) {
        log_line(MOSQ_LOG_ERR, "Error creating client identity");
        log_line(MOSQ_LOG_ERR, "kepedge-lab: the CONNECT has no %s.", text_is_blank(username) ? "username" : "client id");
        return refuse_as_server_unavailable();
    }
    username_identity identity;
    username_result parsed = username_parse(username, &identity);
    if (parsed != USERNAME_OK) {
        log_line(MOSQ_LOG_ERR, "Error creating client identity");
        const char *problem = username_problem(parsed);
        if (problem) log_line(MOSQ_LOG_ERR, "%s: Username %s %s", USERNAME_EXCEPTION, username, problem);
        return refuse_as_server_unavailable();
    }

    char identity_id[1024];
    if (identity.module_id[0] != '\0') {
        snprintf(identity_id, sizeof(identity_id), "%s/%s", identity.device_id, identity.module_id);
    } else {
        snprintf(identity_id, sizeof(identity_id), "%s", identity.device_id);
    }

    int result = MOSQ_ERR_AUTH;
    if (password == NULL || password[0] == '\0') {
        log_line(MOSQ_LOG_INFO, "Cannot create identity for %s because neither token nor certificate was presented", identity_id);
    } else if (strcmp(client_id, identity_id) != 0) {
        log_line(MOSQ_LOG_ERR, "Unable to generate identity for clientId %s and username %s", client_id, username);
    } else {
        bool authenticated = authenticate_in_scope(config, identity_id, identity.device_id, password, now);
        log_line(MOSQ_LOG_INFO, "Client %s in device scope %s locally.", identity_id, authenticated ? "authenticated" : "not authenticated");
        if (authenticated) {
            log_line(MOSQ_LOG_INFO, "Successfully generated identity for clientId %s and username %s", client_id, username);
            result = MOSQ_ERR_SUCCESS;
        } else {
            log_line(MOSQ_LOG_ERR, "Unable to generate identity for clientId %s and username %s", client_id, username);
        }
    }
    username_identity_free(&identity);
    return result;
}
