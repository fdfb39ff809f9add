// Python string literals by value: every prefix (r, u, b and their
// combinations), quote style and escape, and implicit concatenation, so that
// 'team', "team", u"team" and "te" "am" are one key.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lanemerge::core {

// The value of one string literal token ("s:" + UTF-8 for str, "b:" + bytes
// for bytes), or nothing when it is not a constant (an f-string) or cannot be
// decoded with certainty (\N{…}).
std::optional<std::string> decode_string_literal(std::string_view token);

// The value of adjacent literals written together (implicit concatenation);
// nothing when any part has none or str and bytes are mixed.
std::optional<std::string> decode_concatenation(const std::vector<std::string_view>& tokens);

// What a piece of Python code means, independent of spacing, line breaks,
// the spelling of string literals and implicit concatenation: its tokens,
// one space only between two words, strings by value, comments kept. Two
// pieces of code with the same canonical text are the same code.
std::string python_canonical(std::string_view code);

}  // namespace lanemerge::core
