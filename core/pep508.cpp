#include "core/pep508.hpp"

#include <cctype>

namespace lanemerge::core {

std::string normalize_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool in_run = false;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (!in_run) out.push_back('-');
      in_run = true;
      continue;
    }
    in_run = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string requirement_name(std::string_view requirement) {
  std::size_t i = 0;
  while (i < requirement.size() && (requirement[i] == ' ' || requirement[i] == '\t')) ++i;
  std::size_t start = i;
  while (i < requirement.size()) {
    auto c = static_cast<unsigned char>(requirement[i]);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') ++i;
    else break;
  }
  std::string_view name = requirement.substr(start, i - start);
  if (name.empty() || !std::isalnum(static_cast<unsigned char>(name.front())) ||
      !std::isalnum(static_cast<unsigned char>(name.back())))
    return {};
  return normalize_name(name);
}

}  // namespace lanemerge::core
