// Package names: PEP 503 normalization and the name of a PEP 508 requirement.
#pragma once

#include <string>
#include <string_view>

namespace lanemerge::core {

// Lowercase, runs of '-', '_' and '.' become one '-'.
std::string normalize_name(std::string_view name);

// The normalized distribution name a requirement string starts with
// ("Ruamel.YAML >=0.18; python_version<'3.13'" → "ruamel-yaml"); empty when
// the string does not start with a name.
std::string requirement_name(std::string_view requirement);

}  // namespace lanemerge::core
