#include <cstdio>

#include "cli/commands.hpp"
#include "report/plan_builder.hpp"
#include "report/plan_inputs.hpp"
#include "report/plan_output.hpp"
#include "common/errors.hpp"

namespace gilfree::cli {
namespace {

namespace fs = std::filesystem;

struct PlanArgs {
  std::string project = ".";
  std::string from;
  std::string format = "md";
  std::string out;
  report::CollectOptions collect;
};

void run_plan_command(const PlanArgs& args) {
  if (!fs::is_directory(args.project)) {
    throw UserError(args.project + ": no such project directory");
  }
  const auto format = report::parse_plan_format(args.format);
  std::vector<std::string> problems;
  auto inputs = args.from.empty()
                    ? report::collect_plan_inputs(args.project, fs::path(args.project) / ".gilfree", args.collect, problems)
                    : report::read_plan_inputs(args.from, report::project_name(args.project));
  for (const auto& problem : problems) std::fprintf(stderr, "gilfree plan: warning: %s\n", problem.c_str());
  auto plan = report::build_plan(inputs);
  fs::path out = args.out.empty() ? fs::path(args.project) / ".gilfree" / ("plan." + report::plan_extension(format))
                                  : fs::path(args.out);
  report::write_plan(plan, format, args.project, out);
  for (const auto& stage : plan.stages) {
    std::printf("stage %d  %-12s %s: %s\n", stage.number, report::status_name(stage.status), stage.title.c_str(),
                stage.status_reason.c_str());
  }
  std::printf("plan written to %s\n", out.string().c_str());
}

}  // namespace

void add_plan_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("plan", "Staged migration plan (Markdown, HTML or JSON) from scan, run, inventory and bench");
  auto args = std::make_shared<PlanArgs>();
  cmd->add_option("path", args->project, "Project root")->default_str(".");
  cmd->add_option("--from", args->from,
                  "Read scan.json, run.json (or run-*.json shards), inventory.json, bench.json from DIR "
                  "instead of running the commands");
  cmd->add_option("--format", args->format, "md, html or json")->default_str("md");
  cmd->add_option("-o,--output", args->out, "Output file (default: PATH/.gilfree/plan.<format>)");
  cmd->add_option("--repeat", args->collect.repeat, "No-GIL runs per test when plan runs the tests (flakiness)")
      ->check(CLI::Range(1, 1000))->default_str("3");
  cmd->add_option("--threads", args->collect.threads, "Threads per test body when plan runs the tests (stress)")
      ->check(CLI::Range(1, 256))->default_str("2");
  cmd->callback([args, &status] {
    run_plan_command(*args);
    status = 0;
  });
}

}  // namespace gilfree::cli
