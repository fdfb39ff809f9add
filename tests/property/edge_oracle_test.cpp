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

TEST_CASE("edge oracle: the layout is one thing", "[property][oracle]") {
  std::string base = deps("    \"a\",\n    \"b\"\n");
  SECTION("both sides changing different parts of it is Manual (pyproject seed 52)") {
    std::string ours = deps("    \"a\",\n    \"b\",\n    \"c\",\n");  // the trailing comma
    std::string theirs = kHead + "dependencies = [\"a\", \"b\", \"d\"]\n\n[tool.ruff]\nline-length = 80\n";  // inline
    auto r = judge(toml, base, ours, theirs, theirs);
    CHECK(mentions(r.j.manual, "both sides changed the layout differently"));
  }
  SECTION("re-indented by one side, the trailing comma flipped by the other") {
    std::string ours = deps("  \"a\",\n  \"b\",\n  \"c\"\n");
    std::string theirs = deps("    \"a\",\n    \"b\",\n    \"d\",\n");
    CHECK(mentions(judge(toml, base, ours, theirs, base).j.manual, "both sides changed the layout differently"));
  }
  SECTION("the same change on both sides is no clash") {
    std::string ours = deps("    \"a\",\n    \"b\",\n    \"c\",\n");
    std::string theirs = deps("    \"a\",\n    \"b\",\n    \"d\",\n");
    auto r = judge(toml, base, ours, theirs, deps("    \"a\",\n    \"b\",\n    \"c\",\n    \"d\",\n"));
    INFO(all(r.j.manual) << all(r.failures));
    CHECK(r.j.manual.empty());
    CHECK(r.failures.empty());
  }
  SECTION("one side's layout while the other only adds: that side's layout, and nothing else") {
    std::string ours = kHead + "dependencies = [\"a\", \"b\"]\n\n[tool.ruff]\nline-length = 80\n";
    std::string theirs = deps("    \"a\",\n    \"b\",\n    \"d\"\n");
    auto right = judge(toml, base, ours, theirs, kHead + "dependencies = [\"a\", \"b\", \"d\"]\n\n[tool.ruff]\nline-length = 80\n");
    INFO(all(right.j.manual) << all(right.failures));
    CHECK(right.j.manual.empty());
    CHECK(right.failures.empty());
    CHECK(mentions(judge(toml, base, ours, theirs, deps("    \"a\",\n    \"b\",\n    \"d\"\n")).failures, "expected inline"));
  }
  SECTION("a list emptied by one side in the layout of the other (`__all__ = ()`)") {
    std::string b = "__all__ = (\n    \"A\",\n)\n";
    std::string o = "__all__ = (\n)\n";
    std::string t = "__all__ = (\"A\",)\n";
    auto r = judge(py, b, o, t, "__all__ = ()\n");
    INFO(all(r.j.manual) << all(r.failures));
    CHECK(r.j.manual.empty());
    CHECK(r.failures.empty());
    CHECK(mentions(judge(py, b, o, t, "__all__ = ()  # merged\n").failures, "the closing line is"));
  }
}

