// lanemerge-uvlock: the merge driver for uv.lock.
#include "drivers/driver_main.hpp"

int main(int argc, char** argv) { return lanemerge::drivers::driver_main(argc, argv, "lanemerge-uvlock"); }
