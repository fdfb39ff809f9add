#include <catch2/catch.hpp>

#include "core/python_scopes.hpp"
#include "core/python_syntax.hpp"
#include "core/rule_python.hpp"

using namespace lanemerge::core;

namespace {

PythonScopeOptions all_scopes() {
  PythonScopeOptions o;
  o.imports_rule = "R-INIT-IMPORTS-UNION";
  o.lists = true;
  return o;
}

}  // namespace

TEST_CASE("the top import block starts after the docstring and __future__ imports") {
  std::string src =
      "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\nimport os\nfrom .x import (\n    A,\n    B as C,\n)\n"
      "# note\nimport numpy as np\n\nVALUE = 1\nimport late\n";
  auto doc = read_python(src, all_scopes());
  REQUIRE(doc.ok());
  REQUIRE(doc->has_block);
  CHECK(src.substr(doc->block_begin, doc->block_end - doc->block_begin) ==
        "import os\nfrom .x import (\n    A,\n    B as C,\n)\n# note\nimport numpy as np\n");
  const Scope& block = doc->doc.scopes.at(kImportScope);
  REQUIRE(block.entries.size() == 3);
  CHECK(block.entries[1].key == "from .x");
  CHECK(block.entries[1].container);
  const Scope& names = doc->doc.scopes.at(std::string(kImportScope) + "/from .x");
  REQUIRE(names.entries.size() == 2);
  CHECK(names.entries[1].key == "C");
  CHECK(doc->bindings.at("np") == 1);
  CHECK(doc->bindings.at("C") == 1);
  CHECK(doc->bindings.count("late") == 0);  // below the block
}

TEST_CASE("list constants, routes and route names") {
  std::string src =
      "urlpatterns = [\n    path(\"a/\", v.a, name=\"a\"),\n    re_path(r\"^b/$\", v.b),\n]\n"
      "urlpatterns += [url(r\"^c/$\", v.c, name=\"c\")]\nlower = [1]\nINSTALLED_APPS = [\"x\"]\n";
  auto doc = read_python(src, all_scopes());
  REQUIRE(doc.ok());
  CHECK(doc->doc.scopes.count("list urlpatterns ="));
  CHECK(doc->doc.scopes.count("list urlpatterns += #0"));
  CHECK(doc->doc.scopes.count("list INSTALLED_APPS ="));
  CHECK_FALSE(doc->doc.scopes.count("list lower ="));
  const auto& keys = doc->list_keys.at("list urlpatterns =");
  CHECK(keys.at("route \"a/\"") == 1);
  CHECK(keys.at("name \"a\"") == 1);
  CHECK(keys.at("route r\"^b/$\"") == 1);
}

TEST_CASE("syntax errors are reported, not merged") {
  CHECK_FALSE(python_syntax_problem("def f(:\n").empty());
  CHECK(python_syntax_problem("x = [1, 2]\n").empty());
  CHECK_FALSE(read_python("import (\n", all_scopes()).ok());
}

TEST_CASE("only the top import block is taken from ruff's output") {
  std::string merged = "\"\"\"D.\"\"\"\nimport sys\nimport os\n\ndef f():\n    import b, a\n";
  std::string ruff = "\"\"\"D.\"\"\"\nimport os\nimport sys\n\n\ndef f():\n    import a\n    import b\n";
  std::string out, why;
  REQUIRE(take_import_block(merged, ruff, out, why));
  CHECK(out == "\"\"\"D.\"\"\"\nimport os\nimport sys\n\ndef f():\n    import b, a\n");
  std::string changed_before = "\"\"\"Other.\"\"\"\nimport os\nimport sys\n";
  CHECK_FALSE(take_import_block(merged, changed_before, out, why));
  CHECK_FALSE(take_import_block(merged, "import (\n", out, why));
}

TEST_CASE("two sides binding one name to different modules is a clash") {
  RuleContext ctx;
  ctx.path = "pkg/__init__.py";
  ctx.enabled = {"R-INIT-IMPORTS-UNION", "R-URLS-LIST-UNION"};
  std::string base = "from .a import A\n";
  auto r = rule_init_imports_union(RuleInput{base, base + "from .x import Client\n", base + "from .y import Client\n", 1}, ctx);
  CHECK(r.resolution == Resolution::Manual);
  CHECK(r.reason.find("Client") != std::string::npos);
}

TEST_CASE("every name of a multi-name import statement is bound") {
  auto doc = read_python("import os, sys as system, xml.dom\n", all_scopes());
  REQUIRE(doc.ok());
  CHECK(doc->bindings.at("os") == 1);
  CHECK(doc->bindings.at("system") == 1);
  CHECK(doc->bindings.at("xml.dom") == 1);
  CHECK(doc->bindings.count("sys") == 0);
}
