#include "cli/app.hpp"

int main(int argc, char** argv) { return gilfree::cli::run(argc, argv); }
