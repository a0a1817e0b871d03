// Small string helpers shared by the parsers (ASCII semantics: mosquitto hands us UTF-8 bytes).
#ifndef KEPEDGE_TEXT_H
#define KEPEDGE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/// True when `text` is NULL, empty, or only white space (.NET string.IsNullOrWhiteSpace, ASCII).
bool text_is_blank(const char *text);

/// A copy of `text[0..<length]` without leading and trailing white space (.NET Trim), or NULL if out of memory.
char *text_trimmed_copy(const char *text, size_t length);

/// Percent-decodes `text` (.NET WebUtility.UrlDecode when `plus_is_space`, Uri.UnescapeDataString otherwise):
/// `%XX` becomes the byte, an invalid escape stays as it is. Returns a new string or NULL if out of memory.
char *text_url_decode(const char *text, size_t length, bool plus_is_space);

/// ASCII case-insensitive equality.
bool text_equal_ignoring_case(const char *a, const char *b);

#endif
