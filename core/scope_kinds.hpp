// What the drivers merge, declared as data: one row per kind of scope (which
// file and which part of it, how it is read, what an entry's key is, how the
// merged entries are ordered, which rule is credited, how the result is
// validated, what runs after the merge and which action it records). The
// readers, the entry engine, the checks and the driver run all read this
// table; a new kind of file is a reader plus rows here.
#pragma once

#include <string_view>
#include <vector>

namespace lanemerge::core {

// How a file is read into scopes.
enum class Reader {
  Toml,    // pyproject.toml with toml++
  Python,  // Python source with tree-sitter
  Lock,    // a lock file: never read, never merged as text
};

// Which part of a file a row selects (the reader knows how to find it).
enum class Selector {
  TomlArray,        // an array of requirements at one of `paths` (or a group's array)
  TomlGroupTable,   // a table whose keys are group names, at one of `paths`
  TomlPackageTable, // a table whose keys are package names, at one of `paths` (`*` = any key)
  PyImportBlock,    // the top import block of a module
  PyImportNames,    // the names of one `from m import …` statement of that block
  PyListConstant,   // `urlpatterns`, `__all__`, UPPER_CASE = [ … ] / ( … ) / += [ … ]
  WholeFile,        // the lock kinds
};

enum class KeyRule {
  Pep503Name,      // PEP 508 requirement: its normalized name
  GroupName,       // a group of a table of groups
  ImportStatement, // an import statement: `import a.b` / `from m` (names merged inside)
  BoundName,       // an imported name: the name it binds
  PythonValue,     // a list element: decoded literal value, or the route of path()/re_path()/url()
  None,
};

enum class Order {
  SortIfBaseSorted,  // order carries no meaning: sorted when the base (>= 2 entries) is
  SortIfAllSorted,   // order can matter: sorted only when base (>= 2), ours and theirs are
};

enum class SortBy { Key, Text };

// What a key that occurs more than once in some version means.
enum class RepeatedKeys {
  Variants,  // marker variants (numpy<2; … / numpy>=2; …): matched by text, untouchable in a conflict
  ByText,    // ordinary entries told apart by their whole text (several `from m import x as y`)
};

enum class Validator { None, Toml, Python };

enum class PostStep {
  None,
  RuffImports,  // ruff's import order for a merged import block
};

enum class Action {
  None,
  RelockBesideLock,  // both sides changed dependencies: regenerate the lock beside this file
  RegenerateLock,    // the file is a lock: regenerate it before the merge is committed
};

struct ScopeKind {
  std::string_view id;
  std::string_view driver;  // the executable that merges it
  Reader reader;
  Selector selector;
  std::vector<std::string_view> paths;  // TOML tables/arrays the selector looks at
  KeyRule key;
  Order order;
  SortBy sort_by;
  RepeatedKeys repeated;
  bool keyed_policy;    // `lanemerge.policy = keyed` applies (package names only)
  bool union_when_new;  // both sides adding the scope: a union, not a clash
  bool catch_all_order; // urlpatterns: a new catch-all may not hide the other side's routes
  std::string_view rule;  // credited with the conflicts resolved in it
  Validator validator;
  PostStep post;
  Action action;
};

// The table, in the order the readers look for scopes.
const std::vector<ScopeKind>& scope_kinds();

// The rows of one driver.
std::vector<const ScopeKind*> scope_kinds_of(std::string_view driver);

// The row of a scope kind by id, or null.
const ScopeKind* find_scope_kind(std::string_view id);

}  // namespace lanemerge::core
