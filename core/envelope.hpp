// The JSON envelope every `--output-format json` command prints.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace lanemerge::core {

nlohmann::json envelope_data(const std::string& command, int exit_code, nlohmann::json data);
nlohmann::json envelope_error(const std::string& command, int exit_code, const Error& error);

}  // namespace lanemerge::core
