// The entry engine through merge_file: the three versions in, the decision
// out, for the cases that define it.
#include <catch2/catch.hpp>

#include "core/file_merge.hpp"
#include "core/rules.hpp"

using namespace lanemerge::core;

namespace {

FileMerge merge(const char* driver, const std::string& b, const std::string& o, const std::string& t,
                Policy policy = Policy::Additive) {
  RuleContext ctx;
  ctx.path = "x";
  ctx.policy = policy;
  return merge_file(*find_profile(driver), b, o, t, ctx);
}

const std::string kDeps = "[project]\nname = \"demo\"\ndependencies = [\n    \"httpx>=0.27\",\n    \"ruamel-yaml\",\n]\n";

std::string deps(const std::string& lines) {
  return "[project]\nname = \"demo\"\ndependencies = [\n" + lines + "]\n";
}

}  // namespace

TEST_CASE("the worked example: both append to a sorted array, the union is sorted") {
  auto r = merge("lanemerge-pyproject", kDeps, deps("    \"httpx>=0.27\",\n    \"ruamel-yaml\",\n    \"requests-mock\",\n"),
                 deps("    \"httpx>=0.27\",\n    \"ruamel-yaml\",\n    \"freezegun\",\n"));
  REQUIRE(r.resolution == Resolution::Auto);
  CHECK(r.text == deps("    \"freezegun\",\n    \"httpx>=0.27\",\n    \"requests-mock\",\n    \"ruamel-yaml\",\n"));
  CHECK(r.rules == std::vector<std::string>{"R-PYPROJECT-DEPS-UNION"});
}

TEST_CASE("a bump beside an addition: Manual when additive, both taken when keyed") {
  std::string b = deps("    \"a\",\n    \"b\",\n");
  std::string o = deps("    \"a\",\n    \"b>=2\",\n");
  std::string t = deps("    \"a\",\n    \"b\",\n    \"c\",\n");
  auto additive = merge("lanemerge-pyproject", b, o, t);
  CHECK(additive.resolution == Resolution::Manual);
  CHECK(additive.reason.find("ours changed b") != std::string::npos);
  auto keyed = merge("lanemerge-pyproject", b, o, t, Policy::Keyed);
  REQUIRE(keyed.resolution == Resolution::Auto);
  CHECK(keyed.text == deps("    \"a\",\n    \"b>=2\",\n    \"c\",\n"));
}

TEST_CASE("a comment after the last entry stays once, above both sides' additions") {
  std::string b = deps("    \"z\",\n    # extras below\n");
  auto r = merge("lanemerge-pyproject", b, deps("    \"z\",\n    # extras below\n    \"x\",\n"),
                 deps("    \"z\",\n    # extras below\n    \"y\",\n"));
  REQUIRE(r.resolution == Resolution::Auto);
  CHECK(r.text == deps("    \"z\",\n    # extras below\n    \"x\",\n    \"y\",\n"));
}

TEST_CASE("comments merge like text: one side's change taken, two different changes Manual") {
  std::string b = deps("    \"z\",  # pinned\n");
  std::string o = deps("    \"z\",  # pinned: see #12\n    \"x\",\n");
  auto r = merge("lanemerge-pyproject", b, o, deps("    \"z\",  # pinned\n    \"y\",\n"));
  REQUIRE(r.resolution == Resolution::Auto);
  CHECK(r.text == deps("    \"z\",  # pinned: see #12\n    \"x\",\n    \"y\",\n"));
  auto clash = merge("lanemerge-pyproject", b, o, deps("    \"z\",  # pinned for 3.8\n    \"y\",\n"));
  CHECK(clash.resolution == Resolution::Manual);
  // A value changed by one side and its comment by the other is one line changed twice.
  auto line = merge("lanemerge-pyproject", b, deps("    \"z>=2\",  # pinned\n    \"x\",\n"),
                    deps("    \"z\",  # pinned: see #12\n    \"y\",\n"), Policy::Keyed);
  CHECK(line.resolution == Resolution::Manual);
}

TEST_CASE("one side's layout change is applied to every entry") {
  std::string b = "[project]\ndependencies = [\"a\", \"b\"]\n";
  std::string o = "[project]\ndependencies = [\n    \"a\",\n    \"b\",\n    \"c\",\n]\n";
  std::string t = "[project]\ndependencies = [\"a\", \"b\", \"d\"]\n";
  auto r = merge("lanemerge-pyproject", b, o, t);
  REQUIRE(r.resolution == Resolution::Auto);
  CHECK(r.text == "[project]\ndependencies = [\n    \"a\",\n    \"b\",\n    \"c\",\n    \"d\",\n]\n");
  auto other = merge("lanemerge-pyproject", b, o, "[project]\ndependencies = [ \"a\", \"b\", \"d\" ]\n");
  CHECK(other.resolution == Resolution::Manual);
}

TEST_CASE("a one-entry base never reorders") {
  auto r = merge("lanemerge-pyproject", "[project]\ndependencies = [\"four\"]\n",
                 "[project]\ndependencies = [\"four\", \"five\"]\n", "[project]\ndependencies = [\"four\", \"six\"]\n");
  REQUIRE(r.resolution == Resolution::Auto);
  CHECK(r.text == "[project]\ndependencies = [\"four\", \"five\", \"six\"]\n");
}

