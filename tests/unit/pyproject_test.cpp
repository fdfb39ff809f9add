#include <catch2/catch.hpp>

#include "core/rule_pyproject.hpp"
#include "core/toml_scopes.hpp"

using namespace lanemerge::core;

namespace {

RuleResult run(const std::string& b, const std::string& o, const std::string& t, Policy p = Policy::Additive) {
  RuleContext ctx;
  ctx.path = "pyproject.toml";
  ctx.policy = p;
  return rule_pyproject_deps_union(RuleInput{b, o, t, 1}, ctx);
}

}  // namespace

TEST_CASE("scopes are found in header, inline and poetry forms") {
  auto doc = read_pyproject(
      "[project]\ndependencies = [\"a\", \"b\"]\noptional-dependencies = { dev = [\"x\"] }\n"
      "[build-system]\nrequires = [\"setuptools\"]\n"
      "[dependency-groups]\ntest = [\"pytest\", {include-group = \"dev\"}]\n"
      "[tool.poetry.dependencies]\npython = \"^3.11\"\nrequests = { version = \"^2\", extras = [\"socks\"] }\n"
      "[tool.poetry.group.lint.dependencies]\nruff = \"*\"\n");
  REQUIRE(doc.ok());
  for (const char* id : {"project.dependencies", "project.optional-dependencies", "project.optional-dependencies.dev",
                         "build-system.requires", "dependency-groups", "dependency-groups.test",
                         "tool.poetry.dependencies", "tool.poetry.group.lint.dependencies"})
    CHECK(doc->scopes.count(id) == 1);
  const auto& test = doc->scopes.at("dependency-groups.test");
  REQUIRE(test.entries.size() == 2);
  CHECK(test.entries[1].key == "include-group:dev");
  const auto& poetry = doc->scopes.at("tool.poetry.dependencies");
  REQUIRE(poetry.entries.size() == 2);
  CHECK(poetry.entries[1].key == "requests");
}

TEST_CASE("invalid TOML is reported as a parse error") {
  auto doc = read_pyproject("[project\n");
  REQUIRE_FALSE(doc.ok());
  CHECK(doc.error().kind == "parse");
}

TEST_CASE("inline arrays keep their layout") {
  auto r = run("[project]\ndependencies = [\"a\", \"c\"]\n", "[project]\ndependencies = [\"a\", \"c\", \"d\"]\n",
               "[project]\ndependencies = [\"a\", \"c\", \"b\"]\n");
  REQUIRE(r.resolution == Resolution::Auto);
  CHECK(r.merged == "[project]\ndependencies = [\"a\", \"b\", \"c\", \"d\"]\n");
}

TEST_CASE("a change outside the scopes that conflicts is Manual") {
  auto r = run("[project]\nversion = \"1\"\n", "[project]\nversion = \"2\"\n", "[project]\nversion = \"3\"\n");
  CHECK(r.resolution == Resolution::Manual);
  CHECK(r.reason.find("outside the mergeable scopes") != std::string::npos);
}

TEST_CASE("a removed scope that the other side changed is Manual") {
  std::string base = "[project]\nname = \"x\"\n\n[tool.poetry.dependencies]\na = \"1\"\n\n[tool.x]\nk = 1\n";
  std::string ours = "[project]\nname = \"x\"\n\n[tool.x]\nk = 2\n";
  std::string theirs = "[project]\nname = \"x\"\n\n[tool.poetry.dependencies]\na = \"1\"\nb = \"2\"\n\n[tool.x]\nk = 1\n";
  auto r = run(base, ours, theirs);
  CHECK(r.resolution == Resolution::Manual);
}

TEST_CASE("running on its own output is the identity") {
  std::string text = "[project]\ndependencies = [\n  \"a\",\n  \"b\",\n]\n";
  auto r = run(text, text, text);
  REQUIRE(r.resolution == Resolution::Auto);
  CHECK(r.merged == text);
}
