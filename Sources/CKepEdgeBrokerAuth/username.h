// edgeHub's MQTT username parser (iotedge Hub.Mqtt/MqttUsernameParser.cs), byte for byte in behaviour.
#ifndef KEPEDGE_USERNAME_H
#define KEPEDGE_USERNAME_H

#include <stddef.h>

/// Why a username was refused; each maps to the exception message edgeHub logs.
typedef enum {
    USERNAME_OK = 0,
    USERNAME_EMPTY,            // null or white space: Preconditions.CheckNonWhiteSpace throws
    USERNAME_INVALID_VALUES,   // "Username {u} does not contain valid values"
    USERNAME_NO_API_VERSION,   // "Username {u} does not contain a valid Api-version property"
    USERNAME_NO_DEVICE_ID,     // "Username {u} does not contain a valid device ID"
    USERNAME_NO_MEMORY,
} username_result;

/// The identity a username names. Strings are owned (free with username_identity_free).
typedef struct {
    char *device_id;
    char *module_id;  // "" for a device
} username_identity;

/// Parses `host/deviceId[/moduleId]/?props` or `host/deviceId[/moduleId]/props-with-api-version=`.
username_result username_parse(const char *username, username_identity *identity);
void username_identity_free(username_identity *identity);

#endif
