// Readers of the files the edge-case generators write (and of what the
// drivers make of them): every line of a file is either outside every scope
// (the "skeleton", compared as text) or part of a scope, where it is an
// entry, a comment line, a blank line or the scope's own frame. Written for
// these tests only, independent of core's parsers: keys, values and layout
// are computed here from the text. See README.md in this directory.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lanemerge::property::edge {

// How the entries of a scope are read.
enum class EntryKind {
  Requirement,  // a TOML string holding a PEP 508 requirement: keyed by its PEP 503 name
  PoetryKey,    // a `name = value` line of a Poetry table: keyed by the PEP 503 name
  Group,        // a `group = [ ... ]` line of [project.optional-dependencies]: a container
  Statement,    // an import statement: keyed by the name it binds (or `import a.b` by itself)
  ImportName,   // a name inside a from-import: keyed by the name it binds
  PyString,     // a Python string literal (any prefix, quotes, implicit concatenation): keyed by its value
  Route,        // a path()/re_path() call: keyed by its route, with its name= as a second key
};

enum class Shape {
  Bracket,  // [ ... ] or ( ... ): inline or one entry per line
  Lines,    // a TOML table body or the import block: one entry per line at column 0
  Names,    // the names of a from-import without parentheses: inline, no brackets
};

struct Layout {
  bool multiline = false;
  std::optional<std::string> indent;   // multi-line and holding an entry or a comment; "inline" when inline
  std::optional<bool> trailing_comma;  // known when holding an entry
};

struct Scope;

struct Item {
  enum Kind { Entry, Comment, Blank };
  Kind kind = Entry;
  std::string key;        // Entry: identity in its scope
  std::string value;      // Entry: meaning (decoded strings, no insignificant whitespace); "container" for containers
  std::string text;       // Entry: source text without indentation, separator comma and trailing comment;
                          // Comment: the comment, trimmed
  std::string trail;      // Entry: the comment on its line, trimmed ("" none)
  std::string indent;     // leading whitespace of its line
  std::string name;       // Route: the name= value ("" none)
  std::string sort_text;  // what a sort rule compares
  std::vector<std::string> binds;  // Statement / ImportName: "<name>\t<how>" pairs
  int line = 0;           // its first line in the file (0-based)
  int end_line = 0;       // its last line
  std::shared_ptr<Scope> child;  // a container: a group array, a from-import with several names
};

struct Scope {
  std::string id;
  Shape shape = Shape::Bracket;
  EntryKind kind = EntryKind::Requirement;
  std::string open;   // the frame before the entries, trimmed (with a comment on the opening line)
  std::string close;  // the closing bracket and the rest of its line, trimmed ("" for Lines)
  std::string open_indent, close_indent;
  int open_line = -1, close_line = -1;  // Bracket: the lines of the brackets (0-based)
  bool close_own_line = false;
  bool tuple = false;
  Layout layout;
  std::vector<Item> items;

  // Rules of the scope (from DESIGN.md and the conventions): Python lists and
  // imports are additive under either policy; order carries meaning in
  // Python lists only.
  bool additive_always = false;
  bool order_matters = false;
};

struct FileModel {
  std::string error;                   // why the text cannot be read: never acceptable in a result
  std::vector<std::string> skeleton;   // lines outside every scope; each scope is one line "\x01<id>"
  std::map<std::string, Scope> scopes;  // top-level scopes by id
  std::map<std::string, std::set<std::string>> bindings;  // Python: name → how the module binds it
  std::string line_endings;            // "LF", "CRLF", "mixed", "none"
  bool final_newline = true;
  std::vector<std::string> lines;      // the text's lines, without line endings
  std::vector<char> roles;             // per line: 'S' skeleton, 'E' holds an entry, 'C' comment,
                                       // 'B' blank, 'F' a scope's frame
};

FileModel read_pyproject(const std::string& text);

// `containers`: modules whose from-import is read as a container of names
// even when it holds one name.
FileModel read_python(const std::string& text, const std::set<std::string>& containers);

// A Python string literal element (prefixes, either quote, implicit
// concatenation): its value, or nothing when `text` is not only that.
std::optional<std::string> python_string_value(const std::string& text);

// Text without whitespace outside string literals and without comments.
std::string squeeze(const std::string& text);

}  // namespace lanemerge::property::edge
