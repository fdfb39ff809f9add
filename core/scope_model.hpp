// A document as the entry engine sees it: its text, and the scopes a rule may
// merge entry by entry. A scope's body is a sequence of items — entries (one
// requirement, one imported name, one list element, with the comment on its
// own line), comment lines and blank lines — plus the layout they are written
// in. Every byte of a body belongs to exactly one item or to its layout, so a
// body renders back to its own bytes.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string_view>
#include <unordered_map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/scope_kinds.hpp"

namespace lanemerge::core {

enum class ItemKind { Entry, Comment, Blank };

struct Item {
  ItemKind kind = ItemKind::Entry;
  // Bytes, as written in the version the item comes from.
  std::string indent;    // whitespace before the content on its first line
  std::string text;      // entry: its value (may span lines); comment: "# …"; blank: its whitespace
  std::string between;   // entry: whitespace between the value and its separator comma
  bool comma = false;    // entry: a separator comma follows the value
  std::string trailing;  // entry: after the comma (or the value) to the end of its line
  std::string eol;       // the line break ending the item ("" inline, or at the end of the text)
  std::size_t begin = 0; // offset of `text` in the document
  bool hung = false;     // entry: written on the opener's line (no indentation of its own)
  bool last = false;     // entry: the last entry of its body
  // What it means.
  std::string key;         // entries: what the entry binds (PEP 503 name, bound name, route, …)
  std::string norm;        // entries: the value's meaning; comments: the comment's text
  std::string trail_norm;  // entries: the comment on its line, trimmed ("" when none)
  std::string sort_text;   // entries: the text sorted by for kinds that sort by text
  std::vector<std::string> extra_keys;  // other names it claims (a route's `name=`)
  bool catch_all = false;  // urlpatterns: a route that matches everything after it
  // A container (a group's array, the names of a `from` statement).
  std::string child;               // id of the scope holding its entries, "" when none
  std::string child_layout;        // how the child's entries are laid out (spacing, line breaks, commas)
  std::size_t child_begin = 0;     // the child's body inside `text`
  std::size_t child_end = 0;

  bool is_entry() const { return kind == ItemKind::Entry; }
};

enum class BodyKind {
  Delimited,  // between brackets or parentheses, entries separated by commas
  Lines,      // whole lines: a `[header]` table's body, an import block
};

// How the entries of a body are written. Unknown parts (the separator of a
// list with fewer than two entries, say) are left empty: they match any.
struct Layout {
  BodyKind kind = BodyKind::Delimited;
  bool multiline = false;
  std::string eol = "\n";
  // inline delimited
  std::string open_ws;                 // between the opener and the first entry
  std::string close_ws;                // between the last entry (or its comma) and the closer
  std::optional<std::string> sep;      // whitespace after a separator comma
  // multi-line delimited
  bool hang_open = false;   // the first entry stands on the opener's line (then open_ws applies)
  bool hang_close = false;  // the closer follows the last entry on its line (then close_ws applies)
  std::string open_rest;    // after the opener through its line break (may hold a comment)
  std::string close_indent; // whitespace before the closer on its own line
  // lines
  bool final_eol = true;    // the body's last line ends with a line break
  // both
  bool tuple = false;  // a Python tuple: one entry alone keeps its comma
  std::optional<std::string> indent;
  std::optional<bool> trailing_comma;
};

struct Scope {
  std::string id;
  const ScopeKind* kind = nullptr;
  bool nested = false;           // inside another scope's entry (a group's array, an import's names)
  std::string name;              // what to call it in messages
  std::size_t body_begin = 0;
  std::size_t body_end = 0;
  Layout layout;
  std::vector<Item> items;

  std::size_t entry_count() const {
    std::size_t n = 0;
    for (const auto& i : items) n += i.is_entry() ? 1 : 0;
    return n;
  }
};

// A name bound at module level (Python): the checks compare how often the
// merge binds a name with how often any version did.
struct Binding {
  std::string name;
  std::string site;     // what binds it: "import a" for every plain `import a.x`, else the statement
  bool by_import = false;
  std::string target;   // imports: what the name is bound to ("m:x" for `from m import x`, "a" for `import a.b`)
};

struct ScopedDoc {
  std::string text;
  std::string eol = "\n";               // the text's line ending
  std::map<std::string, Scope> scopes;  // by id: top-level scopes, and children read with them
  std::vector<Binding> bindings;        // Python only
  std::string import_block;             // Python: id of the top import block scope, "" when none
  std::map<std::string, std::set<std::string>> keyed_by_text;  // scope id → keys whose entries are told apart by text

  // Children read only when a merge or a check needs them (the names of
  // each `from m import …`): the scopes whose containers hold such children,
  // and how to read one.
  std::vector<std::string> lazy_parents;
  std::function<std::optional<Scope>(const ScopedDoc&, const Item&)> read_child;

  // A scope by id, a lazy child read now if need be; null when there is none.
  const Scope* scope(const std::string& id) const;
  // The container item of a lazy child, or null.
  const Item* container_of(const std::string& child_id) const;

private:
  mutable std::map<std::string, Scope> children_read_;
  mutable std::unordered_map<std::string_view, const Item*> containers_;  // child id → container, built on first use
  mutable bool indexed_ = false;
};

}  // namespace lanemerge::core
