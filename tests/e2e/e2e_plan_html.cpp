// End-to-end: the HTML plan of a real project (scan, inventory, run, a stress
// run and bench on tests/fixtures/plan/html_project, then `plan --from`), laid
// out by headless Chromium: every chart label inside its chart and clear of
// the bars, charts as wide as the page, no literal Markdown backticks.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "support/e2e.hpp"

using gilfree::test::run_gilfree;
using gilfree::test::slurp_file;
using gilfree::test::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

bool chromium_installed() {
  for (const char* dir : {"/usr/bin", "/usr/local/bin", "/bin"}) {
    if (fs::exists(fs::path(dir) / "chromium")) return true;
  }
  return false;
}

std::vector<std::string> chromium(const TempDir& dir, std::vector<std::string> extra) {
  std::vector<std::string> argv = {"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                                   "--no-first-run", "--disable-background-networking",
                                   "--disable-component-update", "--disable-sync",
                                   "--user-data-dir=" + (dir.path() / "chromium-profile").string(),
                                   "--window-size=1100,3600", "--enable-logging=stderr", "--v=0"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

gilfree::runtime::ChildResult run_chromium(const TempDir& dir, std::vector<std::string> extra) {
  gilfree::runtime::ChildOptions options;
  options.timeout = std::chrono::seconds(180);
  options.argv = chromium(dir, std::move(extra));
  return gilfree::runtime::run_child(options);
}

// Runs one stage in the project; 0 and 1 (findings, failing tests) both mean it ran.
void stage(const fs::path& project, const std::vector<std::string>& args, const fs::path& stdout_file = {}) {
  gilfree::runtime::ChildOptions options;
  options.cwd = project;
  options.timeout = std::chrono::seconds(600);
  auto result = run_gilfree(args, options);
  INFO(args.front() << ": " << result.err);
  REQUIRE(!result.timed_out);
  REQUIRE((result.exit_code == 0 || result.exit_code == 1));
  if (!stdout_file.empty()) std::ofstream(stdout_file, std::ios::binary) << result.out;
}

// The stage outputs a CI pipeline would hand to `plan --from`.
fs::path write_stage_outputs(const TempDir& dir, const fs::path& project) {
  const auto in = dir.path() / "in";
  fs::create_directories(in);
  stage(project, {"scan", ".", "--format", "json", "--select", "ALL", "--min-confidence", "low", "-o",
                  (in / "scan.json").string()});
  stage(project, {"inventory", ".", "--format", "json", "--no-probe"}, in / "inventory.json");
  stage(project, {"run", ".", "--no-progress", "--no-history", "--json", (in / "run.json").string()});
  stage(project, {"run", ".", "--no-progress", "--no-history", "--mode", "gil,nogil", "--repeat", "2", "--threads",
                  "2", "--json", (in / "stress.json").string()});
  stage(project, {"bench", "--workload", "arith", "--threads", "1,2", "--repeat", "1", "--seconds", "0.2", "--json",
                  (in / "bench.json").string(), "--svg", (in / "bench.svg").string()});
  return in;
}

// Appended to a copy of the plan (the plan itself has no scripts): after
// layout, every chart text's box relative to its chart, in CSS pixels, as JSON
// in <pre id="layout"> for --dump-dom. Bounding client rects, not getBBox(),
// so that rotated axis titles are measured where they are drawn.
constexpr const char* kLayoutProbe = R"(<script>
(() => {
  const page = document.querySelector('table.stages').getBoundingClientRect().width;
  const charts = [], texts = [];
  document.querySelectorAll('svg.chart').forEach((svg, chart) => {
    const box = svg.getBoundingClientRect();
    const bars = Array.from(svg.querySelectorAll('rect.bar'), r => r.getBoundingClientRect().left - box.left);
    charts.push({chart, title: svg.querySelector('title').textContent, width: box.width, height: box.height});
    svg.querySelectorAll('text').forEach(t => {
      const b = t.getBoundingClientRect();
      texts.push({chart, text: t.lastChild.textContent, label: t.classList.contains('label'),
                  left: b.left - box.left, right: b.right - box.left, top: b.top - box.top,
                  bottom: b.bottom - box.top, width: box.width, height: box.height,
                  gutter: bars.length ? Math.min(...bars) : box.width});
    });
  });
  const backticks = (document.body.innerText.match(/`/g) || []).length;
  const page_overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  const out = document.createElement('pre');
  out.id = 'layout';
  out.textContent = JSON.stringify({page, charts, texts, backticks, page_overflow});
  document.body.appendChild(out);
})();
</script>
)";

std::string unescape_html_text(std::string text) {
  for (auto [entity, c] : std::initializer_list<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", "\u00a0"}, {"&amp;", "&"}}) {
    for (auto at = text.find(entity); at != std::string::npos; at = text.find(entity, at + c.size())) {
      text.replace(at, entity.size(), c);
    }
  }
  return text;
}

json layout_of(const std::string& dom) {
  const std::string open = "<pre id=\"layout\">";
  const auto start = dom.find(open);
  REQUIRE(start != std::string::npos);
  const auto end = dom.find("</pre>", start);
  return json::parse(unescape_html_text(dom.substr(start + open.size(), end - start - open.size())));
}

}  // namespace

TEST_CASE("the HTML plan of a real project lays out in headless Chromium with every label inside its chart") {
  if (!chromium_installed()) {
    WARN("skipped: chromium is not installed (apt-get install -y chromium; setup/apt.sh lists it)");
    return;
  }
  TempDir dir;
  const auto project = dir.path() / "proj";
  fs::copy(fs::path(GILFREE_SOURCE_DIR) / "tests" / "fixtures" / "plan" / "html_project", project,
           fs::copy_options::recursive);
  const auto in = write_stage_outputs(dir, project);
  const auto html = dir.path() / "plan.html";
  auto plan = run_gilfree({"plan", project.string(), "--from", in.string(), "--format", "html", "-o", html.string()});
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);

  auto page = slurp_file(html);
  REQUIRE(page.find("</body>") != std::string::npos);
  CHECK(page.find("<script") == std::string::npos);
  const auto probed = dir.write("probed.html", page.insert(page.find("</body>"), kLayoutProbe));
  auto dom = run_chromium(dir, {"--dump-dom", "file://" + probed.string()});
  INFO(dom.err);
  REQUIRE(dom.exit_code == 0);
  CHECK(dom.err.find(":CONSOLE") == std::string::npos);
  const auto layout = layout_of(dom.out);

  CHECK(layout["backticks"] == 0);
  CHECK(layout["page_overflow"] == 0);  // long test ids wrap instead of widening the page
  const std::set<std::string> expected = {"Findings per rule", "Findings per file", "Test outcomes per mode",
                                          "Thread scaling: arith"};
  std::set<std::string> titles;
  for (const auto& chart : layout["charts"]) {
    titles.insert(chart["title"].get<std::string>());
    INFO(chart["title"] << " is " << chart["width"] << " px wide on a page of " << layout["page"]);
    CHECK(chart["width"].get<double>() >= 0.9 * layout["page"].get<double>());
  }
  for (const auto& title : expected) CHECK(titles.count(title) == 1);
  int labels = 0;
  for (const auto& text : layout["texts"]) {
    INFO(text.dump());
    constexpr double slack = 0.5;
    CHECK(text["left"].get<double>() >= -slack);
    CHECK(text["right"].get<double>() <= text["width"].get<double>() + slack);
    CHECK(text["top"].get<double>() >= -slack);
    CHECK(text["bottom"].get<double>() <= text["height"].get<double>() + slack);
    if (!text["label"].get<bool>()) continue;
    ++labels;
    CHECK(text["right"].get<double>() <= text["gutter"].get<double>() + slack);  // clear of its bar
  }
  CHECK(labels >= 6);  // rules, files, outcomes per mode

  const auto artifacts = fs::path(GILFREE_TEST_ARTIFACTS);
  fs::create_directories(artifacts);
  const auto screenshot = artifacts / "plan.png";
  fs::remove(screenshot);
  auto shot = run_chromium(dir, {"--screenshot=" + screenshot.string(), "file://" + html.string()});
  INFO(shot.err);
  REQUIRE(shot.exit_code == 0);
  CHECK(shot.err.find(":CONSOLE") == std::string::npos);
  REQUIRE(fs::exists(screenshot));
  CHECK(fs::file_size(screenshot) > 20000);
}
