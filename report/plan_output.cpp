#include "report/plan_output.hpp"

#include "common/atomic_file.hpp"
#include "common/errors.hpp"
#include "common/json_text.hpp"

namespace gilfree::report {

namespace fs = std::filesystem;

PlanFormat parse_plan_format(const std::string& name) {
  if (name == "md" || name == "markdown") return PlanFormat::markdown;
  if (name == "html") return PlanFormat::html;
  if (name == "json") return PlanFormat::json;
  throw UserError("--format " + name + ": use md, html or json");
}

std::string plan_extension(PlanFormat format) {
  switch (format) {
    case PlanFormat::markdown: return "md";
    case PlanFormat::html: return "html";
    case PlanFormat::json: return "json";
  }
  return "md";
}

void write_plan(const Plan& plan, PlanFormat format, const fs::path& project, const fs::path& out) {
  auto out_dir = fs::absolute(out).parent_path();
  auto prefix = fs::absolute(project).lexically_normal().lexically_relative(out_dir.lexically_normal()).generic_string();
  if (prefix == ".") prefix.clear();
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  switch (format) {
    case PlanFormat::markdown: runtime::write_file_atomically(out, plan_markdown(plan, prefix)); break;
    case PlanFormat::html: runtime::write_file_atomically(out, plan_html(plan, prefix)); break;
    case PlanFormat::json: runtime::write_file_atomically(out, runtime::json_text(plan_json(plan))); break;
  }
}

}  // namespace gilfree::report
