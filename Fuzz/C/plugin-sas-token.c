// sas_token_parse (edgeHub's SharedAccessSignature.Parse) and the signature check on any bytes.
#include "fuzz_support.h"
#include "../../Sources/CKepEdgeBrokerAuth/sas_token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *raw = fuzz_string(data, size);
    sas_token token;
    memset(&token, 0, sizeof(token));
    if (sas_token_parse(raw, 1795744348, &token) == SAS_PARSED) {
        (void)sas_token_signed_with(&token, "+XLy+MVZ+aTeOnVzN2kLeB16O+kSxmz6g3rS6fAf6rw=");
        (void)sas_token_signed_with(&token, raw);  // the input as a key, valid base64 or not
    }
    sas_token_free(&token);
    (void)sas_base64_is_valid(raw);
    free(raw);
    return 0;
}
