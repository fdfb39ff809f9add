#include <catch2/catch.hpp>

#include "core/entry_merge.hpp"

using namespace lanemerge::core;

namespace {

std::vector<Entry> entries(std::initializer_list<std::pair<const char*, const char*>> items) {
  std::vector<Entry> out;
  for (const auto& [k, n] : items) out.push_back(Entry{k, n, false, n});
  return out;
}

// Keys of the merge, as rendered from each side's list.
std::vector<std::string> keys(const EntryMergeResult& r, const std::vector<Entry>& b, const std::vector<Entry>& o,
                              const std::vector<Entry>& t) {
  std::vector<std::string> out;
  for (const auto& m : r.entries)
    out.push_back((m.side == Side::Base ? b : m.side == Side::Ours ? o : t)[m.index].norm);
  return out;
}

}  // namespace

TEST_CASE("both sides appending is additive: base, ours' then theirs' additions") {
  auto b = entries({{"a", "a"}, {"b", "b"}});
  auto o = entries({{"a", "a"}, {"b", "b"}, {"x", "x"}});
  auto t = entries({{"a", "a"}, {"b", "b"}, {"c", "c"}});
  auto r = merge_entries(b, o, t, Policy::Additive);
  REQUIRE_FALSE(r.manual);
  CHECK(r.resolved_hunks == 1);
  CHECK(keys(r, b, o, t) == std::vector<std::string>{"a", "b", "x", "c"});
}

TEST_CASE("identical additions are kept once") {
  auto b = entries({{"a", "a"}});
  auto o = entries({{"a", "a"}, {"x", "x>=1"}, {"y", "y"}});
  auto t = entries({{"a", "a"}, {"x", "x>=1"}, {"z", "z"}});
  auto r = merge_entries(b, o, t, Policy::Additive);
  REQUIRE_FALSE(r.manual);
  CHECK(keys(r, b, o, t) == std::vector<std::string>{"a", "x>=1", "y", "z"});
}

TEST_CASE("the same key added with different text is Manual under both policies") {
  auto b = entries({{"a", "a"}});
  auto o = entries({{"a", "a"}, {"httpx", "httpx>=0.27"}});
  auto t = entries({{"a", "a"}, {"httpx", "httpx>=0.28"}});
  for (auto policy : {Policy::Additive, Policy::Keyed}) {
    auto r = merge_entries(b, o, t, policy);
    CHECK(r.manual);
    CHECK(r.reason.find("httpx") != std::string::npos);
  }
}

TEST_CASE("a bump beside an addition: Manual when additive, resolved when keyed") {
  auto b = entries({{"a", "a"}, {"httpx", "httpx>=0.27"}});
  auto o = entries({{"a", "a"}, {"httpx", "httpx>=0.28"}});
  auto t = entries({{"a", "a"}, {"httpx", "httpx>=0.27"}, {"z", "z"}});
  auto additive = merge_entries(b, o, t, Policy::Additive);
  CHECK(additive.manual);
  auto keyed = merge_entries(b, o, t, Policy::Keyed);
  REQUIRE_FALSE(keyed.manual);
  CHECK(keys(keyed, b, o, t) == std::vector<std::string>{"a", "httpx>=0.28", "z"});
}

TEST_CASE("keyed: the same key changed differently by both sides is Manual") {
  auto b = entries({{"httpx", "httpx>=0.27"}});
  auto o = entries({{"httpx", "httpx>=0.28"}});
  auto t = entries({{"httpx", "httpx>=0.29"}});
  CHECK(merge_entries(b, o, t, Policy::Keyed).manual);
}

TEST_CASE("a removal inside a conflicting hunk is Manual under additive") {
  auto b = entries({{"a", "a"}, {"b", "b"}});
  auto o = entries({{"a", "a"}, {"x", "x"}});
  auto t = entries({{"a", "a"}, {"b", "b"}, {"y", "y"}});
  CHECK(merge_entries(b, o, t, Policy::Additive).manual);
  auto keyed = merge_entries(b, o, t, Policy::Keyed);
  REQUIRE_FALSE(keyed.manual);
  CHECK(keys(keyed, b, o, t) == std::vector<std::string>{"a", "x", "y"});
}

