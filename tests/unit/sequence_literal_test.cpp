#include <catch2/catch.hpp>

#include "core/python_literal.hpp"
#include "core/sequence_merge.hpp"

using namespace lanemerge::core;

TEST_CASE("alignment follows git's diff") {
  auto m = align({"a", "b", "c", "d"}, {"a", "x", "c", "d", "e"});
  REQUIRE(m.ok());
  CHECK(*m == std::vector<std::size_t>{0, kUnmatched, 2, 3});
  auto none = align({"a"}, {});
  REQUIRE(none.ok());
  CHECK(none->front() == kUnmatched);
}

TEST_CASE("diff3 over label sequences: one-sided, identical and conflicting chunks") {
  using T = Chunk::Type;
  auto chunks = merge_sequences({"a", "b", "c"}, {"a", "B", "c", "o"}, {"a", "b", "c", "t"});
  REQUIRE(chunks.ok());
  std::vector<T> types;
  for (const auto& c : *chunks) types.push_back(c.type);
  CHECK(types == std::vector<T>{T::Stable, T::Ours, T::Stable, T::Conflict});
  const Chunk& last = chunks->back();
  CHECK(last.ours_end - last.ours_begin == 1);
  CHECK(last.theirs_end - last.theirs_begin == 1);
  CHECK(last.base_end == last.base_begin);

  auto same = merge_sequences({"a"}, {"a", "x"}, {"a", "x"});
  REQUIRE(same.ok());
  CHECK(same->back().type == T::Both);
  // Changes next to each other conflict, as in git.
  auto adjacent = merge_sequences({"a", "b"}, {"A", "b"}, {"a", "x", "b"});
  REQUIRE(adjacent.ok());
  CHECK(adjacent->front().type == T::Conflict);
}

TEST_CASE("string literals compare by value") {
  CHECK(decode_string_literal("'team'") == std::optional<std::string>("s:team"));
  CHECK(decode_string_literal("\"team\"") == decode_string_literal("'team'"));
  CHECK(decode_string_literal("u\"team\"") == decode_string_literal("'team'"));
  CHECK(decode_string_literal("'''team'''") == decode_string_literal("'team'"));
  CHECK(decode_string_literal("R'^a\\d$'") == std::optional<std::string>("s:^a\\d$"));
  CHECK(decode_string_literal("'^a\\\\d$'") == decode_string_literal("r'^a\\d$'"));
  CHECK(decode_string_literal("'\\x41\\u00e9\\n'") == std::optional<std::string>("s:A\xC3\xA9\n"));
  CHECK(decode_string_literal("b'team'") == std::optional<std::string>("b:team"));
  CHECK(decode_string_literal("b'team'") != decode_string_literal("'team'"));
  CHECK_FALSE(decode_string_literal("f'{x}'"));
  CHECK_FALSE(decode_string_literal("'\\N{BULLET}'"));
  CHECK(decode_concatenation({"'te'", "\"am\""}) == decode_string_literal("'team'"));
  CHECK_FALSE(decode_concatenation({"'te'", "b'am'"}));
}
