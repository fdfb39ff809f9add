// The edge-case oracle judged on hand-written merges, without any driver:
// it must accept the right result and name what is wrong in each wrong one,
// so that a driver's mistake cannot pass through a blind spot of the oracle.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "edge_generators.hpp"
#include "edge_model.hpp"
#include "edge_oracle.hpp"

using namespace lanemerge::property::edge;

namespace {

FileModel toml(const std::string& text) { return read_pyproject(text); }
FileModel py(const std::string& text) { return read_python(text, container_modules()); }

struct Judged {
  Judgement j;
  std::vector<std::string> failures;
};

Judged judge(FileModel (*read)(const std::string&), const std::string& base, const std::string& ours,
             const std::string& theirs, const std::string& result, bool keyed = false) {
  FileModel b = read(base), o = read(ours), t = read(theirs), r = read(result);
  Oracle oracle(b, o, t, keyed);
  Judged out{oracle.judgement(), oracle.check(r)};
  return out;
}

std::string all(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

bool mentions(const std::vector<std::string>& v, const std::string& what) {
  for (const auto& s : v)
    if (s.find(what) != std::string::npos) return true;
  return false;
}

const std::string kHead = "[project]\nname = \"demo\"\nversion = \"1.0\"\nrequires-python = \">=3.9\"\n";

std::string deps(const std::string& body) { return kHead + "dependencies = [\n" + body + "]\n\n[tool.ruff]\nline-length = 80\n"; }

}  // namespace

TEST_CASE("edge oracle: a comment after the last entry, both sides appending below it", "[property][oracle]") {
  std::string base = deps("    \"a\",\n    # extras below\n");
  std::string ours = deps("    \"a\",\n    # extras below\n    \"b\",\n");
  std::string theirs = deps("    \"a\",\n    # extras below\n    \"c\",\n");
  SECTION("the union keeps the comment once and both additions") {
    auto r = judge(toml, base, ours, theirs, deps("    \"a\",\n    # extras below\n    \"b\",\n    \"c\",\n"));
    INFO(all(r.j.manual) << all(r.j.either) << all(r.failures));
    CHECK(r.j.manual.empty());
    CHECK(r.j.either.empty());
    CHECK(r.failures.empty());
  }
  SECTION("the comment may also stay last, as the container's own line") {
    auto r = judge(toml, base, ours, theirs, deps("    \"a\",\n    \"b\",\n    \"c\",\n    # extras below\n"));
    INFO(all(r.failures));
    CHECK(r.failures.empty());
  }
  SECTION("but not between the two sides' additions") {
    auto r = judge(toml, base, ours, theirs, deps("    \"a\",\n    \"b\",\n    # extras below\n    \"c\",\n"));
    CHECK(mentions(r.failures, "order of ours is not kept"));
  }
  SECTION("the comment twice") {
    auto r = judge(toml, base, ours, theirs,
                   deps("    \"a\",\n    # extras below\n    \"b\",\n    # extras below\n    \"c\",\n"));
    CHECK(mentions(r.failures, "appears 2 times"));
  }
  SECTION("a blank line nobody wrote") {
    auto r = judge(toml, base, ours, theirs, deps("    \"a\",\n    # extras below\n    \"b\",\n\n    \"c\",\n"));
    CHECK(mentions(r.failures, "blank lines"));
  }
  SECTION("an entry at column 0 and one re-quoted") {
    auto r = judge(toml, base, ours, theirs, deps("    \"a\",\n    # extras below\n\"b\",\n    'c',\n"));
    CHECK(mentions(r.failures, "column 0"));
    CHECK(mentions(r.failures, "is written `'c'`"));
  }
  SECTION("a line outside the scopes nobody wrote") {
    std::string result = deps("    \"a\",\n    # extras below\n    \"b\",\n    \"c\",\n") + "# merged by lanemerge\n";
    auto r = judge(toml, base, ours, theirs, result);
    CHECK(mentions(r.failures, "not git's merge of them"));
    CHECK(mentions(r.failures, "in none of base, ours, theirs"));
  }
}

TEST_CASE("edge oracle: one side's comment above an entry survives the other side's additions", "[property][oracle]") {
  std::string base = deps("    \"a\",\n    \"b\",\n");
  std::string ours = deps("    \"a\",\n    # pinned\n    \"b\",\n    \"c\",\n");
  std::string theirs = deps("    \"a\",\n    \"b\",\n    \"d\",\n");
  auto right = judge(toml, base, ours, theirs, deps("    \"a\",\n    # pinned\n    \"b\",\n    \"c\",\n    \"d\",\n"));
  INFO(all(right.j.manual) << all(right.failures));
  CHECK(right.j.manual.empty());
  CHECK(right.failures.empty());
  auto lost = judge(toml, base, ours, theirs, deps("    \"a\",\n    \"b\",\n    \"c\",\n    \"d\",\n"));
  CHECK(mentions(lost.failures, "appears 0 times, expected 1"));
  auto moved = judge(toml, base, ours, theirs, deps("    \"a\",\n    \"b\",\n    # pinned\n    \"c\",\n    \"d\",\n"));
  CHECK(mentions(moved.failures, "sits above c"));
  auto changed_both = judge(toml, deps("    \"a\",\n    # old\n    \"b\",\n"), deps("    \"a\",\n    # mine\n    \"b\",\n    \"c\",\n"),
                            deps("    \"a\",\n    # yours\n    \"b\",\n    \"d\",\n"), deps("    \"a\",\n    \"b\",\n"));
  CHECK(mentions(changed_both.j.manual, "both sides added different comment lines above b"));
}

TEST_CASE("edge oracle: order, sorting and the one-entry base", "[property][oracle]") {
  std::string base = deps("    \"four\",\n");
  std::string ours = deps("    \"four\",\n    \"five\",\n");
  std::string theirs = deps("    \"four\",\n    \"six\",\n");
  auto sorted = judge(toml, base, ours, theirs, deps("    \"five\",\n    \"four\",\n    \"six\",\n"));
  CHECK(mentions(sorted.failures, "order of ours is not kept"));
  auto kept = judge(toml, base, ours, theirs, deps("    \"four\",\n    \"five\",\n    \"six\",\n"));
  INFO(all(kept.failures));
  CHECK(kept.failures.empty());
  // A sorted base of two: sorting is allowed, and so is insertion order.
  std::string b2 = deps("    \"httpx>=0.27\",\n    \"ruamel-yaml\",\n");
  std::string o2 = deps("    \"httpx>=0.27\",\n    \"ruamel-yaml\",\n    \"requests-mock\",\n");
  std::string t2 = deps("    \"httpx>=0.27\",\n    \"ruamel-yaml\",\n    \"freezegun\",\n");
  auto worked = judge(toml, b2, o2, t2,
                      deps("    \"freezegun\",\n    \"httpx>=0.27\",\n    \"requests-mock\",\n    \"ruamel-yaml\",\n"));
  INFO(all(worked.failures));
  CHECK(worked.failures.empty());
  std::string b3 = deps("    \"ruamel-yaml\",\n");
  auto counter = judge(toml, b3, deps("    \"ruamel-yaml\",\n    \"httpx>=0.27\",\n"),
                       deps("    \"ruamel-yaml\",\n    \"httpx>=0.28\",\n"), b3);
  CHECK(counter.j.invalid.empty());
  CHECK(mentions(counter.j.manual, "both sides changed httpx"));
}

TEST_CASE("edge oracle: keyed applies to pyproject only", "[property][oracle]") {
  std::string base = deps("    \"a>=1\",\n    \"b>=1\",\n");
  std::string ours = deps("    \"a>=1\",\n    \"b>=2\",\n");
  std::string theirs = deps("    \"a>=1\",\n    \"b>=1\",\n    \"c>=1\",\n");
  std::string result = deps("    \"a>=1\",\n    \"b>=2\",\n    \"c>=1\",\n");
  CHECK(!judge(toml, base, ours, theirs, result, false).j.manual.empty());
  auto keyed = judge(toml, base, ours, theirs, result, true);
  INFO(all(keyed.j.manual) << all(keyed.failures));
  CHECK(keyed.j.manual.empty());
  CHECK(keyed.failures.empty());
  std::string pb = "__all__ = [\n    \"A\",\n    \"B\",\n]\n";
  std::string po = "__all__ = [\n    \"A\",\n    \"C\",\n]\n";
  std::string pt = "__all__ = [\n    \"A\",\n    \"B\",\n    \"D\",\n]\n";
  CHECK(!judge(py, pb, po, pt, "__all__ = [\n    \"A\",\n    \"C\",\n    \"D\",\n]\n", true).j.manual.empty());
}

TEST_CASE("edge oracle: Python keys and bindings", "[property][oracle]") {
  SECTION("the same name in two spellings is one entry, in ours' text") {
    std::string b = "__all__ = [\n    \"A\",\n]\n";
    std::string o = "__all__ = [\n    \"A\",\n    u\"team\",\n]\n";
    std::string t = "__all__ = [\n    \"A\",\n    \"te\" 'am',\n]\n";
    auto right = judge(py, b, o, t, o);
    INFO(all(right.j.manual) << all(right.j.either) << all(right.failures));
    CHECK(right.j.manual.empty());
    CHECK(right.j.either.empty());
    CHECK(right.failures.empty());
    CHECK(mentions(judge(py, b, o, t, t).failures, "expected `u\"team\"`"));
    CHECK(mentions(judge(py, b, o, t, "__all__ = [\n    \"A\",\n    u\"team\",\n    \"te\" 'am',\n]\n").failures,
                   "team appears twice"));
  }
  SECTION("a route given by keyword is the same route") {
    std::string b = "urlpatterns = [\n    path(\"a/\", v.a),\n]\n";
    std::string o = "urlpatterns = [\n    path(\"a/\", v.a),\n    path(\"x/\", v.x, name=\"x\"),\n]\n";
    std::string t = "urlpatterns = [\n    path(\"a/\", v.a),\n    path(route='x/', view=v.y, name='x'),\n]\n";
    CHECK(mentions(judge(py, b, o, t, b).j.manual, "both sides changed x/"));
    std::string t2 = "urlpatterns = [\n    path(\"a/\", v.a),\n    path(\"y/\", v.y, name=\"x\"),\n]\n";
    CHECK(mentions(judge(py, b, o, t2, b).j.manual, "two routes named x"));
  }
  SECTION("a def on one side, an import of the same name on the other") {
    std::string b = "from .a import A\n\n\ndef f():\n    return 1\n";
    std::string o = "from .a import A\nfrom .b import B\n\n\ndef f():\n    return 1\n\n\nclass Client:\n    pass\n";
    std::string t = "from .a import A\nfrom .client import Client\n\n\ndef f():\n    return 1\n";
    CHECK(mentions(judge(py, b, o, t, b).j.manual, "both sides bind Client"));
    std::string o2 = "import logging.handlers\nfrom .a import A\n\n\ndef f():\n    return 1\n";
    std::string t2 = "from .a import A\nfrom .log import logging\n\n\ndef f():\n    return 1\n";
    CHECK(mentions(judge(py, b, o2, t2, b).j.manual, "both sides bind logging"));
  }
  SECTION("import a.b and import a.c do not clash") {
    std::string b = "import os\nimport xml.etree\n";
    std::string o = "import os\nimport xml.etree\nimport xml.sax\n";
    std::string t = "import os\nimport xml.etree\nimport xml.dom\n";
    auto r = judge(py, b, o, t, "import os\nimport xml.etree\nimport xml.sax\nimport xml.dom\n");
    INFO(all(r.j.manual) << all(r.failures));
    CHECK(r.j.manual.empty());
    CHECK(r.failures.empty());
    CHECK(mentions(judge(py, b, o, t, "import os\nimport xml.etree\nimport xml.sax\n\nimport xml.dom\n").failures,
                   "blank lines"));
  }
  SECTION("a one-element tuple keeps its comma, and the layout of the side that changed it wins") {
    std::string b = "__all__ = (\"A\",)\n";
    std::string o = "__all__ = (\"A\", \"B\")\n";
    std::string t = "__all__ = (\n    \"A\",\n    \"C\",\n)\n";
    auto right = judge(py, b, o, t, "__all__ = (\n    \"A\",\n    \"B\",\n    \"C\",\n)\n");
    INFO(all(right.j.manual) << all(right.j.either) << all(right.failures));
    CHECK(right.failures.empty());
    CHECK(mentions(judge(py, b, o, t, "__all__ = (\"A\", \"B\", \"C\")\n").failures, "expected one entry per line"));
    CHECK(mentions(judge(py, b, b, b, "__all__ = (\"A\")\n").failures, "lost its comma"));
    CHECK(mentions(judge(py, b, o, t, "__all__ = (\n    \"A\",\n    \"B\",\n\"C\",\n)\n").failures, "column 0"));
  }
  SECTION("a trailing comment one side changed on a statement both extend") {
    std::string b = "from .models import A, B  # noqa: F401\n";
    std::string o = "from .models import A, B, C  # noqa: F401,E501\n";
    std::string t = "from .models import A, B, D  # noqa: F401\n";
    auto right = judge(py, b, o, t, "from .models import A, B, C, D  # noqa: F401,E501\n");
    INFO(all(right.j.manual) << all(right.failures));
    CHECK(right.failures.empty());
    CHECK(mentions(judge(py, b, o, t, "from .models import A, B, C, D  # noqa: F401\n").failures, "closing line"));
  }
}

TEST_CASE("edge oracle: where the two readings of comment lines disagree, either outcome is allowed",
          "[property][oracle]") {
  // Ours adds a comment line after the last key, theirs removes that key:
  // adjacent lines (a conflict holding a removal), or container trivia
  // beside a one-sided removal (no conflict).
  std::string head = "[tool.poetry.dependencies]\npython = \"^3.9\"\nrequests = \"^1.2\"\n";
  std::string tail = "\n[tool.ruff]\nline-length = 80\n";
  std::string base = head + "sqlalchemy = \"^1.1\"\n" + tail;
  std::string ours = head + "sqlalchemy = \"^1.1\"\n# later\n" + tail;
  std::string theirs = head + tail;
  auto r = judge(toml, base, ours, theirs, head + "# later\n" + tail);
  INFO(all(r.j.manual) << all(r.j.either) << all(r.failures));
  CHECK(r.j.manual.empty());
  CHECK(mentions(r.j.either, "sqlalchemy removed by theirs inside a conflicting region"));
  CHECK(r.failures.empty());
}