TEST_CASE("edge oracle: tuples and parenthesized imports", "[property][oracle]") {
  std::string b = "__all__ = (\n    \"A\",\n)\n";
  SECTION("a one-element tuple keeps its comma one per line too") {
    CHECK(mentions(judge(py, b, b, b, "__all__ = (\n    \"A\"\n)\n").failures, "lost its comma"));
  }
  SECTION("a parenthesized string is no tuple the generator may write") {
    std::string paren = "__all__ = (\n    \"A\"\n)\n";
    CHECK(mentions(judge(py, paren, b, b, b).j.invalid, "no one-element tuple"));
  }
  SECTION("`from .group import (Settings)` is an import: it needs no comma") {
    std::string base = "from .group import (Settings)\nfrom .a import A\n";
    std::string ours = "from .group import (Settings)\nfrom .a import A\nfrom .b import B\n";
    std::string theirs = "from .group import (Settings)\nfrom .a import A\nfrom .c import C\n";
    auto r = judge(py, base, ours, theirs, "from .group import (Settings)\nfrom .a import A\nfrom .b import B\nfrom .c import C\n");
    INFO(all(r.j.manual) << all(r.j.invalid) << all(r.failures));
    CHECK(r.j.invalid.empty());
    CHECK(r.failures.empty());
  }
  SECTION("the comma of a one-element tuple is no trailing-comma style") {
    std::string e = "__all__ = (\n)\n";
    std::string o = "__all__ = (\n    \"A\",\n)\n";
    std::string t = "__all__ = (\n    \"B\",\n    \"C\"\n)\n";
    for (const char* result : {"__all__ = (\n    \"B\",\n    \"C\",\n    \"A\",\n)\n", "__all__ = (\n    \"B\",\n    \"C\",\n    \"A\"\n)\n"}) {
      auto r = judge(py, e, o, t, result);
      INFO(result << all(r.failures));
      CHECK(r.failures.empty());
    }
  }
}

TEST_CASE("edge oracle: Python lists and imports stay additive under keyed", "[property][oracle]") {
  SECTION("both sides replacing one __all__ element with different ones (pyinit seed 1)") {
    std::string b = "__all__ = [\n    \"A\",\n    \"AuthFlowV1\",\n]\n";
    std::string o = "__all__ = [\n    \"A\",\n    \"AuthFlowV3\",\n    \"Store\",\n]\n";
    std::string t = "__all__ = [\n    \"A\",\n    \"AuthFlowV4\",\n]\n";
    // A result that keeps both replacements is no merge of the two.
    std::string both = "__all__ = [\n    \"A\",\n    \"AuthFlowV3\",\n    \"Store\",\n    \"AuthFlowV4\",\n]\n";
    for (bool keyed : {false, true})
      CHECK(mentions(judge(py, b, o, t, both, keyed).j.manual, "AuthFlowV1 removed by both sides inside a conflicting region"));
  }
  SECTION("an imported name re-pointed next to the other side's addition (pyinit seed 35)") {
    std::string b = "from .group import (\n    Signal,\n    ModelV1 as Model,\n)\n";
    std::string o = "from .group import (\n    Signal,\n    ModelV4 as Model,\n)\n";
    std::string t = "from .group import (\n    Signal,\n    ModelV1 as Model,\n    FeatureFlags,\n)\n";
    std::string r = "from .group import (\n    Signal,\n    ModelV4 as Model,\n    FeatureFlags,\n)\n";
    CHECK(mentions(judge(py, b, o, t, r, true).j.manual, "Model modified by ours inside a conflicting region"));
  }
  SECTION("a name removed from a from-import next to the other side's addition (pyinit seed 220)") {
    std::string b = "from .group import (\n    Form,\n    Handler,\n)\n";
    std::string o = "from .group import (\n    Form,\n    Handler,\n    FeatureFlags,\n)\n";
    std::string t = "from .group import (\n    Form,\n)\n";
    CHECK(mentions(judge(py, b, o, t, "from .group import (\n    Form,\n    FeatureFlags,\n)\n", true).j.manual,
                   "Handler removed by theirs inside a conflicting region"));
  }
  SECTION("a route re-targeted by both sides the same way next to additions is one change") {
    std::string b = "urlpatterns = [\n    path(\"a/\", v.a),\n    path(\"b/\", v.b),\n]\n";
    std::string o = "urlpatterns = [\n    path(\"a/\", v.a),\n    path(\"b/\", v.b2),\n    path(\"c/\", v.c),\n]\n";
    std::string t = "urlpatterns = [\n    path(\"a/\", v.a),\n    path(\"b/\", v.b2),\n    path(\"d/\", v.d),\n]\n";
    auto right = judge(py, b, o, t,
                       "urlpatterns = [\n    path(\"a/\", v.a),\n    path(\"b/\", v.b2),\n    path(\"c/\", v.c),\n    path(\"d/\", v.d),\n]\n");
    INFO(all(right.j.manual) << all(right.failures));
    CHECK(right.j.manual.empty());
    CHECK(right.failures.empty());
    auto lost = judge(py, b, o, t,
                      "urlpatterns = [\n    path(\"a/\", v.a),\n    path(\"b/\", v.b),\n    path(\"c/\", v.c),\n    path(\"d/\", v.d),\n]\n");
    CHECK(mentions(lost.failures, "b/ is `path(route=\"b/\", view=v.b)`"));
  }
}

