// edgeHub's CONNECT authentication, step by step, with edgeHub's log lines
// (iotedge Hub.Mqtt/DeviceIdentityProvider.cs, Hub.Core/DeviceScopeAuthenticator.cs,
// Hub.CloudProxy/authenticators/DeviceScopeTokenAuthenticator.cs).
#ifndef KEPEDGE_AUTHENTICATE_H
#define KEPEDGE_AUTHENTICATE_H

#include <stdbool.h>
#include <time.h>

#include "devices_file.h"

/// What the plugin was configured with (`plugin_opt_*`).
typedef struct {
    char *hub_hostname;  // the IoT Hub hostname, e.g. lab-hub.azure-devices.net
    char *edge_hostname;  // the gateway's hostname (edgeHub's EdgeDeviceHostName)
    char *edge_device_scope;
    // IoT Edge 1.1 compares the token's audience host with hub_hostname case-sensitively
    // (DeviceScopeTokenAuthenticator, release/1.1); 1.2+ ignore case (Azure/iotedge PR #3817, #3824).
    bool audience_case_sensitive;  // ms-azure-iot-edge://{edgeId}-{generation}: only devices with this scope are known
    devices_file devices;
} broker_auth_config;

/// Authenticates one CONNECT at time `now`. Returns MOSQ_ERR_SUCCESS or MOSQ_ERR_AUTH
/// (mosquitto answers CONNACK 5, "not authorised", to an MQTT 3.1.1 client).
int broker_authenticate(broker_auth_config *config, const char *client_id, const char *username,
                        const char *password, time_t now);

#endif
