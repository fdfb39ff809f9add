// Generators of the edge cases: three-way merges of pyproject.toml,
// __init__.py and urls.py built around the classes of wrong results of
// issue 9 (comments, quote styles, keyword routes, layout changes, Python
// bindings, tuples, `keyed`). Each case is a pure function of its seed.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "support.hpp"

namespace lanemerge::property::edge {

struct EdgeCase {
  std::uint64_t seed = 0;
  std::string base, ours, theirs;
  std::string marker_size = "7";
  std::vector<std::string> classes;  // the classes this case was built around
  std::string story;                 // what was done to each side
};

EdgeCase generate_pyproject(Rng& r);
EdgeCase generate_pyinit(Rng& r);
EdgeCase generate_urls(Rng& r);

// The modules whose from-import the generated __init__.py writes as a
// container of names (edge_model reads them so even with one name).
const std::set<std::string>& container_modules();

}  // namespace lanemerge::property::edge