TEST_CASE("edge oracle: adjacent changes form one conflicting region", "[property][oracle]") {
  SECTION("both sides removing the same entry next to an addition (pyproject seed 94)") {
    std::string base = deps("    \"a\",\n    \"pytest\",\n");
    std::string ours = deps("    \"a\",\n    \"ruamel-yaml\",\n");
    std::string theirs = deps("    \"a\",\n");
    std::string result = deps("    \"a\",\n    \"ruamel-yaml\",\n");
    CHECK(mentions(judge(toml, base, ours, theirs, result).j.manual, "pytest removed by both sides inside a conflicting region"));
    auto keyed = judge(toml, base, ours, theirs, result, true);
    INFO(all(keyed.j.manual) << all(keyed.failures));
    CHECK(keyed.j.manual.empty());
    CHECK(keyed.failures.empty());
    CHECK(mentions(judge(toml, base, ours, theirs, deps("    \"a\",\n    \"pytest\",\n    \"ruamel-yaml\",\n"), true).failures,
                   "holds pytest"));
  }
  SECTION("an import removed right next to a statement both sides changed (pyinit seed 2)") {
    std::string base = "from .group import (\n    Handler,\n)\nfrom .mailer import Mailer\nfrom .node import Node\n";
    std::string ours = "from .group import (\n    HandlerV3 as Handler,\n)\nfrom .node import Node\n";
    std::string theirs = "from .group import (\n    HandlerV3 as Handler,\n    Signal,\n)\nfrom .mailer import Mailer\nfrom .node import Node\n";
    std::string result = "from .group import (\n    HandlerV3 as Handler,\n    Signal,\n)\nfrom .node import Node\n";
    CHECK(mentions(judge(py, base, ours, theirs, result).j.manual, "Mailer removed by ours inside a conflicting region"));
  }
  SECTION("a removal separated from the other side's change by an untouched entry is taken") {
    std::string base = "from .a import A\nfrom .b import B\nfrom .c import C\n";
    std::string ours = "from .b import B\nfrom .c import C\nfrom .d import D\n";
    std::string theirs = "from .a import A\nfrom .b import B\nfrom .c import C\nfrom .e import E\n";
    auto right = judge(py, base, ours, theirs, "from .b import B\nfrom .c import C\nfrom .d import D\nfrom .e import E\n");
    INFO(all(right.j.manual) << all(right.failures));
    CHECK(right.j.manual.empty());
    CHECK(right.failures.empty());
    CHECK(mentions(judge(py, base, ours, theirs, "from .a import A\nfrom .b import B\nfrom .c import C\nfrom .d import D\nfrom .e import E\n").failures,
                   "holds A"));
  }
  SECTION("a statement only one side changed, next to the other side's new statement") {
    std::string base = "from .group import (\n    SyncClient,\n)\nfrom .settings import Settings\n";
    std::string ours = "from .group import (\n    SyncClient,\n)\nfrom .client import Client\nfrom .settings import Settings\n";
    std::string theirs = "from .group import (\n    SyncClient,\n    Registry,\n)\nfrom .settings import Settings\n";
    CHECK(mentions(judge(py, base, ours, theirs, base).j.manual, "from .group modified by theirs inside a conflicting region"));
  }
  SECTION("both sides re-pointing one import the same way next to an addition (pyinit seed 18)") {
    std::string base = "from .a import A\nfrom .widget_v2 import Widget\n";
    std::string ours = "from .a import A\nfrom .widget_v3 import Widget\n";
    std::string theirs = "from .a import A\nfrom .widget_v3 import Widget\nfrom .router import Router\n";
    CHECK(mentions(judge(py, base, ours, theirs, theirs).j.manual, "Widget removed by both sides inside a conflicting region"));
  }
}

