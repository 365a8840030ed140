#include "scanners/scan/git_hook.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>

#include "common/errors.hpp"
#include "scanners/git/blob_id.hpp"
#include "scanners/engine/scanner.hpp"
#include "scanners/scan/work_tree.hpp"

namespace gilfree::scanners {
namespace {

namespace fs = std::filesystem;

constexpr const char* kMarker = "# gilfree pre-commit hook (written by `gilfree hook install`)";

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Temp file in the same directory, then rename: a hook is never half written.
void write_executable_atomically(const fs::path& file, const std::string& content) {
  fs::create_directories(file.parent_path());
  auto temp = file.parent_path() / ("." + file.filename().string() + ".gilfree-tmp-" + std::to_string(getpid()));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush()) throw UserError("cannot write " + temp.string() + "; is the hooks directory writable?");
  }
  fs::permissions(temp, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
  fs::rename(temp, file);
}

bool exists_or_dangling(const fs::path& path) {
  std::error_code ignored;
  return fs::exists(fs::symlink_status(path, ignored));
}

fs::path configured_hooks_path(const GitRepository& repo) {
  auto config = repo.config();
  git_buf value = GIT_BUF_INIT;
  if (git_config_get_path(&value, config.get(), "core.hooksPath") < 0) {
    git_error_clear();
    return {};
  }
  fs::path path(value.ptr);
  git_buf_dispose(&value);
  if (path.empty() || path.is_absolute()) return path;
  // git runs hooks from the work tree's root (the git directory when bare).
  return (repo.is_bare() ? repo.git_dir() : repo.workdir("locate hooks")) / path;
}

std::string code_line(const std::vector<SourceFile>& sources, const Finding& finding) {
  for (const auto& source : sources) {
    if (source.path != finding.path) continue;
    std::size_t start = 0;
    for (int line = 1; line < finding.line && start != std::string::npos; ++line) {
      start = source.content.find('\n', start);
      if (start != std::string::npos) ++start;
    }
    if (start == std::string::npos) return {};
    auto end = source.content.find('\n', start);
    auto text = source.content.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!text.empty() && text.back() == '\r') text.pop_back();
    return text;
  }
  return {};
}

}  // namespace

fs::path hooks_directory(const GitRepository& repo) {
  auto configured = configured_hooks_path(repo);
  if (!configured.empty()) return configured.lexically_normal();
  git_buf path = GIT_BUF_INIT;
  check_git(git_repository_item_path(&path, repo.get(), GIT_REPOSITORY_ITEM_HOOKS), "locating the hooks directory");
  fs::path hooks(trim_trailing_slash(path.ptr));
  git_buf_dispose(&path);
  return hooks.lexically_normal();
}

fs::path chained_hook_path(const fs::path& hook) { return hook.string() + ".gilfree-chained"; }

std::string hook_script(const fs::path& gilfree) {
  return fmt::format(
      "#!/bin/sh\n"
      "{}\n"
      "# `gilfree hook uninstall` removes it and restores the hook it chains, if any.\n"
      "# Bypass once with `git commit --no-verify`.\n"
      "chained=\"$0.gilfree-chained\"\n"
      "if [ -x \"$chained\" ]; then\n"
      "  \"$chained\" \"$@\" || exit $?\n"
      "fi\n"
      "gilfree={}\n"
      "if [ ! -x \"$gilfree\" ]; then\n"
      "  gilfree=gilfree\n"
      "fi\n"
      "exec \"$gilfree\" hook run\n",
      kMarker, shell_quote(gilfree.string()));
}

bool is_gilfree_hook(const fs::path& hook) {
  return fs::is_regular_file(hook) && read_text(hook).find(kMarker) != std::string::npos;
}

HookChange install_hook(const GitRepository& repo, const fs::path& gilfree, bool force) {
  if (repo.is_bare()) {
    // git never commits in a bare repository, so a pre-commit hook there never runs.
    throw UserError("cannot install a pre-commit hook in " + repo.git_dir().string() +
                    ": it is a bare repository (no work tree, no commits made there); install it in a clone");
  }
  auto hook = hooks_directory(repo) / "pre-commit";
  auto chained = chained_hook_path(hook);
  auto script = hook_script(gilfree);
  if (is_gilfree_hook(hook)) {
    if (read_text(hook) == script) return {false, "gilfree pre-commit hook already installed at " + hook.string()};
    write_executable_atomically(hook, script);
    return {true, "updated the gilfree pre-commit hook at " + hook.string()};
  }
  std::string chain_note;
  if (exists_or_dangling(hook)) {
    if (exists_or_dangling(chained) && !force) {
      throw UserError("both " + hook.string() + " and " + chained.string() +
                      " exist and neither is gilfree's; move one away, or use --force to chain "
                      "the current hook and drop the older one");
    }
    fs::rename(hook, chained);
    chain_note = "; the existing hook was kept as " + chained.string() + " and runs first";
  }
  write_executable_atomically(hook, script);
  return {true, "installed the gilfree pre-commit hook at " + hook.string() + chain_note};
}

