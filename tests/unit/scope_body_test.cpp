#include <catch2/catch.hpp>

#include "core/scope_body.hpp"

using namespace lanemerge::core;

namespace {

struct Body {
  Layout layout;
  std::vector<Item> items;
  std::string why;
};

// Reads the body between the first opener and the last closer of `text`
// around the entries named by `values` (each must occur once).
Body read(const std::string& text, const std::vector<std::string>& values, BodyKind kind = BodyKind::Delimited) {
  Body b;
  std::size_t begin = kind == BodyKind::Delimited ? text.find_first_of("[(") + 1 : 0;
  std::size_t end = kind == BodyKind::Delimited ? text.find_last_of("])") : text.size();
  std::vector<Span> spans;
  for (const auto& v : values) {
    std::size_t at = text.find(v);
    REQUIRE(at != std::string::npos);
    spans.push_back(Span{at, at + v.size()});
  }
  b.why = read_body(text, begin, end, kind, spans, "\n", b.layout, b.items);
  return b;
}

std::string render(const Body& b, const Layout& layout) {
  std::vector<RenderItem> items;
  for (const auto& i : b.items) items.push_back(RenderItem{&i, &b.layout, {}, {}});
  std::string out;
  std::string why = render_body(layout, items, out);
  return why.empty() ? out : "ERROR: " + why;
}

std::string inside(const std::string& text) {
  std::size_t begin = text.find_first_of("[(") + 1;
  return text.substr(begin, text.find_last_of("])") - begin);
}

}  // namespace

TEST_CASE("a body renders back to its own bytes") {
  for (const std::string& text : {
           std::string("x = [\"a\", \"b\" ,\"c\"]"),
           std::string("x = [ \"a\", \"b\", ]"),
           std::string("x = [\n    \"a\",  # why\n    # about b\n\n    \"b\"\n]"),
           std::string("x = [\"a\",\n     \"b\"]"),
           std::string("x = [  # core\n  \"a\",\n  \"b\",\n  # end\n  ]"),
       }) {
    Body b = read(text, {"\"a\"", "\"b\""});
    if (text.find("\"c\"") != std::string::npos) b = read(text, {"\"a\"", "\"b\"", "\"c\""});
    INFO(text);
    REQUIRE(b.why.empty());
    CHECK(render(b, b.layout) == inside(text));
  }
}

TEST_CASE("comments and blank lines are items of their own, trailing comments belong to entries") {
  Body b = read("x = [\n    # top\n    \"a\",  # noqa: E501\n\n    \"b\",\n    # after the last\n]", {"\"a\"", "\"b\""});
  REQUIRE(b.why.empty());
  REQUIRE(b.items.size() == 5);
  CHECK(b.items[0].kind == ItemKind::Comment);
  CHECK(b.items[0].norm == "# top");
  CHECK(b.items[1].trail_norm == "# noqa: E501");
  CHECK(b.items[2].kind == ItemKind::Blank);
  CHECK(b.items[4].kind == ItemKind::Comment);
  CHECK(b.layout.trailing_comma == std::optional<bool>(true));
  CHECK(b.layout.indent == std::optional<std::string>("    "));
}

TEST_CASE("shapes that cannot be merged entry by entry are refused") {
  CHECK(read("x = [\n    \"a\", \"b\",\n]", {"\"a\"", "\"b\""}).why == "two entries on one line");
  CHECK_FALSE(read("x = [\n    \"a\"\n    , \"b\",\n]", {"\"a\"", "\"b\""}).why.empty());
}

TEST_CASE("entries written in another layout follow the merged one") {
  Body inline_body = read("x = [\"a\", \"b\"]", {"\"a\"", "\"b\""});
  Body lines = read("x = [\n  \"a\",\n  \"b\"\n]", {"\"a\"", "\"b\""});
  REQUIRE(inline_body.why.empty());
  REQUIRE(lines.why.empty());
  // Inline entries in a one-per-line layout: its indentation, no separator spaces left behind.
  CHECK(render(inline_body, lines.layout) == "\n  \"a\",\n  \"b\"\n");
  // One-per-line entries in an inline layout.
  CHECK(render(lines, inline_body.layout) == "\"a\", \"b\"");
  // A comment cannot be written inline.
  Body commented = read("x = [\n  \"a\",  # c\n  \"b\"\n]", {"\"a\"", "\"b\""});
  CHECK(render(commented, inline_body.layout).rfind("ERROR", 0) == 0);
}

TEST_CASE("a re-indented layout re-indents entries, comments and continuation lines") {
  Body two = read("x = [\n  # c\n  path(\n    \"a\",\n  ),\n]", {"path(\n    \"a\",\n  )"});
  Body four = read("x = [\n    \"z\",\n]", {"\"z\""});
  REQUIRE(two.why.empty());
  REQUIRE(four.why.empty());
  CHECK(render(two, four.layout) == "\n    # c\n    path(\n      \"a\",\n    ),\n");
}

TEST_CASE("the merge of layouts: one side's change wins, two different changes conflict") {
  Body base = read("x = [\"a\"]", {"\"a\""});
  Body exploded = read("x = [\n    \"a\",\n]", {"\"a\""});
  Body spaced = read("x = [ \"a\" ]", {"\"a\""});
  std::string why;
  auto m = merge_layouts(&base.layout, exploded.layout, base.layout, why);
  REQUIRE(m);
  CHECK(m->multiline);
  m = merge_layouts(&base.layout, base.layout, exploded.layout, why);
  REQUIRE(m);
  CHECK(m->multiline);
  CHECK_FALSE(merge_layouts(&base.layout, exploded.layout, spaced.layout, why));
  CHECK(why == "both sides changed its layout differently");
}

TEST_CASE("a one-element tuple keeps its comma") {
  Body b = read("X = (\"a\", \"b\")", {"\"a\""});
  (void)b;
  Body one = read("X = (\"a\",)", {"\"a\""});
  REQUIRE(one.why.empty());
  Layout layout = one.layout;
  layout.tuple = true;
  layout.trailing_comma = false;
  CHECK(render(one, layout) == "\"a\",");
}

TEST_CASE("trailing comments after the last entry of a block belong to it, a block above what follows does not") {
  std::string text = "import a\n# about a\n\n# about X\nX = 1\n";
  std::size_t after = text.find('\n') + 1;
  CHECK(end_of_trailing_trivia(text, after, text.find("X = 1")) == text.find("\n\n") + 1);
  std::string eof = "import a\n\n# the end\n\n";
  CHECK(end_of_trailing_trivia(eof, eof.find('\n') + 1, eof.size()) == eof.find("# the end") + 10);
  std::string glued = "import a\n# glued\nX = 1\n";
  CHECK(end_of_trailing_trivia(glued, glued.find('\n') + 1, glued.find("X = 1")) == glued.find("X = 1"));
}
