// edgeHub's SharedAccessSignature (iotedge edge-util SharedAccessSignature.cs): parse, expiry, signature.
#ifndef KEPEDGE_SAS_TOKEN_H
#define KEPEDGE_SAS_TOKEN_H

#include <stdbool.h>
#include <time.h>

/// edgeHub's MaxClockSkew: a token is expired once `se` + 5 minutes is in the past.
#define SAS_MAX_CLOCK_SKEW_SECONDS 300

/// A parsed token. `encoded_audience` is `sr` exactly as sent (it is what was signed);
/// `signature` is `sig` URL-decoded. Strings are owned (free with sas_token_free).
typedef struct {
    char *encoded_audience;
    char *audience;  // WebUtility.UrlDecode(sr)
    char *signature;
    char *expiry_text;  // `se` URL-decoded, as signed
    double expires_on;  // seconds since the epoch
} sas_token;

typedef enum {
    SAS_PARSED = 0,
    SAS_MALFORMED,  // not "SharedAccessSignature <fields>", a field without '=', a duplicate field
    SAS_MISSING_FIELD,  // no sig, se or sr
    SAS_BAD_EXPIRY,  // se is not a number
    SAS_EXPIRED,  // edgeHub's constructor refuses a token past se + skew
    SAS_NO_MEMORY,
} sas_parse_result;

/// Parses like SharedAccessSignature.Parse, including its expiry check at `now`.
sas_parse_result sas_token_parse(const char *raw, time_t now, sas_token *token);

/// Whether `sig` equals base64(HMAC-SHA256(base64-decoded key, sr + "\n" + se)) for `base64_key`
/// (constant time). A key that is not valid base64 never matches.
bool sas_token_signed_with(const sas_token *token, const char *base64_key);

/// Whether `text` is standard padded base64 (.NET Convert.FromBase64String accepts it, ASCII only).
bool sas_base64_is_valid(const char *text);

void sas_token_free(sas_token *token);

#endif
