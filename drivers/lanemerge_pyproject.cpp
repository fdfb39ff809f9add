// lanemerge-pyproject: the merge driver for pyproject.toml.
#include "drivers/driver_main.hpp"

int main(int argc, char** argv) { return lanemerge::drivers::driver_main(argc, argv, "lanemerge-pyproject"); }
