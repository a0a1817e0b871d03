#include "sas_token.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "text.h"

// .NET's largest DateTime (9999-12-31T23:59:59Z): a larger `se` makes EpochTime + seconds throw.
#define DOTNET_MAX_EPOCH_SECONDS 253402300799.0

static bool is_token_space(char c) { return isspace((unsigned char)c) != 0; }

typedef enum { FIELD_STORED, FIELD_MALFORMED, FIELD_NO_MEMORY } field_result;

// Stores one field's value (first '='-separated part after the name) under its case-insensitive name.
// Malformed are edgeHub's exceptions: no '=' (IndexOutOfRange) or a duplicate name (Dictionary.Add).
static field_result store_field(const char *field, size_t length, sas_token *token, char **skn) {
    const char *equals = memchr(field, '=', length);
    if (equals == NULL) return FIELD_MALFORMED;
    size_t name_length = (size_t)(equals - field);
    const char *value = equals + 1;
    const char *value_end = memchr(value, '=', (size_t)(field + length - value));
    size_t value_length = (size_t)((value_end ? value_end : field + length) - value);

    char **slot;
    bool keep_encoded = false;
    if (name_length == 2 && strncasecmp(field, "sr", 2) == 0) {
        slot = &token->encoded_audience;
        keep_encoded = true;  // "preserve the casing of the escape characters in the audience"
    } else if (name_length == 3 && strncasecmp(field, "sig", 3) == 0) {
        slot = &token->signature;
    } else if (name_length == 2 && strncasecmp(field, "se", 2) == 0) {
        slot = &token->expiry_text;
    } else if (name_length == 3 && strncasecmp(field, "skn", 3) == 0) {
        slot = skn;
    } else {
        return FIELD_STORED;  // other names are stored by edgeHub and never read; duplicates of them are not tracked here
    }
    if (*slot != NULL) return FIELD_MALFORMED;
    *slot = keep_encoded ? strndup(value, value_length) : text_url_decode(value, value_length, true);
    return *slot != NULL ? FIELD_STORED : FIELD_NO_MEMORY;
}

sas_parse_result sas_token_parse(const char *raw, time_t now, sas_token *token) {
    memset(token, 0, sizeof(*token));
    if (text_is_blank(raw)) return SAS_MALFORMED;

    // string.Split() with no arguments: every white-space character separates, empty parts are kept.
    const char *first_space = raw;
    while (*first_space && !is_token_space(*first_space)) first_space++;
    if (*first_space == '\0') return SAS_MALFORMED;
    const char *fields = first_space + 1;
    for (const char *p = fields; *p; p++) {
        if (is_token_space(*p)) return SAS_MALFORMED;  // a third part
    }
    if ((size_t)(first_space - raw) != strlen("SharedAccessSignature") ||
        strncmp(raw, "SharedAccessSignature", (size_t)(first_space - raw)) != 0) {
        return SAS_MALFORMED;
    }

    char *skn = NULL;
    sas_parse_result result = SAS_PARSED;
    const char *p = fields;
    const char *end = fields + strlen(fields);
    while (p <= end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *field_end = amp ? amp : end;
        field_result stored = field_end > p ? store_field(p, (size_t)(field_end - p), token, &skn) : FIELD_STORED;
        if (stored != FIELD_STORED) {
            result = stored == FIELD_NO_MEMORY ? SAS_NO_MEMORY : SAS_MALFORMED;
            break;
        }
        if (amp == NULL) break;
        p = amp + 1;
    }
    free(skn);
    if (result != SAS_PARSED) {
        sas_token_free(token);
        return result;
    }
    if (token->signature == NULL || token->expiry_text == NULL || token->encoded_audience == NULL) {
        sas_token_free(token);
        return SAS_MISSING_FIELD;
    }

    // double.Parse(se, InvariantCulture): surrounding white space allowed, the whole text must be a number.
    char *number_end = NULL;
    double seconds = strtod(token->expiry_text, &number_end);
    while (number_end && is_token_space(*number_end)) number_end++;
    if (number_end == token->expiry_text || number_end == NULL || *number_end != '\0' || !isfinite(seconds) ||
        seconds > DOTNET_MAX_EPOCH_SECONDS) {
        sas_token_free(token);
        return SAS_BAD_EXPIRY;
    }
    token->expires_on = seconds;
    if (seconds + SAS_MAX_CLOCK_SKEW_SECONDS < (double)now) {
        sas_token_free(token);
        return SAS_EXPIRED;
    }

    token->audience = text_url_decode(token->encoded_audience, strlen(token->encoded_audience), true);
    if (token->audience == NULL) {
        sas_token_free(token);
        return SAS_NO_MEMORY;
    }
    return SAS_PARSED;
}

bool sas_base64_is_valid(const char *text) {
    size_t length = text ? strlen(text) : 0;
    if (length == 0 || length % 4 != 0) return false;
    size_t padding = 0;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (c == '=') {
            if (i < length - 2) return false;
            padding++;
        } else if (padding > 0 || !(isalnum((unsigned char)c) || c == '+' || c == '/')) {
            return false;
        }
    }
    return padding <= 2;
}

// Decodes standard padded base64 into `out` (at least 3/4 of the text's length); returns the byte count or -1.
static int base64_decode(const char *text, unsigned char *out) {
    if (!sas_base64_is_valid(text)) return -1;
    size_t length = strlen(text);
    int decoded = EVP_DecodeBlock(out, (const unsigned char *)text, (int)length);
    if (decoded < 0) return -1;
    // EVP_DecodeBlock counts padding as zero bytes.
    if (text[length - 1] == '=') decoded--;
    if (text[length - 2] == '=') decoded--;
    return decoded;
}

bool sas_token_signed_with(const sas_token *token, const char *base64_key) {
    size_t key_text_length = base64_key ? strlen(base64_key) : 0;
    unsigned char *key = malloc(key_text_length + 3);
    if (key == NULL) return false;
    int key_length = base64_decode(base64_key, key);
    if (key_length < 0) {
        free(key);
        return false;
    }

    size_t audience_length = strlen(token->encoded_audience), expiry_length = strlen(token->expiry_text);
    size_t message_length = audience_length + 1 + expiry_length;
    unsigned char *message = malloc(message_length);
    if (message == NULL) {
        OPENSSL_cleanse(key, key_text_length + 3);
        free(key);
        return false;
    }
    memcpy(message, token->encoded_audience, audience_length);
    message[audience_length] = '\n';
    memcpy(message + audience_length + 1, token->expiry_text, expiry_length);

    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_length = 0;
    unsigned char *computed = HMAC(EVP_sha256(), key, key_length, message, message_length, mac, &mac_length);
    OPENSSL_cleanse(key, key_text_length + 3);
    free(key);
    free(message);
    if (computed == NULL) return false;

    char expected[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
    int expected_length = EVP_EncodeBlock((unsigned char *)expected, mac, (int)mac_length);
    OPENSSL_cleanse(mac, sizeof(mac));
    size_t presented_length = strlen(token->signature);
    bool equal = expected_length >= 0 && presented_length == (size_t)expected_length &&
                 CRYPTO_memcmp(expected, token->signature, presented_length) == 0;
    OPENSSL_cleanse(expected, sizeof(expected));
    return equal;
}

void sas_token_free(sas_token *token) {
    free(token->encoded_audience);
    free(token->audience);
    if (token->signature) OPENSSL_cleanse(token->signature, strlen(token->signature));
    free(token->signature);
    free(token->expiry_text);
    memset(token, 0, sizeof(*token));
}
