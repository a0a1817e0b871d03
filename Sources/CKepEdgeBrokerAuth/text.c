#include "text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool text_is_blank(const char *text) {
    if (text == NULL) return true;
    for (; *text; text++) {
        if (!isspace((unsigned char)*text)) return false;
    }
    return true;
}

char *text_trimmed_copy(const char *text, size_t length) {
    size_t start = 0, end = length;
    while (start < end && isspace((unsigned char)text[start])) start++;
    while (end > start && isspace((unsigned char)text[end - 1])) end--;
    char *copy = malloc(end - start + 1);
    if (copy == NULL) return NULL;
    memcpy(copy, text + start, end - start);
    copy[end - start] = '\0';
    return copy;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char *text_url_decode(const char *text, size_t length, bool plus_is_space) {
    char *decoded = malloc(length + 1);
    if (decoded == NULL) return NULL;
    size_t out = 0;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (c == '%' && i + 2 < length) {
            int high = hex_value(text[i + 1]), low = hex_value(text[i + 2]);
            if (high >= 0 && low >= 0) {
                decoded[out++] = (char)(high * 16 + low);
                i += 2;
                continue;
            }
        }
        decoded[out++] = (plus_is_space && c == '+') ? ' ' : c;
    }
    decoded[out] = '\0';
    return decoded;
}

bool text_equal_ignoring_case(const char *a, const char *b) {
    return a != NULL && b != NULL && strcasecmp(a, b) == 0;
}
