#pragma once
// Text from outside gilfree (a test's failure message, a file name, a child's
// output) on its way to a terminal, a log line or an XML file: always valid UTF-8,
// and no control character that could clear the screen, move the cursor, recolour
// what follows or, as a NUL, end a C string early.
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace gilfree::runtime {

// Byte offset of the first invalid UTF-8 sequence, or npos when valid.
std::size_t first_invalid_utf8(std::string_view text);

// The text with each invalid byte replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

// Valid UTF-8 with control characters spelled out: C0 and DEL as \xNN (NUL is \x00,
// ESC \x1b), C1 as \u0080..\u009f. Newlines and tabs stay: several lines of text.
std::string terminal_safe(std::string_view text);

// The same for one line (a table cell, an error message): \n, \r and \t spelled out too.
std::string terminal_safe_line(std::string_view text);

// Writes terminal_safe(text) to `stream` whole (fwrite: a NUL cannot end it early).
void print_safe(std::FILE* stream, std::string_view text);

// How a control character is spelled out: "\x1b" for ESC, "\u009b" for CSI.
std::string spelled_control(char32_t code_point);

// At most `limit` characters (code points) of valid UTF-8 `text`, never cutting one in half.
std::string_view first_characters(std::string_view text, std::size_t limit);
// Characters (code points) in `text`: bytes that do not continue a sequence (an invalid
// byte counts as one).
std::size_t character_count(std::string_view text);

}  // namespace gilfree::runtime
