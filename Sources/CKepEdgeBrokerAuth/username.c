// Mirrors MqttUsernameParser.Parse: split on '/', the last segment either starts with '?' or holds
// "api-version=", three segments name a device and four a module; api-version must exist with a
// non-blank value (its value is not checked); the device id must not be blank.
#include "username.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"

// The Azure ML container's old client separates DeviceClientType with '/', giving six segments;
// edgeHub accepts exactly this suffix.
static const char azure_ml_suffix[] = "/api-version=2017-06-30/DeviceClientType=Microsoft.Azure.Devices.Client/1.5.1-preview-003";

typedef struct {
    const char *start[8];
    size_t length[8];
    size_t count;  // may exceed 8: only the first 8 positions are recorded
} segments;

static segments split_on_slash(const char *text) {
    segments result = {.count = 0};
    const char *start = text;
    for (const char *p = text;; p++) {
        if (*p == '/' || *p == '\0') {
            if (result.count < 8) {
                result.start[result.count] = start;
                result.length[result.count] = (size_t)(p - start);
            }
            result.count++;
            if (*p == '\0') break;
            start = p + 1;
        }
    }
    return result;
}

static bool segment_contains(const segments *s, size_t index, const char *needle) {
    size_t needle_length = strlen(needle);
    if (s->length[index] < needle_length) return false;
    for (size_t i = 0; i + needle_length <= s->length[index]; i++) {
        if (memcmp(s->start[index] + i, needle, needle_length) == 0) return true;
    }
    return false;
}

// ParseDeviceClientType: split on '&', each on the first '=', the first of duplicate keys wins, values
// are Uri.UnescapeDataString'd. Only api-version matters here: present with a non-blank value.
static bool has_api_version(const char *properties, size_t length) {
    static const char key[] = "api-version";
    const size_t key_length = sizeof(key) - 1;
    const char *p = properties, *end = properties + length;
    while (p <= end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *field_end = amp ? amp : end;
        const char *equals = memchr(p, '=', (size_t)(field_end - p));
        const char *key_end = equals ? equals : field_end;
        if ((size_t)(key_end - p) == key_length && memcmp(p, key, key_length) == 0) {
            if (equals == NULL) return false;
            char *value = text_url_decode(equals + 1, (size_t)(field_end - equals - 1), false);
            bool valid = value != NULL && !text_is_blank(value);
            free(value);
            return valid;  // the first api-version decides, as GroupBy().First() does
        }
        if (amp == NULL) break;
        p = amp + 1;
    }
    return false;
}

username_result username_parse(const char *username, username_identity *identity) {
    identity->device_id = NULL;
    identity->module_id = NULL;
    if (text_is_blank(username)) return USERNAME_EMPTY;

    segments s = split_on_slash(username);
    size_t device_index = 1, module_index = 0;
    const char *properties = NULL;
    size_t properties_length = 0;
    bool api_version_known = false;

    const char *last = s.count <= 8 ? s.start[s.count - 1] : NULL;
    if (last != NULL && last[0] == '?') {
        if (s.count != 3 && s.count != 4) return USERNAME_INVALID_VALUES;
        if (s.count == 4) module_index = 2;
        properties = last + 1;
        properties_length = s.length[s.count - 1] - 1;
    } else if ((s.count == 3 && segment_contains(&s, 2, "api-version=")) ||
               (s.count == 4 && segment_contains(&s, 3, "api-version="))) {
        if (s.count == 4) module_index = 2;
        properties = s.start[s.count - 1];
        properties_length = s.length[s.count - 1];
    } else if (s.count == 6 && strlen(username) >= sizeof(azure_ml_suffix) - 1 &&
               strcasecmp(username + strlen(username) - (sizeof(azure_ml_suffix) - 1), azure_ml_suffix) == 0) {
        module_index = 2;
        api_version_known = true;
    } else {
        return USERNAME_INVALID_VALUES;
    }

    if (!api_version_known) {
        char *trimmed = text_trimmed_copy(properties, properties_length);
        if (trimmed == NULL) return USERNAME_NO_MEMORY;
        bool ok = has_api_version(trimmed, strlen(trimmed));
        free(trimmed);
        if (!ok) return USERNAME_NO_API_VERSION;
    }

    identity->device_id = text_trimmed_copy(s.start[device_index], s.length[device_index]);
    identity->module_id = module_index ? text_trimmed_copy(s.start[module_index], s.length[module_index])
                                       : text_trimmed_copy("", 0);
    if (identity->device_id == NULL || identity->module_id == NULL) {
        username_identity_free(identity);
        return USERNAME_NO_MEMORY;
    }
    if (identity->device_id[0] == '\0') {
        username_identity_free(identity);
        return USERNAME_NO_DEVICE_ID;
    }
    return USERNAME_OK;
}

void username_identity_free(username_identity *identity) {
    free(identity->device_id);
    free(identity->module_id);
    identity->device_id = NULL;
    identity->module_id = NULL;
}
