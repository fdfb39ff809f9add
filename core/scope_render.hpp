// The layout of a scope's body (one entry per line or inline, indentation,
// trailing comma, comments kept with their entries) and the rendering of a
// merged entry list in that layout. Text splices only: entries keep their
// own bytes, only separators are adjusted.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lanemerge::core {

enum class BodyKind {
  Delimited,  // the inside of `[ … ]` or `{ … }`: entries separated by commas
  Lines,      // the body of a `[header]` table: one `key = value` per line
};

// One entry's text, split so that separators can be re-done.
struct EntryText {
  std::string lead;   // comment lines and indentation before the value
  std::string value;  // the element / `key = value` itself
  std::string after;  // after the value to the end of its line, comma removed
  bool had_comma = false;
  bool on_opening_line = false;  // first element written on the `[` line
};

struct BodyLayout {
  BodyKind kind = BodyKind::Delimited;
  bool supported = true;
  std::string why_not;
  bool multiline = false;
  std::string head;        // before the first entry (through its first newline)
  std::string tail;        // after the last entry's line
  std::string separator = ", ";  // inline: between entries
  std::string indent = "    ";   // multi-line: whitespace before an entry
  bool trailing_comma = false;
  bool last_has_newline = true;
  std::string eol = "\n";
  std::vector<EntryText> entries;
};

// `ranges` are the byte ranges of the entries' values inside `text`, in order,
// all within [body_begin, body_end).
// `eol` is the document's line ending (line_ending_of), found once by the caller.
BodyLayout analyze_body(std::string_view text, std::size_t body_begin, std::size_t body_end, BodyKind kind,
                        const std::vector<std::pair<std::size_t, std::size_t>>& ranges, std::string_view eol);

// Normalized text of an entry: its lead comments, value and trailing comment
// without insignificant whitespace and without the separator comma.
std::string normalized_entry(const EntryText& entry, bool python = false);

// Renders `entries` (taken from any version, already converted to the
// layout's line endings) in `layout`. Returns false when the entries cannot
// be written in that layout (a comment in an inline array).
bool render_body(const BodyLayout& layout, const std::vector<EntryText>& entries, std::string& out);

}  // namespace lanemerge::core
