// `lanemerge doctor`: checks the set-up of this repository and says, one
// line each, what is wrong and how to fix it.
#pragma once

#include <string>
#include <vector>

#include "core/process.hpp"
#include "core/repository.hpp"

namespace lanemerge::install {

struct Check {
  std::string name;
  std::string status;  // ok / warn / fail
  std::string message;
  std::string fix;
};

std::vector<Check> doctor(const core::Repository& repo, core::ProcessRunner& runner, const std::string& bin_dir);

}  // namespace lanemerge::install
