// Splits one fuzzer input into the three versions of a merge: two
// little-endian 16-bit lengths (base, ours), then base, ours, and the rest
// is theirs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace lanemerge::fuzz {

struct Versions {
  std::string base, ours, theirs;
};

inline Versions split(const uint8_t* data, std::size_t size) {
  Versions v;
  if (size < 4) return v;
  std::size_t lb = data[0] | (data[1] << 8);
  std::size_t lo = data[2] | (data[3] << 8);
  const char* p = reinterpret_cast<const char*>(data + 4);
  std::size_t n = size - 4;
  lb = lb > n ? n : lb;
  lo = lo > n - lb ? n - lb : lo;
  v.base.assign(p, lb);
  v.ours.assign(p + lb, lo);
  v.theirs.assign(p + lb + lo, n - lb - lo);
  return v;
}

}  // namespace lanemerge::fuzz
