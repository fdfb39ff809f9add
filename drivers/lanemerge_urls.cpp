// lanemerge-urls: the merge driver for urls.py and other files of list constants.
#include "drivers/driver_main.hpp"

int main(int argc, char** argv) { return lanemerge::drivers::driver_main(argc, argv, "lanemerge-urls"); }
