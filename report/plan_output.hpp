#pragma once
#include <filesystem>
#include <string>

#include "report/plan_model.hpp"

namespace gilfree::report {

enum class PlanFormat { markdown, html, json };

// Renders the plan in `format` and writes it atomically to `out`; links are
// made relative from out's folder to the project root.
void write_plan(const Plan& plan, PlanFormat format, const std::filesystem::path& project,
                const std::filesystem::path& out);

// "md", "html", "json" -> format; the default file name's extension.
PlanFormat parse_plan_format(const std::string& name);
std::string plan_extension(PlanFormat format);

}  // namespace gilfree::report
