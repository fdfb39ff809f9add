#include <catch2/catch.hpp>

#include "core/pep508.hpp"
#include "core/repository.hpp"
#include "core/text.hpp"
#include "core/text_merge.hpp"

using namespace lanemerge::core;

TEST_CASE("PEP 503 normalization and PEP 508 names") {
  CHECK(normalize_name("Ruamel.YAML") == "ruamel-yaml");
  CHECK(normalize_name("a__b-._c") == "a-b-c");
  CHECK(requirement_name("httpx>=0.27") == "httpx");
  CHECK(requirement_name("Requests[socks] >=2; python_version<'3.12'") == "requests");
  CHECK(requirement_name("zope.interface") == "zope-interface");
  CHECK(requirement_name(">=1").empty());
}

TEST_CASE("UTF-8 validation") {
  CHECK(is_valid_utf8("plain"));
  CHECK(is_valid_utf8("h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\xC3"));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));        // overlong
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));    // surrogate
  CHECK_FALSE(is_valid_utf8("\xFF"));
}

TEST_CASE("conflict markers of the given size") {
  CHECK(has_conflict_markers("a\n<<<<<<< HEAD\nb\n", 7));
  CHECK(has_conflict_markers("=======\n", 7));
  CHECK(has_conflict_markers(">>>>>>> x\r\n", 7));
  CHECK_FALSE(has_conflict_markers("<<<<<<<< eight\n", 7));
  CHECK(has_conflict_markers("<<<<<<<< eight\n", 8));
  CHECK_FALSE(has_conflict_markers("a <<<<<<< b\n", 7));
}

TEST_CASE("line endings and code-point columns") {
  CHECK(line_ending_of("a\r\nb\r\n") == "\r\n");
  CHECK(line_ending_of("a\r\nb\n") == "\n");
  CHECK(with_line_endings("a\nb\r\n", "\r\n") == "a\r\nb\r\n");
  LineIndex idx("h\xC3\xA9llo\nx");
  CHECK(idx.offset(1, 3) == 3);  // after 'h' and the two-byte 'é'
  CHECK(idx.offset(2, 1) == 7);
  CHECK(idx.offset(3, 1) == std::string::npos);
}

TEST_CASE("GIT_CONFIG_PARAMETERS in both quoting forms") {
  auto p = parse_config_parameters("'merge.conflictStyle'='diff3' 'lanemerge.policy=keyed' 'a.B.c'='it'\\''s'");
  CHECK(p["merge.conflictstyle"] == "diff3");
  CHECK(p["lanemerge.policy"] == "keyed");
  CHECK(p["a.B.c"] == "it's");
}

TEST_CASE("text merge honours style, labels and marker size") {
  std::string base = "a\nb\n", ours = "a\nB1\n", theirs = "a\nB2\n";
  TextMergeOptions o;
  o.labels = Labels{"base", "HEAD", "feature"};
  auto r = text_merge(base, ours, theirs, o);
  REQUIRE(r.ok());
  CHECK_FALSE(r->clean);
  CHECK(r->conflicts == 1);
  CHECK(r->text == "a\n<<<<<<< HEAD\nB1\n=======\nB2\n>>>>>>> feature\n");
  o.style = ConflictStyle::Diff3;
  o.marker_size = 9;
  auto d = text_merge(base, ours, theirs, o);
  REQUIRE(d.ok());
  CHECK(d->text == "a\n<<<<<<<<< HEAD\nB1\n||||||||| base\nb\n=========\nB2\n>>>>>>>>> feature\n");
}