HookChange uninstall_hook(const GitRepository& repo) {
  auto hook = hooks_directory(repo) / "pre-commit";
  auto chained = chained_hook_path(hook);
  if (!is_gilfree_hook(hook)) {
    if (exists_or_dangling(hook)) {
      return {false, hook.string() + " is not gilfree's hook; left it as it is"};
    }
    return {false, "no gilfree pre-commit hook installed in " + hook.parent_path().string()};
  }
  if (exists_or_dangling(chained)) {
    fs::rename(chained, hook);
    return {true, "removed the gilfree pre-commit hook; restored the previous hook at " + hook.string()};
  }
  fs::remove(hook);
  return {true, "removed the gilfree pre-commit hook from " + hook.string()};
}

HookRunResult run_hook(const GitRepository& repo, const ScanFn& scan, const HookRunOptions& options) {
  GitScanRequest request;
  request.staged = true;
  request.only_changed_lines = true;
  if (!repo.head_unborn()) request.diff_base = "HEAD";
  request.sources = options.sources;
  auto scanned = scan_git(repo, request, scan, options.scan);
  HookRunResult result;
  result.base = request.diff_base.value_or("(no commits yet)");
  result.files_checked = scanned.files.size();
  result.from_cache = scanned.from_cache;
  result.notes = std::move(scanned.notes);
  for (auto& file : scanned.files) {
    for (auto& finding : file.result.findings) result.findings.push_back(std::move(finding));
    // The scanner's notes name the file already ("app.py:3: syntax error ...").
    for (auto& note : file.result.notes) result.notes.push_back(std::move(note));
  }
  result.sources = std::move(scanned.sources);
  return result;
}

HookRunResult run_hook_on_files(const std::vector<fs::path>& files, const std::vector<std::string>& exclude,
                                const ScanFn& scan, const ScanSourcesOptions& options) {
  auto walk = find_python_files(files, exclude);
  HookRunResult result;
  result.whole_files = true;
  result.base = "(whole files)";
  result.notes = std::move(walk.notes);
  for (const auto& file : walk.files) {
    // pre-commit passes every file of its kind: the configured excludes apply to named files too.
    if (path_matches_any_glob(exclude, file.display)) continue;
    SourceFile source;
    std::string problem;
    if (!read_source_file(file, source, problem)) {
      result.notes.push_back(problem);
      continue;
    }
    source.blob_id = blob_id_of(source.content);
    result.sources.push_back(std::move(source));
  }
  auto scanned = scan_sources(result.sources, scan, options);
  result.files_checked = scanned.files.size();
  result.from_cache = scanned.from_cache;
  if (options.cache != nullptr) {
    for (const auto& note : options.cache->notes()) result.notes.push_back(note);
  }
  for (auto& file : scanned.files) {
    for (auto& finding : file.result.findings) result.findings.push_back(std::move(finding));
    for (auto& note : file.result.notes) result.notes.push_back(std::move(note));
  }
  return result;
}

std::string block_message(const HookRunResult& result) {
  if (result.findings.empty()) return {};
  auto count = result.findings.size();
  std::string text =
      result.whole_files
          ? fmt::format("gilfree: blocked: {} free-threading hazard{} in the files checked\n\n", count,
                        count == 1 ? "" : "s")
          : fmt::format("gilfree: commit blocked: {} new free-threading hazard{} in staged code\n\n", count,
                        count == 1 ? "" : "s");
  std::set<std::string> rule_ids;
  for (const auto& finding : result.findings) {
    rule_ids.insert(finding.rule_id);
    text += fmt::format("{}:{}:{}: {} {}\n", finding.path, finding.line, finding.column,
                        finding.rule_id, finding.message);
    auto line = code_line(result.sources, finding);
    if (!line.empty()) text += fmt::format("  {:>5} | {}\n", finding.line, line);
    if (!finding.hint.empty()) text += fmt::format("        = hint: {}\n", finding.hint);
    text += "\n";
  }
  auto example_id = *rule_ids.begin();
  text += "Fix the code and `git add` it, then commit again.\n";
  text += fmt::format("To accept one finding, end its line with:  # gilfree: ignore[{}]\n", example_id);
  text += result.whole_files ? "To skip this check for one commit:         SKIP=gilfree git commit (pre-commit)\n"
                             : "To skip this check for one commit:         git commit --no-verify\n";
  return text;
}

}  // namespace gilfree::scanners
