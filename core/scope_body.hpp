// Bodies of scopes: split into items around the entries' values, written
// back in a layout, and the three-way merge of layouts. Text splices only:
// an item keeps its own bytes unless the merged layout asks for other
// indentation, separators or line endings.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/scope_model.hpp"

namespace lanemerge::core {

struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Splits [body_begin, body_end) of `text` into items: one per entry (the
// value spans, in order) and one per comment or blank line between them.
// `eol` is the document's line ending. Returns "" or why the body cannot be
// merged entry by entry (two entries on one line, a separator out of place,
// code between entries, …).
std::string read_body(std::string_view text, std::size_t body_begin, std::size_t body_end, BodyKind kind,
                      const std::vector<Span>& entries, std::string_view eol, Layout& layout, std::vector<Item>& items);

// Where a `Lines` body ends after its last entry, whose line ends at `from`
// (a line start): comment lines that follow belong to the body, except a
// comment block that sits directly above the next header or statement (at
// `limit`, a line start; `limit` = text size at the end of the text) with a
// blank line before it. Blank lines at the end stay outside.
std::size_t end_of_trailing_trivia(std::string_view text, std::size_t from, std::size_t limit);

// The shape of a container's body, its tokens blanked out: what changes when
// a side re-indents it, breaks it into lines or adds a trailing comma.
std::string layout_signature(std::string_view body);

// One item to write, with what the merge decided for it.
struct RenderItem {
  const Item* item = nullptr;
  const Layout* from = nullptr;          // the layout of the version it comes from
  std::optional<std::string> text;       // replaces item->text (a merged container)
  std::optional<std::string> trailing;   // replaces item->trailing (another version's comment)
};

// Writes `items` in `layout`. Returns "" or why they cannot be written so (a
// comment in an inline list, a value that cannot be re-indented, …).
std::string render_body(const Layout& layout, const std::vector<RenderItem>& items, std::string& out);

// The layout of the merge: one side's change wins; both sides changing it
// differently is a conflict (nullopt, with why). `base` may be null (both
// sides added the scope).
std::optional<Layout> merge_layouts(const Layout* base, const Layout& ours, const Layout& theirs, std::string& why);

}  // namespace lanemerge::core
