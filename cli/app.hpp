#pragma once

namespace gilfree::cli {

// Parses the command line, runs the chosen subcommand and returns the exit
// status: 0 ok, 1 findings or failures, 2 usage or internal error.
int run(int argc, char** argv);

}  // namespace gilfree::cli
