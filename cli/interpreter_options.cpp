#include "cli/interpreter_options.hpp"

namespace gilfree::cli {

void add_interpreter_options(CLI::App& cmd, InterpreterArguments& args, const std::string& python_help) {
  cmd.add_option("--python", args.python, python_help);
  cmd.add_option("--env", args.env, "A virtualenv of your own (made from a free-threaded Python); gilfree builds nothing");
  cmd.add_flag("--no-env", args.no_env,
               "The embedded runtime as it is: neither build nor use the project's environment (see 'gilfree env')");
}

}  // namespace gilfree::cli
