#include <catch2/catch.hpp>

#include "core/file_merge.hpp"
#include "core/python_scopes.hpp"
#include "core/rules.hpp"
#include "core/toml_scopes.hpp"

using namespace lanemerge::core;

namespace {

ScopedDoc read(const char* driver, const std::string& text) {
  auto doc = read_document(*find_profile(driver), text);
  REQUIRE(doc.ok());
  return std::move(doc.value());
}

std::vector<std::string> keys(const Scope& s) {
  std::vector<std::string> out;
  for (const auto& i : s.items)
    if (i.is_entry()) out.push_back(i.key);
  return out;
}

}  // namespace

TEST_CASE("pyproject scopes come from the scope-kind table, in every form") {
  auto doc = read("lanemerge-pyproject",
                  "[project]\ndependencies = [\"Ruamel.YAML>=0.18\", 'httpx']\n"
                  "optional-dependencies.test = [\"pytest\"]\n\n"
                  "[build-system]\nrequires = [\"hatchling\"]\n\n"
                  "[tool.poetry.dependencies]\npython = \"^3.11\"\nDjango = {version = \"^4.2\"}\n"
                  "# pinned below\n\n[tool.poetry.group.dev.dependencies]\nruff = \"*\"\n\n[tool.black]\nline-length = 99\n");
  CHECK(keys(doc.scopes.at("project.dependencies")) == std::vector<std::string>{"ruamel-yaml", "httpx"});
  CHECK(doc.scopes.at("project.dependencies").items[1].norm == "\"httpx\"");
  CHECK(doc.scopes.count("project.optional-dependencies.test") == 1);
  CHECK(doc.scopes.count("build-system.requires") == 1);
  const Scope& poetry = doc.scopes.at("tool.poetry.dependencies");
  CHECK(keys(poetry) == std::vector<std::string>{"python", "django"});
  // The comment after the last key belongs to the table; the blank line does not.
  CHECK(poetry.items.back().kind == ItemKind::Comment);
  CHECK(doc.scopes.count("tool.poetry.group.dev.dependencies") == 1);
  CHECK(doc.scopes.count("tool.black") == 0);
}

TEST_CASE("invalid TOML is a parse error") {
  auto doc = read_toml("[project\n", pyproject_kinds());
  REQUIRE_FALSE(doc.ok());
  CHECK(doc.error().kind == "parse");
}

TEST_CASE("the top import block and its statements") {
  auto doc = read("lanemerge-pyinit",
                  "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\nimport os\nfrom .x import (\n    A,\n    B as C,\n)\n"
                  "# note\nimport numpy as np  # noqa\n# after the last import\n\n# about VALUE\nVALUE = 1\nimport late\n");
  const Scope& block = doc.scopes.at("imports");
  CHECK(keys(block) == std::vector<std::string>{"import os", "from .x", "import numpy as np"});
  CHECK(block.items.back().norm == "# after the last import");
  CHECK(doc.scopes.count("imports/from .x") == 0);  // read when needed
  const Scope* names = doc.scope("imports/from .x");
  REQUIRE(names);
  CHECK(keys(*names) == std::vector<std::string>{"A", "C"});
  CHECK(doc.text.substr(names->body_begin, names->body_end - names->body_begin) == "\n    A,\n    B as C,\n");
  std::vector<std::string> bound;
  for (const auto& b : doc.bindings) bound.push_back(b.name);
  CHECK(bound == std::vector<std::string>{"os", "A", "C", "np", "VALUE", "late"});
}

TEST_CASE("list constants: values, routes, names and catch-alls") {
  auto doc = read("lanemerge-urls",
                  "urlpatterns = [\n    path(\"\", v.index, name='index'),\n    path(route=\"a/\", view=v.a),\n"
                  "    path(\"<path:rest>\", v.spa),\n    re_path(r\"^(?P<x>.+)$\", v.any),\n    path(\"\", include(\"x.urls\")),\n]\n"
                  "__all__ = (\"A\", 'B')\n");
  const Scope& urls = doc.scopes.at("list urlpatterns =");
  CHECK(keys(urls) == std::vector<std::string>{"route s:", "route s:a/", "route s:<path:rest>", "route s:^(?P<x>.+)$", "route s:"});
  std::vector<bool> catch_all;
  for (const auto& i : urls.items)
    if (i.is_entry()) catch_all.push_back(i.catch_all);
  CHECK(catch_all == std::vector<bool>{false, false, true, true, true});
  CHECK(urls.items[0].extra_keys == std::vector<std::string>{"route s:", "name s:index"});
  const Scope& all = doc.scopes.at("list __all__ =");
  CHECK(all.layout.tuple);
  CHECK(keys(all) == std::vector<std::string>{"s:A", "s:B"});
}

TEST_CASE("syntax errors are reported, not merged") {
  auto doc = read_python("def f(:\n", scope_kinds_of("lanemerge-pyinit"));
  REQUIRE_FALSE(doc.ok());
  CHECK(doc.error().message.find("line 1") != std::string::npos);
}

TEST_CASE("the import block's bytes for ruff's output") {
  auto r = import_block_range("\"\"\"d\"\"\"\nimport b\nimport a  # x\n\nX = 1\n");
  REQUIRE(r);
  CHECK(r->first == 8);
  CHECK(r->second == 8 + 9 + 14);
}