TEST_CASE("edge oracle: the same entry added by both sides at different places", "[property][oracle]") {
  SECTION("pyproject: one entry, at either side's place") {
    std::string base = deps("    \"a\",\n    \"b\",\n    # tail\n");
    std::string ours = deps("    \"a\",\n    \"b\",\n    \"x\",\n    # tail\n");
    std::string theirs = deps("    \"a\",\n    \"b\",\n    # tail\n    \"x\",\n    \"y\",\n");
    for (const char* body : {"    \"a\",\n    \"b\",\n    \"x\",\n    # tail\n    \"y\",\n",
                             "    \"a\",\n    \"b\",\n    # tail\n    \"x\",\n    \"y\",\n"}) {
      auto r = judge(toml, base, ours, theirs, deps(body));
      INFO(body << all(r.j.manual) << all(r.failures));
      CHECK(r.j.manual.empty());
      CHECK(r.failures.empty());
    }
    CHECK(mentions(judge(toml, base, ours, theirs, deps("    \"a\",\n    \"b\",\n    \"x\",\n    # tail\n    \"x\",\n    \"y\",\n")).failures,
                   "x appears twice"));
  }
  SECTION("__all__: two places are Manual (pyinit seed 38)") {
    std::string b = "__all__ = [\n    # keep in sync with docs\n]\n";
    std::string o = "__all__ = [\n    \"FeatureFlags\",\n    # keep in sync with docs\n    \"Model\",\n]\n";
    std::string t = "__all__ = [\n    # keep in sync with docs\n    \"FeatureFlags\",\n]\n";
    CHECK(mentions(judge(py, b, o, t, o).j.manual, "both sides added FeatureFlags at different places"));
  }
  SECTION("urlpatterns: the same place, once; a route twice is wrong") {
    std::string b = "urlpatterns = [\n    path(\"a/\", v.a),\n]\n";
    std::string o = "urlpatterns = [\n    path(\"a/\", v.a),\n    path(\"x/\", v.x, name=\"x\"),\n    path(\"o/\", v.o),\n]\n";
    std::string t = "urlpatterns = [\n    path(\"a/\", v.a),\n    path(route=\"x/\", view=v.x, name=\"x\"),\n    path(\"t/\", v.t),\n]\n";
    auto right = judge(py, b, o, t,
                       "urlpatterns = [\n    path(\"a/\", v.a),\n    path(\"x/\", v.x, name=\"x\"),\n    path(\"o/\", v.o),\n    path(\"t/\", v.t),\n]\n");
    INFO(all(right.j.manual) << all(right.failures));
    CHECK(right.j.manual.empty());
    CHECK(right.failures.empty());
    auto twice = judge(py, b, o, t,
                       "urlpatterns = [\n    path(\"a/\", v.a),\n    path(\"x/\", v.x, name=\"x\"),\n    path(\"o/\", v.o),\n"
                       "    path(route=\"x/\", view=v.x, name=\"x\"),\n    path(\"t/\", v.t),\n]\n");
    CHECK(mentions(twice.failures, "x/ appears twice"));
  }
  SECTION("imports: the comment a side wrote above the entry goes with it") {
    std::string base = "from .schema import Schema\n# tail\n";
    std::string ours = "from .schema import Schema\n# tail\nimport logging.handlers\nimport xml.sax\n";
    std::string theirs = "from .schema import Schema\n# tail\nimport logging.config\n# sax\nimport xml.sax\n";
    auto r = judge(py, base, ours, theirs,
                   "from .schema import Schema\n# tail\nimport logging.handlers\n# sax\nimport xml.sax\nimport logging.config\n");
    INFO(all(r.j.manual) << all(r.failures));
    CHECK(r.failures.empty());
  }
}

