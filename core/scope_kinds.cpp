#include "core/scope_kinds.hpp"

namespace lanemerge::core {

const std::vector<ScopeKind>& scope_kinds() {
  // clang-format off
  static const std::vector<ScopeKind> kinds = {
      // pyproject.toml (R-PYPROJECT-DEPS-UNION)
      {"pyproject.requirements", "lanemerge-pyproject", Reader::Toml, Selector::TomlArray,
       {"project.dependencies", "build-system.requires", "project.optional-dependencies.*", "dependency-groups.*"},
       KeyRule::Pep503Name, Order::SortIfBaseSorted, SortBy::Key, RepeatedKeys::Variants,
       true, false, false, "R-PYPROJECT-DEPS-UNION", Validator::Toml, PostStep::None, Action::RelockBesideLock},
      {"pyproject.groups", "lanemerge-pyproject", Reader::Toml, Selector::TomlGroupTable,
       {"project.optional-dependencies", "dependency-groups"},
       KeyRule::GroupName, Order::SortIfBaseSorted, SortBy::Key, RepeatedKeys::Variants,
       true, true, false, "R-PYPROJECT-DEPS-UNION", Validator::Toml, PostStep::None, Action::RelockBesideLock},
      {"pyproject.poetry", "lanemerge-pyproject", Reader::Toml, Selector::TomlPackageTable,
       {"tool.poetry.dependencies", "tool.poetry.dev-dependencies", "tool.poetry.group.*.dependencies"},
       KeyRule::Pep503Name, Order::SortIfBaseSorted, SortBy::Key, RepeatedKeys::Variants,
       true, false, false, "R-PYPROJECT-DEPS-UNION", Validator::Toml, PostStep::None, Action::RelockBesideLock},

      // package __init__.py (R-INIT-IMPORTS-UNION, R-URLS-LIST-UNION)
      {"init.imports", "lanemerge-pyinit", Reader::Python, Selector::PyImportBlock, {},
       KeyRule::ImportStatement, Order::SortIfBaseSorted, SortBy::Text, RepeatedKeys::ByText,
       false, true, false, "R-INIT-IMPORTS-UNION", Validator::Python, PostStep::RuffImports, Action::None},
      {"init.import-names", "lanemerge-pyinit", Reader::Python, Selector::PyImportNames, {},
       KeyRule::BoundName, Order::SortIfBaseSorted, SortBy::Key, RepeatedKeys::Variants,
       false, true, false, "R-INIT-IMPORTS-UNION", Validator::Python, PostStep::RuffImports, Action::None},
      {"init.urlpatterns", "lanemerge-pyinit", Reader::Python, Selector::PyListConstant, {"urlpatterns"},
       KeyRule::PythonValue, Order::SortIfAllSorted, SortBy::Text, RepeatedKeys::Variants,
       false, false, true, "R-URLS-LIST-UNION", Validator::Python, PostStep::None, Action::None},
      {"init.lists", "lanemerge-pyinit", Reader::Python, Selector::PyListConstant, {"*"},
       KeyRule::PythonValue, Order::SortIfAllSorted, SortBy::Text, RepeatedKeys::Variants,
       false, false, false, "R-URLS-LIST-UNION", Validator::Python, PostStep::None, Action::None},

      // urls.py and other Python files (R-URLS-LIST-UNION, R-PY-IMPORTS-UNION)
      {"urls.urlpatterns", "lanemerge-urls", Reader::Python, Selector::PyListConstant, {"urlpatterns"},
       KeyRule::PythonValue, Order::SortIfAllSorted, SortBy::Text, RepeatedKeys::Variants,
       false, false, true, "R-URLS-LIST-UNION", Validator::Python, PostStep::None, Action::None},
      {"urls.lists", "lanemerge-urls", Reader::Python, Selector::PyListConstant, {"*"},
       KeyRule::PythonValue, Order::SortIfAllSorted, SortBy::Text, RepeatedKeys::Variants,
       false, false, false, "R-URLS-LIST-UNION", Validator::Python, PostStep::None, Action::None},
      {"urls.imports", "lanemerge-urls", Reader::Python, Selector::PyImportBlock, {},
       KeyRule::ImportStatement, Order::SortIfBaseSorted, SortBy::Text, RepeatedKeys::ByText,
       false, true, false, "R-PY-IMPORTS-UNION", Validator::Python, PostStep::RuffImports, Action::None},
      {"urls.import-names", "lanemerge-urls", Reader::Python, Selector::PyImportNames, {},
       KeyRule::BoundName, Order::SortIfBaseSorted, SortBy::Key, RepeatedKeys::Variants,
       false, true, false, "R-PY-IMPORTS-UNION", Validator::Python, PostStep::RuffImports, Action::None},

      // locks (R-UVLOCK-REGENERATE)
      {"uv.lock", "lanemerge-uvlock", Reader::Lock, Selector::WholeFile, {},
       KeyRule::None, Order::SortIfBaseSorted, SortBy::Key, RepeatedKeys::Variants,
       false, false, false, "R-UVLOCK-REGENERATE", Validator::None, PostStep::None, Action::RegenerateLock},
  };
  // clang-format on
  return kinds;
}

std::vector<const ScopeKind*> scope_kinds_of(std::string_view driver) {
  std::vector<const ScopeKind*> out;
  for (const auto& k : scope_kinds())
    if (k.driver == driver) out.push_back(&k);
  return out;
}

const ScopeKind* find_scope_kind(std::string_view id) {
  for (const auto& k : scope_kinds())
    if (k.id == id) return &k;
  return nullptr;
}

}  // namespace lanemerge::core
