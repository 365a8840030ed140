#include "runner/junit_xml.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "common/safe_text.hpp"
#include "common/xml_escape.hpp"

namespace gilfree::runner {
namespace {

using runtime::xml_escape;

std::string dotted_module(std::string path) {
  if (path.ends_with(".py")) path.resize(path.size() - 3);
  for (auto& c : path) {
    if (c == '/') c = '.';
  }
  return path;
}

// The mode runs of one mode, in the report's order.
struct ModeSuite {
  std::string mode;
  std::vector<const ModeRun*> runs;
};

std::vector<ModeSuite> suites_by_mode(const RunReport& report) {
  std::vector<ModeSuite> suites;
  for (const auto& run : report.runs) {
    auto mode = std::string(runtime::mode_name(run.spec.mode));
    auto it = std::find_if(suites.begin(), suites.end(), [&](const ModeSuite& suite) { return suite.mode == mode; });
    if (it == suites.end()) it = suites.insert(suites.end(), {mode, {}});
    it->runs.push_back(&run);
  }
  return suites;
}

struct SuiteCounts {
  std::size_t tests = 0;
  int failures = 0, errors = 0, skipped = 0;
  double seconds = 0;
};

// One <testcase>, its outcome counted in `counts`.
std::string testcase_xml(const TestRecord& record, const std::string& name, const std::string& classname,
                         SuiteCounts& counts) {
  ++counts.tests;
  auto open = fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\"", xml_escape(classname),
                          xml_escape(name), record.duration);
  auto message = xml_escape(junit_message(record));
  if (record.outcome == "failed") {
    ++counts.failures;
    return open + fmt::format(">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n", message,
                              xml_escape(record.error));
  }
  if (record.outcome == "error" || record.outcome == "crash" || record.outcome == "hang") {
    ++counts.errors;
    return open + fmt::format(">\n      <error type=\"{}\" message=\"{}\">{}</error>\n    </testcase>\n",
                              record.outcome, message, xml_escape(record.error));
  }
  if (record.outcome == "skipped") {
    ++counts.skipped;
    return open + fmt::format(">\n      <skipped message=\"{}\"/>\n    </testcase>\n", message);
  }
  return open + "/>\n";
}

}  // namespace

JunitNames junit_names(const std::string& id) {
  auto separator = id.find("::");
  if (separator != std::string::npos) {
    // Like pytest: "::" inside a parameter ("test_x[a::b]") is part of the name.
    auto bracket = id.find('[', separator);
    auto path = id.substr(0, bracket);
    auto last = path.rfind("::");
    auto classname = dotted_module(path.substr(0, path.find("::")));
    auto inner = path.substr(path.find("::"), last - path.find("::"));  // "::Class::Nested" or ""
    for (std::size_t at = inner.find("::"); at != std::string::npos; at = inner.find("::")) inner.replace(at, 2, ".");
    return {classname + inner, id.substr(last + 2)};
  }
  if (id.ends_with(".py")) return {"", dotted_module(id)};  // a test module that failed to import
  auto dot = id.find('(') == std::string::npos ? id.rfind('.') : std::string::npos;
  if (dot != std::string::npos) return {id.substr(0, dot), id.substr(dot + 1)};
  return {"", id};
}

std::string junit_message(const TestRecord& record) {
  // A crash or hang: the driver's first line says how the test ended; the rest is stacks.
  auto message = record.outcome == "crash" || record.outcome == "hang"
                     ? record.error.substr(0, record.error.find('\n'))
                     : error_headline(record.error);
  message = runtime::terminal_safe_line(message);
  if (runtime::character_count(message) <= kJunitMessageLimit) return message;
  return std::string(runtime::first_characters(message, kJunitMessageLimit)) + "\u2026";
}

std::string to_junit_xml(const RunReport& report) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"gilfree run\">\n";
  std::set<std::string> names_used;
  for (const auto& suite : suites_by_mode(report)) {
    SuiteCounts counts;
    std::string cases;
    for (const auto* run : suite.runs) {
      counts.seconds += run->seconds;
      for (const auto& record : run->results) {
        auto names = junit_names(record.id);
        auto name = fmt::format("{} ({})", names.name, run->spec.label);
        // An id that a suite reports twice in one run still gets a name of its own.
        for (int copy = 2; !names_used.insert(names.classname + "\n" + name).second; ++copy) {
          name = fmt::format("{} ({}, {})", names.name, run->spec.label, copy);
        }
        cases += testcase_xml(record, name, names.classname, counts);
      }
    }
    out += fmt::format("  <testsuite name=\"gilfree run ({})\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
                       "skipped=\"{}\" time=\"{:.3f}\">\n{}  </testsuite>\n",
                       suite.mode, counts.tests, counts.failures, counts.errors, counts.skipped, counts.seconds,
                       cases);
  }
  return out + "</testsuites>\n";
}

}  // namespace gilfree::runner
