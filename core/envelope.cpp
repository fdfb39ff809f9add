#include "core/envelope.hpp"

#include "core/journal.hpp"

namespace lanemerge::core {
namespace {

nlohmann::json head(const std::string& command, int exit_code) {
  return nlohmann::json{{"schema_version", kSchemaVersion},
                        {"timestamp", utc_timestamp()},
                        {"command", command},
                        {"exit_code", exit_code},
                        {"output_format", "json"}};
}

}  // namespace

nlohmann::json envelope_data(const std::string& command, int exit_code, nlohmann::json data) {
  auto j = head(command, exit_code);
  j["data"] = std::move(data);
  return j;
}

nlohmann::json envelope_error(const std::string& command, int exit_code, const Error& error) {
  auto j = head(command, exit_code);
  j["error"] = {{"kind", error.kind},         {"operation", error.operation}, {"target", error.target},
                {"retryable", error.retryable}, {"message", error.message},    {"hint", error.hint}};
  return j;
}

}  // namespace lanemerge::core