TEST_CASE("edge oracle: comment lines after the last entry", "[property][oracle]") {
  std::string base = deps("    \"a\",\n    \"b\"\n    # six\n    # eight\n");
  SECTION("a side's replacement of a tail comment stays in the tail (pyproject seed 183)") {
    std::string ours = deps("    \"a\",\n    \"b\",\n    \"n\",\n    # six\n    # eight\n    \"c\"\n");
    std::string theirs = deps("    \"a\",\n    \"b\",\n    \"k\",\n    # seven\n    # eight\n    \"m\"\n");
    std::string result = deps("    \"a\",\n    \"b\",\n    \"n\",\n    \"k\",\n    # seven\n    # eight\n    \"c\",\n    \"m\"\n");
    auto r = judge(toml, base, ours, theirs, result);
    INFO(all(r.j.manual) << all(r.failures));
    CHECK(r.j.manual.empty());
    CHECK(r.failures.empty());
    auto moved = judge(toml, base, ours, theirs,
                       deps("    \"a\",\n    # seven\n    \"b\",\n    \"n\",\n    \"k\",\n    # eight\n    \"c\",\n    \"m\"\n"));
    CHECK(mentions(moved.failures, "the comment `# seven` sits above b"));
  }
  SECTION("once above both sides' additions when one of them went to the other's place (pyproject seed 2999)") {
    std::string b = deps("    \"pydantic\",\n    # six\n");
    std::string o = deps("    \"pytest\",\n    # six\n    \"dateutil\",\n");
    std::string t = deps("    \"pydantic\",\n    # six\n    \"pytest\",\n    \"urllib3\",\n");
    auto r = judge(toml, b, o, t, deps("    \"pytest\",\n    # six\n    \"urllib3\",\n    \"dateutil\",\n"), true);
    INFO(all(r.j.manual) << all(r.failures));
    CHECK(r.failures.empty());
    CHECK(mentions(judge(toml, b, o, t, deps("    \"pytest\",\n    # six\n    \"urllib3\",\n    # six\n    \"dateutil\",\n"), true).failures,
                   "appears 2 times"));
  }
}

TEST_CASE("edge oracle: comment lines both sides add, and entries they sit above", "[property][oracle]") {
  SECTION("the same comment in the list and just above it") {
    std::string b = "__all__ = [\n    \"A\",\n]\n";
    std::string o = "# public names\n__all__ = [\n    \"A\",\n    \"B\",\n]\n";
    std::string t = "__all__ = [\n    # public names\n    \"A\",\n    \"C\",\n]\n";
    CHECK(mentions(judge(py, b, o, t, b).j.manual, "both sides added the comment `# public names` at different places"));
  }
  SECTION("the same comment above two entries") {
    std::string base = deps("    \"a\",\n    \"b\",\n");
    std::string ours = deps("    # pinned\n    \"a\",\n    \"b\",\n    \"c\",\n");
    std::string theirs = deps("    \"a\",\n    # pinned\n    \"b\",\n    \"d\",\n");
    CHECK(mentions(judge(toml, base, ours, theirs, base).j.manual, "at different places"));
  }
  SECTION("a comment one side adds above an entry the other removes") {
    std::string base = deps("    \"a\",\n    \"b\",\n    \"c\",\n");
    std::string ours = deps("    \"a\",\n    # keep b\n    \"b\",\n    \"c\",\n    \"d\",\n");
    std::string theirs = deps("    \"a\",\n    \"c\",\n");
    CHECK(mentions(judge(toml, base, ours, theirs, base, true).j.manual, "theirs removed b, ours added a comment line above it"));
  }
}
