// lanemerge-pyinit: the merge driver for package __init__.py files.
#include "drivers/driver_main.hpp"

int main(int argc, char** argv) { return lanemerge::drivers::driver_main(argc, argv, "lanemerge-pyinit"); }
