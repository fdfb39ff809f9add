// The shared main() of every merge driver executable: argv and environment
// in, core::run_driver, messages to stderr, exit code out.
#pragma once

#include <string_view>

namespace lanemerge::drivers {

int driver_main(int argc, char** argv, std::string_view driver);

}  // namespace lanemerge::drivers