TEST_CASE("an addition of a name the base already holds elsewhere is a clash") {
  auto b = entries({{"httpx", "httpx>=0.27"}, {"m", "m"}});
  auto o = entries({{"httpx", "httpx>=0.27"}, {"m", "m"}, {"httpx", "httpx>=0.28"}});
  auto t = entries({{"httpx", "httpx>=0.27"}, {"m", "m"}, {"z", "z"}});
  CHECK(merge_entries(b, o, t, Policy::Keyed).manual);
}

TEST_CASE("a hunk that merges cleanly at entry level is taken as merged") {
  auto b = entries({{"a", "a"}, {"b", "b"}, {"c", "c"}});
  auto o = entries({{"a", "a2"}, {"b", "b"}, {"c", "c"}});
  auto t = entries({{"a", "a"}, {"b", "b"}, {"c", "c2"}});
  auto r = merge_entries(b, o, t, Policy::Additive);
  REQUIRE_FALSE(r.manual);
  CHECK(r.resolved_hunks == 0);
  CHECK(keys(r, b, o, t) == std::vector<std::string>{"a2", "b", "c2"});
}

TEST_CASE("marker variants: a name twice in a version may not be touched by a conflicting hunk") {
  auto b = entries({{"numpy", "numpy>=2;py>=3.12"}, {"numpy", "numpy<2;py<3.12"}});
  auto o = entries({{"numpy", "numpy>=2;py>=3.12"}, {"numpy", "numpy<2;py<3.12"}, {"x", "x"}});
  auto t = entries({{"numpy", "numpy>=2;py>=3.12"}, {"numpy", "numpy<2;py<3.12"}, {"y", "y"}});
  auto r = merge_entries(b, o, t, Policy::Additive);
  REQUIRE_FALSE(r.manual);
  CHECK(keys(r, b, o, t).size() == 4);
  auto t2 = entries({{"numpy", "numpy>=2;py>=3.12"}, {"numpy", "numpy<2;py<3.12"}, {"numpy", "numpy;py>=3.14"}});
  CHECK(merge_entries(b, o, t2, Policy::Keyed).manual);
}

TEST_CASE("containers changed by both sides are merged by the callback") {
  std::vector<Entry> b{{"dev", "dev=[a]", true, ""}};
  std::vector<Entry> o{{"dev", "dev=[a,b]", true, ""}, {"lint", "lint=[r]", true, ""}};
  std::vector<Entry> t{{"dev", "dev=[a,c]", true, ""}};
  int calls = 0;
  auto r = merge_entries(b, o, t, Policy::Additive, [&](std::size_t, std::size_t, std::size_t) {
    ++calls;
    return SubMerge{true, "dev = [a, b, c]", {}};
  });
  REQUIRE_FALSE(r.manual);
  CHECK(calls == 1);
  REQUIRE(r.entries.size() == 2);
  CHECK(r.entries[0].has_text);
  CHECK(r.entries[0].text == "dev = [a, b, c]");
}

TEST_CASE("merging A into B and B into A gives the same set of entries") {
  auto b = entries({{"a", "a"}, {"m", "m"}});
  auto o = entries({{"a", "a"}, {"m", "m"}, {"x", "x"}, {"y", "y"}});
  auto t = entries({{"a", "a"}, {"m", "m"}, {"q", "q"}});
  auto ab = keys(merge_entries(b, o, t, Policy::Additive), b, o, t);
  auto ba = keys(merge_entries(b, t, o, Policy::Additive), b, t, o);
  std::sort(ab.begin(), ab.end());
  std::sort(ba.begin(), ba.end());
  CHECK(ab == ba);
}

TEST_CASE("sortedness by key") {
  CHECK(sorted_by_key(entries({})));
  CHECK(sorted_by_key(entries({{"b", "b"}})));
  CHECK(sorted_by_key(entries({{"a", "a"}, {"b", "b"}})));
  CHECK_FALSE(sorted_by_key(entries({{"b", "b"}, {"a", "a"}})));
}
