// Byte-level facts about file contents: encoding checks, line endings,
// conflict markers, and mapping of (line, code-point column) to bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lanemerge::core {

bool has_nul(std::string_view text);
bool is_valid_utf8(std::string_view text);
bool has_bom(std::string_view text);
std::string_view strip_bom(std::string_view text);

// True when any line starts with a conflict marker of `marker_size`
// (`<<<<<<<`, `|||||||`, `=======`, `>>>>>>>` followed by a space or EOL).
bool has_conflict_markers(std::string_view text, int marker_size);

// "\r\n" when every line break of `text` is CRLF (and there is one), else "\n".
std::string_view line_ending_of(std::string_view text);

// Rewrite every line break of `text` to `eol`.
std::string with_line_endings(std::string_view text, std::string_view eol);

// Line starts of a text, to turn 1-based (line, column) positions, columns
// counted in code points, into byte offsets. Positions asked for in
// increasing order on one line cost one walk of that line in all (the last
// position is remembered), so a long single-line array stays linear.
class LineIndex {
public:
  explicit LineIndex(std::string_view text);
  // Returns std::string::npos when the position lies outside the text.
  std::size_t offset(std::size_t line, std::size_t column) const;

private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
  mutable std::size_t last_line_ = 0, last_column_ = 0, last_offset_ = 0;
};

// Remove whitespace outside of TOML/Python string literals; keeps comments
// (trimmed). Used to build normalized entry texts. `python`: backslash
// escapes in both quote styles (TOML's '…' strings have none).
std::string squeeze_outside_strings(std::string_view text, bool python = false);
void squeeze_outside_strings_into(std::string& out, std::string_view text, bool python = false);

std::string_view trim(std::string_view text);

// The lines of `text` without their '\n' (a final line without one counts).
std::vector<std::string_view> split_lines(std::string_view text);

}  // namespace lanemerge::core
