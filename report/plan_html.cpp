#include <fmt/format.h>

#include "report/plan_model.hpp"
#include "report/svg_chart.hpp"

namespace gilfree::report {
namespace {

// One file, no network: inline CSS, inline SVG, no scripts.
constexpr const char* kStyle = R"(
body { font: 15px/1.5 system-ui, sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
.sources { color: #666; margin-top: 0; }
table.stages { border-collapse: collapse; width: 100%; margin: 1em 0 2em; }
table.stages td, table.stages th { border-bottom: 1px solid #e4e4e4; padding: .4em .6em; text-align: left; }
.status { font-weight: 600; padding: .1em .5em; border-radius: .8em; font-size: .85em; white-space: nowrap; }
.status-done { background: #dff3e4; color: #17692f; }
.status-to-do { background: #fff2d6; color: #8a5a00; }
.status-blocked { background: #fbe1e1; color: #9b1c1c; }
.status-not-measured { background: #ececec; color: #555; }
section.stage { border: 1px solid #e4e4e4; border-radius: 8px; padding: .2em 1.2em 1em; margin: 1.2em 0; }
ul.checklist { list-style: none; padding-left: 0; }
ul.checklist li { margin: .35em 0; }
ul.checklist li::before { content: "☐ "; color: #888; }
ul.checklist li.done::before { content: "☑ "; color: #17692f; }
ul.checklist li.warning::before { content: "⚠ "; color: #b35c00; }
.note { color: #666; font-style: italic; }
code, .loc { font-family: ui-monospace, monospace; font-size: .9em; overflow-wrap: anywhere; }
.charts { display: flex; flex-direction: column; gap: 1em; }
.charts figure { margin: 0; border: 1px solid #e4e4e4; border-radius: 8px; padding: .5em; }
.charts svg.chart { display: block; width: 100%; height: auto; }
)";

std::string status_class(StageStatus status) {
  std::string name = status_name(status);
  for (auto& c : name) c = c == ' ' ? '-' : c;
  return "status-" + name;
}

// `code` spans of the plain-text item to <code>, everything escaped.
std::string inline_code(const std::string& text) {
  std::string out;
  bool in_code = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '`') continue;
    out += xml_escape(text.substr(start, i - start));
    if (i < text.size()) out += in_code ? "</code>" : "<code>";
    in_code = !in_code;
    start = i + 1;
  }
  return in_code ? out + "</code>" : out;
}

std::string stage_html(const Stage& stage, const std::string& link_prefix) {
  std::string html = fmt::format(
      "<section class=\"stage\" id=\"stage-{0}\"><h2>Stage {0}: {1} <span class=\"status {2}\">{3}</span></h2>\n"
      "<p><b>Goal:</b> {4}</p>\n",
      stage.number, xml_escape(stage.title), status_class(stage.status), status_name(stage.status),
      inline_code(stage.goal));
  if (!stage.status_reason.empty()) html += fmt::format("<p><b>Status:</b> {}</p>\n", inline_code(stage.status_reason));
  if (!stage.items.empty()) html += "<ul class=\"checklist\">\n";
  for (const auto& item : stage.items) {
    html += fmt::format("<li{}>", item.warning ? " class=\"warning\"" : item.done ? " class=\"done\"" : "");
    if (!item.file.empty()) {
      html += fmt::format("<a class=\"loc\" href=\"{0}{1}#L{2}\">{3}:{2}</a> ", xml_escape(link_prefix),
                          xml_escape(item.file), item.line, xml_escape(item.file));
    }
    html += inline_code(item.text);
    if (!item.note.empty()) html += fmt::format(" <span class=\"note\">({})</span>", inline_code(item.note));
    html += "</li>\n";
  }
  if (stage.hidden_items > 0) html += fmt::format("<li>… and {} more (see the JSON report)</li>\n", stage.hidden_items);
  if (!stage.items.empty()) html += "</ul>\n";
  if (!stage.effort.empty()) html += fmt::format("<p><b>Effort:</b> {}</p>\n", inline_code(stage.effort));
  return html + "</section>\n";
}

std::string figure(const std::string& svg) { return "<figure>" + svg + "</figure>\n"; }

std::string outcomes_chart(const std::map<std::string, std::map<std::string, int>>& outcomes) {
  std::vector<Bar> bars;
  for (const auto& [mode, counts] : outcomes) {
    for (const auto& [outcome, count] : counts) {
      const bool bad = outcome != "passed" && outcome != "pass" && outcome != "skipped";
      bars.push_back({mode + ": " + outcome, static_cast<double>(count), bad ? "#d65f5f" : "#6acc64"});
    }
  }
  return bar_chart_svg("Test outcomes per mode", bars);
}

std::string charts_html(const PlanCharts& charts) {
  std::string html;
  if (!charts.findings_per_rule.empty()) html += figure(bar_chart_svg("Findings per rule", charts.findings_per_rule));
  if (!charts.findings_per_file.empty()) html += figure(bar_chart_svg("Findings per file", charts.findings_per_file));
  if (!charts.outcomes_per_mode.empty()) html += figure(outcomes_chart(charts.outcomes_per_mode));
  if (!charts.flake_rates.empty()) html += figure(bar_chart_svg("Flake rate without the GIL (%)", charts.flake_rates));
  for (const auto& svg : charts.bench_svgs) html += figure(svg);
  return html.empty() ? "" : "<h2>Charts</h2>\n<div class=\"charts\">\n" + html + "</div>\n";
}

}  // namespace

std::string plan_html(const Plan& plan, const std::string& link_prefix) {
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>Free-threading migration plan: {0}</title>\n<style>{1}</style></head>\n<body>\n"
      "<h1>Free-threading migration plan: {0}</h1>\n",
      xml_escape(plan.project), kStyle);
  std::string sources;
  for (const auto& source : plan.sources) sources += (sources.empty() ? "" : ", ") + source;
  html += fmt::format("<p class=\"sources\">Generated by gilfree {} from: {}.</p>\n", GILFREE_VERSION,
                      xml_escape(sources));
  html += "<table class=\"stages\"><tr><th>Stage</th><th>Status</th><th></th></tr>\n";
  for (const auto& stage : plan.stages) {
    html += fmt::format("<tr><td><a href=\"#stage-{0}\">{0}. {1}</a></td><td><span class=\"status {2}\">{3}</span></td><td>{4}</td></tr>\n",
                        stage.number, xml_escape(stage.title), status_class(stage.status),
                        status_name(stage.status), inline_code(stage.status_reason));
  }
  html += "</table>\n" + charts_html(plan.charts);
  for (const auto& stage : plan.stages) html += stage_html(stage, link_prefix);
  return html + "</body></html>\n";
}

}  // namespace gilfree::report