TEST_CASE("lines after new Poetry groups are not a scope") {
  std::string b = "[tool.poetry.dependencies]\npython = \"^3.11\"\n";
  std::string o = b + "\n[tool.poetry.group.a.dependencies]\nx = \"*\"\n";
  std::string t = b + "\n[tool.poetry.group.b.dependencies]\ny = \"*\"\n";
  auto groups = merge("lanemerge-pyproject", b, o, t);
  REQUIRE(groups.resolution == Resolution::Auto);
  CHECK(groups.text == b + "\n[tool.poetry.group.a.dependencies]\nx = \"*\"\n\n[tool.poetry.group.b.dependencies]\ny = \"*\"\n");
  auto source = merge("lanemerge-pyproject", b, o, t + "\n[[tool.poetry.source]]\nname = \"corp\"\n");
  CHECK(source.resolution == Resolution::Manual);
  CHECK(source.reason.find("outside the mergeable scopes") != std::string::npos);
}

TEST_CASE("Python string keys compare by value; the same value twice is one entry") {
  std::string b = "INSTALLED_APPS = [\n    \"core\",\n]\n";
  auto r = merge("lanemerge-urls", b, "INSTALLED_APPS = [\n    \"core\",\n    \"billing\",\n]\n",
                 "INSTALLED_APPS = [\n    \"core\",\n    'billing',\n]\n");
  REQUIRE(r.resolution == Resolution::Auto);
  CHECK(r.text == "INSTALLED_APPS = [\n    \"core\",\n    \"billing\",\n]\n");
}

TEST_CASE("routes are keyed positionally or by keyword") {
  std::string b = "urlpatterns = [\n    path(\"\", v.index),\n]\n";
  auto r = merge("lanemerge-urls", b, "urlpatterns = [\n    path(\"\", v.index),\n    path(\"x/\", v.a),\n]\n",
                 "urlpatterns = [\n    path(\"\", v.index),\n    path(route=\"x/\", view=v.b),\n]\n");
  CHECK(r.resolution == Resolution::Manual);
}

TEST_CASE("Python lists are additive under the keyed policy too") {
  std::string b = "X = [\n    \"a\",\n    \"b\",\n]\n";
  auto r = merge("lanemerge-urls", b, "X = [\n    \"a\",\n    \"b2\",\n]\n", "X = [\n    \"a\",\n    \"b\",\n    \"c\",\n]\n",
                 Policy::Keyed);
  CHECK(r.resolution == Resolution::Manual);
}

TEST_CASE("a catch-all added by one side may not hide the other side's routes") {
  std::string b = "urlpatterns = [\n    path(\"\", v.index),\n]\n";
  std::string catch_all = "urlpatterns = [\n    path(\"\", v.index),\n    re_path(r\"^(?P<rest>.*)$\", v.spa),\n]\n";
  std::string route = "urlpatterns = [\n    path(\"\", v.index),\n    path(\"about/\", v.about),\n]\n";
  CHECK(merge("lanemerge-urls", b, catch_all, route).resolution == Resolution::Manual);
  CHECK(merge("lanemerge-urls", b, route, catch_all).resolution == Resolution::Manual);
  std::string specific = "urlpatterns = [\n    path(\"\", v.index),\n    re_path(r\"^blog/(?P<slug>.*)$\", v.blog),\n]\n";
  CHECK(merge("lanemerge-urls", b, specific, route).resolution == Resolution::Auto);
}

TEST_CASE("an import may not bind a name the other side binds another way") {
  std::string b = "from .a import A\n\nX = 1\n";
  std::string o = "from .a import A\nfrom .client import Client\n\nX = 1\n";
  std::string t = "from .a import A\nfrom .b import B\n\nX = 1\nClient = B\n";
  CHECK(merge("lanemerge-pyinit", b, o, t).resolution == Resolution::Manual);
  // Plain imports of one root bind the one package.
  auto xml = merge("lanemerge-pyinit", "import os\n", "import os\nimport xml.dom\n", "import os\nimport xml.sax\n");
  REQUIRE(xml.resolution == Resolution::Auto);
  CHECK(xml.text == "import os\nimport xml.dom\nimport xml.sax\n");
}

TEST_CASE("both sides extending one import statement keep its comment and its other changes") {
  std::string b = "from .models import A, B\n";
  auto r = merge("lanemerge-pyinit", b, "from .models import A, B, C  # noqa: F401\n", "from .models import A, B, D\n");
  REQUIRE(r.resolution == Resolution::Auto);
  CHECK(r.text == "from .models import A, B, C, D  # noqa: F401\n");
}

TEST_CASE("the counter-example: a rename beside an insertion is Manual under both policies") {
  std::string b = "from .auth import AuthFlow\nfrom .flags import FeatureFlags\n";
  std::string o = "from .auth import OAuthFlow\nfrom .flags import FeatureFlags\n";
  std::string t = "from .auth import AuthFlow\nfrom .api import Api\nfrom .flags import FeatureFlags\n";
  CHECK(merge("lanemerge-pyinit", b, o, t).resolution == Resolution::Manual);
  CHECK(merge("lanemerge-pyinit", b, o, t, Policy::Keyed).resolution == Resolution::Manual);
}

TEST_CASE("merging A into B and B into A gives the same entries") {
  std::string b = deps("    \"a\",\n");
  std::string o = deps("    \"a\",\n    \"x\",\n");
  std::string t = deps("    \"a\",\n    \"y\",\n");
  auto ab = merge("lanemerge-pyproject", b, o, t);
  auto ba = merge("lanemerge-pyproject", b, t, o);
  REQUIRE(ab.resolution == Resolution::Auto);
  REQUIRE(ba.resolution == Resolution::Auto);
  CHECK(ab.text == deps("    \"a\",\n    \"x\",\n    \"y\",\n"));
  CHECK(ba.text == deps("    \"a\",\n    \"y\",\n    \"x\",\n"));
}
